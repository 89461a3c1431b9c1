-- Sponsors of draft resolutions (issue 25), owned by `documents/sponsors.rs`:
-- every change to a draft's list kept in order, append-only (the list and
-- its closing are what the history comes to). A delegate's right to sign
-- for the delegation is a flag on the user (`users.rs`), whether observers
-- may sponsor one on the body (`scheduling`). Each change first bumps its
-- draft's `sponsors_version`, which serialises the changes of one draft.
-- SQLite's and PostgreSQL's triggers are written differently, so this file
-- differs between the backends.
ALTER TABLE users ADD COLUMN signs_for_delegation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE bodies ADD COLUMN observers_may_sponsor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN sponsors_version BIGINT NOT NULL DEFAULT 0;
CREATE TABLE sponsor_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL REFERENCES documents(id),
    act TEXT NOT NULL CHECK (act IN ('main', 'add', 'withdraw', 'close')),
    -- NULL when the list is closed.
    delegation_id TEXT REFERENCES delegations(id),
    by_user TEXT NOT NULL REFERENCES users(id),
    at_ms BIGINT NOT NULL,
    CHECK ((act = 'close') = (delegation_id IS NULL))
);
CREATE INDEX sponsor_changes_document ON sponsor_changes (document_id, seq);
CREATE TRIGGER sponsor_changes_no_update BEFORE UPDATE ON sponsor_changes
BEGIN
    SELECT RAISE(ABORT, 'the history of sponsors is append-only');
END;
CREATE TRIGGER sponsor_changes_no_delete BEFORE DELETE ON sponsor_changes
BEGIN
    SELECT RAISE(ABORT, 'the history of sponsors is append-only');
END;
