//! The sync requests extension pages (panel, options) send the background, and its answers.
//! They travel inside [`crate::core::model::ToBackground::Sync`], which only extension pages
//! may send.

use serde::{Deserialize, Serialize};

use super::conflict::Resolution;
use super::problem::SyncProblem;
use super::status::SyncStatus;
use crate::core::library::Template;
use crate::core::model::api::EntityRef;

/// What a page asks of sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
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
    /// Settle a conflict.
    Resolve { entity: EntityRef, resolution: Resolution },
    /// The person read a rejection.
    DismissRejection { entity: EntityRef },
    /// Upload the templates made before signing in as personal templates.
    UploadLocal,
}

/// The background's answer: the status after the request, or why it failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SyncAnswer {
    Status { status: SyncStatus },
    Failed { problem: SyncProblem },
}
