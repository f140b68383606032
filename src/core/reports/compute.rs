//! The report from its facts: grouping by period, member and network, and the statistics of each
//! group. Pure and deterministic: the same facts give the same report, rows in a fixed order.

use std::collections::{BTreeMap, HashMap};

use crate::core::model::approvals::ApprovalStatus;
use crate::core::model::reports::{
    ApprovalRow, FindingRow, InternRow, OverviewRow, Period, Report, ReplyRow, TemplateRow,
};

use super::calendar::{day_of, next_period, period_label, period_start};
use super::facts::{ApprovalFact, ReplyFact, ReportFacts, ReportRange};
use super::percentile::median_and_p90;

/// How many templates the usage table lists.
pub const TOP_TEMPLATES: usize = 20;

/// The report of `facts` over `range`, grouped by `period` (UTC). Facts outside the range are
/// ignored: replies by `posted_ms`, requests by `created_ms`.
pub fn compute_report(facts: &ReportFacts, range: ReportRange, period: Period) -> Report {
    let replies: Vec<&ReplyFact> = facts.replies.iter().filter(|reply| range.contains_ms(reply.posted_ms)).collect();
    let approvals: Vec<&ApprovalFact> =
        facts.approvals.iter().filter(|approval| range.contains_ms(approval.created_ms)).collect();
    let periods = periods_of(range, period);
    let bucket = |ms: i64| period_start(period, day_of(ms));
    Report {
        from: range.from_text(),
        to: range.to_text(),
        period,
        time_zone: "UTC".into(),
        overview: overview(&periods, period, &replies, &approvals, bucket),
        replies: reply_rows(period, &replies, bucket),
        approvals: approval_rows(period, &approvals, bucket),
        findings: finding_rows(&replies, &approvals),
        templates: top_templates(facts, &replies),
        unused_templates: unused_templates(facts, &replies),
        interns: intern_rows(&periods, period, &approvals, bucket),
    }
}

/// The response time of a reply: from the comment's first sighting to the reply, for the team's
/// first reply to a comment history saw no later than the reply was posted.
pub fn response_ms(reply: &ReplyFact) -> Option<i64> {
    let seen = reply.comment_first_seen_ms?;
    (reply.first_reply && seen <= reply.posted_ms).then_some(reply.posted_ms - seen)
}

/// How long a decided request waited: from asked to decided.
pub fn turnaround_ms(approval: &ApprovalFact) -> Option<i64> {
    let decided = approval.decided_ms?;
    (decided >= approval.created_ms).then_some(decided - approval.created_ms)
}

/// Rejected over decided, to four decimals; `None` when nothing was decided.
pub fn rejection_rate(rejected: u64, decided: u64) -> Option<f64> {
    (decided > 0).then(|| (rejected as f64 / decided as f64 * 10_000.0).round() / 10_000.0)
}

/// The first day of every period meeting the range, in order.
fn periods_of(range: ReportRange, period: Period) -> Vec<i64> {
    let mut starts = Vec::new();
    let mut start = period_start(period, range.first_day);
    while start <= range.last_day {
        starts.push(start);
        start = next_period(period, start);
    }
    starts
}

/// The statistics of a set of approval requests.
#[derive(Default)]
struct ApprovalStats {
    requested: u64,
    decided: u64,
    rejected: u64,
    turnarounds: Vec<i64>,
}

impl ApprovalStats {
    fn add(&mut self, approval: &ApprovalFact) {
        self.requested += 1;
        if approval.status != ApprovalStatus::Pending {
            self.decided += 1;
        }
        if approval.status == ApprovalStatus::Rejected {
            self.rejected += 1;
        }
        self.turnarounds.extend(turnaround_ms(approval));
    }
}

fn overview(
    periods: &[i64],
    period: Period,
    replies: &[&ReplyFact],
    approvals: &[&ApprovalFact],
    bucket: impl Fn(i64) -> i64,
) -> Vec<OverviewRow> {
    periods
        .iter()
        .map(|&start| {
            let in_period: Vec<&&ReplyFact> = replies.iter().filter(|reply| bucket(reply.posted_ms) == start).collect();
            let responses: Vec<i64> = in_period.iter().filter_map(|reply| response_ms(reply)).collect();
            let (response_median_ms, response_p90_ms) = median_and_p90(&responses);
            let mut stats = ApprovalStats::default();
            approvals.iter().filter(|approval| bucket(approval.created_ms) == start).for_each(|approval| stats.add(approval));
            let (turnaround_median_ms, turnaround_p90_ms) = median_and_p90(&stats.turnarounds);
            OverviewRow {
                period: period_label(period, start),
                replies: in_period.len() as u64,
                response_samples: responses.len() as u64,
                response_median_ms,
                response_p90_ms,
                approvals_requested: stats.requested,
                approvals_decided: stats.decided,
                approvals_rejected: stats.rejected,
                rejection_rate: rejection_rate(stats.rejected, stats.decided),
                turnaround_median_ms,
                turnaround_p90_ms,
            }
        })
        .collect()
}

/// Rows are keyed by (period start, member name, member id, network), so they come out sorted.
type GroupKey = (i64, String, String, String);

fn reply_rows(period: Period, replies: &[&ReplyFact], bucket: impl Fn(i64) -> i64) -> Vec<ReplyRow> {
    let mut groups: BTreeMap<GroupKey, Vec<&ReplyFact>> = BTreeMap::new();
    for reply in replies {
        let key = (bucket(reply.posted_ms), reply.member_name.clone(), reply.member_id.clone(), reply.network.clone());
        groups.entry(key).or_default().push(reply);
    }
    groups
        .into_iter()
        .map(|((start, member_name, member_id, network), group)| {
            let responses: Vec<i64> = group.iter().filter_map(|reply| response_ms(reply)).collect();
            let (response_median_ms, response_p90_ms) = median_and_p90(&responses);
            ReplyRow {
                period: period_label(period, start),
                member_id,
                member_name,
                network,
                replies: group.len() as u64,
                response_samples: responses.len() as u64,
                response_median_ms,
                response_p90_ms,
            }
        })
        .collect()
}

fn approval_rows(period: Period, approvals: &[&ApprovalFact], bucket: impl Fn(i64) -> i64) -> Vec<ApprovalRow> {
    let mut groups: BTreeMap<GroupKey, ApprovalStats> = BTreeMap::new();
    for approval in approvals {
        let key =
            (bucket(approval.created_ms), approval.member_name.clone(), approval.member_id.clone(), approval.network.clone());
        groups.entry(key).or_default().add(approval);
    }
    groups
        .into_iter()
        .map(|((start, member_name, member_id, network), stats)| {
            let (turnaround_median_ms, turnaround_p90_ms) = median_and_p90(&stats.turnarounds);
            ApprovalRow {
                period: period_label(period, start),
                member_id,
                member_name,
                network,
                requested: stats.requested,
                decided: stats.decided,
                rejected: stats.rejected,
                rejection_rate: rejection_rate(stats.rejected, stats.decided),
                turnaround_median_ms,
                turnaround_p90_ms,
            }
        })
        .collect()
}

/// Per rule: see [`FindingRow`]'s fields for what each count is. Most caught first.
fn finding_rows(replies: &[&ReplyFact], approvals: &[&ApprovalFact]) -> Vec<FindingRow> {
    let mut rows: BTreeMap<String, FindingRow> = BTreeMap::new();
    fn row<'a>(rows: &'a mut BTreeMap<String, FindingRow>, rule_id: &str) -> &'a mut FindingRow {
        rows.entry(rule_id.to_owned()).or_insert_with(|| FindingRow {
            rule_id: rule_id.to_owned(),
            in_drafts: 0,
            blocked_by_approver: 0,
            fixed_before_posting: 0,
            posted_with: 0,
        })
    }
    for approval in approvals {
        for rule_id in &approval.draft_rule_ids {
            let counts = row(&mut rows, rule_id);
            counts.in_drafts += 1;
            match (approval.status, &approval.published_rule_ids) {
                (ApprovalStatus::Rejected, _) => counts.blocked_by_approver += 1,
                (ApprovalStatus::Approved, Some(published)) if !published.contains(rule_id) => counts.fixed_before_posting += 1,
                _ => {}
            }
        }
    }
    for reply in replies {
        for rule_id in &reply.rule_ids {
            row(&mut rows, rule_id).posted_with += 1;
        }
    }
    let mut rows: Vec<FindingRow> = rows.into_values().collect();
    rows.sort_by(|a, b| (b.in_drafts + b.posted_with).cmp(&(a.in_drafts + a.posted_with)).then_with(|| a.rule_id.cmp(&b.rule_id)));
    rows
}

fn template_uses(replies: &[&ReplyFact]) -> HashMap<String, u64> {
    let mut uses: HashMap<String, u64> = HashMap::new();
    for template_id in replies.iter().filter_map(|reply| reply.template_id.as_ref()) {
        *uses.entry(template_id.clone()).or_default() += 1;
    }
    uses
}

/// The [`TOP_TEMPLATES`] most used, most used first, then by title and id.
fn top_templates(facts: &ReportFacts, replies: &[&ReplyFact]) -> Vec<TemplateRow> {
    let titles: HashMap<&str, &str> = facts.templates.iter().map(|t| (t.id.as_str(), t.title.as_str())).collect();
    let mut rows: Vec<TemplateRow> = template_uses(replies)
        .into_iter()
        .map(|(template_id, uses)| TemplateRow {
            title: titles.get(template_id.as_str()).copied().unwrap_or_default().to_owned(),
            template_id,
            uses,
        })
        .collect();
    rows.sort_by(|a, b| b.uses.cmp(&a.uses).then_with(|| a.title.cmp(&b.title)).then_with(|| a.template_id.cmp(&b.template_id)));
    rows.truncate(TOP_TEMPLATES);
    rows
}

fn unused_templates(facts: &ReportFacts, replies: &[&ReplyFact]) -> Vec<TemplateRow> {
    let uses = template_uses(replies);
    let mut rows: Vec<TemplateRow> = facts
        .templates
        .iter()
        .filter(|template| !uses.contains_key(&template.id))
        .map(|template| TemplateRow { template_id: template.id.clone(), title: template.title.clone(), uses: 0 })
        .collect();
    rows.sort_by(|a, b| a.title.cmp(&b.title).then_with(|| a.template_id.cmp(&b.template_id)));
    rows
}

fn intern_rows(periods: &[i64], period: Period, approvals: &[&ApprovalFact], bucket: impl Fn(i64) -> i64) -> Vec<InternRow> {
    periods
        .iter()
        .map(|&start| {
            let mut row = InternRow { period: period_label(period, start), requests: 0, approved: 0, rejected: 0, pending: 0 };
            for approval in approvals.iter().filter(|a| a.intern_reason && bucket(a.created_ms) == start) {
                row.requests += 1;
                match approval.status {
                    ApprovalStatus::Approved => row.approved += 1,
                    ApprovalStatus::Rejected => row.rejected += 1,
                    ApprovalStatus::Pending => row.pending += 1,
                }
            }
            row
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::reports::calendar::{parse_day, DAY_MS};
    use crate::core::reports::facts::TemplateFact;

    const HOUR: i64 = 3_600_000;
    const MINUTE: i64 = 60_000;

    fn at(day: &str, hour: i64) -> i64 {
        parse_day(day).expect("day") * DAY_MS + hour * HOUR
    }

    fn reply(id: &str, member: &str, network: &str, posted_ms: i64) -> ReplyFact {
        ReplyFact {
            id: id.into(),
            member_id: member.into(),
            member_name: member.to_uppercase(),
            network: network.into(),
            posted_ms,
            first_reply: true,
            ..ReplyFact::default()
        }
    }

    fn request(id: &str, created_ms: i64, status: ApprovalStatus, decided_after: Option<i64>) -> ApprovalFact {
        ApprovalFact {
            id: id.into(),
            member_id: "ines".into(),
            member_name: "INES".into(),
            network: "x".into(),
            created_ms,
            status,
            decided_ms: decided_after.map(|after| created_ms + after),
            intern_reason: true,
            draft_rule_ids: vec![],
            published_rule_ids: None,
        }
    }

    fn november() -> ReportRange {
        ReportRange::parse("2026-11-01", "2026-11-30").expect("range")
    }

    #[test]
    fn only_a_first_reply_to_a_seen_comment_has_a_response_time() {
        let mut first = reply("r1", "ana", "x", at("2026-11-02", 10));
        first.comment_first_seen_ms = Some(at("2026-11-02", 9));
        assert_eq!(response_ms(&first), Some(HOUR));
        let second = ReplyFact { first_reply: false, ..first.clone() };
        assert_eq!(response_ms(&second), None, "a follow-up is not a response");
        let unseen = ReplyFact { comment_first_seen_ms: None, ..first.clone() };
        assert_eq!(response_ms(&unseen), None);
        let seen_later = ReplyFact { comment_first_seen_ms: Some(at("2026-11-02", 11)), ..first };
        assert_eq!(response_ms(&seen_later), None, "seen after the reply: no response time");
    }

    #[test]
    fn every_period_of_the_range_is_listed_even_empty_ones() {
        let report = compute_report(&ReportFacts::default(), november(), Period::Week);
        let labels: Vec<&str> = report.overview.iter().map(|row| row.period.as_str()).collect();
        // 2026-11-01 is a Sunday: its week starts on Monday 26 October.
        assert_eq!(labels, ["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"]);
        assert!(report.overview.iter().all(|row| row.replies == 0 && row.response_median_ms.is_none()));
        assert_eq!(compute_report(&ReportFacts::default(), november(), Period::Day).overview.len(), 30);
        assert_eq!(compute_report(&ReportFacts::default(), november(), Period::Month).overview.len(), 1);
    }

    #[test]
    fn replies_are_grouped_by_period_member_and_network_with_their_percentiles() {
        let mut facts = ReportFacts::default();
        for (index, minutes) in [10, 20, 30, 40].into_iter().enumerate() {
            let mut r = reply(&format!("r{index}"), "ana", "x", at("2026-11-03", 12));
            r.comment_first_seen_ms = Some(r.posted_ms - minutes * MINUTE);
            facts.replies.push(r);
        }
        facts.replies.push(reply("other", "ana", "linkedin", at("2026-11-03", 12)));
        facts.replies.push(reply("outside", "ana", "x", at("2026-12-01", 0)));
        let report = compute_report(&facts, november(), Period::Month);
        assert_eq!(report.replies.len(), 2);
        let linkedin = &report.replies[0];
        assert_eq!((linkedin.network.as_str(), linkedin.replies, linkedin.response_samples), ("linkedin", 1, 0));
        let x = &report.replies[1];
        assert_eq!((x.replies, x.response_samples), (4, 4));
        // Nearest rank over [10, 20, 30, 40] minutes: median rank 2, p90 rank 4.
        assert_eq!((x.response_median_ms, x.response_p90_ms), (Some(20 * MINUTE), Some(40 * MINUTE)));
        assert_eq!(report.overview[0].replies, 5, "the reply of 1 December is outside");
    }

    #[test]
    fn approvals_count_in_the_period_they_were_asked_with_turnaround_and_rejection_rate() {
        let facts = ReportFacts {
            approvals: vec![
                request("a", at("2026-11-02", 9), ApprovalStatus::Approved, Some(30 * MINUTE)),
                request("b", at("2026-11-02", 10), ApprovalStatus::Rejected, Some(90 * MINUTE)),
                request("c", at("2026-11-02", 11), ApprovalStatus::Approved, Some(60 * MINUTE)),
                request("d", at("2026-11-02", 12), ApprovalStatus::Pending, None),
            ],
            ..ReportFacts::default()
        };
        let report = compute_report(&facts, november(), Period::Month);
        let row = &report.approvals[0];
        assert_eq!((row.requested, row.decided, row.rejected), (4, 3, 1));
        assert_eq!(row.rejection_rate, Some(0.3333));
        assert_eq!((row.turnaround_median_ms, row.turnaround_p90_ms), (Some(60 * MINUTE), Some(90 * MINUTE)));
        assert_eq!(report.interns[0].requests, 4);
        assert_eq!((report.interns[0].approved, report.interns[0].rejected, report.interns[0].pending), (2, 1, 1));
    }

    #[test]
    fn findings_tell_drafts_stopped_fixed_and_posted() {
        let mut fixed = request("fixed", at("2026-11-05", 9), ApprovalStatus::Approved, Some(MINUTE));
        fixed.draft_rule_ids = vec!["price".into(), "tone".into()];
        fixed.published_rule_ids = Some(vec!["tone".into()]);
        let mut stopped = request("stopped", at("2026-11-05", 9), ApprovalStatus::Rejected, Some(MINUTE));
        stopped.draft_rule_ids = vec!["price".into()];
        let mut unpublished = request("unpublished", at("2026-11-05", 9), ApprovalStatus::Approved, Some(MINUTE));
        unpublished.draft_rule_ids = vec!["price".into()];
        let mut posted = reply("p", "ana", "x", at("2026-11-05", 10));
        posted.rule_ids = vec!["tone".into()];
        let facts = ReportFacts { replies: vec![posted], approvals: vec![fixed, stopped, unpublished], templates: vec![] };
        let report = compute_report(&facts, november(), Period::Month);
        let price = report.findings.iter().find(|row| row.rule_id == "price").expect("price");
        assert_eq!((price.in_drafts, price.blocked_by_approver, price.fixed_before_posting, price.posted_with), (3, 1, 1, 0));
        let tone = report.findings.iter().find(|row| row.rule_id == "tone").expect("tone");
        assert_eq!((tone.in_drafts, tone.blocked_by_approver, tone.fixed_before_posting, tone.posted_with), (1, 0, 0, 1));
        assert_eq!(report.findings[0].rule_id, "price", "most caught first");
    }

    #[test]
    fn templates_are_ranked_by_use_and_the_unused_listed() {
        let mut facts = ReportFacts {
            templates: (0..25).map(|i| TemplateFact { id: format!("t{i:02}"), title: format!("Title {i:02}") }).collect(),
            ..ReportFacts::default()
        };
        for i in 0..22 {
            for _ in 0..=(i % 3) {
                let mut r = reply(&format!("r{i}"), "ana", "x", at("2026-11-10", 8));
                r.template_id = Some(format!("t{i:02}"));
                facts.replies.push(r);
            }
        }
        let mut gone = reply("gone", "ana", "x", at("2026-11-10", 8));
        gone.template_id = Some("deleted".into());
        facts.replies.push(gone);
        let report = compute_report(&facts, november(), Period::Month);
        assert_eq!(report.templates.len(), TOP_TEMPLATES);
        assert_eq!(report.templates[0], TemplateRow { template_id: "t02".into(), title: "Title 02".into(), uses: 3 });
        assert!(report.templates.windows(2).all(|pair| pair[0].uses >= pair[1].uses));
        let unused: Vec<&str> = report.unused_templates.iter().map(|row| row.template_id.as_str()).collect();
        assert_eq!(unused, ["t22", "t23", "t24"]);
    }

    #[test]
    fn a_rate_with_nothing_decided_is_unknown_not_zero() {
        assert_eq!(rejection_rate(0, 0), None);
        assert_eq!(rejection_rate(0, 4), Some(0.0));
        assert_eq!(rejection_rate(2, 3), Some(0.6667));
    }
}
