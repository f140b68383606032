//! The storage contract: every operation behaves the same on SQLite and on PostgreSQL.
//!
//! Each test runs against a fresh SQLite file and against its own schema in the PostgreSQL at
//! `TACT_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`). An unreachable
//! PostgreSQL fails the run, unless `TACT_SKIP_POSTGRES=1` says to skip it.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::atomic::{AtomicU32, Ordering};

use tact::server::storage::{DatabaseKind, Storage};

const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A storage under test and what to clean up after it.
struct TestDb {
    storage: Storage,
    _dir: Option<tempfile::TempDir>,
}

async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite://{}", dir.path().join("nested/folder/tact.db").display());
    let storage = Storage::open(&url).await.expect("SQLite opens and migrates");
    TestDb { storage, _dir: Some(dir) }
}

async fn postgres() -> Option<TestDb> {
    if std::env::var("TACT_SKIP_POSTGRES").as_deref() == Ok("1") {
        return None;
    }
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let url = std::env::var("TACT_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned());
    let schema = format!("tact_test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    match Storage::open_postgres_in_schema(&url, &schema).await {
        Ok(storage) => Some(TestDb { storage, _dir: None }),
        Err(error) => panic!("PostgreSQL at {url} is not reachable ({error}); set TACT_SKIP_POSTGRES=1 to skip it"),
    }
}

/// Runs `check` on SQLite, then on PostgreSQL.
macro_rules! on_both_databases {
    (|$storage:ident| $body:block) => {{
        let db = sqlite().await;
        {
            let $storage = &db.storage;
            $body
        }
        db.storage.close().await;
        if let Some(db) = postgres().await {
            {
                let $storage = &db.storage;
                $body
            }
            db.storage.close().await;
        }
    }};
}

#[tokio::test]
async fn a_fresh_database_is_migrated_and_answers() {
    on_both_databases!(|storage| {
        storage.ping().await.expect("ping");
    })
}

#[tokio::test]
async fn a_team_written_is_read_back_by_id_and_by_name() {
    on_both_databases!(|storage| {
        let created = storage.create_team("t1", "Maison Lumen", 1_700_000_000_000).await.expect("create");
        assert_eq!(storage.team("t1").await.expect("read"), Some(created.clone()));
        assert_eq!(storage.team_by_name("Maison Lumen").await.expect("read"), Some(created));
        assert_eq!(storage.team("missing").await.expect("read"), None);
    })
}

#[tokio::test]
async fn two_teams_cannot_share_an_id() {
    on_both_databases!(|storage| {
        storage.create_team("dup", "A", 1).await.expect("first");
        assert!(storage.create_team("dup", "B", 2).await.is_err(), "the second insert is refused");
        assert_eq!(storage.team("dup").await.expect("read").map(|team| team.name), Some("A".to_owned()));
    })
}

#[tokio::test]
async fn reopening_a_sqlite_file_keeps_its_data_and_migrations_run_once() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite://{}", dir.path().join("tact.db").display());
    let first = Storage::open(&url).await.expect("open");
    first.create_team("kept", "Kept", 5).await.expect("create");
    first.close().await;
    let second = Storage::open(&url).await.expect("reopen");
    assert_eq!(second.kind(), DatabaseKind::Sqlite);
    assert_eq!(second.team("kept").await.expect("read").map(|team| team.created_ms), Some(5));
    second.close().await;
}

#[tokio::test]
async fn a_bad_database_address_is_refused_with_a_clear_message() {
    let error = Storage::open("mysql://nope").await.expect_err("refused");
    assert!(error.to_string().contains("sqlite://PATH or postgres://"), "{error}");
}
