-- Interpreters: a role of their own, the languages they interpret into
-- (codes joined by commas, as `reply_limits`), and their bookings in a
-- meeting's booths. `booking_version` is bumped by every scheduling
-- transaction that books the interpreter, which serialises two bookings of
-- one interpreter as `rooms.booking_version` does for a room.
--
-- This file differs from PostgreSQL's: SQLite cannot change a CHECK, so the
-- users table is rebuilt under its own name. The migrator runs this inside
-- a transaction, where foreign keys cannot be switched off; they are
-- deferred instead: dropping the old table counts its references as
-- violations, and putting each row back into the new table clears them,
-- so the commit finds none (and fails if a row were lost).
PRAGMA defer_foreign_keys = ON;
CREATE TEMPORARY TABLE users_kept AS SELECT * FROM users;
DROP TABLE users;
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'conference_manager', 'secretariat', 'delegate', 'interpreter')),
    delegation_id TEXT REFERENCES delegations(id),
    password_hash TEXT NOT NULL,
    disabled BIGINT NOT NULL DEFAULT 0,
    feed_token_hash TEXT UNIQUE,
    created_at BIGINT NOT NULL,
    languages TEXT NOT NULL DEFAULT '',
    booking_version BIGINT NOT NULL DEFAULT 0,
    CHECK ((role = 'delegate') = (delegation_id IS NOT NULL)),
    CHECK ((role = 'interpreter') = (languages <> ''))
);
INSERT INTO users (id, email, name, role, delegation_id, password_hash, disabled, feed_token_hash, created_at)
    SELECT id, email, name, role, delegation_id, password_hash, disabled, feed_token_hash, created_at FROM users_kept;
DROP TABLE users_kept;

CREATE TABLE meeting_interpreters (
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id),
    language TEXT NOT NULL CHECK (language IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),
    position BIGINT NOT NULL,
    -- One booth per interpreter in a meeting.
    PRIMARY KEY (meeting_id, user_id)
);
CREATE INDEX meeting_interpreters_user ON meeting_interpreters(user_id);
