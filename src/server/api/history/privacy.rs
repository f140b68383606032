//! The team's history settings (read by everyone, changed by managers), the retention purge on
//! demand, erasing an author and exporting everything about one (an access request).
//!
//! Changing the settings purges at once what the new retention no longer keeps; the hourly
//! purge is in `server::housekeeping`.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::super::input::{ApiJson, ApiPath};
use super::super::members::require;
use super::{audit_trail, author_key, author_not_found, replies};
use crate::core::model::history::{
    AuthorExport, ErasureReport, HistorySettings, HistorySettingsView, PurgeReport, EXPORT_FORMAT, EXPORT_VERSION,
};
use crate::core::policy::Action;
use crate::server::auth::SignedIn;
use crate::server::error::ApiError;
use crate::server::http::AppState;
use crate::server::now_ms;
use crate::server::storage::history::ExportCounts;

pub async fn settings(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<HistorySettingsView>, ApiError> {
    let member = &signed_in.member;
    require(member, Action::ReadHistory)?;
    Ok(Json(state.storage.history_settings(&member.team_id).await?))
}

pub async fn change_settings(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(settings): ApiJson<HistorySettings>,
) -> Result<Json<HistorySettingsView>, ApiError> {
    let member = &signed_in.member;
    require(member, Action::ManageHistory)?;
    let settings = settings.checked()?;
    let now = now_ms();
    let view = state.storage.set_history_settings(&member.team_id, &settings, &member.id, now).await?;
    let purged = state.storage.purge_history(Some(&member.team_id), now).await?;
    tracing::info!(member = %member.id, retention_days = settings.retention_days, networks = %settings.networks_text(), purged.mentions, purged.authors, "history settings changed");
    Ok(Json(view))
}

pub async fn purge(State(state): State<AppState>, signed_in: SignedIn) -> Result<Json<PurgeReport>, ApiError> {
    let member = &signed_in.member;
    require(member, Action::ManageHistory)?;
    let purged = state.storage.purge_history(Some(&member.team_id), now_ms()).await?;
    tracing::info!(member = %member.id, purged.mentions, purged.authors, "history purged on demand");
    Ok(Json(purged))
}

pub async fn erase(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(key): ApiPath<String>,
) -> Result<Json<ErasureReport>, ApiError> {
    let member = &signed_in.member;
    require(member, Action::ManageHistory)?;
    let key = author_key(&key)?;
    let report =
        state.storage.erase_author(&member.team_id, &key, &member.id, now_ms()).await?.ok_or_else(author_not_found)?;
    audit_trail::erasure_done(member, &report);
    Ok(Json(report))
}

/// The export as a JSON download named `tact-author-export.json`.
pub async fn export(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(key): ApiPath<String>,
) -> Result<Response, ApiError> {
    let member = &signed_in.member;
    require(member, Action::ManageHistory)?;
    let key = author_key(&key)?;
    let rows = state.storage.export_author(&member.team_id, &key).await?.ok_or_else(author_not_found)?;
    let team = state.storage.team(&member.team_id).await?.ok_or_else(ApiError::unauthorized)?;
    let settings = state.storage.history_settings(&member.team_id).await?.settings;
    let permalinks: Vec<&str> = rows.mentions.iter().map(|mention| mention.permalink.as_str()).collect();
    let replies = replies::published_replies(&state, &member.team_id, &permalinks).await?;
    let now = now_ms();
    let counts = ExportCounts {
        mentions: rows.mentions.len() as u64,
        tags: rows.tags.len() as u64,
        notes: rows.notes.len() as u64,
        replies: replies.as_ref().map_or(0, |replies| replies.len() as u64),
    };
    audit_trail::export_done(&state, member, counts, now).await?;
    let export = AuthorExport {
        format: EXPORT_FORMAT.to_owned(),
        version: EXPORT_VERSION,
        exported_ms: now,
        team_id: team.id,
        team_name: team.name,
        author: rows.record.author,
        mentions: rows.mentions,
        tags: rows.tags,
        notes: rows.notes,
        replies,
        retention_days: settings.retention_days,
    };
    let disposition = HeaderValue::from_static("attachment; filename=\"tact-author-export.json\"");
    Ok(([(header::CONTENT_DISPOSITION, disposition)], Json(export)).into_response())
}
