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
mod variant_choice;
mod vocabulary;

use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::fold::{is_word_char, words};
use super::model::{Lang, Network, Template};
use super::shortcut_set::{ShortcutLookup, ShortcutSet};
use ranking::{popularity, score_of, sort_key, usage_score, word_points, EXACT_SHORTCUT_BONUS};
use scratch::{Scratch, WordPlan};
use term_match::match_word;
use variant_choice::VariantChoices;
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
        Query {
            text: text.to_owned(),
            lang,
            network,
            now_ms,
            limit: 20,
        }
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

/// A word being typed shorter than this is looked for only in shortcuts, titles and tags
/// (one or two letters begin half the words of every body), and if other words were typed
/// before it, it only lifts the templates they found instead of filtering them.
const MIN_BODY_WORD_CHARS: usize = 3;
/// The words a word being typed begins are looked for in bodies only from this length: a
/// three-letter beginning ("rep") still opens thousands of bodies, while titles, shortcuts
/// and tags, and the word itself, are enough to show the right templates.
const MIN_BODY_PREFIX_CHARS: usize = 4;

/// Whether a template must match every required word, or the most words any template does
/// (the fallback when no template has them all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    AllWords,
    MostWords,
}

/// How one word is applied in a pass.
struct WordPass {
    query_stamp: u32,
    word_stamp: u32,
    /// Whether this word may bring in templates no earlier word found.
    may_add: bool,
    /// Whether only the candidates left by earlier words count.
    filtered: bool,
    /// Whether matching this word counts toward the words matched (not for soft words).
    counts: bool,
}

/// How much and how lately a template was used: read for every candidate of every
/// keystroke, so kept apart from the ids in a small dense array.
#[derive(Debug, Clone, Copy)]
struct Use {
    /// Usage folded to a score once, at build time.
    usage_score: u32,
    last_used_ms: Option<i64>,
}

/// The library, folded and indexed for search as you type. Rebuild it after a change.
#[derive(Debug)]
pub struct SearchIndex {
    vocabulary: Vocabulary,
    /// Template ids, in library order.
    templates: Vec<String>,
    uses: Vec<Use>,
    choices: VariantChoices,
    shortcuts: ShortcutSet,
    scratch: Mutex<Scratch>,
}

impl SearchIndex {
    pub fn build(templates: &[Template]) -> SearchIndex {
        SearchIndex {
            vocabulary: Vocabulary::build(templates),
            templates: templates.iter().map(|t| t.id.clone()).collect(),
            uses: templates
                .iter()
                .map(|t| Use {
                    usage_score: usage_score(t.usage_count),
                    last_used_ms: t.last_used_ms,
                })
                .collect(),
            choices: VariantChoices::build(templates),
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

    /// Takes in `template`'s new usage count and last use (after
    /// [`Library::record_use`](super::Library::record_use)) without rebuilding the index.
    /// Returns `false` if the template is not indexed (rebuild after adding templates).
    pub fn refresh_use(&mut self, template: &Template) -> bool {
        let Some(position) = self.templates.iter().position(|id| *id == template.id) else {
            return false;
        };
        match self.uses.get_mut(position) {
            Some(entry) => {
                *entry = Use {
                    usage_score: usage_score(template.usage_count),
                    last_used_ms: template.last_used_ms,
                };
                true
            }
            None => false,
        }
    }

    /// Id of the template whose shortcut is `typed` (without case or accents).
    pub fn template_id_for_shortcut(&self, typed: &str) -> Option<&str> {
        let index = self.shortcuts.template_index(typed)?;
        self.templates.get(index).map(String::as_str)
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
        self.plan_words(&query_words, last_being_typed, scratch);
        // A word matching nothing cannot change which templates have the most words: leave
        // it out, so the others can still be required together.
        scratch.plans.retain(|plan| !plan.matches.is_empty());
        let required = scratch.plans.iter().filter(|plan| !plan.soft).count();
        let mut query_stamp = self.run_words(Mode::AllWords, query, scratch);
        let all_words_found = scratch
            .touched
            .iter()
            .any(|&t| usize::from(scratch.slots[t as usize].words_matched) == required);
        if !all_words_found && required > 1 {
            query_stamp = self.run_words(Mode::MostWords, query, scratch);
        }
        self.add_exact_shortcut(&text, required, query_stamp, scratch);
        self.rank(query, limit, scratch)
    }

    /// Looks each query word up in the vocabulary, then orders the words rarest first, so
    /// the first word leaves few candidates for the others to check (soft words last: they
    /// only lift candidates).
    fn plan_words(&self, query_words: &[String], last_being_typed: bool, scratch: &mut Scratch) {
        let count = query_words.len();
        scratch.plans.truncate(count);
        scratch.plans.resize_with(count, WordPlan::default);
        for (position, (word, plan)) in query_words.iter().zip(scratch.plans.iter_mut()).enumerate() {
            let being_typed = last_being_typed && position + 1 == count;
            let chars = word.chars().count();
            let barely_started = being_typed && chars < MIN_BODY_WORD_CHARS;
            match_word(&self.vocabulary, word, being_typed, &mut plan.matches);
            plan.whole_in_bodies = !barely_started;
            plan.prefixes_in_bodies = chars >= MIN_BODY_PREFIX_CHARS;
            plan.soft = barely_started && count > 1;
            plan.cost = plan
                .matches
                .iter()
                .map(|&(term, kind)| self.vocabulary.postings(term as usize, plan.in_bodies(kind)).len())
                .sum();
        }
        scratch.plans.sort_by_key(|plan| (plan.soft, plan.cost));
    }

    /// Scores every planned word into fresh totals; returns the query stamp used.
    fn run_words(&self, mode: Mode, query: &Query, scratch: &mut Scratch) -> u32 {
        scratch.touched.clear();
        scratch.candidates.clear();
        let query_stamp = scratch.next_stamp();
        let plans = std::mem::take(&mut scratch.plans);
        let mut required_before = 0u8;
        for plan in &plans {
            let filtered = required_before > 0 && (mode == Mode::AllWords || plan.soft);
            let pass = WordPass {
                query_stamp,
                word_stamp: scratch.next_stamp(),
                may_add: !plan.soft && !filtered,
                filtered,
                counts: !plan.soft,
            };
            self.score_word(plan, &pass, query, scratch);
            if !plan.soft {
                required_before = required_before.saturating_add(1);
                if mode == Mode::AllWords {
                    scratch.keep_candidates_matching(required_before);
                }
            }
        }
        scratch.plans = plans;
        query_stamp
    }

    /// Adds one query word's best match per template to the running totals.
    fn score_word(&self, plan: &WordPlan, pass: &WordPass, query: &Query, scratch: &mut Scratch) {
        for &(term, kind) in &plan.matches {
            for posting in self.vocabulary.postings(term as usize, plan.in_bodies(kind)) {
                let template = posting.template as usize;
                if pass.filtered && !scratch.candidates.contains(template) {
                    continue;
                }
                if scratch.slots[template].query_stamp != pass.query_stamp {
                    if !pass.may_add {
                        continue;
                    }
                    self.touch(template, pass.query_stamp, scratch);
                }
                let (field_points, field_bit) = self.best_field(posting, query);
                let points = word_points(field_points, kind);
                let slot = &mut scratch.slots[template];
                slot.fields |= field_bit;
                if slot.word_stamp != pass.word_stamp {
                    slot.word_stamp = pass.word_stamp;
                    slot.word_best = points;
                    slot.total += points;
                    if pass.counts {
                        slot.words_matched = slot.words_matched.saturating_add(1);
                    }
                } else if points > slot.word_best {
                    slot.total += points - slot.word_best;
                    slot.word_best = points;
                }
            }
        }
    }

    /// Starts a template's entry the first time this query reaches it.
    fn touch(&self, template: usize, query_stamp: u32, scratch: &mut Scratch) {
        if scratch.slots[template].query_stamp == query_stamp {
            return;
        }
        scratch.slots[template].query_stamp = query_stamp;
        scratch.slots[template].total = 0;
        scratch.slots[template].words_matched = 0;
        scratch.slots[template].fields = 0;
        scratch.touched.push(template as u32);
        scratch.candidates.insert(template);
    }

    /// The most valuable field a posting's word sits in, and its bit.
    fn best_field(&self, posting: &Posting, query: &Query) -> (u32, u8) {
        if posting.fields & IN_SHORTCUT != 0 {
            return (ranking::SHORTCUT_POINTS, IN_SHORTCUT);
        }
        if posting.fields & IN_TITLE != 0 {
            return (ranking::TITLE_POINTS, IN_TITLE);
        }
        if posting.fields & IN_TAGS != 0 {
            return (ranking::TAGS_POINTS, IN_TAGS);
        }
        let (chosen, _) = self.pick(posting.template as usize, query);
        if posting.body_variants & (1u16 << (chosen & 15)) != 0 {
            (ranking::BODY_POINTS, IN_BODY)
        } else {
            (ranking::OTHER_BODY_POINTS, IN_BODY)
        }
    }

    /// (variant index, fit) of the wording to insert for `template`.
    fn pick(&self, template: usize, query: &Query) -> (usize, u8) {
        self.choices.get(template, query.lang, query.network)
    }

    /// Typing a template's whole shortcut makes it the first result.
    fn add_exact_shortcut(&self, text: &str, word_count: usize, query_stamp: u32, scratch: &mut Scratch) {
        let Some(template) = self.shortcuts.template_index(text) else {
            return;
        };
        self.touch(template, query_stamp, scratch);
        scratch.slots[template].words_matched = word_count.min(usize::from(u8::MAX)) as u8;
        scratch.slots[template].fields |= IN_SHORTCUT;
        scratch.slots[template].total += EXACT_SHORTCUT_BONUS;
    }

    /// Orders the touched templates: those matching the most query words (all of them,
    /// unless none does), then points, fit and popularity.
    fn rank(&self, query: &Query, limit: usize, scratch: &mut Scratch) -> Vec<Hit> {
        let most_words = scratch
            .touched
            .iter()
            .map(|&t| scratch.slots[t as usize].words_matched)
            .max()
            .unwrap_or(0);
        if most_words == 0 {
            return Vec::new();
        }
        for &template in &scratch.touched {
            let t = template as usize;
            if scratch.slots[t].words_matched == most_words {
                let (_, fit) = self.pick(t, query);
                let key = sort_key(scratch.slots[t].total, fit, self.popularity(t, query.now_ms));
                scratch.ranked.push((key, template));
            }
        }
        self.top(query, limit, scratch, |scratch, t| {
            (scratch.slots[t].total, scratch.slots[t].fields)
        })
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
                let id = self.templates.get(t)?;
                let (variant_index, fit) = self.pick(t, query);
                let (points, fields) = points_and_fields(scratch, t);
                Some(Hit {
                    template_id: id.clone(),
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
        self.uses
            .get(template)
            .map_or(0, |u| popularity(u.usage_score, u.last_used_ms, now_ms))
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
