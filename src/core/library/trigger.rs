//! Shortcut expansion in the reply box: typing `;;` and a template's shortcut replaces them
//! with the rendered template.
//!
//! ## The trigger: `;;shortcut`
//!
//! Type two semicolons, then the shortcut: `;;merci` becomes the "Merci" template as soon as
//! the last letter is typed. The trigger was chosen because it never appears in ordinary
//! writing:
//!
//! - French typography puts a space before `;` and never doubles it (`Attention ; ce
//!   produit`); English never doubles it either.
//! - Emoticons (`;)`, `;-)`, `;_;`, `;;`) are followed by punctuation, a space or nothing, and a
//!   shortcut must start with a letter or a digit, so they never match.
//! - Links and code (`https://a.b/x;;y`, `for(;;i++)`, `a;;b`) put something other than a
//!   space right before the `;;`: the trigger only counts at the start of the text or after
//!   whitespace.
//! - Even then nothing happens unless the word typed is exactly one of the library's
//!   shortcuts (without regard to case or accents), ending at the caret.
//!
//! When one shortcut begins another (`merci` and `merci-retard`), the shorter one waits for
//! a space or a new line, so the longer one can still be typed: `;;merci ` expands
//! "merci", `;;merci-retard` expands "merci-retard". The match then includes that space, and
//! [`ShortcutMatch::terminator`] tells the caller to put it back after the text.
//!
//! Positions are in UTF-16 code units, the unit of the DOM's `selectionStart` and of
//! `Range` offsets in a text node.

use serde::{Deserialize, Serialize};

use super::shortcut_set::ShortcutLookup;
use super::validation::{is_shortcut_char, MAX_SHORTCUT_CHARS};

/// What starts a shortcut in the reply box.
pub const TRIGGER: &str = ";;";

/// A shortcut typed before the caret, to be replaced by its template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortcutMatch {
    /// Where the trigger starts (UTF-16 code units from the start of the text).
    pub start_utf16: usize,
    /// Where the replaced text ends: the caret.
    pub end_utf16: usize,
    /// The shortcut as typed, without the trigger.
    pub shortcut: String,
    /// The space or new line that ended the shortcut, if it was one (see the module docs);
    /// it is inside the replaced range, so re-insert it after the template.
    pub terminator: Option<char>,
}

/// The shortcut typed just before the caret, if the text there is `;;` + a known shortcut.
/// `caret_utf16` outside the text or inside a surrogate pair gives `None`.
pub fn find_shortcut_before_caret<L: ShortcutLookup + ?Sized>(
    text: &str,
    caret_utf16: usize,
    shortcuts: &L,
) -> Option<ShortcutMatch> {
    let caret_byte = byte_offset_of_utf16(text, caret_utf16)?;
    let before = text.get(..caret_byte)?;
    let (word_end, terminator) = match before.chars().next_back() {
        Some(c) if c == ' ' || c == '\n' || c == '\u{a0}' => (caret_byte - c.len_utf8(), Some(c)),
        _ => (caret_byte, None),
    };
    let word_start = start_of_shortcut_word(before.get(..word_end)?)?;
    let shortcut = before.get(word_start..word_end)?;
    let trigger_start = word_start.checked_sub(TRIGGER.len())?;
    if before.get(trigger_start..word_start)? != TRIGGER || !stands_alone(before.get(..trigger_start)?) {
        return None;
    }
    if !fires(shortcut, terminator.is_some(), shortcuts) {
        return None;
    }
    Some(ShortcutMatch {
        start_utf16: utf16_len(before.get(..trigger_start)?),
        end_utf16: caret_utf16,
        shortcut: shortcut.to_owned(),
        terminator,
    })
}

/// Byte where the run of shortcut characters ending `text` starts, if it is a plausible
/// shortcut (not empty, not too long, starting with a letter or digit).
fn start_of_shortcut_word(text: &str) -> Option<usize> {
    let mut start = text.len();
    let mut chars = 0;
    for (index, c) in text.char_indices().rev() {
        if !is_shortcut_char(c) {
            break;
        }
        chars += 1;
        if chars > MAX_SHORTCUT_CHARS {
            return None;
        }
        start = index;
    }
    let first = text.get(start..)?.chars().next()?;
    first.is_alphanumeric().then_some(start)
}

/// Whether the trigger starts the text or follows whitespace.
fn stands_alone(before_trigger: &str) -> bool {
    before_trigger.chars().next_back().is_none_or(char::is_whitespace)
}

/// A shortcut fires at once unless a longer one starts with it; then only after a space.
fn fires<L: ShortcutLookup + ?Sized>(shortcut: &str, after_terminator: bool, shortcuts: &L) -> bool {
    shortcuts.is_shortcut(shortcut) && shortcuts.is_start_of_longer_shortcut(shortcut) == after_terminator
}

/// The byte offset of a UTF-16 offset, if it falls on a character boundary within `text`.
fn byte_offset_of_utf16(text: &str, target: usize) -> Option<usize> {
    let mut units = 0;
    for (byte, c) in text.char_indices() {
        if units == target {
            return Some(byte);
        }
        units += c.len_utf16();
        if units > target {
            return None;
        }
    }
    (units == target).then_some(text.len())
}

fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_emoji_as_two_units() {
        assert_eq!(byte_offset_of_utf16("😀a", 2), Some(4));
        assert_eq!(byte_offset_of_utf16("😀a", 1), None);
        assert_eq!(byte_offset_of_utf16("😀a", 3), Some(5));
        assert_eq!(byte_offset_of_utf16("😀a", 4), None);
    }

    #[test]
    fn a_shortcut_word_must_start_with_a_letter_or_digit() {
        assert_eq!(start_of_shortcut_word("x ;;_a"), None);
        assert_eq!(start_of_shortcut_word("x ;;a_b"), Some(4));
    }
}
