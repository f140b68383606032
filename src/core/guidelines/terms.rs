//! Every term of every rule in one Aho-Corasick automaton over folded text, built once at
//! load: a check folds the draft once and walks it once, whatever the number of rules.

use std::collections::HashMap;

use super::automaton::Automaton;
use super::fold::{fold_with, is_word_char, FoldOptions, FoldedText};

/// What a term does for its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermRole {
    /// Its presence is the finding (forbidden, preferred, competitor, persona).
    Flag,
    /// Its presence makes a required text required.
    Trigger,
    /// It is (one of) the required text(s).
    Presence,
    /// A pattern rule's match may start here (see `pattern.rs`).
    PatternStart,
}

/// One use of a term by one rule.
#[derive(Debug, Clone)]
pub struct TermUse {
    pub rule: usize,
    pub role: TermRole,
    pub whole_words: bool,
    /// When the rule is case- or accent-sensitive: the term folded only as the rule allows,
    /// compared with the matched original text.
    pub exact_form: Option<(FoldOptions, String)>,
}

/// A term as the automaton knows it.
#[derive(Debug, Clone, Copy)]
struct PatternInfo {
    uses: (u32, u32),
    starts_with_word_char: bool,
    ends_with_word_char: bool,
}

/// A term found in a draft, for one use.
#[derive(Debug, Clone, Copy)]
pub struct TermHit<'a> {
    pub term: &'a TermUse,
    /// Byte range in the original text.
    pub start: usize,
    pub end: usize,
}

/// Collects terms while rules are compiled.
#[derive(Debug, Default)]
pub struct TermIndexBuilder {
    ids: HashMap<String, usize>,
    patterns: Vec<String>,
    uses: Vec<Vec<TermUse>>,
}

impl TermIndexBuilder {
    /// Adds `term` for `rule`; returns false when it folds to nothing.
    pub fn add(
        &mut self,
        rule: usize,
        role: TermRole,
        term: &str,
        whole_words: bool,
        sensitivity: FoldOptions,
    ) -> bool {
        let folded = fold_with(term, FoldOptions::FULL);
        if folded.is_empty() {
            return false;
        }
        let exact_form = (sensitivity != FoldOptions::FULL).then(|| (sensitivity, fold_with(term, sensitivity)));
        let use_ = TermUse { rule, role, whole_words, exact_form };
        let next_id = self.patterns.len();
        let id = *self.ids.entry(folded.clone()).or_insert(next_id);
        if id == next_id {
            self.patterns.push(folded);
            self.uses.push(Vec::new());
        }
        if let Some(uses) = self.uses.get_mut(id) {
            uses.push(use_);
        }
        true
    }

    pub fn term_count(&self) -> usize {
        self.uses.iter().map(Vec::len).sum()
    }

    pub fn build(self) -> TermIndex {
        if self.patterns.is_empty() {
            return TermIndex::default();
        }
        let automaton = Automaton::new(&self.patterns);
        let mut infos = Vec::with_capacity(self.patterns.len());
        let mut uses = Vec::with_capacity(self.term_count());
        for (pattern, pattern_uses) in self.patterns.iter().zip(self.uses) {
            let first = uses.len() as u32;
            uses.extend(pattern_uses);
            infos.push(PatternInfo {
                uses: (first, uses.len() as u32),
                starts_with_word_char: pattern.chars().next().is_some_and(is_word_char),
                ends_with_word_char: pattern.chars().next_back().is_some_and(is_word_char),
            });
        }
        TermIndex { automaton: Some(automaton), infos, uses }
    }
}

/// The compiled terms of a rule set.
#[derive(Debug, Default)]
pub struct TermIndex {
    automaton: Option<Automaton>,
    infos: Vec<PatternInfo>,
    uses: Vec<TermUse>,
}

impl TermIndex {
    pub fn is_empty(&self) -> bool {
        self.automaton.is_none()
    }

    /// Calls `hit` for every use of every term found in `folded`, overlapping ones included,
    /// when `wanted(rule)` holds and the match respects the use's word and case settings.
    pub fn for_each_hit<'a>(
        &'a self,
        original: &str,
        folded: &FoldedText,
        wanted: impl Fn(usize) -> bool,
        mut hit: impl FnMut(TermHit<'a>),
    ) {
        let Some(automaton) = &self.automaton else { return };
        automaton.for_each_overlapping(folded.text.as_bytes(), |found| {
            let Some(info) = self.infos.get(found.pattern) else { return };
            let uses = self.uses.get(info.uses.0 as usize..info.uses.1 as usize).unwrap_or(&[]);
            let mut on_word_boundaries = None;
            for term in uses.iter().filter(|u| wanted(u.rule)) {
                if term.whole_words
                    && !*on_word_boundaries
                        .get_or_insert_with(|| is_on_word_boundaries(&folded.text, found.start, found.end, info))
                {
                    continue;
                }
                let start = folded.original_start(found.start);
                let end = folded.original_end(found.end);
                if let Some((options, exact)) = &term.exact_form {
                    if fold_with(original.get(start..end).unwrap_or(""), *options) != *exact {
                        continue;
                    }
                }
                hit(TermHit { term, start, end });
            }
        });
    }
}

/// Whether the match is not glued to a letter or digit on a side where the term itself
/// starts or ends with one ("#ad" may follow a letter; "ad" may not).
fn is_on_word_boundaries(text: &str, start: usize, end: usize, info: &PatternInfo) -> bool {
    let before_ok = !info.starts_with_word_char
        || text.get(..start).and_then(|t| t.chars().next_back()).is_none_or(|c| !is_word_char(c));
    let after_ok =
        !info.ends_with_word_char || text.get(end..).and_then(|t| t.chars().next()).is_none_or(|c| !is_word_char(c));
    before_ok && after_ok
}
