//! The audit log in the database: appends (always inside the caller's transaction, so an entry
//! commits with the change it records), pages of entries, verification, retention.
//!
//! Appends serialise per team on the team's row in `audit_heads`: the first statement of an
//! append is an `UPDATE` of that row, which holds its lock until the transaction ends. On
//! PostgreSQL that orders appends from any number of server processes into one chain; on SQLite
//! the single writer connection already does. Should that ever fail, the primary key
//! `(team_id, seq)` and the unique link `(team_id, prev_hash)` refuse a second entry at a place
//! rather than fork the chain.

use serde::Serialize;

use super::{Storage, StorageError};
use crate::core::audit::ChainVerifier;
use crate::core::model::audit::{AuditEntry, AuditKind, ChainReport};

/// Entries read per query when verifying or exporting.
pub const AUDIT_PAGE: i64 = 5_000;

/// An entry to append.
#[derive(Debug, Clone)]
pub struct NewAuditEntry<'a> {
    pub team_id: &'a str,
    /// A member id, or `system`.
    pub actor: &'a str,
    pub kind: AuditKind,
    /// JSON text ([`crate::core::audit::canonical_payload`]).
    pub payload: String,
    pub time_ms: i64,
}

/// A team's chain: its last entry and its anchor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditHead {
    pub head_seq: u64,
    pub head_hash: String,
    pub anchor_seq: u64,
    pub anchor_hash: String,
}

/// What an erasure removed, recorded in the audit log (the history's erasure calls
/// [`Storage::record_erasure`]). Name the subject by what identifies them to the team (a handle),
/// not by the erased data itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErasureRecord {
    /// Whose data: e.g. `@lea on x`.
    pub subject: String,
    /// What was erased: e.g. `mention history`.
    pub scope: String,
    /// How many items went.
    pub count: u64,
    /// Why: e.g. `GDPR article 17 request of 2026-03-01`.
    pub reason: String,
}

/// Stamps the audit operations onto a backend; the SQL is the same on both databases.
macro_rules! audit_operations {
    ($storage:ty) => {
        /// Appends an entry in the caller's transaction: takes the team's head (locking it),
        /// seals the entry onto it, stores it, and moves the head.
        async fn append_audit(conn: &mut Conn, entry: &crate::server::storage::audit::NewAuditEntry<'_>) -> Result<AuditEntry, StorageError> {
            const ADVANCE: &str = "UPDATE audit_heads SET head_seq = head_seq + 1 WHERE team_id = $1 RETURNING head_seq, head_hash";
            let advanced = sqlx::query(ADVANCE).bind(entry.team_id).fetch_optional(&mut *conn).await?;
            let head = match advanced {
                Some(head) => head,
                None => {
                    sqlx::query(
                        "INSERT INTO audit_heads (team_id, head_seq, head_hash, anchor_seq, anchor_hash) \
                         VALUES ($1, 0, $2, 0, $2) ON CONFLICT (team_id) DO NOTHING",
                    )
                    .bind(entry.team_id)
                    .bind(crate::core::audit::GENESIS_HASH)
                    .execute(&mut *conn)
                    .await?;
                    sqlx::query(ADVANCE).bind(entry.team_id).fetch_one(&mut *conn).await?
                }
            };
            let seq: i64 = head.try_get("head_seq")?;
            let prev_hash: String = head.try_get("head_hash")?;
            let sealed = crate::core::audit::seal(
                entry.team_id,
                to_u64(seq),
                entry.time_ms,
                entry.actor,
                entry.kind.as_str(),
                entry.payload.clone(),
                &prev_hash,
            );
            sqlx::query(
                "INSERT INTO audit_log (team_id, seq, time_ms, actor, kind, payload, payload_hash, prev_hash, hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(entry.team_id)
            .bind(seq)
            .bind(sealed.time_ms)
            .bind(&sealed.actor)
            .bind(&sealed.kind)
            .bind(&sealed.payload)
            .bind(&sealed.payload_hash)
            .bind(&sealed.prev_hash)
            .bind(&sealed.hash)
            .execute(&mut *conn)
            .await?;
            sqlx::query("UPDATE audit_heads SET head_hash = $1 WHERE team_id = $2")
                .bind(&sealed.hash)
                .bind(entry.team_id)
                .execute(&mut *conn)
                .await?;
            Ok(sealed)
        }

        fn audit_row(row: &DbRow) -> Result<AuditEntry, StorageError> {
            Ok(AuditEntry {
                seq: to_u64(row.try_get("seq")?),
                time_ms: row.try_get("time_ms")?,
                actor: row.try_get("actor")?,
                kind: row.try_get("kind")?,
                payload: row.try_get("payload")?,
                payload_hash: row.try_get("payload_hash")?,
                prev_hash: row.try_get("prev_hash")?,
                hash: row.try_get("hash")?,
            })
        }

        /// Records a change to a team document (template, rule set, site descriptor) that sync
        /// just applied, in the same transaction. Personal templates are nobody else's business.
        async fn audit_document_change(
            conn: &mut Conn,
            mutation: &CheckedMutation,
            version: i64,
            change_seq: i64,
        ) -> Result<(), StorageError> {
            let kind = match mutation.collection {
                Collection::TeamTemplates => AuditKind::TemplateChanged,
                Collection::RuleSets => AuditKind::RulesChanged,
                Collection::SiteDescriptors => AuditKind::SiteDescriptorChanged,
                Collection::PersonalTemplates | Collection::Members => return Ok(()),
            };
            let deleted = mutation.kind == MutationKind::Delete;
            let document: serde_json::Value = if deleted {
                serde_json::Value::Null
            } else {
                serde_json::from_str(&mutation.payload).map_err(|error| StorageError::Corrupt(error.to_string()))?
            };
            let details = serde_json::json!({
                "collection": mutation.collection.as_str(),
                "id": mutation.entity_id,
                "action": if deleted { "delete" } else { "put" },
                "version": version,
                "change_seq": change_seq,
                "document_sha256": if deleted { serde_json::Value::Null } else { crate::core::digest::sha256_hex(mutation.payload.as_bytes()).into() },
                "document": document,
            });
            let entry = crate::server::storage::audit::NewAuditEntry {
                team_id: &mutation.team_id,
                actor: &mutation.member_id,
                kind,
                payload: crate::core::audit::canonical_payload(&details),
                time_ms: mutation.now_ms,
            };
            append_audit(conn, &entry).await?;
            Ok(())
        }

        /// Records a member's change (joined, new role, deactivated) in the caller's transaction.
        async fn audit_member(
            conn: &mut Conn,
            kind: AuditKind,
            member: &MemberRow,
            actor: &str,
            extra: serde_json::Value,
            now_ms: i64,
        ) -> Result<(), StorageError> {
            let mut details = serde_json::json!({
                "member_id": member.id,
                "display_name": member.display_name,
                "role": member.role.as_str(),
                "active": member.active,
            });
            if let (Some(details), serde_json::Value::Object(extra)) = (details.as_object_mut(), extra) {
                details.extend(extra);
            }
            let entry = crate::server::storage::audit::NewAuditEntry {
                team_id: &member.team_id,
                actor,
                kind,
                payload: crate::core::audit::canonical_payload(&details),
                time_ms: now_ms,
            };
            append_audit(conn, &entry).await?;
            Ok(())
        }

        impl $storage {
            /// Appends one entry in its own transaction.
            pub async fn append_audit_entry(&self, entry: &crate::server::storage::audit::NewAuditEntry<'_>) -> Result<AuditEntry, StorageError> {
                let mut tx = self.begin_write().await?;
                let sealed = append_audit(&mut *tx, entry).await?;
                tx.commit().await?;
                Ok(sealed)
            }

            /// Appends entries in order, in one transaction (a batch: all or none).
            pub async fn append_audit_entries(&self, entries: &[crate::server::storage::audit::NewAuditEntry<'_>]) -> Result<Vec<AuditEntry>, StorageError> {
                let mut tx = self.begin_write().await?;
                let mut sealed = Vec::with_capacity(entries.len());
                for entry in entries {
                    sealed.push(append_audit(&mut *tx, entry).await?);
                }
                tx.commit().await?;
                Ok(sealed)
            }

            /// The team's head and anchor (a team without entries: 0 and 64 zeros).
            pub async fn audit_head(&self, team_id: &str) -> Result<crate::server::storage::audit::AuditHead, StorageError> {
                let row = sqlx::query("SELECT head_seq, head_hash, anchor_seq, anchor_hash FROM audit_heads WHERE team_id = $1")
                    .bind(team_id)
                    .fetch_optional(self.reader())
                    .await?;
                let genesis = crate::core::audit::GENESIS_HASH.to_owned();
                Ok(match row {
                    Some(row) => crate::server::storage::audit::AuditHead {
                        head_seq: to_u64(row.try_get("head_seq")?),
                        head_hash: row.try_get("head_hash")?,
                        anchor_seq: to_u64(row.try_get("anchor_seq")?),
                        anchor_hash: row.try_get("anchor_hash")?,
                    },
                    None => crate::server::storage::audit::AuditHead { head_seq: 0, head_hash: genesis.clone(), anchor_seq: 0, anchor_hash: genesis },
                })
            }

            /// Entries numbered after `after` and up to `upto`, in order, at most `limit`; only
            /// those made in `[from_ms, to_ms)`.
            pub async fn audit_page(
                &self,
                team_id: &str,
                after: i64,
                upto: i64,
                (from_ms, to_ms): (i64, i64),
                limit: i64,
            ) -> Result<Vec<AuditEntry>, StorageError> {
                let rows = sqlx::query(
                    "SELECT seq, time_ms, actor, kind, payload, payload_hash, prev_hash, hash FROM audit_log \
                     WHERE team_id = $1 AND seq > $2 AND seq <= $3 AND time_ms >= $4 AND time_ms < $5 ORDER BY seq LIMIT $6",
                )
                .bind(team_id)
                .bind(after)
                .bind(upto)
                .bind(from_ms)
                .bind(to_ms)
                .bind(limit)
                .fetch_all(self.reader())
                .await?;
                rows.iter().map(audit_row).collect()
            }

            /// Deletes the entries made before `cutoff_ms` (only from the start of the log, so
            /// the rest still chains), moves the anchor to the last one deleted, and records the
            /// purge. Returns how many went.
            pub async fn purge_audit(&self, team_id: &str, cutoff_ms: i64, retention_days: u32, now_ms: i64) -> Result<u64, StorageError> {
                let mut tx = self.begin_write().await?;
                let head = sqlx::query("UPDATE audit_heads SET head_seq = head_seq WHERE team_id = $1 RETURNING head_seq, anchor_seq")
                    .bind(team_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                let Some(head) = head else {
                    return Ok(0);
                };
                let (head_seq, anchor_seq): (i64, i64) = (head.try_get("head_seq")?, head.try_get("anchor_seq")?);
                // The first entry young enough to keep; everything before it may go (an entry
                // stamped a little early by a skewed clock is kept with its successors).
                let first_kept: Option<i64> = sqlx::query_scalar("SELECT MIN(seq) FROM audit_log WHERE team_id = $1 AND time_ms >= $2")
                    .bind(team_id)
                    .bind(cutoff_ms)
                    .fetch_one(&mut *tx)
                    .await?;
                let last_purged = first_kept.map_or(head_seq, |seq| seq - 1);
                if last_purged <= anchor_seq {
                    tx.rollback().await?;
                    return Ok(0);
                }
                let anchor_hash: String = sqlx::query_scalar("SELECT hash FROM audit_log WHERE team_id = $1 AND seq = $2")
                    .bind(team_id)
                    .bind(last_purged)
                    .fetch_one(&mut *tx)
                    .await?;
                sqlx::query("UPDATE audit_heads SET anchor_seq = $1, anchor_hash = $2 WHERE team_id = $3")
                    .bind(last_purged)
                    .bind(&anchor_hash)
                    .bind(team_id)
                    .execute(&mut *tx)
                    .await?;
                let purged = sqlx::query("DELETE FROM audit_log WHERE team_id = $1 AND seq <= $2")
                    .bind(team_id)
                    .bind(last_purged)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                let record = crate::core::audit::verify::PurgeRecord {
                    anchor_seq: to_u64(last_purged),
                    anchor_hash,
                    purged,
                    retention_days,
                };
                let entry = crate::server::storage::audit::NewAuditEntry {
                    team_id,
                    actor: "system",
                    kind: AuditKind::AuditPurged,
                    payload: crate::core::audit::canonical_payload(&record),
                    time_ms: now_ms,
                };
                append_audit(&mut *tx, &entry).await?;
                tx.commit().await?;
                Ok(purged)
            }

            /// Every team, oldest first.
            pub async fn teams(&self) -> Result<Vec<TeamRow>, StorageError> {
                let rows = sqlx::query("SELECT id, name, created_ms, seq FROM teams ORDER BY created_ms, id").fetch_all(self.reader()).await?;
                rows.iter().map(team_row).collect()
            }
        }
    };
}

pub(super) use audit_operations;

impl Storage {
    /// Appends one entry in its own transaction (exports, erasures, benchmarks).
    pub async fn append_audit_entry(&self, entry: &NewAuditEntry<'_>) -> Result<AuditEntry, StorageError> {
        on_backend!(self, db => db.append_audit_entry(entry).await)
    }

    /// Appends entries in order, in one transaction: all or none.
    pub async fn append_audit_entries(&self, entries: &[NewAuditEntry<'_>]) -> Result<Vec<AuditEntry>, StorageError> {
        on_backend!(self, db => db.append_audit_entries(entries).await)
    }

    /// Records an erasure of personal data in the team's audit log (by `actor`, at `now_ms`).
    pub async fn record_erasure(
        &self,
        team_id: &str,
        actor: &str,
        erasure: &ErasureRecord,
        now_ms: i64,
    ) -> Result<AuditEntry, StorageError> {
        let payload = crate::core::audit::canonical_payload(erasure);
        self.append_audit_entry(&NewAuditEntry { team_id, actor, kind: AuditKind::Erasure, payload, time_ms: now_ms }).await
    }

    /// The team's head and anchor.
    pub async fn audit_head(&self, team_id: &str) -> Result<AuditHead, StorageError> {
        on_backend!(self, db => db.audit_head(team_id).await)
    }

    /// Entries after `after` (up to the head when the call began), at most `limit`, in order.
    pub async fn audit_entries(&self, team_id: &str, after: u64, limit: i64) -> Result<Vec<AuditEntry>, StorageError> {
        let after = i64::try_from(after).unwrap_or(i64::MAX);
        on_backend!(self, db => db.audit_page(team_id, after, i64::MAX, (i64::MIN, i64::MAX), limit).await)
    }

    /// Entries after `after` made in `[from_ms, to_ms)`, at most `limit`, in order (exports).
    pub async fn audit_entries_between(
        &self,
        team_id: &str,
        after: u64,
        (from_ms, to_ms): (i64, i64),
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StorageError> {
        let after = i64::try_from(after).unwrap_or(i64::MAX);
        on_backend!(self, db => db.audit_page(team_id, after, i64::MAX, (from_ms, to_ms), limit).await)
    }

    /// Walks the team's whole chain up to its head as it is now, a page at a time, and reports
    /// its state: intact, or the first bad entry and why.
    pub async fn verify_audit(&self, team_id: &str) -> Result<ChainReport, StorageError> {
        let head = self.audit_head(team_id).await?;
        let upto = i64::try_from(head.head_seq).unwrap_or(i64::MAX);
        let mut verifier = ChainVerifier::new(team_id, head.anchor_seq, &head.anchor_hash);
        let mut after = 0;
        loop {
            let page = on_backend!(self, db => db.audit_page(team_id, after, upto, (i64::MIN, i64::MAX), AUDIT_PAGE).await)?;
            for entry in &page {
                verifier.check(entry);
            }
            match page.last() {
                Some(last) if page.len() as i64 >= AUDIT_PAGE => after = i64::try_from(last.seq).unwrap_or(i64::MAX),
                _ => break,
            }
        }
        Ok(verifier.finish(head.head_seq, &head.head_hash))
    }

    /// Purges entries older than the team's retention (never under three years); see
    /// [`crate::core::model::team::TeamSettings::effective_retention_days`].
    pub async fn purge_expired_audit(&self, team_id: &str, now_ms: i64) -> Result<u64, StorageError> {
        let days = self.team_settings(team_id).await?.effective_retention_days();
        let cutoff_ms = now_ms - i64::from(days) * 86_400_000;
        on_backend!(self, db => db.purge_audit(team_id, cutoff_ms, days, now_ms).await)
    }

    /// Every team, oldest first.
    pub async fn teams(&self) -> Result<Vec<super::TeamRow>, StorageError> {
        on_backend!(self, db => db.teams().await)
    }
}
