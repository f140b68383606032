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
    /// Run over the whole text, unless the text lacks a literal every match contains
    /// (folded like the draft is: case, accents and spaces erased).
    Anywhere { regex: Regex, required: Option<String> },
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
    if has_inline_flags(pattern) || top_level_alternatives(pattern).len() > 1 {
        return None;
    }
    let (rest, boundary) = match pattern.strip_prefix("\\b") {
        Some(rest) => (rest, true),
        None => (pattern, false),
    };
    let words = match rest.strip_prefix("(?:") {
        Some(group) => {
            let close = group_end(group)?;
            let (inside, after) = (group.get(..close)?, group.get(close + 1..)?);
            if after.starts_with(QUANTIFIERS) {
                return None;
            }
            top_level_alternatives(inside).into_iter().map(literal_prefix).collect::<Option<Vec<_>>>()?
        }
        None => vec![literal_prefix(rest)?],
    };
    Some((words, boundary))
}

/// A piece of literal text every match of `pattern` contains (`%` in `\d+\s?%`), the longest
/// one outside groups and classes: a draft without it cannot match, so the pattern is skipped.
pub(crate) fn required_literal(pattern: &str) -> Option<String> {
    if has_inline_flags(pattern) || top_level_alternatives(pattern).len() > 1 {
        return None;
    }
    let mut best = String::new();
    let mut run = String::new();
    let mut depth = 0usize;
    let mut chars = pattern.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        let literal = depth == 0 && is_plain_literal(c);
        if literal {
            run.push(c);
            continue;
        }
        if QUANTIFIERS.contains(&c) {
            run.pop();
        }
        keep_longer(&mut best, &mut run);
        match c {
            '\\' => skip_escape(&mut chars),
            '[' => skip_class(&mut chars),
            '{' => {
                // A counted repetition: `{2,5}` is not text.
                for (_, c) in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
            }
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    keep_longer(&mut best, &mut run);
    let best = best.trim();
    (!best.is_empty()).then(|| best.to_owned())
}

/// `?`, `*` and `{` make what precedes them optional (`+` does not).
const QUANTIFIERS: [char; 3] = ['?', '*', '{'];

/// Characters that stand for themselves in a regex (outside a class) and fold predictably.
fn is_plain_literal(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(
            c,
            ' ' | '\'' | '’' | '%' | ',' | ';' | ':' | '!' | '@' | '"' | '/' | '=' | '<' | '>' | '_' | '«' | '»'
        )
}

fn keep_longer(best: &mut String, run: &mut String) {
    if run.trim().chars().count() > best.trim().chars().count() {
        *best = std::mem::take(run);
    }
    run.clear();
}

/// Inline flags (`(?i)`, `(?x:...)`) change what literals mean: such patterns are not analysed.
fn has_inline_flags(pattern: &str) -> bool {
    pattern.match_indices("(?").any(|(at, _)| !pattern.get(at + 2..).is_some_and(|rest| rest.starts_with(':')))
}

/// The leading letters, digits, spaces and apostrophes of `text`, without the last one when a
/// quantifier follows it (`colou?r` starts with `colo` at least); `None` when too short.
fn literal_prefix(text: &str) -> Option<String> {
    let end = text.find(|c: char| !(c.is_alphanumeric() || matches!(c, ' ' | '\'' | '’'))).unwrap_or(text.len());
    let mut word: String = text.get(..end)?.to_owned();
    if text.get(end..).is_some_and(|after| after.starts_with(QUANTIFIERS)) {
        word.pop();
    }
    // A match starts where the pattern does: a leading space or apostrophe would put the
    // candidate after it, and `\b` before one means something else.
    let word = word.trim_end();
    let starts_with_letter = word.chars().next().is_some_and(char::is_alphanumeric);
    (starts_with_letter && word.chars().count() >= MIN_PREFIX_CHARS).then(|| word.to_owned())
}

/// `pattern` split at its `|` outside groups and classes.
fn top_level_alternatives(pattern: &str) -> Vec<&str> {
    let mut alternatives = Vec::new();
    let mut depth = 0usize;
    let mut from = 0;
    let mut chars = pattern.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' => skip_class(&mut chars),
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '|' if depth == 0 => {
                alternatives.push(pattern.get(from..at).unwrap_or(""));
                from = at + 1;
            }
            _ => {}
        }
    }
    alternatives.push(pattern.get(from..).unwrap_or(""));
    alternatives
}

/// Where the group opened just before `group` closes (the index of its `)`).
fn group_end(group: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut chars = group.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' => return None,
            '(' => depth += 1,
            ')' if depth == 0 => return Some(at),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Skips what follows a backslash: one character, or `\p{...}`-style braces.
fn skip_escape(chars: &mut std::iter::Peekable<impl Iterator<Item = (usize, char)>>) {
    if chars.next().is_some() && chars.peek().is_some_and(|&(_, c)| c == '{') {
        for (_, c) in chars.by_ref() {
            if c == '}' {
                break;
            }
        }
    }
}

/// Skips a character class after its `[`, nested classes and escapes included.
fn skip_class(chars: &mut std::iter::Peekable<impl Iterator<Item = (usize, char)>>) {
    let mut depth = 1usize;
    let mut first = true;
    while let Some((_, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' => depth += 1,
            ']' if first => {}
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            _ => {}
        }
        first = first && c == '^';
    }
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

/// What `\w` means to the regex crate (Unicode): letters, combining marks (variation selectors
/// included), decimal digits, connector punctuation and joiners; not superscripts or fractions.
fn is_regex_word_char(c: char) -> bool {
    if c.is_alphabetic() || c == '_' {
        return true;
    }
    let code = u32::from(c);
    let mark = matches!(code, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0xE0100..=0xE01EF);
    let joiner_or_connector =
        matches!(code, 0x200C | 0x200D | 0x203F | 0x2040 | 0x2054 | 0xFE33 | 0xFE34 | 0xFE4D..=0xFE4F | 0xFF3F);
    let not_decimal = matches!(code, 0x00B2 | 0x00B3 | 0x00B9 | 0x00BC..=0x00BE | 0x2070..=0x209F | 0x2150..=0x218F | 0x2460..=0x24FF | 0x2776..=0x2793);
    mark || joiner_or_connector || (c.is_numeric() && !not_decimal)
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
        assert_eq!(
            words(r"\b(?:je vous (?:conseille|recommande)|à votre place|I'd say)\b"),
            Some((vec!["je vous".to_owned(), "à votre place".to_owned(), "I'd say".to_owned()], true))
        );
    }

    #[test]
    fn a_pattern_without_leading_words_may_still_need_some_literal_text() {
        assert_eq!(required_literal(r"\b\d+(?:[.,]\d+)?\s?%\s+(?:garantis?|de rendement)"), Some("%".to_owned()));
        assert_eq!(required_literal(r"\d+ euros? par mois"), Some("par mois".to_owned()));
        assert_eq!(required_literal(r"[a%b]\d"), None);
        assert_eq!(required_literal(r"\p{L}x"), Some("x".to_owned()));
        assert_eq!(required_literal(r"(?x) a b"), None);
        assert_eq!(required_literal(r"\bab?[^.]{0,60}?\b"), Some("a".to_owned()));
    }

    #[test]
    fn a_pattern_that_may_start_anywhere_runs_over_the_whole_text() {
        assert_eq!(words(r"\d+\s?%"), None);
        assert_eq!(words(r"garanti|\d+%"), None);
        assert_eq!(words(r"(?:free|x)\s"), None);
        assert_eq!(words(r"(?:free|gratuit)?\s"), None);
        assert_eq!(words(r"(?i)free"), None);
        assert_eq!(words(r"a?bc"), None);
        assert_eq!(words(r"\b(?:I(?:'d)? say|you)"), None);
        assert_eq!(words(r" garanti"), None);
        assert_eq!(words(r"\b(?:'garanti|x)"), None);
    }

    #[test]
    fn an_alternation_inside_a_group_or_class_is_not_top_level() {
        assert_eq!(top_level_alternatives(r"ab(?:c|d)[|\]]\|"), [r"ab(?:c|d)[|\]]\|"]);
        assert_eq!(top_level_alternatives(r"ab|c"), ["ab", "c"]);
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
