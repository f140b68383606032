//! The index proper: every folded word of the library, sorted (so a word being typed is a
//! binary search and a range), each with the templates and fields it appears in.

use std::collections::HashMap;

use super::super::fold::for_each_word;
use super::super::model::Template;

/// Where in a template a word was found, as bits of [`Posting::fields`].
pub const IN_SHORTCUT: u8 = 1;
pub const IN_TITLE: u8 = 2;
pub const IN_TAGS: u8 = 4;
pub const IN_BODY: u8 = 8;

/// One (word, template) pair: the fields holding the word, and for bodies which variants.
#[derive(Debug, Clone, Copy)]
pub struct Posting {
    pub template: u32,
    pub fields: u8,
    /// Bit `i` set: variant `i`'s body holds the word.
    pub body_variants: u16,
}

/// A distinct folded word.
#[derive(Debug, Clone, Copy)]
struct Term {
    text_start: u32,
    text_end: u32,
    chars: u8,
    /// Which characters the word holds (see [`char_mask`]): a cheap typo pre-filter.
    mask: u64,
    /// Postings for shortcut, title and tags, then for bodies: `start..body_start..end`.
    postings_start: u32,
    body_start: u32,
    postings_end: u32,
}

/// Sorted words and their postings, stored flat: a few large allocations, not one per word.
#[derive(Debug, Default)]
pub struct Vocabulary {
    text: String,
    terms: Vec<Term>,
    postings: Vec<Posting>,
}

/// A set of characters as bits: a-z, 0-9, and everything else hashed over the rest.
pub fn char_mask(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(0u64, |mask, c| {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            '0'..='9' => 26 + (c as u32 - '0' as u32),
            _ => 36 + (c as u32 % 28),
        };
        mask | (1u64 << bit)
    })
}

impl Vocabulary {
    /// Folds and indexes every searchable field of `templates`.
    pub fn build(templates: &[Template]) -> Vocabulary {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut raw: Vec<(u32, Posting)> = Vec::new();
        let mut per_template: Vec<(u32, u8, u16)> = Vec::new();
        for (index, template) in templates.iter().enumerate() {
            per_template.clear();
            collect_words(template, &mut ids, &mut per_template);
            merge_same_words(&mut per_template);
            let template = index as u32;
            for &(term, fields, body_variants) in per_template.iter() {
                let head = fields & !IN_BODY;
                if head != 0 {
                    raw.push((
                        term,
                        Posting {
                            template,
                            fields: head,
                            body_variants: 0,
                        },
                    ));
                }
                if fields & IN_BODY != 0 {
                    raw.push((
                        term,
                        Posting {
                            template,
                            fields: IN_BODY,
                            body_variants,
                        },
                    ));
                }
            }
        }
        Self::from_parts(ids, raw)
    }

    /// Sorts the words and groups the postings by word, head fields before bodies (a
    /// counting sort on `2 * rank + is_body`, which keeps template order within a group).
    fn from_parts(ids: HashMap<String, u32>, raw: Vec<(u32, Posting)>) -> Vocabulary {
        let mut words: Vec<(String, u32)> = ids.into_iter().collect();
        words.sort_unstable();
        let mut rank_of_id = vec![0u32; words.len()];
        for (rank, (_, id)) in words.iter().enumerate() {
            rank_of_id[*id as usize] = rank as u32;
        }
        let group = |id: u32, posting: &Posting| {
            2 * rank_of_id[id as usize] as usize + usize::from(posting.fields & IN_BODY != 0)
        };
        let mut counts = vec![0u32; 2 * words.len() + 1];
        for (id, posting) in &raw {
            counts[group(*id, posting) + 1] += 1;
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let mut next = counts.clone();
        let empty = Posting {
            template: 0,
            fields: 0,
            body_variants: 0,
        };
        let mut postings = vec![empty; raw.len()];
        for (id, posting) in raw {
            let slot = group(id, &posting);
            postings[next[slot] as usize] = posting;
            next[slot] += 1;
        }
        let mut text = String::new();
        let mut terms = Vec::with_capacity(words.len());
        for (rank, (word, _)) in words.iter().enumerate() {
            let text_start = text.len() as u32;
            text.push_str(word);
            terms.push(Term {
                text_start,
                text_end: text.len() as u32,
                chars: word.chars().count().min(u8::MAX as usize) as u8,
                mask: char_mask(word.chars()),
                postings_start: counts[2 * rank],
                body_start: counts[2 * rank + 1],
                postings_end: counts[2 * rank + 2],
            });
        }
        Vocabulary { text, terms, postings }
    }

    /// The folded word with this rank.
    pub fn word(&self, term: usize) -> &str {
        self.terms
            .get(term)
            .and_then(|t| self.text.get(t.text_start as usize..t.text_end as usize))
            .unwrap_or("")
    }

    pub fn chars(&self, term: usize) -> usize {
        self.terms.get(term).map_or(0, |t| usize::from(t.chars))
    }

    pub fn mask(&self, term: usize) -> u64 {
        self.terms.get(term).map_or(0, |t| t.mask)
    }

    /// The templates holding word `term`; with `with_bodies` unset, only those holding it
    /// in their shortcut, title or tags.
    pub fn postings(&self, term: usize, with_bodies: bool) -> &[Posting] {
        self.terms
            .get(term)
            .and_then(|t| {
                let end = if with_bodies { t.postings_end } else { t.body_start };
                self.postings.get(t.postings_start as usize..end as usize)
            })
            .unwrap_or(&[])
    }

    /// Rank of exactly `word`, if indexed.
    pub fn find(&self, word: &str) -> Option<usize> {
        let at = self.terms.partition_point(|t| self.text_of(t) < word);
        (at < self.terms.len() && self.word(at) == word).then_some(at)
    }

    /// Ranks of every word starting with `prefix` (a contiguous range, words being sorted).
    pub fn with_prefix(&self, prefix: &str) -> std::ops::Range<usize> {
        let start = self.terms.partition_point(|t| self.text_of(t) < prefix);
        let length = self.terms[start..].partition_point(|t| self.text_of(t).starts_with(prefix));
        start..start + length
    }

    fn text_of(&self, term: &Term) -> &str {
        self.text
            .get(term.text_start as usize..term.text_end as usize)
            .unwrap_or("")
    }
}

/// Pushes (word id, field bits, body variant bits) for every word of `template`.
fn collect_words(template: &Template, ids: &mut HashMap<String, u32>, out: &mut Vec<(u32, u8, u16)>) {
    let mut add = |word: &str, fields: u8, body_variants: u16| {
        let id = match ids.get(word) {
            Some(&id) => id,
            None => {
                let id = ids.len() as u32;
                ids.insert(word.to_owned(), id);
                id
            }
        };
        out.push((id, fields, body_variants));
    };
    for_each_word(&template.shortcut, false, |w| add(w, IN_SHORTCUT, 0));
    for_each_word(&template.title, false, |w| add(w, IN_TITLE, 0));
    for tag in &template.tags {
        for_each_word(tag, false, |w| add(w, IN_TAGS, 0));
    }
    for (index, variant) in template.variants.iter().enumerate().take(16) {
        for_each_word(&variant.body, true, |w| add(w, IN_BODY, 1 << index));
    }
}

/// Collapses repeated words of one template into one entry with all their bits.
fn merge_same_words(words: &mut Vec<(u32, u8, u16)>) {
    words.sort_unstable_by_key(|&(id, _, _)| id);
    words.dedup_by(|later, kept| {
        if later.0 != kept.0 {
            return false;
        }
        kept.1 |= later.1;
        kept.2 |= later.2;
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::library::model::{Lang, Scope, Variant};

    fn template(title: &str, bodies: &[&str]) -> Template {
        Template {
            id: title.into(),
            title: title.into(),
            shortcut: "s".into(),
            tags: vec![],
            variants: bodies
                .iter()
                .map(|b| Variant {
                    lang: Lang::Fr,
                    network: None,
                    body: (*b).into(),
                })
                .collect(),
            scope: Scope::Personal,
            usage_count: 0,
            last_used_ms: None,
            created_by: String::new(),
            updated_by: String::new(),
            created_ms: 0,
            updated_ms: 0,
            version: 1,
            folder: None,
        }
    }

    #[test]
    fn words_are_sorted_and_found_exactly_or_by_prefix() {
        let vocabulary = Vocabulary::build(&[template("Réponse rapide", &["retour reçu"])]);
        let found = vocabulary.find("reponse").map(|t| vocabulary.word(t).to_owned());
        assert_eq!(found.as_deref(), Some("reponse"));
        let starting_with_re: Vec<&str> = vocabulary.with_prefix("re").map(|t| vocabulary.word(t)).collect();
        assert_eq!(starting_with_re, ["recu", "reponse", "retour"]);
        assert!(vocabulary.with_prefix("zz").is_empty());
    }

    #[test]
    fn a_word_in_title_and_body_gives_a_head_posting_and_a_body_posting() {
        let vocabulary = Vocabulary::build(&[template("Merci", &["x", "merci encore"])]);
        let Some(term) = vocabulary.find("merci") else {
            panic!("merci not indexed")
        };
        let heads = vocabulary.postings(term, false);
        assert_eq!(heads.len(), 1);
        assert_eq!(heads[0].fields, IN_TITLE);
        let all = vocabulary.postings(term, true);
        assert_eq!(all.len(), 2);
        assert_eq!((all[1].fields, all[1].body_variants), (IN_BODY, 0b10));
    }

    #[test]
    fn postings_keep_library_order() {
        let vocabulary = Vocabulary::build(&[
            template("a merci", &["x"]),
            template("b", &["merci"]),
            template("c merci", &["y"]),
        ]);
        let Some(term) = vocabulary.find("merci") else {
            panic!("merci not indexed")
        };
        let templates: Vec<u32> = vocabulary.postings(term, true).iter().map(|p| p.template).collect();
        assert_eq!(templates, [0, 2, 1], "heads first, then bodies, each in library order");
    }
}
