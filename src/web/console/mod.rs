//! The team console (`console.html`, the `console` module): the manager's full-page view.
//! Built so far, one view per `?view=`: reports (the default: a range and a grouping, charts as
//! accessible SVG with their tables, CSV of every table), the monthly report made to print
//! (`monthly&month=YYYY-MM`), the approvals inbox (`approvals`), members and invites
//! (`members`), the audit browser with the chain's state and export (`audit`), the library
//! editor (`library`: wordings side by side, live preview, checks, usage; saved through sync),
//! history search across authors and mentions (`history`).
//! `?lang=fr|en` picks the language of the page (a report printed in the brand's language).
//!
//! It reads the session the service worker keeps in `chrome.storage.session` and asks the team
//! server directly (the server's CORS answers extension origins); the server decides who may
//! read what (reports: managers and owners), the console only says what it answered.

mod api;
mod approvals;
mod audit;
mod health;
mod history;
mod library;
mod live;
mod members;
mod reports;
mod rules;
mod svg;
mod ui;
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
                let api = Rc::new(api::Api { session });
                let view = param("view").unwrap_or_default();
                if view == "monthly" {
                    reports::monthly(&slot, api, param("month"));
                } else {
                    let page = Node::new("div").build();
                    dom::replace_children(&slot, Node::new("div").child(nav(&view)).child(Node::from(page.clone())));
                    match view.as_str() {
                        "approvals" => approvals::view(&page, api),
                        "members" => members::view(&page, api),
                        "audit" => audit::view(&page, api),
                        "library" => library::view(&page, api),
                        "history" => history::view(&page, api),
                        "rules" => rules::view(&page),
                        "health" => health::view(&page),
                        _ => reports::view(&page, api),
                    }
                }
            }
        }
        let _ = slot.set_attribute("aria-busy", "false");
    });
}

/// The console's views, the current one marked for assistive technology.
fn nav(current: &str) -> Node {
    let views = [("", "consoleReports"), ("approvals", "consoleApprovalsInbox"), ("members", "consoleMembers"), ("audit", "consoleAudit"), ("history", "consoleHistory"), ("library", "consoleLibrary"), ("rules", "consoleRules"), ("health", "consoleHealth")];
    let current = if views.iter().any(|(view, _)| *view == current) { current } else { "" };
    let links = views.iter().map(|(view, key)| {
        let href = if view.is_empty() { "console.html".to_owned() } else { format!("console.html?view={view}") };
        let link = Node::new("a").attr("href", &href).attr("data-view", view).text(&word(key));
        Node::new("li").child(if *view == current { link.attr("aria-current", "page") } else { link })
    });
    Node::new("nav").class("views no-print").attr("aria-label", &word("consoleTitle")).child(Node::new("ul").children(links))
}

fn search_params() -> Option<web_sys::UrlSearchParams> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()
}
