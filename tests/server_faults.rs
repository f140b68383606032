//! Faults: `tact serve` killed with SIGKILL in the middle of a stream of pushes, then restarted on
//! the same database (a SQLite file, or a PostgreSQL schema). Every acknowledged mutation is
//! there, none twice, and the client's unacknowledged ones arrive when it sends its outbox again.
#![cfg(not(target_arch = "wasm32"))]

mod server_support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use server_support::{databases, postgres_url, put, test_schema, Db, PASSWORD};
use tact::core::policy::Role;
use tact::server::auth::password;
use tact::server::storage::{NewMember, Storage};

const OUTBOX: u64 = 300;

struct ServeProcess {
    child: Child,
    base: String,
    _stdout: std::io::Lines<BufReader<std::process::ChildStdout>>,
}

impl ServeProcess {
    fn start(database_url: &str) -> ServeProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tact"))
            .args(["serve", "--listen", "127.0.0.1:0", "--db", database_url])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .expect("tact serve starts");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let base = lines
            .by_ref()
            .find_map(|line| line.ok()?.split("listening on ").nth(1).map(str::to_owned))
            .expect("the address");
        ServeProcess { child, base, _stdout: lines }
    }

    /// SIGKILL: no graceful shutdown, no flushing.
    fn kill(self) {
        drop(self);
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn mutation(n: u64) -> Value {
    put("outbox", n, "rule_sets", &format!("doc-{n}"), 0, json!({"name": format!("set {n}")}))
}

async fn push_one(client: &reqwest::Client, base: &str, token: &str, n: u64) -> Option<Value> {
    let response = client
        .post(format!("{base}/api/v1/sync"))
        .bearer_auth(token)
        .json(&json!({"mutations": [mutation(n)]}))
        .send()
        .await
        .ok()?;
    let body: Value = response.json().await.ok()?;
    Some(body["results"][0].clone())
}

#[tokio::test]
async fn a_server_killed_mid_stream_keeps_every_acknowledged_mutation_once() {
    for db in databases() {
        let dir = tempfile::tempdir().expect("folder");
        // The database the processes use, and a storage that seeds it (and drops a test schema
        // when closed, at the end).
        let (url, storage) = match db {
            Db::Sqlite => {
                let url = format!("sqlite://{}", dir.path().join("faults.db").display());
                let storage = Storage::open(&url).await.expect("open");
                (url, storage)
            }
            Db::Postgres => {
                let base = postgres_url();
                let schema = test_schema(&base, "test").await;
                let storage = Storage::open_postgres_in_schema(&base, &schema).await.expect("PostgreSQL");
                let separator = if base.contains('?') { '&' } else { '?' };
                (format!("{base}{separator}options=-csearch_path%3D{schema}"), storage)
            }
        };
        kill_mid_stream_and_restart(db, &url, &storage).await;
        storage.close().await;
    }
}

async fn kill_mid_stream_and_restart(db: Db, url: &str, storage: &Storage) {
    storage.create_team("team", "Team", 1).await.expect("team");
    let member = NewMember {
        id: "manager".into(),
        team_id: "team".into(),
        email: "manager@example.org".into(),
        display_name: "Manager".into(),
        role: Role::Manager,
        password_hash: password::hash(PASSWORD.into()).await.expect("hash"),
        created_ms: 1,
    };
    storage.create_member(&member).await.expect("member");

    let first = ServeProcess::start(url);
    let client = reqwest::Client::new();
    let login: Value = client
        .post(format!("{}/api/v1/session", first.base))
        .json(&json!({"email": "manager@example.org", "password": PASSWORD}))
        .send()
        .await
        .expect("sign in")
        .json()
        .await
        .expect("json");
    let token = login["token"].as_str().expect("token").to_owned();

    let acknowledged = Arc::new(Mutex::new(Vec::<(u64, Value)>::new()));
    let stream = {
        let (client, base, token, acknowledged) =
            (client.clone(), first.base.clone(), token.clone(), acknowledged.clone());
        tokio::spawn(async move {
            for n in 1..=OUTBOX {
                match push_one(&client, &base, &token, n).await {
                    Some(result) => acknowledged.lock().expect("lock").push((n, result)),
                    None => return,
                }
            }
        })
    };
    // Kill once some, but not all, pushes are acknowledged.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while acknowledged.lock().expect("lock").len() < 40 {
        assert!(!stream.is_finished(), "{db:?}: the pushes stopped before the kill");
        assert!(tokio::time::Instant::now() < deadline, "{db:?}: 40 pushes take over 30 s");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    first.kill();
    let _ = stream.await;
    let acknowledged = acknowledged.lock().expect("lock").clone();
    assert!(
        acknowledged.len() < OUTBOX as usize,
        "{db:?}: the kill landed mid-stream ({} acknowledged)",
        acknowledged.len()
    );

    let second = ServeProcess::start(url);
    // The client sends its whole outbox again: acknowledged entries are replays, the rest new.
    for n in 1..=OUTBOX {
        let result = push_one(&client, &second.base, &token, n).await.expect("the restarted server answers");
        assert_eq!(result["status"], "applied", "{db:?}: mutation {n}: {result}");
        if let Some((_, first_answer)) = acknowledged.iter().find(|(acked, _)| *acked == n) {
            assert_eq!(&result, first_answer, "{db:?}: mutation {n}: a replay gets its first answer");
        }
    }
    let page: Value = client
        .get(format!("{}/api/v1/sync?since=0&limit=5000", second.base))
        .bearer_auth(&token)
        .send()
        .await
        .expect("pull")
        .json()
        .await
        .expect("json");
    let changes = server_support::changes_in(&page, "rule_sets");
    assert_eq!(changes.len(), OUTBOX as usize, "{db:?}: every mutation is there");
    assert!(changes.iter().all(|change| change["version"] == 1), "{db:?}: none applied twice");
    // The one member is change 1; then one number per mutation, none spent twice.
    assert_eq!(page["cursor"], OUTBOX + 1, "{db:?}");
    second.kill();
}
