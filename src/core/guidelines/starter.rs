//! Starter rule sets, French and English, that teams enable and adapt: brand safety, persona
//! and disclosure, financial services.

use super::error::{RuleError, RuleProblem};
use super::rule_set::RuleSet;

const STARTERS: &[(&str, &str)] = &[
    ("brand-safety-en", include_str!("starter/brand-safety-en.yaml")),
    ("brand-safety-fr", include_str!("starter/brand-safety-fr.yaml")),
    ("persona-disclosure-en", include_str!("starter/persona-disclosure-en.yaml")),
    ("persona-disclosure-fr", include_str!("starter/persona-disclosure-fr.yaml")),
    ("financial-services-en", include_str!("starter/financial-services-en.yaml")),
    ("financial-services-fr", include_str!("starter/financial-services-fr.yaml")),
];

/// The names of the starter rule sets.
pub fn starter_names() -> Vec<&'static str> {
    STARTERS.iter().map(|(name, _)| *name).collect()
}

/// A starter's YAML, for a team to copy into its own rule file and adapt.
pub fn starter_yaml(name: &str) -> Option<&'static str> {
    STARTERS.iter().find(|(n, _)| *n == name).map(|(_, yaml)| *yaml)
}

impl RuleSet {
    /// A starter rule set by name (see [`starter_names`]).
    pub fn starter(name: &str) -> Result<RuleSet, RuleError> {
        let yaml = starter_yaml(name).ok_or_else(|| {
            RuleError::file(RuleProblem::UnknownStarter { name: name.to_owned(), known: starter_names().join(", ") })
        })?;
        RuleSet::from_yaml(yaml)
    }
}
