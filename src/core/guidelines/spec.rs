//! The rule file as written: what serde reads from YAML or JSON, before anything is compiled.
//! Unknown fields are refused, so a misspelt `severty` is an error, not a silently ignored line.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::draft::{Role, RuleKind, Severity, Venue};
use crate::core::model::Lang;

/// A whole rule file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Format version; only 1 exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
}

/// One rule as written. Fields that do not belong to the rule's kind are ignored by it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub kind: RuleKind,
    #[serde(default)]
    pub severity: Severity,
    /// Replaces the built-in message; `{term}` and `{suggestion}` are filled in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<LocalizedText>,
    /// Why the term is a problem (forbidden, competitor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<LocalizedText>,
    /// Free text for the people who maintain the rules; never shown on a finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default = "yes")]
    pub enabled: bool,

    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub networks: Vec<Venue>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<Lang>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,

    #[serde(default)]
    pub case_sensitive: bool,
    #[serde(default)]
    pub accent_sensitive: bool,
    #[serde(default = "yes")]
    pub whole_words: bool,

    /// forbidden, competitor, persona (added to the built-in phrases).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<String>,
    /// forbidden, competitor, pattern: replacements offered.
    #[serde(default, skip_serializing_if = "OneOrMany::is_empty")]
    pub suggest: OneOrMany,
    /// preferred: the term to write...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefer: Option<String>,
    /// ...instead of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instead_of: Vec<String>,
    /// required: the text (any one of them) that must be present.
    #[serde(default, skip_serializing_if = "OneOrMany::is_empty")]
    pub text: OneOrMany,
    /// required: only when one of these terms appears (always when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub when_any: Vec<String>,
    #[serde(default)]
    pub position: Position,
    /// required: put between the draft and the inserted text by the fix (default a space).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub separator: Option<String>,
    /// pattern: a regular expression (Rust `regex` syntax).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// personal_data: which detectors run (all when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub detect: Vec<Detector>,
    /// length: a limit for every network in scope, instead of each network's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// length: limits per network, over the networks' own.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub limits: BTreeMap<Venue, u32>,
    /// links: the only domains links may point to (subdomains included); any when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_domains: Vec<String>,
    /// links: more shortener domains, besides the built-in list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shorteners: Vec<String>,
    #[serde(default)]
    pub allow_shorteners: bool,
    /// shouting: letters in a run of capitals that count as shouting (0: never).
    #[serde(default = "default_caps_min_letters")]
    pub caps_min_letters: u32,
    /// shouting: how many `!` or `?` in a row are still fine (0: never flagged).
    #[serde(default = "default_max_repeated_punctuation")]
    pub max_repeated_punctuation: u32,
    /// persona: whether the built-in phrases ("I bought", "j'ai acheté"...) are used.
    #[serde(default = "yes")]
    pub builtin: bool,
}

fn yes() -> bool {
    true
}

fn default_caps_min_letters() -> u32 {
    8
}

fn default_max_repeated_punctuation() -> u32 {
    2
}

/// A message in one text for every language, or one per language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LocalizedText {
    Same(String),
    PerLanguage {
        #[serde(default)]
        en: Option<String>,
        #[serde(default)]
        fr: Option<String>,
    },
}

impl LocalizedText {
    /// The text for `lang`, or the other language's when only that one is given.
    pub fn get(&self, lang: Lang) -> &str {
        match self {
            LocalizedText::Same(text) => text,
            LocalizedText::PerLanguage { en, fr } => {
                let (wanted, other) = match lang {
                    Lang::En => (en, fr),
                    Lang::Fr => (fr, en),
                };
                wanted.as_deref().or(other.as_deref()).unwrap_or("")
            }
        }
    }
}

/// One string or a list of strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
    #[default]
    #[serde(skip)]
    None,
}

impl OneOrMany {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(one) => vec![one.clone()],
            OneOrMany::Many(many) => many.clone(),
            OneOrMany::None => Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            OneOrMany::One(_) => false,
            OneOrMany::Many(many) => many.is_empty(),
            OneOrMany::None => true,
        }
    }
}

/// Where required text must stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    #[default]
    Anywhere,
    Start,
    End,
}

/// The built-in personal-data detectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Detector {
    Email,
    Phone,
    Iban,
    Card,
}

impl Detector {
    pub const ALL: [Detector; 4] = [Detector::Email, Detector::Phone, Detector::Iban, Detector::Card];
}
