//! The record outbox in the service worker: approval requests (from the panel) and published
//! replies (from the agent) wait here, on disk, until the team server has answered them.
//!
//! A record is stored before its sender hears "kept", so a worker stopped right after, a
//! browser closed, or a server down loses nothing. Records go out at each sync round, oldest
//! first; the server records each client-made id once, so one sent again after a lost answer is
//! not recorded twice (`core::model::records`). The outbox is kept per member: a record is
//! only ever sent with its own member's session.
//!
//! Each round also reads the team's settings (`GET /api/v1/team/settings`) for the guard.

use std::cell::RefCell;

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use super::account;
use crate::core::model::records::{Delivery, Record, RecordOutbox};
use crate::core::model::Refusal;
use crate::core::sync::ServerAddress;
use crate::web::{chrome, http};

/// Where the guard reads the team's settings (exempted interns).
pub const SETTINGS_KEY: &str = "team.settings.v1";

thread_local! {
    /// The member whose outbox is loaded, and the outbox.
    static LOADED: RefCell<Option<(String, RecordOutbox)>> = const { RefCell::new(None) };
}

fn outbox_key(member_id: &str) -> String {
    format!("records.outbox.{member_id}.v1")
}

/// Handles `{type: "record", record: "<JSON of a Record>"}` from the agent or the panel:
/// answers `{type: "record"}` once the record is on disk, or a refusal with its reason.
pub async fn handle_message(message: JsValue, sender: JsValue) -> JsValue {
    let sender = chrome::classify_sender(&sender);
    let text = Reflect::get(&message, &"record".into()).ok().and_then(|text| text.as_string());
    let Some(record) = text.and_then(|text| serde_json::from_str::<Record>(&text).ok()) else {
        return answer("refused", "malformed");
    };
    if let Err(reason) = record.permitted_from(sender) {
        return answer("refused", refusal_name(reason));
    }
    let Some(member_id) = account().await.member_id else { return answer("refused", "not_signed_in") };
    ensure_loaded(&member_id).await;
    let added = LOADED.with(|loaded| loaded.borrow_mut().as_mut().map(|(_, outbox)| outbox.add(record)));
    match added {
        Some(Ok(())) => {}
        Some(Err(error)) => return answer("refused", &error.to_string()),
        None => return answer("refused", "not_signed_in"),
    }
    if let Err(error) = save().await {
        return answer("refused", &error);
    }
    super::engine::kick();
    answer("record", "")
}

/// Sends every waiting record of `member_id`, oldest first; stops at the first one the server
/// does not answer (the next round tries again).
pub async fn flush(server: &ServerAddress, token: &str, member_id: &str) {
    ensure_loaded(member_id).await;
    let waiting: Vec<Record> = LOADED.with(|loaded| loaded.borrow().as_ref().map(|(_, outbox)| outbox.records.clone()).unwrap_or_default());
    for record in waiting {
        let body = serde_json::to_string(&record_body(&record)).ok();
        let Ok(reply) = http::send("POST", &server.api(record.path()), Some(token), body).await else { return };
        let delivery = Delivery::of_status(reply.status);
        if delivery == Delivery::Refused {
            gloo::console::warn!(format!("Tact: the team server refused a record ({}): {}", reply.status, reply.body));
        }
        LOADED.with(|loaded| {
            if let Some((_, outbox)) = loaded.borrow_mut().as_mut() {
                outbox.answered(record.id(), delivery);
            }
        });
        if let Err(error) = save().await {
            gloo::console::error!("Tact: could not store the record outbox", error);
        }
        if delivery == Delivery::Retry {
            return;
        }
    }
}

/// Reads the team's settings and keeps them for the guard.
pub async fn refresh_settings(server: &ServerAddress, token: &str) {
    let Ok(reply) = http::send("GET", &server.api("/team/settings"), Some(token), None).await else { return };
    if reply.status == 200 {
        let _ = chrome::local_write(SETTINGS_KEY, &JsValue::from_str(&reply.body)).await;
    }
}

/// The JSON body the server takes for a record (the record's payload, without the kind).
fn record_body(record: &Record) -> serde_json::Value {
    let payload = match record {
        Record::ApprovalRequest { request } => serde_json::to_value(request),
        Record::Published { reply } => serde_json::to_value(reply),
    };
    payload.unwrap_or_default()
}

async fn ensure_loaded(member_id: &str) {
    let loaded = LOADED.with(|loaded| loaded.borrow().as_ref().is_some_and(|(member, _)| member == member_id));
    if loaded {
        return;
    }
    let stored = chrome::local_read(&outbox_key(member_id)).await.ok().and_then(|value| value.as_string());
    let outbox: RecordOutbox = stored.and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default();
    LOADED.with(|loaded| {
        let mut loaded = loaded.borrow_mut();
        // Another request may have loaded (and changed) it while this one read.
        if !loaded.as_ref().is_some_and(|(member, _)| member == member_id) {
            *loaded = Some((member_id.to_owned(), outbox));
        }
    });
}

/// Writes the loaded outbox as it stands now.
async fn save() -> Result<(), String> {
    let Some((member_id, json)) = LOADED.with(|loaded| {
        loaded.borrow().as_ref().map(|(member, outbox)| (member.clone(), serde_json::to_string(outbox).unwrap_or_default()))
    }) else {
        return Ok(());
    };
    chrome::local_write(&outbox_key(&member_id), &JsValue::from_str(&json))
        .await
        .map_err(|error| error.as_string().unwrap_or_else(|| "the browser refused to store it".into()))
}

fn answer(kind: &str, reason: &str) -> JsValue {
    let object = js_sys::Object::new();
    let _ = Reflect::set(&object, &"type".into(), &kind.into());
    if !reason.is_empty() {
        let _ = Reflect::set(&object, &"reason".into(), &reason.into());
    }
    object.into()
}

fn refusal_name(reason: Refusal) -> &'static str {
    match reason {
        Refusal::UnknownSender => "unknown_sender",
        Refusal::WrongContext => "wrong_context",
        Refusal::Malformed => "malformed",
    }
}
