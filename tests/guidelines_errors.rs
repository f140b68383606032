#![cfg(not(target_arch = "wasm32"))]
//! Bad rule files are refused at load, with the rule, the field, the line and the reason.

use tact::core::guidelines::{RuleError, RuleProblem, RuleSet, MAX_PATTERN_CHARS, MAX_RULES};

fn refused(yaml: &str) -> RuleError {
    match RuleSet::from_yaml(yaml) {
        Ok(_) => panic!("accepted a bad file:\n{yaml}"),
        Err(error) => error,
    }
}

#[test]
fn an_unknown_severity_names_the_rule_the_field_and_the_line() {
    let yaml = "rules:\n  - id: ok\n    kind: forbidden\n    terms: [a]\n  - id: bad-one\n    kind: forbidden\n    severity: critical\n    terms: [b]\n";
    let error = refused(yaml);
    assert_eq!(error.rule_id.as_deref(), Some("bad-one"));
    assert_eq!(error.field.as_deref(), Some("severity"));
    assert_eq!(error.line, Some(7));
    assert!(error.to_string().contains("unknown variant `critical`"), "{error}");
    assert!(error.to_string().starts_with("rule `bad-one`, field `severity`, line 7"), "{error}");
}

#[test]
fn a_misspelt_field_is_refused_rather_than_ignored() {
    let error = refused("rules:\n  - id: typo\n    kind: forbidden\n    terms: [a]\n    severty: block\n");
    assert_eq!((error.rule_id.as_deref(), error.line), (Some("typo"), Some(5)));
    assert!(error.to_string().contains("unknown field `severty`"), "{error}");
}

#[test]
fn an_invalid_regex_is_refused_at_load_with_its_line() {
    let yaml = "rules:\n  - id: a\n    kind: forbidden\n    terms: [x]\n  - id: broken\n    kind: pattern\n    message: m\n    pattern: '(unclosed'\n";
    let error = refused(yaml);
    assert_eq!(error.rule_id.as_deref(), Some("broken"));
    assert_eq!(error.field.as_deref(), Some("pattern"));
    assert_eq!(error.line, Some(8));
    assert!(matches!(error.problem, RuleProblem::InvalidPattern(_)), "{error}");
}

#[test]
fn an_oversized_regex_is_refused_at_load() {
    let long = "a".repeat(MAX_PATTERN_CHARS + 1);
    let error = refused(&format!("rules:\n  - id: long\n    kind: pattern\n    message: m\n    pattern: '{long}'\n"));
    assert!(matches!(error.problem, RuleProblem::PatternTooLong { .. }), "{error}");
    let huge = "rules:\n  - id: huge\n    kind: pattern\n    message: m\n    pattern: '\\w{500}\\w{500}'\n";
    let error = refused(huge);
    assert!(error.to_string().contains("more than"), "{error}");
}

#[test]
fn a_regex_matching_empty_text_is_refused() {
    let error = refused("rules:\n  - id: empty\n    kind: pattern\n    message: m\n    pattern: 'a*'\n");
    assert_eq!(error.problem, RuleProblem::PatternMatchesEmpty);
}

#[test]
fn a_missing_field_for_the_kind_is_named() {
    let error = refused("rules:\n  - id: pref\n    kind: preferred\n    instead_of: [login]\n");
    assert_eq!(error.to_string(), "rule `pref`, field `prefer`, line 2: this field is required for a `preferred` rule");
}

#[test]
fn duplicate_ids_are_refused_at_the_second_one() {
    let error = refused("rules:\n  - id: twin\n    kind: shouting\n  - id: twin\n    kind: shouting\n");
    assert_eq!((error.problem.clone(), error.line), (RuleProblem::DuplicateId, Some(4)));
}

#[test]
fn a_bad_domain_and_an_empty_term_are_refused() {
    let error = refused("rules:\n  - id: l\n    kind: links\n    allowed_domains: [\"not a domain\"]\n");
    assert_eq!((error.field.as_deref(), error.line), (Some("allowed_domains"), Some(4)));
    let error = refused("rules:\n  - id: t\n    kind: forbidden\n    terms: [\"  \"]\n");
    assert_eq!(error.problem, RuleProblem::EmptyTerm);
}

#[test]
fn too_many_rules_are_refused() {
    let mut yaml = String::from("rules:\n");
    for i in 0..=MAX_RULES {
        yaml.push_str(&format!("  - {{id: r{i}, kind: shouting}}\n"));
    }
    assert!(matches!(refused(&yaml).problem, RuleProblem::TooManyRules { .. }));
}

#[test]
fn broken_yaml_and_json_report_a_line() {
    let error = refused("rules:\n  - id: x\n    kind: [unclosed\n");
    assert!(error.line.is_some(), "{error}");
    let json_error = RuleSet::from_json("{\"rules\": [{\"id\": \"j\", \"kind\": \"nope\"}]}").err();
    assert_eq!(json_error.as_ref().and_then(|e| e.rule_id.as_deref()), Some("j"));
    assert_eq!(json_error.as_ref().and_then(|e| e.field.as_deref()), Some("kind"));
    assert_eq!(json_error.and_then(|e| e.line), Some(1));
}
