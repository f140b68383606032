//! Finding reply boxes: at start, as the page adds nodes (infinite scroll, SPA navigation),
//! and when one gets the focus.

use js_sys::{Array, WeakSet};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, MutationObserver, MutationObserverInit, MutationRecord};

/// What a reply box looks like to the generic adapter.
pub const REPLY_BOX_SELECTOR: &str = "textarea, [contenteditable=''], [contenteditable='true'], [contenteditable='plaintext-only']";

/// Elements Tact itself adds; never treated as page content.
const OWN_SELECTOR: &str = "tact-overlay";

/// Reports the reply boxes present now, then those added later, each once; `removed` runs after
/// a batch of mutations that removed nodes.
pub fn watch(root: &Element, found: fn(Vec<Element>), removed: fn()) {
    let seen = WeakSet::new();
    report_new(&seen, root, found);
    let callback = Closure::wrap(Box::new(move |records: Array, _: MutationObserver| {
        let mut any_removed = false;
        for record in records.iter() {
            let record: MutationRecord = record.unchecked_into();
            any_removed |= record.removed_nodes().length() > 0;
            let added = record.added_nodes();
            for index in 0..added.length() {
                if let Some(element) = added.get(index).and_then(|node| node.dyn_into::<Element>().ok()) {
                    report_new(&seen, &element, found);
                }
            }
        }
        if any_removed {
            removed();
        }
    }) as Box<dyn FnMut(Array, MutationObserver)>);
    let Ok(observer) = MutationObserver::new(callback.as_ref().unchecked_ref()) else { return };
    let options = MutationObserverInit::new();
    options.set_child_list(true);
    options.set_subtree(true);
    let _ = observer.observe_with_options(root, &options);
    callback.forget(); // The observer lives as long as the page.
}

/// Calls `focused` with the reply box that just got the focus, if it is one.
pub fn on_focus(document: &Document, focused: fn(Element)) {
    let callback = Closure::wrap(Box::new(move |event: web_sys::FocusEvent| {
        let Some(target) = event.target().and_then(|target| target.dyn_into::<Element>().ok()) else { return };
        if let Some(editor) = outermost_reply_box(&target) {
            focused(editor);
        }
    }) as Box<dyn FnMut(web_sys::FocusEvent)>);
    let _ = document.add_event_listener_with_callback_and_bool("focusin", callback.as_ref().unchecked_ref(), true);
    callback.forget();
}

/// Calls `typed` with the reply box the user just typed in.
pub fn on_input(document: &Document, typed: fn(Element)) {
    let callback = Closure::wrap(Box::new(move |event: web_sys::Event| {
        let Some(target) = event.target().and_then(|target| target.dyn_into::<Element>().ok()) else { return };
        if let Some(editor) = outermost_reply_box(&target) {
            typed(editor);
        }
    }) as Box<dyn FnMut(web_sys::Event)>);
    let _ = document.add_event_listener_with_callback_and_bool("input", callback.as_ref().unchecked_ref(), true);
    callback.forget();
}

fn report_new(seen: &WeakSet, root: &Element, found: fn(Vec<Element>)) {
    let fresh: Vec<Element> = candidates(root)
        .into_iter()
        .filter(|editor| is_reply_box(editor) && !seen.has(editor))
        .inspect(|editor| {
            seen.add(editor);
        })
        .collect();
    if !fresh.is_empty() {
        found(fresh);
    }
}

fn candidates(root: &Element) -> Vec<Element> {
    let mut found = Vec::new();
    if root.matches(REPLY_BOX_SELECTOR).unwrap_or(false) {
        found.push(root.clone());
    }
    if let Ok(list) = root.query_selector_all(REPLY_BOX_SELECTOR) {
        found.extend((0..list.length()).filter_map(|index| list.get(index)?.dyn_into::<Element>().ok()));
    }
    found
}

/// A reply box is the outermost editable element, not one of its inner nodes, and not ours.
fn is_reply_box(element: &Element) -> bool {
    if element.closest(OWN_SELECTOR).ok().flatten().is_some() {
        return false;
    }
    let parent_editable = element
        .parent_element()
        .and_then(|parent| parent.closest("[contenteditable=''], [contenteditable='true'], [contenteditable='plaintext-only']").ok().flatten());
    parent_editable.is_none() && !is_read_only(element)
}

fn is_read_only(element: &Element) -> bool {
    element.has_attribute("readonly") || element.has_attribute("disabled")
}

fn outermost_reply_box(target: &Element) -> Option<Element> {
    let mut editor = target.closest(REPLY_BOX_SELECTOR).ok().flatten()?;
    while let Some(outer) = editor.parent_element().and_then(|parent| parent.closest(REPLY_BOX_SELECTOR).ok().flatten()) {
        editor = outer;
    }
    is_reply_box(&editor).then_some(editor)
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::dom;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn fixture(html: &str) -> Element {
        let root = dom::Node::new("div").build();
        root.set_inner_html(html); // Test markup written here, not page text.
        if let Some(body) = dom::document().body() {
            let _ = body.append_child(&root);
        }
        root
    }

    fn found_ids(root: &Element) -> Vec<String> {
        candidates(root).into_iter().filter(is_reply_box).map(|editor| editor.id()).collect()
    }

    #[wasm_bindgen_test]
    fn textareas_and_outermost_contenteditables_are_reply_boxes() {
        let root = fixture(r#"<textarea id="a"></textarea>
            <div id="b" contenteditable="true"><p contenteditable="true" id="inner">x</p></div>
            <div id="c" contenteditable=""></div>"#);
        assert_eq!(found_ids(&root), vec!["a", "b", "c"]);
        root.remove();
    }

    #[wasm_bindgen_test]
    fn read_only_fields_and_tacts_own_nodes_are_not_reply_boxes() {
        let root = fixture(r#"<textarea id="ro" readonly></textarea><textarea id="off" disabled></textarea>
            <tact-overlay><textarea id="ours"></textarea></tact-overlay><div contenteditable="false"></div>"#);
        assert!(found_ids(&root).is_empty());
        root.remove();
    }

    #[wasm_bindgen_test]
    fn the_focused_inner_node_leads_to_its_outermost_editor() {
        let root = fixture(r#"<div id="outer" contenteditable="true"><p><span id="deep">x</span></p></div>"#);
        let deep = root.query_selector("#deep").ok().flatten().expect("fixture has #deep");
        assert_eq!(outermost_reply_box(&deep).map(|editor| editor.id()), Some("outer".into()));
        root.remove();
    }
}
