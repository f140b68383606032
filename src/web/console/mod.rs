//! The team console (`console.html`, the `console` module): the manager's full-page view.
//! Built so far: reports (a range and a grouping, charts as accessible SVG with their tables,
//! CSV of every table) and the monthly report page made to print (`?view=monthly&month=YYYY-MM`).
//! `?lang=fr|en` picks the language of the page (a report printed in the brand's language).
//!
//! It reads the session the service worker keeps in `chrome.storage.session` and asks the team
//! server directly (the server's CORS answers extension origins); the server decides who may
//! read what (reports: managers and owners), the console only says what it answered.

mod reports;
mod svg;
mod words;

use std::rc::Rc;

use crate::web::console::words::word;
use crate::web::dom::{self, Node};
use crate::web::sync as team;

pub fn start() {
    let Some(slot) = dom::document().get_element_by_id("console") else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let params = search_params();
        let param = |name: &str| params.as_ref().and_then(|params| params.get(name));
        if let Some(lang) = param("lang") {
            words::choose(&lang).await;
        }
        let document = dom::document();
        document.set_title(&word("consoleTitle"));
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("lang", &words::lang());
        }
        match team::session().await {
            None => dom::replace_children(
                &slot,
                Node::new("p")
                    .attr("role", "alert")
                    .text(&word("consoleSignedOut"))
                    .child(Node::new("a").attr("href", "options.html").text(&word("consoleOpenOptions"))),
            ),
            Some(session) => {
                let api = Rc::new(reports::Api { session });
                match param("view").as_deref() {
                    Some("monthly") => reports::monthly(&slot, api, param("month")),
                    _ => reports::view(&slot, api),
                }
            }
        }
        let _ = slot.set_attribute("aria-busy", "false");
    });
}

fn search_params() -> Option<web_sys::UrlSearchParams> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()
}
