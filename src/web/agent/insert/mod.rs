//! Inserting text into a site's reply box (being written: this stub only fills textareas).

use wasm_bindgen::JsCast;
use web_sys::Element;

/// Text to remove before the caret, replaced by the insertion (a typed shortcut).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replace {
    pub before_caret_utf16: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Editor,
    Clipboard,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inserted {
    pub via: Via,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InsertError {
    #[error("this reply box cannot be written to")]
    Unsupported,
}

pub fn insert(editor: &Element, text: &str, _cursor_utf16: Option<usize>, _replace: Option<Replace>) -> Result<Inserted, InsertError> {
    let area = editor.dyn_ref::<web_sys::HtmlTextAreaElement>().ok_or(InsertError::Unsupported)?;
    area.set_value(text);
    Ok(Inserted { via: Via::Editor })
}
