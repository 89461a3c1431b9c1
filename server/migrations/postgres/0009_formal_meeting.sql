-- The formal meeting: the secretary of the meeting acts for the chair; a
-- body sets its rights of reply (seconds of each, in order); the record says
-- who did each act; lists of speakers outlive a sitting.
ALTER TABLE meetings ADD COLUMN secretary_id TEXT REFERENCES users(id);
ALTER TABLE bodies ADD COLUMN reply_limits TEXT NOT NULL DEFAULT '600,300';
ALTER TABLE meeting_record ADD COLUMN actor BIGINT;

-- One list per agenda item of a body: an item with a number on the body's
-- agenda (`17 (a)`) keeps its list across the sittings that take it up; an
-- item without one is keyed by its meeting and position.
CREATE TABLE speakers_lists (
    body_id TEXT NOT NULL REFERENCES bodies(id),
    item TEXT NOT NULL,
    list TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (body_id, item)
);
