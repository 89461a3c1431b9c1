-- Looked up by user: the meetings a user holds seats in (to end them when
-- the user's access ends), and the join tokens a user holds (bounded).
CREATE INDEX meeting_record_user ON meeting_record(user_id, kind, at_ms);
CREATE INDEX join_tokens_user ON join_tokens(user_id, expires_at);
