//! The API's one error shape: `{"error": {"code": "...", "message": "..."}}`, and the conversions
//! that put every refusal (bad JSON, a missing session, a denied permission) into it.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::http::MAX_BODY_BYTES;
use super::storage::StorageError;
use crate::core::model::api::InputError;
use crate::core::audit::PeriodError;
use crate::core::model::approvals::RecordError;
use crate::core::model::team::SettingsError;
use crate::core::policy::approval::DecisionDenial;
use crate::core::policy::MemberDenial;

/// An API error: an HTTP status, a stable code for programs, a message for people.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Seconds to wait before trying again (429).
    pub retry_after_secs: Option<i64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), retry_after_secs: None }
    }

    pub fn not_found() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", "There is nothing at this address.")
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "You are not signed in, or your session has ended. Sign in again.",
        )
    }

    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_input", message)
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, code, message)
    }

    pub fn too_many_attempts(retry_after_ms: i64) -> ApiError {
        let seconds = (retry_after_ms + 999) / 1000;
        let minutes = (seconds + 59) / 60;
        let mut error = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            format!("Too many failed sign-ins. Try again in {minutes} minute(s)."),
        );
        error.retry_after_secs = Some(seconds.max(1));
        error
    }

    pub fn internal() -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Something went wrong on the server; it has been logged.",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code, "message": self.message } });
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after_secs {
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}

impl From<StorageError> for ApiError {
    fn from(error: StorageError) -> ApiError {
        tracing::error!(%error, "storage failed");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage_unavailable",
            "The database is not answering; try again in a moment.",
        )
    }
}

impl From<InputError> for ApiError {
    fn from(error: InputError) -> ApiError {
        ApiError::invalid(capitalised(&error.to_string()))
    }
}

impl From<MemberDenial> for ApiError {
    fn from(denial: MemberDenial) -> ApiError {
        ApiError::forbidden(capitalised(&denial.to_string()))
    }
}

impl From<RecordError> for ApiError {
    fn from(error: RecordError) -> ApiError {
        ApiError::invalid(capitalised(&error.to_string()))
    }
}

impl From<SettingsError> for ApiError {
    fn from(error: SettingsError) -> ApiError {
        ApiError::invalid(capitalised(&error.to_string()))
    }
}

impl From<PeriodError> for ApiError {
    fn from(error: PeriodError) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_query", capitalised(&error.to_string()))
    }
}

impl From<DecisionDenial> for ApiError {
    fn from(denial: DecisionDenial) -> ApiError {
        let message = capitalised(&denial.to_string());
        match denial {
            DecisionDenial::NotAllowed { .. } => ApiError::forbidden(message),
            DecisionDenial::OwnRequest => ApiError::new(StatusCode::FORBIDDEN, "own_request", message),
            DecisionDenial::AlreadyDecided { .. } => ApiError::conflict("already_decided", message),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!(
                    "The request is larger than the server accepts ({} MB at most).",
                    MAX_BODY_BYTES / (1024 * 1024)
                ),
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "not_json",
                "The request body must be JSON (Content-Type: application/json).",
            ),
            status => {
                ApiError::new(status, "bad_json", format!("The request body was refused: {}", rejection.body_text()))
            }
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_query",
            format!("The address's parameters were refused: {}", rejection.body_text()),
        )
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_path",
            format!("The address was refused: {}", rejection.body_text()),
        )
    }
}

/// A refusal's sentence as a message: capital first letter, final full stop.
pub(crate) fn capitalised(sentence: &str) -> String {
    let mut chars = sentence.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}
