-- Keys the nodes share to sign what they hand out and check it without a
-- lookup (viewers' links to a public meeting). Each is made on first use.
CREATE TABLE signing_keys (
    name TEXT PRIMARY KEY,
    secret TEXT NOT NULL
);
