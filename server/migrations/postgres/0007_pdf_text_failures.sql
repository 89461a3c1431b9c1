-- Stored PDFs whose text the bounded reader could not get (unreadable, or it
-- ran out of memory or time). They are indexed by symbol and title only and
-- never read again, so one hostile file costs the hub its bounds once, not
-- on every start or rebuild. Owned by the search index.
CREATE TABLE pdf_text_failures (
    object_key TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    failed_at BIGINT NOT NULL
);
