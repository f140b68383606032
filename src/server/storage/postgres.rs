//! PostgreSQL: the same operations as SQLite, for teams that run several server processes.

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{ConnectOptions, Row};
use std::str::FromStr;

use super::{StorageError, TeamRow};

#[derive(Debug, Clone)]
pub struct PostgresStorage {
    pool: PgPool,
    /// The schema this storage lives in when it is a test's own (dropped on close).
    own_schema: Option<String>,
}

impl PostgresStorage {
    pub async fn open(url: &str, schema: Option<&str>) -> Result<PostgresStorage, StorageError> {
        let mut options = PgConnectOptions::from_str(url).map_err(|_| StorageError::BadUrl(url.to_owned()))?;
        options = options.log_statements(tracing::log::LevelFilter::Debug);
        if let Some(schema) = schema {
            if !schema.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(StorageError::BadUrl(format!("schema name {schema:?}")));
            }
            let admin = PgPoolOptions::new().max_connections(1).connect_with(options.clone()).await.map_err(StorageError::Connect)?;
            sqlx::query(&format!("CREATE SCHEMA IF NOT EXISTS {schema}")).execute(&admin).await?;
            admin.close().await;
            options = options.options([("search_path", schema)]);
        }
        let pool = PgPoolOptions::new().max_connections(8).connect_with(options).await.map_err(StorageError::Connect)?;
        Ok(PostgresStorage { pool, own_schema: schema.map(str::to_owned) })
    }

    pub async fn migrate(&self) -> Result<(), StorageError> {
        sqlx::migrate!("./migrations/postgres").run(&self.pool).await?;
        Ok(())
    }

    pub async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn create_team(&self, id: &str, name: &str, now_ms: i64) -> Result<TeamRow, StorageError> {
        sqlx::query("INSERT INTO teams (id, name, created_ms) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(name)
            .bind(now_ms)
            .execute(&self.pool)
            .await?;
        Ok(TeamRow { id: id.to_owned(), name: name.to_owned(), created_ms: now_ms, seq: 0 })
    }

    pub async fn team(&self, id: &str) -> Result<Option<TeamRow>, StorageError> {
        let row = sqlx::query("SELECT id, name, created_ms, seq FROM teams WHERE id = $1").bind(id).fetch_optional(&self.pool).await?;
        Ok(row.map(|row| team_row(&row)))
    }

    pub async fn team_by_name(&self, name: &str) -> Result<Option<TeamRow>, StorageError> {
        let row = sqlx::query("SELECT id, name, created_ms, seq FROM teams WHERE name = $1 ORDER BY created_ms LIMIT 1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|row| team_row(&row)))
    }

    pub async fn close(self) {
        if let Some(schema) = &self.own_schema {
            let _ = sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE")).execute(&self.pool).await;
        }
        self.pool.close().await;
    }
}

fn team_row(row: &sqlx::postgres::PgRow) -> TeamRow {
    TeamRow { id: row.get("id"), name: row.get("name"), created_ms: row.get("created_ms"), seq: row.get("seq") }
}
