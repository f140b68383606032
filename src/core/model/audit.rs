//! The audit log on the wire: its entries, what they record, and the state of the chain as
//! `verify` reports it. How entries are chained and checked is [`crate::core::audit`].

use serde::{Deserialize, Serialize};

/// One entry of a team's audit log, exactly as stored and hashed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Its place in the team's log, from 1, without gaps.
    pub seq: u64,
    /// When the server appended it (ms since the Unix epoch, UTC).
    pub time_ms: i64,
    /// Who caused it: a member id, or `system` (the server itself, the command line).
    pub actor: String,
    /// What happened ([`AuditKind::as_str`]).
    pub kind: String,
    /// The details, as JSON text: exactly the bytes hashed, so it is carried as text.
    pub payload: String,
    /// SHA-256 of `payload`.
    pub payload_hash: String,
    /// `hash` of the entry before (for the first entry: 64 zeros, or the anchor after a purge).
    pub prev_hash: String,
    /// This entry's hash ([`crate::core::audit::entry_hash`]).
    pub hash: String,
}

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    /// A reply was posted on a site (its record: text, author, approval, findings...).
    ReplyPublished,
    /// A member asked for a reply to be approved.
    ApprovalRequested,
    /// An approver approved (possibly edited) or rejected a request.
    ApprovalDecided,
    /// A team template was created, changed or deleted.
    TemplateChanged,
    /// A guideline rule set was created, changed or deleted.
    RulesChanged,
    /// A site-descriptor override was created, changed or deleted.
    SiteDescriptorChanged,
    /// A member joined the team (created, or an invite accepted), with their role.
    MemberAdded,
    /// A member's role changed.
    RoleChanged,
    /// A member was deactivated (their sessions ended).
    MemberDeactivated,
    /// The team's settings changed (approval exemptions, retention).
    SettingsChanged,
    /// The audit log was exported (by whom, which period, which format).
    AuditExported,
    /// Personal data was erased on request (what, whose, why).
    Erasure,
    /// Entries older than the retention were purged; the anchor keeps the chain verifiable.
    AuditPurged,
    /// Everything about one person was exported on request (counts only, never whose).
    PersonalDataExported,
}

impl AuditKind {
    pub const ALL: [AuditKind; 14] = [
        AuditKind::ReplyPublished,
        AuditKind::ApprovalRequested,
        AuditKind::ApprovalDecided,
        AuditKind::TemplateChanged,
        AuditKind::RulesChanged,
        AuditKind::SiteDescriptorChanged,
        AuditKind::MemberAdded,
        AuditKind::RoleChanged,
        AuditKind::MemberDeactivated,
        AuditKind::SettingsChanged,
        AuditKind::AuditExported,
        AuditKind::Erasure,
        AuditKind::AuditPurged,
        AuditKind::PersonalDataExported,
    ];

    /// The name stored, hashed and exported.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::ReplyPublished => "reply_published",
            AuditKind::ApprovalRequested => "approval_requested",
            AuditKind::ApprovalDecided => "approval_decided",
            AuditKind::TemplateChanged => "template_changed",
            AuditKind::RulesChanged => "rules_changed",
            AuditKind::SiteDescriptorChanged => "site_descriptor_changed",
            AuditKind::MemberAdded => "member_added",
            AuditKind::RoleChanged => "role_changed",
            AuditKind::MemberDeactivated => "member_deactivated",
            AuditKind::SettingsChanged => "settings_changed",
            AuditKind::AuditExported => "audit_exported",
            AuditKind::Erasure => "erasure",
            AuditKind::AuditPurged => "audit_purged",
            AuditKind::PersonalDataExported => "personal_data_exported",
        }
    }

    pub fn parse(name: &str) -> Option<AuditKind> {
        AuditKind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// `GET /api/v1/audit?after=N&limit=L`: entries in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass as `after` for the next page; `None` when this page reached the end.
    pub next_after: Option<u64>,
}

/// How the chain breaks at its first bad entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// The entry's content no longer matches its hash: it was changed.
    Altered,
    /// The entry is not there: its number is skipped, or the log ends before its recorded head.
    Missing,
    /// The entry is out of place: it follows an entry that comes later in the log.
    Reordered,
    /// The entry follows none of the entries kept: one before it was removed (and the rest
    /// renumbered) or rewritten with a recomputed hash.
    Unlinked,
    /// The log's recorded head (its last entry's number and hash) disagrees with the entries.
    HeadMismatch,
    /// The log starts after a purge that no `audit_purged` entry records.
    UnexplainedStart,
}

impl BreakKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BreakKind::Altered => "altered",
            BreakKind::Missing => "missing",
            BreakKind::Reordered => "reordered",
            BreakKind::Unlinked => "unlinked",
            BreakKind::HeadMismatch => "head_mismatch",
            BreakKind::UnexplainedStart => "unexplained_start",
        }
    }
}

/// The first bad entry, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainProblem {
    /// The entry's number (`seq`).
    pub seq: u64,
    pub kind: BreakKind,
    /// For a person: what is wrong at this entry.
    pub detail: String,
}

/// `GET /api/v1/audit/verify`, and what `tact audit verify` prints: the state of one team's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainReport {
    pub team_id: String,
    /// True when every entry is in place, unchanged, and the head matches.
    pub intact: bool,
    /// Entries read.
    pub entries: u64,
    /// Where the kept log starts: 0 and 64 zeros, unless older entries were purged.
    pub anchor_seq: u64,
    pub anchor_hash: String,
    /// The last entry's number and hash, as recorded when it was appended.
    pub head_seq: u64,
    pub head_hash: String,
    pub problem: Option<ChainProblem>,
}
