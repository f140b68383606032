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
use crate::core::policy::Action;
use crate::core::sync::{template_collection, Connection, SyncAnswer, SyncRequest, SyncStatus};
use crate::web::sync::{self as sync_store, words};
use crate::web::{chrome, store};

thread_local! {
    static STATUS: RefCell<Option<SyncStatus>> = const { RefCell::new(None) };
}

/// Reads the sync status, shows it, and follows its changes.
pub fn mount() {
    chrome::on_local_change(sync_store::STATUS_KEY, || wasm_bindgen_futures::spawn_local(refresh()));
    wasm_bindgen_futures::spawn_local(refresh());
}

async fn refresh() {
    let Some(status) = sync_store::status().await else { return };
    banner::show(&status);
    STATUS.with(|cell| *cell.borrow_mut() = Some(status));
}

/// Shows a status the background just answered with.
pub fn show(status: SyncStatus) {
    banner::show(&status);
    STATUS.with(|cell| *cell.borrow_mut() = Some(status));
}

/// Whether the member's role may edit the team's templates (a hint for what the panel offers).
pub fn may_edit_team() -> bool {
    STATUS.with(|cell| {
        cell.borrow().as_ref().is_some_and(|status| {
            status.connection != Connection::NoAccount
                && status.me.as_ref().is_some_and(|me| me.permissions.contains(&Action::EditTeamTemplate))
        })
    })
}

/// Saves `after`, the library as the person changed it from the one shown: on this browser
/// without a team, or as edits queued for the team. `Err` is a message for the person.
pub async fn save(after: &Library) -> Result<(), String> {
    if sync_store::account().await.member_id.is_none() {
        return store::save_library(after).await;
    }
    let before = super::replies::library().unwrap_or_default();
    let (puts, deletes) = changes(before.templates(), after.templates());
    if puts.is_empty() && deletes.is_empty() {
        return Ok(());
    }
    match sync_store::ask(&SyncRequest::Commit { puts, deletes }).await {
        SyncAnswer::Status { status } => {
            show(status);
            Ok(())
        }
        SyncAnswer::Failed { problem } => Err(words::problem(&problem)),
    }
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
