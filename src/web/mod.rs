//! The extension's wasm side: modules built from this one crate, by cargo feature.
//!
//! - `agent` (feature `agent`, file `wasm/agent_bg.wasm`): the content script in every tab
//!   ([`start_agent`]): site adapter, launchers, insertion, shortcut detection. It is the only
//!   module pages can fetch (a web-accessible resource), and it holds no team data.
//! - `pages` (feature `pages`, file `wasm/tact_bg.wasm`): the side panel ([`start_panel`]:
//!   library, search, templates and their editor, the sync banner, the live channel).
//! - `history` (feature `history`, file `wasm/history_bg.wasm`): the author's history in the
//!   panel page ([`start_history`]: timeline, tags, notes, who is replying). Its own module so
//!   the panel's stays within its size budget; the two talk through the page (the background's
//!   broadcasts reach both, and the panel's live channel re-emits `presence` events).
//! - `background` (feature `background`, file `wasm/background_bg.wasm`): the service worker's
//!   messaging hub ([`start_background`], [`background_handle`]): senders checked, comment
//!   contexts, insertions, shortcut expansion.
//! - `sync` (feature `sync`, file `wasm/sync_bg.wasm`): the service worker's team sync
//!   ([`start_sync`], [`sync_handle`], [`sync_alarm`]): sign-in, the outbox and the team's
//!   copy in `chrome.storage.local`, pushes and pulls. The worker's loader hands it the pages'
//!   `sync` messages and the alarm; it checks their senders itself. The options page
//!   ([`start_options`]: server, sign-in, the team) loads this module too: it needs nothing of
//!   the panel's search or editor.
//!
//! - `guidelines` (feature `guidelines`, file `wasm/guidelines_bg.wasm`): the brand-guideline
//!   engine. The agent imports it the first time a reply box gets input (like its own module,
//!   a web-accessible resource holding code only; the rules come from storage); the options
//!   page loads it for the guideline settings ([`guidelines::settings`]).
//! - `console` (feature `console`, file `wasm/console_bg.wasm`): the team console
//!   ([`start_console`], `console.html`), the manager's full-page view: reports, approvals,
//!   members, audit, history, library. A module of its own keeps the panel's under its budget.
//!
//! Splitting keeps each context's cost to what it needs, and each module within the size
//! budget (sync and the hub together would not fit one). Tests build all. The JS loaders in
//! `extension/` only load modules and call these entry points.

// Shared helpers: some are unused in a one-module build.
#![cfg_attr(
    not(all(
        feature = "agent",
        feature = "pages",
        feature = "background",
        feature = "sync",
        feature = "guidelines",
        feature = "console"
    )),
    allow(dead_code)
)]

#[cfg(feature = "agent")]
mod agent;
#[cfg(feature = "background")]
mod background;
#[cfg(feature = "bench")]
mod bench;
mod chrome;
#[cfg(any(feature = "pages", feature = "history", feature = "background", feature = "sync"))]
mod clock;
#[cfg(feature = "console")]
mod console;
mod dom;
#[cfg(feature = "guidelines")]
mod guidelines;
#[cfg(feature = "history")]
mod history;
#[cfg(any(feature = "pages", feature = "history", feature = "sync", feature = "console"))]
mod http;
#[cfg(feature = "sync")]
mod options;
#[cfg(feature = "pages")]
mod panel;
#[cfg(any(feature = "pages", feature = "background", feature = "sync"))]
mod store;
#[cfg(any(feature = "pages", feature = "history", feature = "sync", feature = "console"))]
mod sync;
mod wire;

#[allow(unused_imports)] // The guidelines-only build exports from its own files.
use wasm_bindgen::prelude::*;

/// Entry point of the content script.
/// `load_guidelines` resolves to the guidelines module's exports, initialised: the agent calls
/// it the first time a reply box gets input.
#[cfg(feature = "agent")]
#[wasm_bindgen]
pub fn start_agent(load_guidelines: js_sys::Function) {
    agent::start(load_guidelines);
}

/// The submit guard's decision for one event (`extension/guard.js` calls it): true stops it.
#[cfg(feature = "agent")]
#[wasm_bindgen]
pub fn guard_decide(event: web_sys::Event) -> bool {
    agent::guard::decide(event)
}

/// Entry point of the service worker's hub, after its listeners are registered by the loader.
#[cfg(feature = "background")]
#[wasm_bindgen]
pub fn start_background() {}

/// Handles one runtime message in the service worker; resolves to the answer.
#[cfg(feature = "background")]
#[wasm_bindgen]
pub async fn background_handle(message: JsValue, sender: JsValue) -> JsValue {
    background::handle(message, sender).await
}

/// Entry point of the service worker's team sync: a round at every start of the worker.
#[cfg(feature = "sync")]
#[wasm_bindgen]
pub fn start_sync() {
    sync::engine::start();
}

/// Handles one `sync` runtime message in the service worker; resolves to the answer.
#[cfg(feature = "sync")]
#[wasm_bindgen]
pub async fn sync_handle(message: JsValue, sender: JsValue) -> JsValue {
    sync::engine::handle_message(message, sender).await
}

/// Handles one `record` runtime message (an approval request or a published reply) in the
/// service worker: stored in the record outbox, then sent; resolves once stored.
#[cfg(feature = "sync")]
#[wasm_bindgen]
pub async fn sync_record(message: JsValue, sender: JsValue) -> JsValue {
    sync::records::handle_message(message, sender).await
}

/// The agent reported a comment the member opened (the hub handles the message itself): the
/// sync module queues it for the team's mention history. Resolves to whether it was queued.
#[cfg(feature = "sync")]
#[wasm_bindgen]
pub async fn sync_context_opened(message: JsValue, sender: JsValue) -> bool {
    sync::captures::on_context_opened(message, sender).await
}

/// The agent's presence on a comment (replying, closed, replied), sent to the team's server.
#[cfg(feature = "sync")]
#[wasm_bindgen]
pub async fn sync_presence(message: JsValue, sender: JsValue) -> bool {
    sync::presence::on_presence(message, sender).await
}

/// A `chrome.alarms` alarm fired in the service worker.
#[cfg(feature = "sync")]
#[wasm_bindgen]
pub fn sync_alarm(name: String) {
    sync::engine::on_alarm(&name);
}

/// Entry point of the options page.
#[cfg(feature = "sync")]
#[wasm_bindgen]
pub fn start_options() {
    options::start();
}

/// Entry point of the author's history in the panel page (the page loads both modules).
#[cfg(feature = "history")]
#[wasm_bindgen]
pub fn start_history() {
    history::start();
}

/// Entry point of the team console page.
#[cfg(feature = "console")]
#[wasm_bindgen]
pub fn start_console() {
    console::start();
}

/// Entry point of the panel page.
#[cfg(feature = "pages")]
#[wasm_bindgen]
pub fn start_panel() {
    panel::start();
}

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
