CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    symbol TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    meeting_id TEXT REFERENCES meetings(id),
    agenda_position BIGINT,
    distribution TEXT NOT NULL CHECK (distribution IN ('general', 'limited', 'restricted')),
    withdrawn BIGINT NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX documents_meeting ON documents(meeting_id);

CREATE TABLE document_access (
    document_id TEXT NOT NULL REFERENCES documents(id),
    delegation_id TEXT NOT NULL REFERENCES delegations(id),
    PRIMARY KEY (document_id, delegation_id)
);

-- Every stored file, never updated: the newest per language is the current one.
CREATE TABLE document_files (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    language TEXT NOT NULL CHECK (language IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),
    object_key TEXT NOT NULL UNIQUE,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content_type TEXT NOT NULL,
    filename TEXT NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users(id),
    uploaded_at BIGINT NOT NULL
);
CREATE INDEX document_files_document ON document_files(document_id, language, uploaded_at);
