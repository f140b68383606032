//! A real `tact serve` router on a loopback socket, over SQLite or its own PostgreSQL schema,
//! with two teams ("A" and "B") of one member per role, signed in.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::{json, Value};
use tact::core::policy::Role;
use tact::server::auth::password;
use tact::server::http::{router, AppState};
use tact::server::storage::{NewMember, Storage};

pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";
pub const PASSWORD: &str = "correct horse battery";
/// Each team's cursor once its four members exist (each member is a change in the feed).
pub const SEEDED_CURSOR: u64 = 4;

/// The changes of one collection in a pull's answer.
pub fn changes_in(page: &Value, collection: &str) -> Vec<Value> {
    page["changes"]
        .as_array()
        .map(|changes| changes.iter().filter(|change| change["entity"]["collection"] == collection).cloned().collect())
        .unwrap_or_default()
}

/// Which database a server under test uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// SQLite, and PostgreSQL unless `TACT_SKIP_POSTGRES=1`.
pub fn databases() -> Vec<Db> {
    if std::env::var("TACT_SKIP_POSTGRES").as_deref() == Ok("1") {
        vec![Db::Sqlite]
    } else {
        vec![Db::Sqlite, Db::Postgres]
    }
}

/// A fresh, migrated database of that kind (and the folder that holds it, for SQLite).
pub async fn open(db: Db) -> (Storage, Option<tempfile::TempDir>) {
    match db {
        Db::Sqlite => {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let storage = Storage::open(&format!("sqlite://{}", dir.path().join("tact.db").display()))
                .await
                .expect("SQLite opens");
            (storage, Some(dir))
        }
        Db::Postgres => {
            let url = postgres_url();
            let schema = test_schema(&url, "srv").await;
            let storage = Storage::open_postgres_in_schema(&url, &schema).await.unwrap_or_else(|error| {
                panic!("PostgreSQL at {url} is not reachable ({error}); set TACT_SKIP_POSTGRES=1 to skip it")
            });
            (storage, None)
        }
    }
}

/// The PostgreSQL the tests use: `TACT_TEST_POSTGRES_URL`, or the local `test` database.
pub fn postgres_url() -> String {
    std::env::var("TACT_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned())
}

/// A schema name of this test process, `tact_<kind>_<pid>_<n>`, unique among parallel tests.
///
/// A test that panics never reaches its cleanup, so before the process's first schema, the
/// schemas of test processes that no longer run are dropped: a failed run leaves nothing behind
/// for long. Only names of this exact shape are touched, and only for a pid not alive here.
pub async fn test_schema(url: &str, kind: &str) -> String {
    static SWEPT: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    static NEXT: AtomicU32 = AtomicU32::new(0);
    SWEPT.get_or_init(|| sweep_stale_schemas(url)).await;
    format!("tact_{kind}_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

async fn sweep_stale_schemas(url: &str) {
    let Ok(pool) = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(url).await else {
        return; // The test itself reports an unreachable PostgreSQL.
    };
    let names: Vec<String> = sqlx::query_scalar(r"SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'tact\_%'")
        .fetch_all(&pool)
        .await
        .unwrap_or_default();
    for name in names.iter().filter(|name| stale_test_schema(name)) {
        let _ = sqlx::query(&format!("DROP SCHEMA IF EXISTS {name} CASCADE")).execute(&pool).await;
    }
    pool.close().await;
}

/// `tact_<kind>_<pid>[_<n>]` with a kind the tests use and a pid that no longer runs.
fn stale_test_schema(name: &str) -> bool {
    let mut parts = name.split('_');
    let (Some("tact"), Some(kind), Some(pid)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let known_kind = matches!(kind, "test" | "srv" | "procs" | "bench");
    let numbers = pid.parse::<u32>().is_ok() && parts.all(|part| part.parse::<u32>().is_ok());
    known_kind && numbers && !std::path::Path::new(&format!("/proc/{pid}")).exists()
}

/// A member signed in for the tests.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: String,
    pub email: String,
    pub role: Role,
    pub token: String,
}

/// A running server with teams "A" and "B", each with one signed-in account per role.
pub struct TestServer {
    pub db: Db,
    pub base: String,
    pub storage: Storage,
    pub client: reqwest::Client,
    accounts: HashMap<(char, Role), Account>,
    /// The SQLite file, to read its tables directly (`None` on PostgreSQL).
    sqlite_file: Option<std::path::PathBuf>,
    _dir: Option<tempfile::TempDir>,
}

impl TestServer {
    pub async fn start(db: Db) -> TestServer {
        TestServer::start_with(db, |_| {}).await
    }

    /// Like [`TestServer::start`], with the application state adjusted first (e.g. a short
    /// request deadline).
    pub async fn start_with(db: Db, adjust: impl FnOnce(&mut AppState)) -> TestServer {
        let (storage, dir) = open(db).await;
        let hash = password::hash(PASSWORD.into()).await.expect("hash");
        for team in ['a', 'b'] {
            storage.create_team(&format!("team-{team}"), &format!("Team {team}"), 1).await.expect("team");
            for role in Role::ALL {
                let member = NewMember {
                    id: format!("{team}-{role}"),
                    team_id: format!("team-{team}"),
                    email: format!("{role}@{team}.example"),
                    display_name: format!("{role} of {team}"),
                    role,
                    password_hash: hash.clone(),
                    created_ms: 1,
                };
                storage.create_member(&member).await.expect("member");
            }
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let mut state = AppState::new(storage.clone());
        adjust(&mut state);
        let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let sqlite_file = dir.as_ref().map(|dir| dir.path().join("tact.db"));
        let mut server = TestServer {
            db,
            base,
            storage,
            client: reqwest::Client::new(),
            accounts: HashMap::new(),
            sqlite_file,
            _dir: dir,
        };
        for team in ['A', 'B'] {
            for role in Role::ALL {
                let email = format!("{role}@{}.example", team.to_ascii_lowercase());
                let token = server.sign_in(&email, PASSWORD).await;
                let id = format!("{}-{role}", team.to_ascii_lowercase());
                server.accounts.insert((team, role), Account { id, email, role, token });
            }
        }
        server
    }

    /// The account of `role` in team 'A' or 'B'.
    pub fn account(&self, team: char, role: Role) -> Account {
        self.accounts.get(&(team, role)).cloned().expect("every team has every role")
    }

    /// Signs in and returns the token (panics unless 201).
    pub async fn sign_in(&self, email: &str, password: &str) -> String {
        let (status, body) =
            self.send("POST", "/session", None, Some(json!({"email": email, "password": password}))).await;
        assert_eq!(status, 201, "sign-in of {email}: {body}");
        body["token"].as_str().expect("a token").to_owned()
    }

    /// Sends a request to `/api/v1{path}` with an optional bearer token and JSON body.
    pub async fn send(&self, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
        let mut request = self.client.request(method, format!("{}/api/v1{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let text = response.text().await.expect("a body");
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// `SELECT COUNT(*) ...` (with `$1`... bound to `binds`) run straight on the database's
    /// tables, through a connection of its own: what is really stored, not what the API says.
    pub async fn count_rows(&self, sql: &str, binds: &[&str]) -> i64 {
        match &self.sqlite_file {
            Some(file) => {
                let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", file.display())).await.expect("SQLite");
                let mut query = sqlx::query_scalar::<_, i64>(sql);
                for bind in binds {
                    query = query.bind(*bind);
                }
                let count = query.fetch_one(&pool).await.expect("count");
                pool.close().await;
                count
            }
            None => {
                let (pool, _) = self.storage.postgres_events().expect("a PostgreSQL storage");
                let mut query = sqlx::query_scalar::<_, i64>(sql);
                for bind in binds {
                    query = query.bind(*bind);
                }
                query.fetch_one(&pool).await.expect("count")
            }
        }
    }

    pub async fn stop(self) {
        self.storage.close().await;
    }

    /// The database's address for another process or a direct connection (on PostgreSQL, the
    /// test's schema goes on the search path).
    pub fn database_url(&self) -> String {
        database_url(&self.storage, self._dir.as_ref())
    }
}

/// The address of `storage`'s database: the SQLite file in `dir`, or PostgreSQL with the schema
/// on the search path.
pub fn database_url(storage: &Storage, dir: Option<&tempfile::TempDir>) -> String {
    match (storage.postgres_events(), dir) {
        (Some((_, schema)), _) => {
            let url = postgres_url();
            let separator = if url.contains('?') { '&' } else { '?' };
            format!("{url}{separator}options=-c%20search_path%3D{schema}")
        }
        (None, Some(dir)) => format!("sqlite://{}", dir.path().join("tact.db").display()),
        (None, None) => panic!("a SQLite storage without its folder"),
    }
}

/// A valid template document for `collection` ("team_templates" or "personal_templates").
pub fn template(id: &str, scope: &str, body: &str) -> Value {
    json!({
        "id": id,
        "title": format!("Template {id}"),
        "shortcut": id.replace(':', "-"),
        "variants": [{"lang": "en", "body": body}],
        "scope": scope,
    })
}

/// A valid site descriptor named `id` (the built-in one for forums and blogs, renamed), as a
/// team override.
pub fn site_descriptor(id: &str, host: &str) -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/core/sites/descriptors/generic.json");
    let text = std::fs::read_to_string(path).expect("the generic descriptor");
    let mut descriptor: Value = serde_json::from_str(&text).expect("JSON");
    descriptor["id"] = json!(id);
    descriptor["name"] = json!(format!("Site {id}"));
    descriptor["hosts"] = json!([host]);
    descriptor
}

/// A `put` mutation.
pub fn put(client: &str, id: u64, collection: &str, entity: &str, base_version: u64, payload: Value) -> Value {
    json!({"id": id, "client_id": client, "kind": "put", "entity": {"collection": collection, "id": entity}, "base_version": base_version, "payload": payload})
}

/// Reads an event stream until its text holds `wanted`, or `limit` passes; returns what came.
pub async fn stream_until(response: &mut reqwest::Response, wanted: &str, limit: std::time::Duration) -> String {
    let deadline = tokio::time::Instant::now() + limit;
    let mut heard = String::new();
    while !heard.contains(wanted) {
        match tokio::time::timeout_at(deadline, response.chunk()).await {
            Ok(Ok(Some(bytes))) => heard.push_str(&String::from_utf8_lossy(&bytes)),
            _ => break,
        }
    }
    heard
}

/// A mention capture as the extension sends it.
pub fn mention(network: &str, handle: &str, name: &str, text: &str, permalink: &str, seen_ms: i64) -> Value {
    json!({
        "network": network,
        "author": {"name": name, "handle": handle, "profile_url": ""},
        "text": text,
        "permalink": permalink,
        "seen_ms": seen_ms,
    })
}

/// An author key as a path segment (`:` and `/` percent-encoded).
pub fn key_path(key: &str) -> String {
    key.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (byte as char).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}
