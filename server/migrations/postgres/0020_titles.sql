-- Titles in the six languages (issue 25 §1), beside the one given: a JSON
-- object from language code to title, `{}` when there is none. Each column
-- belongs to its table's owner (`documents`, `scheduling`); a body's
-- name in other languages likewise.
ALTER TABLE documents ADD COLUMN titles TEXT NOT NULL DEFAULT '{}';
ALTER TABLE meetings ADD COLUMN titles TEXT NOT NULL DEFAULT '{}';
ALTER TABLE agenda_items ADD COLUMN titles TEXT NOT NULL DEFAULT '{}';
ALTER TABLE bodies ADD COLUMN names TEXT NOT NULL DEFAULT '{}';
