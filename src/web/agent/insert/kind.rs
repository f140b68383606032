//! Which editor a reply box is, from the markers each library leaves in the DOM.
//!
//! The kind only chooses the order of the insertion strategies: every strategy is verified
//! afterwards, so a wrong guess costs time, never a wrong text.

use web_sys::Element;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorKind {
    /// `<textarea>` or `<input>`: the browser owns the value.
    TextField,
    DraftJs,
    Lexical,
    Quill,
    ProseMirror,
    /// A contenteditable with no known library behind it.
    PlainEditable,
}

/// How text goes into a rich editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RichStrategy {
    /// `document.execCommand('insertText')`: the browser edits the DOM and keeps its undo.
    ExecInsertText,
    /// A synthetic `paste` carrying `text/plain`, which the editor handles in its model.
    Paste,
}

impl EditorKind {
    pub fn of(editor: &Element) -> EditorKind {
        let tag = editor.tag_name();
        if tag.eq_ignore_ascii_case("textarea") || tag.eq_ignore_ascii_case("input") {
            return EditorKind::TextField;
        }
        let matches = |selector: &str| editor.matches(selector).unwrap_or(false);
        let holds = |selector: &str| editor.query_selector(selector).ok().flatten().is_some();
        if matches(".public-DraftEditor-content") || holds("[data-contents]") {
            EditorKind::DraftJs
        } else if matches("[data-lexical-editor]") {
            EditorKind::Lexical
        } else if matches(".ql-editor") {
            EditorKind::Quill
        } else if matches(".ProseMirror") {
            EditorKind::ProseMirror
        } else {
            EditorKind::PlainEditable
        }
    }

    /// Strategies to try in order, as measured in Chromium with the real libraries
    /// (tests/e2e/insertion.test.mjs): Draft.js breaks under `insertText` (its DOM and model
    /// part ways) and Lexical drops the line breaks, but both take a paste; ProseMirror takes
    /// both, and only `insertText` keeps a blank line (its plain-text paste merges runs of
    /// line breaks into one paragraph break).
    pub fn rich_strategies(self) -> &'static [RichStrategy] {
        match self {
            EditorKind::DraftJs | EditorKind::Lexical | EditorKind::Quill => &[RichStrategy::Paste, RichStrategy::ExecInsertText],
            EditorKind::ProseMirror | EditorKind::PlainEditable => &[RichStrategy::ExecInsertText, RichStrategy::Paste],
            EditorKind::TextField => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::dom;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn kind_of(html: &str) -> EditorKind {
        let root = dom::Node::new("div").build();
        root.set_inner_html(html); // Test markup written here, not page text.
        let editor = root.query_selector("#e").ok().flatten().expect("fixture has #e");
        EditorKind::of(&editor)
    }

    #[wasm_bindgen_test]
    fn each_library_is_recognised_by_its_markers() {
        assert_eq!(kind_of(r#"<textarea id="e"></textarea>"#), EditorKind::TextField);
        assert_eq!(kind_of(r#"<input id="e">"#), EditorKind::TextField);
        assert_eq!(kind_of(r#"<div id="e" class="public-DraftEditor-content" contenteditable="true"></div>"#), EditorKind::DraftJs);
        assert_eq!(kind_of(r#"<div id="e" contenteditable="true"><div data-contents="true"></div></div>"#), EditorKind::DraftJs);
        assert_eq!(kind_of(r#"<div id="e" contenteditable="true" data-lexical-editor="true"></div>"#), EditorKind::Lexical);
        assert_eq!(kind_of(r#"<div id="e" class="ql-editor" contenteditable="true"></div>"#), EditorKind::Quill);
        assert_eq!(kind_of(r#"<div id="e" class="ProseMirror" contenteditable="true"></div>"#), EditorKind::ProseMirror);
        assert_eq!(kind_of(r#"<div id="e" contenteditable="true"></div>"#), EditorKind::PlainEditable);
    }
}
