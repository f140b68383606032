//! Text read from a page, made safe to carry: whitespace collapsed, trimmed, length-capped.

use crate::core::model::context::{cap, MAX_FIELD_CHARS, MAX_TEXT_CHARS};

use super::descriptor::ContextField;

/// Collapses runs of whitespace (including non-breaking and zero-width spaces) into one space,
/// trims, and caps the result to the field's limit.
pub fn normalize_field(field: ContextField, raw: &str) -> String {
    let limit = if field == ContextField::Text { MAX_TEXT_CHARS } else { MAX_FIELD_CHARS };
    cap(&collapse_whitespace_upto(raw, limit + 1), limit)
}

/// Collapses whitespace runs into single spaces, trims the ends, and drops control characters.
pub fn collapse_whitespace(raw: &str) -> String {
    collapse_whitespace_upto(raw, usize::MAX)
}

/// [`collapse_whitespace`], stopping once `max_chars` characters are kept, so a huge comment
/// costs no more than a capped one.
fn collapse_whitespace_upto(raw: &str, max_chars: usize) -> String {
    let mut collapsed = String::with_capacity(raw.len().min(4 * MAX_TEXT_CHARS));
    let mut kept = 0;
    let mut pending_space = false;
    for c in raw.chars() {
        if kept >= max_chars {
            break;
        }
        if c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}') {
            pending_space = true;
        } else if !c.is_control() {
            if pending_space && !collapsed.is_empty() {
                collapsed.push(' ');
                kept += 1;
            }
            pending_space = false;
            collapsed.push(c);
            kept += 1;
        }
    }
    collapsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_runs_become_one_space_and_ends_are_trimmed() {
        assert_eq!(collapse_whitespace("  Bonjour\n\n\t à\u{a0}tous \u{200b} "), "Bonjour à tous");
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(collapse_whitespace("a\u{0}b\u{7}c"), "abc");
    }

    #[test]
    fn comment_text_is_capped_at_the_text_limit() {
        let long = "mot ".repeat(5_000);
        assert_eq!(normalize_field(ContextField::Text, &long).chars().count(), MAX_TEXT_CHARS);
        assert_eq!(normalize_field(ContextField::AuthorName, &long).chars().count(), MAX_FIELD_CHARS);
    }
}
