-- Votes. `votes` holds what was put to the vote, who could vote and, once
-- closed, the result. A ballot that is not secret is a row of
-- `vote_casts` with its delegation. A secret ballot is two writes that
-- share nothing: its delegation in `vote_voters` (that it voted, never
-- how), its marks added to the counts of `vote_tallies`, every count of
-- the vote rewritten by every ballot so no row's version tells which one
-- it added to. Nothing records when a secret ballot was cast.
CREATE TABLE votes (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    number BIGINT NOT NULL,
    spec TEXT NOT NULL,
    electorate TEXT NOT NULL,
    opened_at_ms BIGINT NOT NULL,
    closed_at_ms BIGINT,
    result TEXT,
    PRIMARY KEY (meeting_id, number)
);

CREATE TABLE vote_casts (
    meeting_id TEXT NOT NULL,
    number BIGINT NOT NULL,
    delegation_id TEXT NOT NULL REFERENCES delegations(id),
    choice TEXT NOT NULL CHECK (choice IN ('yes', 'no', 'abstain')),
    cast_by TEXT NOT NULL REFERENCES users(id),
    cast_at_ms BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, number, delegation_id),
    FOREIGN KEY (meeting_id, number) REFERENCES votes(meeting_id, number)
);

CREATE TABLE vote_voters (
    meeting_id TEXT NOT NULL,
    number BIGINT NOT NULL,
    delegation_id TEXT NOT NULL REFERENCES delegations(id),
    PRIMARY KEY (meeting_id, number, delegation_id),
    FOREIGN KEY (meeting_id, number) REFERENCES votes(meeting_id, number)
);

CREATE TABLE vote_tallies (
    meeting_id TEXT NOT NULL,
    number BIGINT NOT NULL,
    option BIGINT NOT NULL,
    marks BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, number, option),
    FOREIGN KEY (meeting_id, number) REFERENCES votes(meeting_id, number)
);
