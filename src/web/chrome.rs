//! The few `chrome.*` extension APIs Tact uses, bound once.
//!
//! Firefox exposes the same `chrome` namespace with promises in Manifest V3, so these
//! bindings serve both browsers. Optional APIs (side panel) are looked up at call time.

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["chrome", "runtime"], js_name = sendMessage, catch)]
    fn runtime_send_message(message: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["chrome", "runtime"], js_name = getURL)]
    fn runtime_get_url(path: &str) -> String;

    #[wasm_bindgen(thread_local_v2, js_namespace = ["chrome", "runtime"], js_name = id)]
    static RUNTIME_ID: String;

    #[wasm_bindgen(js_namespace = ["chrome", "runtime", "onMessage"], js_name = addListener)]
    fn on_message_add_listener(listener: &Closure<dyn FnMut(JsValue, JsValue, JsValue) -> JsValue>);

    #[wasm_bindgen(js_namespace = ["chrome", "tabs"], js_name = sendMessage, catch)]
    fn tabs_send_message(tab_id: i32, message: &JsValue, options: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["chrome", "i18n"], js_name = getMessage)]
    fn i18n_get_message(name: &str) -> String;

    #[wasm_bindgen(js_namespace = ["chrome", "i18n"], js_name = getMessage)]
    fn i18n_get_message_with(name: &str, substitutions: &js_sys::Array) -> String;

    #[wasm_bindgen(js_namespace = ["chrome", "i18n"], js_name = getUILanguage)]
    fn i18n_get_ui_language() -> String;

    #[wasm_bindgen(js_namespace = ["chrome", "storage", "local"], js_name = get, catch)]
    fn local_get(keys: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["chrome", "storage", "local"], js_name = set, catch)]
    fn local_set(items: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["chrome", "storage", "onChanged"], js_name = addListener)]
    fn storage_on_changed_add_listener(listener: &Closure<dyn FnMut(JsValue, JsValue)>);

    #[wasm_bindgen(js_namespace = ["chrome", "storage", "session"], js_name = get, catch)]
    fn session_get(keys: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["chrome", "storage", "session"], js_name = set, catch)]
    fn session_set(items: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["chrome", "storage", "session"], js_name = remove, catch)]
    fn session_remove_keys(keys: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["chrome", "storage", "local"], js_name = remove, catch)]
    fn local_remove_keys(keys: &JsValue) -> Result<Promise, JsValue>;
}

/// Our extension id.
pub fn extension_id() -> String {
    RUNTIME_ID.with(String::clone)
}

/// Our pages' origin, e.g. `chrome-extension://<id>` (no trailing slash).
pub fn extension_origin() -> String {
    runtime_get_url("").trim_end_matches('/').to_owned()
}

/// Sends a message to the extension's other contexts and waits for the answer.
pub async fn send_message(message: &JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(runtime_send_message(message)?).await
}

/// Sends a message nobody has to answer: a missing listener (no panel open) is not an error.
pub fn broadcast(message: &JsValue) {
    if let Ok(promise) = runtime_send_message(message) {
        settle_quietly(promise);
    }
}

/// Sends a message to our content script in one frame of a tab and waits for its answer.
pub async fn send_to_tab(tab_id: i32, frame_id: i32, message: &JsValue) -> Result<JsValue, JsValue> {
    let options = Object::new();
    Reflect::set(&options, &"frameId".into(), &frame_id.into())?;
    JsFuture::from(tabs_send_message(tab_id, message, &options)?).await
}

/// Listens to runtime messages in a page or content script. The listener gets the message and
/// the sender record and answers synchronously, or not at all (`None`).
pub fn on_message(mut listener: impl FnMut(JsValue, JsValue) -> Option<JsValue> + 'static) {
    let closure = Closure::wrap(Box::new(move |message: JsValue, sender: JsValue, respond: JsValue| {
        if let (Some(answer), Some(respond)) = (listener(message, sender), respond.dyn_ref::<js_sys::Function>()) {
            let _ = respond.call1(&JsValue::NULL, &answer);
        }
        JsValue::FALSE // Answered already, or not at all.
    }) as Box<dyn FnMut(JsValue, JsValue, JsValue) -> JsValue>);
    on_message_add_listener(&closure);
    closure.forget(); // Lives as long as the page.
}

/// Like [`on_message`], for answers that take time (an insertion waits for the page's editor):
/// the listener returns the future answer, and the channel stays open until it resolves.
pub fn on_message_async<F>(mut listener: impl FnMut(JsValue, JsValue) -> Option<F> + 'static)
where
    F: std::future::Future<Output = JsValue> + 'static,
{
    let closure = Closure::wrap(Box::new(move |message: JsValue, sender: JsValue, respond: JsValue| {
        let (Some(answer), Some(respond)) = (listener(message, sender), respond.dyn_into::<js_sys::Function>().ok()) else {
            return JsValue::FALSE; // Not for us: no answer.
        };
        wasm_bindgen_futures::spawn_local(async move {
            let _ = respond.call1(&JsValue::NULL, &answer.await);
        });
        JsValue::TRUE // The answer comes later.
    }) as Box<dyn FnMut(JsValue, JsValue, JsValue) -> JsValue>);
    on_message_add_listener(&closure);
    closure.forget(); // Lives as long as the page.
}

/// Classifies the sender of a runtime message received here.
pub fn classify_sender(sender: &JsValue) -> crate::core::model::Sender {
    crate::core::model::Sender::classify(&sender_record(sender), &extension_id(), &extension_origin())
}

/// Reads the parts of `chrome.runtime.MessageSender` the classification needs.
fn sender_record(sender: &JsValue) -> crate::core::model::SenderRecord {
    let number = |object: &JsValue, key: &str| Reflect::get(object, &key.into()).ok().and_then(|value| value.as_f64()).map(|value| value as i32);
    let text = |key: &str| Reflect::get(sender, &key.into()).ok().and_then(|value| value.as_string());
    let tab = Reflect::get(sender, &"tab".into()).unwrap_or(JsValue::UNDEFINED);
    crate::core::model::SenderRecord {
        id: text("id"),
        url: text("url"),
        tab_id: if tab.is_object() { number(&tab, "id") } else { None },
        frame_id: number(sender, "frameId"),
    }
}

/// A localised string from `_locales`, or the key itself when missing (never an empty label).
pub fn message(name: &str) -> String {
    let text = i18n_get_message(name);
    if text.is_empty() { name.to_owned() } else { text }
}

/// A localised message whose placeholders (`$1`...) take `values`, or the key when missing.
pub fn message_with(name: &str, values: &[&str]) -> String {
    let substitutions: js_sys::Array = values.iter().map(|value| JsValue::from_str(value)).collect();
    let text = i18n_get_message_with(name, &substitutions);
    if text.is_empty() { name.to_owned() } else { text }
}

/// The browser's UI language, e.g. `fr` or `en-US`.
pub fn ui_language() -> String {
    i18n_get_ui_language()
}

/// Reads one key from `chrome.storage.session` (memory only, not readable by content scripts).
pub async fn session_read(key: &str) -> Result<JsValue, JsValue> {
    let items = JsFuture::from(session_get(&JsValue::from_str(key))?).await?;
    Reflect::get(&items, &JsValue::from_str(key))
}

/// Writes keys to `chrome.storage.session`.
pub async fn session_write(entries: &[(&str, JsValue)]) -> Result<(), JsValue> {
    let items = Object::new();
    for (key, value) in entries {
        Reflect::set(&items, &JsValue::from_str(key), value)?;
    }
    JsFuture::from(session_set(&items)?).await.map(|_| ())
}

/// Reads one key from `chrome.storage.local` (on disk; survives browser restarts).
pub async fn local_read(key: &str) -> Result<JsValue, JsValue> {
    let items = JsFuture::from(local_get(&JsValue::from_str(key))?).await?;
    Reflect::get(&items, &JsValue::from_str(key))
}

/// Writes one key to `chrome.storage.local`; resolves once the browser has stored it.
pub async fn local_write(key: &str, value: &JsValue) -> Result<(), JsValue> {
    let items = Object::new();
    Reflect::set(&items, &JsValue::from_str(key), value)?;
    JsFuture::from(local_set(&items)?).await.map(|_| ())
}

/// Calls `changed` whenever another context writes `key` in `chrome.storage.local`.
pub fn on_local_change(key: &'static str, changed: impl FnMut() + 'static) {
    on_storage_change("local", key, changed);
}

/// Calls `changed` whenever `key` changes in the storage `area` (`local` or `session`).
pub fn on_storage_change(area_name: &'static str, key: &'static str, mut changed: impl FnMut() + 'static) {
    let closure = Closure::wrap(Box::new(move |changes: JsValue, area: JsValue| {
        let touched = Reflect::has(&changes, &JsValue::from_str(key)).unwrap_or(false);
        if area.as_string().as_deref() == Some(area_name) && touched {
            changed();
        }
    }) as Box<dyn FnMut(JsValue, JsValue)>);
    storage_on_changed_add_listener(&closure);
    closure.forget(); // Lives as long as the page.
}

/// Writes several keys to `chrome.storage.local` in one call (one write on the browser's side).
pub async fn local_write_many(entries: &[(&str, JsValue)]) -> Result<(), JsValue> {
    let items = Object::new();
    for (key, value) in entries {
        Reflect::set(&items, &JsValue::from_str(key), value)?;
    }
    JsFuture::from(local_set(&items)?).await.map(|_| ())
}

/// Removes keys from `chrome.storage.local`.
pub async fn local_remove(keys: &[&str]) -> Result<(), JsValue> {
    let keys: js_sys::Array = keys.iter().map(|key| JsValue::from_str(key)).collect();
    JsFuture::from(local_remove_keys(&keys)?).await.map(|_| ())
}

/// Removes a key from `chrome.storage.session`.
pub async fn session_remove(key: &str) -> Result<(), JsValue> {
    JsFuture::from(session_remove_keys(&JsValue::from_str(key))?).await.map(|_| ())
}

/// Makes a repeating `chrome.alarms` alarm unless one of that name exists (alarms survive the
/// worker, not always the browser). Firefox and Chrome accept `periodInMinutes` of 0.5 and up.
pub async fn ensure_alarm(name: &str, period_minutes: f64) {
    let Some(alarms) = lookup(&["chrome", "alarms"]) else { return };
    let call = |method: &str, args: &js_sys::Array| -> Option<JsValue> {
        let function = Reflect::get(&alarms, &JsValue::from_str(method)).ok()?.dyn_into::<js_sys::Function>().ok()?;
        function.apply(&alarms, args).ok()
    };
    let existing = match call("get", &js_sys::Array::of1(&JsValue::from_str(name))) {
        Some(promise) => JsFuture::from(Promise::resolve(&promise)).await.ok(),
        None => None,
    };
    if existing.is_some_and(|alarm| alarm.is_object()) {
        return;
    }
    let options = Object::new();
    let _ = Reflect::set(&options, &"periodInMinutes".into(), &period_minutes.into());
    let _ = Reflect::set(&options, &"delayInMinutes".into(), &period_minutes.into());
    if let Some(promise) = call("create", &js_sys::Array::of2(&JsValue::from_str(name), &options)) {
        if let Ok(promise) = promise.dyn_into::<Promise>() {
            settle_quietly(promise);
        }
    }
}

/// Opens the extension's options page.
pub fn open_options_page() {
    let Some(open) = lookup(&["chrome", "runtime", "openOptionsPage"]).and_then(|open| open.dyn_into::<js_sys::Function>().ok()) else { return };
    let runtime = lookup(&["chrome", "runtime"]).unwrap_or(JsValue::UNDEFINED);
    if let Ok(result) = open.call0(&runtime) {
        if let Ok(promise) = result.dyn_into::<Promise>() {
            settle_quietly(promise);
        }
    }
}

/// Opens Chrome's side panel on `tab_id` where the API exists (Chrome 114+). Must run inside
/// the user's gesture, so callers do it before any await. Firefox opens its sidebar itself.
pub fn open_side_panel(tab_id: i32) {
    let Some(open) = lookup(&["chrome", "sidePanel", "open"]) else { return };
    let Ok(open) = open.dyn_into::<js_sys::Function>() else { return };
    let options = Object::new();
    let _ = Reflect::set(&options, &"tabId".into(), &tab_id.into());
    let side_panel = lookup(&["chrome", "sidePanel"]).unwrap_or(JsValue::UNDEFINED);
    if let Ok(result) = open.call1(&side_panel, &options) {
        if let Ok(promise) = result.dyn_into::<Promise>() {
            settle_quietly(promise);
        }
    }
}

/// Shows a desktop notification (when the `notifications` permission is there and the person
/// allows them); nothing happens otherwise.
pub fn notify(id: &str, title: &str, body: &str) {
    let Some(notifications) = lookup(&["chrome", "notifications"]) else { return };
    let Some(create) = Reflect::get(&notifications, &"create".into()).ok().and_then(|create| create.dyn_into::<js_sys::Function>().ok()) else { return };
    let options = Object::new();
    let _ = Reflect::set(&options, &"type".into(), &"basic".into());
    let _ = Reflect::set(&options, &"iconUrl".into(), &runtime_get_url("icons/tact-128.png").into());
    let _ = Reflect::set(&options, &"title".into(), &title.into());
    let _ = Reflect::set(&options, &"message".into(), &body.into());
    if let Ok(result) = create.call2(&notifications, &id.into(), &options) {
        if let Ok(promise) = result.dyn_into::<Promise>() {
            settle_quietly(promise);
        }
    }
}

/// Lets a promise settle without reporting its rejection as uncaught.
fn settle_quietly(promise: Promise) {
    wasm_bindgen_futures::spawn_local(async move {
        let _ = JsFuture::from(promise).await;
    });
}

fn lookup(path: &[&str]) -> Option<JsValue> {
    let mut value: JsValue = js_sys::global().into();
    for key in path {
        value = Reflect::get(&value, &JsValue::from_str(key)).ok()?;
        if value.is_undefined() || value.is_null() {
            return None;
        }
    }
    Some(value)
}
