//! `GET /api/v1/reports?from=YYYY-MM-DD&to=YYYY-MM-DD&period=day|week|month`: the team's report
//! as JSON (managers and owners), or one of its tables as CSV (`&format=csv&table=replies`).
//! The numbers are computed by `core::reports` from the facts storage reads for the range.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use super::input::ApiQuery;
use super::members::require;
use crate::core::model::reports::{Period, ReportTable};
use crate::core::policy::Action;
use crate::core::reports::{compute_report, parse_period, table_csv, table_file_name, ReportError, ReportRange};
use crate::server::auth::SignedIn;
use crate::server::error::{capitalised, ApiError};
use crate::server::http::AppState;

#[derive(Debug, Deserialize)]
pub struct ReportQuery {
    from: String,
    to: String,
    period: Option<String>,
    format: Option<String>,
    table: Option<String>,
}

/// JSON or one table's CSV.
enum Format {
    Json,
    Csv(ReportTable),
}

impl ReportQuery {
    fn format(&self) -> Result<Format, ApiError> {
        match self.format.as_deref().unwrap_or("json") {
            "json" => Ok(Format::Json),
            "csv" => {
                let names: Vec<&str> = ReportTable::ALL.iter().map(|table| table.as_str()).collect();
                let table = self.table.as_deref().and_then(ReportTable::parse).ok_or_else(|| {
                    bad_query(format!("A CSV export names its table: &table= one of {}.", names.join(", ")))
                })?;
                Ok(Format::Csv(table))
            }
            _ => Err(bad_query("The format must be json or csv.")),
        }
    }
}

pub async fn report(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> Result<Response, ApiError> {
    let member = &signed_in.member;
    require(member, Action::ReadReports)?;
    let range = ReportRange::parse(&query.from, &query.to).map_err(refused)?;
    let period = match query.period.as_deref() {
        Some(name) => parse_period(name).map_err(refused)?,
        None => Period::Month,
    };
    let format = query.format()?;
    let facts = state.storage.report_facts(&member.team_id, range).await?;
    let report = compute_report(&facts, range, period);
    match format {
        Format::Json => Ok(Json(report).into_response()),
        Format::Csv(table) => {
            let disposition = format!("attachment; filename=\"{}\"", table_file_name(&report, table));
            let mut response = table_csv(&report, table).into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            Ok(response)
        }
    }
}

fn refused(error: ReportError) -> ApiError {
    bad_query(format!("{}.", capitalised(&error.to_string())))
}

fn bad_query(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "bad_query", message)
}
