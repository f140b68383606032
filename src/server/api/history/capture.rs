//! `POST /api/v1/history/mentions`: a member opened or answered a comment; it is recorded once
//! per team and permalink (`201`), and every later capture (a teammate, a reload, an outbox
//! sending again) answers `200 already_recorded` and only moves "last seen".
//!
//! Refused with the reason: a network the team does not record (`409 capture_off`), a capture
//! older than the retention (`422 too_old`), a field the format does not have, a link that is
//! not http(s). The server's log never holds what was captured (no handle, text or link).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use super::super::input::ApiJson;
use super::super::members::require;
use crate::core::model::history::{CaptureResult, CaptureStatus, MentionCapture};
use crate::core::policy::Action;
use crate::server::auth::SignedIn;
use crate::server::error::ApiError;
use crate::server::http::AppState;
use crate::server::now_ms;

pub async fn capture(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(capture): ApiJson<MentionCapture>,
) -> Result<(StatusCode, Json<CaptureResult>), ApiError> {
    let member = &signed_in.member;
    require(member, Action::RecordHistory)?;
    let settings = state.storage.history_settings(&member.team_id).await?.settings;
    let mention = capture.validate(&settings, now_ms())?;
    let author_key = mention.author_key.to_string();
    let recorded = state.storage.capture_mentions(&member.team_id, std::slice::from_ref(&mention)).await?;
    let (status, view) = recorded.into_iter().next().ok_or_else(ApiError::internal)?;
    tracing::info!(member = %member.id, mention = %view.id, ?status, "mention captured");
    let code = if status == CaptureStatus::Recorded { StatusCode::CREATED } else { StatusCode::OK };
    Ok((code, Json(CaptureResult { status, author_key, mention: view })))
}
