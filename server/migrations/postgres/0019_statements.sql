-- Statements handed in by delegations inscribed to speak (issue 25 §4),
-- owned by `statements.rs`: each file a write-once object like a
-- document's. Whether one is delivered is read from the meeting record (the
-- delegation took the floor after handing it in), never stored twice.
CREATE TABLE statements (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    delegation_id TEXT NOT NULL REFERENCES delegations(id),
    language TEXT NOT NULL,
    object_key TEXT NOT NULL UNIQUE,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content_type TEXT NOT NULL,
    filename TEXT NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users(id),
    uploaded_at_ms BIGINT NOT NULL
);
CREATE INDEX statements_meeting ON statements (meeting_id, uploaded_at_ms);
