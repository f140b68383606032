//! The live channel, held by the open panel: a streaming `fetch` of `GET /api/v1/events`
//! (an `EventSource` cannot send the bearer token). Each `cursor` event tells the background
//! to sync; so does every (re)connection, to catch up on what was missed, and every `approval`
//! event (the worker's round shows an approver's desktop notification). Each `presence` event
//! goes to the author's history (who is replying to the comment shown), in the history module. A dropped channel
//! is opened again after 1, 2, 4... up to 30 s, and at once when the session changes.
//!
//! Why here: a service worker has no `EventSource`, and MV3 stops an idle one after ~30 s
//! whatever it is reading, so the channel lives where a person is looking: the panel.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::core::sync::{retry_delay_ms, CursorEvents, LiveEvent, SyncRequest};
use crate::web::sync::{self as sync_store};
use crate::web::{chrome, http};

const MAX_BACKOFF_MS: u32 = 30_000;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &js_sys::Function, ms: i32) -> JsValue;
}

thread_local! {
    /// Bumped when the session changes: the channel in use ends and a new one opens.
    static GENERATION: Cell<u32> = const { Cell::new(0) };
    /// The open channel, cancelled when the session changes.
    static STREAM: RefCell<Option<Rc<http::TextStream>>> = const { RefCell::new(None) };
    /// Ends the current wait early (a session appeared or changed).
    static WAKE: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Opens the channel for as long as the panel is open.
pub fn start() {
    chrome::on_storage_change("session", sync_store::SESSION_KEY, || {
        GENERATION.with(|generation| generation.set(generation.get().wrapping_add(1)));
        if let Some(stream) = STREAM.with(|cell| cell.borrow_mut().take()) {
            stream.cancel();
        }
        if let Some(wake) = WAKE.with(|cell| cell.borrow_mut().take()) {
            let _ = wake.call0(&JsValue::NULL);
        }
    });
    wasm_bindgen_futures::spawn_local(run());
}

async fn run() {
    let mut failures: u32 = 0;
    loop {
        let generation = GENERATION.with(Cell::get);
        let wait = match sync_store::session().await {
            Some(session) => {
                let connected = listen(&session.server, &session.token).await;
                failures = if connected { 0 } else { failures.saturating_add(1) };
                if connected { 1_000 } else { retry_delay_ms(failures, MAX_BACKOFF_MS) as i32 }
            }
            None => NO_SESSION_WAIT_MS, // Until a sign-in wakes it.
        };
        if GENERATION.with(Cell::get) == generation {
            wait_or_session_change(wait).await;
        }
    }
}

/// Waited without a session before looking again (a sign-in ends the wait at once).
const NO_SESSION_WAIT_MS: i32 = 3_600_000;

/// Waits `ms`, cut short when the session changes.
async fn wait_or_session_change(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        set_timeout(&resolve, ms);
        WAKE.with(|cell| *cell.borrow_mut() = Some(resolve));
    });
    let _ = JsFuture::from(promise).await;
    WAKE.with(|cell| cell.borrow_mut().take());
}

/// Reads one connection until it ends (or the session changes); true if it was open at all.
async fn listen(server: &str, token: &str) -> bool {
    let generation = GENERATION.with(Cell::get);
    let url = format!("{server}/api/v1/events");
    let Ok(response) = http::start("GET", &url, Some(token), None, None).await else { return false };
    if http::status_of(&response) != 200 {
        // A refused session (401): the background finds out on its next round and says so.
        sync_now(None).await;
        return false;
    }
    let Some(stream) = http::TextStream::of(&response).map(Rc::new) else { return false };
    sync_now(None).await; // Catch up on what happened while the channel was closed.
    super::approvals::on_approval_event();
    let mut events = CursorEvents::default();
    STREAM.with(|cell| *cell.borrow_mut() = Some(stream.clone()));
    while GENERATION.with(Cell::get) == generation {
        let Some(chunk) = stream.next().await else { break };
        for event in events.feed_events(&chunk) {
            match event {
                LiveEvent::Cursor(cursor) => sync_now(Some(cursor)).await,
                LiveEvent::Presence(presence) => tell_history(&presence),
            }
        }
        if events.take_approval_events() > 0 {
            super::approvals::on_approval_event();
            sync_now(None).await; // The worker's round announces a new request on the desktop.
        }
    }
    STREAM.with(|cell| cell.borrow_mut().take());
    stream.cancel();
    true
}

/// Hands a `presence` event to the history module on this page (its own wasm module: see
/// `src/web/history`), as a `tact-presence` event on the window carrying the JSON text.
fn tell_history(data: &str) {
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&JsValue::from_str(data));
    let event = web_sys::CustomEvent::new_with_event_init_dict("tact-presence", &init);
    if let (Ok(event), Some(window)) = (event, web_sys::window()) {
        let _ = window.dispatch_event(&event);
    }
}

async fn sync_now(cursor: Option<u64>) {
    let _ = sync_store::ask(&SyncRequest::SyncNow { cursor }).await;
}
