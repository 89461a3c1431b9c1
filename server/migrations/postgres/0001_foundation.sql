CREATE TABLE delegations (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('member_state', 'observer')),
    created_at BIGINT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'conference_manager', 'secretariat', 'delegate')),
    delegation_id TEXT REFERENCES delegations(id),
    password_hash TEXT NOT NULL,
    disabled BIGINT NOT NULL DEFAULT 0,
    feed_token_hash TEXT UNIQUE,
    created_at BIGINT NOT NULL,
    CHECK ((role = 'delegate') = (delegation_id IS NOT NULL))
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE bodies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    symbol_prefix TEXT,
    created_at BIGINT NOT NULL
);

CREATE TABLE rooms (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    capacity BIGINT,
    -- Bumped inside every scheduling transaction to serialise bookings of one room.
    booking_version BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE TABLE meetings (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    body_id TEXT NOT NULL REFERENCES bodies(id),
    room_id TEXT REFERENCES rooms(id),
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    time_zone TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'in_progress', 'suspended', 'adjourned', 'cancelled')),
    access TEXT NOT NULL CHECK (access IN ('public', 'closed')),
    sequence BIGINT NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX meetings_room_time ON meetings(room_id, starts_at);
CREATE INDEX meetings_time ON meetings(starts_at);

CREATE TABLE meeting_invitations (
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    delegation_id TEXT NOT NULL REFERENCES delegations(id),
    PRIMARY KEY (meeting_id, delegation_id)
);
CREATE INDEX meeting_invitations_delegation ON meeting_invitations(delegation_id);

CREATE TABLE agenda_items (
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    number TEXT,
    title TEXT NOT NULL,
    PRIMARY KEY (meeting_id, position)
);
