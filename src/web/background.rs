//! The service worker's hub: every message but team sync goes through it (the `sync` module
//! takes those, see `src/web/mod.rs`).
//!
//! MV3 stops an idle worker after ~30 s, so nothing lives only in memory: the context of each
//! tab is kept in `chrome.storage.session` (memory-backed, out of content scripts' reach).

use wasm_bindgen::JsValue;

use crate::core::model::{
    CommentContext, FromBackground, InsertOutcome, PanelEvent, Refusal, Sender, ToAgent, ToBackground,
};
use crate::core::model::records::HeldDraft;
use crate::core::reply::{compose, ReplyInputs};
use crate::core::sites::{HealthEvent, HealthEventKind};
use crate::web::{chrome, clock, store, wire};

const LAST_CONTEXT_KEY: &str = "context:last";
/// The latest checked draft of any tab, as the `PanelEvent` sent to panels.
const LAST_DRAFT_KEY: &str = "draft:last";

/// The draft the submit guard last held back, for the panel's "request approval".
mod held {
    use super::*;
    use crate::core::model::approvals::MAX_REPLY_CHARS;

    /// In `chrome.storage.session` (memory only; drafts never go to disk here). The panel reads it.
    pub const HELD_KEY: &str = "approvals.held.v1";

    pub async fn remember(held: HeldDraft) -> FromBackground {
        if held.text.chars().count() > MAX_REPLY_CHARS || held.reasons.len() > 100 {
            return FromBackground::Refused { reason: Refusal::Malformed };
        }
        if let Err(error) = chrome::session_write(&[(HELD_KEY, wire::to_js(&held))]).await {
            gloo::console::warn!("Tact: could not keep the held draft", error);
        }
        FromBackground::Done
    }
}

/// Answers one runtime message after checking who sent it.
pub async fn handle(message: JsValue, sender: JsValue) -> JsValue {
    let answer = match authorised(message, &sender) {
        Ok((request, sender)) => dispatch(request, sender).await,
        Err(reason) => FromBackground::Refused { reason },
    };
    wire::to_js(&answer)
}

fn authorised(message: JsValue, sender: &JsValue) -> Result<(ToBackground, Sender), Refusal> {
    let sender = chrome::classify_sender(sender);
    let request: ToBackground = wire::from_js(message).ok_or(Refusal::Malformed)?;
    request.permitted_from(sender)?;
    Ok((request, sender))
}

async fn dispatch(request: ToBackground, sender: Sender) -> FromBackground {
    match (request, sender) {
        (ToBackground::ContextOpened { context, open_panel }, Sender::ContentScript { tab_id, frame_id }) => {
            if open_panel {
                chrome::open_side_panel(tab_id); // Before any await: it needs the user's gesture.
            }
            remember_context(StoredContext { tab_id, frame_id, context: context.bounded() }).await
        }
        (ToBackground::GetContext { tab_id }, _) => match recall(tab_id).await {
            Some(StoredContext { tab_id, context, .. }) => FromBackground::Context { tab_id: Some(tab_id), context: Some(context) },
            None => FromBackground::Context { tab_id, context: None },
        },
        (ToBackground::InsertReply { tab_id, text, cursor_utf16, template_id }, _) => {
            FromBackground::Insert { outcome: send_to_agent(tab_id, ToAgent::Insert { text, cursor_utf16, template_id }).await }
        }
        (ToBackground::PlaceApproved { tab_id, text }, _) => {
            FromBackground::Insert { outcome: send_to_agent(tab_id, ToAgent::PlaceApproved { text }).await }
        }
        (ToBackground::PostingHeld { text, context, reasons }, Sender::ContentScript { tab_id, .. }) => {
            held::remember(HeldDraft { tab_id, text, context: context.bounded(), reasons }).await
        }
        (ToBackground::GetShortcuts, _) => {
            let library = store::load_library().await;
            FromBackground::Shortcuts { shortcuts: library.templates().iter().map(|template| template.shortcut.clone()).collect() }
        }
        (ToBackground::ExpandShortcut { shortcut, context }, _) => expand_shortcut(&shortcut, context.bounded()).await,
        (ToBackground::AdapterHealth { event }, Sender::ContentScript { .. }) => count_adapter_health(&event).await,
        (ToBackground::DraftChecked { text, findings }, Sender::ContentScript { tab_id, .. }) => {
            let event = wire::to_js(&PanelEvent::DraftChecked { tab_id, text, findings });
            // Kept for a panel opened later (memory only, like the contexts).
            let tab_key = format!("draft:{tab_id}");
            if let Err(error) = chrome::session_write(&[(&tab_key, event.clone()), (LAST_DRAFT_KEY, event.clone())]).await {
                gloo::console::warn!("Tact: could not keep the checked draft", error);
            }
            chrome::broadcast(&event);
            FromBackground::Done
        }
        (ToBackground::GetDraftChecked { tab_id }, _) => {
            let key = tab_id.map_or_else(|| LAST_DRAFT_KEY.to_owned(), |id| format!("draft:{id}"));
            if let Some(event) = chrome::session_read(&key).await.ok().filter(|event| event.is_object()) {
                chrome::broadcast(&event);
            }
            FromBackground::Done
        }
        (ToBackground::FixDraft { tab_id, start, end, expected, replacement }, _) => {
            let request = ToAgent::Replace { start, end, expected, replacement };
            FromBackground::Insert { outcome: send_to_agent(tab_id, request).await }
        }
        _ => FromBackground::Refused { reason: Refusal::WrongContext },
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredContext {
    tab_id: i32,
    /// The frame whose agent reported it: insertions go back to that agent.
    frame_id: i32,
    context: CommentContext,
}

async fn remember_context(stored: StoredContext) -> FromBackground {
    let StoredContext { tab_id, context, .. } = &stored;
    let event = wire::to_js(&PanelEvent::ContextChanged { tab_id: *tab_id, context: context.clone() });
    let tab_key = format!("context:{tab_id}");
    let stored = wire::to_js(&stored);
    if let Err(error) = chrome::session_write(&[(&tab_key, stored.clone()), (LAST_CONTEXT_KEY, stored)]).await {
        gloo::console::warn!("Tact: could not keep the comment context", error);
    }
    chrome::broadcast(&event);
    FromBackground::Done
}

/// Renders the template whose shortcut was typed, for the comment the reply box answers, and
/// counts the use.
async fn expand_shortcut(shortcut: &str, context: CommentContext) -> FromBackground {
    let (mut library, settings) = (store::load_library().await, store::load_settings().await);
    let problem = |text: &str| FromBackground::Expansion { text: None, cursor_utf16: None, problem: Some(text.to_owned()) };
    let Some(template) = library.template_for_shortcut(shortcut).cloned() else { return problem("no template has this shortcut") };
    let inputs = ReplyInputs { context: Some(&context), settings: &settings, today: clock::today(), fallback_lang: clock::ui_lang() };
    let Some(composed) = compose(&template, None, &inputs) else { return problem("this template has no wording") };
    match composed.reply {
        Ok(reply) => {
            if library.record_use(&template.id, clock::now_ms()).is_ok() {
                let _ = store::save_library(&library).await;
            }
            FromBackground::Expansion { text: Some(reply.text), cursor_utf16: reply.cursor_utf16, problem: None }
        }
        Err(error) => problem(&error.to_string()),
    }
}

/// Where adapter failures are counted for the team backend to pick up: per site id and kind,
/// `{ count, first_ms, last_ms }` (the background's clock).
const ADAPTER_HEALTH_KEY: &str = "adapter-health.v1";
/// Most sites kept in the health counts, so a misbehaving agent cannot grow them without end.
const MAX_HEALTH_SITES: usize = 64;

type HealthCounts = std::collections::BTreeMap<String, std::collections::BTreeMap<String, HealthCount>>;

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct HealthCount {
    count: u64,
    first_ms: u64,
    last_ms: u64,
}

/// Counts one sign of a broken site adapter (the agent throttles them already).
async fn count_adapter_health(event: &HealthEvent) -> FromBackground {
    let id_is_sane = !event.site_id.is_empty()
        && event.site_id.len() <= 40
        && event.site_id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !id_is_sane {
        return FromBackground::Refused { reason: Refusal::Malformed };
    }
    let mut counts: HealthCounts =
        chrome::local_read(ADAPTER_HEALTH_KEY).await.ok().and_then(wire::from_js).unwrap_or_default();
    if !counts.contains_key(&event.site_id) && counts.len() >= MAX_HEALTH_SITES {
        return FromBackground::Done;
    }
    let kind = match event.kind {
        HealthEventKind::DescriptorNoMatch => "descriptor_no_match",
        HealthEventKind::PartialContext { .. } => "partial_context",
    };
    let now = u64::try_from(clock::now_ms()).unwrap_or_default();
    let entry = counts.entry(event.site_id.clone()).or_default().entry(kind.to_owned()).or_default();
    entry.first_ms = if entry.count == 0 { now } else { entry.first_ms };
    entry.count += 1;
    entry.last_ms = now;
    if let Err(error) = chrome::local_write(ADAPTER_HEALTH_KEY, &wire::to_js(&counts)).await {
        gloo::console::warn!("Tact: could not count an adapter failure", error);
    }
    FromBackground::Done
}

/// The context last reported in `tab_id`, or in any tab.
async fn recall(tab_id: Option<i32>) -> Option<StoredContext> {
    let key = tab_id.map_or_else(|| LAST_CONTEXT_KEY.to_owned(), |id| format!("context:{id}"));
    chrome::session_read(&key).await.ok().and_then(wire::from_js::<StoredContext>)
}

/// Sends `request` to the agent that reported the context of `tab_id` (or the last one).
async fn send_to_agent(tab_id: Option<i32>, request: ToAgent) -> InsertOutcome {
    let Some(target) = recall(tab_id).await else { return InsertOutcome::NoReplyBox };
    let request = wire::to_js(&request);
    match chrome::send_to_tab(target.tab_id, target.frame_id, &request).await {
        Ok(answer) => wire::from_js(answer).unwrap_or(InsertOutcome::Failed),
        Err(_) => InsertOutcome::NoReplyBox, // The tab was closed or reloaded since.
    }
}
