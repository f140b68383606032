//! Per-query working memory, kept between keystrokes so a query allocates nothing large.
//!
//! Arrays are indexed by template and "cleared" by stamping: an entry counts only when its
//! stamp equals the current query's (or word's) stamp, so nothing is zeroed per query.

use super::term_match::MatchKind;

#[derive(Debug, Default)]
pub struct Scratch {
    clock: u32,
    /// Stamp of the query that last touched each template.
    pub query_stamp: Vec<u32>,
    /// Stamp of the query word that last touched each template.
    pub word_stamp: Vec<u32>,
    /// Best points of the current word, per template.
    pub word_best: Vec<u32>,
    /// Sum over words of each word's best points.
    pub total: Vec<u32>,
    pub words_matched: Vec<u8>,
    pub fields: Vec<u8>,
    /// Variant to insert for the current query, or [`NOT_CHOSEN`].
    pub chosen_variant: Vec<u8>,
    /// Templates touched by the current query.
    pub touched: Vec<u32>,
    pub word_matches: Vec<(u32, MatchKind)>,
    pub ranked: Vec<(u64, u32)>,
}

pub const NOT_CHOSEN: u8 = u8::MAX;

impl Scratch {
    /// Readies the arrays for `templates` entries; returns nothing to clear.
    pub fn prepare(&mut self, templates: usize) {
        if self.query_stamp.len() != templates {
            *self = Scratch::default();
            self.query_stamp = vec![0; templates];
            self.word_stamp = vec![0; templates];
            self.word_best = vec![0; templates];
            self.total = vec![0; templates];
            self.words_matched = vec![0; templates];
            self.fields = vec![0; templates];
            self.chosen_variant = vec![NOT_CHOSEN; templates];
        }
        self.touched.clear();
        self.ranked.clear();
    }

    /// A fresh stamp; on the (rare) wrap-around every stamp is reset so none is reused.
    pub fn next_stamp(&mut self) -> u32 {
        if self.clock == u32::MAX {
            self.clock = 0;
            self.query_stamp.iter_mut().for_each(|s| *s = 0);
            self.word_stamp.iter_mut().for_each(|s| *s = 0);
        }
        self.clock += 1;
        self.clock
    }
}
