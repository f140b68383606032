//! A deterministic rule set and draft of any size, for benchmarks (native and wasm measure
//! the same data) and for tests that need many rules.

use super::draft::{Role, RuleKind, Severity, Venue};
use super::rule_set::RuleSet;
use super::spec::{LocalizedText, OneOrMany, Position, RuleFile, RuleSpec};
use crate::core::model::Lang;

const WORDS: &[&str] = &[
    "commande",
    "livraison",
    "retard",
    "remboursement",
    "colis",
    "garantie",
    "produit",
    "offre",
    "promotion",
    "abonnement",
    "facture",
    "compte",
    "paiement",
    "carte",
    "conseiller",
    "boutique",
    "réduction",
    "gratuit",
    "cadeau",
    "échange",
    "délai",
    "qualité",
    "prix",
    "tarif",
    "rendement",
    "placement",
    "épargne",
    "crédit",
    "order",
    "delivery",
    "delay",
    "refund",
    "parcel",
    "warranty",
    "product",
    "offer",
    "discount",
    "subscription",
    "invoice",
    "account",
    "payment",
    "card",
    "advisor",
    "store",
    "free",
    "gift",
    "exchange",
    "quality",
    "price",
    "cheap",
    "premium",
    "return",
    "savings",
    "loan",
    "bonus",
    "deal",
    "team",
    "support",
    "service",
    "update",
];

const SYLLABLES: &[&str] = &["zen", "tri", "nova", "lux", "ka", "vel", "or", "mi", "dex", "sto", "ra", "qui"];

/// A small, deterministic pseudo-random sequence (no clock, no randomness in the core).
struct Sequence(u64);

impl Sequence {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below.max(1)
    }

    fn word(&mut self) -> &'static str {
        WORDS.get(self.next(WORDS.len())).copied().unwrap_or("offre")
    }
}

fn base_rule(id: String, kind: RuleKind, severity: Severity) -> RuleSpec {
    RuleSpec {
        id,
        kind,
        severity,
        message: None,
        reason: None,
        description: None,
        enabled: true,
        networks: Vec::new(),
        languages: Vec::new(),
        roles: Vec::new(),
        case_sensitive: false,
        accent_sensitive: false,
        whole_words: true,
        terms: Vec::new(),
        suggest: OneOrMany::None,
        prefer: None,
        instead_of: Vec::new(),
        text: OneOrMany::None,
        when_any: Vec::new(),
        position: Position::Anywhere,
        separator: None,
        pattern: None,
        detect: Vec::new(),
        max: None,
        limits: Default::default(),
        allowed_domains: Vec::new(),
        shorteners: Vec::new(),
        allow_shorteners: false,
        caps_min_letters: 8,
        max_repeated_punctuation: 2,
        builtin: true,
    }
}

/// `n` rules in a realistic mix: nearly half forbidden terms, preferred terms, competitors,
/// regex patterns, required texts, and the scanners; some scoped to a language, a network or
/// a role. The same `n` always gives the same rules.
pub fn synthetic_rule_file(n: usize) -> RuleFile {
    let mut sequence = Sequence(0x7AC7);
    let rules = (0..n).map(|i| synthetic_rule(i, &mut sequence)).collect();
    RuleFile { version: Some(1), name: Some(format!("{n} synthetic rules")), description: None, rules }
}

/// [`synthetic_rule_file`], compiled.
pub fn synthetic_rule_set(n: usize) -> RuleSet {
    // The generator only writes valid rules (a unit test holds it to that); should it not,
    // an empty set keeps the benchmark running rather than panicking in the page.
    RuleSet::compile(&synthetic_rule_file(n), None).unwrap_or_else(|_| RuleSet {
        rules: Vec::new(),
        terms: Default::default(),
        required_slots: 0,
        pattern_slots: 0,
        folds_text: false,
        name: None,
    })
}

fn synthetic_rule(i: usize, s: &mut Sequence) -> RuleSpec {
    let id = format!("synthetic-{i}");
    let mut rule = match i % 20 {
        0..=8 => {
            let mut rule = base_rule(id, RuleKind::Forbidden, Severity::Warn);
            // Phrases and numbered words: a typical draft trips a handful of rules, not hundreds.
            rule.terms =
                vec![format!("{} {}", s.word(), s.word()), format!("{}{i}", s.word()), format!("{}-{i}", s.word())];
            if i % 100 == 0 {
                rule.terms.push(s.word().to_owned());
            }
            rule.suggest = OneOrMany::One(s.word().to_owned());
            rule.reason = Some(LocalizedText::Same("Brand vocabulary.".to_owned()));
            rule
        }
        9..=11 => {
            let mut rule = base_rule(id, RuleKind::Preferred, Severity::Info);
            rule.prefer = Some(s.word().to_owned());
            rule.instead_of = vec![format!("{} {}", s.word(), s.word()), format!("{}{i}", s.word())];
            rule
        }
        12 | 13 => {
            let mut rule = base_rule(id, RuleKind::Competitor, Severity::Approval);
            let name = |s: &mut Sequence| {
                (0..3).map(|_| SYLLABLES.get(s.next(SYLLABLES.len())).copied().unwrap_or("ka")).collect::<String>()
            };
            rule.terms = vec![name(s), format!("{} {i}", name(s))];
            rule
        }
        14 | 15 => {
            let mut rule = base_rule(id, RuleKind::Pattern, Severity::Warn);
            rule.pattern = Some(match i % 3 {
                0 => format!(r"\b{}\s+\d+\s?%", s.word()),
                1 => format!(r"\b(?:{}|{})\s+(?:gratuit|offert|free)\b", s.word(), s.word()),
                _ => format!(r"\b{}-\d{{3,}}\b", s.word()),
            });
            rule.message = Some(LocalizedText::Same("Pattern {term}.".to_owned()));
            rule
        }
        16 => {
            let mut rule = base_rule(id, RuleKind::Required, Severity::Block);
            rule.when_any = vec![format!("{} {}", s.word(), s.word()), format!("{}{i}", s.word())];
            rule.text = OneOrMany::One(format!("Mention légale {i}"));
            rule
        }
        17 => {
            let mut rule = base_rule(id, RuleKind::PersonalData, Severity::Block);
            rule.networks = vec![Venue::ALL.get(i % 8).copied().unwrap_or(Venue::X)];
            rule
        }
        18 => {
            let mut rule = base_rule(id, RuleKind::Links, Severity::Warn);
            rule.allowed_domains = vec!["acme.fr".to_owned(), format!("{}.com", s.word().replace('é', "e"))];
            rule.networks = vec![Venue::ALL.get(i % 8).copied().unwrap_or(Venue::X)];
            rule
        }
        _ if i % 40 == 19 => {
            let mut rule = base_rule(id, RuleKind::Shouting, Severity::Warn);
            rule.networks = vec![Venue::ALL.get(i % 8).copied().unwrap_or(Venue::X)];
            rule
        }
        _ => {
            let mut rule = base_rule(id, RuleKind::Length, Severity::Block);
            rule.networks = vec![Venue::ALL.get(i % 8).copied().unwrap_or(Venue::X)];
            rule
        }
    };
    match i % 7 {
        0 => rule.languages = vec![Lang::Fr],
        1 => rule.languages = vec![Lang::En],
        2 => rule.roles = vec![Role::Intern, Role::Agent],
        _ => {}
    }
    rule
}

/// A reply of about `chars` characters in both languages, with accents, emoji, a link and an
/// email address, built from the same words as the rules so that some of them match.
pub fn synthetic_draft(chars: usize) -> String {
    let mut sequence = Sequence(0xD2AF7);
    let mut text = String::from("Bonjour Camille 👋, merci pour votre message ! ");
    let fillers = ["nous", "vous", "votre", "the", "your", "we", "et", "and", "pour", "for", "à", "de"];
    while text.chars().count() < chars {
        let pick = sequence.next(12);
        let piece = match pick {
            0 => "l’équipe".to_owned(),
            1..=5 => fillers.get(sequence.next(fillers.len())).copied().unwrap_or("et").to_owned(),
            6 => "😀".to_owned(),
            7 => ".".to_owned(),
            _ => sequence.word().to_owned(),
        };
        text.push_str(&piece);
        text.push(' ');
        if text.len() % 700 < 12 {
            text.push_str("Voir https://acme.fr/aide ou écrire à support@acme.fr. ");
        }
    }
    text.chars().take(chars).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_synthetic_rules_all_compile() {
        let compiled = RuleSet::compile(&synthetic_rule_file(1_000), None);
        assert_eq!(compiled.map(|r| r.len()).map_err(|e| e.to_string()), Ok(1_000));
    }

    #[test]
    fn the_synthetic_draft_has_the_asked_length() {
        assert_eq!(synthetic_draft(2_000).chars().count(), 2_000);
    }
}
