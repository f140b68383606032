//! The rule sets that apply to one writer, gathered from where they come from (the team's copy
//! kept by sync, the starter sets a person enabled, rule files they imported), compiled once and
//! checked as one. A source that does not compile is left out and named, never half-loaded.

use serde::{Deserialize, Serialize};

use super::check::{sort_findings, MAX_FINDINGS};
use super::draft::{Draft, Finding, Severity};
use super::rule_set::RuleSet;

/// A rule file a person imported on this device (JSON text, kept as typed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedRules {
    /// The file's name, as chosen.
    pub name: String,
    pub source: String,
}

/// A source left out, and why (for the console and the settings page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceProblem {
    /// `team:<id>`, `starter:<name>` or `file:<name>`.
    pub source: String,
    pub error: String,
}

/// Every rule set in force, compiled.
#[derive(Debug, Default)]
pub struct Guidelines {
    sets: Vec<RuleSet>,
    pub problems: Vec<SourceProblem>,
}

impl Guidelines {
    /// Compiles the team's rule sets (`(id, rule file JSON)`, from `{"<id>": <rule file>}` as
    /// sync stores it), the enabled starters and the imported files.
    pub fn compile(team: &[(String, String)], starters: &[String], imported: &[ImportedRules]) -> Guidelines {
        let mut guidelines = Guidelines::default();
        for (id, json) in team {
            guidelines.add(format!("team:{id}"), RuleSet::from_json(json).map_err(|e| e.to_string()));
        }
        for name in starters {
            guidelines.add(format!("starter:{name}"), RuleSet::starter(name).map_err(|e| e.to_string()));
        }
        for file in imported {
            guidelines.add(format!("file:{}", file.name), RuleSet::from_json(&file.source).map_err(|e| e.to_string()));
        }
        guidelines
    }

    fn add(&mut self, source: String, compiled: Result<RuleSet, String>) {
        match compiled {
            Ok(set) => self.sets.push(set),
            Err(error) => self.problems.push(SourceProblem { source, error }),
        }
    }

    /// How many rules are in force, across sets.
    pub fn rule_count(&self) -> usize {
        self.sets.iter().map(RuleSet::len).sum()
    }

    /// Every finding of every set, in text order (at most [`MAX_FINDINGS`]).
    pub fn check(&self, draft: &Draft) -> Vec<Finding> {
        let mut findings: Vec<Finding> = match self.sets.as_slice() {
            [] => return Vec::new(),
            [only] => return only.check(draft),
            sets => sets.iter().flat_map(|set| set.check(draft)).collect(),
        };
        sort_findings(&mut findings, |a, b| {
            (a.start, std::cmp::Reverse(a.severity)).cmp(&(b.start, std::cmp::Reverse(b.severity)))
        });
        findings.truncate(MAX_FINDINGS);
        findings
    }
}

/// How many findings of each severity: what the badge beside a reply box shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeverityCounts {
    pub info: usize,
    pub warn: usize,
    pub approval: usize,
    pub block: usize,
}

impl SeverityCounts {
    pub fn of(findings: &[Finding]) -> SeverityCounts {
        let mut counts = SeverityCounts::default();
        for finding in findings {
            match finding.severity {
                Severity::Info => counts.info += 1,
                Severity::Warn => counts.warn += 1,
                Severity::Approval => counts.approval += 1,
                Severity::Block => counts.block += 1,
            }
        }
        counts
    }

    pub fn total(&self) -> usize {
        self.info + self.warn + self.approval + self.block
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::guidelines::Role;
    use crate::core::model::Lang;

    fn team() -> Vec<(String, String)> {
        vec![
            ("broken".into(), r#"{"rules": [{"id": "bad", "kind": "pattern", "pattern": "("}]}"#.into()),
            ("voice".into(), r#"{"rules": [{"id": "no-cheap", "kind": "forbidden", "terms": ["cheap"], "suggest": "affordable"}]}"#.into()),
        ]
    }

    fn draft(text: &str) -> Draft {
        Draft::new(text, None, Lang::En, Role::Agent)
    }

    #[test]
    fn team_starter_and_imported_rules_are_checked_together_in_text_order() {
        let imported = ImportedRules {
            name: "mine.json".into(),
            source: r#"{"rules": [{"id": "no-asap", "kind": "forbidden", "severity": "block", "terms": ["asap"]}]}"#.into(),
        };
        let guidelines = Guidelines::compile(&team(), &["brand-safety-en".into()], &[imported]);
        let findings = guidelines.check(&draft("Asap, a cheap fix, you idiot"));
        let ids: Vec<&str> = findings.iter().map(|f| f.rule_id.as_str()).collect();
        assert_eq!(ids, ["no-asap", "no-cheap", "safety-en.profanity"]);
        assert_eq!(SeverityCounts::of(&findings), SeverityCounts { info: 0, warn: 1, approval: 0, block: 2 });
    }

    #[test]
    fn a_set_that_does_not_compile_is_named_and_the_others_still_run() {
        let guidelines = Guidelines::compile(&team(), &["no-such-starter".into()], &[]);
        let sources: Vec<&str> = guidelines.problems.iter().map(|p| p.source.as_str()).collect();
        assert_eq!(sources, ["team:broken", "starter:no-such-starter"]);
        assert_eq!(guidelines.rule_count(), 1);
        assert!(guidelines.problems[0].error.contains("rule `bad`"), "{}", guidelines.problems[0].error);
    }

    #[test]
    fn no_rules_find_nothing() {
        let guidelines = Guidelines::compile(&[], &[], &[]);
        assert!(guidelines.check(&draft("a cheap fix")).is_empty());
        assert!(guidelines.problems.is_empty());
    }
}
