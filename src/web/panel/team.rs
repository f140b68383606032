//! The panel in a team: where its edits go, and what the member's role lets them edit.
//!
//! Without a team, the library is this browser's own (`library.v1`, saved here). In a team the
//! library is the team's templates and the member's own, rebuilt by the background from what
//! it synced; the panel's edits become [`SyncRequest::Commit`]s the background queues in the
//! outbox (stored before it answers) and sends. Role hints come from the member's permissions
//! (`core::policy` via `/me`); the server decides.

use std::cell::RefCell;

use super::banner;
use crate::core::library::{Library, Template};
use crate::core::model::api::EntityRef;
use crate::core::sync::{template_collection, StatusView, SyncRequest};
use crate::web::sync::{self as sync_store};
use crate::web::{chrome, store};

thread_local! {
    static STATUS: RefCell<StatusView> = RefCell::new(StatusView::default());
}

/// Reads the sync status, shows it, and follows its changes.
pub fn mount() {
    chrome::on_local_change(sync_store::STATUS_KEY, || wasm_bindgen_futures::spawn_local(refresh()));
    wasm_bindgen_futures::spawn_local(refresh());
}

async fn refresh() {
    let status = sync_store::status().await;
    banner::show(&status);
    show_console_link(&status);
    STATUS.with(|cell| *cell.borrow_mut() = status);
}

/// The link to the team console, for the roles that edit the team's library (managers and
/// owners, who also read reports: a hint, the server decides).
fn show_console_link(status: &StatusView) {
    let Some(link) = crate::web::dom::document().get_element_by_id("open-console") else { return };
    link.set_text_content(Some(&chrome::message("consoleOpen")));
    if status.in_team() && status.edits_team_templates {
        let _ = link.remove_attribute("hidden");
    } else {
        let _ = link.set_attribute("hidden", "");
    }
}

/// Whether the member's role may edit the team's templates (a hint for what the panel offers).
pub fn may_edit_team() -> bool {
    STATUS.with(|cell| {
        let status = cell.borrow();
        status.in_team() && status.edits_team_templates
    })
}

/// Saves `after`, the library as the person changed it from the one shown: on this browser
/// without a team, or as edits queued for the team. `Err` is a message for the person.
pub async fn save(after: &Library) -> Result<(), String> {
    if !sync_store::status().await.in_team() {
        return store::save_library(after).await;
    }
    let before = super::replies::library().unwrap_or_default();
    let (puts, deletes) = changes(before.templates(), after.templates());
    if puts.is_empty() && deletes.is_empty() {
        return Ok(());
    }
    sync_store::ask(&SyncRequest::Commit { puts, deletes }).await.map_err(|problem| problem.text)
}

/// The templates added or changed (content or scope; usage counts stay on this device) and
/// the ones removed between two versions of the library.
fn changes(before: &[Template], after: &[Template]) -> (Vec<Template>, Vec<EntityRef>) {
    let find = |templates: &[Template], id: &str| templates.iter().find(|template| template.id == id).cloned();
    let puts = after
        .iter()
        .filter(|template| {
            find(before, &template.id).is_none_or(|old| old.content() != template.content() || old.scope != template.scope)
        })
        .cloned()
        .collect();
    let deletes = before
        .iter()
        .filter(|template| find(after, &template.id).is_none())
        .map(|template| EntityRef { collection: template_collection(template.scope), id: template.id.clone() })
        .collect();
    (puts, deletes)
}
