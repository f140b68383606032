//! Sign in (`POST /api/v1/session`) and sign out (`DELETE /api/v1/session`).
//!
//! A sign-in checks the limiter before the password (so guessing costs nothing but refusals),
//! counts failures per e-mail and client address (see [`crate::server::auth::limiter`]), and answers a wrong e-mail exactly like a
//! wrong password.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::Json;

use super::input::ApiJson;
use crate::core::model::api::{normalise_email, LoginRequest, SessionCreated, MAX_PASSWORD_CHARS};
use crate::server::auth::{password, token, SignedIn};
use crate::server::error::ApiError;
use crate::server::http::AppState;
use crate::server::now_ms;
use crate::server::storage::MemberRow;

/// How long a session lasts: 30 days (a browser extension signs in rarely).
pub const SESSION_TTL_MS: i64 = 30 * 24 * 60 * 60 * 1000;

/// The client's address as the socket saw it ("unknown" when the server was started without it).
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<ClientAddress, ApiError> {
        let address =
            parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(address)| address.ip().to_string());
        Ok(ClientAddress(address.unwrap_or_else(|| "unknown".to_owned())))
    }
}

pub async fn login(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<(StatusCode, Json<SessionCreated>), ApiError> {
    let email = normalise_email(&request.email).map_err(|_| wrong_credentials())?;
    let now = now_ms();
    if let Some(wait_ms) = state.limiter.retry_after(&email, &address, now) {
        tracing::warn!(%email, %address, "sign-in refused: too many failures");
        return Err(ApiError::too_many_attempts(wait_ms));
    }
    let member = check_credentials(&state, &email, request.password).await?;
    let Some(member) = member else {
        state.limiter.record_failure(&email, &address, now);
        tracing::info!(%email, %address, "sign-in failed");
        return Err(wrong_credentials());
    };
    state.limiter.record_success(&email, &address);
    let created = open_session(&state, member).await?;
    tracing::info!(member = %created.member.id, "signed in");
    Ok((StatusCode::CREATED, Json(created)))
}

pub async fn logout(State(state): State<AppState>, signed_in: SignedIn) -> Result<StatusCode, ApiError> {
    state.storage.revoke_session(&signed_in.token_hash, now_ms()).await?;
    tracing::info!(member = %signed_in.member.id, "signed out");
    Ok(StatusCode::NO_CONTENT)
}

/// A new session for `member`: a fresh token, stored as its hash.
pub async fn open_session(state: &AppState, member: MemberRow) -> Result<SessionCreated, ApiError> {
    let token = token::new_token();
    let now = now_ms();
    let expires_ms = now + SESSION_TTL_MS;
    state.storage.create_session(&token::token_hash(&token), &member.id, now, expires_ms).await?;
    Ok(SessionCreated { token, expires_ms, member: member.view() })
}

/// The active member whose password this is, or `None`; as slow for an unknown e-mail.
async fn check_credentials(state: &AppState, email: &str, password: String) -> Result<Option<MemberRow>, ApiError> {
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return Ok(None);
    }
    let found = state.storage.member_credentials(email).await?;
    let (member, stored) = match found {
        Some((member, stored)) if member.active => (Some(member), stored),
        _ => (None, None),
    };
    let matches = password::verify(password, stored).await.map_err(|error| {
        tracing::error!(%error, "password check failed");
        ApiError::internal()
    })?;
    Ok(member.filter(|_| matches))
}

fn wrong_credentials() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "wrong_credentials",
        "This e-mail and password do not match an active account.",
    )
}
