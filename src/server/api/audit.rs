//! The audit log: `GET /api/v1/audit` (browse, managers and owners), `GET /api/v1/audit/verify`
//! (the chain's state, for the console), `GET /api/v1/audit/export` (CSV or JSON for a period,
//! owners; the export is itself recorded before it starts).

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::stream;
use serde::Deserialize;

use super::input::ApiQuery;
use super::members::require;
use crate::core::audit::{ExportFormat, Period};
use crate::core::model::audit::{AuditPage, ChainReport};
use crate::core::policy::Action;
use crate::server::audit_export::{record_export, ExportCursor};
use crate::server::auth::SignedIn;
use crate::server::error::ApiError;
use crate::server::http::AppState;
use crate::server::now_ms;

/// Entries per page when the client does not say.
pub const DEFAULT_PAGE: i64 = 500;
/// Most entries per page.
pub const MAX_PAGE: i64 = 5_000;

#[derive(Debug, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    after: u64,
    limit: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    let member = &signed_in.member;
    require(member, Action::ReadAudit)?;
    let limit = query.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    let entries = state.storage.audit_entries(&member.team_id, query.after, limit).await?;
    let full = i64::try_from(entries.len()).unwrap_or(i64::MAX) >= limit;
    let next_after = entries.last().filter(|_| full).map(|last| last.seq);
    Ok(Json(AuditPage { entries, next_after }))
}

pub async fn verify(State(state): State<AppState>, signed_in: SignedIn) -> Result<Json<ChainReport>, ApiError> {
    let member = &signed_in.member;
    require(member, Action::ReadAudit)?;
    let report = state.storage.verify_audit(&member.team_id).await?;
    if let Some(problem) = &report.problem {
        tracing::error!(team = %member.team_id, seq = problem.seq, kind = problem.kind.as_str(), "audit chain broken: {}", problem.detail);
    }
    Ok(Json(report))
}

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    from: String,
    to: String,
    #[serde(default = "default_format")]
    format: String,
}

fn default_format() -> String {
    "csv".to_owned()
}

pub async fn export(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> Result<Response, ApiError> {
    let member = &signed_in.member;
    require(member, Action::ExportAudit)?;
    let period = Period::parse(&query.from, &query.to)?;
    let format = ExportFormat::parse(&query.format)
        .ok_or_else(|| ApiError::new(StatusCode::BAD_REQUEST, "bad_query", "The format is csv or json."))?;
    let team = state.storage.team(&member.team_id).await?.ok_or_else(ApiError::unauthorized)?;
    let now = now_ms();
    record_export(&state.storage, &team.id, &member.id, period, format, "api", now).await?;
    tracing::info!(member = %member.id, from = %query.from, to = %query.to, format = format.as_str(), "audit exported");
    let cursor = ExportCursor::new(state.storage.clone(), &team.id, &team.name, period, format, now);
    let pieces = stream::unfold(Some(cursor), |cursor| async move {
        let mut cursor = cursor?;
        match cursor.next_piece().await {
            Ok(Some(piece)) => Some((Ok::<_, std::io::Error>(piece), Some(cursor))),
            Ok(None) => None,
            Err(error) => {
                // The client sees the answer cut short, never a complete-looking file.
                tracing::error!(%error, "audit export failed midway");
                Some((Err(std::io::Error::other(error.to_string())), None))
            }
        }
    });
    let disposition = format!("attachment; filename=\"{}\"", period.file_name(format));
    let mut response = Body::from_stream(pieces).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
