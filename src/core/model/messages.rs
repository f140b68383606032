//! Messages between the extension's contexts, defined once.
//!
//! The agent (content script) and the panel (extension page) talk to the background only.
//! The background checks who sent each message ([`Sender`]) before acting on it
//! ([`ToBackground::permitted_from`]): a content script may report what it reads on its page,
//! only extension pages may read what the background holds. Anything else is refused.

use serde::{Deserialize, Serialize};

use super::context::CommentContext;
use crate::core::policy::approval::PostingReason;
use crate::core::guidelines::Finding;
use crate::core::sites::HealthEvent;

/// A request to the background, from the agent or the panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToBackground {
    /// The agent: the user opened the context of a comment (launcher click or reply-box focus).
    ContextOpened {
        context: CommentContext,
        /// True when the user clicked the launcher and expects the panel to open.
        open_panel: bool,
    },
    /// The panel: which comment is being answered in this tab (or the last one seen).
    GetContext { tab_id: Option<i32> },
    /// The panel: put this text in the reply box being answered in this tab (or the last one).
    InsertReply {
        tab_id: Option<i32>,
        text: String,
        cursor_utf16: Option<usize>,
        /// The template the text was rendered from (recorded if the reply is posted).
        #[serde(default)]
        template_id: Option<String>,
    },
    /// The panel: an approval came for this text; put it in place of the draft in that tab's
    /// reply box.
    PlaceApproved { tab_id: Option<i32>, text: String },
    /// The agent: the submit guard held back this draft (it needs approval, or is blocked).
    PostingHeld { text: String, context: CommentContext, reasons: Vec<PostingReason> },
    /// The agent: the shortcuts of the library, to recognise `;;shortcut` as it is typed.
    GetShortcuts,
    /// The agent: `;;shortcut` was typed in a reply box answering `context`; render it.
    ExpandShortcut { shortcut: String, context: CommentContext },
    /// The agent: a site adapter no longer matches its site (throttled by the agent); counted
    /// for the team.
    AdapterHealth { event: HealthEvent },
    /// Extension pages: team sync (sign in, edits, conflicts): a
    /// [`SyncRequest`](crate::core::sync::SyncRequest) as JSON text,
    /// read with the JSON reader every module has, so the agent, which never sends these,
    /// carries no reader for the sync types.
    Sync { request: String },
    /// The agent: the member's reply box for the comment at `permalink` is open (sent again
    /// while it stays open), closed, or its reply was posted: told to the team (mention
    /// history's collision). Handled by the worker's sync module, which holds the session.
    Presence { permalink: String, state: crate::core::model::history::PresenceState },
    /// The agent: the draft in the focused reply box was checked against the guidelines
    /// (`text` exactly as checked); the background hands it to the panels.
    DraftChecked { text: String, findings: Vec<Finding> },
    /// The panel: the latest check of the draft being written in this tab (or the last one);
    /// the background answers by sending it as [`PanelEvent::DraftChecked`], if it has one.
    GetDraftChecked { tab_id: Option<i32> },
    /// The panel: apply a finding's fix in the reply box of this tab (or the last one): the
    /// UTF-16 range `start..end` that must still read `expected` becomes `replacement`.
    FixDraft { tab_id: Option<i32>, start: usize, end: usize, expected: String, replacement: String },
}

/// A request from the background to the agent of one tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToAgent {
    /// Insert `text` into the reply box the user last focused, caret at `cursor_utf16`.
    Insert {
        text: String,
        cursor_utf16: Option<usize>,
        #[serde(default)]
        template_id: Option<String>,
    },
    /// Replace the draft in the reply box the user last focused with this approved text.
    PlaceApproved { text: String },
    /// Replace the UTF-16 range `start..end` of the focused reply box's text, which must still
    /// read `expected`, with `replacement`, through the editor (a guideline's fix).
    Replace { start: usize, end: usize, expected: String, replacement: String },
}

/// What became of an insertion, shown to the user by the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InsertOutcome {
    /// The site's editor holds the text.
    Inserted,
    /// The editor refused it; the text is on the clipboard for the user to paste.
    Copied,
    /// Neither worked (no reply box open, or the clipboard is denied).
    Failed,
    /// No agent answers in that tab (the page was closed or reloaded).
    NoReplyBox,
}

/// The background's answer to a [`ToBackground`] request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FromBackground {
    Done,
    Insert { outcome: InsertOutcome },
    Shortcuts { shortcuts: Vec<String> },
    /// The rendered template for a typed shortcut, or why there is none (for the console).
    Expansion { text: Option<String>, cursor_utf16: Option<usize>, problem: Option<String> },
    Context { tab_id: Option<i32>, context: Option<CommentContext> },
    Refused { reason: Refusal },
    /// The answer to a [`ToBackground::Sync`] request: a
    /// [`SyncAnswer`](crate::core::sync::SyncAnswer) as JSON text.
    Sync { answer: String },
}

/// Pushed by the background to every open panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PanelEvent {
    ContextChanged { tab_id: i32, context: CommentContext },
    /// The draft of the reply box focused in `tab_id` was checked.
    DraftChecked { tab_id: i32, text: String, findings: Vec<Finding> },
}

/// Who sent a message, as the background classifies the browser's sender record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    /// Our content script, in a tab's frame.
    ContentScript { tab_id: i32, frame_id: i32 },
    /// One of our extension pages (panel, console, options).
    ExtensionPage,
    /// Another extension, a web page, or a sender we cannot identify.
    Foreign,
}

/// The browser's description of a message's sender (`chrome.runtime.MessageSender`),
/// reduced to what the classification needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct SenderRecord {
    pub id: Option<String>,
    pub url: Option<String>,
    pub tab_id: Option<i32>,
    pub frame_id: Option<i32>,
}

impl Sender {
    /// Classifies a sender record. `own_id` is our extension id and `own_origin` our pages'
    /// origin (`chrome-extension://<id>` or `moz-extension://<uuid>`). Fails closed: anything
    /// not clearly ours is [`Sender::Foreign`].
    pub fn classify(record: &SenderRecord, own_id: &str, own_origin: &str) -> Sender {
        if record.id.as_deref() != Some(own_id) {
            return Sender::Foreign;
        }
        let url = record.url.as_deref().unwrap_or_default();
        if is_same_origin(url, own_origin) {
            return Sender::ExtensionPage;
        }
        match (record.tab_id, record.frame_id) {
            (Some(tab_id), Some(frame_id)) if tab_id >= 0 => Sender::ContentScript { tab_id, frame_id },
            _ => Sender::Foreign,
        }
    }
}

fn is_same_origin(url: &str, origin: &str) -> bool {
    !origin.is_empty()
        && url.strip_prefix(origin).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Why the background refused a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    #[error("message from an unknown sender")]
    UnknownSender,
    #[error("this context may not send that message")]
    WrongContext,
    #[error("malformed message")]
    Malformed,
}

impl ToAgent {
    /// Whether `sender` may send this message to an agent: only our extension's own contexts.
    pub fn permitted_from(&self, sender: Sender) -> Result<(), Refusal> {
        match sender {
            Sender::ExtensionPage => Ok(()),
            Sender::ContentScript { .. } => Err(Refusal::WrongContext),
            Sender::Foreign => Err(Refusal::UnknownSender),
        }
    }
}

impl ToBackground {
    /// Whether `sender` may send this message.
    pub fn permitted_from(&self, sender: Sender) -> Result<(), Refusal> {
        match (self, sender) {
            (_, Sender::Foreign) => Err(Refusal::UnknownSender),
            (
                ToBackground::ContextOpened { .. }
                | ToBackground::GetShortcuts
                | ToBackground::ExpandShortcut { .. }
                | ToBackground::AdapterHealth { .. }
                | ToBackground::PostingHeld { .. }
                | ToBackground::Presence { .. }
                | ToBackground::DraftChecked { .. },
                Sender::ContentScript { .. },
            ) => Ok(()),
            (
                ToBackground::GetContext { .. }
                | ToBackground::InsertReply { .. }
                | ToBackground::PlaceApproved { .. }
                | ToBackground::GetDraftChecked { .. }
                | ToBackground::FixDraft { .. },
                Sender::ExtensionPage,
            ) => Ok(()),
            (ToBackground::Sync { .. }, Sender::ExtensionPage) => Ok(()),
            _ => Err(Refusal::WrongContext),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::sync::SyncRequest;

    const ID: &str = "abcdefghijklmnop";
    const ORIGIN: &str = "chrome-extension://abcdefghijklmnop";

    fn record(id: &str, url: &str, tab: Option<i32>) -> SenderRecord {
        SenderRecord { id: Some(id.into()), url: Some(url.into()), tab_id: tab, frame_id: tab.map(|_| 0) }
    }

    #[test]
    fn a_content_script_in_a_tab_is_recognised() {
        let sender = Sender::classify(&record(ID, "https://x.com/a/status/1", Some(7)), ID, ORIGIN);
        assert_eq!(sender, Sender::ContentScript { tab_id: 7, frame_id: 0 });
    }

    #[test]
    fn an_extension_page_is_recognised_even_when_opened_in_a_tab() {
        let sender = Sender::classify(&record(ID, "chrome-extension://abcdefghijklmnop/panel.html", Some(3)), ID, ORIGIN);
        assert_eq!(sender, Sender::ExtensionPage);
    }

    #[test]
    fn another_extension_is_foreign() {
        let sender = Sender::classify(&record("zzzz", "chrome-extension://zzzz/x.html", None), ID, ORIGIN);
        assert_eq!(sender, Sender::Foreign);
    }

    #[test]
    fn a_lookalike_origin_is_not_ours() {
        let url = "chrome-extension://abcdefghijklmnopqq/panel.html";
        assert_eq!(Sender::classify(&record(ID, url, None), ID, ORIGIN), Sender::Foreign);
    }

    #[test]
    fn a_sender_without_an_id_is_foreign() {
        let record = SenderRecord { url: Some("https://evil.example".into()), tab_id: Some(1), frame_id: Some(0), ..Default::default() };
        assert_eq!(Sender::classify(&record, ID, ORIGIN), Sender::Foreign);
    }

    #[test]
    fn a_content_script_cannot_read_the_context_store() {
        let request = ToBackground::GetContext { tab_id: None };
        let sender = Sender::ContentScript { tab_id: 1, frame_id: 0 };
        assert_eq!(request.permitted_from(sender), Err(Refusal::WrongContext));
    }

    #[test]
    fn a_panel_cannot_pretend_to_be_an_agent() {
        let request = ToBackground::ContextOpened { context: CommentContext::default(), open_panel: false };
        assert_eq!(request.permitted_from(Sender::ExtensionPage), Err(Refusal::WrongContext));
    }

    #[test]
    fn only_the_extension_itself_can_ask_an_agent_to_insert() {
        let request = ToAgent::Insert { text: "Bonjour".into(), cursor_utf16: None, template_id: None };
        assert_eq!(request.permitted_from(Sender::ExtensionPage), Ok(()));
        assert_eq!(request.permitted_from(Sender::ContentScript { tab_id: 2, frame_id: 0 }), Err(Refusal::WrongContext));
        assert_eq!(request.permitted_from(Sender::Foreign), Err(Refusal::UnknownSender));
    }

    #[test]
    fn a_content_script_cannot_make_another_tab_insert() {
        let request = ToBackground::InsertReply { tab_id: Some(9), text: "x".into(), cursor_utf16: None, template_id: None };
        assert_eq!(request.permitted_from(Sender::ContentScript { tab_id: 1, frame_id: 0 }), Err(Refusal::WrongContext));
    }

    #[test]
    fn only_an_agent_reports_adapter_health() {
        let event = HealthEvent { site_id: "x".into(), kind: crate::core::sites::HealthEventKind::DescriptorNoMatch, at_ms: 1 };
        let request = ToBackground::AdapterHealth { event };
        assert_eq!(request.permitted_from(Sender::ContentScript { tab_id: 1, frame_id: 0 }), Ok(()));
        assert_eq!(request.permitted_from(Sender::ExtensionPage), Err(Refusal::WrongContext));
        let json = serde_json::to_value(&request).unwrap();
        assert_eq!(json, serde_json::json!({"type": "adapter_health", "event": {"site_id": "x", "kind": {"kind": "descriptor_no_match"}, "at_ms": 1}}));
    }

    #[test]
    fn only_extension_pages_may_ask_for_sync() {
        let request = SyncRequest::SignOut.message();
        assert_eq!(request.permitted_from(Sender::ExtensionPage), Ok(()));
        assert_eq!(request.permitted_from(Sender::ContentScript { tab_id: 1, frame_id: 0 }), Err(Refusal::WrongContext));
        assert_eq!(request.permitted_from(Sender::Foreign), Err(Refusal::UnknownSender));
        let json = serde_json::to_value(&request).unwrap();
        assert_eq!(json, serde_json::json!({"type": "sync", "request": "\"sign_out\""}));
        assert_eq!(SyncRequest::from_message(&request), Some(SyncRequest::SignOut));
    }

    #[test]
    fn only_an_agent_reports_a_checked_draft_and_only_a_page_asks_for_a_fix() {
        let agent = Sender::ContentScript { tab_id: 1, frame_id: 0 };
        let checked = ToBackground::DraftChecked { text: "a cheap fix".into(), findings: Vec::new() };
        assert_eq!(checked.permitted_from(agent), Ok(()));
        assert_eq!(checked.permitted_from(Sender::ExtensionPage), Err(Refusal::WrongContext));
        let fix = ToBackground::FixDraft { tab_id: None, start: 2, end: 7, expected: "cheap".into(), replacement: "affordable".into() };
        assert_eq!(fix.permitted_from(Sender::ExtensionPage), Ok(()));
        assert_eq!(fix.permitted_from(agent), Err(Refusal::WrongContext));
        assert_eq!(ToBackground::GetDraftChecked { tab_id: None }.permitted_from(agent), Err(Refusal::WrongContext));
        let replace = ToAgent::Replace { start: 2, end: 7, expected: "cheap".into(), replacement: "affordable".into() };
        assert_eq!(replace.permitted_from(agent), Err(Refusal::WrongContext));
    }

    #[test]
    fn messages_keep_their_wire_shape() {
        let json = serde_json::to_value(ToBackground::GetContext { tab_id: Some(4) }).unwrap();
        assert_eq!(json, serde_json::json!({"type": "get_context", "tab_id": 4}));
    }
}
