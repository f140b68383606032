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

/// Replaces every child of `parent` with `child`.
pub fn replace_children(parent: &Element, child: Node) {
    parent.set_text_content(None);
    let _ = parent.append_child(&child.0);
}
