//! Team sync in the extension: where its state lives, and (in the background module) the
//! engine that talks to the team server.
//!
//! Storage, all in `chrome.storage.local` (on disk) except the session:
//!
//! | key | holds | written by |
//! |---|---|---|
//! | `sync.account.v1` | the server address and the member whose copy is in use | background |
//! | `sync.session.v1` (**`chrome.storage.session`**) | the bearer token: memory only, gone when the browser quits | background |
//! | `sync.state.<member>.v1` | cursor, outbox, conflicts, rejections, client id ([`SyncState`](crate::core::sync::SyncState)) | background |
//! | `sync.docs.<member>.<collection>.v1` | the confirmed documents of one collection | background |
//! | `sync.status.v1` | what the pages show ([`SyncStatus`]) | background |
//! | `sync.me.v1` | the `/me` answer while signed in (others read the role here) | background |
//! | `rules.team.v1`, `sites.team.v1` | `{"<id>": <document>}` of the team's rule sets and site overrides | background |
//! | `library.v1` | the library the panel shows: the team's and the member's templates | background (panel without a team) |
//! | `library.local.v1` | templates made before joining a team, until uploaded | background |
//! | `records.outbox.<member>.v1` | approval requests and published replies not yet answered by the server ([`records`]) | background |
//! | `team.settings.v1` | the team's settings (interns exempted from approval), for the guard | background |
//! | `approvals.granted.v1` | the approvals granted to the member ([`GrantedApproval`](crate::core::policy::guard::GrantedApproval)), for the guard | panel |
//! | `history.captures.<member>.v1` | mentions waiting to be recorded, permalinks answered, the team's history settings ([`CaptureOutbox`](crate::core::history::CaptureOutbox)) | background |
//!
//! Pages never write the sync state: they ask the worker ([`crate::core::sync::SyncRequest`]).
//! The engine (feature `sync`) runs in the service worker; pages (feature `pages`) read the
//! status it stores and send it requests.

#[cfg(feature = "sync")]
mod account;
#[cfg(feature = "sync")]
pub mod captures;
#[cfg(feature = "sync")]
pub mod engine;
#[cfg(feature = "sync")]
mod notify;
pub mod presence;
#[cfg(feature = "sync")]
mod publish;
#[cfg(feature = "sync")]
pub mod records;
#[cfg(feature = "sync")]
mod state;
#[cfg(feature = "sync")]
mod wording;
#[cfg(any(feature = "pages", feature = "sync"))]
pub mod words;

use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::core::sync::{StatusView, SyncAnswer, SyncRequest, WordedProblem};
use crate::web::chrome;

pub const ACCOUNT_KEY: &str = "sync.account.v1";
/// In `chrome.storage.session`.
pub const SESSION_KEY: &str = "sync.session.v1";
pub const STATUS_KEY: &str = "sync.status.v1";
pub const ME_KEY: &str = "sync.me.v1";
pub const RULES_KEY: &str = "rules.team.v1";
pub const SITES_KEY: &str = "sites.team.v1";
pub const LOCAL_LIBRARY_KEY: &str = "library.local.v1";

/// The team this browser syncs with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// The checked server address, once given.
    pub server: Option<String>,
    /// The member whose copy is in use (kept after signing out: their outbox waits for them).
    pub member_id: Option<String>,
    /// Templates made before joining, waiting under `library.local.v1` to be uploaded.
    #[serde(default)]
    pub local_templates: usize,
}

/// A signed-in session. Kept in `chrome.storage.session` only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub token: String,
    pub member_id: String,
    pub server: String,
    pub expires_ms: i64,
}

/// Reads a JSON text stored under `key` in `chrome.storage.local`.
pub async fn read_local<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = chrome::local_read(key).await.ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

pub async fn account() -> Account {
    read_local(ACCOUNT_KEY).await.unwrap_or_default()
}

/// The session, if this browser holds one (and it is for the account's member and server).
pub async fn session() -> Option<Session> {
    let text = chrome::session_read(SESSION_KEY).await.ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

/// What the worker last said about sync (no team when it never did).
pub async fn status() -> StatusView {
    read_local(STATUS_KEY).await.unwrap_or_default()
}

/// Sends a sync request to the worker and waits for its answer: `Err` is the problem in words.
/// The message is [`crate::core::model::ToBackground::Sync`], built and read by hand (a `type`
/// and a JSON text), so no module carries readers for messages it never handles.
pub async fn ask(request: &SyncRequest) -> Result<(), WordedProblem> {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"sync".into());
    let _ = js_sys::Reflect::set(&message, &"request".into(), &serde_json::to_string(request).unwrap_or_default().into());
    let answer = chrome::send_message(&message).await.ok();
    let text = answer.and_then(|answer| js_sys::Reflect::get(&answer, &"answer".into()).ok()).and_then(|text| text.as_string());
    match text.and_then(|text| SyncAnswer::from_json(&text)) {
        Some(SyncAnswer { problem: None }) => Ok(()),
        Some(SyncAnswer { problem: Some(problem) }) => Err(problem),
        None => Err(WordedProblem { kind: "unreachable".into(), text: chrome::message("panelBackgroundUnreachable") }),
    }
}
