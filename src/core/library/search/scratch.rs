//! Per-query working memory, kept between keystrokes so a query allocates nothing large.
//!
//! Arrays are indexed by template and "cleared" by stamping: an entry counts only when its
//! stamp equals the current query's (or word's) stamp, so nothing is zeroed per query.

use super::term_match::MatchKind;

/// What one query has gathered about one template (one cache line holds three of them).
#[derive(Debug, Clone, Copy, Default)]
pub struct Slot {
    /// Stamp of the query that last touched the template; other fields count only if current.
    pub query_stamp: u32,
    /// Stamp of the query word that last touched the template.
    pub word_stamp: u32,
    /// Best points of the current word.
    pub word_best: u32,
    /// Sum over words of each word's best points.
    pub total: u32,
    pub words_matched: u8,
    pub fields: u8,
}

#[derive(Debug, Default)]
pub struct Scratch {
    clock: u32,
    /// One slot per template.
    pub slots: Vec<Slot>,
    /// Templates touched by the current query.
    pub touched: Vec<u32>,
    /// Templates still in the running, as bits: checked per posting, so it must stay small
    /// enough for the fastest cache (10,000 templates: 1.25 KB).
    pub candidates: TemplateSet,
    /// The query's words, looked up, in the order they are applied.
    pub plans: Vec<WordPlan>,
    pub ranked: Vec<(u64, u32)>,
}

impl Scratch {
    /// Readies the memory for `templates` entries; nothing needs clearing (see stamps).
    pub fn prepare(&mut self, templates: usize) {
        if self.slots.len() != templates {
            *self = Scratch::default();
            self.slots = vec![Slot::default(); templates];
            self.candidates = TemplateSet::with_capacity(templates);
        }
        self.touched.clear();
        self.ranked.clear();
    }

    /// Drops from the candidates every template that matched fewer than `words` words.
    pub fn keep_candidates_matching(&mut self, words: u8) {
        let slots = &self.slots;
        let candidates = &mut self.candidates;
        self.touched.retain(|&template| {
            let keep = slots
                .get(template as usize)
                .is_some_and(|slot| slot.words_matched >= words);
            if !keep {
                candidates.remove(template as usize);
            }
            keep
        });
    }

    /// A fresh stamp; on the (rare) wrap-around every stamp is reset so none is reused.
    pub fn next_stamp(&mut self) -> u32 {
        if self.clock == u32::MAX {
            self.clock = 0;
            self.slots.iter_mut().for_each(|slot| *slot = Slot::default());
        }
        self.clock += 1;
        self.clock
    }
}

/// One query word, looked up in the vocabulary.
#[derive(Debug, Default)]
pub struct WordPlan {
    /// The vocabulary words it stands for, and how well.
    pub matches: Vec<(u32, MatchKind)>,
    /// Whether bodies are searched for the word itself and its typo matches (not for a word
    /// barely started).
    pub whole_in_bodies: bool,
    /// Whether bodies are searched for the longer words a word being typed begins.
    pub prefixes_in_bodies: bool,
    /// A word barely started after others: it lifts their templates but filters none.
    pub soft: bool,
    /// Postings to read: the rarest word is applied first.
    pub cost: usize,
}

impl WordPlan {
    /// Whether a match of this kind is looked for in bodies.
    pub fn in_bodies(&self, kind: MatchKind) -> bool {
        match kind {
            MatchKind::Prefix => self.prefixes_in_bodies,
            _ => self.whole_in_bodies,
        }
    }
}

/// A set of template indexes, one bit each.
#[derive(Debug, Default)]
pub struct TemplateSet {
    words: Vec<u64>,
}

impl TemplateSet {
    pub fn with_capacity(templates: usize) -> TemplateSet {
        TemplateSet {
            words: vec![0; templates.div_ceil(64)],
        }
    }

    pub fn clear(&mut self) {
        self.words.iter_mut().for_each(|word| *word = 0);
    }

    pub fn insert(&mut self, template: usize) {
        if let Some(word) = self.words.get_mut(template / 64) {
            *word |= 1 << (template % 64);
        }
    }

    pub fn remove(&mut self, template: usize) {
        if let Some(word) = self.words.get_mut(template / 64) {
            *word &= !(1 << (template % 64));
        }
    }

    pub fn contains(&self, template: usize) -> bool {
        self.words
            .get(template / 64)
            .is_some_and(|word| word & (1 << (template % 64)) != 0)
    }
}
