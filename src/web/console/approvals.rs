//! The approvals inbox: the team's requests, filtered by status (asked of the server), member and
//! network (among the requests shown); a manager approves or rejects a pending one with a comment.
//! The server decides who may decide (never one's own request) and answers a request someone
//! decided first as such. The list follows the team live (`live`): a request made or decided
//! anywhere is read again at once, keeping a comment being typed.

use std::cell::Cell;
use std::rc::Rc;

use serde_json::json;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

use crate::core::model::approvals::{ApprovalList, ApprovalStatus, ApprovalView};
use crate::core::policy::approval::PostingReason;
use crate::web::console::api::Api;
use crate::web::console::ui::{button, outcome, time_text};
use crate::web::console::words::{say, word};
use crate::web::dom::{self, Node};

/// The filters, as the controls hold them.
#[derive(Clone)]
struct Filters {
    status: HtmlSelectElement,
    member: HtmlSelectElement,
    network: HtmlSelectElement,
}

pub fn view(slot: &Element, api: Rc<Api>) {
    let filters = Filters { status: select("filter-status"), member: select("filter-member"), network: select("filter-network") };
    for (value, key) in [("pending", "consoleStatusPending"), ("approved", "consoleStatusApproved"), ("rejected", "consoleStatusRejected"), ("all", "consoleStatusAll")] {
        add_option(&filters.status, value, &word(key));
    }
    let list = Node::new("div").attr("id", "approvals-list").attr("aria-live", "polite").build();
    let form = {
        let (filters_for_submit, list, api) = (filters.clone(), list.clone(), api.clone());
        Node::new("form")
            .class("picker")
            .child(field("filter-status", "consoleFilterStatus", &filters.status))
            .child(field("filter-member", "consoleFilterMember", &filters.member))
            .child(field("filter-network", "consoleFilterNetwork", &filters.network))
            .child(Node::new("button").attr("type", "submit").text(&word("consoleShow")))
            .on("submit", move |event| {
                event.prevent_default();
                load(api.clone(), filters_for_submit.clone(), list.clone());
            })
    };
    let section = Node::new("section")
        .attr("aria-labelledby", "approvals-heading")
        .child(Node::new("h1").attr("id", "approvals-heading").text(&word("consoleApprovalsInbox")))
        .child(form)
        .child(Node::from(list.clone()));
    dom::replace_children(slot, section);
    load(api.clone(), filters.clone(), list.clone());
    let shown = list.clone();
    super::live::follow_approvals(api.clone(), move || shown.is_connected(), move || read(api.clone(), filters.clone(), list.clone()));
}

fn select(id: &str) -> HtmlSelectElement {
    Node::new("select").attr("id", id).build().unchecked_into()
}

fn add_option(select: &HtmlSelectElement, value: &str, label: &str) {
    let _ = select.append_child(&Node::new("option").attr("value", value).text(label).build());
}

fn field(id: &str, key: &str, control: &HtmlSelectElement) -> Node {
    Node::new("span")
        .class("field")
        .child(Node::new("label").attr("for", id).text(&word(key)))
        .child(Node::from(control.clone().unchecked_into::<Element>()))
}

/// Keeps a select's choice while its options are rebuilt from the requests shown.
fn refill(select: &HtmlSelectElement, values: &[(String, String)]) {
    let chosen = select.value();
    select.set_text_content(None);
    add_option(select, "", &word("consoleFilterAny"));
    for (value, label) in values {
        add_option(select, value, label);
    }
    select.set_value(if values.iter().any(|(value, _)| *value == chosen) { &chosen } else { "" });
}

thread_local! {
    /// The latest reading of the list: an older one finishing later is dropped.
    static LATEST_READ: Cell<u32> = const { Cell::new(0) };
}

/// Shows "loading", then the list.
fn load(api: Rc<Api>, filters: Filters, list: Element) {
    dom::replace_children(&list, Node::new("p").text(&word("consoleLoading")));
    read(api, filters, list);
}

/// Reads the list and shows it in place (a live update: no "loading" in between).
fn read(api: Rc<Api>, filters: Filters, list: Element) {
    let status = filters.status.value();
    let ticket = LATEST_READ.with(|latest| {
        latest.set(latest.get().wrapping_add(1));
        latest.get()
    });
    wasm_bindgen_futures::spawn_local(async move {
        let answer: Result<ApprovalList, String> = api.get(&format!("/approvals?status={status}&limit=500")).await;
        if LATEST_READ.with(Cell::get) != ticket {
            return;
        }
        match answer {
            Ok(found) => show(&api, &filters, &list, found.approvals),
            Err(message) => outcome(&list, Err(message)),
        }
    });
}

fn show(api: &Rc<Api>, filters: &Filters, list: &Element, approvals: Vec<ApprovalView>) {
    let mut members: Vec<(String, String)> =
        approvals.iter().map(|a| (a.requester.id.clone(), a.requester.display_name.clone())).collect();
    members.sort_by(|a, b| a.1.cmp(&b.1));
    members.dedup();
    let mut networks: Vec<(String, String)> = approvals.iter().map(|a| (a.context.platform.clone(), a.context.platform.clone())).collect();
    networks.sort();
    networks.dedup();
    refill(&filters.member, &members);
    refill(&filters.network, &networks);
    let (member, network) = (filters.member.value(), filters.network.value());
    let shown: Vec<&ApprovalView> = approvals
        .iter()
        .filter(|a| member.is_empty() || a.requester.id == member)
        .filter(|a| network.is_empty() || a.context.platform == network)
        .collect();
    if shown.is_empty() {
        return dom::redraw(list, Node::new("p").class("empty").text(&word("consoleNoApprovals")));
    }
    let count = Node::new("p").class("note").text(&say("consoleApprovalsShown", &[&shown.len().to_string()]));
    let cards = shown.into_iter().map(|approval| card(api, filters, list, approval));
    dom::redraw(list, Node::new("div").child(count).child(Node::new("ul").class("cards").children(cards)));
}

fn status_word(status: ApprovalStatus) -> String {
    word(match status {
        ApprovalStatus::Pending => "consoleStatusPending",
        ApprovalStatus::Approved => "consoleStatusApproved",
        ApprovalStatus::Rejected => "consoleStatusRejected",
    })
}

fn reason_text(reason: &PostingReason) -> String {
    match reason {
        PostingReason::Role { role } => say("consoleReasonRole", &[role.as_str()]),
        PostingReason::Finding { rule_id, message, .. } => format!("{rule_id}: {message}"),
    }
}

fn card(api: &Rc<Api>, filters: &Filters, list: &Element, approval: &ApprovalView) -> Node {
    let heading = say(
        "consoleApprovalBy",
        &[&approval.requester.display_name, &approval.context.platform, &time_text(approval.created_ms)],
    );
    let reasons: Vec<Node> = approval.reasons.iter().map(|reason| Node::new("li").text(&reason_text(reason))).collect();
    let mut node = Node::new("li")
        .class("card")
        .attr("data-approval", &approval.id)
        .attr("data-status", approval.status.as_str())
        .child(Node::new("h2").text(&heading))
        .child(Node::new("p").class("badge").text(&status_word(approval.status)))
        .child(Node::new("blockquote").class("draft").text(&approval.text));
    if !approval.context.text.is_empty() {
        node = node.child(Node::new("p").class("note").text(&say("consoleInReplyTo", &[&approval.context.author.name, &approval.context.text])));
    }
    if !reasons.is_empty() {
        node = node.child(Node::new("ul").class("reasons").children(reasons));
    }
    if !approval.note.is_empty() {
        node = node.child(Node::new("p").class("note").text(&say("consoleRequesterNote", &[&approval.note])));
    }
    if let Some(decision) = &approval.decision {
        let said = say("consoleDecidedBy", &[&decision.by.display_name, &time_text(decision.decided_ms), &decision.comment]);
        return node.child(Node::new("p").class("decision").text(&said));
    }
    node.child(decide_form(api, filters, list, approval))
}

fn decide_form(api: &Rc<Api>, filters: &Filters, list: &Element, approval: &ApprovalView) -> Node {
    let comment_id = format!("comment-{}", approval.id);
    let comment: HtmlInputElement = Node::new("input").attr("id", &comment_id).attr("type", "text").build().unchecked_into();
    let said = Node::new("div").class("said").build();
    let act = |decision: &'static str| {
        let (api, filters, list, said, comment, id) =
            (api.clone(), filters.clone(), list.clone(), said.clone(), comment.clone(), approval.id.clone());
        move |_| {
            let (api, filters, list, said) = (api.clone(), filters.clone(), list.clone(), said.clone());
            let body = json!({"decision": decision, "comment": comment.value()});
            let path = format!("/approvals/{}/decision", super::api::encode(&id));
            wasm_bindgen_futures::spawn_local(async move {
                let answer: Result<ApprovalView, String> = api.send("POST", &path, &body).await;
                match answer {
                    Ok(_) => load(api, filters, list),
                    Err(message) => outcome(&said, Err(message)),
                }
            });
        }
    };
    Node::new("div")
        .class("decide")
        .child(Node::new("label").attr("for", &comment_id).text(&word("consoleDecisionComment")))
        .child(Node::from(comment.clone().unchecked_into::<Element>()))
        .child(button("consoleApprove").class("approve").on("click", act("approve")))
        .child(button("consoleReject").class("reject").on("click", act("reject")))
        .child(Node::from(said))
}
