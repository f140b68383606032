//! Recording a reply the guard let through: the agent writes the record (final text, site,
//! comment, author, template, approval, findings, time) and hands it to the sync worker, which
//! keeps it in its record outbox on disk until the team server has it. The record's id is made
//! here, so a record sent twice is recorded once.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

use crate::core::guidelines::Finding;
use crate::core::model::approvals::{PublishedReplyInput, RepliedAuthor};
use crate::core::model::records::Record;
use crate::web::agent::context;
use crate::web::chrome;

/// Tries to reach the worker (a stopped worker is woken by the first).
const ATTEMPTS: u32 = 3;

/// What the agent knows of a reply that is going out.
pub struct Posted {
    pub text: String,
    pub approval_id: Option<String>,
    pub template_id: Option<String>,
    pub findings: Vec<Finding>,
}

/// Records that `editor`'s reply was posted.
pub fn posted(editor: &Element, posted: Posted) {
    let context = context::for_editor(editor);
    let reply = PublishedReplyInput {
        id: random_id(),
        text: posted.text,
        platform: context.platform,
        permalink: context.permalink,
        author: RepliedAuthor { name: context.author.name, handle: context.author.handle },
        template_id: posted.template_id,
        approval_id: posted.approval_id,
        findings: posted.findings,
        posted_ms: js_sys::Date::now() as i64,
    };
    send(Record::Published { reply });
}

/// Hands a record to the sync worker (`{type: "record", record: "<JSON>"}`); the worker stores
/// it before answering.
pub fn send(record: Record) {
    let Ok(json) = serde_json::to_string(&record) else { return };
    let message = js_sys::Object::new();
    let _ = Reflect::set(&message, &"type".into(), &"record".into());
    let _ = Reflect::set(&message, &"record".into(), &json.into());
    wasm_bindgen_futures::spawn_local(async move {
        for _ in 0..ATTEMPTS {
            let answer = chrome::send_message(&message).await.ok();
            let kept = answer.and_then(|answer| Reflect::get(&answer, &"type".into()).ok()).and_then(|kind| kind.as_string());
            if kept.as_deref() == Some("record") {
                return;
            }
            sleep_ms(1_000).await;
        }
        gloo::console::warn!("Tact could not record a posted reply: its background did not answer.");
    });
}

/// A random id (`crypto.getRandomValues` works on every page; `randomUUID` only on https).
fn random_id() -> String {
    let bytes = Uint8Array::new_with_length(16);
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).unwrap_or(JsValue::UNDEFINED);
    if let Ok(fill) = Reflect::get(&crypto, &"getRandomValues".into()).and_then(|fill| fill.dyn_into::<js_sys::Function>().map_err(JsValue::from)) {
        let _ = fill.call1(&crypto, &bytes);
    }
    bytes.to_vec().iter().map(|byte| format!("{byte:02x}")).collect()
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
