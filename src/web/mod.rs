//! The extension's wasm side: modules built from this one crate, by cargo feature.
//!
//! - `agent` (feature `agent`, file `wasm/agent_bg.wasm`): the content script in every tab
//!   ([`start_agent`]): site adapter, launchers, insertion, shortcut detection. It is the only
//!   module pages can fetch (a web-accessible resource), and it holds no team data.
//! - `pages` (feature `pages`, file `wasm/tact_bg.wasm`): the extension pages: the side panel
//!   ([`start_panel`]: library, search, templates and their editor, the sync banner, the live
//!   channel) and the options page ([`start_options`]: server, sign-in, the team).
//! - `background` (feature `background`, file `wasm/background_bg.wasm`): the service worker
//!   ([`start_background`], [`background_handle`], [`background_alarm`]): messaging hub, team
//!   sync, stores.
//!
//! Splitting keeps each context's cost to what it needs, and each module within the size
//! budget. Tests build all. The JS loaders in `extension/` only load a module and call one of
//! these entry points.

// Shared helpers: some are unused in a one-module build.
#![cfg_attr(not(all(feature = "agent", feature = "pages", feature = "background")), allow(dead_code))]

#[cfg(feature = "agent")]
mod agent;
#[cfg(feature = "background")]
mod background;
#[cfg(feature = "bench")]
mod bench;
mod chrome;
#[cfg(any(feature = "pages", feature = "background"))]
mod clock;
mod dom;
#[cfg(any(feature = "pages", feature = "background"))]
mod http;
#[cfg(feature = "pages")]
mod options;
#[cfg(feature = "pages")]
mod panel;
#[cfg(any(feature = "pages", feature = "background"))]
mod store;
#[cfg(any(feature = "pages", feature = "background"))]
mod sync;
mod wire;

use wasm_bindgen::prelude::*;

/// Entry point of the content script.
#[cfg(feature = "agent")]
#[wasm_bindgen]
pub fn start_agent() {
    agent::start();
}

/// Entry point of the service worker, after its listeners are registered by the loader.
#[cfg(feature = "background")]
#[wasm_bindgen]
pub fn start_background() {
    background::start();
}

/// Handles one runtime message in the service worker; resolves to the answer.
#[cfg(feature = "background")]
#[wasm_bindgen]
pub async fn background_handle(message: JsValue, sender: JsValue) -> JsValue {
    background::handle(message, sender).await
}

/// A `chrome.alarms` alarm fired in the service worker.
#[cfg(feature = "background")]
#[wasm_bindgen]
pub fn background_alarm(name: String) {
    background::on_alarm(&name);
}

/// Entry point of the options page.
#[cfg(feature = "pages")]
#[wasm_bindgen]
pub fn start_options() {
    options::start();
}

/// Entry point of the panel page.
#[cfg(feature = "pages")]
#[wasm_bindgen]
pub fn start_panel() {
    panel::start();
}

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
