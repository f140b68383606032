//! The audit browser: the chain's state (`/audit/verify`: intact, or the first bad entry and
//! why), the log a page at a time, and its export for a range of days as CSV or JSON (owners;
//! the server records the export in the log before the first byte).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

use crate::core::model::audit::{AuditPage, ChainReport};
use crate::core::reports::calendar::day_text;
use crate::web::console::api::Api;
use crate::web::console::ui::{button, download, outcome, time_text};
use crate::web::console::words::{say, word};
use crate::web::dom::{self, Node};

/// Entries per page.
const PAGE: u64 = 50;

pub fn view(slot: &Element, api: Rc<Api>) {
    let chain = Node::new("div").attr("id", "audit-chain").attr("aria-live", "polite").build();
    let entries = Node::new("div").attr("id", "audit-entries").build();
    let section = Node::new("section")
        .attr("aria-labelledby", "audit-heading")
        .child(Node::new("h1").attr("id", "audit-heading").text(&word("consoleAudit")))
        .child(Node::from(chain.clone()))
        .child(export_form(&api))
        .child(Node::from(entries.clone()));
    dom::replace_children(slot, section);
    verify(api.clone(), chain);
    load(api, entries, 0);
}

fn verify(api: Rc<Api>, chain: Element) {
    dom::replace_children(&chain, Node::new("p").text(&word("consoleVerifying")));
    wasm_bindgen_futures::spawn_local(async move {
        let answer: Result<ChainReport, String> = api.get("/audit/verify").await;
        let node = match answer {
            Ok(report) if report.intact => Node::new("p")
                .class("status intact")
                .attr("data-intact", "true")
                .text(&say("consoleChainIntact", &[&report.entries.to_string(), &report.head_seq.to_string()])),
            Ok(report) => {
                let problem = report.problem.map(|p| say("consoleChainProblem", &[&p.seq.to_string(), p.kind.as_str(), &p.detail]));
                Node::new("p").class("error").attr("role", "alert").attr("data-intact", "false").text(&problem.unwrap_or_default())
            }
            Err(message) => Node::new("p").class("error").attr("role", "alert").text(&message),
        };
        dom::replace_children(&chain, node);
    });
}

fn load(api: Rc<Api>, slot: Element, after: u64) {
    wasm_bindgen_futures::spawn_local(async move {
        let answer: Result<AuditPage, String> = api.get(&format!("/audit?after={after}&limit={PAGE}")).await;
        match answer {
            Ok(page) => show(&api, &slot, page),
            Err(message) => outcome(&slot, Err(message)),
        }
    });
}

fn show(api: &Rc<Api>, slot: &Element, page: AuditPage) {
    let head = Node::new("tr").children(
        ["consoleColSeq", "consoleColTime", "consoleColActor", "consoleColKind", "consoleColDetails"]
            .iter()
            .map(|key| Node::new("th").attr("scope", "col").text(&word(key))),
    );
    let rows = page.entries.iter().map(|entry| {
        let details: String = entry.payload.chars().take(160).collect();
        Node::new("tr")
            .child(Node::new("th").attr("scope", "row").text(&entry.seq.to_string()))
            .child(Node::new("td").text(&time_text(entry.time_ms)))
            .child(Node::new("td").text(&entry.actor))
            .child(Node::new("td").text(&entry.kind))
            .child(Node::new("td").class("payload").text(&details))
    });
    let mut node = Node::new("div").child(Node::new("table").class("audit").child(Node::new("thead").child(head)).child(Node::new("tbody").children(rows)));
    if let Some(next) = page.next_after {
        let (api, slot_for_next) = (api.clone(), slot.clone());
        node = node.child(button("consoleNextPage").attr("id", "audit-next").on("click", move |_| load(api.clone(), slot_for_next.clone(), next)));
    }
    dom::replace_children(slot, node);
}

fn export_form(api: &Rc<Api>) -> Node {
    let today = day_text((js_sys::Date::now() as i64).div_euclid(86_400_000));
    let date = |id: &str, value: &str| -> HtmlInputElement {
        let input: HtmlInputElement = Node::new("input").attr("id", id).attr("type", "date").build().unchecked_into();
        input.set_value(value);
        input
    };
    let (from, to) = (date("export-from", &format!("{}-01", &today[..7])), date("export-to", &today));
    let said = Node::new("div").build();
    let export = |format: &'static str| {
        let (api, from, to, said) = (api.clone(), from.clone(), to.clone(), said.clone());
        move |_| {
            let (api, said) = (api.clone(), said.clone());
            let (from, to) = (from.value(), to.value());
            wasm_bindgen_futures::spawn_local(async move {
                let path = format!("/audit/export?from={from}&to={to}&format={format}");
                let name = format!("tact-audit-{from}-{to}.{format}");
                let mime = if format == "csv" { "text/csv" } else { "application/json" };
                match api.text("GET", &path, None).await {
                    Ok(text) => outcome(&said, download(&name, &text, mime).map(|_| say("consoleExported", &[&name])).map_err(|_| word("consoleDownloadFailed"))),
                    Err(message) => outcome(&said, Err(message)),
                }
            });
        }
    };
    Node::new("div")
        .class("picker")
        .child(Node::new("span").class("field").child(Node::new("label").attr("for", "export-from").text(&word("consoleFrom"))).child(Node::from(from.clone().unchecked_into::<Element>())))
        .child(Node::new("span").class("field").child(Node::new("label").attr("for", "export-to").text(&word("consoleTo"))).child(Node::from(to.clone().unchecked_into::<Element>())))
        .child(button("consoleExportCsv").attr("id", "export-csv").on("click", export("csv")))
        .child(button("consoleExportJson").attr("id", "export-json").on("click", export("json")))
        .child(Node::from(said))
}
