//! Preparing to replace a whole draft (an approved text taking the place of the one asked
//! about): the caret goes to the draft's end, and the draft becomes the text to replace.
//!
//! Rich editors are only replaced when the draft is one run of text (one text node): selecting
//! across paragraphs is each editor's own business, and a half-replaced draft is worse than
//! none. Otherwise the caller says the text could not be placed.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, Node};

use super::rich::selection;
use super::textarea::TextField;
use super::Replace;

/// Why a draft cannot be replaced in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotReplaceable;

/// Puts the caret at the end of `editor`'s draft and answers how much to replace before it
/// (`None`: the box is empty, insert as usual).
pub fn select_draft_end(editor: &Element) -> Result<Option<Replace>, NotReplaceable> {
    if let Some(field) = TextField::of(editor) {
        let length = field.utf16_len();
        field.focus_at_end();
        return Ok((length > 0).then_some(Replace { before_caret_utf16: length }));
    }
    if let Some(element) = editor.dyn_ref::<HtmlElement>() {
        let _ = element.focus();
    }
    let texts = text_nodes(editor);
    let filled: Vec<&Node> = texts.iter().filter(|node| node.text_content().is_some_and(|text| !super::verify::visible(&text).is_empty())).collect();
    match filled.as_slice() {
        [] => Ok(None),
        [node] => {
            let length = node.text_content().unwrap_or_default().encode_utf16().count();
            let selection = selection().ok_or(NotReplaceable)?;
            let end = u32::try_from(length).map_err(|_| NotReplaceable)?;
            selection.collapse_with_offset(Some(*node), end).map_err(|_| NotReplaceable)?;
            Ok(Some(Replace { before_caret_utf16: length }))
        }
        _ => Err(NotReplaceable),
    }
}

/// Most nodes looked at (a reply box holds a few paragraphs).
const MAX_NODES: usize = 5_000;

/// The text nodes under `editor`, in order.
fn text_nodes(editor: &Element) -> Vec<Node> {
    let mut found = Vec::new();
    let mut stack: Vec<Node> = vec![editor.clone().into()];
    let mut visited = 0;
    while let Some(node) = stack.pop() {
        visited += 1;
        if visited > MAX_NODES {
            break;
        }
        if node.node_type() == Node::TEXT_NODE {
            found.push(node);
            continue;
        }
        let children = node.child_nodes();
        for index in (0..children.length()).rev() {
            if let Some(child) = children.get(index) {
                stack.push(child);
            }
        }
    }
    found
}
