-- Interpreters: a role of their own, the languages they interpret into
-- (codes joined by commas, as `reply_limits`), and their bookings in a
-- meeting's booths. `booking_version` is bumped by every scheduling
-- transaction that books the interpreter, which serialises two bookings of
-- one interpreter as `rooms.booking_version` does for a room.
--
-- This file differs from SQLite's: PostgreSQL changes a CHECK in place,
-- SQLite rebuilds the table.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'conference_manager', 'secretariat', 'delegate', 'interpreter'));
ALTER TABLE users ADD COLUMN languages TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN booking_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD CONSTRAINT users_languages_check
    CHECK ((role = 'interpreter') = (languages <> ''));

CREATE TABLE meeting_interpreters (
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id),
    language TEXT NOT NULL CHECK (language IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),
    position BIGINT NOT NULL,
    -- One booth per interpreter in a meeting.
    PRIMARY KEY (meeting_id, user_id)
);
CREATE INDEX meeting_interpreters_user ON meeting_interpreters(user_id);
