//! Published replies: `POST /api/v1/published` records a reply the agent saw posted (through the
//! outbox: the same record sent again is recorded once and answered as the first time), and
//! `GET /api/v1/published?permalink=...` lists the team's replies to those comments.
//!
//! A record is never refused for what the policy says of it: the reply is already on the site,
//! and the record is the trace. It is stored with the policy's verdict (`allowed`, `approved`,
//! `unapproved`, `blocked`), so a reply posted around the guard shows as such. What is refused is
//! a record that claims an approval it does not have (unknown, not approved, someone else's, or
//! for another text): the client must send it again without the claim.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use super::approvals::member_ref;
use super::input::{ApiJson, ApiQuery};
use super::members::require;
use crate::core::digest::text_hash;
use crate::core::model::approvals::{PublishedReplyInput, PublishedReplyList, PublishedReplyView};
use crate::core::model::context::MAX_FIELD_CHARS;
use crate::core::policy::approval::{approval_covers, posting_decision, publication_policy, ApprovalFacts};
use crate::core::policy::Action;
use crate::server::auth::SignedIn;
use crate::server::error::ApiError;
use crate::server::http::AppState;
use crate::server::now_ms;
use crate::server::storage::{MemberRow, NewPublishedReply, Publication};

/// Most permalinks in one query.
pub const MAX_PERMALINKS: usize = 100;

pub async fn record(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(input): ApiJson<PublishedReplyInput>,
) -> Result<(StatusCode, Json<PublishedReplyView>), ApiError> {
    let member = &signed_in.member;
    require(member, Action::ReadLibrary)?;
    let input = input.checked()?;
    if let Some(first) = state.storage.published_reply(&member.team_id, &input.id).await? {
        return replayed(first, member);
    }
    let hash = text_hash(&input.text);
    let covered = match &input.approval_id {
        Some(approval_id) => {
            check_approval(&state, member, approval_id, &hash).await?;
            true
        }
        None => false,
    };
    let settings = state.storage.team_settings(&member.team_id).await?;
    let decision = posting_decision(member.role, &member.id, &settings, &input.findings);
    let policy = publication_policy(&decision, covered);
    let reply = NewPublishedReply {
        team_id: member.team_id.clone(),
        member: member_ref(member),
        input,
        text_hash: hash,
        policy,
        now_ms: now_ms(),
    };
    match state.storage.record_published(&reply).await? {
        Publication::Recorded(view) => {
            tracing::info!(member = %member.id, reply = %view.id, policy = policy.as_str(), seq = view.audit_seq, "reply recorded");
            Ok((StatusCode::CREATED, Json(view)))
        }
        Publication::Replayed(view) => Ok((StatusCode::OK, Json(view))),
        Publication::IdTaken => Err(id_taken()),
        Publication::ApprovalUsed => Err(ApiError::conflict(
            "approval_used",
            "This approval already covers another published reply; each approval covers one reply.",
        )),
    }
}

pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(pairs): ApiQuery<Vec<(String, String)>>,
) -> Result<Json<PublishedReplyList>, ApiError> {
    let member = &signed_in.member;
    require(member, Action::ReadLibrary)?;
    let mut permalinks: Vec<String> = pairs
        .into_iter()
        .filter(|(key, value)| key == "permalink" && !value.is_empty())
        .map(|(_, value)| value)
        .collect();
    permalinks.sort();
    permalinks.dedup();
    if permalinks.len() > MAX_PERMALINKS {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "bad_query", format!("Ask for at most {MAX_PERMALINKS} permalinks at a time.")));
    }
    if permalinks.iter().any(|permalink| permalink.chars().count() > MAX_FIELD_CHARS) {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "bad_query", "A permalink has at most 500 characters."));
    }
    let replies = state.storage.published_replies_for_permalinks(&member.team_id, &permalinks).await?;
    Ok(Json(PublishedReplyList { replies }))
}

/// The approval a record claims must be an approved request of this team, made by this member,
/// whose approved text is exactly the record's.
async fn check_approval(state: &AppState, member: &MemberRow, approval_id: &str, hash: &str) -> Result<(), ApiError> {
    let Some(approval) = state.storage.approval(&member.team_id, approval_id).await? else {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "approval_mismatch",
            "No approval request of your team has this id; send the record without it.",
        ));
    };
    let approved_hash = approval.decision.as_ref().and_then(|decision| decision.approved_hash.as_deref());
    let facts = ApprovalFacts { status: approval.status, requester_id: &approval.requester.id, approved_hash };
    approval_covers(&facts, &member.id, hash).map_err(|mismatch| {
        tracing::warn!(member = %member.id, approval = approval_id, %mismatch, "a reply record claims an approval that does not cover it");
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "approval_mismatch",
            format!("The approval does not cover this reply: {mismatch}. Send the record without the approval."),
        )
    })
}

fn replayed(first: PublishedReplyView, member: &MemberRow) -> Result<(StatusCode, Json<PublishedReplyView>), ApiError> {
    if first.member.id == member.id {
        Ok((StatusCode::OK, Json(first)))
    } else {
        Err(id_taken())
    }
}

fn id_taken() -> ApiError {
    ApiError::conflict("id_taken", "This id is already used by another member's record; make a new one.")
}
