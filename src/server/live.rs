//! The live channel: `GET /api/v1/events`, a server-sent event stream that tells a signed-in
//! client its team's cursor moved, so it pulls at once instead of polling.
//!
//! The first event carries the current cursor; then one `cursor` event per move. A client that
//! falls behind loses nothing: each event carries the latest cursor, and a pull catches up.
//! An `approval` event (`{"id":...,"status":...}`) tells approvers of every request of the team,
//! and a requester of their own, that it was made or decided: the client fetches it
//! (`GET /api/v1/approvals/{id}`).
//! A `presence` event (JSON: [`PresenceEvent`]) tells of a teammate opening, refreshing,
//! closing or answering a comment's reply box, for the panel's collision warning; a client that
//! misses one catches up with `GET /api/v1/history/presence` (entries are refreshed every 20 s).
//! The stream ends when the server stops (a client reconnects to whichever server answers), and
//! when its session ends: every move is sent only after checking the session still lives.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast::{self, error::RecvError};

use crate::core::model::history::PresenceEvent;
use crate::core::policy::{allows, Action};
use crate::server::api::members::require;
use crate::server::auth::SignedIn;
use crate::server::error::ApiError;
use crate::core::policy::approval::may_see_request;
use crate::server::events::{ApprovalChanged, CursorMoved, PresenceChanged};
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
        approvals: state.events.subscribe_approvals(),
        presence: state.events.subscribe_presence(),
        hears_presence: allows(member.role, Action::ReadHistory),
        storage: state.storage.clone(),
        team_id: member.team_id.clone(),
        token_hash: signed_in.token_hash.clone(),
    };
    let first = state.storage.team_seq(&member.team_id).await?;
    tracing::info!(member = %member.id, cursor = first, "live channel opened");
    let opening = stream::once(async move { Ok(cursor_event(first)) });
    let moves = stream::unfold(listener, |mut listener| async move {
        let event = listener.next_event().await?;
        Some((Ok(event), listener))
    });
    let until_stop = state.shutdown.clone().stopping();
    Ok(Sse::new(opening.chain(moves).take_until(until_stop))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// One open channel: its team's moves, approvals and presence changes, for as long as its session lives.
struct Listener {
    receiver: broadcast::Receiver<CursorMoved>,
    approvals: broadcast::Receiver<ApprovalChanged>,
    presence: broadcast::Receiver<PresenceChanged>,
    /// Whether the member may read history (collisions are part of it).
    hears_presence: bool,
    storage: Storage,
    team_id: String,
    token_hash: String,
}

/// What a listener heard for its team.
enum Heard {
    Cursor(i64),
    Approval(ApprovalChanged),
    Presence(PresenceEvent),
}

impl Listener {
    /// The team's next event for this member, or `None` to end the stream: the server is
    /// stopping, the database failed (the client reconnects), or the session ended (logout,
    /// deactivation, expiry) since the channel opened: a revoked session hears nothing more.
    /// Approval events go only to approvers and to the request's own requester, as of the
    /// member's role now.
    async fn next_event(&mut self) -> Option<Event> {
        loop {
            let heard = tokio::select! {
                moved = self.receiver.recv() => match moved {
                    Ok(moved) if moved.team_id == self.team_id => Heard::Cursor(moved.seq),
                    Ok(_) => continue,
                    // Moves were dropped while this client was slow: tell it the latest one.
                    Err(RecvError::Lagged(_)) => Heard::Cursor(self.storage.team_seq(&self.team_id).await.ok()?),
                    Err(RecvError::Closed) => return None,
                },
                changed = self.approvals.recv() => match changed {
                    Ok(changed) if changed.team_id == self.team_id => Heard::Approval(changed),
                    // A slow client missed approval events: it refetches the list when it can.
                    Ok(_) | Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return None,
                },
                changed = self.presence.recv(), if self.hears_presence => match changed {
                    Ok(changed) if changed.team_id == self.team_id => Heard::Presence(changed.event),
                    // Another team's, or dropped while slow: the next refresh brings it back.
                    Ok(_) | Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return None,
                },
            };
            let member = self.storage.session_member(&self.token_hash, now_ms()).await.ok()??;
            if member.team_id != self.team_id {
                return None;
            }
            match heard {
                Heard::Cursor(seq) => return Some(cursor_event(seq)),
                Heard::Approval(changed) if may_see_request(member.role, &member.id, &changed.requester_id) => {
                    return Some(approval_event(&changed));
                }
                Heard::Approval(_) => continue,
                Heard::Presence(event) => return presence_event(&event),
            }
        }
    }
}

fn approval_event(changed: &ApprovalChanged) -> Event {
    let data = serde_json::json!({"id": changed.approval_id, "status": changed.status});
    Event::default().event("approval").data(data.to_string())
}

fn presence_event(event: &PresenceEvent) -> Option<Event> {
    Some(Event::default().event("presence").data(serde_json::to_string(event).ok()?))
}

fn cursor_event(seq: i64) -> Event {
    Event::default().event("cursor").data(format!("{{\"cursor\":{seq}}}"))
}
