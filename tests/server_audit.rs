//! The audit log on SQLite and PostgreSQL: an entry altered, removed or reordered directly in the
//! database makes `verify` (the storage function, the API and the `tact audit verify` binary)
//! fail at that entry; what is recorded (sync changes to team documents, roles, deactivations,
//! invites, exports); exports that whoever receives them can check; retention that keeps the
//! chain verifiable.
#![cfg(not(target_arch = "wasm32"))]

mod audit_support;
mod server_support;

use audit_support::{drop_append_only_guard, published, raw_sql, sql_accepted, tact_audit};
use serde_json::{json, Value};
use server_support::{databases, put, site_descriptor, template, Db, TestServer};
use tact::core::audit::time::{civil_from_days, iso_date};
use tact::core::audit::{entry_hash, GENESIS_HASH};
use tact::core::digest::sha256_hex;
use tact::core::model::audit::{AuditEntry, AuditKind, BreakKind};
use tact::core::policy::Role;
use tact::server::storage::NewAuditEntry;

/// Team A's log after this: its four members (entries 1 to 4), then six published replies (5 to 10).
async fn server_with_replies(db: Db) -> TestServer {
    let server = TestServer::start(db).await;
    let agent = server.account('A', Role::Agent).token;
    for n in 1..=6 {
        let (status, body) =
            server.send("POST", "/published", Some(&agent), Some(published(&format!("r{n}"), &format!("Merci n°{n}"), None))).await;
        assert_eq!(status, 201, "{body}");
    }
    let head = server.storage.audit_head("team-a").await.expect("head");
    assert_eq!(head.head_seq, 10);
    server
}

/// The first problem `verify` finds in team A's log: (seq, kind), from storage, the API and the CLI.
async fn broken_at(server: &TestServer) -> (u64, BreakKind) {
    let report = server.storage.verify_audit("team-a").await.expect("verify");
    assert!(!report.intact, "{report:?}");
    let problem = report.problem.clone().expect("a problem");
    let manager = server.account('A', Role::Manager).token;
    let (status, api) = server.send("GET", "/audit/verify", Some(&manager), None).await;
    assert_eq!(status, 200);
    assert_eq!(api["intact"], false);
    assert_eq!(api["problem"]["seq"], problem.seq, "the API names the same entry: {api}");
    let url = server.database_url();
    let (code, stdout, stderr) = tact_audit(&url, &["verify"]);
    assert_eq!(code, 1, "the CLI fails: {stdout} {stderr}");
    let expected = format!("BROKEN at entry {} ({})", problem.seq, problem.kind.as_str());
    assert!(stdout.contains(&expected), "the CLI names the entry: {stdout}");
    assert!(stdout.contains("(team-b): intact"), "team B is untouched: {stdout}");
    let (code, stdout, _) = tact_audit(&url, &["verify", "--team", "team-b"]);
    assert_eq!(code, 0, "{stdout}");
    (problem.seq, problem.kind)
}

#[tokio::test]
async fn an_untouched_log_verifies_everywhere() {
    for db in databases() {
        let server = server_with_replies(db).await;
        let report = server.storage.verify_audit("team-a").await.expect("verify");
        assert!(report.intact, "{db:?}: {report:?}");
        assert_eq!((report.entries, report.head_seq), (10, 10));
        let (code, stdout, stderr) = tact_audit(&server.database_url(), &["verify"]);
        assert_eq!(code, 0, "{db:?}: {stdout} {stderr}");
        assert!(stdout.contains("(team-a): intact, 10 entries; head 10"), "{db:?}: {stdout}");
        server.stop().await;
    }
}

#[tokio::test]
async fn the_database_itself_refuses_to_update_or_delete_an_entry() {
    for db in databases() {
        let server = server_with_replies(db).await;
        let url = server.database_url();
        let update = sql_accepted(&url, "UPDATE audit_log SET actor = 'x' WHERE team_id = 'team-a' AND seq = 5").await;
        assert!(update.as_ref().is_err_and(|error| error.contains("append-only")), "{db:?}: {update:?}");
        let delete = sql_accepted(&url, "DELETE FROM audit_log WHERE team_id = 'team-a' AND seq = 10").await;
        assert!(delete.as_ref().is_err_and(|error| error.contains("append-only")), "{db:?}: {delete:?}");
        assert!(server.storage.verify_audit("team-a").await.expect("verify").intact);
        server.stop().await;
    }
}

#[tokio::test]
async fn an_entry_altered_in_the_database_fails_verify_at_that_entry() {
    for db in databases() {
        let server = server_with_replies(db).await;
        let url = server.database_url();
        drop_append_only_guard(&url).await;
        raw_sql(&url, &["UPDATE audit_log SET payload = replace(payload, 'Merci n°3', 'Merde n°3') WHERE team_id = 'team-a' AND seq = 7"]).await;
        assert_eq!(broken_at(&server).await, (7, BreakKind::Altered), "{db:?}");
        server.stop().await;
    }
}

#[tokio::test]
async fn an_entry_removed_from_the_database_fails_verify_at_that_entry() {
    for db in databases() {
        let server = server_with_replies(db).await;
        let url = server.database_url();
        drop_append_only_guard(&url).await;
        raw_sql(&url, &["DELETE FROM audit_log WHERE team_id = 'team-a' AND seq = 6"]).await;
        assert_eq!(broken_at(&server).await, (6, BreakKind::Missing), "{db:?}");
        server.stop().await;
    }
}

#[tokio::test]
async fn the_last_entry_removed_from_the_database_fails_verify_against_the_head() {
    for db in databases() {
        let server = server_with_replies(db).await;
        let url = server.database_url();
        drop_append_only_guard(&url).await;
        raw_sql(&url, &["DELETE FROM audit_log WHERE team_id = 'team-a' AND seq = 10"]).await;
        assert_eq!(broken_at(&server).await, (10, BreakKind::Missing), "{db:?}");
        server.stop().await;
    }
}

#[tokio::test]
async fn two_entries_swapped_in_the_database_fail_verify_as_reordered_at_the_first() {
    for db in databases() {
        let server = server_with_replies(db).await;
        let url = server.database_url();
        drop_append_only_guard(&url).await;
        raw_sql(
            &url,
            &[
                "UPDATE audit_log SET seq = -8 WHERE team_id = 'team-a' AND seq = 8",
                "UPDATE audit_log SET seq = 8 WHERE team_id = 'team-a' AND seq = 9",
                "UPDATE audit_log SET seq = 9 WHERE team_id = 'team-a' AND seq = -8",
            ],
        )
        .await;
        assert_eq!(broken_at(&server).await, (8, BreakKind::Reordered), "{db:?}");
        server.stop().await;
    }
}

#[tokio::test]
async fn sync_changes_to_team_documents_are_recorded_with_the_document_and_personal_ones_are_not() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let manager = server.account('A', Role::Manager).token;
        let agent = server.account('A', Role::Agent).token;
        let push = json!({"mutations": [
            put("m", 1, "team_templates", "merci", 0, template("merci", "team", "Merci {{author.first_name}} !")),
            put("m", 2, "rule_sets", "house", 0, json!({"rules": []})),
            put("m", 3, "site_descriptors", "forum_x", 0, site_descriptor("forum_x", "forum.example")),
            put("m", 4, "personal_templates", "mine", 0, template("mine", "personal", "Perso")),
        ]});
        let (status, body) = server.send("POST", "/sync", Some(&manager), Some(push)).await;
        assert_eq!(status, 200, "{db:?}: {body}");
        let refused = json!({"mutations": [put("a", 1, "team_templates", "nope", 0, template("nope", "team", "x"))]});
        let (_, body) = server.send("POST", "/sync", Some(&agent), Some(refused)).await;
        assert_eq!(body["results"][0]["status"], "rejected");
        let delete = json!({"mutations": [{"id": 5, "client_id": "m", "kind": "delete", "entity": {"collection": "team_templates", "id": "merci"}, "base_version": 1}]});
        server.send("POST", "/sync", Some(&manager), Some(delete)).await;
        let entries = entries_of(&server, "team-a").await;
        let kinds: Vec<&str> = entries.iter().map(|entry| entry.kind.as_str()).filter(|kind| *kind != "member_added").collect();
        assert_eq!(kinds, ["template_changed", "rules_changed", "site_descriptor_changed", "template_changed"], "{db:?}");
        let put_template = payload_of(&entries, "template_changed", 0);
        assert_eq!(put_template["action"], "put");
        assert_eq!(put_template["id"], "merci");
        assert_eq!(put_template["version"], 1);
        assert_eq!(put_template["document"]["variants"][0]["body"], "Merci {{author.first_name}} !");
        assert!(put_template["document_sha256"].as_str().is_some_and(|hash| hash.len() == 64));
        let deleted = payload_of(&entries, "template_changed", 1);
        assert_eq!((deleted["action"].as_str(), deleted["version"].as_i64()), (Some("delete"), Some(2)), "{db:?}");
        assert!(entries.iter().all(|entry| entry.kind == "member_added" || entry.actor == "a-manager"));
        assert!(server.storage.verify_audit("team-a").await.expect("verify").intact);
        server.stop().await;
    }
}

#[tokio::test]
async fn role_changes_deactivations_and_new_members_are_recorded() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let owner = server.account('A', Role::Owner).token;
        let (status, _) = server.send("PUT", "/members/a-agent/role", Some(&owner), Some(json!({"role": "manager"}))).await;
        assert_eq!(status, 200);
        let (status, _) = server.send("POST", "/members/a-intern/deactivate", Some(&owner), None).await;
        assert_eq!(status, 200);
        let (_, invite) =
            server.send("POST", "/invites", Some(&owner), Some(json!({"email": "new@a.example", "role": "intern"}))).await;
        let token = invite["token"].as_str().unwrap_or("");
        let (status, joined) = server
            .send("POST", &format!("/invites/{token}/accept"), None, Some(json!({"display_name": "Nina", "password": "a long password"})))
            .await;
        assert_eq!(status, 201, "{joined}");
        let entries = entries_of(&server, "team-a").await;
        let role = payload_of(&entries, "role_changed", 0);
        assert_eq!((role["member_id"].as_str(), role["from"].as_str(), role["role"].as_str()), (Some("a-agent"), Some("agent"), Some("manager")), "{db:?}");
        assert_eq!(actor_of(&entries, "role_changed"), "a-owner");
        let gone = payload_of(&entries, "member_deactivated", 0);
        assert_eq!((gone["member_id"].as_str(), gone["active"].as_bool()), (Some("a-intern"), Some(false)), "{db:?}");
        let added = payload_of(&entries, "member_added", 4);
        assert_eq!((added["display_name"].as_str(), added["via"].as_str(), added["invited_by"].as_str()), (Some("Nina"), Some("invite"), Some("a-owner")), "{db:?}");
        server.stop().await;
    }
}

#[tokio::test]
async fn an_export_is_recorded_and_whoever_receives_it_can_check_every_entry() {
    for db in databases() {
        let server = server_with_replies(db).await;
        let owner = server.account('A', Role::Owner).token;
        let today = iso_date(civil_from_days(tact::server::now_ms() / 86_400_000));
        let response = server
            .client
            .get(format!("{}/api/v1/audit/export?from={today}&to={today}&format=json", server.base))
            .bearer_auth(&owner)
            .send()
            .await
            .expect("export");
        assert_eq!(response.status(), 200);
        let disposition = response.headers()["content-disposition"].to_str().unwrap_or("").to_owned();
        assert!(disposition.contains(&format!("tact-audit-{today}-to-{today}.json")), "{disposition}");
        let document: Value = response.json().await.expect("JSON");
        let entries: Vec<AuditEntry> = serde_json::from_value(document["entries"].clone()).expect("entries");
        // The replies (5 to 10) and the export's own entry (11); the members were made in 1970.
        assert_eq!(entries.iter().map(|entry| entry.seq).collect::<Vec<_>>(), (5..=11).collect::<Vec<_>>(), "{db:?}");
        let last = entries.last().expect("entries");
        assert_eq!(last.kind, "audit_exported");
        assert_eq!(last.actor, "a-owner");
        // Checked here with the published encoding alone, as a compliance officer would.
        for pair in entries.windows(2) {
            assert_eq!(pair[1].prev_hash, pair[0].hash, "{db:?}: linked");
        }
        for entry in &entries {
            assert_eq!(sha256_hex(entry.payload.as_bytes()), entry.payload_hash);
            let hash = entry_hash("team-a", entry.time_ms, &entry.actor, &entry.kind, &entry.payload_hash, &entry.prev_hash);
            assert_eq!(hash, entry.hash, "{db:?}: entry {}", entry.seq);
        }
        let response = server
            .client
            .get(format!("{}/api/v1/audit/export?from={today}&to={today}", server.base))
            .bearer_auth(&owner)
            .send()
            .await
            .expect("export");
        assert!(response.headers()["content-type"].to_str().unwrap_or("").starts_with("text/csv"));
        let csv = response.text().await.expect("CSV");
        let lines: Vec<&str> = csv.split("\r\n").filter(|line| !line.is_empty()).collect();
        assert_eq!(lines[0], "seq,time,time_ms,actor,kind,payload,payload_hash,prev_hash,hash");
        assert_eq!(lines.len(), 1 + 8, "{db:?}: entries 5 to 12 (both exports): {csv}");
        assert!(lines[8].starts_with("12,") && lines[8].contains(",audit_exported,"), "{}", lines[8]);
        let (status, body) = server.send("GET", "/audit/export?from=2026-02-30&to=2026-03-01", Some(&owner), None).await;
        assert_eq!((status, body["error"]["code"].as_str()), (400, Some("bad_query")), "{body}");
        assert!(server.storage.verify_audit("team-a").await.expect("verify").intact);
        server.stop().await;
    }
}

#[tokio::test]
async fn the_command_line_exports_a_period_to_a_file_and_records_it() {
    for db in databases() {
        let server = server_with_replies(db).await;
        let dir = tempfile::tempdir().expect("folder");
        let file = dir.path().join("export.csv");
        let file_arg = file.display().to_string();
        let url = server.database_url();
        let (code, _, stderr) = tact_audit(&url, &["export", "--from", "1970-01-01", "--to", "1970-01-31", "--team", "team-a", "--out", &file_arg]);
        assert_eq!(code, 0, "{db:?}: {stderr}");
        let csv = std::fs::read_to_string(&file).expect("the file");
        assert_eq!(csv.matches(",member_added,").count(), 4, "{db:?}: the four members made in 1970: {csv}");
        assert!(stderr.contains("exported 4 entries"), "{stderr}");
        let entries = entries_of(&server, "team-a").await;
        let recorded = entries.last().expect("entries");
        assert_eq!((recorded.kind.as_str(), recorded.actor.as_str()), ("audit_exported", "system"));
        assert!(recorded.payload.contains("\"via\":\"cli\""));
        let (code, _, stderr) = tact_audit(&url, &["export", "--from", "1970-01-01", "--to", "1970-01-31"]);
        assert_eq!(code, 2, "{db:?}: two teams, none named: {stderr}");
        assert!(stderr.contains("--team"), "{stderr}");
        server.stop().await;
    }
}

#[tokio::test]
async fn the_log_is_read_in_pages_by_managers_and_owners() {
    for db in databases() {
        let server = server_with_replies(db).await;
        let manager = server.account('A', Role::Manager).token;
        let (status, page) = server.send("GET", "/audit?after=0&limit=4", Some(&manager), None).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["entries"].as_array().map(Vec::len), Some(4));
        assert_eq!(page["next_after"], 4);
        let (_, rest) = server.send("GET", "/audit?after=4", Some(&manager), None).await;
        assert_eq!(rest["entries"][0]["seq"], 5);
        assert_eq!(rest["entries"][0]["kind"], "reply_published");
        assert!(rest["next_after"].is_null());
        let details: Value = serde_json::from_str(rest["entries"][0]["payload"].as_str().unwrap_or("")).expect("JSON text");
        assert_eq!(details["text"], "Merci n°1", "{db:?}: the record itself is on file");
        assert_eq!(details["member"]["id"], "a-agent");
        server.stop().await;
    }
}

#[tokio::test]
async fn retention_purges_only_entries_past_it_and_never_under_three_years_and_the_chain_still_verifies() {
    const DAY: i64 = 86_400_000;
    for db in databases() {
        let server = TestServer::start(db).await;
        let storage = &server.storage;
        let now = tact::server::now_ms();
        // After the four members (1970): three entries four years old, two a year old.
        for (n, age_days) in [(1, 1_500), (2, 1_490), (3, 1_460), (4, 365), (5, 300)] {
            let entry = NewAuditEntry {
                team_id: "team-a",
                actor: "system",
                kind: AuditKind::Erasure,
                payload: format!("{{\"n\":{n}}}"),
                time_ms: now - age_days * DAY,
            };
            storage.append_audit_entry(&entry).await.expect("append");
        }
        let url = server.database_url();
        // An owner cannot set less than three years; a value written by hand is not applied.
        let owner = server.account('A', Role::Owner).token;
        let (status, body) = server.send("PUT", "/team/settings", Some(&owner), Some(json!({"audit_retention_days": 30}))).await;
        assert_eq!(status, 422, "{body}");
        raw_sql(&url, &["INSERT INTO team_settings (team_id, settings, updated_by, updated_ms) VALUES ('team-a', '{\"audit_retention_days\":30}', 'x', 0)"]).await;
        let purged = storage.purge_expired_audit("team-a", now).await.expect("purge");
        assert_eq!(purged, 7, "{db:?}: the 4 members of 1970 and 3 entries over 3 years old");
        let head = storage.audit_head("team-a").await.expect("head");
        assert_eq!(head.anchor_seq, 7);
        let kept = entries_of(&server, "team-a").await;
        assert_eq!(kept.first().map(|entry| entry.seq), Some(8), "{db:?}");
        assert_eq!(kept.last().map(|entry| entry.kind.as_str()), Some("audit_purged"));
        let report = storage.verify_audit("team-a").await.expect("verify");
        assert!(report.intact, "{db:?}: {report:?}");
        assert_eq!((report.anchor_seq, report.entries), (7, 3));
        assert_eq!(storage.purge_expired_audit("team-a", now).await.expect("again"), 0, "{db:?}: nothing under three years");
        let (code, stdout, _) = tact_audit(&url, &["verify", "--team", "team-a"]);
        assert_eq!(code, 0, "{stdout}");
        assert!(stdout.contains("kept from entry 8"), "{stdout}");
        // The anchor moved by hand (entries removed with it) is not explained by any purge.
        drop_append_only_guard(&url).await;
        raw_sql(&url, &["DELETE FROM audit_log WHERE team_id = 'team-a' AND seq = 8", "UPDATE audit_heads SET anchor_seq = 8, anchor_hash = (SELECT prev_hash FROM audit_log WHERE team_id = 'team-a' AND seq = 9) WHERE team_id = 'team-a'"]).await;
        let report = storage.verify_audit("team-a").await.expect("verify");
        assert_eq!(report.problem.map(|p| (p.seq, p.kind)), Some((9, BreakKind::UnexplainedStart)), "{db:?}");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_team_without_entries_verifies_from_the_genesis_hash() {
    for db in databases() {
        let server = TestServer::start(db).await;
        server.storage.create_team("empty", "Empty", 1).await.expect("team");
        let report = server.storage.verify_audit("empty").await.expect("verify");
        assert!(report.intact);
        assert_eq!((report.entries, report.head_hash.as_str()), (0, GENESIS_HASH));
        server.stop().await;
    }
}

async fn entries_of(server: &TestServer, team: &str) -> Vec<AuditEntry> {
    server.storage.audit_entries(team, 0, 100_000).await.expect("entries")
}

/// The payload of the `index`-th entry of `kind`.
fn payload_of(entries: &[AuditEntry], kind: &str, index: usize) -> Value {
    let entry = entries.iter().filter(|entry| entry.kind == kind).nth(index).unwrap_or_else(|| panic!("no {kind} #{index}"));
    serde_json::from_str(&entry.payload).expect("JSON")
}

fn actor_of(entries: &[AuditEntry], kind: &str) -> String {
    entries.iter().find(|entry| entry.kind == kind).map(|entry| entry.actor.clone()).unwrap_or_default()
}
