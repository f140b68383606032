//! Putting the caret at the cursor mark within text a rich editor just took.
//!
//! The editor chose its own markup (paragraphs, `<br>`, no-break spaces), so the mark is found
//! by counting visible characters back from the caret, which sits at the end of the insertion.

use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

use super::rich::selection;
use super::verify::is_invisible;
use crate::web::dom;

/// A character of the editor's DOM text, with where it sits.
struct Located {
    node: Node,
    offset_utf16: u32,
    character: char,
}

/// Moves the caret from the end of the inserted `text` to `cursor_utf16` within it.
pub fn place_within_inserted(editor: &Element, text: &str, cursor_utf16: Option<usize>) {
    let units: Vec<u16> = text.encode_utf16().collect();
    let Some(cursor) = cursor_utf16.filter(|cursor| *cursor < units.len()) else { return };
    let (Some(before), Some(after)) = (units.get(..cursor), units.get(cursor..)) else { return };
    let visible_after = char::decode_utf16(after.iter().copied()).filter_map(Result::ok).filter(|c| !is_invisible(*c)).count();
    let glued_to_previous = char::decode_utf16(before.iter().copied()).filter_map(Result::ok).last().is_some_and(|c| !is_invisible(c));
    let Some(selection) = selection() else { return };
    let (Some(focus), focus_offset) = (selection.focus_node(), selection.focus_offset()) else { return };
    if !editor.contains(Some(&focus)) {
        return;
    }
    let characters = characters_before(editor, &focus, focus_offset);
    if let Some((node, offset)) = target(&characters, visible_after, glued_to_previous) {
        let _ = selection.collapse_with_offset(Some(&node), offset);
    }
}

/// Walks back over `visible_after` visible characters; when the mark follows a visible
/// character, also back over the blanks and line breaks before it, to sit right after it.
fn target(characters: &[Located], visible_after: usize, glued_to_previous: bool) -> Option<(Node, u32)> {
    let mut remaining = visible_after;
    let mut found: Option<(Node, u32)> = None;
    for located in characters.iter().rev() {
        let visible = !is_invisible(located.character);
        if remaining > 0 {
            if visible {
                remaining -= 1;
                if remaining == 0 {
                    found = Some((located.node.clone(), located.offset_utf16));
                    if !glued_to_previous {
                        return found;
                    }
                }
            }
            continue;
        }
        if !glued_to_previous {
            return found;
        }
        if visible {
            return Some((located.node.clone(), located.offset_utf16 + located.character.len_utf16() as u32));
        }
        found = Some((located.node.clone(), located.offset_utf16));
    }
    found
}

/// The editor's text characters before the boundary point (`focus`, `focus_offset`), in order.
fn characters_before(editor: &Element, focus: &Node, focus_offset: u32) -> Vec<Located> {
    let mut texts = Vec::new();
    collect_text_nodes(editor, &mut texts);
    let caret = dom::document().create_range().ok();
    if let Some(range) = &caret {
        let _ = range.set_start(focus, focus_offset);
        range.collapse_with_to_start(true);
    }
    let mut characters = Vec::new();
    for node in texts {
        let units: Vec<u16> = node.text_content().unwrap_or_default().encode_utf16().collect();
        let end = if node == *focus {
            (focus_offset as usize).min(units.len())
        } else {
            let before_caret = caret.as_ref().and_then(|range| range.compare_point(&node, units.len() as u32).ok()).is_some_and(|order| order < 0);
            if !before_caret {
                break;
            }
            units.len()
        };
        let mut offset = 0u32;
        for decoded in char::decode_utf16(units.get(..end).unwrap_or_default().iter().copied()) {
            let character = decoded.unwrap_or(char::REPLACEMENT_CHARACTER);
            characters.push(Located { node: node.clone(), offset_utf16: offset, character });
            offset += character.len_utf16() as u32;
        }
        if node == *focus {
            break;
        }
    }
    characters
}

fn collect_text_nodes(parent: &Node, into: &mut Vec<Node>) {
    let children = parent.child_nodes();
    for index in 0..children.length() {
        let Some(child) = children.get(index) else { continue };
        if child.node_type() == Node::TEXT_NODE {
            into.push(child);
        } else if child.dyn_ref::<Element>().is_some() {
            collect_text_nodes(&child, into);
        }
    }
}
