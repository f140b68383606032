//! Inserting into `<textarea>` and `<input>`.
//!
//! `execCommand('insertText')` is the browser's own typing: it keeps the native undo stack and
//! fires trusted `input` events, which React-controlled fields take as user input. When the
//! browser refuses it, `setRangeText` plus an `input` event does the same without undo; from
//! the content script's isolated world the value setter is the native one, so React's value
//! tracker sees the change.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlDocument, HtmlInputElement, HtmlTextAreaElement, InputEvent, InputEventInit};

use super::{wait, InsertError, Replace};
use crate::web::dom;

/// A native text field, whichever element it is.
pub enum TextField {
    Area(HtmlTextAreaElement),
    Input(HtmlInputElement),
}

/// Where the field's text goes: the UTF-16 range to replace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: u32,
    end: u32,
}

impl TextField {
    pub fn of(editor: &Element) -> Option<TextField> {
        if let Some(area) = editor.dyn_ref::<HtmlTextAreaElement>() {
            return Some(TextField::Area(area.clone()));
        }
        editor.dyn_ref::<HtmlInputElement>().map(|input| TextField::Input(input.clone()))
    }

    fn value(&self) -> String {
        match self {
            TextField::Area(area) => area.value(),
            TextField::Input(input) => input.value(),
        }
    }

    fn selection(&self) -> Option<Span> {
        let (start, end) = match self {
            TextField::Area(area) => (area.selection_start().ok()??, area.selection_end().ok()??),
            TextField::Input(input) => (input.selection_start().ok()??, input.selection_end().ok()??),
        };
        Some(Span { start, end })
    }

    fn select(&self, span: Span) {
        let _ = match self {
            TextField::Area(area) => area.set_selection_range(span.start, span.end),
            TextField::Input(input) => input.set_selection_range(span.start, span.end),
        };
    }

    fn max_length(&self) -> Option<usize> {
        let length = match self {
            TextField::Area(area) => area.max_length(),
            TextField::Input(input) => input.max_length(),
        };
        usize::try_from(length).ok()
    }

    /// The value's length in UTF-16 units (as the DOM counts).
    pub fn utf16_len(&self) -> usize {
        self.value().encode_utf16().count()
    }

    /// Focuses the field with the caret at the end of its value.
    pub fn focus_at_end(&self) {
        self.focus();
        let end = u32::try_from(self.utf16_len()).unwrap_or(u32::MAX);
        self.select(Span { start: end, end });
    }

    fn focus(&self) {
        let _ = match self {
            TextField::Area(area) => area.focus(),
            TextField::Input(input) => input.focus(),
        };
    }

    fn element(&self) -> &Element {
        match self {
            TextField::Area(area) => area,
            TextField::Input(input) => input,
        }
    }

    /// Replaces `span` with `text` the way typing would; false when the browser refused.
    fn type_over(&self, span: Span, text: &str) -> bool {
        self.select(span);
        let Some(document) = dom::document().dyn_into::<HtmlDocument>().ok() else { return false };
        document.exec_command_with_show_ui_and_value("insertText", false, text).unwrap_or(false)
    }

    /// Writes the value directly, then tells the page as an input would.
    fn write_over(&self, span: Span, text: &str) {
        let _ = match self {
            TextField::Area(area) => area.set_range_text_with_start_and_end(text, span.start, span.end),
            TextField::Input(input) => input.set_range_text_with_start_and_end(text, span.start, span.end),
        };
        self.announce_input("insertText", Some(text));
    }

    fn restore(&self, value: &str, span: Span) {
        match self {
            TextField::Area(area) => area.set_value(value),
            TextField::Input(input) => input.set_value(value),
        }
        self.select(span);
        self.announce_input("historyUndo", None);
    }

    fn announce_input(&self, input_type: &str, data: Option<&str>) {
        let init = InputEventInit::new();
        init.set_bubbles(true);
        init.set_input_type(input_type);
        init.set_data(data);
        if let Ok(event) = InputEvent::new_with_event_init_dict("input", &init) {
            let _ = self.element().dispatch_event(&event);
        }
        if let Ok(event) = web_sys::Event::new("change") {
            let _ = self.element().dispatch_event(&event);
        }
    }
}

/// The field's value once `text` replaced `span` (offsets in UTF-16, as the DOM counts).
fn spliced(value: &str, span: Span, text: &str) -> Option<String> {
    let units: Vec<u16> = value.encode_utf16().collect();
    let head = units.get(..span.start as usize)?;
    let tail = units.get(span.end as usize..)?;
    let mut result = String::from_utf16(head).ok()?;
    result.push_str(text);
    result.push_str(&String::from_utf16(tail).ok()?);
    Some(result)
}

/// Why a text field was not written to.
pub enum Refusal {
    /// Nothing changed; the caller may copy the text instead.
    Untouched,
    /// Replacing the shortcut is not possible any more (the user moved on).
    Error(InsertError),
}

/// Inserts `text` at the caret (over the selection, or over the `replace`d shortcut), then puts
/// the caret at `cursor_utf16` within it. Never leaves a partial change behind.
pub async fn insert(field: &TextField, text: &str, cursor_utf16: Option<usize>, replace: Option<Replace>) -> Result<(), Refusal> {
    field.focus();
    let before = field.value();
    let caret = field.selection().unwrap_or(Span { start: before.encode_utf16().count() as u32, end: before.encode_utf16().count() as u32 });
    let span = match replace {
        Some(Replace { before_caret_utf16 }) => {
            let start = caret.end.checked_sub(u32::try_from(before_caret_utf16).map_err(|_| Refusal::Error(InsertError::ShortcutMoved))?);
            Span { start: start.ok_or(Refusal::Error(InsertError::ShortcutMoved))?, end: caret.end }
        }
        None => caret,
    };
    let expected = spliced(&before, span, text).ok_or(Refusal::Error(InsertError::ShortcutMoved))?;
    if field.max_length().is_some_and(|max| expected.encode_utf16().count() > max) {
        return Err(Refusal::Untouched); // Cut short is worse than not at all.
    }
    let typed = field.type_over(span, text) && wait::until(|| field.value() == expected).await;
    if !typed {
        if field.value() != before {
            field.restore(&before, caret);
        }
        field.write_over(span, text);
        if field.value() != expected {
            field.restore(&before, caret);
            return Err(Refusal::Untouched);
        }
    }
    let inserted_length = text.encode_utf16().count();
    let offset = u32::try_from(cursor_utf16.unwrap_or(inserted_length).min(inserted_length)).unwrap_or(0);
    field.select(Span { start: span.start + offset, end: span.start + offset });
    Ok(())
}

/// Replaces the UTF-16 range `start..end` of the field's value with `text`, as typing over a
/// selection would.
pub async fn replace_range(field: &TextField, start: usize, end: usize, text: &str) -> Result<(), Refusal> {
    let span = Span { start: u32::try_from(start).unwrap_or(u32::MAX), end: u32::try_from(end).unwrap_or(u32::MAX) };
    field.focus();
    field.select(span);
    insert(field, text, None, None).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn splicing_counts_utf16_units_like_the_dom() {
        assert_eq!(spliced("a😀b;;x", Span { start: 4, end: 7 }, "Merci").as_deref(), Some("a😀bMerci"));
        assert_eq!(spliced("abc", Span { start: 1, end: 9 }, "x"), None);
    }
}
