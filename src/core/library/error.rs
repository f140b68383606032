//! What can go wrong in the library, worded for the community manager who will read it.

use thiserror::Error;

use super::validation::{MAX_BODY_CHARS, MAX_SHORTCUT_CHARS, MAX_TEMPLATES, MAX_TITLE_CHARS};

/// One entry of an import that cannot be taken, with its position in the file (from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedEntry {
    pub index: usize,
    pub reason: String,
}

/// A template or library that is refused, and why.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LibraryError {
    #[error("A template needs a title.")]
    MissingTitle,
    #[error("The title is too long ({chars} characters; the limit is {MAX_TITLE_CHARS}).")]
    TitleTooLong { chars: usize },
    #[error("A template needs a shortcut (letters, digits, - and _).")]
    MissingShortcut,
    #[error(
        "The shortcut “{shortcut}” can only contain letters, digits, - and _, must start with a \
         letter or a digit, and be at most {MAX_SHORTCUT_CHARS} characters long."
    )]
    InvalidShortcut { shortcut: String },
    #[error("The shortcut “{shortcut}” is already used by “{used_by}”.")]
    DuplicateShortcut { shortcut: String, used_by: String },
    #[error("The tag “{tag}” is empty or too long (at most 40 characters).")]
    InvalidTag { tag: String },
    #[error("A template can have at most 20 tags.")]
    TooManyTags,
    #[error("A template needs at least one wording (a French or English variant).")]
    NoVariant,
    #[error("There are two {lang} wordings for {network}; keep one.")]
    DuplicateVariant { lang: String, network: String },
    #[error("A template can have at most {max} wordings.")]
    TooManyVariants { max: usize },
    #[error("The {lang} wording is empty.")]
    EmptyBody { lang: String },
    #[error("The {lang} wording is too long ({chars} characters; the limit is {MAX_BODY_CHARS}).")]
    BodyTooLong { lang: String, chars: usize },
    #[error("A template needs an id.")]
    MissingId,
    #[error("Two templates share the id “{id}”.")]
    DuplicateId { id: String },
    #[error(
        "The library is full: {count} templates, the limit is {MAX_TEMPLATES}. Delete or merge \
         templates you no longer use."
    )]
    TooManyTemplates { count: usize },
    #[error("No template with the id “{id}”.")]
    NotFound { id: String },
    #[error("“{title}” is a team template: change it from the team console, or duplicate it.")]
    TeamTemplate { title: String },
    #[error("This file is not a Tact library: {reason}")]
    NotALibrary { reason: String },
    #[error("This library file was made by a newer Tact (format version {found}); update Tact to import it.")]
    UnsupportedVersion { found: u64 },
    #[error("Nothing was imported: {} entr{} cannot be taken ({}).",
        .rejected.len(),
        if .rejected.len() == 1 { "y" } else { "ies" },
        summarize(.rejected))]
    InvalidEntries { rejected: Vec<RejectedEntry> },
}

/// The first few rejections, one phrase each, so the message stays readable.
fn summarize(rejected: &[RejectedEntry]) -> String {
    const SHOWN: usize = 3;
    let mut parts: Vec<String> = rejected
        .iter()
        .take(SHOWN)
        .map(|entry| format!("entry {}: {}", entry.index + 1, entry.reason))
        .collect();
    if rejected.len() > SHOWN {
        parts.push(format!("and {} more", rejected.len() - SHOWN));
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_error_names_the_entries_counted_from_one() {
        let error = LibraryError::InvalidEntries {
            rejected: vec![RejectedEntry {
                index: 0,
                reason: "A template needs a title.".into(),
            }],
        };
        assert_eq!(
            error.to_string(),
            "Nothing was imported: 1 entry cannot be taken (entry 1: A template needs a title.)."
        );
    }

    #[test]
    fn a_long_list_of_rejections_is_shortened() {
        let rejected = (0..5)
            .map(|index| RejectedEntry {
                index,
                reason: "bad".into(),
            })
            .collect();
        let message = LibraryError::InvalidEntries { rejected }.to_string();
        assert!(message.contains("5 entries"), "{message}");
        assert!(message.contains("and 2 more"), "{message}");
    }
}
