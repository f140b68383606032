//! Search across a team's authors and mentions: the query checked, its terms folded, and the
//! page cursor.
//!
//! Text criteria ignore case and accents ("Éric" finds "eric"): storage keeps a folded copy of
//! each searchable field, made with [`search_fold`], and compares it with the folded term, the
//! same way on SQLite and PostgreSQL (whose own case rules differ).

use crate::core::guidelines::Venue;
use crate::core::library::fold::fold;
use crate::core::model::history::{SearchQuery, SearchScope};

use super::annotations::normalise_tag;
use super::error::HistoryError;

/// Longest search term, in characters.
pub const MAX_SEARCH_TERM_CHARS: usize = 100;
/// Results per page when the query does not say.
pub const DEFAULT_PAGE_SIZE: u32 = 20;
/// Most results per page.
pub const MAX_PAGE_SIZE: u32 = 100;

/// A search ready to run: terms folded, tag normalised, page bounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedSearch {
    pub scope: SearchScope,
    /// In the handle, the name or the text.
    pub any: Option<String>,
    pub handle: Option<String>,
    pub name: Option<String>,
    pub text: Option<String>,
    pub tag: Option<String>,
    pub network: Option<Venue>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    pub limit: u32,
    /// Results strictly after this one, in the scope's order.
    pub after: Option<PageCursor>,
}

impl SearchQuery {
    /// Checks and folds the query; empty terms count as absent.
    pub fn checked(self) -> Result<CheckedSearch, HistoryError> {
        if let (Some(from), Some(to)) = (self.from_ms, self.to_ms) {
            if to < from {
                return Err(HistoryError::BadDateRange);
            }
        }
        let tag = match self.tag.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(tag) => Some(normalise_tag(tag)?),
        };
        Ok(CheckedSearch {
            scope: self.scope,
            any: term(self.q.as_deref(), true)?,
            handle: term(self.handle.as_deref(), true)?,
            name: term(self.name.as_deref(), false)?,
            text: term(self.text.as_deref(), false)?,
            tag,
            network: self.network,
            from_ms: self.from_ms,
            to_ms: self.to_ms,
            limit: self.limit.unwrap_or(DEFAULT_PAGE_SIZE).clamp(1, MAX_PAGE_SIZE),
            after: self.cursor.as_deref().map(PageCursor::parse).transpose()?,
        })
    }
}

/// A term folded for comparison; a handle's leading `@` is dropped.
fn term(raw: Option<&str>, handle_like: bool) -> Result<Option<String>, HistoryError> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    let raw = if handle_like { raw.trim().trim_start_matches('@') } else { raw };
    if raw.chars().count() > MAX_SEARCH_TERM_CHARS {
        return Err(HistoryError::LongSearchTerm);
    }
    let folded = search_fold(raw);
    Ok((!folded.is_empty()).then_some(folded))
}

/// The form searchable fields are stored and compared in: lower case, no accents, spaces
/// collapsed to one.
pub fn search_fold(text: &str) -> String {
    fold(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where a page ends, in an order by time then id (newest first): `ms:id`, opaque to clients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCursor {
    pub ms: i64,
    pub id: String,
}

impl PageCursor {
    pub fn encode(&self) -> String {
        format!("{}:{}", self.ms, self.id)
    }

    pub fn parse(text: &str) -> Result<PageCursor, HistoryError> {
        let (ms, id) = text.split_once(':').ok_or(HistoryError::BadCursor)?;
        let ms = ms.parse().map_err(|_| HistoryError::BadCursor)?;
        if id.is_empty() || id.chars().count() > 1_000 {
            return Err(HistoryError::BadCursor);
        }
        Ok(PageCursor { ms, id: id.to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_folded_and_empty_ones_are_dropped() {
        let query = SearchQuery {
            q: Some("  ".into()),
            handle: Some("@Marie_D".into()),
            name: Some("ÉRIC  Dupont".into()),
            text: Some("Remboursement".into()),
            tag: Some("Open complaint".into()),
            ..Default::default()
        };
        let checked = query.checked().expect("valid");
        assert_eq!(checked.any, None);
        assert_eq!(checked.handle.as_deref(), Some("marie_d"));
        assert_eq!(checked.name.as_deref(), Some("eric dupont"));
        assert_eq!(checked.text.as_deref(), Some("remboursement"));
        assert_eq!(checked.tag.as_deref(), Some("open-complaint"));
        assert_eq!((checked.scope, checked.limit), (SearchScope::Mentions, DEFAULT_PAGE_SIZE));
    }

    #[test]
    fn a_reversed_date_range_a_long_term_or_a_bad_tag_is_refused() {
        let reversed = SearchQuery { from_ms: Some(10), to_ms: Some(9), ..Default::default() };
        assert_eq!(reversed.checked(), Err(HistoryError::BadDateRange));
        let long = SearchQuery { text: Some("a".repeat(MAX_SEARCH_TERM_CHARS + 1)), ..Default::default() };
        assert_eq!(long.checked(), Err(HistoryError::LongSearchTerm));
        let tag = SearchQuery { tag: Some("<vip>".into()), ..Default::default() };
        assert_eq!(tag.checked(), Err(HistoryError::BadTag));
    }

    #[test]
    fn the_page_size_is_bounded() {
        assert_eq!(SearchQuery { limit: Some(0), ..Default::default() }.checked().map(|c| c.limit), Ok(1));
        assert_eq!(SearchQuery { limit: Some(5_000), ..Default::default() }.checked().map(|c| c.limit), Ok(100));
    }

    #[test]
    fn a_cursor_reads_back_even_when_its_id_holds_colons() {
        let cursor = PageCursor { ms: 42, id: "x:handle:marie".into() };
        assert_eq!(PageCursor::parse(&cursor.encode()), Ok(cursor));
        for bad in ["", "42", "x:1", "42:"] {
            assert_eq!(PageCursor::parse(bad), Err(HistoryError::BadCursor), "{bad}");
        }
        let query = SearchQuery { cursor: Some("nope".into()), ..Default::default() };
        assert_eq!(query.checked(), Err(HistoryError::BadCursor));
    }

    #[test]
    fn search_folding_ignores_case_accents_and_spacing() {
        assert_eq!(search_fold("  Œuvre   ÉTÉ\n"), "oeuvre ete");
    }
}
