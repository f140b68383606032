//! Adapter health (`?view=health`): the site adapters' failures that the agent counted in this
//! browser (`adapter-health.v1`, written by the background: per site and kind, a count and the
//! first and last time). The counts live per browser, so the view says whose figures they are.

use std::collections::BTreeMap;

use web_sys::Element;

use crate::web::console::ui::{table, time_text};
use crate::web::console::words::word;
use crate::web::dom::{self, Node};
use crate::web::chrome;

const ADAPTER_HEALTH_KEY: &str = "adapter-health.v1";

#[derive(serde::Deserialize)]
struct Count {
    count: u64,
    last_ms: u64,
}

pub fn view(slot: &Element) {
    let slot = slot.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let counts = stored_counts().await.unwrap_or_default();
        let rows = counts
            .iter()
            .map(|(site, kinds)| {
                let total: u64 = kinds.values().map(|count| count.count).sum();
                let detail = kinds.iter().map(|(kind, count)| format!("{}: {}", kind_word(kind), count.count)).collect::<Vec<_>>().join(", ");
                let last = kinds.values().map(|count| count.last_ms).max().unwrap_or_default();
                vec![site.clone(), total.to_string(), detail, time_text(i64::try_from(last).unwrap_or_default())]
            })
            .collect();
        let columns = ["consoleHealthSite", "consoleHealthFailures", "consoleHealthKinds", "consoleHealthLastFailure"];
        let mut section = Node::new("section")
            .attr("id", "health")
            .attr("aria-labelledby", "health-heading")
            .child(Node::new("h1").attr("id", "health-heading").text(&word("consoleHealth")))
            .child(Node::new("p").class("note").text(&word("consoleHealthThisBrowser")));
        if let Some(table) = table(&columns, rows) {
            section = section.child(table);
        }
        dom::replace_children(&slot, section);
    });
}

/// The background stores the counts as a JS object (not JSON text, unlike sync): the browser's
/// JSON turns it into text for serde_json, already in this module (serde-wasm-bindgen is not).
async fn stored_counts() -> Option<BTreeMap<String, BTreeMap<String, Count>>> {
    let value = chrome::local_read(ADAPTER_HEALTH_KEY).await.ok()?;
    let text = js_sys::JSON::stringify(&value).ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

fn kind_word(kind: &str) -> String {
    match kind {
        "descriptor_no_match" => word("consoleHealthNoMatch"),
        "partial_context" => word("consoleHealthPartial"),
        other => other.to_owned(),
    }
}
