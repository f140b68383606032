//! A small DOM builder for the extension's own UI.
//!
//! Text from pages (names, comments) only ever enters the DOM through [`Node::text`], which
//! sets `textContent`: it is data, never markup. There is deliberately no `inner_html`.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

/// The current document. Every context the web layer runs in that builds UI has one.
pub fn document() -> Document {
    web_sys::window().and_then(|window| window.document()).expect("a window with a document")
}

/// An element under construction.
pub struct Node(Element);

impl Node {
    pub fn new(tag: &str) -> Node {
        Node(document().create_element(tag).expect("a valid tag name"))
    }

    pub fn class(self, class: &str) -> Node {
        self.0.set_class_name(class);
        self
    }

    pub fn attr(self, name: &str, value: &str) -> Node {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// Sets the node's text. Markup in `text` shows as characters.
    pub fn text(self, text: &str) -> Node {
        self.0.set_text_content(Some(text));
        self
    }

    pub fn child(self, child: Node) -> Node {
        let _ = self.0.append_child(&child.0);
        self
    }

    pub fn children(self, children: impl IntoIterator<Item = Node>) -> Node {
        for child in children {
            let _ = self.0.append_child(&child.0);
        }
        self
    }

    pub fn on(self, event: &str, handler: impl FnMut(web_sys::Event) + 'static) -> Node {
        let closure = Closure::wrap(Box::new(handler) as Box<dyn FnMut(web_sys::Event)>);
        let _ = self.0.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        closure.forget(); // Owned by the element; the extension's UI lives as long as its page.
        self
    }

    pub fn build(self) -> Element {
        self.0
    }
}

impl From<Element> for Node {
    /// Wraps an element built elsewhere, to place it in a tree being built.
    fn from(element: Element) -> Node {
        Node(element)
    }
}

/// Replaces every child of `parent` with `child`.
pub fn replace_children(parent: &Element, child: Node) {
    parent.set_text_content(None);
    let _ = parent.append_child(&child.0);
}

/// Replaces `parent`'s content with `child`, keeping what the person was typing: each field's
/// value is carried to the field with the same id in the new content, and so are the focus and
/// the selection, so a redraw on a live update never swallows the next keystrokes.
pub fn redraw(parent: &Element, child: Node) {
    let typed = parent.query_selector_all("[id]").ok();
    let focused = document().active_element().filter(|element| parent.contains(Some(element)) && !element.id().is_empty());
    let selection = focused.as_ref().and_then(selection_of);
    replace_children(parent, child);
    if let Some(typed) = typed {
        for index in 0..typed.length() {
            let Some(old) = typed.get(index).and_then(|node| node.dyn_into::<Element>().ok()) else { continue };
            if let (Some(new), Ok(value)) = (document().get_element_by_id(&old.id()), js_sys::Reflect::get(&old, &"value".into())) {
                if !value.is_undefined() {
                    let _ = js_sys::Reflect::set(&new, &"value".into(), &value);
                }
            }
        }
    }
    let refocused = focused.and_then(|old| document().get_element_by_id(&old.id()));
    if let Some(field) = refocused.as_ref().and_then(|new| new.dyn_ref::<web_sys::HtmlElement>()) {
        let _ = field.focus();
        if let Some((start, end)) = selection {
            restore_selection(field, start, end);
        }
    }
}

/// The selection in a text field (a textarea or an input), if `element` is one.
fn selection_of(element: &Element) -> Option<(u32, u32)> {
    if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return Some((area.selection_start().ok()??, area.selection_end().ok()??));
    }
    let input = element.dyn_ref::<web_sys::HtmlInputElement>()?;
    Some((input.selection_start().ok()??, input.selection_end().ok()??))
}

fn restore_selection(field: &web_sys::HtmlElement, start: u32, end: u32) {
    if let Some(area) = field.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        let _ = area.set_selection_range(start, end);
    } else if let Some(input) = field.dyn_ref::<web_sys::HtmlInputElement>() {
        let _ = input.set_selection_range(start, end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn text_from_a_page_stays_text() {
        let node = Node::new("p").text("<img src=x onerror=alert(1)>").build();
        assert_eq!(node.child_element_count(), 0);
        assert_eq!(node.text_content().as_deref(), Some("<img src=x onerror=alert(1)>"));
    }

    #[wasm_bindgen_test]
    fn replace_children_leaves_only_the_new_child() {
        let parent = Node::new("div").child(Node::new("span")).child(Node::new("span")).build();
        replace_children(&parent, Node::new("em").text("new"));
        assert_eq!(parent.child_element_count(), 1);
        assert_eq!(parent.first_element_child().map(|child| child.tag_name()), Some("EM".into()));
    }
}
