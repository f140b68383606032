//! The console's rules editor asks this module (loaded beside the console's own, which has no
//! room for the engine) to read a draft rule file and check a sample reply against it.

use wasm_bindgen::prelude::wasm_bindgen;

use crate::core::guidelines::{starter_json, Draft, Role, RuleSet};
use crate::core::library::detect_language;

/// Reads `rules` (a rule file as JSON) and checks `text` with it, as an agent writing with no
/// network. Answers JSON: `{"rules": n, "findings": [...]}`, or `{"error": "...", "line": n}`
/// with the rule, the field, the line and the reason in the sentence.
#[wasm_bindgen]
pub fn guidelines_try_rules(rules: &str, text: String) -> String {
    let answer = match RuleSet::from_json(rules) {
        Ok(set) => {
            let language = detect_language(&text);
            let findings = set.check(&Draft::new(text, None, language, Role::Agent));
            serde_json::json!({ "rules": set.len(), "findings": findings })
        }
        Err(error) => serde_json::json!({ "error": error.to_string(), "line": error.line }),
    };
    answer.to_string()
}

/// A starter rule set's JSON text, or an empty string for an unknown name.
#[wasm_bindgen]
pub fn guidelines_starter(name: &str) -> String {
    starter_json(name).unwrap_or_default().to_owned()
}
