//! Inserting into contenteditable editors (Draft.js, Lexical, Quill, ProseMirror, plain).
//!
//! The editor must believe the text came from the user, so it is never written into the DOM
//! directly: either the browser types it (`execCommand('insertText')`) or the editor receives
//! a paste of plain text and updates its own model. Each attempt is verified; an editor that
//! ignored it gets the next strategy, one left half-written is undone.

use wasm_bindgen::JsCast;
use web_sys::{ClipboardEvent, ClipboardEventInit, DataTransfer, Element, HtmlDocument, HtmlElement, KeyboardEvent, KeyboardEventInit, Node, Selection};

use super::caret;
use crate::web::agent::editor_text::EditorText;
use super::kind::{EditorKind, RichStrategy};
use super::verify::{Expectation, Landing};
use super::{wait, InsertError, Replace};
use crate::web::dom;

/// How many times to select a typed shortcut before giving up: some editors (ProseMirror)
/// re-render the selection away once.
const SELECT_ATTEMPTS: usize = 3;

/// Inserts `text` at the caret or over the `replace`d shortcut. `Ok(false)` when no strategy
/// took, with the editor left as it was.
pub async fn insert(editor: &Element, text: &str, cursor_utf16: Option<usize>, replace: Option<Replace>) -> Result<bool, InsertError> {
    focus(editor).await;
    let replaced = match replace {
        Some(Replace { before_caret_utf16 }) => select_before_caret(editor, before_caret_utf16).await?,
        None => String::new(),
    };
    insert_over_selection(editor, text, cursor_utf16, &replaced).await
}

/// Replaces the UTF-16 range `start..end` of the editor's text (which reads `expected`) with
/// `text`: the range is selected, then typed over like any insertion.
pub async fn replace_range(editor: &Element, start: usize, end: usize, expected: &str, text: &str) -> Result<bool, InsertError> {
    focus(editor).await;
    select_range(editor, start, end, expected).await?;
    insert_over_selection(editor, text, None, expected).await
}

/// Selects `start..end` of the editor's text and waits for the editor to take the selection
/// (some re-render it away once).
async fn select_range(editor: &Element, start: usize, end: usize, expected: &str) -> Result<(), InsertError> {
    for _ in 0..SELECT_ATTEMPTS {
        let range = EditorText::of(editor).range(start, end).ok_or(InsertError::ShortcutMoved)?;
        let selection = selection().ok_or(InsertError::ShortcutMoved)?;
        let _ = selection.remove_all_ranges();
        let _ = selection.add_range(&range);
        wait::next_task().await; // `selectionchange` reaches the editor.
        wait::next_task().await;
        // Compared without blanks: across paragraphs the browser's reading of a selection puts
        // its own line breaks between them.
        if selection.to_string().as_string().is_some_and(|selected| super::verify::visible(&selected) == super::verify::visible(expected)) {
            return Ok(());
        }
    }
    Err(InsertError::ShortcutMoved)
}

/// Inserts `text` over the selection (which holds `replaced`), verified, undone if it went wrong.
async fn insert_over_selection(editor: &Element, text: &str, cursor_utf16: Option<usize>, replaced: &str) -> Result<bool, InsertError> {
    let expectation = Expectation::new(&text_of(editor), text, replaced);
    for strategy in EditorKind::of(editor).rich_strategies() {
        match strategy {
            RichStrategy::Paste => paste(editor, text),
            RichStrategy::ExecInsertText => type_text(text),
        }
        wait::until(|| expectation.judge(&text_of(editor)) == Landing::Exact).await;
        match expectation.judge(&text_of(editor)) {
            Landing::Exact => {
                caret::place_within_inserted(editor, text, cursor_utf16);
                return Ok(true);
            }
            Landing::Untouched => continue,
            Landing::Wrong => {
                undo(editor, &expectation).await;
                return Ok(false);
            }
        }
    }
    Ok(false)
}

/// The editor's text as the DOM holds it (compared without blanks, see `verify`).
fn text_of(editor: &Element) -> String {
    editor.text_content().unwrap_or_default()
}

pub fn selection() -> Option<Selection> {
    dom::document().get_selection().ok().flatten()
}

/// Focuses the editor unless it has the focus already, keeping the caret the user left in it.
async fn focus(editor: &Element) {
    let focused = dom::document().active_element().is_some_and(|active| editor.contains(Some(&active)));
    if !focused {
        if let Some(element) = editor.dyn_ref::<HtmlElement>() {
            let _ = element.focus();
        }
        wait::next_task().await;
    }
}

/// Selects the `length` UTF-16 units before the caret (a typed shortcut, in the caret's text
/// node), waits for the editor to take the selection, and answers the selected text.
async fn select_before_caret(editor: &Element, length: usize) -> Result<String, InsertError> {
    let mut wanted: Option<String> = None;
    for _ in 0..SELECT_ATTEMPTS {
        let selection = selection().ok_or(InsertError::ShortcutMoved)?;
        let node = selection.focus_node().filter(|node| node.node_type() == Node::TEXT_NODE && editor.contains(Some(node)));
        let node = node.ok_or(InsertError::ShortcutMoved)?;
        let end = selection.focus_offset();
        let start = end.checked_sub(u32::try_from(length).map_err(|_| InsertError::ShortcutMoved)?).ok_or(InsertError::ShortcutMoved)?;
        let units: Vec<u16> = node.text_content().unwrap_or_default().encode_utf16().collect();
        let shortcut = units.get(start as usize..end as usize).and_then(|part| String::from_utf16(part).ok()).ok_or(InsertError::ShortcutMoved)?;
        if *wanted.get_or_insert_with(|| shortcut.clone()) != shortcut {
            return Err(InsertError::ShortcutMoved);
        }
        let _ = selection.set_base_and_extent(&node, start, &node, end);
        wait::next_task().await; // `selectionchange` reaches the editor.
        wait::next_task().await;
        if selection.to_string().as_string().as_deref() == Some(shortcut.as_str()) {
            return Ok(shortcut);
        }
    }
    Err(InsertError::ShortcutMoved)
}

/// The element holding the caret inside `editor`: where a real paste or key press lands.
fn caret_target(editor: &Element) -> Element {
    let focus = selection().and_then(|selection| selection.focus_node()).filter(|node| editor.contains(Some(node)));
    let element = focus.and_then(|node| if node.node_type() == Node::ELEMENT_NODE { node.dyn_into::<Element>().ok() } else { node.parent_element() });
    element.unwrap_or_else(|| editor.clone())
}

/// A synthetic paste of `text` as plain text (no markup, ever).
fn paste(editor: &Element, text: &str) {
    let Ok(data) = DataTransfer::new() else { return };
    let _ = data.set_data("text/plain", text);
    let init = ClipboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_composed(true);
    init.set_clipboard_data(Some(&data));
    if let Ok(event) = ClipboardEvent::new_with_event_init_dict("paste", &init) {
        let _ = caret_target(editor).dispatch_event(&event);
    }
}

/// The browser types `text` at the selection, as if from the keyboard.
fn type_text(text: &str) {
    if let Some(document) = dom::document().dyn_ref::<HtmlDocument>() {
        let _ = document.exec_command_with_show_ui_and_value("insertText", false, text);
    }
}

/// Takes back a half-done insertion: the editor's own undo (Ctrl+Z), else the browser's.
async fn undo(editor: &Element, expectation: &Expectation) {
    let init = KeyboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_key("z");
    init.set_code("KeyZ");
    init.set_key_code(90);
    init.set_ctrl_key(true);
    if let Ok(event) = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init) {
        let _ = caret_target(editor).dispatch_event(&event);
    }
    if wait::until(|| expectation.is_restored(&text_of(editor))).await {
        return;
    }
    if let Some(document) = dom::document().dyn_ref::<HtmlDocument>() {
        let _ = document.exec_command("undo");
    }
    wait::until(|| expectation.is_restored(&text_of(editor))).await;
}
