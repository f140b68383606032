//! PostgreSQL: the same operations as SQLite, for teams that run several server processes.

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, Postgres, Row, Transaction};
use std::str::FromStr;

use super::approvals::approval_operations;
use super::audit::audit_operations;
use super::history::operations::history_operations;
use super::operations::shared_operations;
use super::reports::report_operations;
use super::records::{CheckedMutation, InviteAcceptance, Invitee, MemberRow, MemberUpdate, NewInvite, NewMember};
use super::{client_not_yours, new_member_row, parse_role, to_u64, StorageError, TeamRow};
use crate::core::model::api::{Change, Collection, EntityRef, MutationKind, MutationOutcome, PullResponse};
use crate::core::model::audit::{AuditEntry, AuditKind};
use crate::core::policy::Role;

#[derive(Debug, Clone)]
pub struct PostgresStorage {
    pool: PgPool,
    /// The schema this storage lives in when it is a test's own (dropped on close).
    own_schema: Option<String>,
    /// The schema in use (`public` unless the URL or a test says otherwise): events are
    /// announced on a channel named after it, so deployments sharing a database never mix.
    schema: String,
}

impl PostgresStorage {
    pub async fn open(url: &str, schema: Option<&str>) -> Result<PostgresStorage, StorageError> {
        let mut options = PgConnectOptions::from_str(url).map_err(|_| StorageError::BadUrl(url.to_owned()))?;
        options = options.log_statements(tracing::log::LevelFilter::Debug);
        // One direct connection first: a pool retries until its timeout (30 s) and then reports
        // only that it timed out, where this says at once why (refused, unknown role, no database).
        options.connect().await.map_err(StorageError::Connect)?.close().await.map_err(StorageError::Connect)?;
        if let Some(schema) = schema {
            if !schema.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(StorageError::BadUrl(format!("schema name {schema:?}")));
            }
            let admin = PgPoolOptions::new()
                .max_connections(1)
                .connect_with(options.clone())
                .await
                .map_err(StorageError::Connect)?;
            sqlx::query(&format!("CREATE SCHEMA IF NOT EXISTS {schema}")).execute(&admin).await?;
            admin.close().await;
            options = options.options([("search_path", schema)]);
        }
        // A request waits at most 5 s for a connection: if PostgreSQL goes away, health and the
        // API answer 503 quickly instead of hanging for sqlx's default 30 s.
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(std::time::Duration::from_secs(5))
            .connect_with(options)
            .await
            .map_err(StorageError::Connect)?;
        let current: Option<String> = sqlx::query_scalar("SELECT current_schema()").fetch_one(&pool).await?;
        Ok(PostgresStorage {
            pool,
            own_schema: schema.map(str::to_owned),
            schema: current.unwrap_or_else(|| "public".to_owned()),
        })
    }

    pub async fn migrate(&self) -> Result<(), StorageError> {
        sqlx::migrate!("./migrations/postgres").run(&self.pool).await?;
        Ok(())
    }

    pub async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    fn writer(&self) -> &PgPool {
        &self.pool
    }

    fn reader(&self) -> &PgPool {
        &self.pool
    }

    /// A write transaction (READ COMMITTED; team writers are serialised by the team row lock).
    async fn begin_write(&self) -> Result<Transaction<'static, Postgres>, StorageError> {
        Ok(self.pool.begin().await?)
    }

    /// The pool, for LISTEN/NOTIFY.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The schema in use.
    pub fn schema(&self) -> &str {
        &self.schema
    }

    pub async fn close(self) {
        if let Some(schema) = &self.own_schema {
            let _ = sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE")).execute(&self.pool).await;
        }
        self.pool.close().await;
    }
}

shared_operations!(PostgresStorage, Postgres);
audit_operations!(PostgresStorage);
approval_operations!(PostgresStorage);
history_operations!(PostgresStorage, sqlx::Postgres);
report_operations!(PostgresStorage, sqlx::Postgres);
