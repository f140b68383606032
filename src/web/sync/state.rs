//! The member's [`SyncState`] in the service worker: read from storage once per worker, then
//! changed only by synchronous steps on the copy in memory, each followed by a write of what it
//! changed. Steps never await in the middle, so two requests handled at once (a panel's edit
//! while a push waits for the server) cannot lose each other's changes; the browser stores
//! writes in the order they are made, each holding the whole state as it stood.
//!
//! Order of writes: the documents first, then the state that points past them (cursor,
//! outbox). A worker killed between the two re-applies the same answers later (pulls and
//! push answers are idempotent), never skips any.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::core::model::api::Collection;
use crate::core::sync::{CollectionDocs, SyncProblem, SyncState};
use crate::web::chrome;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = crypto, js_name = randomUUID)]
    fn random_uuid() -> String;
}

thread_local! {
    /// The member whose state is loaded, and the state.
    static LOADED: RefCell<Option<(String, SyncState)>> = const { RefCell::new(None) };
}

/// A new random id (client ids, copies' ids, uploaded templates' ids).
pub fn new_id() -> String {
    random_uuid()
}

fn meta_key(member_id: &str) -> String {
    format!("sync.state.{member_id}.v1")
}

fn docs_key(member_id: &str, collection: Collection) -> String {
    format!("sync.docs.{member_id}.{}.v1", collection.as_str())
}

fn storage_problem(error: JsValue) -> SyncProblem {
    SyncProblem::Storage { message: error.as_string().unwrap_or_else(|| "the browser refused to store it".into()) }
}

/// Makes `member_id`'s state the one in memory, reading it from storage (or starting a fresh
/// one with a new client id) unless it is there already.
pub async fn ensure_loaded(member_id: &str) {
    if LOADED.with(|loaded| loaded.borrow().as_ref().is_some_and(|(id, _)| id == member_id)) {
        return;
    }
    let stored = chrome::local_read(&meta_key(member_id)).await.ok().and_then(|value| value.as_string());
    let mut state = match stored.as_deref().map(serde_json::from_str::<SyncState>) {
        Some(Ok(state)) => state,
        Some(Err(error)) => {
            // A damaged state is kept aside, never overwritten; sync starts again from nothing.
            gloo::console::error!(format!("Tact: the sync state could not be read ({error}); kept under sync.state.damaged"));
            let _ = chrome::local_write("sync.state.damaged", &JsValue::from_str(stored.as_deref().unwrap_or_default())).await;
            SyncState::new(new_id())
        }
        None => SyncState::new(new_id()),
    };
    for collection in Collection::ALL {
        let text = chrome::local_read(&docs_key(member_id, collection)).await.ok().and_then(|value| value.as_string());
        if let Some(docs) = text.and_then(|text| serde_json::from_str::<CollectionDocs>(&text).ok()) {
            *state.docs.of_mut(collection) = docs;
        }
    }
    // Another request may have loaded it while this one read: the first one wins, so a change
    // made on it in between is not lost.
    LOADED.with(|loaded| {
        let mut loaded = loaded.borrow_mut();
        if loaded.as_ref().is_none_or(|(id, _)| id != member_id) {
            *loaded = Some((member_id.to_owned(), state));
        }
    });
}

/// Runs one synchronous step on the loaded state; `None` when none is loaded.
pub fn with<T>(step: impl FnOnce(&mut SyncState) -> T) -> Option<T> {
    LOADED.with(|loaded| loaded.borrow_mut().as_mut().map(|(_, state)| step(state)))
}

/// Stores the documents of `collections`, then the rest of the state, as they stand now.
pub async fn save(collections: &[Collection]) -> Result<(), SyncProblem> {
    let snapshot = LOADED.with(|loaded| {
        let loaded = loaded.borrow();
        let (member_id, state) = loaded.as_ref()?;
        let docs: Vec<(String, String)> = collections
            .iter()
            .map(|collection| (docs_key(member_id, *collection), serde_json::to_string(state.docs.of(*collection)).unwrap_or_default()))
            .collect();
        Some((meta_key(member_id), serde_json::to_string(state).unwrap_or_default(), docs))
    });
    let Some((meta_key, meta, docs)) = snapshot else { return Ok(()) };
    if !docs.is_empty() {
        let entries: Vec<(&str, JsValue)> = docs.iter().map(|(key, text)| (key.as_str(), JsValue::from_str(text))).collect();
        chrome::local_write_many(&entries).await.map_err(storage_problem)?;
    }
    chrome::local_write(&meta_key, &JsValue::from_str(&meta)).await.map_err(storage_problem)
}
