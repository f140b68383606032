//! The site adapters' [`DomNode`] over the live page: `web_sys::Element`.
//!
//! The descriptor engine in `core::sites` is written against that trait; this is its one
//! implementation in the browser. It never throws: a selector the browser rejects matches
//! nothing. It crosses open shadow roots upwards (`parent`, `closest`), because some sites put
//! their editor inside a web component (Reddit's `shreddit-composer` holds Lexical in its shadow
//! DOM) while the comment around it is in the page's light DOM.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement, Node, ShadowRoot};

use crate::core::sites::DomNode;

/// Most shadow roots crossed upwards from one element (nesting deeper than this is not a page).
const MAX_SHADOW_HOPS: usize = 16;
/// Most nodes visited to read one element's text: a generic container can be a whole page.
const MAX_TEXT_NODES: usize = 20_000;
/// Most bytes of raw text gathered; the core keeps at most 5,000 characters after collapsing.
const MAX_TEXT_BYTES: usize = 64 * 1024;

impl DomNode for Element {
    fn query_all(&self, selector: &str) -> Vec<Element> {
        let Ok(list) = self.query_selector_all(selector) else { return Vec::new() };
        (0..list.length()).filter_map(|index| list.get(index)?.dyn_into::<Element>().ok()).collect()
    }

    fn closest(&self, selector: &str) -> Option<Element> {
        let mut current = self.clone();
        for _ in 0..MAX_SHADOW_HOPS {
            if let Some(found) = Element::closest(&current, selector).ok().flatten() {
                return Some(found);
            }
            current = shadow_host(&current)?;
        }
        None
    }

    fn matches(&self, selector: &str) -> bool {
        Element::matches(self, selector).unwrap_or(false)
    }

    fn parent(&self) -> Option<Element> {
        if let Some(parent) = self.parent_element() {
            return Some(parent);
        }
        self.parent_node()?.dyn_into::<ShadowRoot>().ok().map(|root| root.host())
    }

    fn previous_sibling(&self) -> Option<Element> {
        self.previous_element_sibling()
    }

    fn text(&self) -> String {
        if let Some(area) = self.dyn_ref::<HtmlTextAreaElement>() {
            return area.value();
        }
        if let Some(input) = self.dyn_ref::<HtmlInputElement>() {
            return input.value();
        }
        text_with_block_breaks(self)
    }

    fn attr(&self, name: &str) -> Option<String> {
        self.get_attribute(name)
    }

    fn is_same(&self, other: &Element) -> bool {
        let other: &Node = other;
        self.is_same_node(Some(other))
    }
}

/// The host of the shadow root `element` lives in, if it lives in one.
pub fn shadow_host(element: &Element) -> Option<Element> {
    element.get_root_node().dyn_into::<ShadowRoot>().ok().map(|root| root.host())
}

/// The element's text with a line break before each block element, walking the nodes (no
/// `innerText`: it forces a layout). Scripts, styles and templates are not text the user sees.
fn text_with_block_breaks(root: &Element) -> String {
    let mut text = String::new();
    let mut next = root.first_child();
    let mut visited = 0;
    while let Some(node) = next {
        visited += 1;
        if visited > MAX_TEXT_NODES || text.len() > MAX_TEXT_BYTES {
            break;
        }
        let mut descend = false;
        match node.node_type() {
            Node::TEXT_NODE => text.push_str(&node.node_value().unwrap_or_default()),
            Node::ELEMENT_NODE => {
                let name = node.unchecked_ref::<Element>().local_name();
                if !is_hidden_content(&name) {
                    if is_block(&name) {
                        text.push('\n');
                    }
                    descend = true;
                }
            }
            _ => {}
        }
        next = match node.first_child().filter(|_| descend) {
            Some(child) => Some(child),
            None => next_in_walk(&node, root),
        };
    }
    text
}

/// The node after `node` in document order, not entering its children and not leaving `root`.
fn next_in_walk(node: &Node, root: &Element) -> Option<Node> {
    let root: &Node = root;
    let mut current = node.clone();
    loop {
        if let Some(sibling) = current.next_sibling() {
            return Some(sibling);
        }
        let parent = current.parent_node()?;
        if parent.is_same_node(Some(root)) {
            return None;
        }
        current = parent;
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div" | "br" | "li" | "ul" | "ol" | "blockquote" | "pre" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
    )
}

fn is_hidden_content(name: &str) -> bool {
    matches!(name, "script" | "style" | "noscript" | "template" | "tact-overlay")
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

    fn find(root: &Element, selector: &str) -> Element {
        DomNode::query(root, selector).unwrap_or_else(|| panic!("fixture has {selector}"))
    }

    #[wasm_bindgen_test]
    fn text_breaks_lines_before_blocks_and_skips_scripts() {
        let root = fixture("<div id=t><p>Bonjour</p><p>à <b>tous</b><br>ici</p><script>x()</script><style>p{}</style></div>");
        assert_eq!(find(&root, "#t").text(), "\nBonjour\nà tous\nici");
        root.remove();
    }

    #[wasm_bindgen_test]
    fn text_of_a_textarea_is_its_value_not_its_default() {
        let root = fixture("<textarea id=t>default</textarea><input id=i value=v>");
        let area = find(&root, "#t");
        area.unchecked_ref::<HtmlTextAreaElement>().set_value("typed");
        assert_eq!(area.text(), "typed");
        assert_eq!(find(&root, "#i").text(), "v");
        root.remove();
    }

    #[wasm_bindgen_test]
    fn an_invalid_selector_matches_nothing_and_does_not_throw() {
        let root = fixture("<p class=a>x</p>");
        let p = find(&root, "p");
        assert!(DomNode::query_all(&root, "p[").is_empty());
        assert!(DomNode::closest(&p, "::bad(").is_none());
        assert!(!DomNode::matches(&p, ":::"));
        assert!(DomNode::matches(&p, ".a"));
        root.remove();
    }

    #[wasm_bindgen_test]
    fn parent_and_closest_cross_from_a_shadow_root_to_its_host() {
        let root = fixture("<section class=comment><my-composer id=host></my-composer></section>");
        let host = find(&root, "#host");
        let shadow = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).expect("shadow");
        let editor = dom::Node::new("div").attr("contenteditable", "true").build();
        let _ = shadow.append_child(&editor);
        assert!(DomNode::parent(&editor).is_some_and(|parent| parent.is_same(&host)));
        assert!(DomNode::closest(&editor, "my-composer").is_some_and(|found| found.is_same(&host)));
        assert!(DomNode::closest(&editor, "section.comment").is_some());
        assert_eq!(shadow_host(&editor).map(|h| h.id()), Some("host".into()));
        root.remove();
    }

    #[wasm_bindgen_test]
    fn siblings_and_attributes_read_like_the_dom() {
        let root = fixture("<i id=a data-x=1></i><b id=b></b>");
        let b = find(&root, "#b");
        assert_eq!(b.previous_sibling().map(|a| a.id()), Some("a".into()));
        assert_eq!(find(&root, "#a").attr("data-x").as_deref(), Some("1"));
        assert_eq!(b.attr("nope"), None);
        root.remove();
    }
}
