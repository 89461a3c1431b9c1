-- Sign-in through the organisation's OpenID provider, owned by
-- `single_sign_on.rs`.

-- Who each of the provider's subjects is here: linked once, by a verified
-- email, at the subject's first sign-in; found by the subject afterwards.
CREATE TABLE user_identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    linked_at BIGINT NOT NULL,
    PRIMARY KEY (issuer, subject),
    UNIQUE (user_id, issuer)
);

-- Sign-ins sent to the provider and not yet back: what finishes each (its
-- nonce and PKCE verifier stay here, never in the browser). Single use,
-- minutes long.
CREATE TABLE sign_in_requests (
    state_hash TEXT PRIMARY KEY,
    nonce TEXT NOT NULL,
    verifier TEXT NOT NULL,
    next TEXT NOT NULL,
    -- The interface language the person began in, for the pages after.
    lang TEXT NOT NULL,
    from_ip TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX sign_in_requests_age ON sign_in_requests(created_at);
CREATE INDEX sign_in_requests_ip ON sign_in_requests(from_ip);
