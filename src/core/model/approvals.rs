//! Approvals and published replies on the wire: what the panel sends to ask for an approval,
//! what an approver decides, and the record of a reply once it is posted.
//!
//! The checks a person can fail (sizes, ids, a text whose hash does not match) live here, so the
//! extension can say so before sending and the server refuses the same things.

use serde::{Deserialize, Serialize};

use super::api::is_valid_client_id;
use super::context::{CommentContext, MAX_FIELD_CHARS};
use crate::core::digest::{is_hash, text_hash};
use crate::core::guidelines::{Finding, MAX_FINDINGS};
use crate::core::policy::approval::{PostingReason, PublicationPolicy};

/// Longest reply text accepted, in characters (the longest network limit is 10,000; forums
/// have none).
pub const MAX_REPLY_CHARS: usize = 20_000;
/// Longest note to the approver, or comment of a decision, in characters.
pub const MAX_NOTE_CHARS: usize = 2_000;
/// Longest finding message or rule id kept, in characters.
pub const MAX_FINDING_TEXT_CHARS: usize = 1_000;

/// Why an approval request, a decision or a reply record is refused, for a person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("the {0} must be 1 to 128 letters, digits, '-', '_', '.' or ':'")]
    BadId(&'static str),
    #[error("the {field} can have at most {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("the {0} cannot be empty")]
    Empty(&'static str),
    #[error("at most {MAX_FINDINGS} findings can be sent")]
    TooManyFindings,
    #[error("the text's hash does not match the text (it must be the SHA-256 of its exact UTF-8 bytes, in hex)")]
    HashMismatch,
}

fn check_id(id: &str, what: &'static str) -> Result<(), RecordError> {
    if is_valid_client_id(id) {
        Ok(())
    } else {
        Err(RecordError::BadId(what))
    }
}

fn check_length(text: &str, field: &'static str, max: usize) -> Result<(), RecordError> {
    if text.chars().count() > max {
        return Err(RecordError::TooLong { field, max });
    }
    Ok(())
}

/// A reply text: not empty (once trimmed), not over [`MAX_REPLY_CHARS`].
fn check_reply_text(text: &str) -> Result<(), RecordError> {
    if text.trim().is_empty() {
        return Err(RecordError::Empty("reply text"));
    }
    check_length(text, "reply text", MAX_REPLY_CHARS)
}

fn check_findings(findings: &[Finding]) -> Result<(), RecordError> {
    if findings.len() > MAX_FINDINGS {
        return Err(RecordError::TooManyFindings);
    }
    for finding in findings {
        check_length(&finding.rule_id, "finding's rule id", MAX_FINDING_TEXT_CHARS)?;
        check_length(&finding.message, "finding's message", MAX_FINDING_TEXT_CHARS)?;
        if finding.replacements.len() > 20 || finding.replacements.iter().any(|r| r.chars().count() > MAX_FINDING_TEXT_CHARS) {
            return Err(RecordError::TooLong { field: "finding's replacements", max: MAX_FINDING_TEXT_CHARS });
        }
    }
    Ok(())
}

/// A hash the client computed, if it sent one, must be the text's.
fn check_client_hash(text: &str, sent: Option<&str>) -> Result<(), RecordError> {
    match sent {
        Some(hash) if !is_hash(hash) || hash != text_hash(text) => Err(RecordError::HashMismatch),
        _ => Ok(()),
    }
}

/// A member as a record names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRef {
    pub id: String,
    pub display_name: String,
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalStatus {
    Pending,
    Approved,
    Rejected,
}

impl ApprovalStatus {
    pub const ALL: [ApprovalStatus; 3] = [ApprovalStatus::Pending, ApprovalStatus::Approved, ApprovalStatus::Rejected];

    /// The name used in JSON and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalStatus::Pending => "pending",
            ApprovalStatus::Approved => "approved",
            ApprovalStatus::Rejected => "rejected",
        }
    }

    pub fn parse(name: &str) -> Option<ApprovalStatus> {
        ApprovalStatus::ALL.into_iter().find(|status| status.as_str() == name)
    }
}

impl std::fmt::Display for ApprovalStatus {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// `POST /api/v1/approvals`: a member asks for their draft to be approved. The requester is
/// whoever is signed in; the server computes the text's hash itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalRequestInput {
    /// Client-made (a UUID): the same request sent twice is recorded once.
    pub id: String,
    /// The draft, exactly as the reply box holds it.
    pub text: String,
    /// If the client sends the hash it computed, it must be the text's.
    #[serde(default)]
    pub text_hash: Option<String>,
    /// The comment being answered (capped like every context from a page).
    pub context: CommentContext,
    /// The guideline findings on the draft, as the extension's check returned them.
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// An optional word to the approver.
    #[serde(default)]
    pub note: String,
}

impl ApprovalRequestInput {
    /// Refuses what cannot be stored; caps the context (page data) rather than refusing it.
    pub fn checked(mut self) -> Result<ApprovalRequestInput, RecordError> {
        check_id(&self.id, "request id")?;
        check_reply_text(&self.text)?;
        check_client_hash(&self.text, self.text_hash.as_deref())?;
        check_findings(&self.findings)?;
        check_length(&self.note, "note", MAX_NOTE_CHARS)?;
        self.context = self.context.bounded();
        self.text_hash = Some(text_hash(&self.text));
        Ok(self)
    }
}

/// `POST /api/v1/approvals/{id}/decision`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum DecisionInput {
    /// Approve the draft as it was sent.
    Approve {
        #[serde(default)]
        comment: String,
    },
    /// Approve a text the approver edited; `findings` are the guideline findings on that text
    /// (the approver's extension checks it), so a blocking one is refused here too.
    ApproveEdited {
        text: String,
        #[serde(default)]
        text_hash: Option<String>,
        #[serde(default)]
        findings: Vec<Finding>,
        #[serde(default)]
        comment: String,
    },
    /// Refuse, saying why.
    Reject { comment: String },
}

impl DecisionInput {
    pub fn checked(self) -> Result<DecisionInput, RecordError> {
        match &self {
            DecisionInput::Approve { comment } => check_length(comment, "comment", MAX_NOTE_CHARS)?,
            DecisionInput::ApproveEdited { text, text_hash, findings, comment } => {
                check_reply_text(text)?;
                check_client_hash(text, text_hash.as_deref())?;
                check_findings(findings)?;
                check_length(comment, "comment", MAX_NOTE_CHARS)?;
            }
            DecisionInput::Reject { comment } => {
                if comment.trim().is_empty() {
                    return Err(RecordError::Empty("comment saying why the reply is rejected"));
                }
                check_length(comment, "comment", MAX_NOTE_CHARS)?;
            }
        }
        Ok(self)
    }

    /// The comment that goes with the decision.
    pub fn comment(&self) -> &str {
        match self {
            DecisionInput::Approve { comment }
            | DecisionInput::ApproveEdited { comment, .. }
            | DecisionInput::Reject { comment } => comment,
        }
    }
}

/// How a request was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    Approved,
    /// Approved once the approver had edited the text.
    ApprovedEdited,
    Rejected,
}

impl DecisionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::Approved => "approved",
            DecisionKind::ApprovedEdited => "approved_edited",
            DecisionKind::Rejected => "rejected",
        }
    }

    pub fn parse(name: &str) -> Option<DecisionKind> {
        [DecisionKind::Approved, DecisionKind::ApprovedEdited, DecisionKind::Rejected]
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }

    /// The request's status after this decision.
    pub fn status(self) -> ApprovalStatus {
        match self {
            DecisionKind::Approved | DecisionKind::ApprovedEdited => ApprovalStatus::Approved,
            DecisionKind::Rejected => ApprovalStatus::Rejected,
        }
    }
}

/// A decision, as the requester and the team see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionView {
    pub kind: DecisionKind,
    pub by: MemberRef,
    pub decided_ms: i64,
    pub comment: String,
    /// The text the approval binds (the draft, or the approver's edit); the extension puts it in
    /// the reply box, and posting is allowed only while the box holds exactly this text.
    /// `None` when rejected.
    pub approved_text: Option<String>,
    /// SHA-256 of `approved_text` ([`crate::core::digest::text_hash`]).
    pub approved_hash: Option<String>,
}

/// An approval request and, once decided, its decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalView {
    pub id: String,
    pub requester: MemberRef,
    pub status: ApprovalStatus,
    /// The draft as sent.
    pub text: String,
    pub text_hash: String,
    pub context: CommentContext,
    pub findings: Vec<Finding>,
    pub note: String,
    /// Why the policy asked for approval when the request was made (empty: asked by choice).
    pub reasons: Vec<PostingReason>,
    pub created_ms: i64,
    pub decision: Option<DecisionView>,
}

/// `GET /api/v1/approvals`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalList {
    pub approvals: Vec<ApprovalView>,
}

/// The author a reply answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepliedAuthor {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub handle: String,
}

/// `POST /api/v1/published`: the agent's record of a reply it saw posted, sent through the
/// outbox. A record sent again (same `id`) is recorded once and answered as the first time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedReplyInput {
    /// Client-made (a UUID), unique in the team.
    pub id: String,
    /// The final text, as posted.
    pub text: String,
    /// The site (a descriptor id, as in [`CommentContext::platform`]: `x`, `linkedin`, ...,
    /// `generic` for forums and blogs).
    pub platform: String,
    /// Permalink of the comment replied to (empty when the site has none).
    #[serde(default)]
    pub permalink: String,
    #[serde(default)]
    pub author: RepliedAuthor,
    /// The template the reply started from, if any.
    #[serde(default)]
    pub template_id: Option<String>,
    /// The approval the reply was posted under, if any: it must be an approved request of the
    /// same member whose approved text is exactly this text.
    #[serde(default)]
    pub approval_id: Option<String>,
    /// The guideline findings on the final text.
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// When the reply was posted, by the browser's clock (ms since the Unix epoch).
    pub posted_ms: i64,
}

impl PublishedReplyInput {
    pub fn checked(self) -> Result<PublishedReplyInput, RecordError> {
        check_id(&self.id, "record id")?;
        check_reply_text(&self.text)?;
        if self.platform.is_empty() {
            return Err(RecordError::Empty("platform"));
        }
        check_length(&self.platform, "platform", 40)?;
        check_length(&self.permalink, "permalink", MAX_FIELD_CHARS)?;
        check_length(&self.author.name, "author's name", MAX_FIELD_CHARS)?;
        check_length(&self.author.handle, "author's handle", MAX_FIELD_CHARS)?;
        if let Some(template) = &self.template_id {
            check_id(template, "template id")?;
        }
        if let Some(approval) = &self.approval_id {
            check_id(approval, "approval id")?;
        }
        check_findings(&self.findings)?;
        Ok(self)
    }
}

/// A published reply, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedReplyView {
    pub id: String,
    pub member: MemberRef,
    pub text: String,
    pub text_hash: String,
    pub platform: String,
    pub permalink: String,
    pub author: RepliedAuthor,
    pub template_id: Option<String>,
    pub approval_id: Option<String>,
    pub findings: Vec<Finding>,
    /// What the policy said of this reply when it was recorded (`unapproved` and `blocked` mean
    /// it went out against the policy, e.g. from a browser without Tact's guard).
    pub policy: PublicationPolicy,
    pub posted_ms: i64,
    pub recorded_ms: i64,
    /// The audit log entry that records it.
    pub audit_seq: u64,
}

/// `GET /api/v1/published?permalink=...`: the team's replies to those comments, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedReplyList {
    pub replies: Vec<PublishedReplyView>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::guidelines::{RuleKind, Severity};

    fn request(text: &str) -> ApprovalRequestInput {
        ApprovalRequestInput {
            id: "req-1".into(),
            text: text.into(),
            text_hash: None,
            context: CommentContext::default(),
            findings: vec![],
            note: String::new(),
        }
    }

    #[test]
    fn a_request_gets_the_hash_of_its_exact_text() {
        let checked = request("Merci !").checked();
        assert_eq!(checked.map(|r| r.text_hash), Ok(Some(text_hash("Merci !"))));
    }

    #[test]
    fn a_request_whose_sent_hash_is_not_its_texts_is_refused() {
        let mut sent = request("Merci !");
        sent.text_hash = Some(text_hash("Merci"));
        assert_eq!(sent.checked(), Err(RecordError::HashMismatch));
        let mut upper = request("Merci !");
        upper.text_hash = Some(text_hash("Merci !").to_uppercase());
        assert_eq!(upper.checked(), Err(RecordError::HashMismatch), "hex is lower case");
    }

    #[test]
    fn empty_and_oversized_texts_are_refused_with_the_limit() {
        assert_eq!(request("  \n").checked(), Err(RecordError::Empty("reply text")));
        let long = "é".repeat(MAX_REPLY_CHARS + 1);
        assert_eq!(request(&long).checked(), Err(RecordError::TooLong { field: "reply text", max: MAX_REPLY_CHARS }));
        assert!(request(&"é".repeat(MAX_REPLY_CHARS)).checked().is_ok(), "counted in characters");
    }

    #[test]
    fn a_page_context_is_capped_not_refused() {
        let mut flooded = request("ok");
        flooded.context.text = "a".repeat(100_000);
        let checked = flooded.checked().map(|r| r.context.text.chars().count());
        assert_eq!(checked, Ok(crate::core::model::context::MAX_TEXT_CHARS));
    }

    #[test]
    fn a_rejection_needs_a_comment() {
        assert_eq!(DecisionInput::Reject { comment: " ".into() }.checked(), Err(RecordError::Empty("comment saying why the reply is rejected")));
        assert!(DecisionInput::Reject { comment: "Too familiar".into() }.checked().is_ok());
        assert!(DecisionInput::Approve { comment: String::new() }.checked().is_ok());
    }

    #[test]
    fn decisions_read_from_json_tagged_by_decision() {
        let edited: DecisionInput =
            serde_json::from_str(r#"{"decision":"approve_edited","text":"Bonjour"}"#).expect("a decision");
        assert_eq!(
            edited,
            DecisionInput::ApproveEdited { text: "Bonjour".into(), text_hash: None, findings: vec![], comment: String::new() }
        );
        assert_eq!(DecisionKind::ApprovedEdited.status(), ApprovalStatus::Approved);
    }

    #[test]
    fn a_record_checks_its_ids_and_sizes() {
        let record = PublishedReplyInput {
            id: "rec-1".into(),
            text: "Merci !".into(),
            platform: "x".into(),
            permalink: "https://x.com/a/status/1".into(),
            author: RepliedAuthor { name: "Léa".into(), handle: "@lea".into() },
            template_id: Some("merci".into()),
            approval_id: None,
            findings: vec![Finding {
                rule_id: "r".into(),
                kind: RuleKind::Forbidden,
                severity: Severity::Warn,
                message: "m".into(),
                start: 0,
                end: 1,
                replacements: vec![],
            }],
            posted_ms: 1,
        };
        assert!(record.clone().checked().is_ok());
        let bad_template = PublishedReplyInput { template_id: Some("a/b".into()), ..record.clone() };
        assert_eq!(bad_template.checked(), Err(RecordError::BadId("template id")));
        let no_platform = PublishedReplyInput { platform: String::new(), ..record };
        assert_eq!(no_platform.checked(), Err(RecordError::Empty("platform")));
    }
}
