-- The organ that issues a document (e.g. the Second Committee); search filters by it.
ALTER TABLE documents ADD COLUMN body_id TEXT REFERENCES bodies(id);
CREATE INDEX documents_body ON documents(body_id);

-- Every change to a document appends one row, in the same transaction as the
-- change. Each node's search index tails this queue, so nodes sharing the
-- database converge on the same index.
CREATE TABLE search_queue (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL REFERENCES documents(id),
    queued_at BIGINT NOT NULL
);
CREATE INDEX search_queue_time ON search_queue(queued_at);
