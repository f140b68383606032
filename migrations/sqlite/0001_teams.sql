-- Teams, members and sessions: the accounts every later resource belongs to.
CREATE TABLE teams (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_ms  INTEGER NOT NULL,
    -- Per-team change counter for sync (one row per team, not one global row).
    seq         INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE members (
    id            TEXT PRIMARY KEY,
    team_id       TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    email         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'agent', 'intern')),
    password_hash TEXT,
    active        INTEGER NOT NULL DEFAULT 1,
    created_ms    INTEGER NOT NULL
);
CREATE INDEX members_team ON members(team_id);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    created_ms  INTEGER NOT NULL,
    expires_ms  INTEGER NOT NULL,
    revoked_ms  INTEGER
);
CREATE INDEX sessions_member ON sessions(member_id);
