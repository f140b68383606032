//! Mention history benchmark: one team with 100,000 mentions across 20,000 authors, then one
//! author's timeline, p50 and p99 (budget: under 10 ms server-side).
//!
//! Authors are skewed like a real audience: everyone has written once, and the other 80,000
//! mentions favour a few (the most active author has about 3,000). A tenth of the authors have a
//! tag, a twentieth two notes. Measured: the storage call alone, and `GET
//! /api/v1/history/authors/{key}` through a real router on loopback (session check, JSON);
//! random authors, then the most active one. On PostgreSQL, statistics are gathered first (as
//! autovacuum does within a minute of a load), after reporting the most active author's timeline
//! without them. Also reported: capture throughput while seeding
//! (batches of 1,000 in one transaction) and a text search that scans every mention, for
//! information.
//!
//! Runs on SQLite, and on PostgreSQL when `TACT_BENCH_POSTGRES_URL` is set.
//! `cargo bench --bench history`

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tact::core::guidelines::Venue;
use tact::core::history::{AuthorKey, CheckedSearch, Mention, DAY_MS};
use tact::core::model::context::Author;
use tact::core::model::history::SearchQuery;
use tact::core::policy::Role;
use tact::server::http::{router, AppState};
use tact::server::storage::{NewMember, Storage};

const MENTIONS: usize = 100_000;
const AUTHORS: usize = 20_000;
const BATCH: usize = 1_000;
const SAMPLES: usize = 2_000;
const PAGE: i64 = 20;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let dir = tempfile::tempdir().expect("folder");
        let sqlite =
            Storage::open(&format!("sqlite://{}", dir.path().join("bench.db").display())).await.expect("SQLite");
        run("sqlite", sqlite).await;
        if let Ok(url) = std::env::var("TACT_BENCH_POSTGRES_URL") {
            let schema = format!("tact_bench_{}_8", std::process::id());
            let postgres = Storage::open_postgres_in_schema(&url, &schema).await.expect("PostgreSQL");
            run("postgres", postgres).await;
        }
    });
}

async fn run(name: &str, storage: Storage) {
    let now = tact::server::now_ms();
    let token = seed(name, &storage, now).await;
    if let Some((pool, _)) = storage.postgres_events() {
        // Right after a bulk load PostgreSQL has no statistics yet (it thinks every author has
        // 4 mentions); autovacuum gathers them within a minute. Reported, then gathered.
        let busiest = vec![author_key(0); 200];
        let before = time_each(&busiest, |key| {
            let storage = storage.clone();
            async move {
                let _ = storage.author_timeline("bench", &key, None, PAGE).await.expect("timeline");
            }
        })
        .await;
        report(name, "timeline, storage call, the most active author, just loaded (no statistics yet)", &before);
        sqlx::query("ANALYZE").execute(&pool).await.expect("analyze");
    }
    let mut random = Lcg(7);
    let keys: Vec<String> = (0..SAMPLES).map(|_| author_key(random.below(AUTHORS))).collect();

    let storage_times = time_each(&keys, |key| {
        let storage = storage.clone();
        async move {
            let rows = storage.author_timeline("bench", &key, None, PAGE).await.expect("timeline");
            assert!(rows.is_some_and(|rows| !rows.mentions.is_empty()), "every author has a mention");
        }
    })
    .await;
    report(name, "timeline, storage call, random authors", &storage_times);

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let app = router(AppState::new(storage.clone())).into_make_service_with_connect_info::<SocketAddr>();
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let client = reqwest::Client::new();
    let get = |key: String| {
        let (client, token, url) =
            (client.clone(), token.clone(), format!("{base}/api/v1/history/authors/{}", encode(&key)));
        async move {
            let response = client.get(&url).bearer_auth(&token).send().await.expect("answer");
            assert!(response.status().is_success(), "{}", response.status());
            let _ = response.bytes().await.expect("body");
        }
    };
    let http_times = time_each(&keys, get).await;
    report(name, "timeline over HTTP (session check, JSON), random authors", &http_times);
    let busiest = vec![author_key(0); 200];
    let busiest_times = time_each(&busiest, get).await;
    let count =
        storage.author_timeline("bench", &author_key(0), None, 1).await.ok().flatten().map(|r| r.record.stats.count);
    report(
        name,
        &format!("timeline over HTTP, the most active author ({} mentions)", count.unwrap_or(0)),
        &busiest_times,
    );

    let search: CheckedSearch =
        SearchQuery { text: Some("commande 4242 n".into()), ..Default::default() }.checked().expect("query");
    let started = Instant::now();
    let found = storage.search_history("bench", &search).await.expect("search");
    println!(
        "{name}: text search matching {} of {MENTIONS} mentions: {:.1} ms (no budget)",
        found.mentions.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    server.abort();
    storage.close().await;
}

/// Seeds the team; returns a session token of its manager.
async fn seed(name: &str, storage: &Storage, now: i64) -> String {
    storage.create_team("bench", "Bench", 1).await.expect("team");
    let member = NewMember {
        id: "manager".into(),
        team_id: "bench".into(),
        email: "manager@bench.example".into(),
        display_name: "Manager".into(),
        role: Role::Manager,
        password_hash: "unused: the bench signs in with a session made below".into(),
        created_ms: 1,
    };
    storage.create_member(&member).await.expect("member");
    let mut random = Lcg(42);
    let started = Instant::now();
    let mut batch = Vec::with_capacity(BATCH);
    for n in 0..MENTIONS {
        // Everyone once, then skewed towards the first authors (u³ favours small numbers).
        let author = if n < AUTHORS { n } else { ((random.unit().powi(3)) * AUTHORS as f64) as usize % AUTHORS };
        let seen_ms = now - (random.below(300) as i64) * DAY_MS - random.below(86_400_000) as i64;
        batch.push(mention(author, n, seen_ms));
        if batch.len() == BATCH {
            storage.capture_mentions("bench", &batch).await.expect("capture");
            batch.clear();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!("{name}: seeded {MENTIONS} mentions of {AUTHORS} authors in {seconds:.1} s ({:.0} captures/s in batches of {BATCH})", MENTIONS as f64 / seconds);
    for author in (0..AUTHORS).step_by(10) {
        storage.add_author_tag("bench", &author_key(author), "vip", "manager", now).await.expect("tag");
    }
    for author in (0..AUTHORS).step_by(20) {
        for n in 0..2 {
            let id = format!("note-{author}-{n}");
            storage
                .add_author_note("bench", &author_key(author), &id, "Prefers e-mail.", "manager", now)
                .await
                .expect("note");
        }
    }
    let token = tact::server::auth::token::new_token();
    storage
        .create_session(&tact::server::auth::token::token_hash(&token), "manager", 1, i64::MAX)
        .await
        .expect("session");
    token
}

fn author(author: usize) -> Author {
    Author {
        name: format!("Author Number {author}"),
        handle: format!("author_{author}"),
        profile_url: format!("https://x.com/author_{author}"),
    }
}

fn author_key(author_number: usize) -> String {
    AuthorKey::of(Venue::X, &author(author_number)).map(|key| key.to_string()).unwrap_or_default()
}

fn mention(author_number: usize, n: usize, seen_ms: i64) -> Mention {
    let author = author(author_number);
    Mention {
        author_key: AuthorKey::of(Venue::X, &author).expect("a key"),
        network: Venue::X,
        author,
        text: format!("Bonjour, ma commande {n} n'est toujours pas arrivée et le suivi du colis ne bouge plus depuis une semaine. Que se passe-t-il ?"),
        permalink: format!("https://x.com/author_{author_number}/status/{n}"),
        seen_ms,
    }
}

/// Runs `call` once per key, one after the other; the sorted durations.
async fn time_each<F, Fut>(keys: &[String], call: F) -> Vec<Duration>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut times = Vec::with_capacity(keys.len());
    for key in keys {
        let started = Instant::now();
        call(key.clone()).await;
        times.push(started.elapsed());
    }
    times.sort();
    times
}

fn report(name: &str, what: &str, times: &[Duration]) {
    let at = |quantile: f64| {
        let index = ((times.len() as f64 * quantile) as usize).min(times.len().saturating_sub(1));
        times.get(index).copied().unwrap_or_default().as_secs_f64() * 1000.0
    };
    println!("{name}: {what}: p50 {:.2} ms, p99 {:.2} ms (budget 10 ms)", at(0.50), at(0.99));
}

/// A key as a path segment.
fn encode(key: &str) -> String {
    key.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (byte as char).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// A small deterministic generator, so every run measures the same data.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        self.next() as f64 / (1u64 << 31) as f64
    }
}
