//! `GET /api/v1/history/search`: the console's search across the team's authors and mentions,
//! by handle, name, text, tag, network and date range, paged (see [`SearchQuery`]).

use axum::extract::State;
use axum::Json;

use super::super::input::ApiQuery;
use super::super::members::require;
use crate::core::model::history::{SearchPage, SearchQuery};
use crate::core::policy::Action;
use crate::server::auth::SignedIn;
use crate::server::error::ApiError;
use crate::server::http::AppState;

pub async fn search(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<Json<SearchPage>, ApiError> {
    let member = &signed_in.member;
    require(member, Action::ReadHistory)?;
    let search = query.checked()?;
    Ok(Json(state.storage.search_history(&member.team_id, &search).await?))
}
