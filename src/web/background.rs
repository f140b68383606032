//! The service worker: the hub every message goes through.
//!
//! MV3 stops an idle worker after ~30 s, so nothing lives only in memory: the context of each
//! tab is kept in `chrome.storage.session` (memory-backed, out of content scripts' reach).

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use crate::core::model::{
    CommentContext, FromBackground, PanelEvent, Refusal, Sender, SenderRecord, ToBackground,
};
use crate::web::{chrome, wire};

const LAST_CONTEXT_KEY: &str = "context:last";

/// Answers one runtime message after checking who sent it.
pub async fn handle(message: JsValue, sender: JsValue) -> JsValue {
    let answer = match authorised(message, &sender) {
        Ok((request, sender)) => dispatch(request, sender).await,
        Err(reason) => FromBackground::Refused { reason },
    };
    wire::to_js(&answer)
}

fn authorised(message: JsValue, sender: &JsValue) -> Result<(ToBackground, Sender), Refusal> {
    let sender = Sender::classify(&sender_record(sender), &chrome::extension_id(), &chrome::extension_origin());
    let request: ToBackground = wire::from_js(message).ok_or(Refusal::Malformed)?;
    request.permitted_from(sender)?;
    Ok((request, sender))
}

async fn dispatch(request: ToBackground, sender: Sender) -> FromBackground {
    match (request, sender) {
        (ToBackground::ContextOpened { context, open_panel }, Sender::ContentScript { tab_id, .. }) => {
            if open_panel {
                chrome::open_side_panel(tab_id); // Before any await: it needs the user's gesture.
            }
            remember_context(tab_id, context.bounded()).await
        }
        (ToBackground::GetContext { tab_id }, _) => recall_context(tab_id).await,
        _ => FromBackground::Refused { reason: Refusal::WrongContext },
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredContext {
    tab_id: i32,
    context: CommentContext,
}

async fn remember_context(tab_id: i32, context: CommentContext) -> FromBackground {
    let stored = wire::to_js(&StoredContext { tab_id, context: context.clone() });
    let tab_key = format!("context:{tab_id}");
    if let Err(error) = chrome::session_write(&[(&tab_key, stored.clone()), (LAST_CONTEXT_KEY, stored)]).await {
        gloo::console::warn!("Tact: could not keep the comment context", error);
    }
    chrome::broadcast(&wire::to_js(&PanelEvent::ContextChanged { tab_id, context }));
    FromBackground::Done
}

async fn recall_context(tab_id: Option<i32>) -> FromBackground {
    let key = tab_id.map_or_else(|| LAST_CONTEXT_KEY.to_owned(), |id| format!("context:{id}"));
    let stored = chrome::session_read(&key).await.ok().and_then(wire::from_js::<StoredContext>);
    match stored {
        Some(StoredContext { tab_id, context }) => FromBackground::Context { tab_id: Some(tab_id), context: Some(context) },
        None => FromBackground::Context { tab_id, context: None },
    }
}

/// Reads the parts of `chrome.runtime.MessageSender` the classification needs.
fn sender_record(sender: &JsValue) -> SenderRecord {
    let text = |key: &str| Reflect::get(sender, &key.into()).ok().and_then(|value| value.as_string());
    let tab = Reflect::get(sender, &"tab".into()).unwrap_or(JsValue::UNDEFINED);
    let tab_id = Reflect::get(&tab, &"id".into()).ok().and_then(|id| id.as_f64()).map(|id| id as i32);
    let frame_id = Reflect::get(sender, &"frameId".into()).ok().and_then(|id| id.as_f64()).map(|id| id as i32);
    SenderRecord { id: text("id"), url: text("url"), tab_id, frame_id }
}
