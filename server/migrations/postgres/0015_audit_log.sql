-- Security events, append-only: who did what, when, from where. The hub
-- inserts and reads; the trigger refuses any change or deletion, so an entry
-- cannot be altered through the hub even by a mistake in its code.
-- SQLite's and PostgreSQL's triggers are written differently, so this file
-- differs between the backends.
CREATE TABLE audit_log (
    seq BIGSERIAL PRIMARY KEY,
    at_ms BIGINT NOT NULL,
    action TEXT NOT NULL,
    -- The user who acted; NULL when nobody was signed in (a refused sign-in).
    actor_id TEXT,
    -- The client's address, through the trusted proxies.
    address TEXT,
    -- What it was done to: `user:<id>`, `document:<id>`, `meeting:<id>`, ...
    subject TEXT,
    -- What else there is to say, as a JSON object.
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);
CREATE INDEX audit_log_subject ON audit_log (subject, seq);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
