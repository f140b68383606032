//! Findings for people and programs: the text `tact check` prints, JSON, and the questions
//! the submit guard asks.

use super::draft::{Finding, Severity};

/// Whether a finding stops the reply from being posted.
pub fn has_blocking(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Block)
}

/// Whether a finding calls for a manager's approval before posting.
pub fn needs_approval(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Approval)
}

/// The findings as a JSON array (the same shape the extension receives).
pub fn format_findings_json(findings: &[Finding]) -> String {
    serde_json::to_string_pretty(findings).unwrap_or_else(|_| "[]".to_owned())
}

/// One line per finding: severity, rule, `line:column` (1-based, in characters), the text
/// found, the message and the suggested fix; then a count by severity.
///
/// ```text
/// block  no-promise  1:12  “guaranteed”  “guaranteed” is not used in our replies. → likely
/// 1 finding: 1 block
/// ```
pub fn format_findings_human(findings: &[Finding], text: &str) -> String {
    let mut out = String::new();
    for finding in findings {
        let (line, column) = line_and_column(text, finding.start);
        let found = utf16_slice(text, finding.start, finding.end);
        out.push_str(&format!("{:<8} {}  {line}:{column}", finding.severity.as_str(), finding.rule_id));
        if !found.is_empty() {
            out.push_str(&format!("  “{}”", found.replace('\n', " ")));
        }
        out.push_str(&format!("  {}", finding.message));
        if let Some(fix) = finding.replacements.first() {
            out.push_str(&format!(" → {}", fix.trim()));
        }
        out.push('\n');
    }
    out.push_str(&summary(findings));
    out.push('\n');
    out
}

fn summary(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "No findings.".to_owned();
    }
    let counts: Vec<String> = [Severity::Block, Severity::Approval, Severity::Warn, Severity::Info]
        .iter()
        .filter_map(|&severity| {
            let count = findings.iter().filter(|f| f.severity == severity).count();
            (count > 0).then(|| format!("{count} {}", severity.as_str()))
        })
        .collect();
    let noun = if findings.len() == 1 { "finding" } else { "findings" };
    format!("{} {noun}: {}", findings.len(), counts.join(", "))
}

/// 1-based line and column (in characters) of a UTF-16 offset.
fn line_and_column(text: &str, utf16_offset: usize) -> (usize, usize) {
    let (mut line, mut column, mut units) = (1, 1, 0);
    for c in text.chars() {
        if units >= utf16_offset {
            break;
        }
        units += c.len_utf16();
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

/// The characters between two UTF-16 offsets of `text` (what a finding points at).
pub fn text_in_range(text: &str, start: usize, end: usize) -> String {
    utf16_slice(text, start, end)
}

fn utf16_slice(text: &str, start: usize, end: usize) -> String {
    let mut units = 0;
    let mut out = String::new();
    for c in text.chars() {
        if units >= start && units < end {
            out.push(c);
        }
        units += c.len_utf16();
        if units >= end {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::guidelines::RuleKind;

    #[test]
    fn a_finding_prints_on_one_line_with_its_place_and_fix() {
        let finding = Finding {
            rule_id: "no-cheap".to_owned(),
            kind: RuleKind::Forbidden,
            severity: Severity::Block,
            message: "Not “cheap”.".to_owned(),
            start: 8,
            end: 13,
            replacements: vec!["affordable".to_owned()],
        };
        let text = "Ça 😀\nA cheap one";
        let out = format_findings_human(&[finding], text);
        assert_eq!(out, "block    no-cheap  2:3  “cheap”  Not “cheap”. → affordable\n1 finding: 1 block\n");
    }
}
