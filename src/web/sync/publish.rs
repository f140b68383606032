//! What the rest of the extension reads, rebuilt from the sync state after each change: the
//! library the panel shows, the team's rule sets and site overrides, the signed-in member, and
//! the status the pages show. Written in one storage call.

use std::cell::RefCell;

use wasm_bindgen::JsValue;

use super::wording::ChromeWords;
use super::{account, session, state, ACCOUNT_KEY, LOCAL_LIBRARY_KEY, ME_KEY, RULES_KEY, SITES_KEY, STATUS_KEY};
use crate::core::model::api::Collection;
use crate::core::sync::{Connection, SyncProblem, SyncStatus};
use crate::web::{chrome, store};

thread_local! {
    /// The last problem worth showing (cleared by the next sync that goes through).
    static PROBLEM: RefCell<Option<SyncProblem>> = const { RefCell::new(None) };
}

/// Remembers the problem the status shows from now on (`None` clears it).
pub fn set_problem(problem: Option<SyncProblem>) {
    PROBLEM.with(|slot| *slot.borrow_mut() = problem);
}

/// The status as it stands.
pub async fn current_status() -> SyncStatus {
    let account = account().await;
    let problem = PROBLEM.with(|slot| slot.borrow().clone());
    let Some(member_id) = account.member_id.clone() else {
        let mut status = SyncStatus::no_account(account.server.clone(), account.local_templates);
        status.problem = problem;
        return status;
    };
    state::ensure_loaded(&member_id).await;
    let has_session = session().await.is_some_and(|session| session.member_id == member_id);
    let mut status = state::with(|state| state.status(has_session, account.server.clone(), problem.clone()))
        .unwrap_or_else(|| SyncStatus::no_account(account.server.clone(), 0));
    status.local_templates = account.local_templates;
    status
}

/// Rebuilds what `visible` changed (templates: the library; rule sets; site overrides), the
/// member (`me_changed`) and the status, and stores them.
pub async fn publish(visible: &[Collection], me_changed: bool) -> SyncStatus {
    let mut entries: Vec<(&str, JsValue)> = Vec::new();
    let templates_changed = visible.iter().any(|c| matches!(c, Collection::TeamTemplates | Collection::PersonalTemplates));
    if templates_changed {
        let previous = store::load_library().await;
        if let Some(view) = state::with(|state| state.library_view(Some(&previous))) {
            for (id, reason) in &view.skipped {
                gloo::console::warn!(format!("Tact: the synced template {id:?} is not shown: {reason}"));
            }
            entries.push((store::LIBRARY_KEY, JsValue::from_str(&view.library.export_json_compact())));
        }
    }
    for (collection, key) in [(Collection::RuleSets, RULES_KEY), (Collection::SiteDescriptors, SITES_KEY)] {
        if visible.contains(&collection) {
            if let Some(json) = state::with(|state| state.visible_json(collection)) {
                entries.push((key, JsValue::from_str(&json)));
            }
        }
    }
    let status = current_status().await;
    let signed_in = matches!(status.connection, Connection::Online | Connection::Offline);
    if me_changed && signed_in {
        if let Some(me) = status.me.as_ref().and_then(|me| serde_json::to_string(me).ok()) {
            entries.push((ME_KEY, JsValue::from_str(&me)));
        }
    }
    let status_json = serde_json::to_string(&status.view(&ChromeWords)).unwrap_or_default();
    entries.push((STATUS_KEY, JsValue::from_str(&status_json)));
    if let Err(error) = chrome::local_write_many(&entries).await {
        gloo::console::error!("Tact: could not store what sync received", error);
    }
    status
}

/// Forgets what belongs to the signed-in member only (the role others read).
pub async fn forget_member() {
    let _ = chrome::local_remove(&[ME_KEY]).await;
}

/// Stores the account.
pub async fn save_account(account: &super::Account) -> Result<(), SyncProblem> {
    let json = serde_json::to_string(account).unwrap_or_default();
    chrome::local_write(ACCOUNT_KEY, &JsValue::from_str(&json))
        .await
        .map_err(|error| SyncProblem::Storage { message: error.as_string().unwrap_or_default() })
}

/// Drops the templates kept for upload.
pub async fn forget_local_templates() {
    let _ = chrome::local_remove(&[LOCAL_LIBRARY_KEY]).await;
}
