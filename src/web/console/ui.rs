//! What the console's views share: tables of numbers, downloads, times in UTC, buttons.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::core::reports::calendar::{day_of, day_text, DAY_MS};
use crate::web::console::words::word;
use crate::web::dom::{self, Node};

/// A table with a header row of `columns` (message keys) and `rows` of cells.
pub fn table(columns: &[&str], rows: Vec<Vec<String>>) -> Option<Node> {
    if rows.is_empty() {
        return Some(Node::new("p").class("empty").text(&word("consoleEmpty")));
    }
    let head = Node::new("tr").children(columns.iter().map(|key| Node::new("th").attr("scope", "col").text(&word(key))));
    let body = Node::new("tbody").children(rows.into_iter().map(|cells| {
        Node::new("tr").children(cells.into_iter().enumerate().map(|(index, cell)| {
            if index == 0 {
                Node::new("th").attr("scope", "row").text(&cell)
            } else {
                Node::new("td").text(&cell)
            }
        }))
    }));
    Some(Node::new("table").child(Node::new("thead").child(head)).child(body))
}

/// Saves `text` through a temporary `<a download>` over an object URL.
pub fn download(name: &str, text: &str, mime: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: HtmlElement = Node::new("a").attr("href", &url).attr("download", name).attr("hidden", "").build().dyn_into()?;
    let body = dom::document().body().ok_or_else(|| wasm_bindgen::JsValue::from_str("no body"))?;
    body.append_child(&link)?;
    link.click();
    link.remove();
    gloo::timers::callback::Timeout::new(1_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// `2026-11-02 09:20 UTC` of an instant.
pub fn time_text(ms: i64) -> String {
    let minutes = ms.rem_euclid(DAY_MS) / 60_000;
    format!("{} {:02}:{:02} UTC", day_text(day_of(ms)), minutes / 60, minutes % 60)
}

/// A button of type `button` with the message `key`.
pub fn button(key: &str) -> Node {
    Node::new("button").attr("type", "button").text(&word(key))
}

/// A line saying how an action went: `role=status`, or `role=alert` for a refusal.
pub fn outcome(slot: &web_sys::Element, result: Result<String, String>) {
    let node = match result {
        Ok(text) => Node::new("p").class("status").attr("role", "status").text(&text),
        Err(text) => Node::new("p").class("error").attr("role", "alert").text(&text),
    };
    dom::replace_children(slot, node);
}
