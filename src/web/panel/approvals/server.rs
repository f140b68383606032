//! The approvals API as the panel uses it, with the session the live channel uses.
//!
//! Read and written as plain JS objects (`JSON.parse`, `Reflect`), not through serde: each serde
//! reader or writer is code in the panel's module, which is near its size budget (the serde
//! version of this file and of the request cost the panel 92 KB). The wire types are
//! `core::model::approvals`; the fields read here are theirs.

use js_sys::{Object, Reflect, JSON};
use wasm_bindgen::JsValue;

use crate::web::http;
use crate::web::sync::{self as sync_store};

/// One request, as listed by `GET /api/v1/approvals` (`ApprovalView`): what the panel shows.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub id: String,
    pub requester_id: String,
    pub requester_name: String,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    pub text: String,
    pub author_name: String,
    pub comment_text: String,
    pub note: String,
    pub decided_by: String,
    pub decision_comment: String,
    pub approved_text: Option<String>,
    pub approved_hash: Option<String>,
}

/// `object.key` (a path of keys) as text, or empty.
pub fn text_at(object: &JsValue, path: &[&str]) -> String {
    value_at(object, path).as_string().unwrap_or_default()
}

/// `object.key` (a path of keys), or `undefined`.
pub fn value_at(object: &JsValue, path: &[&str]) -> JsValue {
    let mut value = object.clone();
    for key in path {
        if !value.is_object() {
            return JsValue::UNDEFINED;
        }
        value = Reflect::get(&value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    }
    value
}

/// `object.key` (a path of keys) as an array; empty when it is not one (`Array.from` throws on
/// `undefined`).
pub fn array_at(object: &JsValue, path: &[&str]) -> js_sys::Array {
    let value = value_at(object, path);
    if js_sys::Array::is_array(&value) { value.into() } else { js_sys::Array::new() }
}

/// A plain object with these fields.
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

impl Request {
    fn read(view: &JsValue) -> Request {
        let optional = |path: &[&str]| value_at(view, path).as_string();
        Request {
            id: text_at(view, &["id"]),
            requester_id: text_at(view, &["requester", "id"]),
            requester_name: text_at(view, &["requester", "display_name"]),
            status: text_at(view, &["status"]),
            text: text_at(view, &["text"]),
            author_name: text_at(view, &["context", "author", "name"]),
            comment_text: text_at(view, &["context", "text"]),
            note: text_at(view, &["note"]),
            decided_by: text_at(view, &["decision", "by", "display_name"]),
            decision_comment: text_at(view, &["decision", "comment"]),
            approved_text: optional(&["decision", "approved_text"]),
            approved_hash: optional(&["decision", "approved_hash"]),
        }
    }
}

/// The requests this member may see, newest first: their own, and the team's for approvers.
/// `Err` is a reason for the person.
pub async fn list() -> Result<Vec<Request>, String> {
    let session = sync_store::session().await.ok_or_else(|| "not signed in".to_owned())?;
    let url = format!("{}/api/v1/approvals", session.server);
    let answer = http::send("GET", &url, Some(&session.token), None).await.map_err(|_| session.server.clone())?;
    if answer.status != 200 {
        return Err(format!("{} {}", answer.status, answer.body));
    }
    let list = JSON::parse(&answer.body).map_err(|_| "unreadable answer".to_owned())?;
    let views = array_at(&list, &["approvals"]);
    Ok(views.iter().map(|view| Request::read(&view)).collect())
}

/// Decides the request `id` with a `DecisionInput` object. `Err` is the server's reason.
pub async fn decide(id: &str, decision: &JsValue) -> Result<(), String> {
    let session = sync_store::session().await.ok_or_else(|| "not signed in".to_owned())?;
    let url = format!("{}/api/v1/approvals/{id}/decision", session.server);
    let body = JSON::stringify(decision).ok().and_then(|text| text.as_string());
    let answer = http::send("POST", &url, Some(&session.token), body).await.map_err(|_| session.server.clone())?;
    if (200..300).contains(&answer.status) {
        return Ok(());
    }
    let reason = JSON::parse(&answer.body).ok().map(|error| text_at(&error, &["error", "message"])).filter(|message| !message.is_empty());
    Err(reason.unwrap_or(answer.body))
}
