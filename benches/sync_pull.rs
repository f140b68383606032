//! Sync pull benchmark against a real `tact serve` router on loopback.
//!
//! 1. A fresh client pulls 10,000 templates and 1,000 rule sets (budget: under 2 s).
//! 2. Up-to-date clients poll `GET /api/v1/sync?since=<cursor>` from 32 concurrent loops for
//!    5 s: pulls per second and p50/p99 latency (budget on SQLite: over 2,000/s, p99 under 25 ms).
//!
//! The load generator runs in the same process as the server, so both share the machine's cores.
//! Runs on SQLite, and on PostgreSQL when `TACT_BENCH_POSTGRES_URL` is set.
//! `cargo bench --bench sync_pull`

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tact::core::model::api::{Collection, MutationKind};
use tact::core::policy::Role;
use tact::server::auth::password;
use tact::server::http::{router, AppState};
use tact::server::storage::{CheckedMutation, NewMember, Storage};

const TEMPLATES: usize = 10_000;
const RULE_SETS: usize = 1_000;
const LOOPS: usize = 32;
const LOAD_SECONDS: u64 = 5;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let dir = tempfile::tempdir().expect("folder");
        let sqlite =
            Storage::open(&format!("sqlite://{}", dir.path().join("bench.db").display())).await.expect("SQLite");
        run("sqlite", sqlite).await;
        if let Ok(url) = std::env::var("TACT_BENCH_POSTGRES_URL") {
            let schema = format!("tact_bench_{}", std::process::id());
            let postgres = Storage::open_postgres_in_schema(&url, &schema).await.expect("PostgreSQL");
            run("postgres", postgres).await;
        }
    });
}

async fn run(name: &str, storage: Storage) {
    let token = seed(&storage).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let app = router(AppState::new(storage.clone())).into_make_service_with_connect_info::<SocketAddr>();
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let client = reqwest::Client::builder().pool_max_idle_per_host(LOOPS).build().expect("client");

    let started = Instant::now();
    let (changes, cursor) = full_pull(&client, &base, &token).await;
    let full = started.elapsed();
    println!("{name}: fresh pull of {changes} documents: {:.0} ms (budget 2000 ms)", full.as_secs_f64() * 1000.0);

    let mut loops = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(LOAD_SECONDS);
    for _ in 0..LOOPS {
        let (client, url, token) = (client.clone(), format!("{base}/api/v1/sync?since={cursor}"), token.clone());
        loops.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let sent = Instant::now();
                let response = client.get(&url).bearer_auth(&token).send().await.expect("answer");
                assert!(response.status().is_success());
                let _ = response.bytes().await.expect("body");
                latencies.push(sent.elapsed());
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for handle in loops {
        latencies.extend(handle.await.expect("loop"));
    }
    latencies.sort();
    let per_second = latencies.len() as f64 / LOAD_SECONDS as f64;
    let at = |quantile: f64| {
        latencies
            .get(((latencies.len() as f64 * quantile) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    println!(
        "{name}: {per_second:.0} pulls/s from {LOOPS} loops, p50 {:.2} ms, p99 {:.2} ms (budget on SQLite: 2000/s, p99 25 ms)",
        at(0.50).as_secs_f64() * 1000.0,
        at(0.99).as_secs_f64() * 1000.0
    );
    server.abort();
    storage.close().await;
}

/// A team with one manager holding 10,000 templates and 1,000 rule sets; returns a session token.
async fn seed(storage: &Storage) -> String {
    storage.create_team("bench", "Bench", 1).await.expect("team");
    let hashing = Instant::now();
    let hash = password::hash("bench password".into()).await.expect("hash");
    println!("argon2id hash (m=19456 KiB, t=2, p=1): {:.0} ms", hashing.elapsed().as_secs_f64() * 1000.0);
    let member = NewMember {
        id: "manager".into(),
        team_id: "bench".into(),
        email: "manager@bench.example".into(),
        display_name: "Manager".into(),
        role: Role::Manager,
        password_hash: hash,
        created_ms: 1,
    };
    storage.create_member(&member).await.expect("member");
    let seeded = Instant::now();
    for n in 0..TEMPLATES + RULE_SETS {
        let (collection, payload) = if n < TEMPLATES {
            let body = format!("Hello {{{{author.name}}}}, thanks for your message about order {n}. We are on it and will come back to you today.");
            let template = serde_json::json!({"id": format!("t{n}"), "title": format!("Reply {n}"), "shortcut": format!("r{n}"),
                "tags": ["orders"], "variants": [{"lang": "en", "body": body}, {"lang": "fr", "body": body}], "scope": "team"});
            (Collection::TeamTemplates, template.to_string())
        } else {
            (
                Collection::RuleSets,
                serde_json::json!({"id": format!("r{n}"), "kind": "forbidden_term", "terms": ["cheap", "free"]})
                    .to_string(),
            )
        };
        let mutation = CheckedMutation {
            team_id: "bench".into(),
            member_id: "manager".into(),
            client_id: "seed".into(),
            mutation_id: n as i64 + 1,
            kind: MutationKind::Put,
            collection,
            owner_id: String::new(),
            entity_id: format!("d{n}"),
            base_version: 0,
            payload,
            refusal: None,
            now_ms: 1,
        };
        storage.apply_mutation(&mutation).await.expect("seed");
    }
    let per_second = (TEMPLATES + RULE_SETS) as f64 / seeded.elapsed().as_secs_f64();
    println!("seeded {} documents, one transaction each: {per_second:.0} mutations/s", TEMPLATES + RULE_SETS);
    let token = tact::server::auth::token::new_token();
    storage
        .create_session(&tact::server::auth::token::token_hash(&token), "manager", 1, i64::MAX)
        .await
        .expect("session");
    token
}

/// Pulls everything from 0 in pages of 5,000; returns (documents, final cursor).
async fn full_pull(client: &reqwest::Client, base: &str, token: &str) -> (usize, u64) {
    let (mut since, mut count) = (0u64, 0usize);
    loop {
        let page: serde_json::Value = client
            .get(format!("{base}/api/v1/sync?since={since}&limit=5000"))
            .bearer_auth(token)
            .send()
            .await
            .expect("pull")
            .json()
            .await
            .expect("json");
        count += page["changes"].as_array().map_or(0, Vec::len);
        since = page["cursor"].as_u64().unwrap_or(since);
        if page["has_more"] != true {
            return (count, since);
        }
    }
}
