//! The HTTP surface: routes, limits and logging layers.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use super::demo;
use super::error::ApiError;
use super::storage::{DatabaseKind, Storage};

/// Largest request body accepted, in bytes. A library of 50,000 templates goes through sync in
/// batches, never as one body.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub storage: Storage,
}

/// The whole application, ready to serve.
pub fn router(state: AppState) -> Router {
    let api = Router::new().route("/health", get(health)).fallback(api_not_found);
    Router::new()
        .nest("/api/v1", api)
        .route("/", get(demo::to_demo))
        .route("/demo", get(demo::to_demo))
        .route("/demo/", get(demo::index))
        .route("/demo/{file}", get(demo::file))
        .fallback(api_not_found)
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
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

async fn api_not_found() -> ApiError {
    ApiError::not_found()
}
