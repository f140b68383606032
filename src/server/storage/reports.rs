//! The facts a report is computed from (`core::reports`), read in three statements written once
//! for both databases: the replies posted in the range (with the first sighting of the comment
//! each answered, and whether an earlier reply of the team answered it), the approval requests
//! made in it (with the findings of the reply published under each), and the team's templates.
//!
//! Each statement is bounded by `team_id`; reports read, they never write.

use crate::core::guidelines::Finding;
use crate::core::model::approvals::ApprovalStatus;
use crate::core::model::context::CommentContext;
use crate::core::policy::approval::PostingReason;
use crate::core::policy::Role;
use crate::core::reports::{distinct_rules, ApprovalFact, ReplyFact, ReportFacts, ReportRange, TemplateFact};

use super::approvals::from_json;
use super::{Storage, StorageError};

impl Storage {
    /// What the report of `range` reads for `team_id`.
    pub async fn report_facts(&self, team_id: &str, range: ReportRange) -> Result<ReportFacts, StorageError> {
        on_backend!(self, db => db.report_facts(team_id, range.start_ms(), range.end_ms()).await)
    }
}

/// A reply row as read, before its findings are parsed.
pub(super) struct ReplyRecord {
    pub id: String,
    pub member_id: String,
    pub member_name: String,
    pub platform: String,
    pub posted_ms: i64,
    pub template_id: Option<String>,
    pub findings: String,
    pub first_seen_ms: Option<i64>,
    pub earlier_replies: i64,
}

/// An approval row as read, before its JSON columns are parsed.
pub(super) struct ApprovalRecord {
    pub id: String,
    pub member_id: String,
    pub member_name: String,
    pub context: String,
    pub created_ms: i64,
    pub status: String,
    pub decided_ms: Option<i64>,
    pub reasons: String,
    pub findings: String,
    pub published_findings: Option<String>,
}

fn rules_of(findings_json: &str, what: &str) -> Result<Vec<String>, StorageError> {
    let findings: Vec<Finding> = from_json(findings_json, what)?;
    Ok(distinct_rules(findings.iter().map(|finding| finding.rule_id.as_str())))
}

pub(super) fn reply_fact(record: ReplyRecord) -> Result<ReplyFact, StorageError> {
    Ok(ReplyFact {
        rule_ids: rules_of(&record.findings, "a reply's findings")?,
        id: record.id,
        member_id: record.member_id,
        member_name: record.member_name,
        network: record.platform,
        posted_ms: record.posted_ms,
        template_id: record.template_id,
        comment_first_seen_ms: record.first_seen_ms,
        first_reply: record.earlier_replies == 0,
    })
}

pub(super) fn approval_fact(record: ApprovalRecord) -> Result<ApprovalFact, StorageError> {
    let context: CommentContext = from_json(&record.context, "an approval's context")?;
    let reasons: Vec<PostingReason> = from_json(&record.reasons, "an approval's reasons")?;
    let status = ApprovalStatus::parse(&record.status)
        .ok_or_else(|| StorageError::Corrupt(format!("status {:?}", record.status)))?;
    let published_rule_ids = match &record.published_findings {
        Some(findings) => Some(rules_of(findings, "a reply's findings")?),
        None => None,
    };
    Ok(ApprovalFact {
        draft_rule_ids: rules_of(&record.findings, "an approval's findings")?,
        intern_reason: reasons.iter().any(|reason| matches!(reason, PostingReason::Role { role: Role::Intern })),
        network: if context.platform.is_empty() { "unknown".into() } else { context.platform },
        id: record.id,
        member_id: record.member_id,
        member_name: record.member_name,
        created_ms: record.created_ms,
        status,
        decided_ms: record.decided_ms,
        published_rule_ids,
    })
}

/// A template document's id and title (a payload without a title reads as an empty title).
pub(super) fn template_fact(id: String, payload: &str) -> TemplateFact {
    let title = serde_json::from_str::<serde_json::Value>(payload)
        .ok()
        .and_then(|value| value.get("title").and_then(|title| title.as_str()).map(str::to_owned))
        .unwrap_or_default();
    TemplateFact { id, title }
}

/// Stamps `report_facts` onto a backend, as a child module of its file.
macro_rules! report_operations {
    ($storage:ident, $db:path) => {
        mod reports_sql {
            use sqlx::Row as _;

            use super::$storage as Backend;
            use crate::core::reports::ReportFacts;
            use crate::server::storage::reports::{approval_fact, reply_fact, template_fact, ApprovalRecord, ReplyRecord};
            use crate::server::storage::StorageError;

            /// `earlier_replies` counts the team's replies to the same comment posted before this
            /// one (ties broken by id), through the `(team_id, permalink)` index.
            const REPLIES: &str = "SELECT p.id, p.member_id, m.display_name AS member_name, p.platform, p.posted_ms, \
                 p.template_id, p.findings, h.seen_ms AS first_seen_ms, \
                 (SELECT COUNT(*) FROM published_replies q WHERE q.team_id = p.team_id AND q.permalink = p.permalink \
                  AND (q.posted_ms < p.posted_ms OR (q.posted_ms = p.posted_ms AND q.id < p.id))) AS earlier_replies \
                 FROM published_replies p JOIN members m ON m.id = p.member_id \
                 LEFT JOIN history_mentions h ON h.team_id = p.team_id AND h.permalink = p.permalink AND p.permalink <> '' \
                 WHERE p.team_id = $1 AND p.posted_ms >= $2 AND p.posted_ms < $3";
            const APPROVALS: &str = "SELECT a.id, a.requester_id, r.display_name AS requester_name, a.context, a.created_ms, \
                 a.status, a.decided_ms, a.reasons, a.findings, p.findings AS published_findings \
                 FROM approvals a JOIN members r ON r.id = a.requester_id \
                 LEFT JOIN published_replies p ON p.team_id = a.team_id AND p.approval_id = a.id \
                 WHERE a.team_id = $1 AND a.created_ms >= $2 AND a.created_ms < $3";
            const TEMPLATES: &str =
                "SELECT id, payload FROM documents WHERE team_id = $1 AND collection = 'team_templates' AND NOT deleted";

            impl Backend {
                pub async fn report_facts(&self, team_id: &str, start_ms: i64, end_ms: i64) -> Result<ReportFacts, StorageError> {
                    let mut conn = self.reader().acquire().await?;
                    let replies = sqlx::query(REPLIES).bind(team_id).bind(start_ms).bind(end_ms).fetch_all(&mut *conn).await?;
                    let replies = replies
                        .iter()
                        .map(|row| {
                            reply_fact(ReplyRecord {
                                id: row.try_get("id")?,
                                member_id: row.try_get("member_id")?,
                                member_name: row.try_get("member_name")?,
                                platform: row.try_get("platform")?,
                                posted_ms: row.try_get("posted_ms")?,
                                template_id: row.try_get("template_id")?,
                                findings: row.try_get("findings")?,
                                first_seen_ms: row.try_get("first_seen_ms")?,
                                earlier_replies: row.try_get("earlier_replies")?,
                            })
                        })
                        .collect::<Result<Vec<_>, StorageError>>()?;
                    let approvals = sqlx::query(APPROVALS).bind(team_id).bind(start_ms).bind(end_ms).fetch_all(&mut *conn).await?;
                    let approvals = approvals
                        .iter()
                        .map(|row| {
                            approval_fact(ApprovalRecord {
                                id: row.try_get("id")?,
                                member_id: row.try_get("requester_id")?,
                                member_name: row.try_get("requester_name")?,
                                context: row.try_get("context")?,
                                created_ms: row.try_get("created_ms")?,
                                status: row.try_get("status")?,
                                decided_ms: row.try_get("decided_ms")?,
                                reasons: row.try_get("reasons")?,
                                findings: row.try_get("findings")?,
                                published_findings: row.try_get("published_findings")?,
                            })
                        })
                        .collect::<Result<Vec<_>, StorageError>>()?;
                    let templates = sqlx::query(TEMPLATES).bind(team_id).fetch_all(&mut *conn).await?;
                    let templates = templates
                        .iter()
                        .map(|row| Ok(template_fact(row.try_get("id")?, &row.try_get::<String, _>("payload")?)))
                        .collect::<Result<Vec<_>, StorageError>>()?;
                    Ok(ReportFacts { replies, approvals, templates })
                }
            }
        }
    };
}

pub(super) use report_operations;
