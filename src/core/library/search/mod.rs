//! Search as you type over the library: title, shortcut, tags and bodies, forgiving case,
//! accents and typos, ranked by match quality, then fit to the comment, then use.
//!
//! Build a [`SearchIndex`] once per library change, then call [`SearchIndex::search`] on
//! every keystroke: all text is folded at build time, words are looked up in a sorted
//! vocabulary, and per-query memory is reused, so a keystroke over 10,000 templates costs
//! well under a millisecond (see `benches/library_native.rs`).
//!
//! ```
//! use tact::core::library::{Library, Lang, Query, SearchIndex};
//! let library = Library::starter();
//! let index = SearchIndex::build(library.templates());
//! let hits = index.search(&Query::new("rembours", Some(Lang::Fr), None, 0));
//! assert!(!hits.is_empty());
//! ```

mod edit_distance;
mod ranking;
mod scratch;
mod term_match;
mod vocabulary;

use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::fold::{is_word_char, words};
use super::model::{pick_variant, variant_fit, Lang, Network, Template};
use super::shortcut_set::{ShortcutLookup, ShortcutSet};
use ranking::{popularity, score_of, sort_key, word_points, EXACT_SHORTCUT_BONUS};
use scratch::{Scratch, NOT_CHOSEN};
use term_match::match_word;
use vocabulary::{Posting, Vocabulary, IN_BODY, IN_SHORTCUT, IN_TAGS, IN_TITLE};

/// Most results one query returns.
pub const MAX_LIMIT: usize = 200;
/// Words of a query beyond this many are ignored (a query is a few words, not a paragraph).
pub const MAX_QUERY_WORDS: usize = 8;
const MAX_QUERY_CHARS: usize = 200;

/// What the person typed in the panel's search box, and the comment being answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Query {
    pub text: String,
    /// The comment's language ([`super::detect_language`]); `None` when unknown.
    pub lang: Option<Lang>,
    /// The site's network; `None` on forums, blogs and unknown sites.
    pub network: Option<Network>,
    /// Now, for recency (the core has no clock).
    pub now_ms: i64,
    pub limit: usize,
}

impl Query {
    /// A query returning up to 20 results.
    pub fn new(text: &str, lang: Option<Lang>, network: Option<Network>, now_ms: i64) -> Query {
        Query { text: text.to_owned(), lang, network, now_ms, limit: 20 }
    }
}

/// Where a template matched, for highlighting in the panel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchedFields {
    pub shortcut: bool,
    pub title: bool,
    pub tags: bool,
    pub body: bool,
}

impl MatchedFields {
    fn from_bits(bits: u8) -> MatchedFields {
        MatchedFields {
            shortcut: bits & IN_SHORTCUT != 0,
            title: bits & IN_TITLE != 0,
            tags: bits & IN_TAGS != 0,
            body: bits & IN_BODY != 0,
        }
    }
}

/// One result: the template, the variant to insert for this comment, and how it matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub template_id: String,
    /// Index in the template's `variants` of the wording to insert.
    pub variant_index: usize,
    /// Higher is better; only comparable within one result list.
    pub score: f64,
    pub matched_fields: MatchedFields,
}

/// What the index keeps of each template besides its words.
#[derive(Debug)]
struct IndexedTemplate {
    id: String,
    usage_count: u64,
    last_used_ms: Option<i64>,
    variants: Vec<(Lang, Option<Network>)>,
}

/// The library, folded and indexed for search as you type. Rebuild it after a change.
#[derive(Debug)]
pub struct SearchIndex {
    vocabulary: Vocabulary,
    templates: Vec<IndexedTemplate>,
    shortcuts: ShortcutSet,
    scratch: Mutex<Scratch>,
}

impl SearchIndex {
    pub fn build(templates: &[Template]) -> SearchIndex {
        let indexed = templates
            .iter()
            .map(|t| IndexedTemplate {
                id: t.id.clone(),
                usage_count: t.usage_count,
                last_used_ms: t.last_used_ms,
                variants: t.variants.iter().map(|v| (v.lang, v.network)).collect(),
            })
            .collect();
        SearchIndex {
            vocabulary: Vocabulary::build(templates),
            templates: indexed,
            shortcuts: ShortcutSet::new(templates),
            scratch: Mutex::new(Scratch::default()),
        }
    }

    /// Number of templates indexed.
    pub fn len(&self) -> usize {
        self.templates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.templates.is_empty()
    }

    /// Id of the template whose shortcut is `typed` (without case or accents).
    pub fn template_id_for_shortcut(&self, typed: &str) -> Option<&str> {
        let index = self.shortcuts.template_index(typed)?;
        self.templates.get(index).map(|t| t.id.as_str())
    }

    /// The best templates for `query`, best first. An empty query lists the templates most
    /// used lately, those with a wording in the comment's language first.
    pub fn search(&self, query: &Query) -> Vec<Hit> {
        let limit = query.limit.min(MAX_LIMIT);
        if limit == 0 || self.templates.is_empty() {
            return Vec::new();
        }
        let text: String = query.text.chars().take(MAX_QUERY_CHARS).collect();
        let mut query_words = words(&text);
        query_words.truncate(MAX_QUERY_WORDS);
        // A poisoned lock only means another search panicked mid-way; the stamps keep the
        // arrays consistent, so the memory is still fine to reuse.
        let mut guard = self.scratch.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let scratch = &mut *guard;
        scratch.prepare(self.templates.len());
        if query_words.is_empty() {
            return self.most_used(query, limit, scratch);
        }
        let last_being_typed = text.chars().last().is_some_and(is_word_char);
        let query_stamp = scratch.next_stamp();
        let word_count = query_words.len();
        for (position, word) in query_words.iter().enumerate() {
            let being_typed = last_being_typed && position + 1 == word_count;
            self.score_word(word, being_typed, query, query_stamp, scratch);
        }
        self.add_exact_shortcut(&text, word_count, query_stamp, scratch);
        self.rank(query, limit, scratch)
    }

    /// Adds one query word's best match per template to the running totals.
    fn score_word(&self, word: &str, being_typed: bool, query: &Query, query_stamp: u32, scratch: &mut Scratch) {
        let word_stamp = scratch.next_stamp();
        let mut matches = std::mem::take(&mut scratch.word_matches);
        match_word(&self.vocabulary, word, being_typed, &mut matches);
        for &(term, kind) in &matches {
            for posting in self.vocabulary.postings(term as usize) {
                let template = posting.template as usize;
                self.touch(template, query_stamp, scratch);
                let (field_points, field_bit) = self.best_field(posting, query, scratch);
                let points = word_points(field_points, kind);
                scratch.fields[template] |= field_bit;
                if scratch.word_stamp[template] != word_stamp {
                    scratch.word_stamp[template] = word_stamp;
                    scratch.word_best[template] = points;
                    scratch.words_matched[template] = scratch.words_matched[template].saturating_add(1);
                    scratch.total[template] += points;
                } else if points > scratch.word_best[template] {
                    scratch.total[template] += points - scratch.word_best[template];
                    scratch.word_best[template] = points;
                }
            }
        }
        scratch.word_matches = matches;
    }

    /// Starts a template's entry the first time this query reaches it.
    fn touch(&self, template: usize, query_stamp: u32, scratch: &mut Scratch) {
        if scratch.query_stamp[template] == query_stamp {
            return;
        }
        scratch.query_stamp[template] = query_stamp;
        scratch.total[template] = 0;
        scratch.words_matched[template] = 0;
        scratch.fields[template] = 0;
        scratch.chosen_variant[template] = NOT_CHOSEN;
        scratch.touched.push(template as u32);
    }

    /// The most valuable field a posting's word sits in, and its bit.
    fn best_field(&self, posting: &Posting, query: &Query, scratch: &mut Scratch) -> (u32, u8) {
        if posting.fields & IN_SHORTCUT != 0 {
            return (ranking::SHORTCUT_POINTS, IN_SHORTCUT);
        }
        if posting.fields & IN_TITLE != 0 {
            return (ranking::TITLE_POINTS, IN_TITLE);
        }
        if posting.fields & IN_TAGS != 0 {
            return (ranking::TAGS_POINTS, IN_TAGS);
        }
        let chosen = self.chosen_variant(posting.template as usize, query, scratch);
        if posting.body_variants & (1u16 << (chosen & 15)) != 0 {
            (ranking::BODY_POINTS, IN_BODY)
        } else {
            (ranking::OTHER_BODY_POINTS, IN_BODY)
        }
    }

    /// The variant this query would insert for `template`, computed once per query.
    fn chosen_variant(&self, template: usize, query: &Query, scratch: &mut Scratch) -> u8 {
        if scratch.chosen_variant[template] == NOT_CHOSEN {
            scratch.chosen_variant[template] = self.pick(template, query).0 as u8;
        }
        scratch.chosen_variant[template]
    }

    /// (variant index, fit) of the wording to insert for `template`.
    fn pick(&self, template: usize, query: &Query) -> (usize, u8) {
        let Some(indexed) = self.templates.get(template) else { return (0, 0) };
        let index = pick_variant(indexed.variants.iter().copied(), query.lang, query.network).unwrap_or(0);
        let fit = indexed.variants.get(index).map_or(0, |&v| variant_fit(v, query.lang, query.network));
        (index, fit)
    }

    /// Typing a template's whole shortcut makes it the first result.
    fn add_exact_shortcut(&self, text: &str, word_count: usize, query_stamp: u32, scratch: &mut Scratch) {
        let Some(template) = self.shortcuts.template_index(text) else { return };
        self.touch(template, query_stamp, scratch);
        scratch.words_matched[template] = word_count.min(usize::from(u8::MAX)) as u8;
        scratch.fields[template] |= IN_SHORTCUT;
        scratch.total[template] += EXACT_SHORTCUT_BONUS;
    }

    /// Orders the touched templates: those matching the most query words (all of them,
    /// unless none does), then points, fit and popularity.
    fn rank(&self, query: &Query, limit: usize, scratch: &mut Scratch) -> Vec<Hit> {
        let most_words = scratch.touched.iter().map(|&t| scratch.words_matched[t as usize]).max().unwrap_or(0);
        if most_words == 0 {
            return Vec::new();
        }
        for &template in &scratch.touched {
            let t = template as usize;
            if scratch.words_matched[t] == most_words {
                let (_, fit) = self.pick(t, query);
                let key = sort_key(scratch.total[t], fit, self.popularity(t, query.now_ms));
                scratch.ranked.push((key, template));
            }
        }
        self.top(query, limit, scratch, |scratch, t| (scratch.total[t], scratch.fields[t]))
    }

    /// With nothing typed: the templates that fit the comment, most used lately first.
    fn most_used(&self, query: &Query, limit: usize, scratch: &mut Scratch) -> Vec<Hit> {
        for template in 0..self.templates.len() {
            let (_, fit) = self.pick(template, query);
            let key = sort_key(0, fit, self.popularity(template, query.now_ms));
            scratch.ranked.push((key, template as u32));
        }
        self.top(query, limit, scratch, |_, _| (0, 0))
    }

    /// The `limit` best of `scratch.ranked`, as hits. Equal keys keep library order.
    fn top(
        &self,
        query: &Query,
        limit: usize,
        scratch: &mut Scratch,
        points_and_fields: impl Fn(&Scratch, usize) -> (u32, u8),
    ) -> Vec<Hit> {
        let order = |a: &(u64, u32), b: &(u64, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        let mut ranked = std::mem::take(&mut scratch.ranked);
        if ranked.len() > limit {
            ranked.select_nth_unstable_by(limit - 1, order);
            ranked.truncate(limit);
        }
        ranked.sort_unstable_by(order);
        let hits = ranked
            .iter()
            .filter_map(|&(_, template)| {
                let t = template as usize;
                let indexed = self.templates.get(t)?;
                let (variant_index, fit) = self.pick(t, query);
                let (points, fields) = points_and_fields(scratch, t);
                Some(Hit {
                    template_id: indexed.id.clone(),
                    variant_index,
                    score: score_of(points, fit, self.popularity(t, query.now_ms)),
                    matched_fields: MatchedFields::from_bits(fields),
                })
            })
            .collect();
        scratch.ranked = ranked;
        hits
    }

    fn popularity(&self, template: usize, now_ms: i64) -> u16 {
        self.templates.get(template).map_or(0, |t| popularity(t.usage_count, t.last_used_ms, now_ms))
    }
}

impl ShortcutLookup for SearchIndex {
    fn is_shortcut(&self, typed: &str) -> bool {
        self.shortcuts.is_shortcut(typed)
    }

    fn is_start_of_longer_shortcut(&self, typed: &str) -> bool {
        self.shortcuts.is_start_of_longer_shortcut(typed)
    }
}

