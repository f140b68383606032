//! Two `tact serve` processes on one PostgreSQL deliver each other's events: a push through one
//! reaches a live channel opened on the other (LISTEN/NOTIFY), and a pull through either sees it;
//! so does a teammate's presence on a comment.
#![cfg(not(target_arch = "wasm32"))]

mod server_support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::json;
use server_support::{postgres_url, put, stream_until, test_schema, PASSWORD};
use tact::core::policy::Role;
use tact::server::auth::password;
use tact::server::storage::{NewMember, Storage};

/// A `tact serve` child process, killed when dropped.
struct ServeProcess {
    child: Child,
    base: String,
    /// Kept open: a child writing to a closed pipe would fail.
    _stdout: std::io::Lines<BufReader<std::process::ChildStdout>>,
}

impl ServeProcess {
    fn start(database_url: &str) -> ServeProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tact"))
            .args(["serve", "--listen", "127.0.0.1:0", "--db", database_url])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tact serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let base = lines
            .by_ref()
            .find_map(|line| line.ok()?.split("listening on ").nth(1).map(str::to_owned))
            .expect("the address is printed");
        ServeProcess { child, base, _stdout: lines }
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn two_server_processes_on_one_postgresql_deliver_each_others_events() {
    if std::env::var("TACT_SKIP_POSTGRES").as_deref() == Ok("1") {
        return;
    }
    let url = postgres_url();
    let schema = test_schema(&url, "procs").await;
    let storage = Storage::open_postgres_in_schema(&url, &schema).await.expect("PostgreSQL");
    storage.create_team("team", "Team", 1).await.expect("team");
    let hash = password::hash(PASSWORD.into()).await.expect("hash");
    for role in [Role::Manager, Role::Agent] {
        let member = NewMember {
            id: role.as_str().into(),
            team_id: "team".into(),
            email: format!("{role}@example.org"),
            display_name: role.as_str().into(),
            role,
            password_hash: hash.clone(),
            created_ms: 1,
        };
        storage.create_member(&member).await.expect("member");
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    let in_schema = format!("{url}{separator}options=-c%20search_path%3D{schema}");
    let first = ServeProcess::start(&in_schema);
    let second = ServeProcess::start(&in_schema);
    let client = reqwest::Client::new();
    let sign_in = |base: String, email: &'static str| {
        let client = client.clone();
        async move {
            let response = client
                .post(format!("{base}/api/v1/session"))
                .json(&json!({"email": email, "password": PASSWORD}))
                .send()
                .await
                .expect("answer");
            let body: serde_json::Value = response.json().await.expect("json");
            body["token"].as_str().expect("signed in").to_owned()
        }
    };
    let manager = sign_in(first.base.clone(), "manager@example.org").await;
    let agent = sign_in(second.base.clone(), "agent@example.org").await;
    let mut events =
        client.get(format!("{}/api/v1/events", second.base)).bearer_auth(&agent).send().await.expect("stream");
    let opening = next_chunk(&mut events).await;
    // The two members are changes 1 and 2.
    assert!(opening.contains("{\"cursor\":2}"), "{opening}");
    // LISTEN is set up as the process starts; give it a moment on a slow machine.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pushed = client
        .post(format!("{}/api/v1/sync", first.base))
        .bearer_auth(&manager)
        .json(&json!({"mutations": [put("m", 1, "rule_sets", "house", 0, json!({"rules": []}))]}))
        .send()
        .await
        .expect("push");
    assert_eq!(pushed.status(), 200);
    let moved = next_chunk(&mut events).await;
    assert!(moved.contains("{\"cursor\":3}"), "the other process told its client: {moved}");
    let page: serde_json::Value = client
        .get(format!("{}/api/v1/sync?since=0", second.base))
        .bearer_auth(&agent)
        .send()
        .await
        .expect("pull")
        .json()
        .await
        .expect("json");
    assert_eq!(page["cursor"], 3);
    let presence = client
        .post(format!("{}/api/v1/history/presence", first.base))
        .bearer_auth(&manager)
        .json(&json!({"permalink": "https://x.com/a/status/1", "state": "replying"}))
        .send()
        .await
        .expect("presence");
    assert_eq!(presence.status(), 200);
    let heard = stream_until(&mut events, "\"replying\"", Duration::from_secs(5)).await;
    assert!(heard.contains("event: presence") && heard.contains("\"member_id\":\"manager\""), "{heard}");
    drop(first);
    drop(second);
    storage.close().await;
}

async fn next_chunk(response: &mut reqwest::Response) -> String {
    match tokio::time::timeout(Duration::from_secs(5), response.chunk()).await {
        Ok(Ok(Some(bytes))) => String::from_utf8_lossy(&bytes).into_owned(),
        other => panic!("no event within 5 s: {other:?}"),
    }
}
