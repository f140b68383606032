//! The approvals API as the panel uses it, with the session the live channel uses.
//!
//! Only the fields the panel shows are read (serde skips the rest): each wire type's reader is
//! code in the panel's module, which is near its size budget.

use serde::Deserialize;

use crate::core::model::approvals::DecisionInput;
use crate::core::sync::SyncProblem;
use crate::web::sync::{self as sync_store};
use crate::web::http;

#[derive(Debug, Clone, Deserialize)]
pub struct Person {
    pub id: String,
    pub display_name: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AuthorPart {
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ContextPart {
    #[serde(default)]
    pub author: AuthorPart,
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DecisionPart {
    pub by: Person,
    pub comment: String,
    pub approved_text: Option<String>,
    pub approved_hash: Option<String>,
}

/// One request, as listed by `GET /api/v1/approvals`.
#[derive(Debug, Clone, Deserialize)]
pub struct Request {
    pub id: String,
    pub requester: Person,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    pub text: String,
    #[serde(default)]
    pub context: ContextPart,
    #[serde(default)]
    pub note: String,
    pub decision: Option<DecisionPart>,
}

#[derive(Deserialize)]
struct List {
    approvals: Vec<Request>,
}

/// The requests this member may see, newest first: their own, and the team's for approvers.
pub async fn list() -> Result<Vec<Request>, SyncProblem> {
    let session = sync_store::session().await.ok_or(SyncProblem::NotSignedIn)?;
    let url = format!("{}/api/v1/approvals", session.server);
    let list: List = http::json("GET", &url, &session.server, Some(&session.token), None::<&()>).await?;
    Ok(list.approvals)
}

/// Decides the request `id`.
pub async fn decide(id: &str, decision: &DecisionInput) -> Result<(), SyncProblem> {
    let session = sync_store::session().await.ok_or(SyncProblem::NotSignedIn)?;
    let url = format!("{}/api/v1/approvals/{id}/decision", session.server);
    http::read_with("POST", &url, &session.server, Some(&session.token), Some(decision), |_| Ok(())).await
}
