//! Shortcut expansion in the reply box: `;;merci` becomes the rendered "merci" template.
//!
//! The agent only knows the shortcuts' names (asked from the background once, on the first
//! trigger typed); the background renders the template, so the library never enters the page.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};

use crate::core::library::{find_shortcut_before_caret, ShortcutMatch, ShortcutSet, TRIGGER};
use crate::core::model::{FromBackground, ToBackground};
use crate::web::agent::{context, insert};
use crate::web::{chrome, dom, wire};

thread_local! {
    /// The library's shortcuts, once asked for; refreshed at each new focus.
    static SHORTCUTS: RefCell<Option<ShortcutSet>> = const { RefCell::new(None) };
}

/// Forgets the shortcuts so the next trigger asks again (the library may have changed).
pub fn forget_shortcuts() {
    SHORTCUTS.with(|cell| *cell.borrow_mut() = None);
}

/// Called on every input in a reply box: expands a shortcut typed just before the caret.
pub fn on_input(editor: &Element) {
    let Some((text, caret)) = text_before_caret(editor) else { return };
    if !text.contains(TRIGGER) {
        return; // The cheap test, true for nearly every keystroke.
    }
    let known = SHORTCUTS.with(|cell| cell.borrow().as_ref().map(|set| find_shortcut_before_caret(&text, caret, set)));
    match known {
        Some(Some(found)) => expand(editor.clone(), found),
        Some(None) => {}
        None => load_shortcuts_then_retry(editor.clone()),
    }
}

fn load_shortcuts_then_retry(editor: Element) {
    wasm_bindgen_futures::spawn_local(async move {
        let answer = chrome::send_message(&wire::to_js(&ToBackground::GetShortcuts)).await.ok().and_then(wire::from_js::<FromBackground>);
        let Some(FromBackground::Shortcuts { shortcuts }) = answer else { return };
        SHORTCUTS.with(|cell| *cell.borrow_mut() = Some(ShortcutSet::from_shortcuts(&shortcuts)));
        on_input(&editor);
    });
}

fn expand(editor: Element, found: ShortcutMatch) {
    let request = ToBackground::ExpandShortcut { shortcut: found.shortcut.clone(), context: context::for_editor(&editor) };
    wasm_bindgen_futures::spawn_local(async move {
        let answer = chrome::send_message(&wire::to_js(&request)).await.ok().and_then(wire::from_js::<FromBackground>);
        let Some(FromBackground::Expansion { text: Some(mut text), mut cursor_utf16, .. }) = answer else { return };
        // The user may have typed on while the background rendered: only replace what is
        // still the shortcut, right before the caret.
        let still_there = text_before_caret(&editor).is_some_and(|(now, caret)| caret == found.end_utf16 && now.encode_utf16().count() >= caret);
        if !still_there {
            return;
        }
        if let Some(terminator) = found.terminator {
            text.push(terminator);
            cursor_utf16 = cursor_utf16.or(Some(text.encode_utf16().count()));
        }
        let replace = insert::Replace { before_caret_utf16: found.end_utf16 - found.start_utf16 };
        if let Err(error) = insert::insert(&editor, &text, cursor_utf16, Some(replace)).await {
            gloo::console::warn!(format!("Tact could not expand ;;{}: {error}", found.shortcut));
        }
    });
}

/// The editor's text up to the caret's text node, and the caret's UTF-16 offset in it.
/// For a rich editor, that is the text node holding the caret (a shortcut is typed in one).
fn text_before_caret(editor: &Element) -> Option<(String, usize)> {
    if let Some(area) = editor.dyn_ref::<HtmlTextAreaElement>() {
        return Some((area.value(), area.selection_end().ok()??.try_into().ok()?));
    }
    if let Some(input) = editor.dyn_ref::<HtmlInputElement>() {
        return Some((input.value(), input.selection_end().ok()??.try_into().ok()?));
    }
    let selection = dom::document().get_selection().ok()??;
    let node = selection.focus_node()?;
    if node.node_type() != web_sys::Node::TEXT_NODE || !editor.contains(Some(&node)) {
        return None;
    }
    Some((node.text_content()?, selection.focus_offset().try_into().ok()?))
}
