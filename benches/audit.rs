//! Audit log benchmark: appends per second and the time `verify` takes per 100,000 entries.
//!
//! 1. Appends, one transaction each (the way every recorded change appends): one writer in a
//!    loop, then 8 concurrent writers on the same team (appends serialise per team, so this
//!    shows what waiting on the team's head costs).
//! 2. Published replies recorded through storage (the record and its entry in one transaction).
//! 3. `verify` over 100,000 entries: the whole walk from the database (paged reads, two SHA-256
//!    per entry), and the core's walk alone over entries in memory.
//!
//! Runs on SQLite, and on PostgreSQL when `TACT_BENCH_POSTGRES_URL` is set.
//! `cargo bench --bench audit`

use std::time::Instant;

use tact::core::audit::{canonical_payload, seal, verify::verify_all, GENESIS_HASH};
use tact::core::model::approvals::{MemberRef, PublishedReplyInput, RepliedAuthor};
use tact::core::model::audit::{AuditEntry, AuditKind};
use tact::core::policy::approval::PublicationPolicy;
use tact::core::policy::Role;
use tact::server::storage::{NewAuditEntry, NewMember, NewPublishedReply, Storage};

const SEQUENTIAL: usize = 2_000;
const WRITERS: usize = 8;
const PER_WRITER: usize = 250;
const REPLIES: usize = 1_000;
const VERIFIED: usize = 100_000;
const BATCH: usize = 1_000;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        core_walk();
        let dir = tempfile::tempdir().expect("folder");
        let sqlite = Storage::open(&format!("sqlite://{}", dir.path().join("bench.db").display())).await.expect("SQLite");
        run("sqlite", sqlite).await;
        if let Ok(url) = std::env::var("TACT_BENCH_POSTGRES_URL") {
            let schema = format!("tact_bench_{}", std::process::id());
            let postgres = Storage::open_postgres_in_schema(&url, &schema).await.expect("PostgreSQL");
            run("postgres", postgres).await;
        }
    });
}

/// The core's verification alone, over entries already in memory.
fn core_walk() {
    let mut entries: Vec<AuditEntry> = Vec::with_capacity(VERIFIED);
    for seq in 1..=VERIFIED as u64 {
        let prev = entries.last().map_or(GENESIS_HASH.to_owned(), |entry| entry.hash.clone());
        entries.push(seal("bench", seq, 1_700_000_000_000, "member", "reply_published", payload(seq), &prev));
    }
    let head = entries.last().map(|entry| (entry.seq, entry.hash.clone())).unwrap_or_default();
    let started = Instant::now();
    let report = verify_all("bench", (0, GENESIS_HASH), &entries, (head.0, &head.1));
    let elapsed = started.elapsed();
    assert!(report.intact);
    println!("core: verify walk over {VERIFIED} entries in memory: {:.0} ms", elapsed.as_secs_f64() * 1000.0);
}

fn payload(n: u64) -> String {
    let details = serde_json::json!({
        "reply_id": format!("r{n}"),
        "text": "Bonjour Léa, merci pour votre message : votre commande part aujourd'hui. L'équipe Acme",
        "permalink": format!("https://x.com/lea/status/{n}"),
        "author": {"name": "Léa Martin", "handle": "@lea"},
        "member": {"id": "member", "display_name": "Alice"},
        "policy": "allowed",
    });
    canonical_payload(&details)
}

async fn run(name: &str, storage: Storage) {
    storage.create_team("bench", "Bench", 1).await.expect("team");
    let member = NewMember {
        id: "member".into(),
        team_id: "bench".into(),
        email: format!("member@{name}.bench"),
        display_name: "Alice".into(),
        role: Role::Agent,
        password_hash: "not a hash".into(),
        created_ms: tact::server::now_ms(),
    };
    storage.create_member(&member).await.expect("member");

    let started = Instant::now();
    for n in 0..SEQUENTIAL {
        storage.append_audit_entry(&entry(n as u64)).await.expect("append");
    }
    let per_second = SEQUENTIAL as f64 / started.elapsed().as_secs_f64();
    println!("{name}: audit appends, one writer, one transaction each: {per_second:.0}/s");

    let started = Instant::now();
    let mut writers = Vec::new();
    for writer in 0..WRITERS {
        let storage = storage.clone();
        writers.push(tokio::spawn(async move {
            for n in 0..PER_WRITER {
                storage.append_audit_entry(&entry((writer * PER_WRITER + n) as u64)).await.expect("append");
            }
        }));
    }
    for writer in writers {
        writer.await.expect("writer");
    }
    let per_second = (WRITERS * PER_WRITER) as f64 / started.elapsed().as_secs_f64();
    println!("{name}: audit appends, {WRITERS} concurrent writers on one team: {per_second:.0}/s");

    let started = Instant::now();
    for n in 0..REPLIES {
        storage.record_published(&reply(n)).await.expect("record");
    }
    let per_second = REPLIES as f64 / started.elapsed().as_secs_f64();
    println!("{name}: published replies recorded (record and audit entry, one transaction each): {per_second:.0}/s");

    let head = storage.audit_head("bench").await.expect("head").head_seq as usize;
    let seeding = Instant::now();
    for start in (head..VERIFIED).step_by(BATCH) {
        let batch: Vec<NewAuditEntry<'_>> = (start..(start + BATCH).min(VERIFIED)).map(|n| entry(n as u64)).collect();
        storage.append_audit_entries(&batch).await.expect("seed");
    }
    let per_second = (VERIFIED - head) as f64 / seeding.elapsed().as_secs_f64();
    println!("{name}: audit appends in batches of {BATCH} per transaction: {per_second:.0}/s");

    let started = Instant::now();
    let report = storage.verify_audit("bench").await.expect("verify");
    let elapsed = started.elapsed();
    assert!(report.intact, "{report:?}");
    assert_eq!(report.entries as usize, VERIFIED);
    println!("{name}: verify {} entries from the database: {:.0} ms", report.entries, elapsed.as_secs_f64() * 1000.0);
    storage.close().await;
}

fn entry(n: u64) -> NewAuditEntry<'static> {
    NewAuditEntry { team_id: "bench", actor: "member", kind: AuditKind::ReplyPublished, payload: payload(n), time_ms: tact::server::now_ms() }
}

fn reply(n: usize) -> NewPublishedReply {
    let input = PublishedReplyInput {
        id: format!("reply-{n}"),
        text: "Bonjour Léa, merci pour votre message : votre commande part aujourd'hui.".into(),
        platform: "x".into(),
        permalink: format!("https://x.com/lea/status/{n}"),
        author: RepliedAuthor { name: "Léa Martin".into(), handle: "@lea".into() },
        template_id: Some("merci".into()),
        approval_id: None,
        findings: vec![],
        posted_ms: 1_700_000_000_000,
    };
    NewPublishedReply {
        team_id: "bench".into(),
        member: MemberRef { id: "member".into(), display_name: "Alice".into() },
        text_hash: tact::core::digest::text_hash(&input.text),
        input,
        policy: PublicationPolicy::Allowed,
        now_ms: tact::server::now_ms(),
    }
}
