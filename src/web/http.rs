//! Requests to the team server with the global `fetch` (there is no `window` in a service
//! worker), a bearer token, and a deadline: a server that accepts the connection and never
//! answers is treated like one that is down.

use js_sys::{Object, Promise, Reflect};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::core::sync::{problem_from_http, SyncProblem};

/// How long a request may take before the server counts as unreachable.
const DEADLINE_MS: u32 = 30_000;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(url: &str, init: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_namespace = AbortSignal, js_name = timeout, catch)]
    fn abort_signal_timeout(ms: u32) -> Result<JsValue, JsValue>;
}

/// An answer: its status, its `Retry-After` header and its body as text.
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: String,
}

/// Sends a request; `Err` only when no answer came (network down, refused, deadline passed).
pub async fn send(method: &str, url: &str, token: Option<&str>, body: Option<String>) -> Result<Answer, JsValue> {
    let response = start(method, url, token, body, Some(DEADLINE_MS)).await?;
    let status = Reflect::get(&response, &"status".into())?.as_f64().unwrap_or(0.0) as u16;
    let headers = Reflect::get(&response, &"headers".into())?;
    let retry_after = call_method(&headers, "get", &[JsValue::from_str("Retry-After")]).ok().and_then(|value| value.as_string());
    let text = JsFuture::from(call_method(&response, "text", &[])?.dyn_into::<Promise>()?).await?;
    Ok(Answer { status, retry_after, body: text.as_string().unwrap_or_default() })
}

/// Starts a request and resolves to the `Response` object once its headers arrive (its body
/// may still be streaming: the live channel reads it as it comes, with no deadline).
pub async fn start(method: &str, url: &str, token: Option<&str>, body: Option<String>, deadline_ms: Option<u32>) -> Result<JsValue, JsValue> {
    let init = Object::new();
    Reflect::set(&init, &"method".into(), &method.into())?;
    Reflect::set(&init, &"cache".into(), &"no-store".into())?;
    Reflect::set(&init, &"credentials".into(), &"omit".into())?;
    let headers = Object::new();
    Reflect::set(&headers, &"Accept".into(), &"application/json".into())?;
    if let Some(token) = token {
        Reflect::set(&headers, &"Authorization".into(), &format!("Bearer {token}").into())?;
    }
    if let Some(body) = body {
        Reflect::set(&headers, &"Content-Type".into(), &"application/json".into())?;
        Reflect::set(&init, &"body".into(), &body.into())?;
    }
    Reflect::set(&init, &"headers".into(), &headers)?;
    if let Some(deadline_ms) = deadline_ms {
        if let Ok(signal) = abort_signal_timeout(deadline_ms) {
            Reflect::set(&init, &"signal".into(), &signal)?;
        }
    }
    JsFuture::from(global_fetch(url, &init)?).await
}

/// Calls `object.name(args...)`.
pub fn call_method(object: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let function: js_sys::Function = Reflect::get(object, &JsValue::from_str(name))?.dyn_into()?;
    let args: js_sys::Array = args.iter().collect();
    function.apply(object, &args)
}

/// Sends a request with a JSON body (or none) and reads a JSON answer of type `T`; any
/// refusal becomes a [`SyncProblem`] a person can read.
pub async fn json<T: DeserializeOwned>(
    method: &str,
    url: &str,
    server: &str,
    token: Option<&str>,
    body: Option<&impl Serialize>,
) -> Result<T, SyncProblem> {
    read_with(method, url, server, token, body, |text| serde_json::from_str(text)).await
}

/// Like [`json`], with the answer read by `read`.
pub async fn read_with<T>(
    method: &str,
    url: &str,
    server: &str,
    token: Option<&str>,
    body: Option<&impl Serialize>,
    read: impl FnOnce(&str) -> Result<T, serde_json::Error>,
) -> Result<T, SyncProblem> {
    let body = body.map(serde_json::to_string).transpose().map_err(|error| SyncProblem::Storage { message: error.to_string() })?;
    let unreachable = || SyncProblem::Unreachable { server: server.to_owned() };
    let answer = send(method, url, token, body).await.map_err(|_| unreachable())?;
    if !(200..300).contains(&answer.status) {
        return Err(problem_from_http(answer.status, &answer.body, answer.retry_after.as_deref()));
    }
    read(&answer.body).map_err(|error| SyncProblem::Server {
        status: answer.status,
        code: "unreadable".into(),
        message: format!("the answer could not be read: {error}"),
    })
}

/// Sends a request whose answer has no body worth reading (sign-out).
pub async fn no_content(method: &str, url: &str, server: &str, token: Option<&str>) -> Result<(), SyncProblem> {
    let answer = send(method, url, token, None).await.map_err(|_| SyncProblem::Unreachable { server: server.to_owned() })?;
    if (200..300).contains(&answer.status) {
        Ok(())
    } else {
        Err(problem_from_http(answer.status, &answer.body, answer.retry_after.as_deref()))
    }
}

#[wasm_bindgen]
extern "C" {
    type TextDecoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextDecoder;
    #[wasm_bindgen(method)]
    fn decode(this: &TextDecoder, input: &JsValue, options: &JsValue) -> String;
}

/// A response body read as it streams, chunk by chunk, as text (the live channel's events).
pub struct TextStream {
    reader: JsValue,
    decoder: TextDecoder,
    streaming: Object,
}

impl TextStream {
    /// The body of `response` (a `Response` from [`start`]), if it has one.
    pub fn of(response: &JsValue) -> Option<TextStream> {
        let body = Reflect::get(response, &"body".into()).ok()?;
        let reader = call_method(&body, "getReader", &[]).ok()?;
        let streaming = Object::new();
        let _ = Reflect::set(&streaming, &"stream".into(), &JsValue::TRUE);
        Some(TextStream { reader, decoder: TextDecoder::new(), streaming })
    }

    /// The next chunk's text, or `None` at the end of the stream (or once cancelled).
    pub async fn next(&self) -> Option<String> {
        let promise: Promise = call_method(&self.reader, "read", &[]).ok()?.dyn_into().ok()?;
        let result = JsFuture::from(promise).await.ok()?;
        if Reflect::get(&result, &"done".into()).ok()?.as_bool().unwrap_or(true) {
            return None;
        }
        let chunk = Reflect::get(&result, &"value".into()).ok()?;
        Some(self.decoder.decode(&chunk, &self.streaming))
    }

    /// Ends the stream: a pending [`next`](Self::next) answers `None`.
    pub fn cancel(&self) {
        let _ = call_method(&self.reader, "cancel", &[]);
    }
}

/// The HTTP status of a `Response` object (0 if unreadable).
pub fn status_of(response: &JsValue) -> u16 {
    Reflect::get(response, &"status".into()).ok().and_then(|status| status.as_f64()).unwrap_or(0.0) as u16
}
