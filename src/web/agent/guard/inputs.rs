//! What the guard knows of the writer, kept in memory so a submit is judged synchronously (in
//! the event's own dispatch, before the site sees it), and refreshed whenever the extension
//! writes it to `chrome.storage.local`:
//!
//! - `sync.me.v1` (the sync worker): the member's id and role; absent when not in a team, and
//!   then the guard holds nothing back (there is no team policy to apply);
//! - `team.settings.v1` (the sync worker, from `GET /api/v1/team/settings`): the interns exempted;
//! - `approvals.granted.v1` (the panel): the approvals this member was given.

use std::cell::RefCell;

use serde::Deserialize;

use crate::core::model::team::TeamSettings;
use crate::core::policy::guard::GrantedApproval;
use crate::core::policy::Role;
use crate::web::agent::guard::keys;
use crate::web::chrome;

#[derive(Debug, Clone, Deserialize)]
struct MemberPart {
    id: String,
    role: Role,
}

/// The part of `/me` the guard reads (the rest is skipped, not parsed).
#[derive(Debug, Clone, Deserialize)]
struct MePart {
    member: MemberPart,
}

/// The writer as last read from storage.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub member: Option<(String, Role)>,
    pub settings: TeamSettings,
    pub granted: Vec<GrantedApproval>,
}

thread_local! {
    static INPUTS: RefCell<Inputs> = RefCell::new(Inputs::default());
}

/// Reads the inputs now and again whenever one of them changes.
pub fn load_and_follow() {
    for key in [keys::ME, keys::SETTINGS, keys::GRANTED] {
        chrome::on_local_change(key, move || wasm_bindgen_futures::spawn_local(reload(key)));
        wasm_bindgen_futures::spawn_local(reload(key));
    }
}

/// Runs `read` over the current inputs.
pub fn with<T>(read: impl FnOnce(&Inputs) -> T) -> T {
    INPUTS.with(|inputs| read(&inputs.borrow()))
}

async fn reload(key: &'static str) {
    let text = chrome::local_read(key).await.ok().and_then(|value| value.as_string());
    INPUTS.with(|inputs| {
        let mut inputs = inputs.borrow_mut();
        match key {
            keys::ME => {
                inputs.member = text.and_then(|text| serde_json::from_str::<MePart>(&text).ok()).map(|me| (me.member.id, me.member.role));
            }
            keys::SETTINGS => inputs.settings = text.and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default(),
            _ => inputs.granted = text.and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default(),
        }
    });
}
