//! Each report table as CSV (RFC 4180: comma-separated, CRLF line ends, a header line).
//!
//! Cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or
//! a carriage return) get a leading `'`: member names and rule ids come from people, and a CSV
//! is opened in Excel by whoever reads the monthly report. Numbers are written as numbers.

use crate::core::model::reports::{
    ApprovalRow, FindingRow, InternRow, OverviewRow, Report, ReplyRow, ReportTable, TemplateRow,
};

/// One table of `report` as CSV text.
pub fn table_csv(report: &Report, table: ReportTable) -> String {
    match table {
        ReportTable::Overview => write(OVERVIEW_HEADER, report.overview.iter().map(overview_cells)),
        ReportTable::Replies => write(REPLIES_HEADER, report.replies.iter().map(reply_cells)),
        ReportTable::Approvals => write(APPROVALS_HEADER, report.approvals.iter().map(approval_cells)),
        ReportTable::Findings => write(FINDINGS_HEADER, report.findings.iter().map(finding_cells)),
        ReportTable::Templates => write(TEMPLATES_HEADER, report.templates.iter().map(template_cells)),
        ReportTable::UnusedTemplates => write(TEMPLATES_HEADER, report.unused_templates.iter().map(template_cells)),
        ReportTable::Interns => write(INTERNS_HEADER, report.interns.iter().map(intern_cells)),
    }
}

/// The file name a table downloads as: `tact-report-2026-11-01-2026-11-30-replies.csv`.
pub fn table_file_name(report: &Report, table: ReportTable) -> String {
    format!("tact-report-{}-{}-{}.csv", report.from, report.to, table.as_str())
}

const OVERVIEW_HEADER: &[&str] = &[
    "period",
    "replies",
    "response_samples",
    "response_median_ms",
    "response_p90_ms",
    "approvals_requested",
    "approvals_decided",
    "approvals_rejected",
    "rejection_rate",
    "turnaround_median_ms",
    "turnaround_p90_ms",
];
const REPLIES_HEADER: &[&str] = &[
    "period",
    "member_id",
    "member_name",
    "network",
    "replies",
    "response_samples",
    "response_median_ms",
    "response_p90_ms",
];
const APPROVALS_HEADER: &[&str] = &[
    "period",
    "member_id",
    "member_name",
    "network",
    "requested",
    "decided",
    "rejected",
    "rejection_rate",
    "turnaround_median_ms",
    "turnaround_p90_ms",
];
const FINDINGS_HEADER: &[&str] = &["rule_id", "in_drafts", "blocked_by_approver", "fixed_before_posting", "posted_with"];
const TEMPLATES_HEADER: &[&str] = &["template_id", "title", "uses"];
const INTERNS_HEADER: &[&str] = &["period", "requests", "approved", "rejected", "pending"];

fn number(value: u64) -> String {
    value.to_string()
}

fn maybe_ms(value: Option<i64>) -> String {
    value.map(|ms| ms.to_string()).unwrap_or_default()
}

fn maybe_rate(value: Option<f64>) -> String {
    value.map(|rate| rate.to_string()).unwrap_or_default()
}

fn overview_cells(row: &OverviewRow) -> Vec<String> {
    vec![
        text(&row.period),
        number(row.replies),
        number(row.response_samples),
        maybe_ms(row.response_median_ms),
        maybe_ms(row.response_p90_ms),
        number(row.approvals_requested),
        number(row.approvals_decided),
        number(row.approvals_rejected),
        maybe_rate(row.rejection_rate),
        maybe_ms(row.turnaround_median_ms),
        maybe_ms(row.turnaround_p90_ms),
    ]
}

fn reply_cells(row: &ReplyRow) -> Vec<String> {
    vec![
        text(&row.period),
        text(&row.member_id),
        text(&row.member_name),
        text(&row.network),
        number(row.replies),
        number(row.response_samples),
        maybe_ms(row.response_median_ms),
        maybe_ms(row.response_p90_ms),
    ]
}

fn approval_cells(row: &ApprovalRow) -> Vec<String> {
    vec![
        text(&row.period),
        text(&row.member_id),
        text(&row.member_name),
        text(&row.network),
        number(row.requested),
        number(row.decided),
        number(row.rejected),
        maybe_rate(row.rejection_rate),
        maybe_ms(row.turnaround_median_ms),
        maybe_ms(row.turnaround_p90_ms),
    ]
}

fn finding_cells(row: &FindingRow) -> Vec<String> {
    vec![
        text(&row.rule_id),
        number(row.in_drafts),
        number(row.blocked_by_approver),
        number(row.fixed_before_posting),
        number(row.posted_with),
    ]
}

fn template_cells(row: &TemplateRow) -> Vec<String> {
    vec![text(&row.template_id), text(&row.title), number(row.uses)]
}

fn intern_cells(row: &InternRow) -> Vec<String> {
    vec![text(&row.period), number(row.requests), number(row.approved), number(row.rejected), number(row.pending)]
}

/// A text cell, defused against formulas.
fn text(value: &str) -> String {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    }
}

/// A cell quoted when it holds a comma, a quote or a line break (quotes doubled).
fn quoted(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

fn write(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = header.join(",");
    out.push_str("\r\n");
    for cells in rows {
        let line: Vec<String> = cells.iter().map(|cell| quoted(cell)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_with_commas_quotes_or_breaks_are_quoted() {
        assert_eq!(quoted("plain"), "plain");
        assert_eq!(quoted("Dupont, Marie"), "\"Dupont, Marie\"");
        assert_eq!(quoted("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quoted("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn a_cell_that_would_run_as_a_formula_is_defused() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("@sum"), "'@sum");
        assert_eq!(text("-1"), "'-1");
        assert_eq!(text("Léa"), "Léa");
    }

    #[test]
    fn a_table_has_its_header_and_one_line_per_row() {
        let rows = [TemplateRow { template_id: "merci".into(), title: "Merci, à vous".into(), uses: 3 }];
        let csv = write(TEMPLATES_HEADER, rows.iter().map(template_cells));
        assert_eq!(csv, "template_id,title,uses\r\nmerci,\"Merci, à vous\",3\r\n");
    }
}
