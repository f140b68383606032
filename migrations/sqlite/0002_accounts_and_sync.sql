-- Invites, synced documents, and what exactly-once pushes remember.

-- One-time invite links: only the SHA-256 of the token is kept.
CREATE TABLE invites (
    token_hash  TEXT PRIMARY KEY,
    team_id     TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    email       TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'agent', 'intern')),
    invited_by  TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    created_ms  INTEGER NOT NULL,
    expires_ms  INTEGER NOT NULL,
    used_ms     INTEGER
);
CREATE INDEX invites_team ON invites(team_id);

-- Every synced document (templates, rule sets, site descriptors) at its latest version.
-- owner_id is '' for team documents and the member's id for personal ones, so two members'
-- personal ids never collide. seq is the team's sequence number of the latest change.
CREATE TABLE documents (
    team_id     TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    collection  TEXT NOT NULL,
    owner_id    TEXT NOT NULL DEFAULT '',
    id          TEXT NOT NULL,
    version     INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    payload     TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_ms  INTEGER NOT NULL,
    PRIMARY KEY (team_id, collection, owner_id, id)
);
CREATE INDEX documents_team_seq ON documents(team_id, seq);

-- A client (one extension install) belongs to the first member who pushed from it.
CREATE TABLE sync_clients (
    id                TEXT PRIMARY KEY,
    member_id         TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    last_mutation_id  INTEGER NOT NULL DEFAULT 0,
    created_ms        INTEGER NOT NULL
);

-- The first answer to every mutation, written in the same transaction as its effect, so a
-- mutation sent again is answered the same and applied once.
CREATE TABLE mutation_outcomes (
    client_id    TEXT NOT NULL REFERENCES sync_clients(id) ON DELETE CASCADE,
    mutation_id  INTEGER NOT NULL,
    outcome      TEXT NOT NULL,
    created_ms   INTEGER NOT NULL,
    PRIMARY KEY (client_id, mutation_id)
);
