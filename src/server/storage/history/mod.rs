//! Mention history in storage: authors, mentions once per permalink, tags, notes, presence,
//! settings, search, the retention purge, erasure and export.
//!
//! The SQL is written once for both databases (`operations.rs`, stamped onto each backend like
//! `storage/operations.rs`). Every query is scoped by team: another team's rows are never read
//! or written. An author's timeline is a handful of primary-key and index lookups
//! (`history_mentions(team_id, author_key, seen_ms, id)`), whatever the size of the team's history.

pub(super) mod operations;

use crate::core::history::{CheckedSearch, Mention, MentionStats, PageCursor};
use crate::core::model::history::{
    AuthorView, CaptureStatus, ErasureReport, HistorySettings, HistorySettingsView, MentionRecord, MentionView,
    NotePage, NoteView, PresenceEntry, PresenceEvent, PresenceState, PurgeReport, SearchPage, TagView,
};

use super::{Storage, StorageError};

/// An author and the aggregates of their records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorRecord {
    pub author: AuthorView,
    pub stats: MentionStats,
    pub notes: u64,
}

/// What a timeline is made of, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineRows {
    pub record: AuthorRecord,
    /// A page of mentions, newest first.
    pub mentions: Vec<MentionView>,
    /// The cursor of the next page.
    pub next: Option<String>,
    pub tags: Vec<TagView>,
    /// The latest notes.
    pub notes: Vec<NoteView>,
}

/// Everything stored about an author, for an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRows {
    pub record: AuthorRecord,
    /// Oldest first.
    pub mentions: Vec<MentionRecord>,
    pub tags: Vec<TagView>,
    /// Oldest first.
    pub notes: Vec<NoteView>,
}

/// What adding a tag or a note did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Annotated<T> {
    Done(T),
    /// No such author in this team.
    NoAuthor,
    /// The author has as many as allowed already.
    Full,
}

/// How many of an author's notes a timeline carries; the notes endpoint pages through the rest.
pub const TIMELINE_NOTES: i64 = 20;

impl Storage {
    /// The team's history settings, or the defaults.
    pub async fn history_settings(&self, team_id: &str) -> Result<HistorySettingsView, StorageError> {
        on_backend!(self, db => db.history_settings(team_id).await)
    }

    /// Replaces the team's history settings (already checked).
    pub async fn set_history_settings(
        &self,
        team_id: &str,
        settings: &HistorySettings,
        by: &str,
        now_ms: i64,
    ) -> Result<HistorySettingsView, StorageError> {
        on_backend!(self, db => db.set_history_settings(team_id, settings, by, now_ms).await)
    }

    /// Records mentions once per (team, permalink), in one transaction: a permalink recorded
    /// before only has its last-seen time moved (to the latest of the two).
    pub async fn capture_mentions(
        &self,
        team_id: &str,
        mentions: &[Mention],
    ) -> Result<Vec<(CaptureStatus, MentionView)>, StorageError> {
        on_backend!(self, db => db.capture_mentions(team_id, mentions).await)
    }

    /// An author's timeline: the author, their aggregates, a page of mentions older than
    /// `before` (newest first, `limit` of them), their tags and latest notes. `None`: no such
    /// author in this team.
    pub async fn author_timeline(
        &self,
        team_id: &str,
        author_key: &str,
        before: Option<&PageCursor>,
        limit: i64,
    ) -> Result<Option<TimelineRows>, StorageError> {
        on_backend!(self, db => db.author_timeline(team_id, author_key, before, limit).await)
    }

    /// Puts a (normalised) tag on an author; adding a tag already there changes nothing.
    pub async fn add_author_tag(
        &self,
        team_id: &str,
        author_key: &str,
        tag: &str,
        by: &str,
        now_ms: i64,
    ) -> Result<Annotated<Vec<TagView>>, StorageError> {
        on_backend!(self, db => db.add_author_tag(team_id, author_key, tag, by, now_ms).await)
    }

    /// Takes a tag off an author; `None`: no such author.
    pub async fn remove_author_tag(
        &self,
        team_id: &str,
        author_key: &str,
        tag: &str,
    ) -> Result<Option<Vec<TagView>>, StorageError> {
        on_backend!(self, db => db.remove_author_tag(team_id, author_key, tag).await)
    }

    /// Adds a note about an author.
    pub async fn add_author_note(
        &self,
        team_id: &str,
        author_key: &str,
        note_id: &str,
        body: &str,
        by: &str,
        now_ms: i64,
    ) -> Result<Annotated<NoteView>, StorageError> {
        on_backend!(self, db => db.add_author_note(team_id, author_key, note_id, body, by, now_ms).await)
    }

    /// A page of an author's notes, newest first; `None`: no such author.
    pub async fn author_notes(
        &self,
        team_id: &str,
        author_key: &str,
        before: Option<&PageCursor>,
        limit: i64,
    ) -> Result<Option<NotePage>, StorageError> {
        on_backend!(self, db => db.author_notes(team_id, author_key, before, limit).await)
    }

    /// One note of an author (to decide who may delete it).
    pub async fn author_note(
        &self,
        team_id: &str,
        author_key: &str,
        note_id: &str,
    ) -> Result<Option<NoteView>, StorageError> {
        on_backend!(self, db => db.author_note(team_id, author_key, note_id).await)
    }

    /// Deletes one note; false when it was not there.
    pub async fn delete_author_note(
        &self,
        team_id: &str,
        author_key: &str,
        note_id: &str,
    ) -> Result<bool, StorageError> {
        on_backend!(self, db => db.delete_author_note(team_id, author_key, note_id).await)
    }

    /// Sets (or, for `closed`, clears) a member's presence on a comment; returns the event to
    /// tell the team.
    pub async fn set_presence(
        &self,
        team_id: &str,
        permalink: &str,
        member_id: &str,
        state: PresenceState,
        now_ms: i64,
    ) -> Result<PresenceEvent, StorageError> {
        on_backend!(self, db => db.set_presence(team_id, permalink, member_id, state, now_ms).await)
    }

    /// Who is on a comment at `now_ms` (expired entries left out), who came first first.
    pub async fn presence_on(
        &self,
        team_id: &str,
        permalink: &str,
        now_ms: i64,
    ) -> Result<Vec<PresenceEntry>, StorageError> {
        on_backend!(self, db => db.presence_on(team_id, permalink, now_ms).await)
    }

    /// A page of search results in the team's history.
    pub async fn search_history(&self, team_id: &str, search: &CheckedSearch) -> Result<SearchPage, StorageError> {
        on_backend!(self, db => db.search_history(team_id, search).await)
    }

    /// Deletes mentions past their team's retention at `now_ms` (one team, or every team),
    /// then authors left without a mention (their tags and notes go with them), then expired
    /// presence entries, in one transaction.
    pub async fn purge_history(&self, team_id: Option<&str>, now_ms: i64) -> Result<PurgeReport, StorageError> {
        on_backend!(self, db => db.purge_history(team_id, now_ms).await)
    }

    /// Erases an author: their mentions, tags, notes, the presence entries on their comments and
    /// the author, in one transaction. `None`: no such author in this team.
    pub async fn erase_author(&self, team_id: &str, author_key: &str) -> Result<Option<ErasureReport>, StorageError> {
        on_backend!(self, db => db.erase_author(team_id, author_key).await)
    }

    /// Everything stored about an author; `None`: no such author in this team.
    pub async fn export_author(&self, team_id: &str, author_key: &str) -> Result<Option<ExportRows>, StorageError> {
        on_backend!(self, db => db.export_author(team_id, author_key).await)
    }
}
