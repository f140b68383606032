//! The team's people: who am I, the member list, invites, role changes and deactivation.
//!
//! Every handler works inside the signed-in member's own team: a member id from another team is
//! answered "not found", exactly like an id that does not exist.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use super::input::{ApiJson, ApiPath};
use super::session::open_session;
use crate::core::model::api::{
    check_new_password, normalise_email, normalise_name, AcceptInvite, InviteCreated, InviteRequest, Me, MemberList,
    MemberView, RoleChange, SessionCreated, TeamView,
};
use crate::core::policy::{allows, may_assign_role, may_invite, may_manage_member, permissions_of, Action};
use crate::server::auth::{password, token, SignedIn};
use crate::server::error::ApiError;
use crate::server::http::AppState;
use crate::server::now_ms;
use crate::server::storage::{InviteAcceptance, Invitee, MemberRow, MemberUpdate, NewInvite};

/// How long an invite link works: 7 days.
pub const INVITE_TTL_MS: i64 = 7 * 24 * 60 * 60 * 1000;

pub async fn me(State(state): State<AppState>, signed_in: SignedIn) -> Result<Json<Me>, ApiError> {
    let member = signed_in.member;
    let team = state.storage.team(&member.team_id).await?.ok_or_else(ApiError::unauthorized)?;
    Ok(Json(Me {
        permissions: permissions_of(member.role),
        team: TeamView { id: team.id, name: team.name },
        member: member.view(),
    }))
}

pub async fn list(State(state): State<AppState>, signed_in: SignedIn) -> Result<Json<MemberList>, ApiError> {
    require(&signed_in.member, Action::ReadMembers)?;
    let members = state.storage.team_members(&signed_in.member.team_id).await?;
    Ok(Json(MemberList { members: members.iter().map(MemberRow::view).collect() }))
}

pub async fn invite(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(request): ApiJson<InviteRequest>,
) -> Result<(StatusCode, Json<InviteCreated>), ApiError> {
    let actor = &signed_in.member;
    may_invite(actor.role, request.role)?;
    let email = normalise_email(&request.email)?;
    if state.storage.member_credentials(&email).await?.is_some() {
        return Err(ApiError::conflict("email_taken", "Someone already has an account with this e-mail."));
    }
    let token = token::new_token();
    let now = now_ms();
    let invite = NewInvite {
        token_hash: token::token_hash(&token),
        team_id: actor.team_id.clone(),
        email: email.clone(),
        role: request.role,
        invited_by: actor.id.clone(),
        created_ms: now,
        expires_ms: now + INVITE_TTL_MS,
    };
    state.storage.create_invite(&invite).await?;
    tracing::info!(by = %actor.id, role = %request.role, "invite created");
    Ok((StatusCode::CREATED, Json(InviteCreated { token, email, role: request.role, expires_ms: invite.expires_ms })))
}

pub async fn accept(
    State(state): State<AppState>,
    ApiPath(invite_token): ApiPath<String>,
    ApiJson(request): ApiJson<AcceptInvite>,
) -> Result<(StatusCode, Json<SessionCreated>), ApiError> {
    let display_name = normalise_name(&request.display_name)?;
    check_new_password(&request.password)?;
    let token_hash = token::token_hash(&invite_token);
    if !state.storage.invite_is_open(&token_hash, now_ms()).await? {
        return Err(invite_invalid());
    }
    let password_hash = password::hash(request.password).await.map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        ApiError::internal()
    })?;
    let invitee = Invitee { member_id: token::new_id(), display_name, password_hash };
    match state.storage.accept_invite(&token_hash, &invitee, now_ms()).await? {
        InviteAcceptance::Joined(member) => {
            tracing::info!(member = %member.id, team = %member.team_id, "invite accepted");
            announce(&state, &member.team_id).await?;
            let created = open_session(&state, member).await?;
            Ok((StatusCode::CREATED, Json(created)))
        }
        InviteAcceptance::Invalid => Err(invite_invalid()),
        InviteAcceptance::EmailTaken => {
            Err(ApiError::conflict("email_taken", "Someone already has an account with this e-mail."))
        }
    }
}

pub async fn change_role(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(member_id): ApiPath<String>,
    ApiJson(request): ApiJson<RoleChange>,
) -> Result<Json<MemberView>, ApiError> {
    let actor = &signed_in.member;
    require(actor, Action::ChangeRoles)?;
    let target = member_of_own_team(&state, actor, &member_id).await?;
    may_assign_role(actor.role, target.role, request.role, target.id == actor.id)?;
    let updated = state.storage.change_role(&actor.team_id, &target.id, request.role, &actor.id, now_ms()).await?;
    let member = finished(updated)?;
    announce(&state, &actor.team_id).await?;
    tracing::info!(by = %actor.id, member = %member.id, role = %member.role, "role changed");
    Ok(Json(member.view()))
}

pub async fn deactivate(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(member_id): ApiPath<String>,
) -> Result<Json<MemberView>, ApiError> {
    let actor = &signed_in.member;
    require(actor, Action::ManageMembers)?;
    let target = member_of_own_team(&state, actor, &member_id).await?;
    may_manage_member(actor.role, target.role, target.id == actor.id)?;
    let updated = state.storage.deactivate_member(&actor.team_id, &target.id, &actor.id, now_ms()).await?;
    let member = finished(updated)?;
    announce(&state, &actor.team_id).await?;
    tracing::info!(by = %actor.id, member = %member.id, "member deactivated, sessions revoked");
    Ok(Json(member.view()))
}

/// Tells the team's live channels that its cursor moved (a member changed).
async fn announce(state: &AppState, team_id: &str) -> Result<(), ApiError> {
    let cursor = state.storage.team_seq(team_id).await?;
    state.events.publish(team_id, cursor);
    Ok(())
}

fn invite_invalid() -> ApiError {
    ApiError::new(
        StatusCode::GONE,
        "invite_invalid",
        "This invite link is unknown, already used or expired. Ask for a new one.",
    )
}

/// Refuses unless the member's role allows `action`.
pub fn require(member: &MemberRow, action: Action) -> Result<(), ApiError> {
    if allows(member.role, action) {
        Ok(())
    } else {
        tracing::info!(member = %member.id, role = %member.role, ?action, "refused by policy");
        Err(ApiError::forbidden(format!("Your role ({}) does not allow this.", member.role)))
    }
}

/// The member `member_id` if they are in the actor's team; "not found" otherwise, never more.
async fn member_of_own_team(state: &AppState, actor: &MemberRow, member_id: &str) -> Result<MemberRow, ApiError> {
    match state.storage.member(member_id).await? {
        Some(member) if member.team_id == actor.team_id => Ok(member),
        _ => Err(ApiError::new(StatusCode::NOT_FOUND, "member_not_found", "There is no such member in your team.")),
    }
}

fn finished(update: MemberUpdate) -> Result<MemberRow, ApiError> {
    match update {
        MemberUpdate::Done(member) => Ok(member),
        MemberUpdate::NotFound => {
            Err(ApiError::new(StatusCode::NOT_FOUND, "member_not_found", "There is no such member in your team."))
        }
        MemberUpdate::LastOwner => Err(ApiError::conflict(
            "last_owner",
            "The team needs at least one active owner; make someone else owner first.",
        )),
    }
}
