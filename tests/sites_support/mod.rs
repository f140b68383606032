//! A [`DomNode`] over parsed HTML, so site adapters are tested natively with real selectors
//! against fixture pages modelled on each site's markup.

// Shared by several test crates, each using part of it.
#![allow(dead_code)]

use scraper::{ElementRef, Html, Selector};
use tact::core::sites::DomNode;

/// An element of a parsed fixture page.
#[derive(Clone, Debug)]
pub struct Node<'a>(pub ElementRef<'a>);

impl<'a> Node<'a> {
    /// The single element matching `selector`, for tests to start from.
    pub fn find(page: &'a Html, selector: &str) -> Node<'a> {
        let parsed = Selector::parse(selector).expect("test selector");
        let mut found = page.select(&parsed);
        let node = found.next().unwrap_or_else(|| panic!("fixture has no {selector}"));
        assert!(found.next().is_none(), "fixture has several {selector}");
        Node(node)
    }
}

/// Text content with a line break before each block element, as `DomNode::text` requires.
fn text_with_block_breaks(element: ElementRef<'_>) -> String {
    let mut text = String::new();
    for node in element.descendants() {
        if let Some(text_node) = node.value().as_text() {
            text.push_str(text_node);
        } else if node.value().as_element().is_some_and(|e| is_block(e.name())) {
            text.push('\n');
        }
    }
    text
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div" | "br" | "li" | "blockquote" | "pre" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol"
    )
}

fn parse(selector: &str) -> Option<Selector> {
    Selector::parse(selector).ok()
}

impl DomNode for Node<'_> {
    fn query_all(&self, selector: &str) -> Vec<Self> {
        let Some(selector) = parse(selector) else { return Vec::new() };
        self.0.select(&selector).filter(|element| element.id() != self.0.id()).map(Node).collect()
    }

    fn closest(&self, selector: &str) -> Option<Self> {
        let selector = parse(selector)?;
        let mut current = Some(self.0);
        while let Some(element) = current {
            if selector.matches(&element) {
                return Some(Node(element));
            }
            current = element.parent().and_then(ElementRef::wrap);
        }
        None
    }

    fn matches(&self, selector: &str) -> bool {
        parse(selector).is_some_and(|selector| selector.matches(&self.0))
    }

    fn parent(&self) -> Option<Self> {
        self.0.parent().and_then(ElementRef::wrap).map(Node)
    }

    fn previous_sibling(&self) -> Option<Self> {
        self.0.prev_siblings().find_map(ElementRef::wrap).map(Node)
    }

    fn text(&self) -> String {
        match self.0.value().name() {
            "input" => self.0.value().attr("value").unwrap_or_default().to_owned(),
            _ => text_with_block_breaks(self.0),
        }
    }

    fn attr(&self, name: &str) -> Option<String> {
        self.0.value().attr(name).map(str::to_owned)
    }

    fn is_same(&self, other: &Self) -> bool {
        self.0.id() == other.0.id()
    }
}
