//! The live channel: `GET /api/v1/events`, a server-sent event stream that tells a signed-in
//! client its team's cursor moved, so it pulls at once instead of polling.
//!
//! The first event carries the current cursor; then one `cursor` event per move. A client that
//! falls behind loses nothing: each event carries the latest cursor, and a pull catches up.
//! The stream ends when the server stops (a client reconnects to whichever server answers), and
//! when its session ends: every move is sent only after checking the session still lives.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast::{self, error::RecvError};

use crate::core::policy::Action;
use crate::server::api::members::require;
use crate::server::auth::SignedIn;
use crate::server::error::ApiError;
use crate::server::events::CursorMoved;
use crate::server::http::AppState;
use crate::server::now_ms;
use crate::server::storage::Storage;

pub async fn events(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let member = &signed_in.member;
    require(member, Action::ReadLibrary)?;
    // Subscribe before reading the cursor, so no move falls between the two.
    let listener = Listener {
        receiver: state.events.subscribe(),
        storage: state.storage.clone(),
        team_id: member.team_id.clone(),
        token_hash: signed_in.token_hash.clone(),
    };
    let first = state.storage.team_seq(&member.team_id).await?;
    tracing::info!(member = %member.id, cursor = first, "live channel opened");
    let opening = stream::once(async move { Ok(cursor_event(first)) });
    let moves = stream::unfold(listener, |mut listener| async move {
        let seq = listener.next_move().await?;
        Some((Ok(cursor_event(seq)), listener))
    });
    let until_stop = state.shutdown.clone().stopping();
    Ok(Sse::new(opening.chain(moves).take_until(until_stop))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// One open channel: its team's moves, for as long as its session lives.
struct Listener {
    receiver: broadcast::Receiver<CursorMoved>,
    storage: Storage,
    team_id: String,
    token_hash: String,
}

impl Listener {
    /// The team's next cursor, or `None` to end the stream: the server is stopping, the
    /// database failed (the client reconnects), or the session ended (logout, deactivation,
    /// expiry) since the channel opened: a revoked session hears nothing more.
    async fn next_move(&mut self) -> Option<i64> {
        let seq = loop {
            match self.receiver.recv().await {
                Ok(moved) if moved.team_id == self.team_id => break moved.seq,
                Ok(_) => continue,
                // Moves were dropped while this client was slow: tell it the latest one.
                Err(RecvError::Lagged(_)) => break self.storage.team_seq(&self.team_id).await.ok()?,
                Err(RecvError::Closed) => return None,
            }
        };
        let member = self.storage.session_member(&self.token_hash, now_ms()).await.ok()??;
        if member.team_id != self.team_id {
            return None;
        }
        Some(seq)
    }
}

fn cursor_event(seq: i64) -> Event {
    Event::default().event("cursor").data(format!("{{\"cursor\":{seq}}}"))
}
