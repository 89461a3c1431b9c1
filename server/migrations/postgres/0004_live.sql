-- The presiding officer of a meeting: chair powers in the live meeting.
ALTER TABLE meetings ADD COLUMN chair_id TEXT REFERENCES users(id);

-- Short-lived, single-use tokens that let a client open a meeting's
-- websocket without a cookie (bots, other origins). Only a hash is stored.
CREATE TABLE join_tokens (
    token_hash TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    expires_at BIGINT NOT NULL
);

-- The meeting record: every change of a live meeting, in the order the live
-- state accepted it (version), as the node that made it wrote it. Minutes
-- are drafted from it. (meeting_id, version, position) makes a replay harmless.
CREATE TABLE meeting_record (
    seq BIGSERIAL PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    version BIGINT NOT NULL,
    position BIGINT NOT NULL,
    at_ms BIGINT NOT NULL,
    kind TEXT NOT NULL,
    participant BIGINT,
    user_id TEXT,
    delegation_id TEXT,
    event TEXT NOT NULL,
    UNIQUE (meeting_id, version, position)
);
CREATE INDEX meeting_record_meeting ON meeting_record(meeting_id, version);
CREATE INDEX meeting_record_participant ON meeting_record(meeting_id, participant, kind);
