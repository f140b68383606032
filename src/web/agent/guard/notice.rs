//! The short explanation shown by the site's submit button when the guard holds a reply back.
//!
//! Like the launchers, it lives in its own element at the end of the document, inside a shadow
//! root (the site's styles cannot reach it, and the site's markup is never touched), and holds
//! only our words: never the draft, never team data.

use std::cell::RefCell;

use web_sys::{Element, ShadowRootInit, ShadowRootMode};

use crate::web::dom;

const STYLE: &str = "
:host { all: initial; }
div {
  position: fixed; max-width: 320px; padding: 6px 10px; margin: 0; z-index: 2147483647;
  border: 1px solid #c92a2a; border-radius: 6px; background: #fff5f5; color: #862e2e;
  font: 13px/1.35 system-ui, sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,.25);
}
div[hidden] { display: none; }
";

thread_local! {
    static NOTICE: RefCell<Option<Element>> = const { RefCell::new(None) };
}

/// Shows `text` just above `anchor` (the submit control, or the reply box).
pub fn show(anchor: &Element, text: &str) {
    let notice = NOTICE.with(|cell| cell.borrow_mut().get_or_insert_with(make).clone());
    notice.set_text_content(Some(text));
    let rect = anchor.get_bounding_client_rect();
    let top = (rect.top() - 8.0).max(0.0);
    let _ = notice.set_attribute("style", &format!("left:{:.0}px;top:{top:.0}px;transform:translateY(-100%)", rect.left().max(0.0)));
    let _ = notice.remove_attribute("hidden");
}

/// Hides the explanation (the draft changed, or it was let through).
pub fn hide() {
    NOTICE.with(|cell| {
        if let Some(notice) = cell.borrow().as_ref() {
            let _ = notice.set_attribute("hidden", "");
        }
    });
}

fn make() -> Element {
    // `tact-overlay`: the reply-box scanner skips our own elements by this name.
    let host = dom::Node::new("tact-overlay").build();
    let notice = dom::Node::new("div").attr("role", "alert").attr("data-testid", "tact-guard-notice").build();
    if let Ok(shadow) = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)) {
        let _ = shadow.append_child(&dom::Node::new("style").text(STYLE).build());
        let _ = shadow.append_child(&notice);
    }
    if let Some(root) = dom::document().document_element() {
        let _ = root.append_child(&host);
    }
    notice
}
