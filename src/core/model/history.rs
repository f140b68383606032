//! Mention history on the wire: what the extension sends to `/api/v1/history/...` and what the
//! server answers, defined once for both ends.
//!
//! The rules behind these shapes (author keys, validation, settings, summaries, collisions,
//! search) live in [`crate::core::history`]; this file only says what travels.
//!
//! Example, a capture (`POST /api/v1/history/mentions`):
//!
//! ```json
//! {"network": "x", "author": {"name": "Marie Dupont", "handle": "@marie_d", "profile_url": "https://x.com/marie_d"},
//!  "text": "Still no refund after 3 weeks?", "permalink": "https://x.com/marie_d/status/1790000000000000001",
//!  "seen_ms": 1767000000000}
//! ```
//!
//! answered `201` with `{"status": "recorded", "author_key": "x:handle:marie_d", "mention": {...}}`, and
//! `200` with `"status": "already_recorded"` for every later capture of the same permalink.

use serde::{Deserialize, Serialize};

use super::context::Author;
use crate::core::guidelines::Venue;

/// `POST /api/v1/history/mentions`: a comment a member opened or answered. These are the only
/// fields history records about a person; anything else in the body is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MentionCapture {
    /// Where the comment was: `x`, `linkedin`, ..., or `generic` for forums and blogs.
    pub network: Venue,
    /// The display name, handle and profile link, as the page showed them (empty when absent).
    pub author: Author,
    /// The comment's text.
    pub text: String,
    /// The comment's own link (http or https): a comment is recorded once per permalink.
    pub permalink: String,
    /// When the member saw it (their clock, milliseconds since the epoch); a time in the future
    /// is taken as the server's now.
    pub seen_ms: i64,
}

/// Whether a capture made a new record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptureStatus {
    /// The first capture of this permalink in the team (`201`).
    Recorded,
    /// The permalink was recorded before (another teammate, a reload): nothing changed but its
    /// "last seen" time (`200`).
    AlreadyRecorded,
}

/// The answer to a capture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptureResult {
    pub status: CaptureStatus,
    /// The author's key, for `GET /api/v1/history/authors/{key}`.
    pub author_key: String,
    pub mention: MentionView,
}

/// An author as history knows them: their latest name and links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorView {
    /// `network:basis:value`, see [`crate::core::history::AuthorKey`].
    pub key: String,
    pub network: Venue,
    pub handle: String,
    pub name: String,
    pub profile_url: String,
}

/// One recorded comment, as a timeline or a search shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionView {
    pub id: String,
    pub network: Venue,
    pub permalink: String,
    /// The first 280 characters of the comment (cut with an ellipsis).
    pub excerpt: String,
    /// First seen by the team.
    pub seen_ms: i64,
    /// Last opened by anyone in the team.
    pub last_seen_ms: i64,
}

/// One recorded comment in full, as an export holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionRecord {
    pub id: String,
    pub network: Venue,
    pub permalink: String,
    pub text: String,
    pub seen_ms: i64,
    pub last_seen_ms: i64,
}

/// A reply the team published to one of the author's comments: who, when, with which template,
/// under which approval. Filled from the published-reply records (the audit log's), see
/// [`Timeline::replies`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamReply {
    /// The comment answered (one of the author's mentions).
    pub permalink: String,
    pub member_id: String,
    pub member_name: String,
    pub template_id: Option<String>,
    pub approval_id: Option<String>,
    pub published_ms: i64,
}

/// The top of a timeline: first and last contact and counts, over all of the author's records
/// (not only the page shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineSummary {
    /// The earliest of their mentions and the team's replies to them.
    pub first_contact_ms: Option<i64>,
    /// The latest of their mentions and the team's replies to them.
    pub last_contact_ms: Option<i64>,
    pub mentions: u64,
    pub notes: u64,
    /// `None` while the server does not know the published replies (see [`Timeline::replies`]).
    pub replies: Option<u64>,
}

/// A tag on an author, who put it there and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagView {
    pub tag: String,
    pub added_by: String,
    pub added_by_name: String,
    pub added_ms: i64,
}

/// `POST /api/v1/history/authors/{key}/tags`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagRequest {
    pub tag: String,
}

/// An author's tags, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagList {
    pub tags: Vec<TagView>,
}

/// A team note about an author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteView {
    pub id: String,
    pub body: String,
    pub written_by: String,
    pub written_by_name: String,
    pub written_ms: i64,
}

/// `POST /api/v1/history/authors/{key}/notes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewNote {
    pub body: String,
}

/// A page of notes, newest first; `next` is the cursor of the following page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotePage {
    pub notes: Vec<NoteView>,
    pub next: Option<String>,
}

/// `GET /api/v1/history/authors/{key}`: everything the panel shows about the comment's author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    pub author: AuthorView,
    pub summary: TimelineSummary,
    /// A page of their mentions, newest first.
    pub mentions: Vec<MentionView>,
    /// The cursor of the next (older) page of mentions, if any (`?before=`).
    pub next: Option<String>,
    pub tags: Vec<TagView>,
    /// The latest notes (at most 20; the notes endpoint pages through all of them).
    pub notes: Vec<NoteView>,
    /// The team's replies to the mentions of this page. `None`: this server does not know the
    /// published replies yet (they come with the audit log); the panel then says nothing about
    /// replies rather than "no reply".
    pub replies: Option<Vec<TeamReply>>,
}

/// What a member says about a comment's reply box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PresenceState {
    /// The reply box is open (refresh before it expires).
    Replying,
    /// A reply was just posted.
    Replied,
    /// The reply box was closed without replying (clears the member's presence).
    Closed,
}

/// `POST /api/v1/history/presence`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresenceUpdate {
    pub permalink: String,
    pub state: PresenceState,
}

/// Who is on a comment now (never `closed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresenceEntry {
    pub member_id: String,
    pub member_name: String,
    pub state: PresenceState,
    /// When this state began (a refresh keeps it).
    pub since_ms: i64,
    /// When it ends unless refreshed (server clock).
    pub expires_ms: i64,
}

/// `GET /api/v1/history/presence?permalink=...`, and the answer to a presence update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresenceView {
    pub permalink: String,
    /// The server's clock, to compare `expires_ms` with a client's own.
    pub now_ms: i64,
    pub entries: Vec<PresenceEntry>,
}

/// The live channel's `presence` event: a member's presence on a comment changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresenceEvent {
    pub permalink: String,
    pub member_id: String,
    pub member_name: String,
    pub state: PresenceState,
    pub since_ms: i64,
    pub expires_ms: i64,
    /// When the server heard it (its clock).
    pub at_ms: i64,
}

/// A teammate on a comment, for the panel's "Marie is replying".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Teammate {
    pub member_id: String,
    pub member_name: String,
    /// Since when they have had the reply box open.
    pub since_ms: i64,
}

/// A recent answer, for the panel's "answered 3 minutes ago by Marie".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentAnswer {
    pub member_id: String,
    pub member_name: String,
    pub at_ms: i64,
    /// Whole minutes between the answer and the time asked about.
    pub minutes_ago: u64,
}

/// What the panel says about teammates on the comment being answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collision {
    /// Teammates with the reply box open, who opened it first first.
    pub replying: Vec<Teammate>,
    /// Recent answers by teammates, newest first.
    pub answered: Vec<RecentAnswer>,
}

/// A team's history settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistorySettings {
    /// The networks whose comments are recorded; the others are refused at capture.
    pub captured_networks: Vec<Venue>,
    /// Mentions older than this are purged, and an author with no mention left goes with
    /// their tags and notes.
    pub retention_days: u32,
}

/// `GET` and `PUT /api/v1/history/settings` answer: the settings and who changed them last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistorySettingsView {
    #[serde(flatten)]
    pub settings: HistorySettings,
    /// `None` while the team uses the defaults.
    pub updated_by: Option<String>,
    pub updated_ms: Option<i64>,
}

/// What a search lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchScope {
    /// Comments, newest first, each with its author.
    #[default]
    Mentions,
    /// Authors, latest contact first; `text` and dates then mean "has a mention that matches".
    Authors,
}

/// `GET /api/v1/history/search?...`: every criterion is optional and they all apply together.
/// Text criteria ignore case and accents and match anywhere in the field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    pub scope: SearchScope,
    /// In the handle, the name or the comment's text.
    pub q: Option<String>,
    pub handle: Option<String>,
    pub name: Option<String>,
    pub text: Option<String>,
    /// An exact tag (`vip`, `open-complaint`, or a free tag).
    pub tag: Option<String>,
    pub network: Option<Venue>,
    /// Seen at or after (milliseconds since the epoch).
    pub from_ms: Option<i64>,
    /// Seen at or before.
    pub to_ms: Option<i64>,
    /// Results per page: 20 by default, at most 100.
    pub limit: Option<u32>,
    /// The `next` of the previous page.
    pub cursor: Option<String>,
}

/// A comment found by a search, with its author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionHit {
    pub mention: MentionView,
    pub author: AuthorView,
}

/// An author found by a search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorHit {
    pub author: AuthorView,
    pub mentions: u64,
    pub last_contact_ms: i64,
    pub tags: Vec<String>,
}

/// A page of search results: `mentions` or `authors`, as the scope asked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchPage {
    pub mentions: Vec<MentionHit>,
    pub authors: Vec<AuthorHit>,
    pub next: Option<String>,
}

/// `DELETE /api/v1/history/authors/{key}`: what the erasure removed (counts only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureReport {
    pub author_key: String,
    pub mentions: u64,
    pub tags: u64,
    pub notes: u64,
    pub presence: u64,
}

/// `POST /api/v1/history/purge`, and the hourly purge: what the retention removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgeReport {
    pub mentions: u64,
    /// Authors left without a mention, removed with their tags and notes.
    pub authors: u64,
}

/// The name of the export format.
pub const EXPORT_FORMAT: &str = "tact-author-export";
/// Its version.
pub const EXPORT_VERSION: u32 = 1;

/// `GET /api/v1/history/authors/{key}/export`: everything the team holds about one author
/// (an access request), as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorExport {
    /// [`EXPORT_FORMAT`].
    pub format: String,
    /// [`EXPORT_VERSION`].
    pub version: u32,
    pub exported_ms: i64,
    pub team_id: String,
    pub team_name: String,
    pub author: AuthorView,
    /// Every recorded comment, in full, oldest first.
    pub mentions: Vec<MentionRecord>,
    pub tags: Vec<TagView>,
    /// Every note, oldest first.
    pub notes: Vec<NoteView>,
    /// The team's published replies to these comments; `None` while the server does not know them.
    pub replies: Option<Vec<TeamReply>>,
    /// The team's retention when exported, so the reader knows how long this is kept.
    pub retention_days: u32,
}
