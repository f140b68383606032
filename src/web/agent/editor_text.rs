//! The text of a reply box as guidelines see it, and the way back from its UTF-16 offsets to
//! the DOM. A `textarea` holds its value; a contenteditable editor's text is its text nodes in
//! order, with a line break between blocks (paragraphs, Draft.js and Quill blocks) and for each
//! `<br>`, so the offsets of a finding fall on the editor's own text nodes. Read only: nothing
//! here writes to the editor.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlTextAreaElement, Node, Range};

use crate::web::dom;

/// Elements that start a line of their own.
const BLOCKS: &[&str] = &["P", "DIV", "LI", "UL", "OL", "H1", "H2", "H3", "H4", "H5", "H6", "BLOCKQUOTE", "PRE", "TR", "TABLE"];

/// A text node of the editor and where its text starts in [`EditorText::text`].
struct Segment {
    node: Node,
    start: usize,
    length: usize,
}

/// An editor's text, with the text nodes it comes from (none for a `textarea`).
pub struct EditorText {
    pub text: String,
    length: usize,
    segments: Vec<Segment>,
}

impl EditorText {
    pub fn of(editor: &Element) -> EditorText {
        if let Some(area) = editor.dyn_ref::<HtmlTextAreaElement>() {
            let text = area.value();
            return EditorText { length: text.encode_utf16().count(), text, segments: Vec::new() };
        }
        let mut reading = EditorText { text: String::new(), length: 0, segments: Vec::new() };
        reading.walk(editor);
        reading
    }

    fn walk(&mut self, parent: &Node) {
        let children = parent.child_nodes();
        for index in 0..children.length() {
            let Some(child) = children.item(index) else { continue };
            match child.node_type() {
                Node::TEXT_NODE => self.push_text(child),
                Node::ELEMENT_NODE => {
                    let tag = child.node_name();
                    if tag == "BR" {
                        self.push_break();
                        continue;
                    }
                    if BLOCKS.contains(&tag.as_str()) && !self.text.is_empty() && !self.text.ends_with('\n') {
                        self.push_break();
                    }
                    self.walk(&child);
                }
                _ => {}
            }
        }
    }

    fn push_text(&mut self, node: Node) {
        let data = node.text_content().unwrap_or_default();
        let length = data.encode_utf16().count();
        if length == 0 {
            return;
        }
        self.segments.push(Segment { node, start: self.length, length });
        self.text.push_str(&data);
        self.length += length;
    }

    fn push_break(&mut self) {
        self.text.push('\n');
        self.length += 1;
    }

    /// The DOM point of a text offset: inside the text node holding it (for a range's start,
    /// the node the offset starts; for its end, the node it ends).
    pub fn point(&self, offset: usize, is_end: bool) -> Option<(Node, u32)> {
        let holds = |segment: &&Segment| {
            if is_end {
                segment.start < offset && offset <= segment.start + segment.length
            } else {
                segment.start <= offset && offset < segment.start + segment.length
            }
        };
        if let Some(segment) = self.segments.iter().find(holds) {
            return Some((segment.node.clone(), u32::try_from(offset - segment.start).ok()?));
        }
        // On a line break between blocks: the nearest text on the side that keeps the range inside.
        let segment = if is_end {
            self.segments.iter().rev().find(|segment| segment.start + segment.length <= offset)?
        } else {
            self.segments.iter().find(|segment| segment.start >= offset)?
        };
        let within = if is_end { segment.length } else { 0 };
        Some((segment.node.clone(), u32::try_from(within).ok()?))
    }

    /// A DOM range over the text offsets `start..end` (contenteditable editors only).
    pub fn range(&self, start: usize, end: usize) -> Option<Range> {
        let (start_node, start_offset) = self.point(start, false)?;
        let (end_node, end_offset) = self.point(end, true)?;
        let range = dom::document().create_range().ok()?;
        range.set_start(&start_node, start_offset).ok()?;
        range.set_end(&end_node, end_offset).ok()?;
        Some(range)
    }

    /// The text between two UTF-16 offsets, if they are within it.
    pub fn slice(&self, start: usize, end: usize) -> Option<String> {
        let units: Vec<u16> = self.text.encode_utf16().collect();
        String::from_utf16(units.get(start..end)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn editor(html_parts: &[&str]) -> Element {
        let root = dom::Node::new("div").attr("contenteditable", "true").build();
        for part in html_parts {
            let block = dom::Node::new("p").build();
            if part.is_empty() {
                let _ = block.append_child(&dom::Node::new("br").build());
            } else {
                let _ = block.append_child(&dom::Node::new("span").text(part).build());
            }
            let _ = root.append_child(&block);
        }
        root
    }

    #[wasm_bindgen_test]
    fn paragraphs_and_empty_lines_read_as_lines() {
        let text = EditorText::of(&editor(&["Bonjour 😀", "", "a cheap fix"]));
        assert_eq!(text.text, "Bonjour 😀\n\na cheap fix");
    }

    #[wasm_bindgen_test]
    fn offsets_map_back_to_the_words_text_node() {
        let root = editor(&["Bonjour 😀", "", "a cheap fix"]);
        let text = EditorText::of(&root);
        let start = "Bonjour 😀\n\na ".encode_utf16().count();
        let range = text.range(start, start + 5).expect("a range");
        assert_eq!(String::from(range.to_string()), "cheap");
        assert_eq!(text.slice(start, start + 5).as_deref(), Some("cheap"));
    }
}
