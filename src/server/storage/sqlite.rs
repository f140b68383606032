//! SQLite: one file, WAL, `synchronous = FULL` (an acknowledged write survives a power cut).
//!
//! Writes go through a pool of one connection, so they never fight over the write lock
//! (measured on this hardware: several writers on one file mostly fail with SQLITE_BUSY);
//! reads use a separate pool that WAL lets run beside the writer.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, Sqlite, Transaction};

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
pub struct SqliteStorage {
    writer: SqlitePool,
    reader: SqlitePool,
}

impl SqliteStorage {
    pub async fn open(path: &str) -> Result<SqliteStorage, StorageError> {
        let file = path.split('?').next().unwrap_or_default();
        if file.is_empty() || file == ":memory:" || path.contains("mode=memory") {
            return Err(StorageError::InMemory);
        }
        if let Some(folder) = Path::new(path).parent().filter(|folder| !folder.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|error| StorageError::Connect(sqlx::Error::Io(error)))?;
        }
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))
            .map_err(|_| StorageError::BadUrl(format!("sqlite://{path}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await
            .map_err(StorageError::Connect)?;
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await
            .map_err(StorageError::Connect)?;
        Ok(SqliteStorage { writer, reader })
    }

    pub async fn migrate(&self) -> Result<(), StorageError> {
        sqlx::migrate!("./migrations/sqlite").run(&self.writer).await?;
        Ok(())
    }

    pub async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1").execute(&self.reader).await?;
        Ok(())
    }

    fn writer(&self) -> &SqlitePool {
        &self.writer
    }

    fn reader(&self) -> &SqlitePool {
        &self.reader
    }

    /// A write transaction on the single writer connection, taking SQLite's write lock at once
    /// (`BEGIN IMMEDIATE`) so a read-then-write never finds the database changed under it.
    async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>, StorageError> {
        Ok(self.writer.begin_with("BEGIN IMMEDIATE").await?)
    }

    pub async fn close(self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}

shared_operations!(SqliteStorage, Sqlite);
audit_operations!(SqliteStorage);
approval_operations!(SqliteStorage);
history_operations!(SqliteStorage, sqlx::Sqlite);
report_operations!(SqliteStorage, sqlx::Sqlite);
