//! Approvals in the panel.
//!
//! For the writer: the draft the submit guard held back (kept by the background in
//! `chrome.storage.session`), a "request approval" with an optional note (queued in the worker's
//! record outbox: a request made offline goes out later, once), and their requests as they are
//! decided. An approval is stored for the guard (`approvals.granted.v1`) and its text put in the
//! reply box in place of the draft; a rejection shows its comment.
//!
//! For approvers (managers and owners): the team's pending requests with a count, each to
//! approve as is, edit then approve, or reject with a comment. Their own requests are not
//! offered (the server refuses them anyway).
//!
//! The list is read again at start, on every `approval` event of the live channel, and after
//! each decision: one reading at a time, so an older answer never overwrites a newer one.

mod findings;
mod server;

use std::cell::{Cell, RefCell};

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlTextAreaElement};

use self::server::{array_at, object, text_at, value_at, Request};
use crate::core::model::{FromBackground, InsertOutcome, ToBackground};
use crate::core::policy::guard::MAX_GRANTED;
use crate::web::sync::{self as sync_store};
use crate::web::{chrome, dom, wire};

/// Where the background keeps the held draft (`chrome.storage.session`).
const HELD_KEY: &str = "approvals.held.v1";
/// Where the guard reads the approvals granted (`chrome.storage.local`).
const GRANTED_KEY: &str = "approvals.granted.v1";

/// The draft the guard held back (`core::model::records::HeldDraft`), kept as the JS object the
/// background stored: its context goes into the request as it is.
#[derive(Clone)]
struct Held {
    tab_id: Option<i32>,
    text: String,
    context: JsValue,
    /// Why it was held, in words.
    reasons: String,
}

impl Held {
    fn read(stored: &JsValue) -> Option<Held> {
        let text = text_at(stored, &["text"]);
        if text.is_empty() {
            return None;
        }
        let reasons = array_at(stored, &["reasons"])
            .iter()
            .map(|reason| match text_at(&reason, &["kind"]).as_str() {
                "role" => chrome::message("guardReasonRole"),
                _ => text_at(&reason, &["message"]), // A guideline's own words.
            })
            .collect::<Vec<_>>()
            .join(" ");
        let tab_id = value_at(stored, &["tab_id"]).as_f64().map(|id| id as i32);
        Some(Held { tab_id, text, context: value_at(stored, &["context"]), reasons })
    }
}

#[derive(Default)]
struct Approvals {
    slot: Option<Element>,
    /// The member's id, and whether their permissions (from `/me`) include approving.
    me: Option<(String, bool)>,
    held: Option<Held>,
    requests: Vec<Request>,
    /// What the last action came to, for the person.
    status: String,
}

thread_local! {
    static APPROVALS: RefCell<Approvals> = RefCell::new(Approvals::default());
    /// A reading is under way.
    static REFRESHING: Cell<bool> = const { Cell::new(false) };
    /// Something changed during the reading under way: read once more when it ends.
    static REFRESH_AGAIN: Cell<bool> = const { Cell::new(false) };
}

/// Mounts the approvals section in `slot` and follows what changes it.
pub fn mount(slot: Element) {
    APPROVALS.with(|approvals| approvals.borrow_mut().slot = Some(slot));
    chrome::on_storage_change("session", HELD_KEY, on_approval_event);
    chrome::on_local_change(sync_store::ME_KEY, on_approval_event);
    on_approval_event();
}

/// The live channel heard of a request made or decided (or the held draft or the member changed).
///
/// Readings never overlap: two at once could finish in the wrong order, and the older answer
/// (a list without the newest request, or no held draft) would then replace the newer one.
pub fn on_approval_event() {
    if REFRESHING.with(|refreshing| refreshing.replace(true)) {
        REFRESH_AGAIN.with(|again| again.set(true));
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        loop {
            REFRESH_AGAIN.with(|again| again.set(false));
            refresh().await;
            if !REFRESH_AGAIN.with(Cell::get) {
                break;
            }
        }
        REFRESHING.with(|refreshing| refreshing.set(false));
    });
}

/// Reads the held draft, the member and the requests again, applies what was decided, and
/// redraws.
async fn refresh() {
    let held = chrome::session_read(HELD_KEY).await.ok().and_then(|stored| Held::read(&stored));
    with(|approvals| approvals.held = held);
    let me = read_me().await;
    let requests = match me {
        // Unreachable: the last list stays (the sync banner says the team server is offline).
        Some(_) => server::list().await.unwrap_or_else(|_| with(|approvals| approvals.requests.clone())),
        None => Vec::new(),
    };
    with(|approvals| {
        approvals.me = me.clone();
        approvals.requests = requests.clone();
    });
    if let Some((member_id, _)) = me {
        take_approvals(&member_id, &requests).await;
    }
    render();
}

/// Stores the member's approvals the guard does not know yet (a list of `GrantedApproval`,
/// newest last, at most `MAX_GRANTED`), and puts the newest one's text in the reply box.
async fn take_approvals(member_id: &str, requests: &[Request]) {
    let granted = array_at(&read_json(GRANTED_KEY).await, &[]);
    let known = |id: &str| granted.iter().any(|item| text_at(&item, &["approval_id"]) == id);
    let fresh: Vec<&Request> = requests
        .iter()
        .filter(|request| request.requester_id == member_id && request.status == "approved")
        .filter(|request| request.approved_hash.is_some() && !known(&request.id))
        .collect();
    let Some(text) = fresh.first().and_then(|newest| newest.approved_text.clone()) else { return }; // Newest first.
    for request in fresh.iter().rev() {
        let hash = request.approved_hash.clone().unwrap_or_default();
        let field = |value: &str| JsValue::from_str(value);
        granted.push(&object(&[("approval_id", field(&request.id)), ("requester_id", field(member_id)), ("approved_hash", field(&hash))]));
    }
    let kept = granted.slice(granted.length().saturating_sub(MAX_GRANTED as u32), granted.length());
    let json = js_sys::JSON::stringify(&kept).ok().and_then(|text| text.as_string()).unwrap_or_default();
    if chrome::local_write(GRANTED_KEY, &JsValue::from_str(&json)).await.is_err() {
        set_status(&chrome::message("approvalsNotStored"));
        return;
    }
    let tab_id = with(|approvals| approvals.held.as_ref().and_then(|held| held.tab_id));
    let request = wire::to_js(&ToBackground::PlaceApproved { tab_id, text });
    let answer = chrome::send_message(&request).await.ok().and_then(wire::from_js::<FromBackground>);
    let placed = matches!(answer, Some(FromBackground::Insert { outcome: InsertOutcome::Inserted }));
    set_status(&chrome::message(if placed { "approvalsPlaced" } else { "approvalsNotPlaced" }));
}

/// JSON text stored under `key` in `chrome.storage.local`, parsed (no serde: see `server`).
async fn read_json(key: &str) -> JsValue {
    let text = chrome::local_read(key).await.ok().and_then(|value| value.as_string()).unwrap_or_default();
    js_sys::JSON::parse(&text).unwrap_or(JsValue::UNDEFINED)
}

/// The member's id and whether they may approve, from `/me` as the worker stored it: the
/// server's own list of the member's permissions (`core::policy::Action`, `approve`).
async fn read_me() -> Option<(String, bool)> {
    let me = read_json(sync_store::ME_KEY).await;
    let id = text_at(&me, &["member", "id"]);
    let approves = array_at(&me, &["permissions"]).iter().any(|action| action.as_string().as_deref() == Some("approve"));
    (!id.is_empty()).then_some((id, approves))
}

fn with<T>(body: impl FnOnce(&mut Approvals) -> T) -> T {
    APPROVALS.with(|approvals| body(&mut approvals.borrow_mut()))
}

fn set_status(text: &str) {
    with(|approvals| approvals.status = text.to_owned());
    render();
}

/// Redraws the section, keeping what the person was typing and where (`dom::redraw`).
fn render() {
    let view = with(|approvals| approvals.slot.clone().map(|slot| (slot, view(approvals))));
    if let Some((slot, view)) = view {
        dom::redraw(&slot, view);
    }
}

fn view(approvals: &Approvals) -> dom::Node {
    let Some((member_id, approves)) = approvals.me.clone() else { return dom::Node::new("div") };
    let mut section = dom::Node::new("section").class("approvals").attr("aria-labelledby", "approvals-title");
    section = section.child(dom::Node::new("h2").attr("id", "approvals-title").text(&chrome::message("approvalsTitle")));
    if let Some(held) = &approvals.held {
        section = section.child(held_card(held));
    }
    let mine: Vec<&Request> = approvals.requests.iter().filter(|request| request.requester_id == member_id).collect();
    for request in mine {
        section = section.child(own_request(request));
    }
    if approves {
        section = section.child(inbox(approvals, &member_id));
    }
    section.child(dom::Node::new("p").class("status").attr("role", "status").attr("data-testid", "approvals-status").text(&approvals.status))
}

fn held_card(held: &Held) -> dom::Node {
    let note = dom::Node::new("textarea")
        .attr("id", "approval-note")
        .attr("rows", "2")
        .attr("data-testid", "approval-note")
        .attr("placeholder", &chrome::message("approvalsNotePlaceholder"));
    dom::Node::new("div").class("approval-held").attr("data-testid", "approval-held").children([
        dom::Node::new("p").text(&held.reasons),
        dom::Node::new("pre").class("preview").attr("data-testid", "approval-draft").text(&held.text),
        dom::Node::new("label").attr("for", "approval-note").text(&chrome::message("approvalsNoteLabel")),
        note,
        dom::Node::new("div").class("actions").child(
            dom::Node::new("button").class("primary").attr("type", "button").attr("data-testid", "approval-request").text(&chrome::message("approvalsRequest")).on("click", |_| request_approval()),
        ),
    ])
}

fn own_request(request: &Request) -> dom::Node {
    let (key, by, comment) = match request.status.as_str() {
        "approved" => ("approvalsApprovedBy", request.decided_by.clone(), request.decision_comment.clone()),
        "rejected" => ("approvalsRejectedBy", request.decided_by.clone(), request.decision_comment.clone()),
        _ => ("approvalsPending", String::new(), String::new()),
    };
    let mut card = dom::Node::new("div").class("approval-mine").attr("data-testid", "approval-mine").attr("data-status", &request.status).children([
        dom::Node::new("p").text(&chrome::message_with(key, &[&by])),
        dom::Node::new("pre").class("preview").text(&request.text),
    ]);
    if !comment.is_empty() {
        card = card.child(dom::Node::new("p").class("notice").attr("data-testid", "approval-comment").text(&comment));
    }
    card
}

fn inbox(approvals: &Approvals, member_id: &str) -> dom::Node {
    let pending: Vec<&Request> =
        approvals.requests.iter().filter(|request| request.status == "pending" && request.requester_id != member_id).collect();
    let count = pending.len().to_string();
    let mut inbox = dom::Node::new("div").class("approval-inbox").child(
        dom::Node::new("h3").children([
            dom::Node::new("span").text(&chrome::message("approvalsInbox")),
            dom::Node::new("span").class("badge").attr("data-testid", "approvals-badge").attr("aria-label", &chrome::message_with("approvalsBadge", &[&count])).text(&count),
        ]),
    );
    for request in pending {
        inbox = inbox.child(to_decide(request));
    }
    inbox
}

fn to_decide(request: &Request) -> dom::Node {
    let id = request.id.clone();
    let (approve_id, reject_id) = (id.clone(), id.clone());
    let original = request.text.clone();
    let mut card = dom::Node::new("div").class("approval-request").attr("data-testid", "approval-to-decide").attr("data-id", &id).children([
        dom::Node::new("p").text(&chrome::message_with("approvalsAsks", &[&request.requester_name, &request.author_name])),
        dom::Node::new("p").class("comment-text").text(&request.comment_text),
    ]);
    if !request.note.is_empty() {
        card = card.child(dom::Node::new("p").class("notice").text(&request.note));
    }
    card.children([
        dom::Node::new("textarea").attr("id", &format!("approval-text-{id}")).attr("rows", "4").attr("data-testid", "approval-text").attr("aria-label", &chrome::message("approvalsTextLabel")).text(&request.text),
        dom::Node::new("input").attr("id", &format!("approval-comment-{id}")).attr("data-testid", "approval-comment-input").attr("placeholder", &chrome::message("approvalsCommentPlaceholder")).attr("aria-label", &chrome::message("approvalsCommentPlaceholder")),
        dom::Node::new("div").class("actions").children([
            dom::Node::new("button").class("primary").attr("type", "button").attr("data-testid", "approval-approve").text(&chrome::message("approvalsApprove")).on("click", move |_| decide(&approve_id, Some(&original))),
            dom::Node::new("button").attr("type", "button").attr("data-testid", "approval-reject").text(&chrome::message("approvalsReject")).on("click", move |_| decide(&reject_id, None)),
        ]),
    ])
}

fn field_value(id: &str) -> String {
    let element = dom::document().get_element_by_id(id);
    if let Some(area) = element.as_ref().and_then(|element| element.dyn_ref::<HtmlTextAreaElement>()) {
        return area.value();
    }
    element.and_then(|element| element.dyn_into::<web_sys::HtmlInputElement>().ok()).map(|input| input.value()).unwrap_or_default()
}

/// Queues a request for the held draft in the worker's record outbox (a
/// `core::model::records::Record::ApprovalRequest`, written as a plain object).
fn request_approval() {
    let Some(held) = with(|approvals| approvals.held.clone()) else { return };
    // Sizes are checked by the worker before it stores the request (`Record::checked`).
    let note = field_value("approval-note");
    let request = object(&[
        ("id", JsValue::from_str(&uuid())),
        ("text", JsValue::from_str(&held.text)),
        ("context", held.context.clone()),
        ("findings", findings::findings_for_request(&held.text)),
        ("note", JsValue::from_str(&note)),
    ]);
    let record = object(&[("kind", JsValue::from_str("approval_request")), ("request", request)]);
    wasm_bindgen_futures::spawn_local(async move {
        match queue(&record).await {
            Ok(()) => {
                // Saved on disk: it reaches the managers when the server answers (now, or later).
                set_status(&chrome::message("approvalsQueued"));
                let _ = chrome::session_remove(HELD_KEY).await;
            }
            Err(reason) => set_status(&chrome::message_with("approvalsNotRequested", &[&reason])),
        }
    });
}

/// Hands a record to the worker, which stores it before answering.
async fn queue(record: &JsValue) -> Result<(), String> {
    let json = js_sys::JSON::stringify(record).ok().and_then(|text| text.as_string()).unwrap_or_default();
    let message = object(&[("type", JsValue::from_str("record")), ("record", JsValue::from_str(&json))]);
    let answer = chrome::send_message(&message).await.map_err(|_| chrome::message("panelBackgroundUnreachable"))?;
    let field = |name: &str| js_sys::Reflect::get(&answer, &name.into()).ok().and_then(|value| value.as_string());
    match field("type").as_deref() {
        Some("record") => Ok(()),
        _ => Err(field("reason").unwrap_or_default()),
    }
}

/// Approves (as sent, or as edited) or rejects the request `id` (a
/// `core::model::approvals::DecisionInput`, written as a plain object; the server checks it).
fn decide(id: &str, approve_original: Option<&str>) {
    // Line breaks around an edited text are not kept: the reply box's reading drops them too.
    let text = field_value(&format!("approval-text-{id}")).trim_matches('\n').to_owned();
    let comment = field_value(&format!("approval-comment-{id}"));
    let field = |value: &str| JsValue::from_str(value);
    let decision = match approve_original {
        Some(original) if original == text => object(&[("decision", field("approve")), ("comment", field(&comment))]),
        Some(_) if text.trim().is_empty() => {
            set_status(&chrome::message("approvalsTextNeeded"));
            return;
        }
        Some(_) => object(&[
            ("decision", field("approve_edited")),
            ("text", field(&text)),
            ("findings", findings::findings_for_request(&text)),
            ("comment", field(&comment)),
        ]),
        None if comment.trim().is_empty() => {
            set_status(&chrome::message("approvalsRejectNeedsComment"));
            return;
        }
        None => object(&[("decision", field("reject")), ("comment", field(&comment))]),
    };
    let id = id.to_owned();
    wasm_bindgen_futures::spawn_local(async move {
        match server::decide(&id, &decision).await {
            Ok(()) => set_status(&chrome::message("approvalsDecided")),
            Err(problem) => set_status(&problem),
        }
        on_approval_event();
    });
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = crypto, js_name = randomUUID)]
    fn uuid() -> String;
}
