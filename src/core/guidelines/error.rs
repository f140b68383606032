//! Why a rule file was refused, and where: the rule, the field, the line.

use std::fmt;

/// A rule file that cannot be used. Nothing of it is loaded: a team never runs half its rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// The `id` of the faulty rule, when the problem is inside one.
    pub rule_id: Option<String>,
    /// The field at fault, as a path (`rules[3].severity`, or `pattern` inside a known rule).
    pub field: Option<String>,
    /// 1-based line in the rule file, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    pub problem: RuleProblem,
}

/// What is wrong, in words a community manager can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleProblem {
    #[error("{0}")]
    Syntax(String),
    #[error("this field is required for a `{kind}` rule")]
    MissingField { kind: &'static str },
    #[error("a term is empty once spaces and punctuation are set aside")]
    EmptyTerm,
    #[error("a term is {length} characters long; at most {max} are allowed")]
    TermTooLong { length: usize, max: usize },
    #[error("the regular expression is invalid: {0}")]
    InvalidPattern(String),
    #[error("the regular expression is {length} characters long; at most {max} are allowed")]
    PatternTooLong { length: usize, max: usize },
    #[error("the regular expression matches empty text, so it would flag every position")]
    PatternMatchesEmpty,
    #[error("another rule already has this id")]
    DuplicateId,
    #[error("the id must be 1 to {max} letters, digits, `-`, `_` or `.`")]
    InvalidId { max: usize },
    #[error("the file has {count} rules; at most {max} are allowed")]
    TooManyRules { count: usize, max: usize },
    #[error("the file has {count} terms in all; at most {max} are allowed")]
    TooManyTerms { count: usize, max: usize },
    #[error("`{0}` is not a domain name (write it like `example.com`)")]
    InvalidDomain(String),
    #[error("the limit must be at least 1")]
    ZeroLimit,
    #[error("no starter rule set is called `{name}` (known: {known})")]
    UnknownStarter { name: String, known: String },
}

impl RuleError {
    /// A problem with the file as a whole.
    pub fn file(problem: RuleProblem) -> RuleError {
        RuleError { rule_id: None, field: None, line: None, column: None, problem }
    }

    /// A problem in one field of one rule.
    pub fn in_rule(rule_id: &str, field: &str, problem: RuleProblem) -> RuleError {
        RuleError {
            rule_id: Some(rule_id.to_owned()),
            field: Some(field.to_owned()),
            line: None,
            column: None,
            problem,
        }
    }

    pub(crate) fn at_line(mut self, line: Option<usize>) -> RuleError {
        if self.line.is_none() {
            self.line = line;
        }
        self
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut place = Vec::new();
        if let Some(id) = &self.rule_id {
            place.push(format!("rule `{id}`"));
        }
        if let Some(field) = &self.field {
            place.push(format!("field `{field}`"));
        }
        match (self.line, self.column) {
            (Some(line), Some(column)) => place.push(format!("line {line}, column {column}")),
            (Some(line), None) => place.push(format!("line {line}")),
            _ => {}
        }
        if place.is_empty() {
            write!(f, "{}", self.problem)
        } else {
            write!(f, "{}: {}", place.join(", "), self.problem)
        }
    }
}

impl std::error::Error for RuleError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_names_the_rule_the_field_and_the_line() {
        let error = RuleError::in_rule("no-promise", "pattern", RuleProblem::PatternMatchesEmpty).at_line(Some(7));
        assert_eq!(
            error.to_string(),
            "rule `no-promise`, field `pattern`, line 7: the regular expression matches empty text, so it would flag every position"
        );
    }
}
