//! The sync banner at the top of the panel: "Offline since 14:02 · 2 changes waiting",
//! "Signed out" (with a way to sign in), a problem worth saying, each conflict on a document
//! the person edited with its three ways out, and each edit the server refused with its reason.
//! Hidden when there is nothing to say.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use super::team;
use crate::core::model::api::EntityRef;
use crate::core::sync::{ConflictSummary, Connection, RejectionSummary, Resolution, SyncAnswer, SyncRequest, SyncStatus};
use crate::web::sync::{self as sync_store, words};
use crate::web::{chrome, dom, dom::Node};

struct View {
    banner: Element,
    line: Element,
    sign_in: Element,
    conflicts: Element,
    rejections: Element,
}

thread_local! {
    static VIEW: RefCell<Option<View>> = const { RefCell::new(None) };
}

/// Builds the (hidden) banner into `slot`.
pub fn mount(slot: Element) {
    let line = Node::new("span").attr("data-testid", "sync-line").build();
    let sign_in = Node::new("button")
        .attr("type", "button")
        .class("link")
        .attr("data-testid", "sync-sign-in")
        .attr("hidden", "")
        .text(&chrome::message("syncSignIn"))
        .on("click", |_| chrome::open_options_page())
        .build();
    let conflicts = Node::new("ul").class("sync-items").attr("aria-label", &chrome::message("syncConflictsLabel")).build();
    let rejections = Node::new("ul").class("sync-items").attr("aria-label", &chrome::message("syncRejectionsLabel")).build();
    let banner = Node::new("section")
        .class("sync-banner")
        .attr("data-testid", "sync-banner")
        .attr("aria-label", &chrome::message("syncBannerLabel"))
        .attr("hidden", "")
        .child(Node::new("p").attr("role", "status").child(Node::from(line.clone())).child(Node::new("span").text(" ")).child(Node::from(sign_in.clone())))
        .child(Node::from(conflicts.clone()))
        .child(Node::from(rejections.clone()))
        .build();
    dom::replace_children(&slot, Node::from(banner.clone()));
    VIEW.with(|cell| *cell.borrow_mut() = Some(View { banner, line, sign_in, conflicts, rejections }));
}

/// Shows `status`.
pub fn show(status: &SyncStatus) {
    VIEW.with(|cell| {
        let Some(view) = cell.borrow().as_ref().map(|view| (view.banner.clone(), view.line.clone(), view.sign_in.clone(), view.conflicts.clone(), view.rejections.clone())) else { return };
        let (banner, line, sign_in, conflicts, rejections) = view;
        let parts: Vec<String> = [words::connection(status), words::waiting(status.pending), status.problem.as_ref().map(words::problem)]
            .into_iter()
            .flatten()
            .collect();
        line.set_text_content(Some(&parts.join(" · ")));
        set_hidden(&sign_in, status.connection != Connection::SignedOut);
        redraw(&conflicts, status.conflicts.iter().map(conflict_item));
        redraw(&rejections, status.rejections.iter().map(rejection_item));
        let _ = banner.set_attribute("data-connection", connection_name(status.connection));
        set_hidden(&banner, parts.is_empty() && status.conflicts.is_empty() && status.rejections.is_empty());
    });
}

fn connection_name(connection: Connection) -> &'static str {
    match connection {
        Connection::NoAccount => "none",
        Connection::SignedOut => "signed-out",
        Connection::Online => "online",
        Connection::Offline { .. } => "offline",
    }
}

fn redraw(list: &Element, items: impl Iterator<Item = Node>) {
    list.set_text_content(None);
    for item in items {
        let _ = list.append_child(&item.build());
    }
}

fn set_hidden(element: &Element, hidden: bool) {
    if hidden {
        let _ = element.set_attribute("hidden", "");
    } else {
        let _ = element.remove_attribute("hidden");
    }
}

fn conflict_item(conflict: &ConflictSummary) -> Node {
    let who = conflict.theirs_by.clone().unwrap_or_else(|| chrome::message("syncSomeone"));
    let text = match (&conflict.mine_title, &conflict.theirs_title) {
        (Some(mine), Some(_)) => chrome::message_with("syncConflictChanged", &[mine, &who]),
        (Some(mine), None) => chrome::message_with("syncConflictDeleted", &[mine, &who]),
        (None, theirs) => chrome::message_with("syncConflictMineDeleted", &[theirs.as_deref().unwrap_or(&conflict.entity.id), &who]),
    };
    let mut choices = vec![
        resolve_button(&conflict.entity, Resolution::KeepTheirs, "syncKeepTheirs", "conflict-keep-theirs"),
        resolve_button(&conflict.entity, Resolution::KeepMine, "syncKeepMine", "conflict-keep-mine"),
    ];
    if conflict.copyable {
        choices.push(resolve_button(&conflict.entity, Resolution::SaveMineAsCopy, "syncSaveCopy", "conflict-copy"));
    }
    Node::new("li")
        .attr("role", "group")
        .attr("aria-label", &text)
        .attr("data-testid", "conflict")
        .attr("data-entity", &conflict.entity.id)
        .child(Node::new("p").text(&text))
        .child(Node::new("div").class("actions").children(choices))
}

fn resolve_button(entity: &EntityRef, resolution: Resolution, label_key: &str, test_id: &str) -> Node {
    let entity = entity.clone();
    Node::new("button").attr("type", "button").attr("data-testid", test_id).text(&chrome::message(label_key)).on("click", move |_| {
        send(SyncRequest::Resolve { entity: entity.clone(), resolution });
    })
}

fn rejection_item(rejection: &RejectionSummary) -> Node {
    let title = rejection.title.clone().unwrap_or_else(|| rejection.entity.id.clone());
    let reason = match rejection.code.as_str() {
        "forbidden" => chrome::message("syncRejectedForbidden"),
        "not_found" => chrome::message("syncRejectedNotFound"),
        "too_large" => chrome::message("syncRejectedTooLarge"),
        _ => rejection.reason.clone(),
    };
    let key = if rejection.deletion { "syncNotDeleted" } else { "syncNotSaved" };
    let text = chrome::message_with(key, &[&title, &reason]);
    let entity = rejection.entity.clone();
    Node::new("li")
        .attr("data-testid", "rejection")
        .attr("data-entity", &rejection.entity.id)
        .child(Node::new("p").text(&text))
        .child(Node::new("button").attr("type", "button").attr("data-testid", "rejection-dismiss").text(&chrome::message("syncDismiss")).on("click", move |_| {
            send(SyncRequest::DismissRejection { entity: entity.clone() });
        }))
}

/// Sends a conflict's or a rejection's answer, shows the new status, and puts the focus on the
/// next item to settle (or back in the search box).
fn send(request: SyncRequest) {
    wasm_bindgen_futures::spawn_local(async move {
        match sync_store::ask(&request).await {
            SyncAnswer::Status { status } => team::show(status),
            SyncAnswer::Failed { problem } => {
                VIEW.with(|cell| {
                    if let Some(view) = cell.borrow().as_ref() {
                        view.line.set_text_content(Some(&words::problem(&problem)));
                    }
                });
            }
        }
        let next = VIEW.with(|cell| {
            let view = cell.borrow();
            let view = view.as_ref()?;
            view.banner.query_selector("li button").ok().flatten()
        });
        match next.and_then(|button| button.dyn_into::<HtmlElement>().ok()) {
            Some(button) => {
                button.focus().ok();
            }
            None => super::replies::focus_search(),
        }
    });
}
