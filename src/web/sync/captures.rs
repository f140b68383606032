//! Mention capture in the service worker: the agent reported that the member opened a comment
//! (launcher click or reply-box focus, `ToBackground::ContextOpened`, handed here by the
//! worker's loader beside the hub); the comment is queued in the member's
//! [`CaptureOutbox`] on disk, and each sync round sends what waits to
//! `POST /api/v1/history/mentions`.
//!
//! Like the sync state, the queue is read from storage once per worker and then changed only by
//! synchronous steps on the copy in memory, each followed by a write: two captures at once
//! cannot lose each other, and a worker stopped at any point loses nothing (a capture leaves the
//! queue only once answered; sending one again is answered `already_recorded`).

use std::cell::RefCell;

use js_sys::{Reflect, JSON};
use wasm_bindgen::JsValue;

use super::account;
use crate::core::history::{CaptureAnswer, CaptureOutbox, Offer};
use crate::core::model::history::{HistorySettingsView, MentionCapture};
use crate::core::model::{CommentContext, Sender};
use crate::core::sync::{problem_from_http, ServerAddress, SyncProblem};
use crate::web::{chrome, clock, http};

thread_local! {
    /// The member whose queue is loaded, and the queue.
    static LOADED: RefCell<Option<(String, CaptureOutbox)>> = const { RefCell::new(None) };
}

fn key(member_id: &str) -> String {
    format!("history.captures.{member_id}.v1")
}

/// The agent's `context_opened` message, read for the comment only. Anything but a content
/// script's message of that type is ignored (the hub answers the sender).
pub async fn on_context_opened(message: JsValue, sender: JsValue) -> bool {
    if !matches!(chrome::classify_sender(&sender), Sender::ContentScript { .. }) {
        return false;
    }
    let Some(context) = read_context(&message) else { return false };
    let Some(member_id) = account().await.member_id else { return false };
    if context.permalink.is_empty() {
        return false; // A comment without its own link cannot be recorded once.
    }
    let capture = MentionCapture::from_context(&context.bounded(), clock::now_ms());
    ensure_loaded(&member_id).await;
    let offer = with(|outbox| outbox.offer(capture)).unwrap_or(Offer::Full);
    if offer != Offer::Queued {
        return false;
    }
    save().await;
    super::engine::kick();
    true
}

fn read_context(message: &JsValue) -> Option<CommentContext> {
    let is_context = Reflect::get(message, &"type".into()).ok()?.as_string().as_deref() == Some("context_opened");
    let context = Reflect::get(message, &"context".into()).ok().filter(|_| is_context)?;
    let text = JSON::stringify(&context).ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

async fn ensure_loaded(member_id: &str) {
    if LOADED.with(|loaded| loaded.borrow().as_ref().is_some_and(|(id, _)| id == member_id)) {
        return;
    }
    let stored = chrome::local_read(&key(member_id)).await.ok().and_then(|value| value.as_string());
    let outbox = stored.and_then(|text| serde_json::from_str::<CaptureOutbox>(&text).ok()).unwrap_or_default();
    LOADED.with(|loaded| {
        let mut loaded = loaded.borrow_mut();
        if loaded.as_ref().is_none_or(|(id, _)| id != member_id) {
            *loaded = Some((member_id.to_owned(), outbox));
        }
    });
}

fn with<T>(step: impl FnOnce(&mut CaptureOutbox) -> T) -> Option<T> {
    LOADED.with(|loaded| loaded.borrow_mut().as_mut().map(|(_, outbox)| step(outbox)))
}

async fn save() {
    let snapshot = LOADED.with(|loaded| {
        let loaded = loaded.borrow();
        let (member_id, outbox) = loaded.as_ref()?;
        Some((key(member_id), serde_json::to_string(outbox).unwrap_or_default()))
    });
    let Some((key, text)) = snapshot else { return };
    if let Err(error) = chrome::local_write(&key, &JsValue::from_str(&text)).await {
        gloo::console::warn!("Tact: could not keep the mentions to record", error);
    }
}

/// Part of a sync round: reads the team's history settings when due, then sends the waiting
/// captures one by one. Stops at the first answer that says "later" (offline, busy, signed out).
pub async fn send_waiting(server: &ServerAddress, token: &str, member_id: &str) -> Result<(), SyncProblem> {
    ensure_loaded(member_id).await;
    if with(|outbox| outbox.waiting.is_empty()).unwrap_or(true) {
        return Ok(());
    }
    if with(|outbox| outbox.settings_due(clock::now_ms())).unwrap_or(false) {
        let view: HistorySettingsView =
            http::json("GET", &server.api("/history/settings"), server.as_str(), Some(token), None::<&()>).await?;
        with(|outbox| outbox.set_settings(view.settings, clock::now_ms()));
        save().await;
    }
    loop {
        let batch = with(|outbox| outbox.next_batch()).unwrap_or_default();
        if batch.is_empty() {
            return Ok(());
        }
        send_batch(server, token, batch).await?;
    }
}

/// Sends captures in order; each answered one leaves the queue (so the caller's loop ends).
async fn send_batch(server: &ServerAddress, token: &str, batch: Vec<MentionCapture>) -> Result<(), SyncProblem> {
    for capture in batch {
        let body = serde_json::to_string(&capture).unwrap_or_default();
        let unreachable = || SyncProblem::Unreachable { server: server.as_str().to_owned() };
        let answer =
            http::send("POST", &server.api("/history/mentions"), Some(token), Some(body)).await.map_err(|_| unreachable())?;
        let code = error_code(answer.status, &answer.body);
        let Some(outcome) = CaptureAnswer::from_http(answer.status, &code) else {
            return Err(problem_from_http(answer.status, &answer.body, answer.retry_after.as_deref()));
        };
        with(|outbox| {
            outbox.answered(&capture.permalink, outcome);
            if outcome == CaptureAnswer::NotRecorded {
                outbox.settings = None; // The team changed its settings: read them again.
            }
        });
        save().await;
    }
    Ok(())
}

/// The error's code (`capture_off`...), read by the sync engine's own error reader.
fn error_code(status: u16, body: &str) -> String {
    match problem_from_http(status, body, None) {
        SyncProblem::Server { code, .. } => code,
        _ => String::new(),
    }
}
