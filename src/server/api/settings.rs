//! The team's settings: `GET /api/v1/team/settings` (every member: the extension reads which
//! interns post without approval) and `PUT /api/v1/team/settings` (owners; recorded in the audit
//! log).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use super::input::ApiJson;
use super::members::require;
use crate::core::model::team::TeamSettings;
use crate::core::policy::{Action, Role};
use crate::server::auth::SignedIn;
use crate::server::error::ApiError;
use crate::server::http::AppState;
use crate::server::now_ms;

pub async fn get(State(state): State<AppState>, signed_in: SignedIn) -> Result<Json<TeamSettings>, ApiError> {
    let member = &signed_in.member;
    require(member, Action::ReadLibrary)?;
    Ok(Json(state.storage.team_settings(&member.team_id).await?))
}

pub async fn put(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(settings): ApiJson<TeamSettings>,
) -> Result<Json<TeamSettings>, ApiError> {
    let member = &signed_in.member;
    require(member, Action::ManageTeam)?;
    let settings = settings.checked()?;
    let members = state.storage.team_members(&member.team_id).await?;
    for id in &settings.exempt_interns {
        let is_intern = members.iter().any(|m| &m.id == id && m.role == Role::Intern);
        if !is_intern {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
                format!("{id:?} is not an intern of your team; only interns can be exempted from approval."),
            ));
        }
    }
    state.storage.put_team_settings(&member.team_id, &settings, &member.id, now_ms()).await?;
    tracing::info!(member = %member.id, exempt = settings.exempt_interns.len(), retention = settings.audit_retention_days, "team settings changed");
    Ok(Json(settings))
}
