-- Approvals, published replies, team settings, and the hash-chained audit log (issue 7).

-- The team's settings (core::model::team::TeamSettings) as JSON; absent = the defaults.
CREATE TABLE team_settings (
    team_id     TEXT PRIMARY KEY REFERENCES teams(id) ON DELETE CASCADE,
    settings    TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_ms  INTEGER NOT NULL
);

-- Approval requests and their decisions. The id is client-made, so a request sent twice is
-- recorded once. context, findings and reasons are JSON.
CREATE TABLE approvals (
    team_id           TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    id                TEXT NOT NULL,
    requester_id      TEXT NOT NULL REFERENCES members(id),
    status            TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    text              TEXT NOT NULL,
    text_hash         TEXT NOT NULL,
    context           TEXT NOT NULL,
    findings          TEXT NOT NULL,
    note              TEXT NOT NULL,
    reasons           TEXT NOT NULL,
    created_ms        INTEGER NOT NULL,
    decision          TEXT CHECK (decision IN ('approved', 'approved_edited', 'rejected')),
    decided_by        TEXT REFERENCES members(id),
    decided_ms        INTEGER,
    decision_comment  TEXT,
    approved_text     TEXT,
    approved_hash     TEXT,
    PRIMARY KEY (team_id, id)
);
CREATE INDEX approvals_team_created ON approvals(team_id, created_ms);
CREATE INDEX approvals_team_requester ON approvals(team_id, requester_id, created_ms);

-- Replies posted on a site, recorded once per client-made id. An approval covers one reply.
CREATE TABLE published_replies (
    team_id        TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    id             TEXT NOT NULL,
    member_id      TEXT NOT NULL REFERENCES members(id),
    text           TEXT NOT NULL,
    text_hash      TEXT NOT NULL,
    platform       TEXT NOT NULL,
    permalink      TEXT NOT NULL,
    author_name    TEXT NOT NULL,
    author_handle  TEXT NOT NULL,
    template_id    TEXT,
    approval_id    TEXT,
    findings       TEXT NOT NULL,
    policy         TEXT NOT NULL CHECK (policy IN ('allowed', 'approved', 'unapproved', 'blocked')),
    posted_ms      INTEGER NOT NULL,
    recorded_ms    INTEGER NOT NULL,
    audit_seq      INTEGER NOT NULL,
    PRIMARY KEY (team_id, id)
);
CREATE INDEX published_replies_permalink ON published_replies(team_id, permalink);
CREATE UNIQUE INDEX published_replies_approval ON published_replies(team_id, approval_id) WHERE approval_id IS NOT NULL;

-- The audit log: one hash chain per team (core::audit). Entries are numbered from 1 without
-- gaps; no two entries follow the same one (the unique link), so the chain cannot fork.
CREATE TABLE audit_log (
    team_id       TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    time_ms       INTEGER NOT NULL,
    actor         TEXT NOT NULL,
    kind          TEXT NOT NULL,
    payload       TEXT NOT NULL,
    payload_hash  TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL,
    PRIMARY KEY (team_id, seq)
);
CREATE UNIQUE INDEX audit_log_link ON audit_log(team_id, prev_hash);
CREATE INDEX audit_log_time ON audit_log(team_id, time_ms);

-- Each team's chain: its last entry (appends lock this row, so they serialise per team) and
-- its anchor (the last purged entry; 0 and 64 zeros until a purge).
CREATE TABLE audit_heads (
    team_id      TEXT PRIMARY KEY REFERENCES teams(id) ON DELETE CASCADE,
    head_seq     INTEGER NOT NULL,
    head_hash    TEXT NOT NULL,
    anchor_seq   INTEGER NOT NULL,
    anchor_hash  TEXT NOT NULL
);

-- Append-only, as far as the database can say: no entry is ever updated, and only entries at or
-- behind the anchor (purged by retention) are deleted. Whoever can drop these triggers can
-- still rewrite the log; the hash chain is what shows it.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_delete_only_purged BEFORE DELETE ON audit_log
WHEN OLD.seq > COALESCE((SELECT anchor_seq FROM audit_heads WHERE team_id = OLD.team_id), 0)
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: only entries behind the purge anchor can be deleted');
END;
