//! Pattern rules: a regular expression compiled once at load, and run only where it can match.
//!
//! Most brand patterns start with a word (`\brendement\s+garanti`, `\b(?:free|gratuit)\s+\w+`).
//! Such a pattern's matches can only start where one of those words stands, so its leading
//! words go into the rule set's term automaton (walked once per check for every rule), and the
//! regex is tried, anchored, only at those places. A pattern with no leading word is run over
//! the whole text. Both ways give the same matches as a plain left-to-right search.

use regex::{Regex, RegexBuilder};

/// Shortest leading word worth a lookup (a one-letter one would be everywhere).
const MIN_PREFIX_CHARS: usize = 2;

/// A compiled pattern rule.
#[derive(Debug)]
pub(crate) enum CompiledPattern {
    /// Run over the whole text.
    Anywhere(Regex),
    /// Tried only where one of its leading words was found.
    AtPrefixes(AnchoredPattern),
}

/// A pattern whose every match starts with one of a few literal words.
#[derive(Debug)]
pub(crate) struct AnchoredPattern {
    /// `\A(?:pattern)`, matched against the text from a candidate position on.
    pub anchored: Regex,
    /// The pattern starts with `\b`: the candidate must not follow a word character.
    pub word_boundary_before: bool,
    /// Which slot of the check's per-pattern candidate lists this pattern reads.
    pub slot: usize,
}

/// The literal words every match of `pattern` starts with, and whether a `\b` precedes them;
/// `None` when the pattern does not begin that simply (it then runs over the whole text).
pub(crate) fn leading_words(pattern: &str) -> Option<(Vec<String>, bool)> {
    if has_top_level_alternation(pattern) {
        return None;
    }
    let (rest, boundary) = match pattern.strip_prefix("\\b") {
        Some(rest) => (rest, true),
        None => (pattern, false),
    };
    let words = match rest.strip_prefix("(?:") {
        Some(group) => {
            let close = group.find(')')?;
            let (inside, after) = (group.get(..close)?, group.get(close + 1..)?);
            if inside.contains(['(', '[', '\\']) || after.starts_with(['?', '*', '{']) {
                return None;
            }
            inside.split('|').map(literal_prefix).collect::<Option<Vec<_>>>()?
        }
        None => vec![literal_prefix(rest)?],
    };
    Some((words, boundary))
}

/// The leading letters and digits of `text`, without the last one when a quantifier follows
/// it (`colou?r` starts with `colo` at least); `None` when too short.
fn literal_prefix(text: &str) -> Option<String> {
    let end = text.find(|c: char| !c.is_alphanumeric()).unwrap_or(text.len());
    let mut word: String = text.get(..end)?.to_owned();
    if text.get(end..).is_some_and(|after| after.starts_with(['?', '*', '{'])) {
        word.pop();
    }
    (word.chars().count() >= MIN_PREFIX_CHARS).then_some(word)
}

/// Whether `pattern` has a `|` outside any group or class (`abc|\d+`: matches may start anywhere).
fn has_top_level_alternation(pattern: &str) -> bool {
    let mut depth = 0usize;
    let mut in_class = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => depth = depth.saturating_sub(1),
            '|' if !in_class && depth == 0 => return true,
            _ => {}
        }
    }
    false
}

/// Builds a regex with the rule set's limits.
pub(crate) fn build(pattern: &str, case_sensitive: bool, size_limit: usize) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern).case_insensitive(!case_sensitive).size_limit(size_limit).nest_limit(64).build()
}

impl AnchoredPattern {
    /// The match starting exactly at byte `start` of `text`, if any, as a byte range.
    pub fn match_at(&self, text: &str, start: usize) -> Option<(usize, usize)> {
        if self.word_boundary_before && text.get(..start)?.chars().next_back().is_some_and(is_regex_word_char) {
            return None;
        }
        let found = self.anchored.find(text.get(start..)?)?;
        (!found.is_empty()).then(|| (start, start + found.end()))
    }
}

/// What `\w` means to the regex crate: letters, marks, digits, connectors.
fn is_regex_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || matches!(u32::from(c), 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(pattern: &str) -> Option<(Vec<String>, bool)> {
        leading_words(pattern)
    }

    #[test]
    fn a_pattern_starting_with_a_word_is_looked_up_by_that_word() {
        assert_eq!(words(r"\brendement\s+garanti"), Some((vec!["rendement".to_owned()], true)));
        assert_eq!(words(r"colou?r"), Some((vec!["colo".to_owned()], false)));
        assert_eq!(words(r"\b(?:free|gratuit)\s+\w+"), Some((vec!["free".to_owned(), "gratuit".to_owned()], true)));
    }

    #[test]
    fn a_pattern_that_may_start_anywhere_runs_over_the_whole_text() {
        assert_eq!(words(r"\d+\s?%"), None);
        assert_eq!(words(r"garanti|\d+%"), None);
        assert_eq!(words(r"(?:free|x)\s"), None);
        assert_eq!(words(r"(?:free|gratuit)?\s"), None);
        assert_eq!(words(r"(?i)free"), None);
        assert_eq!(words(r"a?bc"), None);
    }

    #[test]
    fn an_alternation_inside_a_group_or_class_is_not_top_level() {
        assert!(!has_top_level_alternation(r"ab(?:c|d)[|]\|"));
        assert!(has_top_level_alternation(r"ab|c"));
    }

    #[test]
    fn an_anchored_match_respects_the_word_before_it() {
        let anchored = AnchoredPattern {
            anchored: build(r"\A(?:garanti\b)", false, 1 << 20).unwrap_or_else(|e| panic!("{e}")),
            word_boundary_before: true,
            slot: 0,
        };
        assert_eq!(anchored.match_at("un garanti", 3), Some((3, 10)));
        assert_eq!(anchored.match_at("ungaranti", 2), None);
        assert_eq!(anchored.match_at("une garantie", 4), None);
    }
}
