//! The HTTP surface: routes, limits and logging layers.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use serde::Serialize;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use super::api::history::{authors, capture, presence, privacy, search};
use super::api::{approvals, audit, members, published, reports, rules, session, settings, sync};
use super::auth::LoginLimiter;
use super::demo;
use super::error::ApiError;
use super::events::EventHub;
use super::live;
use super::shutdown::Shutdown;
use super::storage::{DatabaseKind, Storage};

/// Largest request body accepted, in bytes. A library of 50,000 templates goes through sync in
/// batches, never as one body.
///
/// Enforced by axum's body limit, which every body extractor obeys, rather than tower-http's,
/// whose refusal of an over-long `Content-Length` is plain text: this way a too-large body is
/// refused in the API's one error shape however it is sent (with a length or chunked).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// The longest a request may take to arrive (body included) and be answered, before it gets a
/// 408: a client trickling its body cannot hold a connection and its handler forever. The
/// deadline ends when the answer starts, so the live channel's stream goes on. Exactly-once
/// pushes make a cut-off push safe to send again.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(30);

/// The OpenAPI document of `/api/v1`, written by hand and kept true by `tests/server_openapi.rs`.
pub const OPENAPI_JSON: &str = include_str!("openapi.json");

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub storage: Storage,
    pub limiter: Arc<LoginLimiter>,
    pub events: EventHub,
    /// Heard by long-lived responses (the live channel), which end when the server stops.
    pub shutdown: Shutdown,
    /// [`REQUEST_DEADLINE`], shorter in tests.
    pub request_deadline: Duration,
}

impl AppState {
    /// The state for `storage`; on PostgreSQL it starts listening to other processes' events.
    pub fn new(storage: Storage) -> AppState {
        let events = EventHub::new(storage.postgres_events());
        events.start_listening();
        AppState {
            storage,
            limiter: Arc::new(LoginLimiter::default()),
            events,
            shutdown: Shutdown::new(),
            request_deadline: REQUEST_DEADLINE,
        }
    }
}

/// The whole application, ready to serve.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi))
        .route("/session", post(session::login).delete(session::logout))
        .route("/me", get(members::me))
        .route("/members", get(members::list))
        .route("/members/{id}/role", put(members::change_role))
        .route("/members/{id}/deactivate", post(members::deactivate))
        .route("/invites", post(members::invite))
        .route("/invites/{token}/accept", post(members::accept))
        .route("/sync", get(sync::pull).post(sync::push))
        .route("/events", get(live::events))
        .route("/approvals", get(approvals::list).post(approvals::create))
        .route("/approvals/{id}", get(approvals::get))
        .route("/approvals/{id}/decision", post(approvals::decide))
        .route("/published", get(published::list).post(published::record))
        .route("/audit", get(audit::list))
        .route("/audit/verify", get(audit::verify))
        .route("/audit/export", get(audit::export))
        .route("/reports", get(reports::report))
        .route("/team/settings", get(settings::get).put(settings::put))
        .route("/rules/yaml", post(rules::from_yaml))
        .route("/rules/to-yaml", post(rules::to_yaml))
        .route("/history/mentions", post(capture::capture))
        .route("/history/authors/{key}", get(authors::timeline).delete(privacy::erase))
        .route("/history/authors/{key}/export", get(privacy::export))
        .route("/history/authors/{key}/tags", post(authors::add_tag))
        .route("/history/authors/{key}/tags/{tag}", delete(authors::remove_tag))
        .route("/history/authors/{key}/notes", get(authors::notes).post(authors::add_note))
        .route("/history/authors/{key}/notes/{id}", delete(authors::delete_note))
        .route("/history/presence", get(presence::on_comment).post(presence::update))
        .route("/history/search", get(search::search))
        .route("/history/settings", get(privacy::settings).put(privacy::change_settings))
        .route("/history/purge", post(privacy::purge))
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(api_not_found);
    Router::new()
        .nest("/api/v1", api)
        .route("/", get(demo::to_demo))
        .route("/demo", get(demo::to_demo))
        .route("/demo/", get(demo::index))
        .route("/demo/{file}", get(demo::file))
        .fallback(api_not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(state.clone(), within_deadline))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(extension_cors())
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
            tracing::info_span!("request", method = %request.method(), path = %loggable_path(request.uri().path()), member = tracing::field::Empty)
        }))
        .with_state(state)
}

/// The browser extension calls the API from its own origin (`chrome-extension://<id>`,
/// `moz-extension://<uuid>`), so the API answers CORS for extension origins, and only them.
/// Authentication is a bearer token the extension adds itself; there are no cookies, so a
/// cross-origin request carries no ambient authority, and credentials are never allowed.
pub fn extension_cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(|origin: &HeaderValue, _| is_extension_origin(origin.as_bytes())))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(3600))
}

/// `chrome-extension://`, `moz-extension://` or `safari-web-extension://` followed by an id.
fn is_extension_origin(origin: &[u8]) -> bool {
    ["chrome-extension://", "moz-extension://", "safari-web-extension://"].iter().any(|scheme| {
        origin.strip_prefix(scheme.as_bytes()).is_some_and(|id| {
            !id.is_empty() && id.len() <= 64 && id.iter().all(|byte| byte.is_ascii_alphanumeric() || *byte == b'-')
        })
    })
}

/// Answers 408 in the one error shape when a request is not answered within the deadline.
async fn within_deadline(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(state.request_deadline, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(deadline = ?state.request_deadline, "request cut off at its deadline");
            ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "request_timeout",
                "The request took too long to arrive or to answer; send it again.",
            )
            .into_response()
        }
    }
}

/// The path as logged: an invite's token is a password for one use, so it never reaches the logs.
fn loggable_path(path: &str) -> String {
    match path.strip_prefix("/api/v1/invites/") {
        Some(rest) => match rest.split_once('/') {
            Some((_, tail)) => format!("/api/v1/invites/<token>/{tail}"),
            None => "/api/v1/invites/<token>".to_owned(),
        },
        None => path.to_owned(),
    }
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
    database: DatabaseKind,
}

async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.storage.ping().await?;
    Ok(Json(Health { status: "ok", version: env!("CARGO_PKG_VERSION"), database: state.storage.kind() }))
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON)
}

async fn api_not_found() -> ApiError {
    ApiError::not_found()
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "This address does not accept this method.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_extension_origins_are_answered_cors() {
        assert!(is_extension_origin(b"chrome-extension://abcdefghijklmnopabcdefghijklmnop"));
        assert!(is_extension_origin(b"moz-extension://6f1c2b1e-8a3d-4c52-9a7e-0d4b5f1e2a3c"));
        assert!(!is_extension_origin(b"https://evil.example"));
        assert!(!is_extension_origin(b"chrome-extension://"));
        assert!(!is_extension_origin(b"chrome-extension://abc/../x"));
        assert!(!is_extension_origin(b"null"));
    }

    #[test]
    fn invite_tokens_are_kept_out_of_the_logs() {
        assert_eq!(loggable_path("/api/v1/invites/tact_abc/accept"), "/api/v1/invites/<token>/accept");
        assert_eq!(loggable_path("/api/v1/invites"), "/api/v1/invites");
        assert_eq!(loggable_path("/api/v1/sync"), "/api/v1/sync");
    }
}
