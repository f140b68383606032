//! Storage: one API, two databases.
//!
//! SQLite (WAL, one file) is the embedded default; PostgreSQL serves teams that run several
//! `tact serve` processes. Each has its own migrations (`migrations/sqlite`, `migrations/postgres`)
//! and its own SQL, behind this enum: a closed set of two is simpler to read than a trait
//! object, and every operation is tested on both (`tests/storage_contract.rs`). The SQL itself
//! is written once (`operations.rs`): both dialects take the same statements.

mod operations;
mod postgres;
pub mod records;
mod sqlite;

use serde::Serialize;

use crate::core::model::api::{MutationOutcome, PullResponse};
use crate::core::policy::Role;
pub use records::{CheckedMutation, InviteAcceptance, Invitee, MemberRow, MemberUpdate, NewInvite, NewMember};

/// Why storage failed, in words an operator can act on.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("the database address is not understood: {0} (expected sqlite://PATH or postgres://...)")]
    BadUrl(String),
    #[error("an in-memory SQLite database would vanish at every restart and cannot be shared by the server's connections; give a file, e.g. sqlite://./tact-data/tact.db")]
    InMemory,
    #[error("could not open the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("could not bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
    #[error("{0} already exists")]
    AlreadyExists(&'static str),
    #[error("the database holds a value this version of tact does not understand: {0}")]
    Corrupt(String),
}

impl StorageError {
    /// An insert's error, telling a duplicate key (`what` already exists) from a failure.
    fn from_insert(error: sqlx::Error, what: &'static str) -> StorageError {
        match &error {
            sqlx::Error::Database(database) if database.is_unique_violation() => StorageError::AlreadyExists(what),
            _ => StorageError::Query(error),
        }
    }
}

/// Runs the same call on whichever database this is.
macro_rules! on_backend {
    ($storage:expr, $db:ident => $call:expr) => {
        match $storage {
            Storage::Sqlite($db) => $call,
            Storage::Postgres($db) => $call,
        }
    };
}

// After `on_backend!`, which they use.
pub mod approvals;
pub mod audit;
pub mod history;
pub mod reports;

pub use approvals::{
    ApprovalCreation, ApprovalFilter, DecisionOutcome, NewApproval, NewDecision, NewPublishedReply, Publication,
};
pub use audit::{AuditHead, ErasureRecord, NewAuditEntry};

/// Which database a [`Storage`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DatabaseKind {
    Sqlite,
    Postgres,
}

/// A team, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamRow {
    pub id: String,
    pub name: String,
    pub created_ms: i64,
    pub seq: i64,
}

impl DatabaseKind {
    /// The name the health endpoint and the logs use: `sqlite` or `postgres`.
    pub fn as_str(self) -> &'static str {
        match self {
            DatabaseKind::Sqlite => "sqlite",
            DatabaseKind::Postgres => "postgres",
        }
    }
}

/// The server's database.
#[derive(Debug, Clone)]
pub enum Storage {
    Sqlite(sqlite::SqliteStorage),
    Postgres(postgres::PostgresStorage),
}

impl Storage {
    /// Opens the database at `url` (`sqlite://path` creates the file and its folder;
    /// `postgres://...`) and applies pending migrations.
    pub async fn open(url: &str) -> Result<Storage, StorageError> {
        let storage = if let Some(path) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
            Storage::Sqlite(sqlite::SqliteStorage::open(path).await?)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Storage::Postgres(postgres::PostgresStorage::open(url, None).await?)
        } else {
            return Err(StorageError::BadUrl(url.to_owned()));
        };
        storage.migrate().await?;
        Ok(storage)
    }

    /// Opens a PostgreSQL database inside `schema` (created if missing): tests use one schema
    /// each, so they run side by side on one database.
    pub async fn open_postgres_in_schema(url: &str, schema: &str) -> Result<Storage, StorageError> {
        let storage = Storage::Postgres(postgres::PostgresStorage::open(url, Some(schema)).await?);
        storage.migrate().await?;
        Ok(storage)
    }

    /// Which database this is.
    pub fn kind(&self) -> DatabaseKind {
        match self {
            Storage::Sqlite(_) => DatabaseKind::Sqlite,
            Storage::Postgres(_) => DatabaseKind::Postgres,
        }
    }

    async fn migrate(&self) -> Result<(), StorageError> {
        match self {
            Storage::Sqlite(db) => db.migrate().await,
            Storage::Postgres(db) => db.migrate().await,
        }
    }

    /// Answers when the database does.
    pub async fn ping(&self) -> Result<(), StorageError> {
        match self {
            Storage::Sqlite(db) => db.ping().await,
            Storage::Postgres(db) => db.ping().await,
        }
    }

    pub async fn create_team(&self, id: &str, name: &str, now_ms: i64) -> Result<TeamRow, StorageError> {
        on_backend!(self, db => db.create_team(id, name, now_ms).await)
    }

    pub async fn team(&self, id: &str) -> Result<Option<TeamRow>, StorageError> {
        on_backend!(self, db => db.team(id).await)
    }

    pub async fn team_by_name(&self, name: &str) -> Result<Option<TeamRow>, StorageError> {
        on_backend!(self, db => db.team_by_name(name).await)
    }

    /// Creates a member; [`StorageError::AlreadyExists`] when the e-mail is taken.
    pub async fn create_member(&self, member: &NewMember) -> Result<MemberRow, StorageError> {
        on_backend!(self, db => db.create_member(member).await)
    }

    pub async fn member(&self, id: &str) -> Result<Option<MemberRow>, StorageError> {
        on_backend!(self, db => db.member(id).await)
    }

    /// The member with this (normalised) e-mail and their password hash.
    pub async fn member_credentials(&self, email: &str) -> Result<Option<(MemberRow, Option<String>)>, StorageError> {
        on_backend!(self, db => db.member_credentials(email).await)
    }

    /// Every member of a team, active or not, oldest first.
    pub async fn team_members(&self, team_id: &str) -> Result<Vec<MemberRow>, StorageError> {
        on_backend!(self, db => db.team_members(team_id).await)
    }

    /// Changes the role of a member of `team_id` (`by` whom, for the change feed); never leaves
    /// a team without an active owner.
    pub async fn change_role(
        &self,
        team_id: &str,
        member_id: &str,
        role: Role,
        by: &str,
        now_ms: i64,
    ) -> Result<MemberUpdate, StorageError> {
        on_backend!(self, db => db.change_role(team_id, member_id, role, by, now_ms).await)
    }

    /// Deactivates a member of `team_id` (`by` whom) and revokes all their sessions, atomically.
    pub async fn deactivate_member(
        &self,
        team_id: &str,
        member_id: &str,
        by: &str,
        now_ms: i64,
    ) -> Result<MemberUpdate, StorageError> {
        on_backend!(self, db => db.deactivate_member(team_id, member_id, by, now_ms).await)
    }

    /// Stores a session by the SHA-256 of its token.
    pub async fn create_session(
        &self,
        token_hash: &str,
        member_id: &str,
        now_ms: i64,
        expires_ms: i64,
    ) -> Result<(), StorageError> {
        on_backend!(self, db => db.create_session(token_hash, member_id, now_ms, expires_ms).await)
    }

    /// The active member signed in by this session, if it is live (not expired, not revoked).
    pub async fn session_member(&self, token_hash: &str, now_ms: i64) -> Result<Option<MemberRow>, StorageError> {
        on_backend!(self, db => db.session_member(token_hash, now_ms).await)
    }

    /// Revokes a session (logout); false when it was not live.
    pub async fn revoke_session(&self, token_hash: &str, now_ms: i64) -> Result<bool, StorageError> {
        on_backend!(self, db => db.revoke_session(token_hash, now_ms).await)
    }

    /// Deletes sessions and invites that ended (expired, revoked, used) before `before_ms`, so
    /// the tables hold what can still be used plus a short tail; returns how many rows went.
    pub async fn purge_ended(&self, before_ms: i64) -> Result<u64, StorageError> {
        on_backend!(self, db => db.purge_ended(before_ms).await)
    }

    pub async fn create_invite(&self, invite: &NewInvite) -> Result<(), StorageError> {
        on_backend!(self, db => db.create_invite(invite).await)
    }

    /// Uses a one-time invite and creates its member, atomically.
    pub async fn accept_invite(
        &self,
        token_hash: &str,
        invitee: &Invitee,
        now_ms: i64,
    ) -> Result<InviteAcceptance, StorageError> {
        on_backend!(self, db => db.accept_invite(token_hash, invitee, now_ms).await)
    }

    /// The team's cursor: the sequence number of its latest change (0 for none or no team).
    pub async fn team_seq(&self, team_id: &str) -> Result<i64, StorageError> {
        on_backend!(self, db => db.team_seq(team_id).await)
    }

    /// The changes after `since` that `member_id` may see (team documents and their own).
    pub async fn pull(
        &self,
        team_id: &str,
        member_id: &str,
        since: i64,
        limit: i64,
    ) -> Result<PullResponse, StorageError> {
        on_backend!(self, db => db.pull(team_id, member_id, since, limit).await)
    }

    /// Applies a mutation exactly once (a replay gets its first answer back).
    pub async fn apply_mutation(&self, mutation: &CheckedMutation) -> Result<MutationOutcome, StorageError> {
        on_backend!(self, db => db.apply_mutation(mutation).await)
    }

    /// The PostgreSQL pool and schema, for LISTEN/NOTIFY; `None` on SQLite.
    pub fn postgres_events(&self) -> Option<(sqlx::PgPool, String)> {
        match self {
            Storage::Sqlite(_) => None,
            Storage::Postgres(db) => Some((db.pool().clone(), db.schema().to_owned())),
        }
    }

    /// True when an invite (by token hash) can still be accepted: a cheap check before the
    /// password is hashed, so bad links cost the server nothing.
    pub async fn invite_is_open(&self, token_hash: &str, now_ms: i64) -> Result<bool, StorageError> {
        on_backend!(self, db => db.invite_is_open(token_hash, now_ms).await)
    }

    /// Drops the test schema (PostgreSQL) and closes the pools.
    pub async fn close(self) {
        match self {
            Storage::Sqlite(db) => db.close().await,
            Storage::Postgres(db) => db.close().await,
        }
    }
}

fn parse_role(name: &str) -> Result<Role, StorageError> {
    Role::parse(name).ok_or_else(|| StorageError::Corrupt(format!("role {name:?}")))
}

fn to_u64(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

fn new_member_row(member: &NewMember) -> MemberRow {
    MemberRow {
        id: member.id.clone(),
        team_id: member.team_id.clone(),
        email: member.email.clone(),
        display_name: member.display_name.clone(),
        role: member.role,
        active: true,
        created_ms: member.created_ms,
    }
}

/// The answer when a client id is already bound to another member (never stored: it is theirs).
fn client_not_yours() -> MutationOutcome {
    MutationOutcome::Rejected {
        code: "client_not_yours".into(),
        reason: "This device is registered to another account. Sign out and sign in again to sync from it.".into(),
    }
}
