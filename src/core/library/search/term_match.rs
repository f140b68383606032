//! Which vocabulary words a query word stands for, and how well: the same word, a word it
//! begins (only for the word being typed), or a word within a small typo budget.

use super::edit_distance::{bounded_distance, typo_budget, Span, MAX_FUZZY_CHARS};
use super::vocabulary::{char_mask, Vocabulary};

/// How a query word matched a vocabulary word, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    Whole,
    Prefix,
    Typo1,
    TypoPrefix1,
    Typo2,
    TypoPrefix2,
}

impl MatchKind {
    /// Share (percent) of a field's points this kind of match earns.
    pub fn percent(self) -> u32 {
        match self {
            MatchKind::Whole => 100,
            MatchKind::Prefix => 80,
            MatchKind::Typo1 => 60,
            MatchKind::TypoPrefix1 => 50,
            MatchKind::Typo2 => 45,
            MatchKind::TypoPrefix2 => 35,
        }
    }

    fn typo(distance: u8, span: Span) -> MatchKind {
        match (distance, span) {
            (0 | 1, Span::Whole) => MatchKind::Typo1,
            (0 | 1, Span::Prefix) => MatchKind::TypoPrefix1,
            (_, Span::Whole) => MatchKind::Typo2,
            (_, Span::Prefix) => MatchKind::TypoPrefix2,
        }
    }
}

/// Shortest word being typed that is matched with typos against word beginnings: shorter
/// beginnings are within one typo of far too many words.
const MIN_TYPO_PREFIX_CHARS: usize = 5;

/// Pushes every vocabulary word `word` stands for into `out`, at most once each, with the
/// best kind of match. `being_typed` is set for the last word when the caret is still in it.
pub fn match_word(vocabulary: &Vocabulary, word: &str, being_typed: bool, out: &mut Vec<(u32, MatchKind)>) {
    out.clear();
    let exact = vocabulary.find(word);
    if let Some(term) = exact {
        out.push((term as u32, MatchKind::Whole));
    }
    let prefixed = if being_typed {
        vocabulary.with_prefix(word)
    } else {
        0..0
    };
    for term in prefixed.clone() {
        if Some(term) != exact {
            out.push((term as u32, MatchKind::Prefix));
        }
    }
    let mut query = [' '; MAX_FUZZY_CHARS];
    let mut length = 0;
    for c in word.chars() {
        if length == MAX_FUZZY_CHARS {
            return;
        }
        query[length] = c;
        length += 1;
    }
    let budget = typo_budget(length);
    if budget == 0 {
        return;
    }
    let typo_prefix = being_typed && length >= MIN_TYPO_PREFIX_CHARS;
    let scan = TypoScan {
        query: &query[..length],
        mask: char_mask(word.chars()),
        budget,
        typo_prefix,
    };
    // People rarely mistype a word's first letter except by swapping the first two, so only
    // words starting with the query's first or second letter are compared: two contiguous
    // ranges of the sorted vocabulary instead of all of it.
    let mut first_letters = [query[0], query[1]];
    if first_letters[0] == first_letters[1] {
        first_letters[1] = '\0';
    }
    let mut buffer = [0u8; 4];
    for letter in first_letters.into_iter().filter(|&c| c != '\0') {
        for term in vocabulary.with_prefix(letter.encode_utf8(&mut buffer)) {
            if Some(term) == exact || prefixed.contains(&term) {
                continue;
            }
            if let Some(kind) = scan.kind(vocabulary, term) {
                out.push((term as u32, kind));
            }
        }
    }
}

/// One query word compared with typos against the vocabulary, cheapest filters first.
struct TypoScan<'a> {
    query: &'a [char],
    mask: u64,
    budget: u8,
    typo_prefix: bool,
}

impl TypoScan<'_> {
    fn kind(&self, vocabulary: &Vocabulary, term: usize) -> Option<MatchKind> {
        let budget = u32::from(self.budget);
        let term_mask = vocabulary.mask(term);
        // Each typo removes at most one of the query's letters from the word.
        if (self.mask & !term_mask).count_ones() > budget {
            return None;
        }
        let term_chars = vocabulary.chars(term);
        let length_gap = term_chars.abs_diff(self.query.len());
        let whole_possible = length_gap <= self.budget as usize && (term_mask & !self.mask).count_ones() <= budget;
        if whole_possible {
            if let Some(distance) = bounded_distance(self.query, vocabulary.word(term), self.budget, Span::Whole) {
                return Some(MatchKind::typo(distance, Span::Whole));
            }
        }
        let prefix_possible = self.typo_prefix && term_chars + self.budget as usize >= self.query.len();
        if !prefix_possible {
            return None;
        }
        bounded_distance(self.query, vocabulary.word(term), self.budget, Span::Prefix)
            .map(|distance| MatchKind::typo(distance, Span::Prefix))
    }
}
