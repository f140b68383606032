//! The member's settings in the panel: their name, the brand's name, and the signature
//! snippet templates include with `{{> signature}}`. Previews use them as soon as they are
//! stored.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};

use super::{editor, localized, replies};
use crate::core::model::Settings;
use crate::core::template::{check, CheckOptions, Severity};
use crate::web::{chrome, dom, dom::Node, store};

const SIGNATURE: &str = "signature";

struct View {
    member: HtmlInputElement,
    brand: HtmlInputElement,
    signature: HtmlTextAreaElement,
    status: Element,
}

thread_local! {
    static VIEW: RefCell<Option<View>> = const { RefCell::new(None) };
}

/// Builds the settings form into `#settings` and fills it from storage.
pub fn mount() {
    let Some(slot) = dom::document().get_element_by_id("settings") else { return };
    let member = input("settings-member");
    let brand = input("settings-brand");
    let signature = Node::new("textarea").attr("id", "settings-signature").attr("data-testid", "settings-signature").attr("rows", "3").attr("aria-describedby", "settings-signature-hint").build();
    let status = Node::new("p").class("status").attr("role", "status").attr("data-testid", "settings-status").build();
    let form = Node::new("form")
        .attr("novalidate", "")
        .child(field("settings-member", "settingsMember", Node::from(member.clone())))
        .child(field("settings-brand", "settingsBrand", Node::from(brand.clone())))
        .child(field("settings-signature", "settingsSignature", Node::from(signature.clone())))
        .child(Node::new("p").class("hint").attr("id", "settings-signature-hint").text(&chrome::message("settingsSignatureHint")))
        .child(Node::new("div").class("actions").child(Node::new("button").attr("type", "submit").class("primary").attr("data-testid", "settings-save").text(&chrome::message("settingsSave"))))
        .child(Node::from(status.clone()))
        .on("submit", |event| {
            event.prevent_default();
            save();
        });
    let details = Node::new("details").class("tools").child(Node::new("summary").text(&chrome::message("settingsHeading"))).child(form);
    dom::replace_children(&slot, details);
    let view = View { member: member.unchecked_into(), brand: brand.unchecked_into(), signature: signature.unchecked_into(), status };
    VIEW.with(|cell| *cell.borrow_mut() = Some(view));
    wasm_bindgen_futures::spawn_local(async {
        let settings = store::load_settings().await;
        with_view(|view| {
            view.member.set_value(&settings.member_name);
            view.brand.set_value(&settings.brand_name);
            view.signature.set_value(settings.snippets.get(SIGNATURE).map_or("", String::as_str));
        });
    });
}

fn input(id: &str) -> Element {
    Node::new("input").attr("type", "text").attr("id", id).attr("data-testid", id).attr("autocomplete", "off").build()
}

fn field(id: &str, label_key: &str, control: Node) -> Node {
    Node::new("div").class("field").child(Node::new("label").attr("for", id).text(&chrome::message(label_key))).child(control)
}

fn with_view<T>(action: impl FnOnce(&View) -> T) -> Option<T> {
    VIEW.with(|cell| cell.borrow().as_ref().map(action))
}

fn say(message: &str, is_error: bool) {
    with_view(|view| {
        view.status.set_text_content(Some(message));
        let _ = view.status.set_attribute("data-kind", if is_error { "error" } else { "info" });
    });
}

/// Checks the signature, stores the settings, then lets the previews use them.
fn save() {
    let Some((member, brand, signature)) = with_view(|view| (view.member.value(), view.brand.value(), view.signature.value())) else { return };
    if let Some(problem) = signature_error(&signature) {
        say(&localized::message_with("settingsNotSaved", &[&problem]), true);
        return;
    }
    let mut settings = replies::settings().unwrap_or_default();
    settings.member_name = member.trim().to_owned();
    settings.brand_name = brand.trim().to_owned();
    if signature.trim().is_empty() {
        settings.snippets.remove(SIGNATURE);
    } else {
        settings.snippets.insert(SIGNATURE.to_owned(), signature);
    }
    say(&chrome::message("editorSaving"), false);
    wasm_bindgen_futures::spawn_local(store_settings(settings));
}

async fn store_settings(settings: Settings) {
    match store::save_settings(&settings).await {
        Ok(()) => {
            replies::show_settings(settings);
            editor::refresh();
            say(&chrome::message("settingsSaved"), false);
        }
        Err(error) => say(&localized::message_with("errStorage", &[&error]), true),
    }
}

/// The first error in the signature (it does not parse, or is too long), with its position.
fn signature_error(signature: &str) -> Option<String> {
    let error = check(signature, &CheckOptions::default()).into_iter().find(|diagnostic| diagnostic.severity == Severity::Error)?;
    let message = if localized::in_french() { error.message_fr } else { error.message };
    Some(localized::message_with("settingsSignatureError", &[&error.line.to_string(), &error.column.to_string(), &message]))
}
