//! The sync engine in the service worker: handles the pages' requests, and runs sync rounds
//! (push the outbox in order, then pull every page since the cursor) when the worker starts,
//! on the `chrome.alarms` alarm (every 30 s), after each local edit, and when a page says the
//! team's cursor moved. One round at a time; a request during a round asks for another.
//! When the server does not answer, rounds are retried after 1, 2, 4... up to 60 s (the alarm
//! keeps trying even if the worker was stopped in between).

use std::cell::Cell;

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

use super::wording::worded;
use super::{account, publish, session, state, LOCAL_LIBRARY_KEY};
use crate::core::library::Template;
use crate::core::model::api::{Collection, PullResponse, PushRequest, PushResponse};
use crate::core::model::{Refusal, ToBackground};
use crate::core::sync::{read_push_response, Effects, ServerAddress, SyncAnswer, SyncProblem, SyncRequest, PULL_PAGE, PUSH_BATCH};
use crate::web::{chrome, clock, http};

/// The alarm that makes a round every 30 s (the shortest period browsers allow).
pub const ALARM: &str = "tact-sync";
/// Longest wait between retries while the server does not answer.
const MAX_BACKOFF_MS: u32 = 60_000;
/// Pull pages applied before their documents are stored (a first pull of a large team is
/// stored in steps, so a stopped worker resumes from the last step).
const PAGES_PER_WRITE: u32 = 4;

thread_local! {
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
    static FAILURES: Cell<u32> = const { Cell::new(0) };
    static RETRY_PENDING: Cell<bool> = const { Cell::new(false) };
}

/// The worker started: make sure the alarm exists, and sync.
pub fn start() {
    wasm_bindgen_futures::spawn_local(async {
        chrome::ensure_alarm(ALARM, 0.5).await;
    });
    kick();
}

/// An alarm fired.
pub fn on_alarm(name: &str) {
    if name == ALARM {
        kick();
    }
}

/// Handles one runtime message the worker's loader hands over (`{"type": "sync", "request":
/// "<JSON>"}`, [`ToBackground::Sync`]): only from our extension pages, as the core's sender
/// rules say; answers `{"type": "sync", "answer": "<JSON>"}` or a refusal, the shapes of
/// [`crate::core::model::FromBackground`]. Read and written by hand: this module carries no
/// reader for the hub's messages.
pub async fn handle_message(message: JsValue, sender: JsValue) -> JsValue {
    let sender = chrome::classify_sender(&sender);
    let is_sync = Reflect::get(&message, &"type".into()).ok().and_then(|kind| kind.as_string()).as_deref() == Some("sync");
    let text = Reflect::get(&message, &"request".into()).ok().and_then(|text| text.as_string());
    let (true, Some(text)) = (is_sync, text) else { return refusal(Refusal::Malformed) };
    let envelope = ToBackground::Sync { request: text };
    if let Err(reason) = envelope.permitted_from(sender) {
        return refusal(reason);
    }
    let Some(request) = SyncRequest::from_message(&envelope) else { return refusal(Refusal::Malformed) };
    let answer = serde_json::to_string(&handle(request).await).unwrap_or_default();
    reply(&[("type", "sync"), ("answer", &answer)])
}

fn refusal(reason: Refusal) -> JsValue {
    let reason = match reason {
        Refusal::UnknownSender => "unknown_sender",
        Refusal::WrongContext => "wrong_context",
        Refusal::Malformed => "malformed",
    };
    reply(&[("type", "refused"), ("reason", reason)])
}

fn reply(fields: &[(&str, &str)]) -> JsValue {
    let object = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object.into()
}

/// Handles one request from an extension page.
pub async fn handle(request: SyncRequest) -> SyncAnswer {
    let result = match request {
        SyncRequest::SignIn { server, email, password } => super::account::sign_in(&server, &email, password).await,
        SyncRequest::AcceptInvite { server, invite, display_name, password } => {
            super::account::accept_invite(&server, &invite, &display_name, password).await
        }
        SyncRequest::SignOut => super::account::sign_out().await,
        SyncRequest::SyncNow { cursor } => sync_now(cursor).await,
        SyncRequest::Commit { puts, deletes } => {
            local_change(|state, now| state.commit_templates(puts, deletes, now)).await
        }
        SyncRequest::CommitRuleSet { id, rules } => local_change(|state, now| state.commit_rule_set(&id, &rules, now)).await,
        SyncRequest::Resolve { entity, resolution } => {
            let copy_id = state::new_id();
            local_change(|state, now| {
                state.resolve(&entity, resolution, &copy_id, now).map_err(|error| SyncProblem::Refused { message: error.to_string() })
            })
            .await
        }
        SyncRequest::DismissRejection { entity } => {
            local_change(|state, _| {
                state.dismiss_rejection(&entity);
                Ok(Effects::default())
            })
            .await
        }
        SyncRequest::UploadLocal => upload_local().await,
    };
    SyncAnswer { problem: result.err().map(|problem| worded(&problem)) }
}

/// Starts a round, or asks the running one for another.
pub fn kick() {
    if RUNNING.with(Cell::get) {
        AGAIN.with(|again| again.set(true));
        return;
    }
    RUNNING.with(|running| running.set(true));
    wasm_bindgen_futures::spawn_local(async {
        loop {
            AGAIN.with(|again| again.set(false));
            let result = round().await;
            after_round(result).await;
            if !AGAIN.with(Cell::get) {
                break;
            }
        }
        RUNNING.with(|running| running.set(false));
    });
}

/// A page heard the team's cursor move to `cursor`: sync unless already there.
async fn sync_now(cursor: Option<u64>) -> Result<(), SyncProblem> {
    let member_id = account().await.member_id.ok_or(SyncProblem::NotSignedIn)?;
    state::ensure_loaded(&member_id).await;
    let behind = state::with(|state| cursor.is_none_or(|cursor| cursor > state.cursor) || !state.outbox.is_empty());
    if behind.unwrap_or(true) {
        kick();
    }
    Ok(())
}

/// A local edit: applied to the state, stored, shown, then sent by a round.
async fn local_change(
    step: impl FnOnce(&mut crate::core::sync::SyncState, i64) -> Result<Effects, SyncProblem>,
) -> Result<(), SyncProblem> {
    let member_id = account().await.member_id.ok_or(SyncProblem::NotSignedIn)?;
    state::ensure_loaded(&member_id).await;
    let effects = state::with(|state| step(state, clock::now_ms())).ok_or(SyncProblem::NotSignedIn)??;
    state::save(&effects.documents).await?;
    publish::publish(&effects.visible, false).await;
    kick();
    Ok(())
}

/// Queues the templates made before joining the team as the member's personal templates.
async fn upload_local() -> Result<(), SyncProblem> {
    let templates: Vec<Template> = super::read_local(LOCAL_LIBRARY_KEY).await.unwrap_or_default();
    local_change(|state, now| state.commit_templates(templates, Vec::new(), now)).await?;
    let mut account = account().await;
    account.local_templates = 0;
    publish::save_account(&account).await?;
    publish::forget_local_templates().await;
    publish::publish(&[], false).await;
    Ok(())
}

/// One round: push everything waiting, then pull everything new.
async fn round() -> Result<(), SyncProblem> {
    let account = account().await;
    let (Some(server), Some(member_id)) = (account.server, account.member_id) else { return Ok(()) };
    state::ensure_loaded(&member_id).await;
    let Some(session) = session().await.filter(|session| session.member_id == member_id && session.server == server) else {
        return Err(SyncProblem::NotSignedIn);
    };
    let server = ServerAddress::parse(&server).map_err(|reason| SyncProblem::BadAddress { reason })?;
    push_all(&server, &session.token).await?;
    super::captures::send_waiting(&server, &session.token, &member_id).await?;
    pull_all(&server, &session.token).await?;
    super::records::flush(&server, &session.token, &member_id).await;
    super::records::refresh_settings(&server, &session.token).await;
    super::notify::announce_pending(&server, &session.token).await;
    Ok(())
}

async fn push_all(server: &ServerAddress, token: &str) -> Result<(), SyncProblem> {
    loop {
        let waiting_before = state::with(|state| state.outbox.len()).unwrap_or(0);
        let batch = state::with(|state| state.next_batch(PUSH_BATCH)).unwrap_or_default();
        if batch.is_empty() {
            return Ok(());
        }
        state::save(&[]).await?; // Marked sent before they leave.
        let request = PushRequest { mutations: batch };
        let answer: PushResponse =
            http::read_with("POST", &server.api("/sync"), server.as_str(), Some(token), Some(&request), read_push_response).await?;
        let now = clock::now_ms();
        let effects = state::with(|state| {
            state.mark_online(now);
            state.apply_push(&answer, now)
        })
        .unwrap_or_default();
        state::save(&effects.documents).await?;
        publish::publish(&effects.visible, false).await;
        if state::with(|state| state.outbox.len()).unwrap_or(0) >= waiting_before {
            return Ok(()); // Nothing was answered: do not loop; the next round sends them again.
        }
    }
}

async fn pull_all(server: &ServerAddress, token: &str) -> Result<(), SyncProblem> {
    let mut effects = Effects::default();
    let mut pages = 0;
    loop {
        let cursor = state::with(|state| state.cursor).unwrap_or(0);
        let url = server.api(&format!("/sync?since={cursor}&limit={PULL_PAGE}"));
        let page: PullResponse = http::json("GET", &url, server.as_str(), Some(token), None::<&()>).await?;
        effects.merge(state::with(|state| state.apply_pull(&page)).unwrap_or_default());
        pages += 1;
        if !page.has_more || pages % PAGES_PER_WRITE == 0 {
            state::with(|state| state.mark_online(clock::now_ms()));
            state::save(&effects.documents).await?;
            publish::publish(&effects.visible, effects.me_changed).await;
            effects = Effects::default();
        }
        if !page.has_more {
            return Ok(());
        }
    }
}

/// Records how the round went, shows it, and plans a retry when the server did not answer.
async fn after_round(result: Result<(), SyncProblem>) {
    let now = clock::now_ms();
    match result {
        Ok(()) => {
            FAILURES.with(|failures| failures.set(0));
            publish::set_problem(None);
            state::with(|state| state.mark_online(now));
        }
        Err(SyncProblem::NotSignedIn) => publish::set_problem(None),
        Err(SyncProblem::SessionEnded) => {
            super::account::drop_session().await;
            publish::set_problem(Some(SyncProblem::SessionEnded));
        }
        Err(problem) => {
            if matches!(problem, SyncProblem::Unreachable { .. }) {
                state::with(|state| state.mark_offline(now));
                publish::set_problem(None);
            } else {
                publish::set_problem(Some(problem.clone()));
            }
            if problem.is_transient() {
                retry_later();
            }
        }
    }
    let _ = state::save(&[]).await;
    publish::publish(&[], false).await;
}

/// Plans one retry after an exponentially growing wait (1 s, 2 s, 4 s... 60 s).
fn retry_later() {
    if RETRY_PENDING.with(Cell::get) {
        return;
    }
    let failures = FAILURES.with(|failures| {
        failures.set(failures.get().saturating_add(1));
        failures.get()
    });
    let wait = crate::core::sync::retry_delay_ms(failures, MAX_BACKOFF_MS);
    RETRY_PENDING.with(|pending| pending.set(true));
    gloo::timers::callback::Timeout::new(wait, || {
        RETRY_PENDING.with(|pending| pending.set(false));
        kick();
    })
    .forget();
}

/// Every collection whose documents the rest of the extension reads (rebuilt after a sign-in).
pub fn collections_shown() -> [Collection; 4] {
    [Collection::TeamTemplates, Collection::PersonalTemplates, Collection::RuleSets, Collection::SiteDescriptors]
}
