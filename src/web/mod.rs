//! The extension's wasm side: one module, three entry points, one per context.
//!
//! - [`start_agent`]: the content script in every tab (site adapter, launchers).
//! - [`start_background`] and [`background_handle`]: the service worker (messaging hub).
//! - [`start_panel`]: the side panel / sidebar page.
//!
//! The JS loaders in `extension/` only load this module and call one of these.

mod agent;
mod background;
#[cfg(feature = "bench")]
mod bench;
mod chrome;
mod clock;
mod dom;
mod panel;
mod store;
mod wire;

use wasm_bindgen::prelude::*;

/// Entry point of the content script.
#[wasm_bindgen]
pub fn start_agent() {
    agent::start();
}

/// Entry point of the service worker, after its listeners are registered by the loader.
#[wasm_bindgen]
pub fn start_background() {}

/// Handles one runtime message in the service worker; resolves to the answer.
#[wasm_bindgen]
pub async fn background_handle(message: JsValue, sender: JsValue) -> JsValue {
    background::handle(message, sender).await
}

/// Entry point of the panel page.
#[wasm_bindgen]
pub fn start_panel() {
    panel::start();
}

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
