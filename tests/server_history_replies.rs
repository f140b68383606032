//! Mention history joined to issue 7's records, on SQLite and PostgreSQL: a timeline shows the
//! team's published replies to the author's comments (who, when, template, approval) and its
//! summary counts them over all of the author's comments; an erasure and an author export each
//! leave an audit entry holding counts only, and the chain still verifies.
#![cfg(not(target_arch = "wasm32"))]

mod server_support;

use serde_json::{json, Value};
use server_support::{databases, key_path, mention, TestServer};
use tact::core::history::DAY_MS;
use tact::core::policy::Role;

fn now() -> i64 {
    tact::server::now_ms()
}

/// A published-reply record for `permalink`, posted at `posted_ms`.
fn reply_to(id: &str, permalink: &str, posted_ms: i64) -> Value {
    json!({
        "id": id, "text": format!("Reply {id}"), "platform": "x", "permalink": permalink,
        "author": {"name": "Marie Dupont", "handle": "@marie_d"}, "template_id": "merci",
        "approval_id": null, "findings": [], "posted_ms": posted_ms,
    })
}

async fn audit_entries(server: &TestServer, token: &str) -> Vec<Value> {
    let (status, page) = server.send("GET", "/audit?after=0&limit=1000", Some(token), None).await;
    assert_eq!(status, 200, "{page}");
    page["entries"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_timeline_shows_the_teams_replies_to_the_authors_comments_and_counts_them_all() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let (agent, intern) = (server.account('A', Role::Agent), server.account('A', Role::Intern));
        let agent_b = server.account('B', Role::Agent);
        let start = now() - 5 * DAY_MS;
        for n in 0..4i64 {
            let link = format!("https://x.com/marie_d/status/{n}");
            let body = mention("x", "marie_d", "Marie Dupont", &format!("message {n}"), &link, start + n * 1_000);
            assert_eq!(server.send("POST", "/history/mentions", Some(&agent.token), Some(body)).await.0, 201, "{db:?}");
        }
        let (old, newest) = ("https://x.com/marie_d/status/0", "https://x.com/marie_d/status/3");
        for (token, id, link, at) in [
            (&agent.token, "r-old", old, start + 500),
            (&agent.token, "r-new", newest, start + 3_000 + 60_000),
            (&agent_b.token, "r-other-team", newest, start + 3_000 + 90_000),
            (&agent.token, "r-elsewhere", "https://x.com/paul/status/9", start),
        ] {
            let (status, body) = server.send("POST", "/published", Some(token), Some(reply_to(id, link, at))).await;
            assert_eq!(status, 201, "{db:?}: {body}");
        }
        let path = format!("/history/authors/{}?limit=2", key_path("x:handle:marie_d"));
        let (status, page) = server.send("GET", &path, Some(&intern.token), None).await;
        assert_eq!(status, 200, "{db:?}: {page}");
        assert_eq!(page["summary"]["replies"], 2, "{db:?}: both of the team's replies, not only the page's");
        assert_eq!(page["summary"]["first_contact_ms"], start);
        assert_eq!(page["summary"]["last_contact_ms"], start + 3_000 + 60_000, "{db:?}: the reply is the last contact");
        let replies = page["replies"].as_array().cloned().unwrap_or_default();
        assert_eq!(replies.len(), 1, "{db:?}: the replies to the page's comments, this team's only: {page}");
        assert_eq!(replies[0]["permalink"], newest);
        assert_eq!(replies[0]["member_id"], "a-agent");
        assert_eq!(replies[0]["member_name"], "agent of a");
        assert_eq!(replies[0]["template_id"], "merci");
        assert_eq!(replies[0]["approval_id"], Value::Null);
        assert_eq!(replies[0]["published_ms"], start + 3_000 + 60_000);
        let next = page["next"].as_str().unwrap_or_default().to_owned();
        let older = format!("/history/authors/{}?limit=2&before={}", key_path("x:handle:marie_d"), key_path(&next));
        let (_, older) = server.send("GET", &older, Some(&intern.token), None).await;
        assert_eq!(older["replies"][0]["permalink"], old, "{db:?}: {older}");
        server.stop().await;
    }
}

#[tokio::test]
async fn an_erasure_and_an_export_are_in_the_audit_log_with_counts_only() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let (manager, agent) = (server.account('A', Role::Manager), server.account('A', Role::Agent));
        for n in 0..3 {
            let link = format!("https://x.com/marie_d/status/{n}");
            let body = mention("x", "marie_d", "Marie Dupont", "Secret complaint text", &link, now());
            server.send("POST", "/history/mentions", Some(&agent.token), Some(body)).await;
        }
        let author = format!("/history/authors/{}", key_path("x:handle:marie_d"));
        server.send("POST", &format!("{author}/tags"), Some(&agent.token), Some(json!({"tag": "vip"}))).await;
        server.send("POST", &format!("{author}/notes"), Some(&agent.token), Some(json!({"body": "Call her"}))).await;
        let before = audit_entries(&server, &manager.token).await.len();
        let (status, _) = server.send("GET", &format!("{author}/export"), Some(&manager.token), None).await;
        assert_eq!(status, 200, "{db:?}");
        let (status, _) = server.send("DELETE", &author, Some(&manager.token), None).await;
        assert_eq!(status, 200, "{db:?}");
        let entries = audit_entries(&server, &manager.token).await;
        assert_eq!(entries.len(), before + 2, "{db:?}: one entry each");
        let (export, erasure) = (&entries[before], &entries[before + 1]);
        assert_eq!((export["kind"].as_str(), export["actor"].as_str()), (Some("personal_data_exported"), Some("a-manager")));
        assert_eq!((erasure["kind"].as_str(), erasure["actor"].as_str()), (Some("erasure"), Some("a-manager")));
        let details = |entry: &Value| -> Value { serde_json::from_str(entry["payload"].as_str().unwrap_or("")).expect("JSON") };
        assert_eq!(
            details(export),
            json!({"scope": "mention_history", "mentions": 3, "tags": 1, "notes": 1, "replies": 0}),
            "{db:?}"
        );
        assert_eq!(details(erasure), json!({"scope": "mention_history", "mentions": 3, "tags": 1, "notes": 1}), "{db:?}");
        for entry in [export, erasure] {
            let payload = entry["payload"].as_str().unwrap_or("").to_lowercase();
            for secret in ["marie", "secret", "call her", "vip", "x.com"] {
                assert!(!payload.contains(secret), "{db:?}: the entry names nothing erased: {payload}");
            }
        }
        let (status, verdict) = server.send("GET", "/audit/verify", Some(&manager.token), None).await;
        assert_eq!(status, 200, "{db:?}: {verdict}");
        assert_eq!(verdict["intact"], true, "{db:?}: the chain holds: {verdict}");
        assert_eq!(server.send("DELETE", &author, Some(&manager.token), None).await.0, 404);
        assert_eq!(audit_entries(&server, &manager.token).await.len(), before + 2, "{db:?}: no entry for nothing erased");
        server.stop().await;
    }
}
