//! The guidelines module (feature `guidelines`, `wasm/guidelines_bg.wasm`): the brand-guideline
//! engine, loaded by the agent with a dynamic `import()` the first time a reply box gets input,
//! and by the options page for its settings ([`settings`]).
//!
//! In a tab it keeps the rule sets in force compiled (the team's, synced into
//! `rules.team.v1`; the starters enabled and the files imported on this device), recompiles
//! them when storage changes, and checks drafts for the agent. The agent's module carries none
//! of this: the engine (regexes above all) would not fit its budget, and pages with no reply box
//! never pay for it.

pub mod settings;
pub mod trial;

use std::cell::{Cell, RefCell};

use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use crate::core::guidelines::{Draft, Guidelines, ImportedRules, Role};
use crate::core::library::detect_language;
use crate::core::model::Network;
use crate::web::chrome;

/// The starters enabled on this device: a JSON array of starter names.
pub const STARTERS_KEY: &str = "guidelines.starters.v1";
/// Rule files imported on this device: a JSON array of [`ImportedRules`].
pub const IMPORTED_KEY: &str = "guidelines.imported.v1";
/// Written by sync (`crate::web::sync::RULES_KEY`): `{"<id>": <rule file>}`.
pub const TEAM_RULES_KEY: &str = "rules.team.v1";
/// Written by sync (`crate::web::sync::ME_KEY`): the `/me` answer while signed in.
pub const ME_KEY: &str = "sync.me.v1";

thread_local! {
    static RULES: RefCell<Guidelines> = RefCell::new(Guidelines::default());
    /// The writer's role: the signed-in member's, an agent's when signed out.
    static ROLE: Cell<Role> = const { Cell::new(Role::Agent) };
    static PREPARED: Cell<bool> = const { Cell::new(false) };
    /// Told after each recompilation (the agent checks the draft again).
    static ON_CHANGE: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Compiles the rules in force, once per page; later storage changes recompile them.
#[wasm_bindgen]
pub async fn guidelines_prepare() {
    if PREPARED.replace(true) {
        return;
    }
    reload().await;
    for key in [STARTERS_KEY, IMPORTED_KEY, TEAM_RULES_KEY, ME_KEY] {
        chrome::on_local_change(key, || wasm_bindgen_futures::spawn_local(reload_and_tell()));
    }
}

/// Calls `callback` after the rules are recompiled because storage changed.
#[wasm_bindgen]
pub fn guidelines_on_rules_changed(callback: js_sys::Function) {
    ON_CHANGE.with(|slot| *slot.borrow_mut() = Some(callback));
}

/// Checks a draft written on `platform` (a site descriptor id) in answer to `comment`: the
/// findings ([`crate::core::guidelines::Finding`]s, in text order) as JSON text, which the
/// agent reads with the browser's JSON and its own JS-object reader (no second codec here).
#[wasm_bindgen]
pub fn guidelines_check(text: String, platform: &str, comment: &str) -> String {
    let language = detect_language(&text).or_else(|| detect_language(comment));
    let draft = Draft::new(text, Network::from_platform(platform), language, ROLE.get());
    let findings = RULES.with(|rules| rules.borrow().check(&draft));
    serde_json::to_string(&findings).unwrap_or_else(|_| "[]".to_owned())
}

async fn reload_and_tell() {
    reload().await;
    if let Some(callback) = ON_CHANGE.with(|slot| slot.borrow().clone()) {
        let _ = callback.call0(&JsValue::NULL);
    }
}

async fn reload() {
    let team = team_rule_sets(read_text(TEAM_RULES_KEY).await.as_deref());
    let starters: Vec<String> = read_json(STARTERS_KEY).await.unwrap_or_default();
    let imported: Vec<ImportedRules> = read_json(IMPORTED_KEY).await.unwrap_or_default();
    let guidelines = Guidelines::compile(&team, &starters, &imported);
    for problem in &guidelines.problems {
        gloo::console::warn!(format!("Tact: the rules {} were left out: {}", problem.source, problem.error));
    }
    RULES.with(|rules| *rules.borrow_mut() = guidelines);
    ROLE.set(writer_role().await);
}

/// `{"<id>": <rule file>}` split into each rule file's JSON text. The browser's JSON does the
/// split: a JSON tree type in this module would cost ~30 KB of wasm for a walk done once.
fn team_rule_sets(stored: Option<&str>) -> Vec<(String, String)> {
    let Some(documents) = stored.and_then(|text| js_sys::JSON::parse(text).ok()).filter(JsValue::is_object) else { return Vec::new() };
    let documents: js_sys::Object = documents.unchecked_into();
    js_sys::Object::entries(&documents)
        .iter()
        .filter_map(|entry| {
            let entry: js_sys::Array = entry.dyn_into().ok()?;
            let json = js_sys::JSON::stringify(&entry.get(1)).ok()?.as_string()?;
            Some((entry.get(0).as_string()?, json))
        })
        .collect()
}

/// What is read of the `/me` answer (`crate::core::model::Me`): the member's role only.
#[derive(serde::Deserialize)]
struct MeRole {
    member: MemberRole,
}

#[derive(serde::Deserialize)]
struct MemberRole {
    role: Role,
}

/// The signed-in member's role; an agent's when nobody is signed in.
async fn writer_role() -> Role {
    read_json::<MeRole>(ME_KEY).await.map_or(Role::Agent, |me| me.member.role)
}

/// A JSON text stored under `key` in `chrome.storage.local` (how sync and these settings store).
pub async fn read_text(key: &str) -> Option<String> {
    chrome::local_read(key).await.ok()?.as_string()
}

pub async fn read_json<T: DeserializeOwned>(key: &str) -> Option<T> {
    serde_json::from_str(&read_text(key).await?).ok()
}
