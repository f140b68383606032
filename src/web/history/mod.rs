//! The author's history in the panel page, as its own wasm module (feature `history`): the
//! comment's author as the team knows them ([`timeline`]), beside the panel module's context
//! card and replies.
//!
//! A module of its own because the panel's is at its size budget. The two never call each
//! other: this one follows the comment being answered exactly as the panel does (it asks the
//! background for the context at start, then hears the background's `context_changed`
//! broadcasts, checking they come from the extension), and hears the live channel's `presence`
//! events through a `tact-presence` event the panel module fires on the window. Messages are
//! read field by field (only the platform, author and permalink are needed), so this module
//! carries no reader for the message enums.

mod timeline;

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::core::model::context::Author;
use crate::core::model::Sender;
use crate::web::{chrome, dom};

/// Mounts the history in the page's `#history` slot and follows the comment being answered.
pub fn start() {
    let Some(slot) = dom::document().get_element_by_id("history") else { return };
    timeline::mount(slot);
    let followed = requested_tab();
    chrome::on_message(move |message, sender| {
        if chrome::classify_sender(&sender) != Sender::ExtensionPage || text(&message, "type") != "context_changed" {
            return None;
        }
        let tab = field(&message, "tab_id").as_f64().map(|id| id as i32);
        if followed.is_none_or(|followed| tab == Some(followed)) {
            timeline::set_comment(comment(&field(&message, "context")));
        }
        None
    });
    listen_for_presence();
    wasm_bindgen_futures::spawn_local(async move {
        let request = Object::new();
        let _ = Reflect::set(&request, &"type".into(), &"get_context".into());
        let _ = Reflect::set(&request, &"tab_id".into(), &followed.map_or(JsValue::NULL, JsValue::from));
        if let Ok(answer) = chrome::send_message(&request.into()).await {
            if text(&answer, "type") == "context" {
                timeline::set_comment(comment(&field(&answer, "context")));
            }
        }
    });
}

/// The tab the panel follows, when opened as `panel.html?tab=N` (as the panel module reads it).
fn requested_tab() -> Option<i32> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get("tab")?.parse().ok()
}

/// A `CommentContext` object's platform, author and permalink (`None` when there is none).
fn comment(context: &JsValue) -> Option<(String, Author, String)> {
    if !context.is_object() {
        return None;
    }
    let author = field(context, "author");
    let author = Author { name: text(&author, "name"), handle: text(&author, "handle"), profile_url: text(&author, "profile_url") };
    Some((text(context, "platform"), author, text(context, "permalink")))
}

fn listen_for_presence() {
    let Some(window) = web_sys::window() else { return };
    let listener = Closure::<dyn FnMut(JsValue)>::new(|event: JsValue| {
        if let Some(data) = field(&event, "detail").as_string() {
            timeline::on_presence(&data);
        }
    });
    let _ = window.add_event_listener_with_callback("tact-presence", listener.as_ref().unchecked_ref());
    listener.forget();
}

fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn text(object: &JsValue, name: &str) -> String {
    field(object, name).as_string().unwrap_or_default()
}
