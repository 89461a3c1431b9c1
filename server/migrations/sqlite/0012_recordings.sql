-- Recordings of a meeting's channels: one Ogg Opus object per channel
-- (`floor`, or a booth's language) per sitting, archived when the sitting
-- ends (or recovered, cut at its last whole page, after the node stopped
-- in the middle). Times in milliseconds since the Unix epoch.
CREATE TABLE recordings (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    channel TEXT NOT NULL CHECK (channel IN ('floor', 'ar', 'zh', 'en', 'fr', 'ru', 'es')),
    started_at_ms BIGINT NOT NULL,
    ended_at_ms BIGINT NOT NULL,
    duration_ms BIGINT NOT NULL,
    packets BIGINT NOT NULL,
    object_key TEXT NOT NULL UNIQUE,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    recovered BIGINT NOT NULL DEFAULT 0 CHECK (recovered IN (0, 1))
);

CREATE INDEX recordings_by_meeting ON recordings (meeting_id, started_at_ms, channel);
