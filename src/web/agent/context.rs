//! Reading the comment a reply box answers (generic adapter, until site descriptors land).

use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::core::model::{Author, CommentContext, Completeness};
use crate::web::dom;

const COMMENT_SELECTOR: &str = "[itemtype*='Comment'], .comment, li.comment, [id^='comment-'], article";
const AUTHOR_SELECTOR: &str = "[itemprop='author'], .comment-author, .author, [rel~='author']";
const TEXT_SELECTOR: &str = "[itemprop='text'], .comment-content, .comment-body, .comment-text";
const PERMALINK_SELECTOR: &str = "a[rel~='bookmark'], a.permalink, time a, a time";

/// The context of the comment around `editor`, or an empty one: never a guess.
pub fn for_editor(editor: &Element) -> CommentContext {
    let page_url = dom::document().url().unwrap_or_default();
    let Some(comment) = editor.closest(COMMENT_SELECTOR).ok().flatten() else {
        return CommentContext { platform: "generic".into(), page_url, completeness: Completeness::Empty, ..Default::default() };
    };
    let author = Author { name: text_of(&comment, AUTHOR_SELECTOR), ..Default::default() };
    let text = text_of(&comment, TEXT_SELECTOR);
    let permalink = link_of(&comment, PERMALINK_SELECTOR);
    let missing: Vec<String> = [("author", author.name.is_empty()), ("text", text.is_empty()), ("permalink", permalink.is_empty())]
        .into_iter()
        .filter_map(|(field, absent)| absent.then(|| field.to_owned()))
        .collect();
    let completeness = if missing.is_empty() { Completeness::Full } else { Completeness::Partial { missing } };
    CommentContext { platform: "generic".into(), author, text, permalink, page_url, completeness }
}

fn text_of(comment: &Element, selector: &str) -> String {
    let found = comment.query_selector(selector).ok().flatten();
    let text = found.and_then(|element| element.text_content()).unwrap_or_default();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn link_of(comment: &Element, selector: &str) -> String {
    let Some(found) = comment.query_selector(selector).ok().flatten() else { return String::new() };
    let anchor = found.closest("a").ok().flatten().unwrap_or(found);
    anchor.dyn_ref::<web_sys::HtmlAnchorElement>().map(|a| a.href()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn fixture(html: &str) -> Element {
        let root = dom::Node::new("div").build();
        root.set_inner_html(html);
        if let Some(body) = dom::document().body() {
            let _ = body.append_child(&root);
        }
        root
    }

    #[wasm_bindgen_test]
    fn a_reply_box_inside_a_comment_gets_that_comments_context() {
        let root = fixture(r#"<article class="comment"><span class="comment-author"> Camille
            Martin </span><a class="permalink" href="https://blog.example/p#c1">#</a>
            <p class="comment-text">Où est ma commande ?</p><textarea id="r"></textarea></article>"#);
        let editor = root.query_selector("#r").ok().flatten().expect("fixture has #r");
        let context = for_editor(&editor);
        assert_eq!(context.author.name, "Camille Martin");
        assert_eq!(context.text, "Où est ma commande ?");
        assert_eq!(context.permalink, "https://blog.example/p#c1");
        assert_eq!(context.completeness, Completeness::Full);
        root.remove();
    }

    #[wasm_bindgen_test]
    fn a_reply_box_outside_any_comment_gets_an_empty_context_not_a_guess() {
        let root = fixture(r#"<section><p class="comment-text">nearby text</p><textarea id="r"></textarea></section>"#);
        let editor = root.query_selector("#r").ok().flatten().expect("fixture has #r");
        let context = for_editor(&editor);
        assert_eq!(context.completeness, Completeness::Empty);
        assert!(context.text.is_empty() && context.author.name.is_empty());
        root.remove();
    }

    #[wasm_bindgen_test]
    fn missing_fields_are_reported_as_partial() {
        let root = fixture(r#"<article><p class="comment-text">hello</p><textarea id="r"></textarea></article>"#);
        let editor = root.query_selector("#r").ok().flatten().expect("fixture has #r");
        let missing = match for_editor(&editor).completeness {
            Completeness::Partial { missing } => missing,
            other => panic!("expected partial, got {other:?}"),
        };
        assert_eq!(missing, vec!["author", "permalink"]);
        root.remove();
    }
}
