//! What a report is computed from: the records of the range, reduced to the fields reports
//! read, and the range itself.

use crate::core::model::approvals::ApprovalStatus;
use crate::core::model::reports::Period;

use super::calendar::{day_text, parse_day, DAY_MS};

/// The longest range a report covers, in days (a year and a leap day).
pub const MAX_RANGE_DAYS: i64 = 366;

/// Why a report cannot be made, for a person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("the {0} date must be a real day written YYYY-MM-DD, e.g. 2026-11-01")]
    BadDate(&'static str),
    #[error("the first day comes after the last day")]
    Reversed,
    #[error("a report covers at most {MAX_RANGE_DAYS} days; ask for a shorter range")]
    TooLong,
    #[error("the period must be day, week or month")]
    BadPeriod,
}

/// The days a report covers, both ends included, in UTC day numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportRange {
    pub first_day: i64,
    pub last_day: i64,
}

impl ReportRange {
    /// The range from `from` to `to` (`YYYY-MM-DD`, both included).
    pub fn parse(from: &str, to: &str) -> Result<ReportRange, ReportError> {
        let first_day = parse_day(from.trim()).ok_or(ReportError::BadDate("first"))?;
        let last_day = parse_day(to.trim()).ok_or(ReportError::BadDate("last"))?;
        if first_day > last_day {
            return Err(ReportError::Reversed);
        }
        if last_day - first_day + 1 > MAX_RANGE_DAYS {
            return Err(ReportError::TooLong);
        }
        Ok(ReportRange { first_day, last_day })
    }

    /// The first instant of the range (ms, included).
    pub fn start_ms(self) -> i64 {
        self.first_day * DAY_MS
    }

    /// The instant after the range (ms, excluded): midnight UTC after the last day.
    pub fn end_ms(self) -> i64 {
        (self.last_day + 1) * DAY_MS
    }

    pub fn contains_ms(self, ms: i64) -> bool {
        (self.start_ms()..self.end_ms()).contains(&ms)
    }

    pub fn from_text(self) -> String {
        day_text(self.first_day)
    }

    pub fn to_text(self) -> String {
        day_text(self.last_day)
    }
}

/// Parses `day`, `week` or `month`.
pub fn parse_period(name: &str) -> Result<Period, ReportError> {
    Period::parse(name.trim()).ok_or(ReportError::BadPeriod)
}

/// A published reply, as reports read it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReplyFact {
    pub id: String,
    pub member_id: String,
    pub member_name: String,
    /// The site it was posted on (`x`, `linkedin`, ...).
    pub network: String,
    pub posted_ms: i64,
    pub template_id: Option<String>,
    /// The rules with a finding in the published record, each once.
    pub rule_ids: Vec<String>,
    /// When the mention history first saw the comment answered (same permalink), if it did.
    pub comment_first_seen_ms: Option<i64>,
    /// True when no reply of the team to the same comment was posted before this one (by
    /// `posted_ms`, then id). Only a first reply has a response time.
    pub first_reply: bool,
}

/// An approval request, as reports read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalFact {
    pub id: String,
    pub member_id: String,
    pub member_name: String,
    /// The network of the comment it answers (the context's platform).
    pub network: String,
    pub created_ms: i64,
    pub status: ApprovalStatus,
    pub decided_ms: Option<i64>,
    /// The policy asked for it because the writer is an intern (a `role` reason, recorded when
    /// the request was made).
    pub intern_reason: bool,
    /// The rules with a finding on the draft, each once.
    pub draft_rule_ids: Vec<String>,
    /// The rules with a finding in the published reply posted under this approval (each once);
    /// `None` while no reply was published under it.
    pub published_rule_ids: Option<Vec<String>>,
}

/// A team template, as reports name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateFact {
    pub id: String,
    pub title: String,
}

/// Everything one report reads: the replies posted in the range, the approval requests made in
/// it, and the team's templates today.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportFacts {
    pub replies: Vec<ReplyFact>,
    pub approvals: Vec<ApprovalFact>,
    pub templates: Vec<TemplateFact>,
}

/// The distinct rule ids of some findings, sorted: a rule found twice in one text counts once.
pub fn distinct_rules<'a>(rule_ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut rules: Vec<String> = rule_ids.into_iter().map(str::to_owned).collect();
    rules.sort();
    rules.dedup();
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_includes_both_of_its_days() {
        let range = ReportRange::parse("2026-11-01", "2026-11-30").expect("range");
        assert_eq!(range.end_ms() - range.start_ms(), 30 * DAY_MS);
        assert!(range.contains_ms(range.start_ms()));
        assert!(range.contains_ms(range.end_ms() - 1));
        assert!(!range.contains_ms(range.end_ms()));
        assert_eq!((range.from_text(), range.to_text()), ("2026-11-01".into(), "2026-11-30".into()));
    }

    #[test]
    fn bad_ranges_say_what_is_wrong() {
        assert_eq!(ReportRange::parse("2026-11-31", "2026-12-01"), Err(ReportError::BadDate("first")));
        assert_eq!(ReportRange::parse("2026-11-01", "yesterday"), Err(ReportError::BadDate("last")));
        assert_eq!(ReportRange::parse("2026-11-02", "2026-11-01"), Err(ReportError::Reversed));
        assert_eq!(ReportRange::parse("2025-01-01", "2026-01-02"), Err(ReportError::TooLong));
        assert!(ReportRange::parse("2024-01-01", "2024-12-31").is_ok(), "a leap year fits");
        assert_eq!(parse_period("fortnight"), Err(ReportError::BadPeriod));
    }
}
