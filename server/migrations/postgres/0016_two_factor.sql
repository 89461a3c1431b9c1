-- Two-factor sign-in (RFC 6238 one-time codes and recovery codes), owned by
-- `two_factor.rs`. A session that has passed the password but not yet the
-- second factor is at stage `code` (or `enrol`, when its role must set one
-- up first) and reaches nothing but its next step.
ALTER TABLE sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'complete';

CREATE TABLE two_factor (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    -- The shared secret in base32; a stolen copy still needs the password.
    secret TEXT NOT NULL,
    -- NULL until a code made from the secret has been entered once.
    confirmed_at BIGINT,
    -- The last time step accepted: a code is good once.
    last_step BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE recovery_codes (
    user_id TEXT NOT NULL REFERENCES users(id),
    -- SHA-256 of the code (it is random; the hash needs no salt).
    code_hash TEXT NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (user_id, code_hash)
);
