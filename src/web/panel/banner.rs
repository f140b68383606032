//! The sync banner at the top of the panel: "Offline since 14:02 · 2 changes waiting",
//! "Signed out" (with a way to sign in), a problem worth saying, each conflict on a document
//! the person edited with its three ways out, and each edit the server refused with its reason.
//! Hidden when there is nothing to say.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::core::sync::{Connection, Notice, Resolution, StatusView, SyncRequest};
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
pub fn show(status: &StatusView) {
    VIEW.with(|cell| {
        let Some(view) = cell.borrow().as_ref().map(|view| (view.banner.clone(), view.line.clone(), view.sign_in.clone(), view.conflicts.clone(), view.rejections.clone())) else { return };
        let (banner, line, sign_in, conflicts, rejections) = view;
        let parts: Vec<String> = [words::connection(status), words::waiting(status.pending), status.problem.clone()].into_iter().flatten().collect();
        line.set_text_content(Some(&parts.join(" · ")));
        set_hidden(&sign_in, status.connection() != Connection::SignedOut);
        redraw(&conflicts, status.conflicts.iter().map(conflict_item));
        redraw(&rejections, status.rejections.iter().map(rejection_item));
        let _ = banner.set_attribute("data-connection", &status.connection);
        set_hidden(&banner, parts.is_empty() && status.conflicts.is_empty() && status.rejections.is_empty());
    });
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

fn conflict_item(conflict: &Notice) -> Node {
    let mut choices = vec![
        resolve_button(conflict, Resolution::KeepTheirs, "syncKeepTheirs", "conflict-keep-theirs"),
        resolve_button(conflict, Resolution::KeepMine, "syncKeepMine", "conflict-keep-mine"),
    ];
    if conflict.copyable {
        choices.push(resolve_button(conflict, Resolution::SaveMineAsCopy, "syncSaveCopy", "conflict-copy"));
    }
    Node::new("li")
        .attr("role", "group")
        .attr("aria-label", &conflict.text)
        .attr("data-testid", "conflict")
        .attr("data-entity", &conflict.id)
        .child(Node::new("p").text(&conflict.text))
        .child(Node::new("div").class("actions").children(choices))
}

fn resolve_button(conflict: &Notice, resolution: Resolution, label_key: &str, test_id: &str) -> Node {
    let entity = conflict.entity();
    Node::new("button").attr("type", "button").attr("data-testid", test_id).text(&chrome::message(label_key)).on("click", move |_| {
        if let Some(entity) = entity.clone() {
            send(SyncRequest::Resolve { entity, resolution });
        }
    })
}

fn rejection_item(rejection: &Notice) -> Node {
    let entity = rejection.entity();
    Node::new("li")
        .attr("data-testid", "rejection")
        .attr("data-entity", &rejection.id)
        .child(Node::new("p").text(&rejection.text))
        .child(Node::new("button").attr("type", "button").attr("data-testid", "rejection-dismiss").text(&chrome::message("syncDismiss")).on("click", move |_| {
            if let Some(entity) = entity.clone() {
                send(SyncRequest::DismissRejection { entity });
            }
        }))
}

/// Sends a conflict's or a rejection's answer (the new status arrives through storage), and
/// puts the focus on the next item to settle, or back in the search box.
fn send(request: SyncRequest) {
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(problem) = sync_store::ask(&request).await {
            VIEW.with(|cell| {
                if let Some(view) = cell.borrow().as_ref() {
                    view.line.set_text_content(Some(&problem.text));
                }
            });
            return;
        }
        show(&sync_store::status().await);
        let next = VIEW.with(|cell| {
            let view = cell.borrow();
            view.as_ref()?.banner.query_selector("li button").ok().flatten()
        });
        match next.and_then(|button| button.dyn_into::<HtmlElement>().ok()) {
            Some(button) => {
                button.focus().ok();
            }
            None => super::replies::focus_search(),
        }
    });
}
