//! `/api/v1/history/...`: mention history (issue 8). Thin handlers: the core checks the input
//! (`core::history`), the policy decides (`ReadHistory` for everyone, `RecordHistory` to capture
//! and announce presence, `AnnotateAuthors` for tags and notes, `ManageHistory` for settings,
//! purge, erasure and export), storage runs it within the member's own team. An author or note
//! of another team answers "not found", exactly like one that does not exist.
//!
//! - [`capture`]: record a comment once per permalink;
//! - [`authors`]: an author's timeline, tags and notes;
//! - [`presence`]: who is replying to a comment now, told live to the team;
//! - [`search`]: across authors and mentions;
//! - [`privacy`]: settings, retention purge, erasure and export;
//! - [`replies`] and [`audit_trail`]: where the published replies and the audit log (issue 7,
//!   built in parallel) plug in: two named gaps, see their docs.

pub mod audit_trail;
pub mod authors;
pub mod capture;
pub mod presence;
pub mod privacy;
pub mod replies;
pub mod search;

use axum::http::StatusCode;

use crate::core::history::{AuthorKey, HistoryError};
use crate::server::error::{capitalised, ApiError};

impl From<HistoryError> for ApiError {
    fn from(error: HistoryError) -> ApiError {
        let status = match error {
            HistoryError::NetworkNotCaptured(_) | HistoryError::TooManyTags | HistoryError::TooManyNotes => {
                StatusCode::CONFLICT
            }
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        ApiError::new(status, error.code(), capitalised(&error.to_string()))
    }
}

/// The author key of a path, normalised (`x:handle:@Marie` is `x:handle:marie`).
fn author_key(raw: &str) -> Result<String, ApiError> {
    Ok(AuthorKey::parse(raw)?.to_string())
}

/// The answer for an author this team has no record of.
fn author_not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "author_not_found", "Your team has no history for this author.")
}
