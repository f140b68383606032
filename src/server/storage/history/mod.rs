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

use super::audit::NewAuditEntry;
use super::{Storage, StorageError};
use crate::core::model::audit::AuditKind;

/// How much an author export held, for its audit entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportCounts {
    pub mentions: u64,
    pub tags: u64,
    pub notes: u64,
    pub replies: u64,
}

/// The audit entry of an erasure: that it happened and how much went, never whose data (no
/// author key, handle, name or text: keeping those would defeat the erasure).
pub(super) fn erasure_entry<'a>(team_id: &'a str, actor: &'a str, report: &ErasureReport, now_ms: i64) -> NewAuditEntry<'a> {
    let payload = crate::core::audit::canonical_payload(&serde_json::json!({
        "scope": "mention_history",
        "mentions": report.mentions,
        "tags": report.tags,
        "notes": report.notes,
    }));
    NewAuditEntry { team_id, actor, kind: AuditKind::Erasure, payload, time_ms: now_ms }
}

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
    /// The erasure is recorded in the team's audit log (by `actor`, at `now_ms`) in the same
    /// transaction, with counts only ([`erasure_entry`]).
    pub async fn erase_author(
        &self,
        team_id: &str,
        author_key: &str,
        actor: &str,
        now_ms: i64,
    ) -> Result<Option<ErasureReport>, StorageError> {
        on_backend!(self, db => db.erase_author(team_id, author_key, actor, now_ms).await)
    }

    /// The count and bounds (publication times) of the team's published replies to any of this
    /// author's comments: the timeline summary's reply count and contacts.
    pub async fn author_reply_stats(&self, team_id: &str, author_key: &str) -> Result<MentionStats, StorageError> {
        on_backend!(self, db => db.author_reply_stats(team_id, author_key).await)
    }

    /// Records in the team's audit log that `actor` exported everything about one author (an
    /// access request): counts only, never whose data or what it holds.
    pub async fn record_author_export(
        &self,
        team_id: &str,
        actor: &str,
        counts: ExportCounts,
        now_ms: i64,
    ) -> Result<(), StorageError> {
        let payload = crate::core::audit::canonical_payload(&serde_json::json!({
            "scope": "mention_history",
            "mentions": counts.mentions,
            "tags": counts.tags,
            "notes": counts.notes,
            "replies": counts.replies,
        }));
        let entry = NewAuditEntry { team_id, actor, kind: AuditKind::PersonalDataExported, payload, time_ms: now_ms };
        self.append_audit_entry(&entry).await?;
        Ok(())
    }

    /// Everything stored about an author; `None`: no such author in this team.
    pub async fn export_author(&self, team_id: &str, author_key: &str) -> Result<Option<ExportRows>, StorageError> {
        on_backend!(self, db => db.export_author(team_id, author_key).await)
    }
}
