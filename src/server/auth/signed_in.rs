//! The `Authorization: Bearer <token>` extractor: a handler that takes [`SignedIn`] only runs
//! for a live session of an active member, and learns who they are (id, team, role).

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use super::token::token_hash;
use crate::server::error::ApiError;
use crate::server::http::AppState;
use crate::server::now_ms;
use crate::server::storage::MemberRow;

/// The member a request's session signs in.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub member: MemberRow,
    /// The session's token hash, to revoke it on logout.
    pub token_hash: String,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<SignedIn, ApiError> {
        let token = bearer_token(parts).ok_or_else(ApiError::unauthorized)?;
        let token_hash = token_hash(token);
        let member = state.storage.session_member(&token_hash, now_ms()).await?.ok_or_else(ApiError::unauthorized)?;
        tracing::Span::current().record("member", member.id.as_str());
        Ok(SignedIn { member, token_hash })
    }
}

fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() && token.len() <= 256).then_some(token)
}
