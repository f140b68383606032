//! Why a history input is refused, in words a community manager understands, with a stable code
//! for programs (the API's `error.code`).

use crate::core::guidelines::Venue;

use super::annotations::{MAX_NOTES_PER_AUTHOR, MAX_NOTE_CHARS, MAX_TAGS_PER_AUTHOR, MAX_TAG_CHARS};
use super::search::MAX_SEARCH_TERM_CHARS;
use super::settings::{MAX_RETENTION_DAYS, MIN_RETENTION_DAYS};
use crate::core::model::context::MAX_FIELD_CHARS;

/// A refused history input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    #[error("your team does not record comments from {} (history settings)", .0.as_str())]
    NetworkNotCaptured(Venue),
    #[error("the comment's permalink must be an http or https link")]
    PermalinkNotWeb,
    #[error("the author's profile link must be an http or https link, or empty")]
    ProfileNotWeb,
    #[error("a link can have at most {MAX_FIELD_CHARS} characters")]
    LinkTooLong,
    #[error("the comment's author has no handle, profile link or name")]
    NoAuthor,
    #[error("the time the comment was seen is not a valid time")]
    BadTime,
    #[error("this comment was seen more than {0} days ago, longer than your team keeps history")]
    TooOld(u32),
    #[error("this is not an author key (expected network:handle:..., network:profile:... or network:name:...)")]
    BadAuthorKey,
    #[error("a tag has 1 to {MAX_TAG_CHARS} letters, digits, spaces, '-' or '_'")]
    BadTag,
    #[error("an author can have at most {MAX_TAGS_PER_AUTHOR} tags")]
    TooManyTags,
    #[error("a note has 1 to {MAX_NOTE_CHARS} characters, and no control characters but line breaks and tabs")]
    BadNote,
    #[error("an author can have at most {MAX_NOTES_PER_AUTHOR} notes; remove old ones first")]
    TooManyNotes,
    #[error("retention is {MIN_RETENTION_DAYS} to {MAX_RETENTION_DAYS} days")]
    BadRetention,
    #[error("a search term can have at most {MAX_SEARCH_TERM_CHARS} characters")]
    LongSearchTerm,
    #[error("the date range ends before it starts")]
    BadDateRange,
    #[error("this page cursor is not understood; start again from the first page")]
    BadCursor,
}

impl HistoryError {
    /// The stable code the API sends with the message.
    pub fn code(&self) -> &'static str {
        match self {
            HistoryError::NetworkNotCaptured(_) => "capture_off",
            HistoryError::TooOld(_) => "too_old",
            HistoryError::TooManyTags | HistoryError::TooManyNotes => "too_many",
            _ => "invalid_input",
        }
    }
}
