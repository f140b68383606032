//! Approvals: `POST /api/v1/approvals` (ask), `GET /api/v1/approvals` (the inbox, or one's own
//! requests), `GET /api/v1/approvals/{id}`, `POST /api/v1/approvals/{id}/decision`.
//!
//! The requester is whoever is signed in. The server cannot run the guideline checks (the rules
//! run in the extension), so it takes the findings sent, decides the policy from them with
//! `core::policy::approval`, and records what was sent. Who decides is the core's rule too:
//! managers and owners, never on their own request. Another team's request, or a colleague's
//! request seen by someone who is not an approver, answers 404: never its content.
//! Every request and decision is announced on the live channel.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

use super::input::{ApiJson, ApiPath, ApiQuery};
use super::members::require;
use crate::core::digest::text_hash;
use crate::core::guidelines::{has_blocking, Finding, Severity};
use crate::core::model::approvals::{
    ApprovalList, ApprovalRequestInput, ApprovalStatus, ApprovalView, DecisionInput, DecisionKind, MemberRef,
};
use crate::core::policy::approval::{may_decide, may_see_request, posting_decision, PostingDecision};
use crate::core::policy::{allows, Action};
use crate::server::auth::SignedIn;
use crate::server::error::ApiError;
use crate::server::events::ApprovalChanged;
use crate::server::http::AppState;
use crate::server::now_ms;
use crate::server::storage::{ApprovalCreation, ApprovalFilter, DecisionOutcome, MemberRow, NewApproval, NewDecision};

/// Requests listed when the client does not say.
pub const DEFAULT_LIST_LIMIT: i64 = 100;
/// Most requests listed at once.
pub const MAX_LIST_LIMIT: i64 = 500;

pub async fn create(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(input): ApiJson<ApprovalRequestInput>,
) -> Result<(StatusCode, Json<ApprovalView>), ApiError> {
    let member = &signed_in.member;
    require(member, Action::RequestApproval)?;
    let input = input.checked()?;
    let settings = state.storage.team_settings(&member.team_id).await?;
    let decision = posting_decision(member.role, &member.id, &settings, &input.findings);
    if let PostingDecision::Blocked { .. } = decision {
        return Err(blocked(&input.findings));
    }
    let request = NewApproval {
        team_id: member.team_id.clone(),
        requester: member_ref(member),
        input,
        reasons: decision.reasons().to_vec(),
        now_ms: now_ms(),
    };
    match state.storage.create_approval(&request).await? {
        ApprovalCreation::Created(view) => {
            tracing::info!(member = %member.id, approval = %view.id, "approval requested");
            announce(&state, &member.team_id, &view);
            Ok((StatusCode::CREATED, Json(view)))
        }
        ApprovalCreation::Replayed(view) => Ok((StatusCode::OK, Json(view))),
        ApprovalCreation::IdTaken => Err(id_taken()),
    }
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    /// Approvers: `true` lists only their own requests.
    #[serde(default)]
    mine: bool,
    limit: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<ApprovalList>, ApiError> {
    let member = &signed_in.member;
    require(member, Action::RequestApproval)?;
    let status = match query.status.as_deref() {
        None | Some("") | Some("all") => None,
        Some(name) => Some(ApprovalStatus::parse(name).ok_or_else(|| {
            ApiError::new(StatusCode::BAD_REQUEST, "bad_query", "The status is pending, approved, rejected or all.")
        })?),
    };
    let own_only = query.mine || !allows(member.role, Action::Approve);
    let filter = ApprovalFilter {
        requester_id: own_only.then(|| member.id.clone()),
        status,
        limit: query.limit.unwrap_or(DEFAULT_LIST_LIMIT).clamp(1, MAX_LIST_LIMIT),
    };
    let approvals = state.storage.list_approvals(&member.team_id, &filter).await?;
    Ok(Json(ApprovalList { approvals }))
}

pub async fn get(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ApprovalView>, ApiError> {
    let member = &signed_in.member;
    require(member, Action::RequestApproval)?;
    Ok(Json(visible_approval(&state, member, &id).await?))
}

pub async fn decide(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> Result<Json<ApprovalView>, ApiError> {
    let member = &signed_in.member;
    // The role first: whether the request exists is none of a non-approver's business.
    require(member, Action::Approve)?;
    let input = input.checked()?;
    let approval = visible_approval(&state, member, &id).await?;
    may_decide(member.role, &member.id, &approval.requester.id, approval.status)?;
    let (kind, approved) = match &input {
        DecisionInput::Approve { .. } => (DecisionKind::Approved, Some((approval.text.clone(), approval.text_hash.clone()))),
        DecisionInput::ApproveEdited { text, findings, .. } => {
            if has_blocking(findings) {
                return Err(blocked(findings));
            }
            let kind = if *text == approval.text { DecisionKind::Approved } else { DecisionKind::ApprovedEdited };
            (kind, Some((text.clone(), text_hash(text))))
        }
        DecisionInput::Reject { .. } => (DecisionKind::Rejected, None),
    };
    let decision =
        NewDecision { kind, decider: member_ref(member), comment: input.comment().to_owned(), approved, now_ms: now_ms() };
    match state.storage.decide_approval(&member.team_id, &id, &decision).await? {
        DecisionOutcome::Decided(view) => {
            tracing::info!(member = %member.id, approval = %view.id, decision = kind.as_str(), "approval decided");
            announce(&state, &member.team_id, &view);
            Ok(Json(view))
        }
        DecisionOutcome::NotFound => Err(approval_not_found()),
        DecisionOutcome::AlreadyDecided(status) => Err(ApiError::conflict(
            "already_decided",
            format!("This request was already {status} by someone else; refresh to see the decision."),
        )),
    }
}

/// The request `id` of the member's team, if they may see it; 404 otherwise, never more.
async fn visible_approval(state: &AppState, member: &MemberRow, id: &str) -> Result<ApprovalView, ApiError> {
    match state.storage.approval(&member.team_id, id).await? {
        Some(approval) if may_see_request(member.role, &member.id, &approval.requester.id) => Ok(approval),
        _ => Err(approval_not_found()),
    }
}

fn announce(state: &AppState, team_id: &str, view: &ApprovalView) {
    state.events.publish_approval(ApprovalChanged {
        team_id: team_id.to_owned(),
        approval_id: view.id.clone(),
        status: view.status,
        requester_id: view.requester.id.clone(),
    });
}

pub fn member_ref(member: &MemberRow) -> MemberRef {
    MemberRef { id: member.id.clone(), display_name: member.display_name.clone() }
}

/// A draft with a blocking finding: no approval can lift it.
fn blocked(findings: &[Finding]) -> ApiError {
    let rules: Vec<&str> = findings
        .iter()
        .filter(|finding| finding.severity == Severity::Block)
        .map(|finding| finding.message.as_str())
        .collect();
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "blocked",
        format!("This reply cannot be posted as it is, approved or not: {} Fix it first.", rules.join(" ")),
    )
}

fn approval_not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "approval_not_found", "There is no such approval request for you to see.")
}

fn id_taken() -> ApiError {
    ApiError::conflict("id_taken", "This id is already used by another member's record; make a new one.")
}
