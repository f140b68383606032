//! Storage: one API, two databases.
//!
//! SQLite (WAL, one file) is the embedded default; PostgreSQL serves teams that run several
//! `tact serve` processes. Each has its own migrations (`migrations/sqlite`, `migrations/postgres`)
//! and its own SQL, behind this enum: a closed set of two is simpler to read than a trait
//! object, and every operation is tested on both (`tests/storage_contract.rs`).

mod postgres;
mod sqlite;

use serde::Serialize;

/// Why storage failed, in words an operator can act on.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("the database address is not understood: {0} (expected sqlite://PATH or postgres://...)")]
    BadUrl(String),
    #[error("could not open the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("could not bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
}

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
        match self {
            Storage::Sqlite(db) => db.create_team(id, name, now_ms).await,
            Storage::Postgres(db) => db.create_team(id, name, now_ms).await,
        }
    }

    pub async fn team(&self, id: &str) -> Result<Option<TeamRow>, StorageError> {
        match self {
            Storage::Sqlite(db) => db.team(id).await,
            Storage::Postgres(db) => db.team(id).await,
        }
    }

    pub async fn team_by_name(&self, name: &str) -> Result<Option<TeamRow>, StorageError> {
        match self {
            Storage::Sqlite(db) => db.team_by_name(name).await,
            Storage::Postgres(db) => db.team_by_name(name).await,
        }
    }

    /// Drops the test schema (PostgreSQL) and closes the pools.
    pub async fn close(self) {
        match self {
            Storage::Sqlite(db) => db.close().await,
            Storage::Postgres(db) => db.close().await,
        }
    }
}
