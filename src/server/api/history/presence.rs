//! Collisions: `POST /api/v1/history/presence` says "I have this comment's reply box open" (or
//! "I replied", or "I closed it"), `GET /api/v1/history/presence?permalink=...` says who is on it
//! now. Every change is told to the team's open live channels as a `presence` event (across
//! processes on PostgreSQL). Entries expire on their own (`core::history::collision`).

use axum::extract::State;
use axum::Json;
use serde::Deserialize;

use super::super::input::{ApiJson, ApiQuery};
use super::super::members::require;
use crate::core::history::check_permalink;
use crate::core::model::history::{PresenceUpdate, PresenceView};
use crate::core::policy::Action;
use crate::server::auth::SignedIn;
use crate::server::error::ApiError;
use crate::server::http::AppState;
use crate::server::now_ms;

#[derive(Debug, Deserialize)]
pub struct PermalinkQuery {
    permalink: String,
}

/// Sets the member's presence, tells the team, and answers who is on the comment now.
pub async fn update(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(update): ApiJson<PresenceUpdate>,
) -> Result<Json<PresenceView>, ApiError> {
    let member = &signed_in.member;
    require(member, Action::RecordHistory)?;
    let permalink = check_permalink(&update.permalink)?;
    let now = now_ms();
    let event = state.storage.set_presence(&member.team_id, &permalink, &member.id, update.state, now).await?;
    state.events.publish_presence(&member.team_id, &event);
    let entries = state.storage.presence_on(&member.team_id, &permalink, now).await?;
    Ok(Json(PresenceView { permalink, now_ms: now, entries }))
}

pub async fn on_comment(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<PermalinkQuery>,
) -> Result<Json<PresenceView>, ApiError> {
    let member = &signed_in.member;
    require(member, Action::ReadHistory)?;
    let permalink = check_permalink(&query.permalink)?;
    let now = now_ms();
    let entries = state.storage.presence_on(&member.team_id, &permalink, now).await?;
    Ok(Json(PresenceView { permalink, now_ms: now, entries }))
}
