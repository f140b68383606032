//! The panel: Chrome's side panel, Firefox's sidebar, or the page opened directly.
//!
//! It shows the comment being answered. It never reads the site's page: everything comes from
//! the background, which checked where it came from.

mod approvals;
mod banner;
mod context_card;
mod editor;
mod guidelines;
mod library_admin;
mod live;
mod localized;
mod replies;
mod settings_form;
mod team;

use web_sys::Element;

use crate::core::model::{CommentContext, FromBackground, PanelEvent, ToBackground};
use crate::web::{chrome, dom, wire};

pub fn start() {
    let document = dom::document();
    document.set_title(&chrome::message("panelTitle"));
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", &language());
    }
    let Some(slot) = document.get_element_by_id("context") else {
        gloo::console::error!("Tact panel: the page has no #context slot");
        return;
    };
    let tab_id = requested_tab();
    if let Some(banner_slot) = document.get_element_by_id("sync-banner") {
        banner::mount(banner_slot);
    }
    team::mount();
    if let Some(approvals_slot) = document.get_element_by_id("approvals") {
        approvals::mount(approvals_slot);
    }
    live::start();
    if let Some(guidelines_slot) = document.get_element_by_id("guidelines") {
        guidelines::mount(guidelines_slot);
    }
    if let Some(replies_slot) = document.get_element_by_id("replies") {
        replies::mount(replies_slot, tab_id);
    }
    library_admin::mount();
    settings_form::mount();
    editor::mount();
    listen_for_changes(slot.clone(), tab_id);
    wasm_bindgen_futures::spawn_local(async move {
        // The draft checked before this panel opened comes back as a `DraftChecked` event.
        let _ = chrome::send_message(&wire::to_js(&ToBackground::GetDraftChecked { tab_id })).await;
        let request = wire::to_js(&ToBackground::GetContext { tab_id });
        let answer = chrome::send_message(&request).await.ok().and_then(wire::from_js::<FromBackground>);
        match answer {
            Some(FromBackground::Context { context, tab_id }) => {
                show(&slot, context.as_ref());
                replies::set_context(context, tab_id);
            }
            _ => show_unreachable(&slot),
        }
    });
}

/// The tab this panel follows, when opened as `panel.html?tab=N`; otherwise the last one used.
fn requested_tab() -> Option<i32> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get("tab")?.parse().ok()
}

fn listen_for_changes(slot: Element, followed_tab: Option<i32>) {
    chrome::on_message(move |message, sender| {
        if chrome::classify_sender(&sender) != crate::core::model::Sender::ExtensionPage {
            return None;
        }
        match wire::from_js(message) {
            Some(PanelEvent::ContextChanged { tab_id, context }) if followed_tab.is_none_or(|followed| followed == tab_id) => {
                show(&slot, Some(&context));
                replies::set_context(Some(context), Some(tab_id));
            }
            Some(PanelEvent::DraftChecked { tab_id, text, findings }) if followed_tab.is_none_or(|followed| followed == tab_id) => {
                guidelines::show(tab_id, &text, &findings);
            }
            _ => {}
        }
        None
    });
}

fn show(slot: &Element, context: Option<&CommentContext>) {
    let card = match context {
        Some(context) => context_card::render(context),
        None => dom::Node::new("p").class("empty").text(&chrome::message("panelEmpty")),
    };
    dom::replace_children(slot, card);
    let _ = slot.set_attribute("aria-busy", "false");
}

fn show_unreachable(slot: &Element) {
    dom::replace_children(slot, dom::Node::new("p").class("error").attr("role", "alert").text(&chrome::message("panelBackgroundUnreachable")));
}

fn language() -> String {
    let ui = chrome::ui_language();
    if ui.starts_with("fr") { "fr".into() } else { "en".into() }
}
