//! What is checked (a draft and who writes it) and what a check finds.

use serde::{Deserialize, Serialize};

use crate::core::library::detect_language;
use crate::core::model::{Lang, Network};

/// A reply being written: its text, where it will be posted and who writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub text: String,
    /// `None` for forums, blogs and other sites that are not a known network.
    #[serde(default)]
    pub network: Option<Network>,
    /// `None` when the writer did not say: the check then tells it from the text (see
    /// [`Draft::effective_language`]).
    #[serde(default)]
    pub language: Option<Lang>,
    pub role: Role,
}

impl Draft {
    /// A draft for a network (or `None` for a forum), in a language (a [`Lang`], or `None` to
    /// let the check tell it from the text), written by someone in a role.
    pub fn new(
        text: impl Into<String>,
        network: Option<Network>,
        language: impl Into<Option<Lang>>,
        role: Role,
    ) -> Draft {
        Draft { text: text.into(), network, language: language.into(), role }
    }

    /// The language rules are scoped and messages written by: the one given, else the one the
    /// text is written in, else `None` (too short or mixed to tell), in which case rules of
    /// every language apply (a blocking rule is not skipped for want of a language) and
    /// messages are in English.
    pub fn effective_language(&self) -> Option<Lang> {
        self.language.or_else(|| detect_language(&self.text))
    }
}

/// The writer's role in the team (rules can apply to some roles only, e.g. interns): the one
/// definition, from the permission matrix.
pub use crate::core::policy::Role;

/// How serious a finding is, from a hint to a reply that cannot be posted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A hint; nothing stops the reply.
    Info,
    /// Worth fixing; the reply can still be posted.
    #[default]
    Warn,
    /// Needs a manager's approval before it is posted.
    Approval,
    /// Cannot be posted as it is.
    Block,
}

impl Severity {
    /// The name used in rule files and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warn => "warn",
            Severity::Approval => "approval",
            Severity::Block => "block",
        }
    }
}

/// Where a rule applies: a known network, or `generic` for forums and blogs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Venue {
    X,
    Linkedin,
    Facebook,
    Instagram,
    Youtube,
    Reddit,
    Tiktok,
    Generic,
}

impl Venue {
    pub const ALL: [Venue; 8] = [
        Venue::X,
        Venue::Linkedin,
        Venue::Facebook,
        Venue::Instagram,
        Venue::Youtube,
        Venue::Reddit,
        Venue::Tiktok,
        Venue::Generic,
    ];

    /// The venue of a draft posted on `network` (`None`: a forum or a blog).
    pub fn of(network: Option<Network>) -> Venue {
        match network {
            Some(Network::X) => Venue::X,
            Some(Network::Linkedin) => Venue::Linkedin,
            Some(Network::Facebook) => Venue::Facebook,
            Some(Network::Instagram) => Venue::Instagram,
            Some(Network::Youtube) => Venue::Youtube,
            Some(Network::Reddit) => Venue::Reddit,
            Some(Network::Tiktok) => Venue::Tiktok,
            None => Venue::Generic,
        }
    }

    /// The name used in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            Venue::X => "x",
            Venue::Linkedin => "linkedin",
            Venue::Facebook => "facebook",
            Venue::Instagram => "instagram",
            Venue::Youtube => "youtube",
            Venue::Reddit => "reddit",
            Venue::Tiktok => "tiktok",
            Venue::Generic => "generic",
        }
    }
}

/// The kind of a rule, carried by its findings so the panel can group and explain them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    Forbidden,
    Preferred,
    Required,
    Pattern,
    PersonalData,
    Length,
    Links,
    Shouting,
    Competitor,
    Persona,
}

/// One problem in a draft: which rule, how serious, what to say, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule_id: String,
    pub kind: RuleKind,
    pub severity: Severity,
    /// In the draft's language.
    pub message: String,
    /// Start of the range, in UTF-16 code units of the draft's text (what the DOM uses).
    pub start: usize,
    /// End of the range (exclusive), in UTF-16 code units. Equal to `start` for something
    /// missing (a required disclosure): the place where it would be inserted.
    pub end: usize,
    /// Texts that can replace the range, best first; empty when there is no one-click fix.
    pub replacements: Vec<String>,
}
