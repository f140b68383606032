#![cfg(not(target_arch = "wasm32"))]
//! Whatever the page, reading it never panics: random trees built from the markers the
//! descriptors look for, focused anywhere, with every built-in descriptor.

mod sites_support;

use proptest::prelude::*;
use scraper::{Html, Selector};
use sites_support::Node;
use tact::core::sites::{extract_context, find_submit, read_focus, Registry};

const TAGS: [&str; 10] = ["div", "article", "li", "ul", "span", "a", "time", "textarea", "shreddit-comment", "form"];
const ATTRIBUTES: [&str; 14] = [
    r#"data-testid="tweet""#,
    r#"data-testid="User-Name""#,
    r#"data-testid="tweetTextarea_0""#,
    r#"role="article""#,
    r#"role="dialog""#,
    r#"class="comment""#,
    r#"class="comments-comment-entity""#,
    r#"class="thing comment" data-author="a""#,
    r#"class="child""#,
    r#"contenteditable="true""#,
    r#"data-lexical-editor="true" role="textbox""#,
    r#"href="javascript:alert(1)""#,
    r#"href="/@someone""#,
    r#"author="x" permalink="/r/x/""#,
];

#[derive(Debug, Clone)]
enum Tree {
    Text(String),
    Element { tag: usize, attribute: usize, children: Vec<Tree> },
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = "[a-zA-Z@ ]{0,12}".prop_map(Tree::Text);
    leaf.prop_recursive(6, 60, 5, |inner| {
        (0..TAGS.len(), 0..ATTRIBUTES.len(), prop::collection::vec(inner, 0..5))
            .prop_map(|(tag, attribute, children)| Tree::Element { tag, attribute, children })
    })
}

fn render(tree: &Tree, html: &mut String) {
    match tree {
        Tree::Text(text) => html.push_str(text),
        Tree::Element { tag, attribute, children } => {
            html.push_str(&format!("<{} {}>", TAGS[*tag], ATTRIBUTES[*attribute]));
            children.iter().for_each(|child| render(child, html));
            html.push_str(&format!("</{}>", TAGS[*tag]));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn reading_any_page_never_panics(page in tree()) {
        let mut source = String::from("<html><body>");
        render(&page, &mut source);
        let html = Html::parse_document(&source);
        let registry = Registry::builtin();
        let every = Selector::parse("*").expect("selector");
        let root = Node(html.root_element());
        let mut sites = registry.sites().to_vec();
        sites.push(registry.generic().clone());
        for site in &sites {
            for element in html.select(&every) {
                let node = Node(element);
                if let Some(reading) = read_focus(site, registry.generic(), &node, &root, "https://example.com/a") {
                    let _ = find_submit(site, &reading.editor);
                    prop_assert!(!reading.context.permalink.starts_with("javascript"));
                    prop_assert!(!reading.context.author.profile_url.starts_with("javascript"));
                }
                let _ = extract_context(site, &node, "https://example.com/a");
            }
        }
    }
}
