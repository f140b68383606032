//! What the team adds about an author: tags (a small vocabulary the panel translates, plus free
//! tags) and notes.
//!
//! A tag is stored normalised (lower case, spaces and `_` as `-`), so "Open complaint",
//! "open_complaint" and "open-complaint" are one tag, and a search by tag is an exact match.

use super::error::HistoryError;

/// Tags the panel offers and translates; any other tag is free text.
pub const TAG_VOCABULARY: [&str; 6] = ["journalist", "vip", "open-complaint", "influencer", "customer", "partner"];
/// Longest tag, in characters.
pub const MAX_TAG_CHARS: usize = 40;
/// Most tags on one author.
pub const MAX_TAGS_PER_AUTHOR: usize = 20;
/// Longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 2_000;
/// Most notes on one author (an export and a timeline stay a readable size).
pub const MAX_NOTES_PER_AUTHOR: usize = 200;

/// A tag as stored: `"Open  Complaint"` → `open-complaint`. Letters, digits, spaces, `-`, `_`.
pub fn normalise_tag(raw: &str) -> Result<String, HistoryError> {
    let mut tag = String::new();
    for c in raw.trim().chars() {
        if c.is_alphanumeric() {
            tag.extend(c.to_lowercase());
        } else if c == '-' || c == '_' || c.is_whitespace() {
            if !tag.ends_with('-') {
                tag.push('-');
            }
        } else {
            return Err(HistoryError::BadTag);
        }
    }
    let tag = tag.trim_matches('-').to_owned();
    if tag.is_empty() || tag.chars().count() > MAX_TAG_CHARS {
        return Err(HistoryError::BadTag);
    }
    Ok(tag)
}

/// Whether `tag` (normalised) is one of [`TAG_VOCABULARY`].
pub fn is_vocabulary_tag(tag: &str) -> bool {
    TAG_VOCABULARY.contains(&tag)
}

/// A note as stored: trimmed, 1 to [`MAX_NOTE_CHARS`] characters, no control characters but
/// line breaks and tabs (nothing a person typed is changed otherwise).
pub fn check_note(raw: &str) -> Result<String, HistoryError> {
    let note = raw.trim();
    let allowed = |c: char| !c.is_control() || c == '\n' || c == '\t' || c == '\r';
    if note.is_empty() || note.chars().count() > MAX_NOTE_CHARS || !note.chars().all(allowed) {
        return Err(HistoryError::BadNote);
    }
    Ok(note.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_one_word_whatever_their_case_and_separators() {
        for raw in ["Open complaint", "open_complaint", " OPEN--complaint ", "open-complaint"] {
            assert_eq!(normalise_tag(raw).as_deref(), Ok("open-complaint"), "{raw}");
        }
        assert_eq!(normalise_tag("Journaliste économie").as_deref(), Ok("journaliste-économie"));
        assert!(is_vocabulary_tag("vip") && !is_vocabulary_tag("VIP"));
    }

    #[test]
    fn a_tag_with_symbols_or_too_long_or_empty_is_refused() {
        for raw in ["", "  ", "--", "<b>", "a,b", "a:b", &"x".repeat(MAX_TAG_CHARS + 1)] {
            assert_eq!(normalise_tag(raw), Err(HistoryError::BadTag), "{raw:?}");
        }
        assert!(normalise_tag(&"x".repeat(MAX_TAG_CHARS)).is_ok());
    }

    #[test]
    fn every_vocabulary_tag_is_already_normalised() {
        for tag in TAG_VOCABULARY {
            assert_eq!(normalise_tag(tag).as_deref(), Ok(tag));
        }
    }

    #[test]
    fn notes_keep_their_lines_and_refuse_control_characters() {
        assert_eq!(check_note("  Called her back.\nRefund sent.  ").as_deref(), Ok("Called her back.\nRefund sent."));
        assert_eq!(check_note("   "), Err(HistoryError::BadNote));
        assert_eq!(check_note("bell\u{7}"), Err(HistoryError::BadNote));
        assert_eq!(check_note(&"é".repeat(MAX_NOTE_CHARS)).map(|note| note.chars().count()), Ok(MAX_NOTE_CHARS));
        assert_eq!(check_note(&"é".repeat(MAX_NOTE_CHARS + 1)), Err(HistoryError::BadNote));
    }
}
