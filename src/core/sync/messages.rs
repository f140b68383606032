//! The sync requests extension pages (panel, options) send the background, and its answers.
//! They travel as JSON text inside [`ToBackground::Sync`] and [`FromBackground::Sync`], which
//! only extension pages may send (see [`ToBackground::permitted_from`]).
//!
//! Enums here are externally tagged (`{"sign_in": {...}}`): serde reads those without buffering,
//! which keeps the wasm modules small.

use serde::{Deserialize, Serialize};

use super::conflict::Resolution;
use crate::core::library::Template;
use crate::core::model::api::EntityRef;
use crate::core::model::{FromBackground, ToBackground};

/// What a page asks of sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncRequest {
    /// Sign in to the server at `server` (the options page).
    SignIn { server: String, email: String, password: String },
    /// Join a team with an invite (a link or its token), choosing a name and a password.
    AcceptInvite { server: String, invite: String, display_name: String, password: String },
    /// End the session here and on the server; the outbox and the team's copy stay.
    SignOut,
    /// Sync now; `cursor` is the team's cursor the live channel announced, if any (nothing
    /// happens when it is already here).
    SyncNow { cursor: Option<u64> },
    /// Template edits made in the panel, queued in the outbox.
    Commit { puts: Vec<Template>, deletes: Vec<EntityRef> },
    /// A team rule set (its rule file as JSON text) saved in the console, queued in the outbox;
    /// the server checks it with the guidelines reader when it is pushed.
    CommitRuleSet { id: String, rules: String },
    /// Settle a conflict.
    Resolve { entity: EntityRef, resolution: Resolution },
    /// The person read a rejection.
    DismissRejection { entity: EntityRef },
    /// Upload the templates made before signing in as personal templates.
    UploadLocal,
}

/// The background's answer: done, or why not. The status itself reaches the pages through
/// storage (`sync.status.v1`), which they follow.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncAnswer {
    /// `None`: done.
    pub problem: Option<WordedProblem>,
}

/// A problem in words, with its kind ([`super::SyncProblem::kind`]) so a page knows which
/// field to point at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordedProblem {
    pub kind: String,
    pub text: String,
}

impl SyncRequest {
    /// The message that carries this request to the background.
    pub fn message(&self) -> ToBackground {
        ToBackground::Sync { request: serde_json::to_string(self).unwrap_or_default() }
    }

    /// The request a [`ToBackground::Sync`] carries; `None` when it is not one.
    pub fn from_message(message: &ToBackground) -> Option<SyncRequest> {
        match message {
            ToBackground::Sync { request } => serde_json::from_str(request).ok(),
            _ => None,
        }
    }
}

impl SyncAnswer {
    /// The message that carries this answer back to the page.
    pub fn message(&self) -> FromBackground {
        FromBackground::Sync { answer: serde_json::to_string(self).unwrap_or_default() }
    }

    /// Reads an answer from its JSON text.
    pub fn from_json(text: &str) -> Option<SyncAnswer> {
        serde_json::from_str(text).ok()
    }
}
