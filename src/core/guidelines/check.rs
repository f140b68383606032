//! Checking a draft: one fold, one walk of the term automaton, then the regexes and the
//! scanners of the rules in scope. Never panics, whatever the text.

use super::draft::{Draft, Finding, RuleKind, Venue};
use super::fold::FoldedText;
use super::length::{default_limit, measure, Counting};
use super::links::{find_links, host_is_within, Link};
use super::messages::{self, Fill};
use super::offsets::Utf16Offsets;
use super::pattern::{AnchoredPattern, CompiledPattern};
use super::personal_data::detect;
use super::rule_set::{Detail, Rule, RuleSet};
use super::shouting::{capital_runs, repeated_punctuation};
use super::spec::Position;
use super::terms::{TermHit, TermRole};
use crate::core::model::Lang;

/// At most this many findings are returned for one draft (the first ones in the text).
pub const MAX_FINDINGS: usize = 500;

/// What a required rule saw during the walk.
#[derive(Debug, Clone, Copy, Default)]
struct RequiredState {
    /// Byte range of the first term that made the text required.
    trigger: Option<(usize, usize)>,
    present: bool,
}

impl RuleSet {
    /// Every finding in `draft`, in text order.
    pub fn check(&self, draft: &Draft) -> Vec<Finding> {
        let venue = Venue::of(draft.network);
        let language = draft.effective_language();
        let mut run = Run {
            draft,
            venue,
            lang: language.unwrap_or(Lang::En),
            offsets: Utf16Offsets::new(&draft.text),
            links: None,
            findings: Vec::new(),
        };
        let in_scope = |rule: &Rule| rule.scope.allows(venue, language, draft.role);
        let mut required = vec![RequiredState::default(); self.required_slots];
        let mut pattern_starts: Vec<Vec<usize>> = vec![Vec::new(); self.pattern_slots];
        if self.rules.is_empty() {
            return Vec::new();
        }
        let folded = if self.folds_text { FoldedText::new(&draft.text) } else { FoldedText::default() };
        {
            let wanted = |index: usize| self.rules.get(index).is_some_and(in_scope);
            self.terms.for_each_hit(&draft.text, &folded, wanted, |hit| {
                if let Some(rule) = self.rules.get(hit.term.rule) {
                    run.term_hit(rule, hit, &mut required, &mut pattern_starts);
                }
            });
        }
        for rule in self.rules.iter().filter(|r| in_scope(r)) {
            run.rule(rule, &folded, &required, &mut pattern_starts);
        }
        finish(run.findings)
    }
}

struct Run<'a> {
    draft: &'a Draft,
    venue: Venue,
    /// The language of the messages.
    lang: Lang,
    offsets: Utf16Offsets,
    links: Option<Vec<Link>>,
    findings: Vec<Finding>,
}

impl Run<'_> {
    fn push(&mut self, rule: &Rule, message: String, start: usize, end: usize, replacements: Vec<String>) {
        self.findings.push(Finding {
            rule_id: rule.id.clone(),
            kind: rule.kind,
            severity: rule.severity,
            message,
            start: self.offsets.of(start),
            end: self.offsets.of(end),
            replacements,
        });
    }

    fn lang(&self) -> Lang {
        self.lang
    }

    fn links(&mut self) -> &[Link] {
        let text = &self.draft.text;
        self.links.get_or_insert_with(|| find_links(text))
    }

    fn term_hit(
        &mut self,
        rule: &Rule,
        hit: TermHit<'_>,
        required: &mut [RequiredState],
        pattern_starts: &mut [Vec<usize>],
    ) {
        let found = self.draft.text.get(hit.start..hit.end).unwrap_or("");
        match (hit.term.role, &rule.detail) {
            (TermRole::Flag, _) => {
                let replacements: Vec<String> = rule.suggestions.iter().map(|s| match_case(found, s)).collect();
                let message = self.term_message(rule, found, replacements.first().map_or("", String::as_str));
                self.push(rule, message, hit.start, hit.end, replacements);
            }
            (TermRole::Trigger, Detail::Required { slot, .. }) => {
                if let Some(state) = required.get_mut(*slot) {
                    state.trigger.get_or_insert((hit.start, hit.end));
                }
            }
            (TermRole::Presence, Detail::Required { slot, position, .. }) => {
                if stands_at(&self.draft.text, hit.start, hit.end, *position) {
                    if let Some(state) = required.get_mut(*slot) {
                        state.present = true;
                    }
                }
            }
            (TermRole::PatternStart, Detail::Pattern(CompiledPattern::AtPrefixes(pattern))) => {
                if let Some(starts) = pattern_starts.get_mut(pattern.slot) {
                    starts.push(hit.start);
                }
            }
            _ => {}
        }
    }

    fn term_message(&self, rule: &Rule, term: &str, suggestion: &str) -> String {
        let reason = rule.reason.as_ref().map_or("", |r| r.get(self.lang()));
        let fill = Fill { term, suggestion, text: "", reason };
        if let Some(message) = &rule.message {
            return messages::custom(message, self.lang(), &fill);
        }
        match rule.kind {
            RuleKind::Preferred => messages::preferred(self.lang(), &fill),
            RuleKind::Competitor => messages::competitor(self.lang(), &fill),
            RuleKind::Persona => messages::persona(self.lang(), &fill),
            _ => messages::forbidden(self.lang(), &fill),
        }
    }

    fn rule(
        &mut self,
        rule: &Rule,
        folded: &FoldedText,
        required: &[RequiredState],
        pattern_starts: &mut [Vec<usize>],
    ) {
        match &rule.detail {
            Detail::Terms => {}
            Detail::Required { texts, conditional, position, separator, slot } => {
                let state = required.get(*slot).copied().unwrap_or_default();
                let text = texts.first().map_or("", String::as_str);
                if !state.present && (!conditional || state.trigger.is_some()) {
                    self.missing_text(rule, text, state.trigger, *position, separator);
                }
            }
            Detail::Pattern(pattern) => {
                let matches = match pattern {
                    CompiledPattern::Anywhere { required: Some(literal), .. }
                        if !folded.text.contains(literal.as_str()) =>
                    {
                        Vec::new()
                    }
                    CompiledPattern::Anywhere { regex, .. } => regex
                        .find_iter(&self.draft.text)
                        .filter(|m| !m.is_empty())
                        .map(|m| (m.start(), m.end()))
                        .collect(),
                    CompiledPattern::AtPrefixes(anchored) => {
                        let starts = pattern_starts.get_mut(anchored.slot).map(std::mem::take).unwrap_or_default();
                        matches_at(anchored, &self.draft.text, starts)
                    }
                };
                for (start, end) in matches {
                    self.pattern_match(rule, start, end);
                }
            }
            Detail::PersonalData(detectors) => {
                for detection in detect(&self.draft.text, detectors) {
                    let message = self.own_or(rule, "", || messages::personal_data(self.lang(), detection.detector));
                    self.push(rule, message, detection.start, detection.end, Vec::new());
                }
            }
            Detail::Length { max, limits } => self.length(rule, *max, limits),
            Detail::Links { allowed, shorteners } => self.check_links(rule, allowed, shorteners),
            Detail::Shouting { caps_min_letters, max_repeated_punctuation: max_marks } => {
                let mut shouts = Vec::new();
                capital_runs(&self.draft.text, *caps_min_letters, &mut shouts);
                repeated_punctuation(&self.draft.text, *max_marks, &mut shouts);
                for shout in shouts {
                    let found = self.draft.text.get(shout.start..shout.end).unwrap_or("").to_owned();
                    let message = self.own_or(rule, &found, || {
                        if shout.is_punctuation {
                            messages::repeated_punctuation(self.lang(), &found)
                        } else {
                            messages::capitals(self.lang())
                        }
                    });
                    self.push(rule, message, shout.start, shout.end, vec![shout.calmer]);
                }
            }
        }
    }

    fn pattern_match(&mut self, rule: &Rule, start: usize, end: usize) {
        let found = self.draft.text.get(start..end).unwrap_or("").to_owned();
        let replacements: Vec<String> = rule.suggestions.clone();
        let suggestion = replacements.first().map_or("", String::as_str);
        let fill = Fill { term: &found, suggestion, text: "", reason: "" };
        let message = rule.message.as_ref().map(|m| messages::custom(m, self.lang(), &fill)).unwrap_or_default();
        self.push(rule, message, start, end, replacements);
    }

    /// The rule's own message if it has one, else the built-in one.
    fn own_or(&self, rule: &Rule, term: &str, built_in: impl FnOnce() -> String) -> String {
        match &rule.message {
            Some(message) => messages::custom(message, self.lang(), &Fill { term, ..Fill::default() }),
            None => built_in(),
        }
    }

    fn missing_text(
        &mut self,
        rule: &Rule,
        text: &str,
        trigger: Option<(usize, usize)>,
        position: Position,
        separator: &str,
    ) {
        let draft = &self.draft.text;
        if draft.trim().is_empty() {
            return;
        }
        let term = trigger.and_then(|(s, e)| draft.get(s..e)).unwrap_or("").to_owned();
        let fill = Fill { term: &term, suggestion: text, text, reason: "" };
        let message = match &rule.message {
            Some(message) => messages::custom(message, self.lang(), &fill),
            None => messages::required(self.lang(), position, &fill),
        };
        let (at, insertion) = match position {
            Position::Start => {
                let at = draft.len() - draft.trim_start().len();
                (at, format!("{text}{separator}"))
            }
            Position::Anywhere | Position::End => (draft.trim_end().len(), format!("{separator}{text}")),
        };
        self.push(rule, message, at, at, vec![insertion]);
    }

    fn length(&mut self, rule: &Rule, max: Option<u32>, limits: &std::collections::BTreeMap<Venue, u32>) {
        let venue = self.venue;
        let limit = limits.get(&venue).copied().or(max).map(|l| l as usize).or_else(|| default_limit(venue));
        let Some(limit) = limit else { return };
        let counting = Counting::of(venue);
        let links: Vec<Link> = if counting == Counting::XWeighted { self.links().to_vec() } else { Vec::new() };
        let (count, over_at) = measure(&self.draft.text, counting, &links, limit);
        if let Some(start) = over_at {
            let message = self.own_or(rule, "", || messages::too_long(self.lang(), venue, count, limit));
            let end = self.draft.text.len();
            self.push(rule, message, start, end, Vec::new());
        }
    }

    fn check_links(&mut self, rule: &Rule, allowed: &[String], shorteners: &[String]) {
        let links = self.links().to_vec();
        for link in links {
            let found = self.draft.text.get(link.start..link.end).unwrap_or("").to_owned();
            let message = if shorteners.iter().any(|s| host_is_within(&link.host, s)) {
                self.own_or(rule, &found, || messages::shortened_link(self.lang(), &link.host))
            } else if !allowed.is_empty() && !allowed.iter().any(|d| host_is_within(&link.host, d)) {
                self.own_or(rule, &found, || messages::link_not_allowed(self.lang(), &link.host, allowed))
            } else {
                continue;
            };
            self.push(rule, message, link.start, link.end, Vec::new());
        }
    }
}

/// The matches of an anchored pattern tried at each candidate start, left to right and
/// without overlap, as a plain search over the text would find them.
fn matches_at(pattern: &AnchoredPattern, text: &str, mut starts: Vec<usize>) -> Vec<(usize, usize)> {
    starts.sort_unstable();
    starts.dedup();
    let mut matches = Vec::new();
    let mut searched_to = 0;
    for start in starts {
        if start < searched_to {
            continue;
        }
        if let Some((start, end)) = pattern.match_at(text, start) {
            matches.push((start, end));
            searched_to = end;
        }
    }
    matches
}

/// Whether a required text found at `start..end` stands where the rule wants it: `End`
/// allows only spaces and punctuation after it, `Start` only before it.
fn stands_at(text: &str, start: usize, end: usize, position: Position) -> bool {
    let only_decoration = |s: &str| !s.chars().any(char::is_alphanumeric);
    match position {
        Position::Anywhere => true,
        Position::End => text.get(end..).is_some_and(only_decoration),
        Position::Start => text.get(..start).is_some_and(only_decoration),
    }
}

/// A replacement written like the text it replaces: all capitals, or a capital first.
fn match_case(original: &str, replacement: &str) -> String {
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return replacement.to_uppercase();
    }
    let starts_upper = original.chars().next().is_some_and(char::is_uppercase);
    let replacement_starts_lower = replacement.chars().next().is_some_and(char::is_lowercase);
    if starts_upper && replacement_starts_lower {
        let mut chars = replacement.chars();
        return chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
    }
    replacement.to_owned()
}

/// A stable sort of findings. The order is a `fn`, not a closure, so that every caller shares
/// one copy of the sort's code (each closure type would get its own: ~6 KB of wasm each).
pub(crate) fn sort_findings(findings: &mut [Finding], order: fn(&Finding, &Finding) -> std::cmp::Ordering) {
    findings.sort_by(order);
}

/// Findings in text order, without the same rule reporting a range inside another of its
/// ranges, at most [`MAX_FINDINGS`].
fn finish(mut findings: Vec<Finding>) -> Vec<Finding> {
    sort_findings(&mut findings, |a, b| {
        (a.start, std::cmp::Reverse(a.end), std::cmp::Reverse(a.severity), &a.rule_id).cmp(&(
            b.start,
            std::cmp::Reverse(b.end),
            std::cmp::Reverse(b.severity),
            &b.rule_id,
        ))
    });
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len().min(MAX_FINDINGS));
    for finding in findings {
        let inside_earlier = kept.iter().rev().take(16).any(|k| {
            k.rule_id == finding.rule_id && k.start <= finding.start && finding.end <= k.end && k.start != k.end
        });
        if !inside_earlier {
            kept.push(finding);
        }
        if kept.len() == MAX_FINDINGS {
            break;
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacements_follow_the_case_of_what_they_replace() {
        assert_eq!(match_case("Cheap", "affordable"), "Affordable");
        assert_eq!(match_case("CHEAP", "affordable"), "AFFORDABLE");
        assert_eq!(match_case("cheap", "affordable"), "affordable");
    }
}
