//! The console's requests to the team server: the signed-in member's server and token, JSON in
//! and out, and every refusal turned into a sentence for the person (the server's own message
//! when it gives one).

use serde::{de::DeserializeOwned, Serialize};

use crate::web::console::words::{say, word};
use crate::web::http;
use crate::web::sync::Session;

/// Where the console asks: the signed-in member's server and token.
pub struct Api {
    pub session: Session,
}

impl Api {
    fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.session.server.trim_end_matches('/'))
    }

    /// Sends a request; the answer's body as text, or a sentence saying why there is none.
    pub async fn text(&self, method: &str, path: &str, body: Option<String>) -> Result<String, String> {
        let answer = http::send(method, &self.url(path), Some(&self.session.token), body)
            .await
            .map_err(|_| say("consoleUnreachable", &[&self.session.server]))?;
        match answer.status {
            200..=299 => Ok(answer.body),
            401 => Err(word("consoleSignedOut")),
            status => {
                let message = serde_json::from_str::<serde_json::Value>(&answer.body)
                    .ok()
                    .and_then(|body| body["error"]["message"].as_str().map(str::to_owned))
                    .unwrap_or_else(|| format!("HTTP {status}"));
                Err(if status == 403 && path.starts_with("/reports") { word("consoleForbidden") } else { say("consoleFailed", &[&message]) })
            }
        }
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, String> {
        let body = self.text("GET", path, None).await?;
        serde_json::from_str(&body).map_err(|error| say("consoleFailed", &[&error.to_string()]))
    }

    /// Sends `body` as JSON with `method`; the answer read as `T`.
    pub async fn send<T: DeserializeOwned>(&self, method: &str, path: &str, body: &impl Serialize) -> Result<T, String> {
        let body = serde_json::to_string(body).map_err(|error| say("consoleFailed", &[&error.to_string()]))?;
        let answer = self.text(method, path, Some(body)).await?;
        let answer = if answer.trim().is_empty() { "null" } else { answer.as_str() };
        serde_json::from_str(answer).map_err(|error| say("consoleFailed", &[&error.to_string()]))
    }
}

/// A query value, percent-encoded.
pub fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value).as_string().unwrap_or_default()
}
