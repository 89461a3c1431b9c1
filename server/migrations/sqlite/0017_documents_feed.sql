-- A user's personal feed of newly issued documents (Atom), owned by
-- `users.rs`: its own token, apart from the calendar feed's, so either can
-- be revoked without the other. Only the token's SHA-256 is kept.
ALTER TABLE users ADD COLUMN documents_feed_token_hash TEXT;
CREATE UNIQUE INDEX users_documents_feed ON users (documents_feed_token_hash);
