//! Inserting a reply into the site's reply box so that the site believes the user typed it.
//!
//! Text fields take the browser's own typing (`textarea`); rich editors take typing or a
//! plain-text paste, in the order measured for each library (`kind`, `rich`); every attempt
//! is verified (`verify`) and the caret put at the cursor mark (`caret`). When no strategy
//! takes, the editor is left as it was and the text goes to the clipboard (`clipboard`).
//! Text only: nothing here ever writes markup into the page.

mod caret;
mod clipboard;
mod kind;
mod replace_draft;
mod rich;
mod textarea;
mod verify;
mod wait;

use web_sys::Element;

pub use replace_draft::{select_draft_end, NotReplaceable};

/// Text to remove before the caret, replaced by the insertion (a typed shortcut).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replace {
    pub before_caret_utf16: usize,
}

/// Where the text went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// Into the editor, which holds it exactly once.
    Editor,
    /// To the clipboard, the editor untouched: the user pastes it.
    Clipboard,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inserted {
    pub via: Via,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InsertError {
    #[error("the text to replace is no longer there")]
    RangeMoved,
    #[error("this reply box cannot be written to, and the browser refused to copy the reply")]
    NotWritable,
    #[error("the shortcut is no longer right before the caret")]
    ShortcutMoved,
}

/// Inserts `text` into `editor` at the caret (over a `replace`d shortcut when given), then puts
/// the caret `cursor_utf16` UTF-16 units into the inserted text, or at its end.
pub async fn insert(editor: &Element, text: &str, cursor_utf16: Option<usize>, replace: Option<Replace>) -> Result<Inserted, InsertError> {
    let written = match textarea::TextField::of(editor) {
        Some(field) => match textarea::insert(&field, text, cursor_utf16, replace).await {
            Ok(()) => true,
            Err(textarea::Refusal::Untouched) => false,
            Err(textarea::Refusal::Error(error)) => return Err(error),
        },
        None => rich::insert(editor, text, cursor_utf16, replace).await?,
    };
    if written {
        return Ok(Inserted { via: Via::Editor });
    }
    if clipboard::copy(text).await {
        Ok(Inserted { via: Via::Clipboard })
    } else {
        Err(InsertError::NotWritable)
    }
}

/// Replaces the UTF-16 range `start..end` of the editor's text (which reads `expected`) with
/// `text`, through the editor so its own state follows (a guideline's fix). Never via the
/// clipboard: a fix that does not land leaves the editor as it was.
pub async fn replace_range(editor: &Element, start: usize, end: usize, expected: &str, text: &str) -> Result<(), InsertError> {
    let written = match textarea::TextField::of(editor) {
        Some(field) => match textarea::replace_range(&field, start, end, text).await {
            Ok(()) => true,
            Err(textarea::Refusal::Untouched) => false,
            Err(textarea::Refusal::Error(_)) => return Err(InsertError::RangeMoved),
        },
        None => rich::replace_range(editor, start, end, expected, text).await.map_err(|_| InsertError::RangeMoved)?,
    };
    if written { Ok(()) } else { Err(InsertError::NotWritable) }
}
