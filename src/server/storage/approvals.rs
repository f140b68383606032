//! Approvals, published replies and team settings in the database. Every write appends its audit
//! entry in the same transaction, so a record and its trace commit together or not at all.

use crate::core::model::approvals::{
    ApprovalRequestInput, ApprovalStatus, ApprovalView, DecisionKind, MemberRef, PublishedReplyInput,
    PublishedReplyView,
};
use crate::core::model::team::TeamSettings;
use crate::core::policy::approval::{PostingReason, PublicationPolicy};

use super::{Storage, StorageError};

/// A checked request, from a signed-in member.
#[derive(Debug, Clone)]
pub struct NewApproval {
    pub team_id: String,
    pub requester: MemberRef,
    /// Checked ([`ApprovalRequestInput::checked`]): its `text_hash` is set.
    pub input: ApprovalRequestInput,
    /// What the policy said of the draft when asked.
    pub reasons: Vec<PostingReason>,
    pub now_ms: i64,
}

/// What asking for an approval did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApprovalCreation {
    Created(ApprovalView),
    /// The same id was sent before by the same member: the first request, unchanged.
    Replayed(ApprovalView),
    /// Another member's request has this id.
    IdTaken,
}

/// A decision, ready to store.
#[derive(Debug, Clone)]
pub struct NewDecision {
    pub kind: DecisionKind,
    pub decider: MemberRef,
    pub comment: String,
    /// The approved text and its hash; `None` for a rejection.
    pub approved: Option<(String, String)>,
    pub now_ms: i64,
}

/// What deciding did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionOutcome {
    Decided(ApprovalView),
    NotFound,
    /// Someone decided it first.
    AlreadyDecided(ApprovalStatus),
}

/// A published reply to record.
#[derive(Debug, Clone)]
pub struct NewPublishedReply {
    pub team_id: String,
    pub member: MemberRef,
    /// Checked ([`PublishedReplyInput::checked`]).
    pub input: PublishedReplyInput,
    pub text_hash: String,
    pub policy: PublicationPolicy,
    pub now_ms: i64,
}

/// What recording a published reply did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Publication {
    Recorded(PublishedReplyView),
    /// Sent before by the same member: the first record, unchanged.
    Replayed(PublishedReplyView),
    /// Another member's record has this id.
    IdTaken,
    /// The approval already covers another published reply (an approval covers one reply).
    ApprovalUsed,
}

/// Which approvals to list.
#[derive(Debug, Clone, Default)]
pub struct ApprovalFilter {
    /// Only this member's requests (members who are not approvers see only their own).
    pub requester_id: Option<String>,
    pub status: Option<ApprovalStatus>,
    pub limit: i64,
}

pub(super) fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StorageError> {
    serde_json::to_string(value).map_err(|error| StorageError::Corrupt(error.to_string()))
}

pub(super) fn from_json<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T, StorageError> {
    serde_json::from_str(text).map_err(|error| StorageError::Corrupt(format!("{what}: {error}")))
}

/// Stamps the approval, published-reply and settings operations onto a backend.
macro_rules! approval_operations {
    ($storage:ty) => {
        const APPROVAL_COLUMNS: &str = "a.id, a.requester_id, r.display_name AS requester_name, a.status, a.text, a.text_hash, \
            a.context, a.findings, a.note, a.reasons, a.created_ms, a.decision, a.decided_by, d.display_name AS decider_name, \
            a.decided_ms, a.decision_comment, a.approved_text, a.approved_hash";
        const APPROVAL_FROM: &str = "approvals a JOIN members r ON r.id = a.requester_id LEFT JOIN members d ON d.id = a.decided_by";
        const PUBLISHED_COLUMNS: &str = "p.id, p.member_id, m.display_name AS member_name, p.text, p.text_hash, p.platform, \
            p.permalink, p.author_name, p.author_handle, p.template_id, p.approval_id, p.findings, p.policy, p.posted_ms, \
            p.recorded_ms, p.audit_seq";
        const PUBLISHED_FROM: &str = "published_replies p JOIN members m ON m.id = p.member_id";

        fn approval_row(row: &DbRow) -> Result<crate::core::model::approvals::ApprovalView, StorageError> {
            use crate::core::model::approvals::{ApprovalStatus, ApprovalView, DecisionKind, DecisionView, MemberRef};
            use crate::server::storage::approvals::from_json;
            let status: String = row.try_get("status")?;
            let decision: Option<String> = row.try_get("decision")?;
            let decision = match decision {
                Some(kind) => Some(DecisionView {
                    kind: DecisionKind::parse(&kind).ok_or_else(|| StorageError::Corrupt(format!("decision {kind:?}")))?,
                    by: MemberRef {
                        id: row.try_get::<Option<String>, _>("decided_by")?.unwrap_or_default(),
                        display_name: row.try_get::<Option<String>, _>("decider_name")?.unwrap_or_default(),
                    },
                    decided_ms: row.try_get::<Option<i64>, _>("decided_ms")?.unwrap_or_default(),
                    comment: row.try_get::<Option<String>, _>("decision_comment")?.unwrap_or_default(),
                    approved_text: row.try_get("approved_text")?,
                    approved_hash: row.try_get("approved_hash")?,
                }),
                None => None,
            };
            Ok(ApprovalView {
                id: row.try_get("id")?,
                requester: MemberRef { id: row.try_get("requester_id")?, display_name: row.try_get("requester_name")? },
                status: ApprovalStatus::parse(&status).ok_or_else(|| StorageError::Corrupt(format!("status {status:?}")))?,
                text: row.try_get("text")?,
                text_hash: row.try_get("text_hash")?,
                context: from_json(&row.try_get::<String, _>("context")?, "an approval's context")?,
                findings: from_json(&row.try_get::<String, _>("findings")?, "an approval's findings")?,
                note: row.try_get("note")?,
                reasons: from_json(&row.try_get::<String, _>("reasons")?, "an approval's reasons")?,
                created_ms: row.try_get("created_ms")?,
                decision,
            })
        }

        fn published_row(row: &DbRow) -> Result<crate::core::model::approvals::PublishedReplyView, StorageError> {
            use crate::core::model::approvals::{MemberRef, PublishedReplyView, RepliedAuthor};
            use crate::core::policy::approval::PublicationPolicy;
            let policy: String = row.try_get("policy")?;
            Ok(PublishedReplyView {
                id: row.try_get("id")?,
                member: MemberRef { id: row.try_get("member_id")?, display_name: row.try_get("member_name")? },
                text: row.try_get("text")?,
                text_hash: row.try_get("text_hash")?,
                platform: row.try_get("platform")?,
                permalink: row.try_get("permalink")?,
                author: RepliedAuthor { name: row.try_get("author_name")?, handle: row.try_get("author_handle")? },
                template_id: row.try_get("template_id")?,
                approval_id: row.try_get("approval_id")?,
                findings: crate::server::storage::approvals::from_json(&row.try_get::<String, _>("findings")?, "a reply's findings")?,
                policy: PublicationPolicy::parse(&policy).ok_or_else(|| StorageError::Corrupt(format!("policy {policy:?}")))?,
                posted_ms: row.try_get("posted_ms")?,
                recorded_ms: row.try_get("recorded_ms")?,
                audit_seq: to_u64(row.try_get("audit_seq")?),
            })
        }

        async fn approval_in(conn: &mut Conn, team_id: &str, id: &str) -> Result<Option<crate::core::model::approvals::ApprovalView>, StorageError> {
            let row = sqlx::query(&format!("SELECT {APPROVAL_COLUMNS} FROM {APPROVAL_FROM} WHERE a.team_id = $1 AND a.id = $2"))
                .bind(team_id)
                .bind(id)
                .fetch_optional(conn)
                .await?;
            row.map(|row| approval_row(&row)).transpose()
        }

        async fn published_in(conn: &mut Conn, team_id: &str, id: &str) -> Result<Option<crate::core::model::approvals::PublishedReplyView>, StorageError> {
            let row = sqlx::query(&format!("SELECT {PUBLISHED_COLUMNS} FROM {PUBLISHED_FROM} WHERE p.team_id = $1 AND p.id = $2"))
                .bind(team_id)
                .bind(id)
                .fetch_optional(conn)
                .await?;
            row.map(|row| published_row(&row)).transpose()
        }

        async fn settings_in(conn: &mut Conn, team_id: &str) -> Result<crate::core::model::team::TeamSettings, StorageError> {
            let stored: Option<String> = sqlx::query_scalar("SELECT settings FROM team_settings WHERE team_id = $1")
                .bind(team_id)
                .fetch_optional(conn)
                .await?;
            match stored {
                Some(text) => crate::server::storage::approvals::from_json(&text, "the team's settings"),
                None => Ok(crate::core::model::team::TeamSettings::default()),
            }
        }

        impl $storage {
            pub async fn team_settings(&self, team_id: &str) -> Result<crate::core::model::team::TeamSettings, StorageError> {
                let mut conn = self.reader().acquire().await?;
                settings_in(&mut *conn, team_id).await
            }

            /// Stores the team's settings (checked by the caller) and records the change.
            pub async fn put_team_settings(
                &self,
                team_id: &str,
                settings: &crate::core::model::team::TeamSettings,
                by: &str,
                now_ms: i64,
            ) -> Result<(), StorageError> {
                use crate::server::storage::approvals::to_json;
                let mut tx = self.begin_write().await?;
                let before = settings_in(&mut *tx, team_id).await?;
                sqlx::query(
                    "INSERT INTO team_settings (team_id, settings, updated_by, updated_ms) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (team_id) DO UPDATE SET settings = excluded.settings, updated_by = excluded.updated_by, \
                     updated_ms = excluded.updated_ms",
                )
                .bind(team_id)
                .bind(to_json(settings)?)
                .bind(by)
                .bind(now_ms)
                .execute(&mut *tx)
                .await?;
                let details = serde_json::json!({"before": before, "after": settings});
                let entry = crate::server::storage::audit::NewAuditEntry {
                    team_id,
                    actor: by,
                    kind: AuditKind::SettingsChanged,
                    payload: crate::core::audit::canonical_payload(&details),
                    time_ms: now_ms,
                };
                append_audit(&mut *tx, &entry).await?;
                tx.commit().await?;
                Ok(())
            }

            /// Records a request once (a replay by its requester gets the first back) with its
            /// audit entry.
            pub async fn create_approval(
                &self,
                request: &crate::server::storage::approvals::NewApproval,
            ) -> Result<crate::server::storage::approvals::ApprovalCreation, StorageError> {
                use crate::server::storage::approvals::{to_json, ApprovalCreation};
                let input = &request.input;
                let mut tx = self.begin_write().await?;
                if let Some(existing) = approval_in(&mut *tx, &request.team_id, &input.id).await? {
                    return Ok(if existing.requester.id == request.requester.id {
                        ApprovalCreation::Replayed(existing)
                    } else {
                        ApprovalCreation::IdTaken
                    });
                }
                let text_hash = input.text_hash.clone().unwrap_or_else(|| crate::core::digest::text_hash(&input.text));
                let inserted = sqlx::query(
                    "INSERT INTO approvals (team_id, id, requester_id, status, text, text_hash, context, findings, note, reasons, created_ms) \
                     VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (team_id, id) DO NOTHING",
                )
                .bind(&request.team_id)
                .bind(&input.id)
                .bind(&request.requester.id)
                .bind(&input.text)
                .bind(&text_hash)
                .bind(to_json(&input.context)?)
                .bind(to_json(&input.findings)?)
                .bind(&input.note)
                .bind(to_json(&request.reasons)?)
                .bind(request.now_ms)
                .execute(&mut *tx)
                .await?;
                if inserted.rows_affected() == 0 {
                    // Another process recorded this id between our read and our insert.
                    tx.rollback().await?;
                    return match self.approval(&request.team_id, &input.id).await? {
                        Some(existing) if existing.requester.id == request.requester.id => Ok(ApprovalCreation::Replayed(existing)),
                        _ => Ok(ApprovalCreation::IdTaken),
                    };
                }
                let details = serde_json::json!({
                    "approval_id": input.id,
                    "requester": request.requester,
                    "text": input.text,
                    "text_hash": text_hash,
                    "context": input.context,
                    "findings": input.findings,
                    "note": input.note,
                    "reasons": request.reasons,
                });
                let entry = crate::server::storage::audit::NewAuditEntry {
                    team_id: &request.team_id,
                    actor: &request.requester.id,
                    kind: AuditKind::ApprovalRequested,
                    payload: crate::core::audit::canonical_payload(&details),
                    time_ms: request.now_ms,
                };
                // Last before the commit: the team's audit head stays locked as briefly as can be.
                append_audit(&mut *tx, &entry).await?;
                tx.commit().await?;
                Ok(ApprovalCreation::Created(crate::core::model::approvals::ApprovalView {
                    id: input.id.clone(),
                    requester: request.requester.clone(),
                    status: crate::core::model::approvals::ApprovalStatus::Pending,
                    text: input.text.clone(),
                    text_hash,
                    context: input.context.clone(),
                    findings: input.findings.clone(),
                    note: input.note.clone(),
                    reasons: request.reasons.clone(),
                    created_ms: request.now_ms,
                    decision: None,
                }))
            }

            pub async fn approval(&self, team_id: &str, id: &str) -> Result<Option<crate::core::model::approvals::ApprovalView>, StorageError> {
                let mut conn = self.reader().acquire().await?;
                approval_in(&mut *conn, team_id, id).await
            }

            /// A team's requests, newest first, filtered.
            pub async fn list_approvals(
                &self,
                team_id: &str,
                filter: &crate::server::storage::approvals::ApprovalFilter,
            ) -> Result<Vec<crate::core::model::approvals::ApprovalView>, StorageError> {
                let rows = sqlx::query(&format!(
                    "SELECT {APPROVAL_COLUMNS} FROM {APPROVAL_FROM} WHERE a.team_id = $1 \
                     AND ($2 IS NULL OR a.requester_id = $2) AND ($3 IS NULL OR a.status = $3) \
                     ORDER BY a.created_ms DESC, a.id DESC LIMIT $4"
                ))
                .bind(team_id)
                .bind(filter.requester_id.as_deref())
                .bind(filter.status.map(|status| status.as_str()))
                .bind(filter.limit)
                .fetch_all(self.reader())
                .await?;
                rows.iter().map(approval_row).collect()
            }

            /// Decides a pending request (the caller checked the decider may), once: a request
            /// someone else decided first is answered as such.
            pub async fn decide_approval(
                &self,
                team_id: &str,
                id: &str,
                decision: &crate::server::storage::approvals::NewDecision,
            ) -> Result<crate::server::storage::approvals::DecisionOutcome, StorageError> {
                use crate::server::storage::approvals::DecisionOutcome;
                let mut tx = self.begin_write().await?;
                let (approved_text, approved_hash) = match &decision.approved {
                    Some((text, hash)) => (Some(text.as_str()), Some(hash.as_str())),
                    None => (None, None),
                };
                let updated = sqlx::query(
                    "UPDATE approvals SET status = $1, decision = $2, decided_by = $3, decided_ms = $4, decision_comment = $5, \
                     approved_text = $6, approved_hash = $7 WHERE team_id = $8 AND id = $9 AND status = 'pending'",
                )
                .bind(decision.kind.status().as_str())
                .bind(decision.kind.as_str())
                .bind(&decision.decider.id)
                .bind(decision.now_ms)
                .bind(&decision.comment)
                .bind(approved_text)
                .bind(approved_hash)
                .bind(team_id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                let current = approval_in(&mut *tx, team_id, id).await?;
                let Some(current) = current else {
                    return Ok(DecisionOutcome::NotFound);
                };
                if updated.rows_affected() == 0 {
                    tx.rollback().await?;
                    return Ok(DecisionOutcome::AlreadyDecided(current.status));
                }
                let details = serde_json::json!({
                    "approval_id": id,
                    "requester_id": current.requester.id,
                    "decision": decision.kind.as_str(),
                    "decider": decision.decider,
                    "comment": decision.comment,
                    "text_hash": current.text_hash,
                    "approved_text": approved_text,
                    "approved_hash": approved_hash,
                });
                let entry = crate::server::storage::audit::NewAuditEntry {
                    team_id,
                    actor: &decision.decider.id,
                    kind: AuditKind::ApprovalDecided,
                    payload: crate::core::audit::canonical_payload(&details),
                    time_ms: decision.now_ms,
                };
                append_audit(&mut *tx, &entry).await?;
                tx.commit().await?;
                Ok(DecisionOutcome::Decided(current))
            }

            pub async fn published_reply(&self, team_id: &str, id: &str) -> Result<Option<crate::core::model::approvals::PublishedReplyView>, StorageError> {
                let mut conn = self.reader().acquire().await?;
                published_in(&mut *conn, team_id, id).await
            }

            /// Records a published reply exactly once, with its audit entry in the same
            /// transaction; a replay by the same member gets the first record back.
            pub async fn record_published(
                &self,
                reply: &crate::server::storage::approvals::NewPublishedReply,
            ) -> Result<crate::server::storage::approvals::Publication, StorageError> {
                use crate::server::storage::approvals::{to_json, Publication};
                let input = &reply.input;
                let mut tx = self.begin_write().await?;
                if let Some(existing) = published_in(&mut *tx, &reply.team_id, &input.id).await? {
                    return Ok(Self::replay_of(existing, &reply.member.id));
                }
                if let Some(approval_id) = &input.approval_id {
                    let used: Option<String> = sqlx::query_scalar("SELECT id FROM published_replies WHERE team_id = $1 AND approval_id = $2")
                        .bind(&reply.team_id)
                        .bind(approval_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                    if used.is_some() {
                        return Ok(Publication::ApprovalUsed);
                    }
                }
                let details = serde_json::json!({
                    "reply_id": input.id,
                    "member": reply.member,
                    "text": input.text,
                    "text_hash": reply.text_hash,
                    "platform": input.platform,
                    "permalink": input.permalink,
                    "author": input.author,
                    "template_id": input.template_id,
                    "approval_id": input.approval_id,
                    "findings": input.findings,
                    "policy": reply.policy.as_str(),
                    "posted_ms": input.posted_ms,
                });
                let entry = crate::server::storage::audit::NewAuditEntry {
                    team_id: &reply.team_id,
                    actor: &reply.member.id,
                    kind: AuditKind::ReplyPublished,
                    payload: crate::core::audit::canonical_payload(&details),
                    time_ms: reply.now_ms,
                };
                let sealed = append_audit(&mut *tx, &entry).await?;
                // No conflict target: a second record with this id, or a second reply under this
                // approval (another process, just now), is not inserted.
                let inserted = sqlx::query(
                    "INSERT INTO published_replies (team_id, id, member_id, text, text_hash, platform, permalink, author_name, \
                     author_handle, template_id, approval_id, findings, policy, posted_ms, recorded_ms, audit_seq) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT DO NOTHING",
                )
                .bind(&reply.team_id)
                .bind(&input.id)
                .bind(&reply.member.id)
                .bind(&input.text)
                .bind(&reply.text_hash)
                .bind(&input.platform)
                .bind(&input.permalink)
                .bind(&input.author.name)
                .bind(&input.author.handle)
                .bind(&input.template_id)
                .bind(&input.approval_id)
                .bind(to_json(&input.findings)?)
                .bind(reply.policy.as_str())
                .bind(input.posted_ms)
                .bind(reply.now_ms)
                .bind(i64::try_from(sealed.seq).unwrap_or(i64::MAX))
                .execute(&mut *tx)
                .await?;
                if inserted.rows_affected() == 0 {
                    tx.rollback().await?; // The audit entry goes too.
                    return match self.published_reply(&reply.team_id, &input.id).await? {
                        Some(existing) => Ok(Self::replay_of(existing, &reply.member.id)),
                        None => Ok(Publication::ApprovalUsed),
                    };
                }
                tx.commit().await?;
                Ok(Publication::Recorded(crate::core::model::approvals::PublishedReplyView {
                    id: input.id.clone(),
                    member: reply.member.clone(),
                    text: input.text.clone(),
                    text_hash: reply.text_hash.clone(),
                    platform: input.platform.clone(),
                    permalink: input.permalink.clone(),
                    author: input.author.clone(),
                    template_id: input.template_id.clone(),
                    approval_id: input.approval_id.clone(),
                    findings: input.findings.clone(),
                    policy: reply.policy,
                    posted_ms: input.posted_ms,
                    recorded_ms: reply.now_ms,
                    audit_seq: sealed.seq,
                }))
            }

            fn replay_of(existing: crate::core::model::approvals::PublishedReplyView, member_id: &str) -> crate::server::storage::approvals::Publication {
                use crate::server::storage::approvals::Publication;
                if existing.member.id == member_id {
                    Publication::Replayed(existing)
                } else {
                    Publication::IdTaken
                }
            }

            /// The team's replies to any of these comments, oldest first.
            pub async fn published_replies_for_permalinks(
                &self,
                team_id: &str,
                permalinks: &[String],
            ) -> Result<Vec<crate::core::model::approvals::PublishedReplyView>, StorageError> {
                if permalinks.is_empty() {
                    return Ok(Vec::new());
                }
                let placeholders: Vec<String> = (0..permalinks.len()).map(|index| format!("${}", index + 2)).collect();
                let sql = format!(
                    "SELECT {PUBLISHED_COLUMNS} FROM {PUBLISHED_FROM} WHERE p.team_id = $1 AND p.permalink IN ({}) \
                     ORDER BY p.posted_ms, p.id",
                    placeholders.join(", ")
                );
                let mut query = sqlx::query(&sql).bind(team_id);
                for permalink in permalinks {
                    query = query.bind(permalink);
                }
                let rows = query.fetch_all(self.reader()).await?;
                rows.iter().map(published_row).collect()
            }
        }
    };
}

pub(super) use approval_operations;

impl Storage {
    /// The team's settings (the defaults until an owner changes them).
    pub async fn team_settings(&self, team_id: &str) -> Result<TeamSettings, StorageError> {
        on_backend!(self, db => db.team_settings(team_id).await)
    }

    /// Stores checked settings and records the change in the audit log.
    pub async fn put_team_settings(&self, team_id: &str, settings: &TeamSettings, by: &str, now_ms: i64) -> Result<(), StorageError> {
        on_backend!(self, db => db.put_team_settings(team_id, settings, by, now_ms).await)
    }

    pub async fn create_approval(&self, request: &NewApproval) -> Result<ApprovalCreation, StorageError> {
        on_backend!(self, db => db.create_approval(request).await)
    }

    /// A request of this team (another team's is `None`, like one that does not exist).
    pub async fn approval(&self, team_id: &str, id: &str) -> Result<Option<ApprovalView>, StorageError> {
        on_backend!(self, db => db.approval(team_id, id).await)
    }

    pub async fn list_approvals(&self, team_id: &str, filter: &ApprovalFilter) -> Result<Vec<ApprovalView>, StorageError> {
        on_backend!(self, db => db.list_approvals(team_id, filter).await)
    }

    pub async fn decide_approval(&self, team_id: &str, id: &str, decision: &NewDecision) -> Result<DecisionOutcome, StorageError> {
        on_backend!(self, db => db.decide_approval(team_id, id, decision).await)
    }

    pub async fn published_reply(&self, team_id: &str, id: &str) -> Result<Option<PublishedReplyView>, StorageError> {
        on_backend!(self, db => db.published_reply(team_id, id).await)
    }

    pub async fn record_published(&self, reply: &NewPublishedReply) -> Result<Publication, StorageError> {
        on_backend!(self, db => db.record_published(reply).await)
    }

    /// The team's published replies to these comments (by permalink), oldest first: what the
    /// mention history shows as "the team's replies".
    pub async fn published_replies_for_permalinks(
        &self,
        team_id: &str,
        permalinks: &[String],
    ) -> Result<Vec<PublishedReplyView>, StorageError> {
        on_backend!(self, db => db.published_replies_for_permalinks(team_id, permalinks).await)
    }
}
