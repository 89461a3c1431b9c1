-- Sessions idle out: when a session was last used (updated at most once a
-- minute), so one unused for `session_idle_minutes` is no longer accepted.
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen_at = created_at;
CREATE INDEX sessions_expiry ON sessions(expires_at);
