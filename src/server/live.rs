//! The live channel: `GET /api/v1/events`, a server-sent event stream that tells a signed-in
//! client its team's cursor moved, so it pulls at once instead of polling.
//!
//! The first event carries the current cursor; then one `cursor` event per move. A client that
//! falls behind loses nothing: each event carries the latest cursor, and a pull catches up.
//! The stream ends when the server stops (a client reconnects to whichever server answers).

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast::error::RecvError;

use crate::core::policy::Action;
use crate::server::api::members::require;
use crate::server::auth::SignedIn;
use crate::server::error::ApiError;
use crate::server::http::AppState;

pub async fn events(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let member = signed_in.member;
    require(&member, Action::ReadLibrary)?;
    // Subscribe before reading the cursor, so no move falls between the two.
    let receiver = state.events.subscribe();
    let first = state.storage.team_seq(&member.team_id).await?;
    tracing::info!(member = %member.id, cursor = first, "live channel opened");
    let team_id = member.team_id;
    let opening = stream::once(async move { Ok(cursor_event(first)) });
    let moves = stream::unfold((receiver, team_id), |(mut receiver, team_id)| async move {
        loop {
            match receiver.recv().await {
                Ok(moved) if moved.team_id == team_id => {
                    return Some((Ok(cursor_event(moved.seq)), (receiver, team_id)))
                }
                Ok(_) | Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            }
        }
    });
    let until_stop = state.shutdown.clone().stopping();
    Ok(Sse::new(opening.chain(moves).take_until(until_stop))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

fn cursor_event(seq: i64) -> Event {
    Event::default().event("cursor").data(format!("{{\"cursor\":{seq}}}"))
}
