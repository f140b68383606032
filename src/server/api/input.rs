//! Extractors that refuse bad input in the API's one error shape (axum's own answer in plain text).

use axum::extract::{FromRequest, FromRequestParts};

use crate::server::error::ApiError;

/// A JSON body (size-limited by the router), refused as `bad_json` / `not_json` / `too_large`.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// Query parameters, refused as `bad_query`.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// Path parameters, refused as `bad_path`.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);
