//! The extension's wasm side: two modules built from this one crate, by cargo feature.
//!
//! - `agent` (feature `agent`, file `wasm/agent_bg.wasm`): the content script in every tab
//!   ([`start_agent`]): site adapter, launchers, insertion, shortcut detection. It is the only
//!   module pages can fetch (a web-accessible resource), and it holds no team data.
//! - `pages` (feature `pages`, file `wasm/tact_bg.wasm`): the service worker
//!   ([`start_background`], [`background_handle`]) and the extension pages ([`start_panel`]):
//!   library, templates, guidelines, storage.
//!
//! Splitting keeps each tab's cost to what the agent needs, and each module within the size
//! budget. Tests build both. The JS loaders in `extension/` only load a module and call one of
//! these entry points.

// Shared helpers: some are unused in a one-module build.
#![cfg_attr(not(all(feature = "agent", feature = "pages")), allow(dead_code))]

#[cfg(feature = "agent")]
mod agent;
#[cfg(feature = "pages")]
mod background;
#[cfg(feature = "bench")]
mod bench;
mod chrome;
#[cfg(feature = "pages")]
mod clock;
mod dom;
#[cfg(feature = "pages")]
mod panel;
#[cfg(feature = "pages")]
mod store;
mod wire;

use wasm_bindgen::prelude::*;

/// Entry point of the content script.
#[cfg(feature = "agent")]
#[wasm_bindgen]
pub fn start_agent() {
    agent::start();
}

/// Entry point of the service worker, after its listeners are registered by the loader.
#[cfg(feature = "pages")]
#[wasm_bindgen]
pub fn start_background() {}

/// Handles one runtime message in the service worker; resolves to the answer.
#[cfg(feature = "pages")]
#[wasm_bindgen]
pub async fn background_handle(message: JsValue, sender: JsValue) -> JsValue {
    background::handle(message, sender).await
}

/// Entry point of the panel page.
#[cfg(feature = "pages")]
#[wasm_bindgen]
pub fn start_panel() {
    panel::start();
}

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
