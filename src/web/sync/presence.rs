//! The member's presence on a comment, sent to the team's server for the agent (which holds no
//! token): `POST /api/v1/history/presence`. Not queued: presence is about now, and the server
//! lets an unrefreshed "replying" expire, so one lost on the way is not sent later.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use super::{account, session};
use crate::core::history::check_permalink;
use crate::core::model::history::{PresenceState, PresenceUpdate};
use crate::core::model::{Sender, ToBackground};
use crate::core::sync::ServerAddress;
use crate::web::{chrome, http};

/// The agent's `presence` message: checked (a content script, a web permalink, a known state)
/// and sent when a member is signed in. Resolves to whether the server took it.
pub async fn on_presence(message: JsValue, sender: JsValue) -> bool {
    let Some(update) = read(&message) else { return false };
    let envelope = ToBackground::Presence { permalink: update.permalink.clone(), state: update.state };
    if !matches!(chrome::classify_sender(&sender), Sender::ContentScript { .. })
        || envelope.permitted_from(chrome::classify_sender(&sender)).is_err()
    {
        return false;
    }
    let (Some(member_id), Some(session)) = (account().await.member_id, session().await) else { return false };
    let Ok(server) = ServerAddress::parse(&session.server) else { return false };
    if session.member_id != member_id {
        return false;
    }
    let body = serde_json::to_string(&update).unwrap_or_default();
    let answer = http::send("POST", &server.api("/history/presence"), Some(&session.token), Some(body)).await;
    answer.is_ok_and(|answer| (200..300).contains(&answer.status))
}

fn read(message: &JsValue) -> Option<PresenceUpdate> {
    let field = |name: &str| Reflect::get(message, &JsValue::from_str(name)).ok().and_then(|value| value.as_string());
    if field("type").as_deref() != Some("presence") {
        return None;
    }
    let permalink = check_permalink(&field("permalink")?).ok()?;
    let state = match field("state")?.as_str() {
        "replying" => PresenceState::Replying,
        "replied" => PresenceState::Replied,
        "closed" => PresenceState::Closed,
        _ => return None,
    };
    Some(PresenceUpdate { permalink, state })
}
