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
    // Written by hand rather than built as a `serde_json::Value`: the module is over its budget.
    let quoted = |text: &str| serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned());
    match RuleSet::from_json(rules) {
        Ok(set) => {
            let language = detect_language(&text);
            let findings = set.check(&Draft::new(text, None, language, Role::Agent));
            let findings = serde_json::to_string(&findings).unwrap_or_else(|_| "[]".to_owned());
            format!("{{\"rules\":{},\"findings\":{findings}}}", set.len())
        }
        Err(error) => {
            let line = error.line.map_or_else(|| "null".to_owned(), |line| line.to_string());
            format!("{{\"error\":{},\"line\":{line}}}", quoted(&error.to_string()))
        }
    }
}

/// A starter rule set's JSON text, or an empty string for an unknown name.
#[wasm_bindgen]
pub fn guidelines_starter(name: &str) -> String {
    starter_json(name).unwrap_or_default().to_owned()
}
