//! The guidelines section of the options page: which starter rule sets run on this device, and
//! rule files imported from disk (JSON; YAML is read by `tact check` only). A file that does not
//! compile is refused whole, with the rule, the field, the line and the reason.
//!
//! The options page's own module (sync) has no room for the engine, so this section comes from
//! the guidelines module, which the page loads beside it.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlInputElement};

use super::{read_json, IMPORTED_KEY, STARTERS_KEY};
use crate::core::guidelines::{ImportedRules, RuleSet};
use crate::web::{chrome, dom, dom::Node};

/// The starters offered, as (name, family message, language message).
const STARTERS: [(&str, &str, &str); 6] = [
    ("brand-safety-en", "guidelinesStarterBrandSafety", "guidelinesLangEn"),
    ("brand-safety-fr", "guidelinesStarterBrandSafety", "guidelinesLangFr"),
    ("persona-disclosure-en", "guidelinesStarterPersona", "guidelinesLangEn"),
    ("persona-disclosure-fr", "guidelinesStarterPersona", "guidelinesLangFr"),
    ("financial-services-en", "guidelinesStarterFinancial", "guidelinesLangEn"),
    ("financial-services-fr", "guidelinesStarterFinancial", "guidelinesLangFr"),
];

/// Entry point: fills `#guidelines` in the options page.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn start_guideline_settings() {
    let Some(slot) = dom::document().get_element_by_id("guidelines") else { return };
    let starters = Node::new("fieldset")
        .child(Node::new("legend").text(&chrome::message("guidelinesStartersLegend")))
        .children(STARTERS.iter().map(|(name, family, lang)| starter_checkbox(name, family, lang)));
    let file = Node::new("input").attr("type", "file").attr("id", "rules-file").attr("accept", ".json,application/json")
        .on("change", |_| wasm_bindgen_futures::spawn_local(import_chosen_file()));
    let section = Node::new("div")
        .child(Node::new("h2").text(&chrome::message("guidelinesHeading")))
        .child(Node::new("p").class("hint").text(&chrome::message("guidelinesHint")))
        .child(starters)
        .child(Node::new("label").attr("for", "rules-file").text(&chrome::message("guidelinesImportLabel")))
        .child(file)
        .child(Node::new("p").attr("id", "rules-import-error").attr("role", "alert"))
        .child(Node::new("p").attr("id", "rules-import-status").attr("role", "status"))
        .child(Node::new("ul").attr("id", "rules-imported"));
    dom::replace_children(&slot, section);
    wasm_bindgen_futures::spawn_local(show_saved());
}

fn starter_checkbox(name: &'static str, family: &str, lang: &str) -> Node {
    let id = format!("starter-{name}");
    let label = format!("{} ({})", chrome::message(family), chrome::message(lang));
    let checkbox = Node::new("input").attr("type", "checkbox").attr("id", &id).attr("value", name)
        .on("change", |_| wasm_bindgen_futures::spawn_local(save_starters()));
    Node::new("div").class("check").child(checkbox).child(Node::new("label").attr("for", &id).text(&label))
}

async fn show_saved() {
    let enabled: Vec<String> = read_json(STARTERS_KEY).await.unwrap_or_default();
    for (name, _, _) in STARTERS {
        if let Some(checkbox) = input(&format!("starter-{name}")) {
            checkbox.set_checked(enabled.iter().any(|e| e == name));
        }
    }
    let imported: Vec<ImportedRules> = read_json(IMPORTED_KEY).await.unwrap_or_default();
    show_imported(&imported);
}

async fn save_starters() {
    let enabled: Vec<&str> = STARTERS
        .iter()
        .map(|(name, _, _)| *name)
        .filter(|name| input(&format!("starter-{name}")).is_some_and(|checkbox| checkbox.checked()))
        .collect();
    let json = serde_json::to_string(&enabled).unwrap_or_else(|_| "[]".into());
    if chrome::local_write(STARTERS_KEY, &json.into()).await.is_err() {
        say_error(&chrome::message("guidelinesNotSaved"));
    }
}

async fn import_chosen_file() {
    let Some(field) = input("rules-file") else { return };
    let Some(file) = field.files().and_then(|files| files.get(0)) else { return };
    let name = file.name();
    let text = JsFuture::from(file.text()).await.ok().and_then(|text| text.as_string()).unwrap_or_default();
    field.set_value("");
    if name.ends_with(".yaml") || name.ends_with(".yml") {
        return refuse(&chrome::message("guidelinesYamlNotHere"));
    }
    let rules = match RuleSet::from_json(&text) {
        Ok(rules) => rules,
        Err(error) => return refuse(&chrome::message_with("guidelinesImportRefused", &[&name, &error.to_string()])),
    };
    let mut imported: Vec<ImportedRules> = read_json(IMPORTED_KEY).await.unwrap_or_default();
    imported.retain(|file| file.name != name);
    imported.push(ImportedRules { name: name.clone(), source: text });
    if !store_imported(&imported).await {
        return;
    }
    say_error("");
    say(&chrome::message_with("guidelinesImported", &[&name, &rules.len().to_string()]));
    show_imported(&imported);
}

fn refuse(message: &str) {
    say("");
    say_error(message);
}

async fn store_imported(imported: &[ImportedRules]) -> bool {
    let json = serde_json::to_string(imported).unwrap_or_else(|_| "[]".into());
    let saved = chrome::local_write(IMPORTED_KEY, &json.into()).await.is_ok();
    if !saved {
        say_error(&chrome::message("guidelinesNotSaved"));
    }
    saved
}

fn show_imported(imported: &[ImportedRules]) {
    let Some(list) = element("rules-imported") else { return };
    list.set_text_content(None);
    for file in imported {
        let name = file.name.clone();
        let remove = Node::new("button").attr("type", "button").text(&chrome::message("guidelinesRemove"))
            .on("click", move |_| wasm_bindgen_futures::spawn_local(remove_file(name.clone())));
        let item = Node::new("li").child(Node::new("span").text(&file.name)).child(remove).build();
        let _ = list.append_child(&item);
    }
}

async fn remove_file(name: String) {
    let mut imported: Vec<ImportedRules> = read_json(IMPORTED_KEY).await.unwrap_or_default();
    imported.retain(|file| file.name != name);
    if store_imported(&imported).await {
        show_imported(&imported);
    }
}

fn say(message: &str) {
    if let Some(status) = element("rules-import-status") {
        status.set_text_content(Some(message));
    }
}

fn say_error(message: &str) {
    if let Some(alert) = element("rules-import-error") {
        alert.set_text_content(Some(message));
    }
}

fn element(id: &str) -> Option<Element> {
    dom::document().get_element_by_id(id)
}

fn input(id: &str) -> Option<HtmlInputElement> {
    element(id)?.dyn_into().ok()
}
