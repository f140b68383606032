//! Two `tact serve` processes appending to one PostgreSQL audit log at once keep one chain:
//! 10,000 published replies (and rule changes through sync, which lock the team's row first)
//! sent concurrently through both, then one valid chain with every entry, no gap and no fork.
#![cfg(not(target_arch = "wasm32"))]

mod audit_support;
mod server_support;

use std::sync::Arc;

use audit_support::{published, ServeProcess};
use serde_json::json;
use server_support::{postgres_url, put, test_schema, PASSWORD};
use tact::core::policy::Role;
use tact::server::auth::password;
use tact::server::storage::{NewMember, Storage};

const REPLIES: usize = 10_000;
const WORKERS_PER_PROCESS: usize = 8;
const RULE_CHANGES: u64 = 200;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_server_processes_appending_at_once_keep_one_chain_without_gap_or_fork() {
    if std::env::var("TACT_SKIP_POSTGRES").as_deref() == Ok("1") {
        return;
    }
    let url = postgres_url();
    let schema = test_schema(&url, "procs").await;
    let storage = Storage::open_postgres_in_schema(&url, &schema).await.expect("PostgreSQL");
    storage.create_team("team", "Team", tact::server::now_ms()).await.expect("team");
    let hash = password::hash(PASSWORD.into()).await.expect("hash");
    for role in [Role::Manager, Role::Agent] {
        let member = NewMember {
            id: role.as_str().into(),
            team_id: "team".into(),
            email: format!("{role}@example.org"),
            display_name: role.as_str().into(),
            role,
            password_hash: hash.clone(),
            // Now, not 1970: the servers' housekeeping would purge older entries at start.
            created_ms: tact::server::now_ms(),
        };
        storage.create_member(&member).await.expect("member");
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    let in_schema = format!("{url}{separator}options=-c%20search_path%3D{schema}");
    let processes = [ServeProcess::start(&in_schema), ServeProcess::start(&in_schema)];
    let client = reqwest::Client::builder().pool_max_idle_per_host(WORKERS_PER_PROCESS * 2).build().expect("client");
    let agent = sign_in(&client, &processes[0].base, "agent@example.org").await;
    let manager = sign_in(&client, &processes[1].base, "manager@example.org").await;

    let mut workers = Vec::new();
    let per_worker = REPLIES / (WORKERS_PER_PROCESS * 2);
    for worker in 0..WORKERS_PER_PROCESS * 2 {
        let base = processes[worker % 2].base.clone();
        let (client, token) = (client.clone(), agent.clone());
        workers.push(tokio::spawn(async move {
            for n in 0..per_worker {
                let id = format!("w{worker}-{n}");
                let record = published(&id, &format!("Merci, réponse {id}"), None);
                let response =
                    client.post(format!("{base}/api/v1/published")).bearer_auth(&token).json(&record).send().await;
                let status = response.map(|response| response.status().as_u16()).unwrap_or(0);
                assert_eq!(status, 201, "record {id} through {base}");
            }
        }));
    }
    // Rule changes through both processes at the same time: sync takes the team's row lock and
    // then appends, so the two lock orders meet.
    let rules_client = client.clone();
    let bases: Vec<String> = processes.iter().map(|process| process.base.clone()).collect();
    let manager = Arc::new(manager);
    workers.push(tokio::spawn(async move {
        for n in 1..=RULE_CHANGES {
            let base = &bases[n as usize % 2];
            let push = json!({"mutations": [put("rules-client", n, "rule_sets", &format!("set-{n}"), 0, json!({"rules": []}))]});
            let answer: serde_json::Value = rules_client
                .post(format!("{base}/api/v1/sync"))
                .bearer_auth(manager.as_str())
                .json(&push)
                .send()
                .await
                .expect("push")
                .json()
                .await
                .expect("JSON");
            assert_eq!(answer["results"][0]["status"], "applied", "{answer}");
        }
    }));
    for worker in workers {
        worker.await.expect("a worker finished");
    }

    let expected = 2 + REPLIES as u64 + RULE_CHANGES;
    let report = storage.verify_audit("team").await.expect("verify");
    assert!(report.intact, "{report:?}");
    assert_eq!((report.entries, report.head_seq), (expected, expected), "every append is in the chain, numbered 1 to {expected}");
    let entries = storage.audit_entries("team", 0, 100_000).await.expect("entries");
    let seqs_in_order = entries.iter().enumerate().all(|(index, entry)| entry.seq == index as u64 + 1);
    assert!(seqs_in_order, "no gap");
    let mut links: Vec<&str> = entries.iter().map(|entry| entry.prev_hash.as_str()).collect();
    links.sort_unstable();
    links.dedup();
    assert_eq!(links.len(), entries.len(), "no two entries follow the same one: no fork");
    assert_eq!(entries.iter().filter(|entry| entry.kind == "reply_published").count(), REPLIES);
    assert_eq!(entries.iter().filter(|entry| entry.kind == "rules_changed").count(), RULE_CHANGES as usize);
    drop(processes);
    storage.close().await;
}

async fn sign_in(client: &reqwest::Client, base: &str, email: &str) -> String {
    let response = client
        .post(format!("{base}/api/v1/session"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .expect("answer");
    let body: serde_json::Value = response.json().await.expect("json");
    body["token"].as_str().expect("signed in").to_owned()
}
