//! Reports on the wire: what `GET /api/v1/reports` answers and the console draws.
//!
//! Every table is a list of flat rows, so each one is also a CSV (`core::reports::csv`). Times
//! are milliseconds; a percentile or a rate with nothing to measure is `null`, never 0.
//! Definitions are in `core::reports` and ARCHITECTURE.md ("Reports").

use serde::{Deserialize, Serialize};

/// How the report groups time. Periods are cut in UTC: a day is 00:00 to 24:00 UTC, a week
/// starts on Monday 00:00 UTC (ISO 8601), a month on the 1st.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Day,
    Week,
    Month,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Day, Period::Week, Period::Month];

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    pub fn parse(name: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|period| period.as_str() == name)
    }
}

/// The tables of a report, by the name `&table=` takes for its CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportTable {
    Overview,
    Replies,
    Approvals,
    Findings,
    Templates,
    UnusedTemplates,
    Interns,
}

impl ReportTable {
    pub const ALL: [ReportTable; 7] = [
        ReportTable::Overview,
        ReportTable::Replies,
        ReportTable::Approvals,
        ReportTable::Findings,
        ReportTable::Templates,
        ReportTable::UnusedTemplates,
        ReportTable::Interns,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportTable::Overview => "overview",
            ReportTable::Replies => "replies",
            ReportTable::Approvals => "approvals",
            ReportTable::Findings => "findings",
            ReportTable::Templates => "templates",
            ReportTable::UnusedTemplates => "unused_templates",
            ReportTable::Interns => "interns",
        }
    }

    pub fn parse(name: &str) -> Option<ReportTable> {
        ReportTable::ALL.into_iter().find(|table| table.as_str() == name)
    }
}

/// One period of the whole team: every member, every network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverviewRow {
    /// The period's first day: `2026-11-02` (a day, or a week's Monday) or `2026-11` (a month).
    pub period: String,
    pub replies: u64,
    /// How many replies had a response time (the team's first reply to a comment history saw).
    pub response_samples: u64,
    pub response_median_ms: Option<i64>,
    pub response_p90_ms: Option<i64>,
    /// Approval requests made in the period.
    pub approvals_requested: u64,
    /// Of those, decided (at any time up to the report's making).
    pub approvals_decided: u64,
    pub approvals_rejected: u64,
    /// Rejected / decided; `null` when none was decided.
    pub rejection_rate: Option<f64>,
    pub turnaround_median_ms: Option<i64>,
    pub turnaround_p90_ms: Option<i64>,
}

/// Replies of one member on one network in one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyRow {
    pub period: String,
    pub member_id: String,
    pub member_name: String,
    pub network: String,
    pub replies: u64,
    pub response_samples: u64,
    pub response_median_ms: Option<i64>,
    pub response_p90_ms: Option<i64>,
}

/// Approval requests of one member (the requester) on one network in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApprovalRow {
    pub period: String,
    pub member_id: String,
    pub member_name: String,
    pub network: String,
    pub requested: u64,
    pub decided: u64,
    pub rejected: u64,
    pub rejection_rate: Option<f64>,
    pub turnaround_median_ms: Option<i64>,
    pub turnaround_p90_ms: Option<i64>,
}

/// What one guideline rule caught over the whole range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingRow {
    pub rule_id: String,
    /// Approval requests whose draft had a finding of this rule.
    pub in_drafts: u64,
    /// Of those, rejected by an approver: the reply never went out as drafted.
    pub blocked_by_approver: u64,
    /// Of those, approved and published without any finding of this rule in the published
    /// record (the approver's edit removed it).
    pub fixed_before_posting: u64,
    /// Published replies whose record carries a finding of this rule (a warning kept, or a
    /// `block` finding posted around the guard).
    pub posted_with: u64,
}

/// A template and how many published replies started from it in the range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRow {
    pub template_id: String,
    /// The template's title today; empty for a template since deleted or not the team's.
    pub title: String,
    pub uses: u64,
}

/// Approvals needed because the writer is an intern, per period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InternRow {
    pub period: String,
    /// Requests whose reasons include the intern role (recorded when asked).
    pub requests: u64,
    pub approved: u64,
    pub rejected: u64,
    pub pending: u64,
}

/// `GET /api/v1/reports?from=YYYY-MM-DD&to=YYYY-MM-DD&period=day|week|month`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// First day included (UTC).
    pub from: String,
    /// Last day included (UTC).
    pub to: String,
    pub period: Period,
    /// Always `UTC`: the server keeps no time zone per team yet.
    pub time_zone: String,
    /// Every period of the range, in order, empty ones included (charts show the gaps).
    pub overview: Vec<OverviewRow>,
    pub replies: Vec<ReplyRow>,
    pub approvals: Vec<ApprovalRow>,
    pub findings: Vec<FindingRow>,
    /// The 20 most used templates, most used first.
    pub templates: Vec<TemplateRow>,
    /// The team's templates no published reply started from in the range, by title.
    pub unused_templates: Vec<TemplateRow>,
    pub interns: Vec<InternRow>,
}
