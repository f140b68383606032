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
