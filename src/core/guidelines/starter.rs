//! Starter rule sets, French and English, that teams enable and adapt: brand safety, persona
//! and disclosure, financial services.
//!
//! Each is written in YAML (`starter/NAME.yaml`, what a team copies into its own file) and
//! shipped as JSON (`starter/NAME.json`), which the extension can load without a YAML parser.
//! A test holds both forms to the same rules; after editing a YAML file, regenerate its JSON
//! twin (`tact` reads either; any YAML-to-JSON converter will do).

use super::error::{RuleError, RuleProblem};
use super::rule_set::RuleSet;

/// (name, JSON, YAML)
const STARTERS: &[(&str, &str, &str)] = &[
    ("brand-safety-en", include_str!("starter/brand-safety-en.json"), include_str!("starter/brand-safety-en.yaml")),
    ("brand-safety-fr", include_str!("starter/brand-safety-fr.json"), include_str!("starter/brand-safety-fr.yaml")),
    (
        "persona-disclosure-en",
        include_str!("starter/persona-disclosure-en.json"),
        include_str!("starter/persona-disclosure-en.yaml"),
    ),
    (
        "persona-disclosure-fr",
        include_str!("starter/persona-disclosure-fr.json"),
        include_str!("starter/persona-disclosure-fr.yaml"),
    ),
    (
        "financial-services-en",
        include_str!("starter/financial-services-en.json"),
        include_str!("starter/financial-services-en.yaml"),
    ),
    (
        "financial-services-fr",
        include_str!("starter/financial-services-fr.json"),
        include_str!("starter/financial-services-fr.yaml"),
    ),
];

/// The names of the starter rule sets.
pub fn starter_names() -> Vec<&'static str> {
    STARTERS.iter().map(|(name, _, _)| *name).collect()
}

/// A starter's YAML, for a team to copy into its own rule file and adapt.
pub fn starter_yaml(name: &str) -> Option<&'static str> {
    STARTERS.iter().find(|(n, _, _)| *n == name).map(|(_, _, yaml)| *yaml)
}

/// A starter's JSON, the form the extension loads.
pub fn starter_json(name: &str) -> Option<&'static str> {
    STARTERS.iter().find(|(n, _, _)| *n == name).map(|(_, json, _)| *json)
}

impl RuleSet {
    /// A starter rule set by name (see [`starter_names`]).
    pub fn starter(name: &str) -> Result<RuleSet, RuleError> {
        let json = starter_json(name).ok_or_else(|| {
            RuleError::file(RuleProblem::UnknownStarter { name: name.to_owned(), known: starter_names().join(", ") })
        })?;
        RuleSet::from_json(json)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::load::{parse_json, parse_yaml};
    use super::*;

    #[test]
    fn every_starter_says_the_same_in_yaml_and_json() {
        for name in starter_names() {
            let yaml = parse_yaml(starter_yaml(name).unwrap_or_default()).map_err(|e| e.to_string());
            let json = parse_json(starter_json(name).unwrap_or_default()).map_err(|e| e.to_string());
            assert!(yaml.is_ok(), "{name}: {yaml:?}");
            assert_eq!(yaml, json, "{name}: the JSON twin is out of date");
        }
    }
}
