//! The panel's "Guidelines" section: what the checks found in the draft of the reply box being
//! answered (severity, message, the text at fault), each with its fixes. A fix goes to the
//! background, then to the agent of the tab, which types it over the range through the editor.
//! Messages and rule ids are team data: they are shown here, never in the page.

use std::cell::RefCell;

use js_sys::Reflect;
use wasm_bindgen::JsValue;
use web_sys::Element;

use crate::core::guidelines::{text_in_range, Finding, Severity};
use crate::core::model::{FromBackground, InsertOutcome, ToBackground};
use crate::web::{chrome, dom, dom::Node, wire};

thread_local! {
    static SLOT: RefCell<Option<Element>> = const { RefCell::new(None) };
    /// The last checked draft's text and its findings as the background sent them (a JS array).
    static LAST_CHECK: RefCell<Option<(String, JsValue)>> = const { RefCell::new(None) };
}

/// Keeps the findings of a `draft_checked` event as they came, so an approval request can send
/// them without a serde writer for findings in this module (it is near its size budget).
pub fn remember(event: &JsValue) {
    let field = |name: &str| Reflect::get(event, &name.into()).ok();
    if field("type").and_then(|kind| kind.as_string()).as_deref() != Some("draft_checked") {
        return;
    }
    if let (Some(text), Some(findings)) = (field("text").and_then(|text| text.as_string()), field("findings")) {
        LAST_CHECK.with(|cell| *cell.borrow_mut() = Some((text, findings)));
    }
}

/// The findings the page's check found on exactly `text`, if it was the last draft checked.
pub fn findings_of(text: &str) -> Option<JsValue> {
    LAST_CHECK.with(|cell| cell.borrow().as_ref().filter(|(checked, _)| checked == text).map(|(_, findings)| findings.clone()))
}

pub fn mount(slot: Element) {
    SLOT.with(|cell| *cell.borrow_mut() = Some(slot));
}

/// Shows the findings of the draft `text` checked in `tab_id`.
pub fn show(tab_id: i32, text: &str, findings: &[Finding]) {
    let Some(slot) = SLOT.with(|cell| cell.borrow().clone()) else { return };
    let list = if findings.is_empty() {
        Node::new("p").class("empty").text(&chrome::message("panelGuidelinesNone"))
    } else {
        Node::new("ul").class("findings").children(findings.iter().map(|finding| item(tab_id, text, finding)))
    };
    let section = Node::new("section")
        .attr("aria-labelledby", "guidelines-heading")
        .child(Node::new("h2").attr("id", "guidelines-heading").text(&chrome::message("panelGuidelinesHeading")))
        .child(list)
        .child(Node::new("p").attr("id", "guidelines-status").attr("role", "alert"));
    dom::replace_children(&slot, section);
}

fn item(tab_id: i32, text: &str, finding: &Finding) -> Node {
    let found = text_in_range(text, finding.start, finding.end);
    let shown = if found.is_empty() { chrome::message("panelGuidelinesMissing") } else { format!("“{found}”") };
    let fixes = finding.replacements.iter().take(3).map(|replacement| fix_button(tab_id, finding, &found, replacement));
    Node::new("li")
        .class(&format!("finding {}", finding.severity.as_str()))
        .attr("data-rule", &finding.rule_id)
        .child(Node::new("span").class("severity").text(&severity_label(finding.severity)))
        .child(Node::new("q").class("found").text(&shown))
        .child(Node::new("p").class("message").text(&finding.message))
        .child(Node::new("div").class("fixes").children(fixes))
}

fn fix_button(tab_id: i32, finding: &Finding, found: &str, replacement: &str) -> Node {
    let request = ToBackground::FixDraft {
        tab_id: Some(tab_id),
        start: finding.start,
        end: finding.end,
        expected: found.to_owned(),
        replacement: replacement.to_owned(),
    };
    let label = chrome::message_with("panelGuidelinesFix", &[replacement.trim()]);
    Node::new("button").attr("type", "button").class("fix").text(&label).on("click", move |_| {
        let request = wire::to_js(&request);
        wasm_bindgen_futures::spawn_local(async move {
            let answer = chrome::send_message(&request).await.ok().and_then(wire::from_js::<FromBackground>);
            let fixed = matches!(answer, Some(FromBackground::Insert { outcome: InsertOutcome::Inserted }));
            if let Some(status) = dom::document().get_element_by_id("guidelines-status") {
                let message = if fixed { String::new() } else { chrome::message("panelGuidelinesFixFailed") };
                status.set_text_content(Some(&message));
            }
        });
    })
}

fn severity_label(severity: Severity) -> String {
    chrome::message(match severity {
        Severity::Info => "guidelinesSeverityInfo",
        Severity::Warn => "guidelinesSeverityWarn",
        Severity::Approval => "guidelinesSeverityApproval",
        Severity::Block => "guidelinesSeverityBlock",
    })
}
