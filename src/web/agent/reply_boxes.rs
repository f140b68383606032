//! Finding reply boxes: at start, as the page adds nodes (infinite scroll, SPA navigation),
//! inside the open shadow roots of editor hosts, and when one gets the focus.
//!
//! What to look for comes from the page's site descriptor (its editors) plus the generic
//! adapter's. A reply box is always the editable element itself (a `textarea` or the outermost
//! contenteditable), whatever the descriptor matched: a host element such as Reddit's
//! `shreddit-composer` leads to the editor in its shadow root, which is then observed too.
//!
//! Cost: one `MutationObserver` (the browser batches its records per microtask), which looks
//! only at the subtrees a batch added or removed, never at the whole document, and reads no
//! layout. On a page without reply boxes nothing else runs.

use std::cell::{Cell, RefCell};

use js_sys::{Array, WeakSet};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, MutationObserver, MutationObserverInit, MutationRecord, Node, ShadowRoot};

use crate::core::sites::DomNode;
use crate::web::agent::context;

/// An editable element, as the browser decides it.
const EDITABLE_SELECTOR: &str =
    "textarea, [contenteditable=''], [contenteditable='true' i], [contenteditable='plaintext-only' i]";

/// Elements Tact itself adds; never treated as page content.
const OWN_SELECTOR: &str = "tact-overlay";

/// When the page's root element carries this attribute, every mutation batch is bracketed by
/// `tact:batch:start` / `tact:batch:end` performance marks (for the benchmark). The initial
/// scan always is, by `tact:scan:start` / `tact:scan:end`: two marks per page.
const MEASURE_ATTRIBUTE: &str = "data-tact-measure";

thread_local! {
    static SCANNER: RefCell<Option<Scanner>> = const { RefCell::new(None) };
}

struct Scanner {
    /// The site's and the generic adapter's editor selectors, as one list.
    selector: String,
    /// Reply boxes already reported (and still in the page).
    seen: WeakSet,
    seen_count: Cell<usize>,
    /// Shadow roots already observed.
    observed_roots: WeakSet,
    observer: MutationObserver,
    found: fn(Vec<Element>),
    removed: fn(),
    measure: bool,
}

/// Reports the reply boxes present now, then those added later, each once; `removed` runs after
/// a batch of mutations that removed nodes.
pub fn watch(root: &Element, found: fn(Vec<Element>), removed: fn()) {
    mark("tact:scan:start");
    let callback = Closure::wrap(Box::new(move |records: Array, _: MutationObserver| on_mutations(&records))
        as Box<dyn FnMut(Array, MutationObserver)>);
    let Ok(observer) = MutationObserver::new(callback.as_ref().unchecked_ref()) else { return };
    callback.forget(); // The observer lives as long as the page.
    let scanner = Scanner {
        selector: context::adapters().editor_selector(),
        seen: WeakSet::new(),
        seen_count: Cell::new(0),
        observed_roots: WeakSet::new(),
        observer,
        found,
        removed,
        measure: root.has_attribute(MEASURE_ATTRIBUTE),
    };
    let _ = scanner.observer.observe_with_options(root, &observe_options());
    let fresh = scanner.scan(root);
    SCANNER.with(|cell| *cell.borrow_mut() = Some(scanner));
    if !fresh.is_empty() {
        found(fresh);
    }
    mark("tact:scan:end");
}

/// Calls `focused` with the reply box that just got the focus, if it is one (in the page or in
/// an open shadow root). A box not seen before is reported as found first.
pub fn on_focus(document: &Document, focused: fn(Element)) {
    let callback = Closure::wrap(Box::new(move |event: web_sys::FocusEvent| {
        if let Some(editor) = reply_box_of_event(&event) {
            report_if_new(&editor);
            focused(editor);
        }
    }) as Box<dyn FnMut(web_sys::FocusEvent)>);
    let _ = document.add_event_listener_with_callback_and_bool("focusin", callback.as_ref().unchecked_ref(), true);
    callback.forget();
}

/// Calls `left` with the reply box focus just left for another element of the page (not when
/// the whole window lost focus, e.g. to the extension's panel: the member is still replying).
pub fn on_blur(document: &Document, left: fn(Element)) {
    let callback = Closure::wrap(Box::new(move |event: web_sys::FocusEvent| {
        let Some(editor) = reply_box_of_event(&event) else { return };
        let staying = event.related_target().and_then(|next| next.dyn_into::<Element>().ok()).is_some_and(|next| editor.contains(Some(&*next)));
        if !staying && crate::web::dom::document().has_focus().unwrap_or(false) {
            left(editor);
        }
    }) as Box<dyn FnMut(web_sys::FocusEvent)>);
    let _ = document.add_event_listener_with_callback_and_bool("focusout", callback.as_ref().unchecked_ref(), true);
    callback.forget();
}

/// Calls `typed` with the reply box the user just typed in.
pub fn on_input(document: &Document, typed: fn(Element)) {
    let callback = Closure::wrap(Box::new(move |event: web_sys::Event| {
        if let Some(editor) = reply_box_of_event(&event) {
            typed(editor);
        }
    }) as Box<dyn FnMut(web_sys::Event)>);
    let _ = document.add_event_listener_with_callback_and_bool("input", callback.as_ref().unchecked_ref(), true);
    callback.forget();
}

fn observe_options() -> MutationObserverInit {
    let options = MutationObserverInit::new();
    options.set_child_list(true);
    options.set_subtree(true);
    // Lexical and others make an existing element editable: only that attribute is watched.
    options.set_attribute_filter(&Array::of1(&JsValue::from_str("contenteditable")));
    options
}

fn on_mutations(records: &Array) {
    let Some((measure, found, removed)) = SCANNER.with(|cell| cell.borrow().as_ref().map(|s| (s.measure, s.found, s.removed)))
    else {
        return;
    };
    if measure {
        mark("tact:batch:start");
    }
    let (added, any_removed) = SCANNER.with(|cell| match cell.borrow().as_ref() {
        Some(scanner) => scanner.take_batch(records),
        None => (Vec::new(), false),
    });
    if any_removed {
        removed();
    }
    if !added.is_empty() {
        found(added);
    }
    if measure {
        mark("tact:batch:end");
    }
}

impl Scanner {
    /// The reply boxes a batch of mutations added; forgets those it removed.
    fn take_batch(&self, records: &Array) -> (Vec<Element>, bool) {
        let mut fresh = Vec::new();
        let mut any_removed = false;
        for record in records.iter() {
            let record: MutationRecord = record.unchecked_into();
            if record.type_() == "attributes" {
                if let Some(target) = record.target().and_then(|node| node.dyn_into::<Element>().ok()) {
                    fresh.extend(self.scan(&target));
                }
                continue;
            }
            let removed = record.removed_nodes();
            any_removed |= removed.length() > 0;
            if self.seen_count.get() > 0 {
                (0..removed.length()).filter_map(|index| as_element(removed.get(index))).for_each(|gone| self.forget(&gone));
            }
            let added = record.added_nodes();
            for element in (0..added.length()).filter_map(|index| as_element(added.get(index))) {
                if element.is_connected() {
                    fresh.extend(self.scan(&element));
                }
            }
        }
        (fresh, any_removed)
    }

    /// New reply boxes in `root` and its subtree (and in the shadow roots of editor hosts there).
    fn scan(&self, root: &Element) -> Vec<Element> {
        let mut matched = root.query_all(&self.selector);
        if DomNode::matches(root, &self.selector) {
            matched.insert(0, root.clone());
        }
        let mut fresh = Vec::new();
        for element in matched {
            if let Some(shadow) = element.shadow_root() {
                fresh.extend(self.observe_shadow_root(&shadow));
            }
            if let Some(editor) = reply_box_for(&element) {
                if self.remember(&editor) {
                    fresh.push(editor);
                }
            }
        }
        fresh
    }

    /// Observes an open shadow root of an editor host, once, and returns the boxes already in it.
    fn observe_shadow_root(&self, shadow: &ShadowRoot) -> Vec<Element> {
        if self.observed_roots.has(shadow) {
            return Vec::new();
        }
        self.observed_roots.add(shadow);
        let _ = self.observer.observe_with_options(shadow, &observe_options());
        let children = shadow.children();
        (0..children.length()).filter_map(|index| children.item(index)).flat_map(|child| self.scan(&child)).collect()
    }

    /// Records `editor` as seen; false when it already was.
    fn remember(&self, editor: &Element) -> bool {
        if self.seen.has(editor) {
            return false;
        }
        self.seen.add(editor);
        self.seen_count.set(self.seen_count.get() + 1);
        true
    }

    /// Forgets the boxes in a subtree the page removed for good, so they get a launcher again if
    /// they come back. Moved nodes are still connected: they keep theirs.
    fn forget(&self, gone: &Element) {
        if gone.is_connected() {
            return;
        }
        let mut boxes = gone.query_all(EDITABLE_SELECTOR);
        boxes.push(gone.clone());
        for editor in boxes {
            if self.seen.delete(&editor) {
                self.seen_count.set(self.seen_count.get().saturating_sub(1));
            }
        }
    }
}

/// Reports `editor` as found if the scanner has not seen it yet (a box the observer could not
/// see, such as one in a shadow root attached after the host was scanned).
fn report_if_new(editor: &Element) {
    let found = SCANNER.with(|cell| {
        let cell = cell.borrow();
        let scanner = cell.as_ref()?;
        if let Some(shadow) = editor.get_root_node().dyn_into::<ShadowRoot>().ok() {
            let _ = scanner.observe_shadow_root(&shadow);
        }
        scanner.remember(editor).then_some(scanner.found)
    });
    if let Some(found) = found {
        found(vec![editor.clone()]);
    }
}

fn as_element(node: Option<Node>) -> Option<Element> {
    node?.dyn_into::<Element>().ok()
}

/// The reply box a descriptor's match stands for: the match itself when it is editable (its
/// outermost editable ancestor, in fact), else the first editable inside it or in its open
/// shadow root (a wrapper, a web component host).
fn reply_box_for(matched: &Element) -> Option<Element> {
    let editable = if is_editable(matched) {
        matched.clone()
    } else {
        match DomNode::query(matched, EDITABLE_SELECTOR) {
            Some(inner) => inner,
            None => matched.shadow_root()?.query_selector(EDITABLE_SELECTOR).ok().flatten()?,
        }
    };
    outermost_reply_box(&editable)
}

fn is_editable(element: &Element) -> bool {
    element.local_name() == "input" || DomNode::matches(element, EDITABLE_SELECTOR)
}

/// The editable element the user is in: the event's real target (inside a shadow root too).
fn reply_box_of_event(event: &web_sys::Event) -> Option<Element> {
    let target = event.composed_path().get(0).dyn_into::<Element>().ok()?;
    outermost_reply_box(&target)
}

/// A reply box is the outermost editable element, not one of its inner nodes, and not ours.
fn outermost_reply_box(target: &Element) -> Option<Element> {
    let mut editor = Element::closest(target, EDITABLE_SELECTOR).ok().flatten()?;
    while let Some(outer) = editor.parent_element().and_then(|parent| Element::closest(&parent, EDITABLE_SELECTOR).ok().flatten()) {
        editor = outer;
    }
    is_reply_box(&editor).then_some(editor)
}

/// Not inside Tact's own overlay, and writable.
fn is_reply_box(element: &Element) -> bool {
    let ours = Element::closest(element, OWN_SELECTOR).ok().flatten().is_some();
    !ours && !element.has_attribute("readonly") && !element.has_attribute("disabled")
}

fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.mark(name);
    }
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

    fn scanner(selector: &str) -> Scanner {
        let callback = Closure::wrap(Box::new(|_: Array, _: MutationObserver| {}) as Box<dyn FnMut(Array, MutationObserver)>);
        let observer = MutationObserver::new(callback.as_ref().unchecked_ref()).expect("an observer");
        callback.forget();
        Scanner {
            selector: selector.to_owned(),
            seen: WeakSet::new(),
            seen_count: Cell::new(0),
            observed_roots: WeakSet::new(),
            observer,
            found: |_| {},
            removed: || {},
            measure: false,
        }
    }

    fn ids(elements: &[Element]) -> Vec<String> {
        elements.iter().map(Element::id).collect()
    }

    const GENERIC: &str = "textarea, [contenteditable=\"\"], [contenteditable=\"true\" i], [contenteditable=\"plaintext-only\" i]";

    #[wasm_bindgen_test]
    fn textareas_and_outermost_contenteditables_are_reply_boxes_found_once() {
        let root = fixture(r#"<textarea id="a"></textarea>
            <div id="b" contenteditable="true"><p contenteditable="true" id="inner">x</p></div>
            <div id="c" contenteditable=""></div>"#);
        let scanner = scanner(GENERIC);
        assert_eq!(ids(&scanner.scan(&root)), vec!["a", "b", "c"]);
        assert!(scanner.scan(&root).is_empty(), "a second scan finds nothing new");
        root.remove();
    }

    #[wasm_bindgen_test]
    fn read_only_fields_and_tacts_own_nodes_are_not_reply_boxes() {
        let root = fixture(r#"<textarea id="ro" readonly></textarea><textarea id="off" disabled></textarea>
            <tact-overlay><textarea id="ours"></textarea></tact-overlay><div contenteditable="false"></div>"#);
        assert!(scanner(GENERIC).scan(&root).is_empty());
        root.remove();
    }

    #[wasm_bindgen_test]
    fn the_focused_inner_node_leads_to_its_outermost_editor() {
        let root = fixture(r#"<div id="outer" contenteditable="true"><p><span id="deep">x</span></p></div>"#);
        let deep = DomNode::query(&root, "#deep").expect("fixture has #deep");
        assert_eq!(outermost_reply_box(&deep).map(|editor| editor.id()), Some("outer".into()));
        root.remove();
    }

    #[wasm_bindgen_test]
    fn an_editor_host_leads_to_the_editor_in_its_shadow_root() {
        let root = fixture(r#"<shreddit-composer id="host"></shreddit-composer>"#);
        let host = DomNode::query(&root, "#host").expect("fixture has #host");
        let shadow = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).expect("shadow");
        let _ = shadow.append_child(&dom::Node::new("div").attr("contenteditable", "true").attr("id", "lexical").build());
        let scanner = scanner(&format!("shreddit-composer, {GENERIC}"));
        assert_eq!(ids(&scanner.scan(&root)), vec!["lexical"], "found once, through the host and the shadow root");
        assert!(scanner.observed_roots.has(&shadow));
        root.remove();
    }

    #[wasm_bindgen_test]
    fn a_box_removed_for_good_is_forgotten_but_a_moved_one_is_kept() {
        let root = fixture(r#"<div id="gone"><textarea id="a"></textarea></div><textarea id="b"></textarea>"#);
        let scanner = scanner(GENERIC);
        assert_eq!(scanner.scan(&root).len(), 2);
        let gone = DomNode::query(&root, "#gone").expect("fixture has #gone");
        gone.remove();
        scanner.forget(&gone);
        let b = DomNode::query(&root, "#b").expect("fixture has #b");
        scanner.forget(&b); // Still connected: a move, not a removal.
        assert_eq!(ids(&scanner.scan(&gone)), vec!["a"], "seen again once back");
        assert!(scanner.scan(&root).is_empty());
        root.remove();
    }
}
