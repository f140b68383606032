-- Mention history (issue 8): the authors who wrote to the brand, their comments (once per
-- permalink), the team's tags and notes on them, who is answering a comment right now, and each
-- team's history settings. Searchable fields also have a folded copy (lower case, no accents),
-- made by the server, so a search behaves the same on SQLite and PostgreSQL.

-- Absent: the defaults (every network, 365 days).
CREATE TABLE history_settings (
    team_id            TEXT PRIMARY KEY REFERENCES teams(id) ON DELETE CASCADE,
    -- Venue names joined by commas: x,linkedin,...,generic.
    captured_networks  TEXT NOT NULL,
    retention_days     INTEGER NOT NULL,
    updated_by         TEXT NOT NULL,
    updated_ms         INTEGER NOT NULL
);

-- author_key is network:basis:value (see core::history::author_key); the name and links are the
-- latest seen. mention_count is kept by captures and purges, so a timeline never counts an
-- author's thousands of rows.
CREATE TABLE history_authors (
    team_id        TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    author_key     TEXT NOT NULL,
    network        TEXT NOT NULL,
    handle         TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    profile_url    TEXT NOT NULL,
    handle_folded  TEXT NOT NULL,
    name_folded    TEXT NOT NULL,
    last_seen_ms   INTEGER NOT NULL,
    mention_count  INTEGER NOT NULL,
    PRIMARY KEY (team_id, author_key)
);
CREATE INDEX history_authors_recent ON history_authors(team_id, last_seen_ms);

-- One row per (team, permalink): a second capture only moves last_seen_ms.
CREATE TABLE history_mentions (
    id            TEXT PRIMARY KEY,
    team_id       TEXT NOT NULL,
    author_key    TEXT NOT NULL,
    network       TEXT NOT NULL,
    permalink     TEXT NOT NULL,
    comment_text  TEXT NOT NULL,
    text_folded   TEXT NOT NULL,
    seen_ms       INTEGER NOT NULL,
    last_seen_ms  INTEGER NOT NULL,
    FOREIGN KEY (team_id, author_key) REFERENCES history_authors(team_id, author_key) ON DELETE CASCADE
);
CREATE UNIQUE INDEX history_mentions_permalink ON history_mentions(team_id, permalink);
-- An author's timeline, newest first, and their count and bounds, from the index alone.
CREATE INDEX history_mentions_author ON history_mentions(team_id, author_key, seen_ms, id);
CREATE INDEX history_mentions_recent ON history_mentions(team_id, seen_ms);

CREATE TABLE history_tags (
    team_id     TEXT NOT NULL,
    author_key  TEXT NOT NULL,
    tag         TEXT NOT NULL,
    added_by    TEXT NOT NULL,
    added_ms    INTEGER NOT NULL,
    PRIMARY KEY (team_id, author_key, tag),
    FOREIGN KEY (team_id, author_key) REFERENCES history_authors(team_id, author_key) ON DELETE CASCADE
);
CREATE INDEX history_tags_tag ON history_tags(team_id, tag);

CREATE TABLE history_notes (
    id          TEXT PRIMARY KEY,
    team_id     TEXT NOT NULL,
    author_key  TEXT NOT NULL,
    body        TEXT NOT NULL,
    written_by  TEXT NOT NULL,
    written_ms  INTEGER NOT NULL,
    FOREIGN KEY (team_id, author_key) REFERENCES history_authors(team_id, author_key) ON DELETE CASCADE
);
CREATE INDEX history_notes_author ON history_notes(team_id, author_key, written_ms);

-- Who has a comment's reply box open, or just replied; expired rows are ignored, then purged.
CREATE TABLE history_presence (
    team_id     TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    permalink   TEXT NOT NULL,
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    state       TEXT NOT NULL CHECK (state IN ('replying', 'replied')),
    since_ms    INTEGER NOT NULL,
    expires_ms  INTEGER NOT NULL,
    PRIMARY KEY (team_id, permalink, member_id)
);
CREATE INDEX history_presence_expiry ON history_presence(expires_ms);
