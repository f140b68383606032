//! What the extension sends the team server through its record outbox: approval requests (from
//! the panel) and published replies (from the agent), and the draft the guard held back.
//!
//! Both records carry client-made ids and the server records each id once, so the outbox may
//! send a record again after a lost answer, a stopped worker or a browser restart: it is kept
//! on disk until the server has answered it ([`Delivery`]).

use serde::{Deserialize, Serialize};

use super::approvals::{ApprovalRequestInput, PublishedReplyInput, RecordError};
use super::context::CommentContext;
use super::messages::{Refusal, Sender};
use crate::core::policy::approval::PostingReason;

/// Most records waiting in the outbox; past it, a new record is refused (and said so) rather
/// than an old one dropped unsent.
pub const MAX_QUEUED_RECORDS: usize = 500;

/// One record for the team server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    /// The panel: ask a manager to approve a draft (`POST /api/v1/approvals`).
    ApprovalRequest { request: ApprovalRequestInput },
    /// The agent: a reply went out (`POST /api/v1/published`).
    Published { reply: PublishedReplyInput },
}

impl Record {
    /// The client-made id the server records once.
    pub fn id(&self) -> &str {
        match self {
            Record::ApprovalRequest { request } => &request.id,
            Record::Published { reply } => &reply.id,
        }
    }

    /// Where it is sent, under `/api/v1`.
    pub fn path(&self) -> &'static str {
        match self {
            Record::ApprovalRequest { .. } => "/approvals",
            Record::Published { .. } => "/published",
        }
    }

    /// Only the agent reports what was posted on its page; only extension pages ask for
    /// approvals (a page's script cannot reach either).
    pub fn permitted_from(&self, sender: Sender) -> Result<(), Refusal> {
        match (self, sender) {
            (_, Sender::Foreign) => Err(Refusal::UnknownSender),
            (Record::Published { .. }, Sender::ContentScript { .. }) => Ok(()),
            (Record::ApprovalRequest { .. }, Sender::ExtensionPage) => Ok(()),
            _ => Err(Refusal::WrongContext),
        }
    }

    /// The record as the server will accept it, or why it would not.
    pub fn checked(self) -> Result<Record, RecordError> {
        Ok(match self {
            Record::ApprovalRequest { request } => Record::ApprovalRequest { request: request.checked()? },
            Record::Published { reply } => Record::Published { reply: reply.checked()? },
        })
    }
}

/// What to do with a record after the server's answer (an HTTP status).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Recorded (or recorded before: the same id answers as the first time). Drop it.
    Recorded,
    /// Refused for good (the record itself is wrong): drop it and say so.
    Refused,
    /// Not now (server down, busy, signed out): keep it and send it again later.
    Retry,
}

impl Delivery {
    pub fn of_status(status: u16) -> Delivery {
        match status {
            200..=299 => Delivery::Recorded,
            401 | 403 | 408 | 429 => Delivery::Retry,
            400..=499 => Delivery::Refused,
            _ => Delivery::Retry,
        }
    }
}

/// The records waiting to be sent, oldest first, each id once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordOutbox {
    pub records: Vec<Record>,
}

/// Why the outbox did not take a record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueueError {
    #[error("{0}")]
    Invalid(#[from] RecordError),
    #[error("too many records are waiting for the team server ({MAX_QUEUED_RECORDS}); connect to it first")]
    Full,
}

impl RecordOutbox {
    /// Queues `record` once: a record whose id is already waiting is not queued twice.
    pub fn add(&mut self, record: Record) -> Result<(), QueueError> {
        let record = record.checked()?;
        if self.records.iter().any(|queued| queued.id() == record.id()) {
            return Ok(());
        }
        if self.records.len() >= MAX_QUEUED_RECORDS {
            return Err(QueueError::Full);
        }
        self.records.push(record);
        Ok(())
    }

    /// The server answered the record `id`: drops it unless it is to be sent again.
    pub fn answered(&mut self, id: &str, delivery: Delivery) {
        if delivery != Delivery::Retry {
            self.records.retain(|record| record.id() != id);
        }
    }
}

/// A draft the guard held back, kept by the background for the panel's "request approval".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldDraft {
    pub tab_id: i32,
    /// The reply box's text when the person tried to post.
    pub text: String,
    pub context: CommentContext,
    pub reasons: Vec<PostingReason>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::approvals::RepliedAuthor;

    fn published(id: &str) -> Record {
        Record::Published {
            reply: PublishedReplyInput {
                id: id.into(),
                text: "Merci !".into(),
                platform: "generic".into(),
                permalink: String::new(),
                author: RepliedAuthor::default(),
                template_id: None,
                approval_id: None,
                findings: vec![],
                posted_ms: 1,
            },
        }
    }

    fn request(id: &str) -> Record {
        Record::ApprovalRequest {
            request: ApprovalRequestInput {
                id: id.into(),
                text: "Merci !".into(),
                text_hash: None,
                context: CommentContext::default(),
                findings: vec![],
                note: String::new(),
            },
        }
    }

    #[test]
    fn a_record_is_queued_once_and_leaves_once_answered() {
        let mut outbox = RecordOutbox::default();
        outbox.add(published("r1")).unwrap();
        outbox.add(published("r1")).unwrap();
        outbox.add(request("q1")).unwrap();
        assert_eq!(outbox.records.len(), 2);
        outbox.answered("r1", Delivery::of_status(503));
        assert_eq!(outbox.records.len(), 2, "a server error keeps it for later");
        outbox.answered("r1", Delivery::of_status(201));
        assert_eq!(outbox.records.iter().map(Record::id).collect::<Vec<_>>(), ["q1"]);
        outbox.answered("q1", Delivery::of_status(422));
        assert!(outbox.records.is_empty(), "a refusal for good is dropped");
    }

    #[test]
    fn a_signed_out_or_busy_server_keeps_the_record() {
        for status in [401, 403, 429, 500, 0] {
            assert_eq!(Delivery::of_status(status), Delivery::Retry, "{status}");
        }
        assert_eq!(Delivery::of_status(409), Delivery::Refused);
    }

    #[test]
    fn an_invalid_record_is_refused_before_queuing() {
        let mut outbox = RecordOutbox::default();
        assert!(matches!(outbox.add(published("a/b")), Err(QueueError::Invalid(_))));
        assert!(outbox.records.is_empty());
    }

    #[test]
    fn only_the_agent_records_posts_and_only_pages_ask_for_approval() {
        let agent = Sender::ContentScript { tab_id: 1, frame_id: 0 };
        assert_eq!(published("r").permitted_from(agent), Ok(()));
        assert_eq!(published("r").permitted_from(Sender::ExtensionPage), Err(Refusal::WrongContext));
        assert_eq!(request("q").permitted_from(Sender::ExtensionPage), Ok(()));
        assert_eq!(request("q").permitted_from(agent), Err(Refusal::WrongContext));
        assert_eq!(request("q").permitted_from(Sender::Foreign), Err(Refusal::UnknownSender));
    }

    #[test]
    fn the_outbox_is_bounded() {
        let mut outbox = RecordOutbox::default();
        for index in 0..MAX_QUEUED_RECORDS {
            outbox.add(published(&format!("r{index}"))).unwrap();
        }
        assert_eq!(outbox.add(published("one-more")), Err(QueueError::Full));
    }
}
