//! The storage contract: every operation behaves the same on SQLite and on PostgreSQL.
//!
//! Each test runs against a fresh SQLite file and against its own schema in the PostgreSQL at
//! `TACT_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`). An unreachable
//! PostgreSQL fails the run, unless `TACT_SKIP_POSTGRES=1` says to skip it.
#![cfg(not(target_arch = "wasm32"))]

mod server_support;

use server_support::{postgres_url, test_schema};
use tact::server::storage::{DatabaseKind, Storage};

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
    let url = postgres_url();
    let schema = test_schema(&url, "test").await;
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

#[tokio::test]
async fn an_unreachable_postgresql_is_reported_at_once_with_the_reason() {
    let started = std::time::Instant::now();
    let error = Storage::open("postgres://postgres@127.0.0.1:1/test").await.expect_err("nothing listens on port 1");
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "took {:?}", started.elapsed());
    let message = error.to_string();
    assert!(message.contains("could not open the database") && message.contains("refused"), "{message}");
}

#[tokio::test]
async fn an_in_memory_sqlite_database_is_refused_with_the_reason() {
    for url in ["sqlite::memory:", "sqlite://:memory:", "sqlite://", "sqlite://file.db?mode=memory"] {
        let error = Storage::open(url).await.expect_err(url);
        assert!(error.to_string().contains("give a file"), "{url}: {error}");
    }
}

mod accounts_and_sync {
    use super::*;
    use tact::core::model::api::{Collection, MutationKind, MutationOutcome};
    use tact::core::policy::Role;
    use tact::server::storage::{CheckedMutation, InviteAcceptance, Invitee, MemberUpdate, NewInvite, NewMember};

    fn member(id: &str, team: &str, role: Role) -> NewMember {
        NewMember {
            id: id.into(),
            team_id: team.into(),
            email: format!("{id}@example.org"),
            display_name: id.into(),
            role,
            password_hash: "$argon2id$placeholder".into(),
            created_ms: 1,
        }
    }

    fn mutation(client: &str, id: i64, entity: &str, base_version: i64, payload: &str) -> CheckedMutation {
        CheckedMutation {
            team_id: "t".into(),
            member_id: "m".into(),
            client_id: client.into(),
            mutation_id: id,
            kind: MutationKind::Put,
            collection: Collection::RuleSets,
            owner_id: String::new(),
            entity_id: entity.into(),
            base_version,
            payload: payload.into(),
            refusal: None,
            now_ms: 10,
        }
    }

    async fn team_with_member(storage: &Storage) {
        storage.create_team("t", "T", 1).await.expect("team");
        storage.create_member(&member("m", "t", Role::Manager)).await.expect("member");
    }

    #[tokio::test]
    async fn an_email_has_one_account_only() {
        on_both_databases!(|storage| {
            storage.create_team("t", "T", 1).await.expect("team");
            storage.create_member(&member("m", "t", Role::Agent)).await.expect("first");
            let mut twin = member("m2", "t", Role::Agent);
            twin.email = "m@example.org".into();
            let error = storage.create_member(&twin).await.expect_err("refused");
            assert!(error.to_string().contains("already exists"), "{error}");
        })
    }

    #[tokio::test]
    async fn a_session_signs_in_until_it_expires_or_is_revoked() {
        on_both_databases!(|storage| {
            team_with_member(storage).await;
            storage.create_session("h1", "m", 100, 200).await.expect("session");
            assert_eq!(storage.session_member("h1", 150).await.expect("read").map(|m| m.id), Some("m".to_owned()));
            assert_eq!(storage.session_member("h1", 200).await.expect("read"), None, "expired");
            assert!(storage.revoke_session("h1", 160).await.expect("revoke"));
            assert_eq!(storage.session_member("h1", 170).await.expect("read"), None, "revoked");
            assert!(!storage.revoke_session("h1", 180).await.expect("revoke again"), "already revoked");
        })
    }

    #[tokio::test]
    async fn housekeeping_deletes_only_sessions_and_invites_that_ended_before_the_cut() {
        on_both_databases!(|storage| {
            team_with_member(storage).await;
            storage.create_session("expired", "m", 0, 100).await.expect("session");
            storage.create_session("revoked", "m", 0, 10_000).await.expect("session");
            storage.revoke_session("revoked", 150).await.expect("revoke");
            storage.create_session("live", "m", 0, 10_000).await.expect("session");
            storage.create_session("ended-late", "m", 0, 300).await.expect("session");
            let invite = |hash: &str, expires_ms: i64| NewInvite {
                token_hash: hash.into(),
                team_id: "t".into(),
                email: format!("{hash}@example.org"),
                role: Role::Agent,
                invited_by: "m".into(),
                created_ms: 0,
                expires_ms,
            };
            storage.create_invite(&invite("old", 100)).await.expect("invite");
            storage.create_invite(&invite("open", 10_000)).await.expect("invite");
            assert_eq!(storage.purge_ended(200).await.expect("purge"), 3, "two sessions and one invite");
            assert_eq!(storage.session_member("live", 250).await.expect("read").map(|m| m.id), Some("m".to_owned()));
            assert!(storage.revoke_session("ended-late", 250).await.expect("still there"), "ended after the cut");
            assert!(storage.invite_is_open("open", 250).await.expect("read"));
            assert_eq!(storage.purge_ended(200).await.expect("purge again"), 0);
        })
    }

    #[tokio::test]
    async fn an_expired_invite_is_refused_and_a_used_one_too() {
        on_both_databases!(|storage| {
            team_with_member(storage).await;
            let invite = NewInvite {
                token_hash: "ih".into(),
                team_id: "t".into(),
                email: "new@example.org".into(),
                role: Role::Intern,
                invited_by: "m".into(),
                created_ms: 1,
                expires_ms: 100,
            };
            storage.create_invite(&invite).await.expect("invite");
            let invitee = Invitee { member_id: "n".into(), display_name: "N".into(), password_hash: "x".into() };
            assert_eq!(
                storage.accept_invite("ih", &invitee, 100).await.expect("accept"),
                InviteAcceptance::Invalid,
                "expired"
            );
            let joined = storage.accept_invite("ih", &invitee, 99).await.expect("accept");
            assert!(
                matches!(joined, InviteAcceptance::Joined(ref m) if m.role == Role::Intern && m.team_id == "t"),
                "{joined:?}"
            );
            assert_eq!(
                storage.accept_invite("ih", &invitee, 99).await.expect("accept"),
                InviteAcceptance::Invalid,
                "used"
            );
        })
    }

    #[tokio::test]
    async fn a_member_of_another_team_is_never_changed() {
        on_both_databases!(|storage| {
            team_with_member(storage).await;
            storage.create_team("u", "U", 1).await.expect("team");
            storage.create_member(&member("x", "u", Role::Agent)).await.expect("member");
            assert_eq!(
                storage.change_role("t", "x", Role::Owner, "m", 5).await.expect("change"),
                MemberUpdate::NotFound
            );
            assert_eq!(storage.deactivate_member("t", "x", "m", 5).await.expect("deactivate"), MemberUpdate::NotFound);
            assert_eq!(storage.member("x").await.expect("read").map(|m| (m.role, m.active)), Some((Role::Agent, true)));
        })
    }

    #[tokio::test]
    async fn a_mutation_is_applied_once_and_numbered_by_the_teams_sequence() {
        on_both_databases!(|storage| {
            team_with_member(storage).await;
            let first = storage.apply_mutation(&mutation("c", 1, "r", 0, "{\"a\":1}")).await.expect("apply");
            // The member is change 1 of the team's feed.
            assert_eq!(first, MutationOutcome::Applied { version: 1, seq: 2 });
            assert_eq!(storage.apply_mutation(&mutation("c", 1, "r", 0, "{\"a\":2}")).await.expect("replay"), first);
            assert_eq!(storage.team_seq("t").await.expect("seq"), 2, "a replay takes no number");
            let conflict = storage.apply_mutation(&mutation("c", 2, "r", 0, "{\"a\":3}")).await.expect("apply");
            assert!(
                matches!(conflict, MutationOutcome::Conflict { current: Some(ref current) } if current.version == 1),
                "{conflict:?}"
            );
            assert_eq!(storage.team_seq("t").await.expect("seq"), 2, "a conflict takes no number");
            let mut refused = mutation("c", 3, "r", 1, "null");
            refused.refusal = Some(("forbidden".into(), "no".into()));
            assert!(matches!(storage.apply_mutation(&refused).await.expect("apply"), MutationOutcome::Rejected { .. }));
            refused.refusal = None;
            assert!(
                matches!(storage.apply_mutation(&refused).await.expect("replay"), MutationOutcome::Rejected { .. }),
                "a refusal is remembered"
            );
            let second = storage.apply_mutation(&mutation("c", 4, "r", 1, "{\"a\":4}")).await.expect("apply");
            assert_eq!(second, MutationOutcome::Applied { version: 2, seq: 3 });
            let page = storage.pull("t", "m", 1, 10).await.expect("pull");
            assert_eq!(page.changes.len(), 1, "one document at its latest version");
            assert_eq!(page.changes.first().map(|c| c.payload.clone()), Some(serde_json::json!({"a": 4})));
            assert_eq!(page.cursor, 3);
        })
    }

    #[tokio::test]
    async fn personal_documents_are_pulled_by_their_owner_only() {
        on_both_databases!(|storage| {
            team_with_member(storage).await;
            storage.create_member(&member("other", "t", Role::Agent)).await.expect("member");
            let mut personal = mutation("c", 1, "p", 0, "{}");
            personal.collection = Collection::PersonalTemplates;
            personal.owner_id = "m".into();
            storage.apply_mutation(&personal).await.expect("apply");
            // Members "m" and "other" are changes 1 and 2.
            assert_eq!(storage.pull("t", "m", 2, 10).await.expect("pull").changes.len(), 1);
            let others = storage.pull("t", "other", 2, 10).await.expect("pull");
            assert!(others.changes.is_empty());
            assert_eq!(others.cursor, 3, "the cursor still moves past it");
        })
    }

    #[tokio::test]
    async fn every_member_change_is_numbered_in_the_feed_with_a_new_version() {
        on_both_databases!(|storage| {
            team_with_member(storage).await;
            storage.create_member(&member("x", "t", Role::Intern)).await.expect("member");
            storage.change_role("t", "x", Role::Agent, "m", 7).await.expect("change");
            storage.deactivate_member("t", "x", "m", 8).await.expect("deactivate");
            let page = storage.pull("t", "m", 0, 10).await.expect("pull");
            let x: Vec<_> = page.changes.iter().filter(|change| change.entity.id == "x").collect();
            assert_eq!(x.len(), 1, "one document per member, at its latest version");
            let latest = x.first().expect("x");
            assert_eq!((latest.version, latest.seq, latest.updated_by.as_str()), (3, 4, "m"));
            assert_eq!(latest.payload["role"], "agent");
            assert_eq!(latest.payload["active"], false);
            assert_eq!(latest.entity.collection, Collection::Members);
        })
    }
}

/// (table, column, not null, part of the primary key) of every table a database's migrations made.
type Columns = std::collections::BTreeSet<(String, String, bool, bool)>;

async fn sqlite_columns(path: &std::path::Path) -> Columns {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display())).await.expect("SQLite");
    let rows: Vec<(String, String, bool, i64)> = sqlx::query_as(
        "SELECT m.name, p.name, p.\"notnull\", p.pk FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&pool)
    .await
    .expect("SQLite's tables");
    pool.close().await;
    // SQLite lets a TEXT primary key hold NULL unless told otherwise; PostgreSQL never does, and
    // the code never writes one: a key column counts as not null on both.
    rows.into_iter().map(|(table, column, not_null, pk)| (table, column, not_null || pk > 0, pk > 0)).collect()
}

async fn postgres_columns(storage: &Storage) -> Columns {
    let (pool, schema) = storage.postgres_events().expect("a PostgreSQL storage");
    let rows: Vec<(String, String, bool, bool)> = sqlx::query_as(
        "SELECT c.table_name::text, c.column_name::text, c.is_nullable = 'NO', EXISTS ( \
           SELECT 1 FROM information_schema.table_constraints t \
           JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name \
             AND k.table_schema = t.table_schema AND k.table_name = t.table_name \
           WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema = c.table_schema \
             AND t.table_name = c.table_name AND k.column_name = c.column_name) \
         FROM information_schema.columns c WHERE c.table_schema = $1 AND c.table_name NOT LIKE '_sqlx%'",
    )
    .bind(&schema)
    .fetch_all(&pool)
    .await
    .expect("PostgreSQL's tables");
    rows.into_iter().collect()
}

#[tokio::test]
async fn both_databases_migrate_to_the_same_tables_columns_and_keys() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("tact.db");
    Storage::open(&format!("sqlite://{}", path.display())).await.expect("SQLite migrates").close().await;
    let sqlite = sqlite_columns(&path).await;
    assert!(sqlite.iter().any(|(table, column, _, _)| table == "teams" && column == "seq"), "{sqlite:?}");
    let Some(db) = postgres().await else {
        return;
    };
    let postgres = postgres_columns(&db.storage).await;
    db.storage.close().await;
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "the migrations differ:\n only in SQLite: {only_sqlite:?}\n only in PostgreSQL: {only_postgres:?}"
    );
}
