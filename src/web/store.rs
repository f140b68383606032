//! The extension's durable local state, in `chrome.storage.local`: the reply library and the
//! user's settings. Extension pages and the background read it; content scripts never do.
//!
//! A change is shown as saved only after the browser has written it, so a closed panel or a
//! killed worker loses nothing.

use wasm_bindgen::JsValue;

use crate::core::library::{ImportMode, Library};
use crate::core::model::Settings;
use crate::web::chrome;

/// Where the library is kept; public so pages can follow changes made elsewhere.
pub const LIBRARY_KEY: &str = "library.v1";
const SETTINGS_KEY: &str = "settings.v1";

/// The library as last saved, or the starter library on first use. A stored library that no
/// longer reads (a damaged profile) is kept aside, not overwritten, and the starter is used.
pub async fn load_library() -> Library {
    let stored = chrome::local_read(LIBRARY_KEY).await.ok().and_then(|value| value.as_string());
    let Some(json) = stored else { return Library::starter() };
    let mut library = Library::default();
    match library.import_json(&json, ImportMode::Replace) {
        Ok(_) => library,
        Err(error) => {
            gloo::console::error!(format!("Tact: the saved library could not be read ({error}); it is kept under library.damaged"));
            let _ = chrome::local_write("library.damaged", &JsValue::from_str(&json)).await;
            Library::starter()
        }
    }
}

/// Saves the whole library; `Err` carries a message for the user.
pub async fn save_library(library: &Library) -> Result<(), String> {
    chrome::local_write(LIBRARY_KEY, &JsValue::from_str(&library.export_json()))
        .await
        .map_err(|error| error.as_string().unwrap_or_else(|| "the browser refused to store the library".into()))
}

pub async fn load_settings() -> Settings {
    let stored = chrome::local_read(SETTINGS_KEY).await.ok().and_then(|value| value.as_string());
    stored.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default()
}

pub async fn save_settings(settings: &Settings) -> Result<(), String> {
    let json = serde_json::to_string(settings).map_err(|error| error.to_string())?;
    chrome::local_write(SETTINGS_KEY, &JsValue::from_str(&json))
        .await
        .map_err(|error| error.as_string().unwrap_or_else(|| "the browser refused to store the settings".into()))
}
