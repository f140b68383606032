//! The SQL both databases share, written once.
//!
//! Both dialects accept `$1`-style parameters, `RETURNING` and `ON CONFLICT`, so every query
//! below runs unchanged on SQLite and PostgreSQL. What differs (pools, how a write transaction
//! begins) stays in `sqlite.rs` and `postgres.rs`; this macro stamps the same operations onto
//! both, and `tests/storage_contract.rs` checks they behave the same.
//!
//! Changes worth a legal trace (team documents through sync, members joining, roles, deactivations)
//! append their audit entry in the same transaction (`audit.rs`).
//!
//! Writes that read before they write (a push, a role change) run in one transaction that first
//! locks the team's row (`UPDATE teams SET seq = seq`): on PostgreSQL that serialises a team's
//! writers, and on SQLite the single writer connection already does.

macro_rules! shared_operations {
    ($storage:ty, $db:ty) => {
        impl $storage {
            pub async fn create_team(&self, id: &str, name: &str, now_ms: i64) -> Result<TeamRow, StorageError> {
                sqlx::query("INSERT INTO teams (id, name, created_ms) VALUES ($1, $2, $3)")
                    .bind(id)
                    .bind(name)
                    .bind(now_ms)
                    .execute(self.writer())
                    .await
                    .map_err(|error| StorageError::from_insert(error, "a team with this id"))?;
                Ok(TeamRow { id: id.to_owned(), name: name.to_owned(), created_ms: now_ms, seq: 0 })
            }

            pub async fn team(&self, id: &str) -> Result<Option<TeamRow>, StorageError> {
                let row = sqlx::query("SELECT id, name, created_ms, seq FROM teams WHERE id = $1")
                    .bind(id)
                    .fetch_optional(self.reader())
                    .await?;
                row.map(|row| team_row(&row)).transpose()
            }

            pub async fn team_by_name(&self, name: &str) -> Result<Option<TeamRow>, StorageError> {
                let row = sqlx::query("SELECT id, name, created_ms, seq FROM teams WHERE name = $1 ORDER BY created_ms LIMIT 1")
                    .bind(name)
                    .fetch_optional(self.reader())
                    .await?;
                row.map(|row| team_row(&row)).transpose()
            }

            pub async fn create_member(&self, member: &NewMember) -> Result<MemberRow, StorageError> {
                let mut tx = self.begin_write().await?;
                lock_team(&mut *tx, &member.team_id).await?;
                sqlx::query(
                    "INSERT INTO members (id, team_id, email, display_name, role, password_hash, active, created_ms) \
                     VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7)",
                )
                .bind(&member.id)
                .bind(&member.team_id)
                .bind(&member.email)
                .bind(&member.display_name)
                .bind(member.role.as_str())
                .bind(&member.password_hash)
                .bind(member.created_ms)
                .execute(&mut *tx)
                .await
                .map_err(|error| StorageError::from_insert(error, "an account with this e-mail"))?;
                let row = new_member_row(member);
                record_member(&mut *tx, &row, &member.id, member.created_ms).await?;
                audit_member(&mut *tx, AuditKind::MemberAdded, &row, "system", serde_json::json!({"via": "admin"}), member.created_ms).await?;
                tx.commit().await?;
                Ok(row)
            }

            pub async fn member(&self, id: &str) -> Result<Option<MemberRow>, StorageError> {
                let row = sqlx::query(&format!("SELECT {MEMBER_COLUMNS} FROM members WHERE id = $1"))
                    .bind(id)
                    .fetch_optional(self.reader())
                    .await?;
                row.map(|row| member_row(&row)).transpose()
            }

            /// The member with this e-mail and their password hash, to check a sign-in.
            pub async fn member_credentials(&self, email: &str) -> Result<Option<(MemberRow, Option<String>)>, StorageError> {
                let row = sqlx::query(&format!("SELECT {MEMBER_COLUMNS}, password_hash FROM members WHERE email = $1"))
                    .bind(email)
                    .fetch_optional(self.reader())
                    .await?;
                match row {
                    Some(row) => Ok(Some((member_row(&row)?, row.try_get("password_hash")?))),
                    None => Ok(None),
                }
            }

            pub async fn team_members(&self, team_id: &str) -> Result<Vec<MemberRow>, StorageError> {
                let rows = sqlx::query(&format!("SELECT {MEMBER_COLUMNS} FROM members WHERE team_id = $1 ORDER BY created_ms, id"))
                    .bind(team_id)
                    .fetch_all(self.reader())
                    .await?;
                rows.iter().map(member_row).collect()
            }

            /// Gives a member of `team_id` a new role, unless that leaves the team without an
            /// active owner.
            pub async fn change_role(
                &self,
                team_id: &str,
                member_id: &str,
                role: Role,
                by: &str,
                now_ms: i64,
            ) -> Result<MemberUpdate, StorageError> {
                let mut tx = self.begin_write().await?;
                lock_team(&mut *tx, team_id).await?;
                let Some(target) = member_in_team(&mut *tx, team_id, member_id).await? else {
                    return Ok(MemberUpdate::NotFound);
                };
                if target.role == Role::Owner && role != Role::Owner && target.active && active_owners(&mut *tx, team_id).await? <= 1 {
                    return Ok(MemberUpdate::LastOwner);
                }
                sqlx::query("UPDATE members SET role = $1 WHERE id = $2 AND team_id = $3")
                    .bind(role.as_str())
                    .bind(member_id)
                    .bind(team_id)
                    .execute(&mut *tx)
                    .await?;
                let from = target.role;
                let changed = MemberRow { role, ..target };
                record_member(&mut *tx, &changed, by, now_ms).await?;
                audit_member(&mut *tx, AuditKind::RoleChanged, &changed, by, serde_json::json!({"from": from.as_str()}), now_ms).await?;
                tx.commit().await?;
                Ok(MemberUpdate::Done(changed))
            }

            /// Deactivates a member of `team_id` and revokes all their sessions, in one
            /// transaction, unless they are the team's last active owner.
            pub async fn deactivate_member(
                &self,
                team_id: &str,
                member_id: &str,
                by: &str,
                now_ms: i64,
            ) -> Result<MemberUpdate, StorageError> {
                let mut tx = self.begin_write().await?;
                lock_team(&mut *tx, team_id).await?;
                let Some(target) = member_in_team(&mut *tx, team_id, member_id).await? else {
                    return Ok(MemberUpdate::NotFound);
                };
                if target.role == Role::Owner && target.active && active_owners(&mut *tx, team_id).await? <= 1 {
                    return Ok(MemberUpdate::LastOwner);
                }
                sqlx::query("UPDATE members SET active = FALSE WHERE id = $1 AND team_id = $2")
                    .bind(member_id)
                    .bind(team_id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("UPDATE sessions SET revoked_ms = $1 WHERE member_id = $2 AND revoked_ms IS NULL")
                    .bind(now_ms)
                    .bind(member_id)
                    .execute(&mut *tx)
                    .await?;
                let deactivated = MemberRow { active: false, ..target };
                record_member(&mut *tx, &deactivated, by, now_ms).await?;
                audit_member(&mut *tx, AuditKind::MemberDeactivated, &deactivated, by, serde_json::json!({}), now_ms).await?;
                tx.commit().await?;
                Ok(MemberUpdate::Done(deactivated))
            }

            pub async fn create_session(&self, token_hash: &str, member_id: &str, now_ms: i64, expires_ms: i64) -> Result<(), StorageError> {
                sqlx::query("INSERT INTO sessions (token_hash, member_id, created_ms, expires_ms) VALUES ($1, $2, $3, $4)")
                    .bind(token_hash)
                    .bind(member_id)
                    .bind(now_ms)
                    .bind(expires_ms)
                    .execute(self.writer())
                    .await?;
                Ok(())
            }

            /// The active member a session token (by hash) signs in, if it is neither expired
            /// nor revoked.
            pub async fn session_member(&self, token_hash: &str, now_ms: i64) -> Result<Option<MemberRow>, StorageError> {
                let row = sqlx::query(&format!(
                    "SELECT {MEMBER_COLUMNS_OF_M} FROM sessions s JOIN members m ON m.id = s.member_id \
                     WHERE s.token_hash = $1 AND s.revoked_ms IS NULL AND s.expires_ms > $2 AND m.active = TRUE"
                ))
                .bind(token_hash)
                .bind(now_ms)
                .fetch_optional(self.reader())
                .await?;
                row.map(|row| member_row(&row)).transpose()
            }

            /// Revokes one session; false when it was not active.
            pub async fn revoke_session(&self, token_hash: &str, now_ms: i64) -> Result<bool, StorageError> {
                let done = sqlx::query("UPDATE sessions SET revoked_ms = $1 WHERE token_hash = $2 AND revoked_ms IS NULL")
                    .bind(now_ms)
                    .bind(token_hash)
                    .execute(self.writer())
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            /// Deletes sessions and invites that ended (expired, revoked or used) before
            /// `before_ms`; returns how many rows went.
            pub async fn purge_ended(&self, before_ms: i64) -> Result<u64, StorageError> {
                let mut tx = self.begin_write().await?;
                let sessions = sqlx::query("DELETE FROM sessions WHERE expires_ms < $1 OR revoked_ms < $1")
                    .bind(before_ms)
                    .execute(&mut *tx)
                    .await?;
                let invites = sqlx::query("DELETE FROM invites WHERE expires_ms < $1 OR used_ms < $1")
                    .bind(before_ms)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(sessions.rows_affected() + invites.rows_affected())
            }

            pub async fn create_invite(&self, invite: &NewInvite) -> Result<(), StorageError> {
                sqlx::query(
                    "INSERT INTO invites (token_hash, team_id, email, role, invited_by, created_ms, expires_ms) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(&invite.token_hash)
                .bind(&invite.team_id)
                .bind(&invite.email)
                .bind(invite.role.as_str())
                .bind(&invite.invited_by)
                .bind(invite.created_ms)
                .bind(invite.expires_ms)
                .execute(self.writer())
                .await?;
                Ok(())
            }

            pub async fn invite_is_open(&self, token_hash: &str, now_ms: i64) -> Result<bool, StorageError> {
                let open: Option<i64> = sqlx::query_scalar("SELECT expires_ms FROM invites WHERE token_hash = $1 AND used_ms IS NULL AND expires_ms > $2")
                    .bind(token_hash)
                    .bind(now_ms)
                    .fetch_optional(self.reader())
                    .await?;
                Ok(open.is_some())
            }

            /// Uses an invite once: marks it used and creates the member, in one transaction.
            pub async fn accept_invite(&self, token_hash: &str, invitee: &Invitee, now_ms: i64) -> Result<InviteAcceptance, StorageError> {
                let mut tx = self.begin_write().await?;
                let used = sqlx::query(
                    "UPDATE invites SET used_ms = $1 WHERE token_hash = $2 AND used_ms IS NULL AND expires_ms > $1 \
                     RETURNING team_id, email, role, invited_by",
                )
                .bind(now_ms)
                .bind(token_hash)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(invite) = used else {
                    return Ok(InviteAcceptance::Invalid);
                };
                let invited_by: String = invite.try_get("invited_by")?;
                let member = NewMember {
                    id: invitee.member_id.clone(),
                    team_id: invite.try_get("team_id")?,
                    email: invite.try_get("email")?,
                    display_name: invitee.display_name.clone(),
                    role: parse_role(&invite.try_get::<String, _>("role")?)?,
                    password_hash: invitee.password_hash.clone(),
                    created_ms: now_ms,
                };
                let inserted = sqlx::query(
                    "INSERT INTO members (id, team_id, email, display_name, role, password_hash, active, created_ms) \
                     VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7) ON CONFLICT (email) DO NOTHING",
                )
                .bind(&member.id)
                .bind(&member.team_id)
                .bind(&member.email)
                .bind(&member.display_name)
                .bind(member.role.as_str())
                .bind(&member.password_hash)
                .bind(member.created_ms)
                .execute(&mut *tx)
                .await?;
                if inserted.rows_affected() == 0 {
                    return Ok(InviteAcceptance::EmailTaken);
                }
                let joined = new_member_row(&member);
                lock_team(&mut *tx, &joined.team_id).await?;
                record_member(&mut *tx, &joined, &joined.id, now_ms).await?;
                let via = serde_json::json!({"via": "invite", "invited_by": invited_by});
                audit_member(&mut *tx, AuditKind::MemberAdded, &joined, &joined.id, via, now_ms).await?;
                tx.commit().await?;
                Ok(InviteAcceptance::Joined(joined))
            }

            /// The team's sequence number: the cursor of its latest change.
            pub async fn team_seq(&self, team_id: &str) -> Result<i64, StorageError> {
                let seq: Option<i64> = sqlx::query_scalar("SELECT seq FROM teams WHERE id = $1").bind(team_id).fetch_optional(self.reader()).await?;
                Ok(seq.unwrap_or(0))
            }

            /// The documents `member_id` may see that changed after `since`, oldest change first,
            /// at most `limit` of them.
            pub async fn pull(&self, team_id: &str, member_id: &str, since: i64, limit: i64) -> Result<PullResponse, StorageError> {
                // The team's seq first: every change numbered up to it is committed (a change and
                // its number commit together, in number order), so nothing below it is missed.
                let upto = self.team_seq(team_id).await?;
                let rows = sqlx::query(
                    "SELECT collection, owner_id, id, version, seq, deleted, payload, updated_by, updated_ms FROM documents \
                     WHERE team_id = $1 AND seq > $2 AND seq <= $3 AND (owner_id = '' OR owner_id = $4) ORDER BY seq LIMIT $5",
                )
                .bind(team_id)
                .bind(since)
                .bind(upto)
                .bind(member_id)
                .bind(limit)
                .fetch_all(self.reader())
                .await?;
                let changes = rows.iter().map(change_row).collect::<Result<Vec<_>, _>>()?;
                let has_more = i64::try_from(changes.len()).unwrap_or(i64::MAX) >= limit;
                let cursor = match changes.last() {
                    Some(last) if has_more => last.seq,
                    _ => u64::try_from(upto.max(since)).unwrap_or(0),
                };
                Ok(PullResponse { changes, cursor, has_more })
            }

            /// Applies one mutation exactly once; see [`CheckedMutation`]. A mutation seen before
            /// gets its first answer back and changes nothing.
            pub async fn apply_mutation(&self, mutation: &CheckedMutation) -> Result<MutationOutcome, StorageError> {
                let mut tx = self.begin_write().await?;
                lock_team(&mut *tx, &mutation.team_id).await?;
                if !claim_client(&mut *tx, mutation).await? {
                    return Ok(client_not_yours());
                }
                if let Some(first) = stored_outcome(&mut *tx, mutation).await? {
                    return Ok(first);
                }
                let outcome = decide(&mut *tx, mutation).await?;
                sqlx::query("INSERT INTO mutation_outcomes (client_id, mutation_id, outcome, created_ms) VALUES ($1, $2, $3, $4)")
                    .bind(&mutation.client_id)
                    .bind(mutation.mutation_id)
                    .bind(serde_json::to_string(&outcome).map_err(|error| StorageError::Corrupt(error.to_string()))?)
                    .bind(mutation.now_ms)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("UPDATE sync_clients SET last_mutation_id = $1 WHERE id = $2 AND last_mutation_id < $1")
                    .bind(mutation.mutation_id)
                    .bind(&mutation.client_id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(outcome)
            }
        }

        const MEMBER_COLUMNS: &str = "id, team_id, email, display_name, role, active, created_ms";
        const MEMBER_COLUMNS_OF_M: &str = "m.id, m.team_id, m.email, m.display_name, m.role, m.active, m.created_ms";

        type DbRow = <$db as sqlx::Database>::Row;
        type Conn = <$db as sqlx::Database>::Connection;

        fn team_row(row: &DbRow) -> Result<TeamRow, StorageError> {
            Ok(TeamRow { id: row.try_get("id")?, name: row.try_get("name")?, created_ms: row.try_get("created_ms")?, seq: row.try_get("seq")? })
        }

        fn member_row(row: &DbRow) -> Result<MemberRow, StorageError> {
            Ok(MemberRow {
                id: row.try_get("id")?,
                team_id: row.try_get("team_id")?,
                email: row.try_get("email")?,
                display_name: row.try_get("display_name")?,
                role: parse_role(&row.try_get::<String, _>("role")?)?,
                active: row.try_get("active")?,
                created_ms: row.try_get("created_ms")?,
            })
        }

        fn change_row(row: &DbRow) -> Result<Change, StorageError> {
            let collection: String = row.try_get("collection")?;
            let payload: String = row.try_get("payload")?;
            Ok(Change {
                entity: EntityRef {
                    collection: Collection::parse(&collection).ok_or_else(|| StorageError::Corrupt(format!("collection {collection:?}")))?,
                    id: row.try_get("id")?,
                },
                version: to_u64(row.try_get("version")?),
                seq: to_u64(row.try_get("seq")?),
                deleted: row.try_get("deleted")?,
                payload: serde_json::from_str(&payload).map_err(|error| StorageError::Corrupt(error.to_string()))?,
                updated_by: row.try_get("updated_by")?,
                updated_ms: row.try_get("updated_ms")?,
            })
        }

        /// Takes the team's row lock for the rest of the transaction.
        async fn lock_team(conn: &mut Conn, team_id: &str) -> Result<(), StorageError> {
            sqlx::query("UPDATE teams SET seq = seq WHERE id = $1").bind(team_id).execute(conn).await?;
            Ok(())
        }

        /// Puts a member's new state in the team's change feed (collection `members`), numbered
        /// like every other change, in the caller's transaction.
        async fn record_member(conn: &mut Conn, member: &MemberRow, by: &str, now_ms: i64) -> Result<(), StorageError> {
            let payload = serde_json::to_string(&member.view()).map_err(|error| StorageError::Corrupt(error.to_string()))?;
            let seq: i64 = sqlx::query_scalar("UPDATE teams SET seq = seq + 1 WHERE id = $1 RETURNING seq")
                .bind(&member.team_id)
                .fetch_one(&mut *conn)
                .await?;
            sqlx::query(
                "INSERT INTO documents (team_id, collection, owner_id, id, version, seq, deleted, payload, updated_by, updated_ms) \
                 VALUES ($1, 'members', '', $2, 1, $3, FALSE, $4, $5, $6) \
                 ON CONFLICT (team_id, collection, owner_id, id) DO UPDATE SET version = documents.version + 1, \
                 seq = excluded.seq, payload = excluded.payload, updated_by = excluded.updated_by, updated_ms = excluded.updated_ms",
            )
            .bind(&member.team_id)
            .bind(&member.id)
            .bind(seq)
            .bind(payload)
            .bind(by)
            .bind(now_ms)
            .execute(&mut *conn)
            .await?;
            Ok(())
        }

        async fn member_in_team(conn: &mut Conn, team_id: &str, member_id: &str) -> Result<Option<MemberRow>, StorageError> {
            let row = sqlx::query(&format!("SELECT {MEMBER_COLUMNS} FROM members WHERE id = $1 AND team_id = $2"))
                .bind(member_id)
                .bind(team_id)
                .fetch_optional(conn)
                .await?;
            row.map(|row| member_row(&row)).transpose()
        }

        async fn active_owners(conn: &mut Conn, team_id: &str) -> Result<i64, StorageError> {
            let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM members WHERE team_id = $1 AND role = 'owner' AND active = TRUE")
                .bind(team_id)
                .fetch_one(conn)
                .await?;
            Ok(count)
        }

        /// Binds the client to the member on first use; false when it belongs to someone else.
        async fn claim_client(conn: &mut Conn, mutation: &CheckedMutation) -> Result<bool, StorageError> {
            sqlx::query("INSERT INTO sync_clients (id, member_id, created_ms) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING")
                .bind(&mutation.client_id)
                .bind(&mutation.member_id)
                .bind(mutation.now_ms)
                .execute(&mut *conn)
                .await?;
            let owner: String = sqlx::query_scalar("SELECT member_id FROM sync_clients WHERE id = $1")
                .bind(&mutation.client_id)
                .fetch_one(&mut *conn)
                .await?;
            Ok(owner == mutation.member_id)
        }

        async fn stored_outcome(conn: &mut Conn, mutation: &CheckedMutation) -> Result<Option<MutationOutcome>, StorageError> {
            let stored: Option<String> = sqlx::query_scalar("SELECT outcome FROM mutation_outcomes WHERE client_id = $1 AND mutation_id = $2")
                .bind(&mutation.client_id)
                .bind(mutation.mutation_id)
                .fetch_optional(conn)
                .await?;
            stored
                .map(|text| serde_json::from_str(&text).map_err(|error| StorageError::Corrupt(format!("a stored mutation answer: {error}"))))
                .transpose()
        }

        /// Applies a new mutation, or says why not.
        async fn decide(conn: &mut Conn, mutation: &CheckedMutation) -> Result<MutationOutcome, StorageError> {
            if let Some((code, reason)) = &mutation.refusal {
                return Ok(MutationOutcome::Rejected { code: code.clone(), reason: reason.clone() });
            }
            let current = sqlx::query(
                "SELECT collection, owner_id, id, version, seq, deleted, payload, updated_by, updated_ms FROM documents \
                 WHERE team_id = $1 AND collection = $2 AND owner_id = $3 AND id = $4",
            )
            .bind(&mutation.team_id)
            .bind(mutation.collection.as_str())
            .bind(&mutation.owner_id)
            .bind(&mutation.entity_id)
            .fetch_optional(&mut *conn)
            .await?;
            let current = current.map(|row| change_row(&row)).transpose()?;
            let current_version = current.as_ref().map_or(0, |change| change.version);
            if u64::try_from(mutation.base_version).ok() != Some(current_version) {
                return Ok(MutationOutcome::Conflict { current });
            }
            if mutation.kind == MutationKind::Delete && current.as_ref().is_none_or(|change| change.deleted) {
                return Ok(MutationOutcome::Rejected {
                    code: "not_found".into(),
                    reason: "This document does not exist on the server (it may have been deleted already).".into(),
                });
            }
            let seq: i64 = sqlx::query_scalar("UPDATE teams SET seq = seq + 1 WHERE id = $1 RETURNING seq")
                .bind(&mutation.team_id)
                .fetch_one(&mut *conn)
                .await?;
            let version = mutation.base_version.saturating_add(1);
            sqlx::query(
                "INSERT INTO documents (team_id, collection, owner_id, id, version, seq, deleted, payload, updated_by, updated_ms) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                 ON CONFLICT (team_id, collection, owner_id, id) DO UPDATE SET version = excluded.version, seq = excluded.seq, \
                 deleted = excluded.deleted, payload = excluded.payload, updated_by = excluded.updated_by, updated_ms = excluded.updated_ms",
            )
            .bind(&mutation.team_id)
            .bind(mutation.collection.as_str())
            .bind(&mutation.owner_id)
            .bind(&mutation.entity_id)
            .bind(version)
            .bind(seq)
            .bind(mutation.kind == MutationKind::Delete)
            .bind(&mutation.payload)
            .bind(&mutation.member_id)
            .bind(mutation.now_ms)
            .execute(&mut *conn)
            .await?;
            audit_document_change(&mut *conn, mutation, version, seq).await?;
            Ok(MutationOutcome::Applied { version: to_u64(version), seq: to_u64(seq) })
        }
    };
}

pub(super) use shared_operations;
