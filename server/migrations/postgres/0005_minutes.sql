-- The minutes (summary record) of a meeting: one per meeting.
-- `head_revision` is the newest revision's number (0 before the first save);
-- every state change checks it, so nobody reviews or publishes a text they
-- have not seen.
CREATE TABLE minutes (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL UNIQUE REFERENCES meetings(id),
    symbol TEXT NOT NULL UNIQUE,
    language TEXT NOT NULL CHECK (language IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),
    state TEXT NOT NULL CHECK (state IN ('draft', 'in_review', 'published')),
    head_revision BIGINT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Every save, never updated or deleted.
CREATE TABLE minutes_revisions (
    minutes_id TEXT NOT NULL REFERENCES minutes(id),
    number BIGINT NOT NULL,
    content TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users(id),
    autosave BIGINT NOT NULL,
    saved_at BIGINT NOT NULL,
    PRIMARY KEY (minutes_id, number)
);

-- Published versions, never updated. One per revision and per idempotency
-- key: a repeated or concurrent publish finds the version already there.
CREATE TABLE minutes_versions (
    minutes_id TEXT NOT NULL REFERENCES minutes(id),
    version BIGINT NOT NULL,
    revision BIGINT NOT NULL,
    symbol TEXT NOT NULL UNIQUE,
    document_id TEXT NOT NULL REFERENCES documents(id),
    idempotency_key TEXT NOT NULL,
    published_by TEXT NOT NULL REFERENCES users(id),
    published_at BIGINT NOT NULL,
    PRIMARY KEY (minutes_id, version),
    UNIQUE (minutes_id, revision),
    UNIQUE (minutes_id, idempotency_key)
);

-- The files of each published version; stored before the version's row is
-- committed, so a row never names an object that was not written whole.
CREATE TABLE minutes_files (
    minutes_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('markdown', 'html', 'pdf', 'manifest')),
    object_key TEXT NOT NULL UNIQUE,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (minutes_id, version, kind),
    FOREIGN KEY (minutes_id, version) REFERENCES minutes_versions(minutes_id, version)
);
