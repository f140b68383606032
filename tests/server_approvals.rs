//! Approvals and published replies through the API, on SQLite and PostgreSQL: who may ask, see
//! and decide; what an approval binds; published replies recorded exactly once with what the
//! policy said of them; requests reaching approvers live.
#![cfg(not(target_arch = "wasm32"))]

mod audit_support;
mod server_support;

use std::time::Duration;

use audit_support::{approval_request, finding, published, published_on, PERMALINK};
use serde_json::{json, Value};
use server_support::{databases, TestServer};
use tact::core::digest::text_hash;
use tact::core::policy::Role;

async fn ask(server: &TestServer, role: Role, id: &str, text: &str) -> Value {
    let token = server.account('A', role).token;
    let (status, body) = server.send("POST", "/approvals", Some(&token), Some(approval_request(id, text, json!([])))).await;
    assert_eq!(status, 201, "{role} asks: {body}");
    body
}

async fn decide(server: &TestServer, role: Role, id: &str, decision: Value) -> (u16, Value) {
    let token = server.account('A', role).token;
    server.send("POST", &format!("/approvals/{id}/decision"), Some(&token), Some(decision)).await
}

#[tokio::test]
async fn an_interns_request_records_why_it_needs_approval_and_the_exact_texts_hash() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let request = ask(&server, Role::Intern, "req-1", "Bonjour Léa, merci !").await;
        assert_eq!(request["status"], "pending", "{db:?}");
        assert_eq!(request["requester"]["id"], "a-intern");
        assert_eq!(request["text_hash"], text_hash("Bonjour Léa, merci !"));
        assert_eq!(request["reasons"], json!([{"kind": "role", "role": "intern"}]), "{db:?}");
        assert_eq!(request["context"]["author"]["handle"], "@lea");
        assert!(request["decision"].is_null());
        server.stop().await;
    }
}

#[tokio::test]
async fn nobody_approves_their_own_request_and_the_reason_says_so() {
    for db in databases() {
        let server = TestServer::start(db).await;
        for role in [Role::Manager, Role::Owner] {
            let id = format!("own-{role}");
            ask(&server, role, &id, "Risky reply").await;
            let (status, body) = decide(&server, role, &id, json!({"decision": "approve"})).await;
            assert_eq!(status, 403, "{db:?} {role}: {body}");
            assert_eq!(body["error"]["code"], "own_request");
            assert!(body["error"]["message"].as_str().unwrap_or("").contains("own request"), "{body}");
            let (_, after) = server.send("GET", &format!("/approvals/{id}"), Some(&server.account('A', role).token), None).await;
            assert_eq!(after["status"], "pending", "{db:?}: unchanged");
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn agents_and_interns_cannot_decide_even_a_colleagues_request() {
    for db in databases() {
        let server = TestServer::start(db).await;
        ask(&server, Role::Intern, "req-i", "Hello").await;
        ask(&server, Role::Agent, "req-a", "Hello").await;
        for (role, id) in [(Role::Agent, "req-i"), (Role::Intern, "req-a"), (Role::Agent, "req-a"), (Role::Intern, "req-i")] {
            for decision in [json!({"decision": "approve"}), json!({"decision": "reject", "comment": "no"})] {
                let (status, body) = decide(&server, role, id, decision).await;
                assert_eq!(status, 403, "{db:?}: {role} deciding {id}: {body}");
                assert_eq!(body["error"]["code"], "forbidden");
            }
        }
        let manager = server.account('A', Role::Manager).token;
        let (_, list) = server.send("GET", "/approvals?status=pending", Some(&manager), None).await;
        assert_eq!(list["approvals"].as_array().map(Vec::len), Some(2), "{db:?}: both still pending: {list}");
        server.stop().await;
    }
}

#[tokio::test]
async fn another_teams_request_is_invisible_to_list_get_and_decide() {
    for db in databases() {
        let server = TestServer::start(db).await;
        ask(&server, Role::Intern, "secret-req", "Texte secret").await;
        for role in Role::ALL {
            let token = server.account('B', role).token;
            let (status, list) = server.send("GET", "/approvals?status=all", Some(&token), None).await;
            assert_eq!(status, 200);
            assert_eq!(list["approvals"], json!([]), "{db:?}: B's {role} lists nothing of A");
            let (status, body) = server.send("GET", "/approvals/secret-req", Some(&token), None).await;
            assert_eq!(status, 404, "{db:?}: B's {role}: {body}");
            assert!(!body.to_string().contains("Texte secret"));
            let (status, body) = server
                .send("POST", "/approvals/secret-req/decision", Some(&token), Some(json!({"decision": "approve"})))
                .await;
            let expected = if matches!(role, Role::Owner | Role::Manager) { 404 } else { 403 };
            assert_eq!(status, expected, "{db:?}: B's {role} deciding: {body}");
        }
        let (_, mine) = server.send("GET", "/approvals/secret-req", Some(&server.account('A', Role::Intern).token), None).await;
        assert_eq!(mine["status"], "pending", "{db:?}: untouched");
        server.stop().await;
    }
}

#[tokio::test]
async fn approvers_see_the_teams_requests_and_others_only_their_own() {
    for db in databases() {
        let server = TestServer::start(db).await;
        ask(&server, Role::Intern, "by-intern", "one").await;
        ask(&server, Role::Agent, "by-agent", "two").await;
        let ids = |list: &Value| -> Vec<String> {
            let mut ids: Vec<String> = list["approvals"]
                .as_array()
                .map(|all| all.iter().filter_map(|a| a["id"].as_str().map(str::to_owned)).collect())
                .unwrap_or_default();
            ids.sort();
            ids
        };
        for (role, expected) in [
            (Role::Owner, vec!["by-agent", "by-intern"]),
            (Role::Manager, vec!["by-agent", "by-intern"]),
            (Role::Agent, vec!["by-agent"]),
            (Role::Intern, vec!["by-intern"]),
        ] {
            let token = server.account('A', role).token;
            let (_, list) = server.send("GET", "/approvals", Some(&token), None).await;
            assert_eq!(ids(&list), expected, "{db:?}: {role}");
        }
        let agent = server.account('A', Role::Agent).token;
        let (status, _) = server.send("GET", "/approvals/by-intern", Some(&agent), None).await;
        assert_eq!(status, 404, "{db:?}: an agent does not read an intern's request");
        let manager = server.account('A', Role::Manager).token;
        let (_, mine) = server.send("GET", "/approvals?mine=true", Some(&manager), None).await;
        assert_eq!(ids(&mine), Vec::<String>::new(), "{db:?}");
        server.stop().await;
    }
}

#[tokio::test]
async fn an_edited_approval_binds_the_edited_text_and_only_that_text_can_be_recorded_under_it() {
    for db in databases() {
        let server = TestServer::start(db).await;
        ask(&server, Role::Intern, "edit-me", "Salut Léa, c'est réglé !!!").await;
        let edited = "Bonjour Léa, c'est réglé. L'équipe Acme";
        let (status, decided) = decide(
            &server,
            Role::Manager,
            "edit-me",
            json!({"decision": "approve_edited", "text": edited, "comment": "Plus sobre"}),
        )
        .await;
        assert_eq!(status, 200, "{db:?}: {decided}");
        assert_eq!(decided["status"], "approved");
        assert_eq!(decided["decision"]["kind"], "approved_edited");
        assert_eq!(decided["decision"]["by"]["id"], "a-manager");
        assert_eq!(decided["decision"]["approved_text"], edited);
        assert_eq!(decided["decision"]["approved_hash"], text_hash(edited));
        assert_eq!(decided["text_hash"], text_hash("Salut Léa, c'est réglé !!!"), "the draft's own hash stays");
        let intern = server.account('A', Role::Intern).token;
        let (status, body) = server
            .send("POST", "/published", Some(&intern), Some(published("rec-draft", "Salut Léa, c'est réglé !!!", Some("edit-me"))))
            .await;
        assert_eq!(status, 422, "{db:?}: the draft is not what was approved: {body}");
        assert_eq!(body["error"]["code"], "approval_mismatch");
        let (status, body) =
            server.send("POST", "/published", Some(&intern), Some(published("rec-edited", edited, Some("edit-me")))).await;
        assert_eq!(status, 201, "{db:?}: {body}");
        assert_eq!(body["policy"], "approved");
        assert_eq!(body["approval_id"], "edit-me");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_record_claiming_an_approval_that_does_not_cover_it_is_refused_and_nothing_is_recorded() {
    for db in databases() {
        let server = TestServer::start(db).await;
        ask(&server, Role::Intern, "ok", "Merci Léa !").await;
        ask(&server, Role::Intern, "still-pending", "Merci !").await;
        ask(&server, Role::Intern, "refused", "Non.").await;
        assert_eq!(decide(&server, Role::Manager, "ok", json!({"decision": "approve"})).await.0, 200);
        assert_eq!(decide(&server, Role::Owner, "refused", json!({"decision": "reject", "comment": "Trop sec"})).await.0, 200);
        let intern = server.account('A', Role::Intern).token;
        let agent = server.account('A', Role::Agent).token;
        let cases = [
            (&intern, published("r1", "Merci Léa!", Some("ok")), "a text one character off"),
            (&intern, published("r2", "Merci !", Some("still-pending")), "a pending request"),
            (&intern, published("r3", "Non.", Some("refused")), "a rejected request"),
            (&intern, published("r4", "Merci Léa !", Some("no-such-request")), "an unknown request"),
            (&agent, published("r5", "Merci Léa !", Some("ok")), "someone else's approval"),
        ];
        for (token, record, case) in cases {
            let (status, body) = server.send("POST", "/published", Some(token), Some(record)).await;
            assert_eq!((status, body["error"]["code"].as_str()), (422, Some("approval_mismatch")), "{db:?}: {case}: {body}");
        }
        let (_, list) = server.send("GET", &format!("/published?permalink={PERMALINK}"), Some(&intern), None).await;
        assert_eq!(list["replies"], json!([]), "{db:?}: nothing recorded");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_record_sent_again_is_recorded_once_and_answered_as_the_first_time() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let agent = server.account('A', Role::Agent).token;
        let record = published("outbox-1", "Merci pour votre message !", None);
        let (first_status, first) = server.send("POST", "/published", Some(&agent), Some(record.clone())).await;
        assert_eq!(first_status, 201, "{db:?}: {first}");
        assert_eq!(first["policy"], "allowed");
        let mut changed = record.clone();
        changed["text"] = json!("Another text, same id");
        for again in [record, changed] {
            let (status, body) = server.send("POST", "/published", Some(&agent), Some(again)).await;
            assert_eq!(status, 200, "{db:?}");
            assert_eq!(body, first, "{db:?}: the first answer, unchanged");
        }
        let intern = server.account('A', Role::Intern).token;
        let (status, body) =
            server.send("POST", "/published", Some(&intern), Some(published("outbox-1", "Mine", None))).await;
        assert_eq!((status, body["error"]["code"].as_str()), (409, Some("id_taken")), "{db:?}: {body}");
        let (_, list) = server.send("GET", &format!("/published?permalink={PERMALINK}"), Some(&agent), None).await;
        assert_eq!(list["replies"].as_array().map(Vec::len), Some(1), "{db:?}: {list}");
        let replies = count_kind(&server, "reply_published").await;
        assert_eq!(replies, 1, "{db:?}: one audit entry");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_reply_posted_around_the_policy_is_recorded_with_the_policys_verdict() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let intern = server.account('A', Role::Intern).token;
        let agent = server.account('A', Role::Agent).token;
        let owner = server.account('A', Role::Owner).token;
        let cases = [
            (&intern, "no-approval", json!([]), "unapproved"),
            (&agent, "agent-plain", json!([finding("hint", "warn")]), "allowed"),
            (&agent, "agent-rule", json!([finding("risky", "approval")]), "unapproved"),
            (&owner, "owner-block", json!([finding("promise", "block")]), "blocked"),
        ];
        for (token, id, findings, policy) in cases {
            let record = published_on(id, "Réponse", None, PERMALINK, findings);
            let (status, body) = server.send("POST", "/published", Some(token), Some(record)).await;
            assert_eq!(status, 201, "{db:?}: {id}: {body}");
            assert_eq!(body["policy"], policy, "{db:?}: {id}");
        }
        // The team lifts approval for this intern: their plain replies are allowed.
        let (status, body) = server
            .send("PUT", "/team/settings", Some(&owner), Some(json!({"exempt_interns": ["a-intern"]})))
            .await;
        assert_eq!(status, 200, "{db:?}: {body}");
        let (_, body) = server.send("POST", "/published", Some(&intern), Some(published("exempt", "Réponse", None))).await;
        assert_eq!(body["policy"], "allowed", "{db:?}: {body}");
        let (_, request) = server
            .send("POST", "/approvals", Some(&intern), Some(approval_request("exempt-rule", "x", json!([finding("risky", "approval")]))))
            .await;
        assert_eq!(request["reasons"][0]["kind"], "finding", "{db:?}: a rule still asks: {request}");
        assert_eq!(request["reasons"].as_array().map(Vec::len), Some(1), "{db:?}: not for being an intern");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_blocking_finding_cannot_be_sent_for_approval_nor_approved_in_an_edit() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let intern = server.account('A', Role::Intern).token;
        let body = approval_request("blocked", "Rendement garanti", json!([finding("promise", "block")]));
        let (status, answer) = server.send("POST", "/approvals", Some(&intern), Some(body)).await;
        assert_eq!((status, answer["error"]["code"].as_str()), (422, Some("blocked")), "{db:?}: {answer}");
        assert!(answer["error"]["message"].as_str().unwrap_or("").contains("promise says no"), "{answer}");
        ask(&server, Role::Intern, "fine", "Bonjour").await;
        let edit = json!({"decision": "approve_edited", "text": "Rendement garanti", "findings": [finding("promise", "block")]});
        let (status, answer) = decide(&server, Role::Manager, "fine", edit).await;
        assert_eq!((status, answer["error"]["code"].as_str()), (422, Some("blocked")), "{db:?}: {answer}");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_request_is_decided_once_and_a_rejection_needs_a_comment() {
    for db in databases() {
        let server = TestServer::start(db).await;
        ask(&server, Role::Intern, "once", "Bonjour").await;
        let (status, body) = decide(&server, Role::Manager, "once", json!({"decision": "reject", "comment": "  "})).await;
        assert_eq!(status, 422, "{db:?}: {body}");
        let (status, body) = decide(&server, Role::Manager, "once", json!({"decision": "reject", "comment": "Trop familier"})).await;
        assert_eq!(status, 200, "{db:?}: {body}");
        assert_eq!(body["decision"]["comment"], "Trop familier");
        assert!(body["decision"]["approved_hash"].is_null());
        let (status, body) = decide(&server, Role::Owner, "once", json!({"decision": "approve"})).await;
        assert_eq!((status, body["error"]["code"].as_str()), (409, Some("already_decided")), "{db:?}: {body}");
        server.stop().await;
    }
}

#[tokio::test]
async fn an_approval_covers_one_published_reply() {
    for db in databases() {
        let server = TestServer::start(db).await;
        ask(&server, Role::Intern, "single", "Merci !").await;
        decide(&server, Role::Manager, "single", json!({"decision": "approve"})).await;
        let intern = server.account('A', Role::Intern).token;
        let (status, _) = server.send("POST", "/published", Some(&intern), Some(published("p1", "Merci !", Some("single")))).await;
        assert_eq!(status, 201, "{db:?}");
        let (status, body) = server.send("POST", "/published", Some(&intern), Some(published("p2", "Merci !", Some("single")))).await;
        assert_eq!((status, body["error"]["code"].as_str()), (409, Some("approval_used")), "{db:?}: {body}");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_request_sent_twice_is_recorded_once() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let first = ask(&server, Role::Intern, "twice", "Bonjour").await;
        let intern = server.account('A', Role::Intern).token;
        let (status, again) =
            server.send("POST", "/approvals", Some(&intern), Some(approval_request("twice", "Bonjour", json!([])))).await;
        assert_eq!((status, &again), (200, &first), "{db:?}");
        let agent = server.account('A', Role::Agent).token;
        let (status, body) =
            server.send("POST", "/approvals", Some(&agent), Some(approval_request("twice", "Autre", json!([])))).await;
        assert_eq!((status, body["error"]["code"].as_str()), (409, Some("id_taken")), "{db:?}");
        assert_eq!(count_kind(&server, "approval_requested").await, 1, "{db:?}");
        server.stop().await;
    }
}

#[tokio::test]
async fn bad_requests_are_refused_with_the_reason() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let intern = server.account('A', Role::Intern).token;
        let mut wrong_hash = approval_request("h", "Bonjour", json!([]));
        wrong_hash["text_hash"] = json!(text_hash("Bonjour!"));
        let mut too_long = approval_request("long", "x", json!([]));
        too_long["text"] = json!("é".repeat(20_001));
        let cases = [
            (approval_request("bad/id", "Bonjour", json!([])), "request id"),
            (approval_request("empty", "   ", json!([])), "cannot be empty"),
            (wrong_hash, "hash"),
            (too_long, "20000"),
        ];
        for (body, words) in cases {
            let (status, answer) = server.send("POST", "/approvals", Some(&intern), Some(body)).await;
            assert_eq!(status, 422, "{db:?}: {answer}");
            assert!(answer["error"]["message"].as_str().unwrap_or("").contains(words), "{db:?}: {answer}");
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn published_replies_are_listed_by_permalink_within_the_team_only() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let agent_a = server.account('A', Role::Agent).token;
        let agent_b = server.account('B', Role::Agent).token;
        let other = "https://x.com/tom/status/2";
        server.send("POST", "/published", Some(&agent_a), Some(published_on("a1", "A to Léa", None, PERMALINK, json!([])))).await;
        server.send("POST", "/published", Some(&agent_a), Some(published_on("a2", "A to Tom", None, other, json!([])))).await;
        server.send("POST", "/published", Some(&agent_b), Some(published_on("b1", "B to Léa", None, PERMALINK, json!([])))).await;
        let texts = |list: &Value| -> Vec<String> {
            list["replies"].as_array().map(|all| all.iter().filter_map(|r| r["text"].as_str().map(str::to_owned)).collect()).unwrap_or_default()
        };
        let intern_a = server.account('A', Role::Intern).token;
        let (_, one) = server.send("GET", &format!("/published?permalink={PERMALINK}"), Some(&intern_a), None).await;
        assert_eq!(texts(&one), ["A to Léa"], "{db:?}");
        assert_eq!(one["replies"][0]["member"]["display_name"], "agent of a");
        assert_eq!(one["replies"][0]["template_id"], "merci");
        let (_, both) =
            server.send("GET", &format!("/published?permalink={PERMALINK}&permalink={other}"), Some(&intern_a), None).await;
        assert_eq!(texts(&both).len(), 2, "{db:?}");
        let (_, none) = server.send("GET", "/published", Some(&intern_a), None).await;
        assert_eq!(none["replies"], json!([]));
        let (_, from_b) = server.send("GET", &format!("/published?permalink={PERMALINK}"), Some(&agent_b), None).await;
        assert_eq!(texts(&from_b), ["B to Léa"], "{db:?}");
        let direct = server.storage.published_replies_for_permalinks("team-a", &[other.to_owned()]).await.expect("read");
        assert_eq!(direct.len(), 1, "{db:?}: the storage function the history uses");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_request_reaches_approvers_live_and_its_decision_reaches_the_requester() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let mut manager_a = open_events(&server, 'A', Role::Manager).await;
        let mut intern_a = open_events(&server, 'A', Role::Intern).await;
        let mut agent_a = open_events(&server, 'A', Role::Agent).await;
        let mut manager_b = open_events(&server, 'B', Role::Manager).await;
        // PostgreSQL delivers through LISTEN/NOTIFY, set up as the state is made.
        tokio::time::sleep(Duration::from_millis(300)).await;
        ask(&server, Role::Intern, "live-1", "Bonjour Léa").await;
        let heard = collect(&mut manager_a).await;
        assert!(heard.contains("event: approval") && heard.contains("{\"id\":\"live-1\",\"status\":\"pending\"}"), "{db:?}: {heard}");
        let heard = collect(&mut intern_a).await;
        assert!(heard.contains("\"status\":\"pending\""), "{db:?}: the requester hears their own: {heard}");
        decide(&server, Role::Manager, "live-1", json!({"decision": "approve"})).await;
        let heard = collect(&mut intern_a).await;
        assert!(heard.contains("{\"id\":\"live-1\",\"status\":\"approved\"}"), "{db:?}: {heard}");
        let heard = collect(&mut agent_a).await;
        assert!(!heard.contains("live-1"), "{db:?}: an agent does not hear a colleague's request: {heard}");
        let heard = collect(&mut manager_b).await;
        assert!(!heard.contains("live-1"), "{db:?}: another team never hears it: {heard}");
        server.stop().await;
    }
}

async fn open_events(server: &TestServer, team: char, role: Role) -> reqwest::Response {
    let response = server
        .client
        .get(format!("{}/api/v1/events", server.base))
        .bearer_auth(server.account(team, role).token)
        .send()
        .await
        .expect("stream");
    assert_eq!(response.status(), 200);
    response
}

/// Everything the stream says within a second and a half.
async fn collect(response: &mut reqwest::Response) -> String {
    let mut heard = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_millis(1_500);
    while let Ok(Ok(Some(bytes))) = tokio::time::timeout_at(deadline, response.chunk()).await {
        heard.push_str(&String::from_utf8_lossy(&bytes));
    }
    heard
}

/// Entries of `kind` in team A's audit log.
async fn count_kind(server: &TestServer, kind: &str) -> usize {
    let entries = server.storage.audit_entries("team-a", 0, 100_000).await.expect("audit");
    entries.iter().filter(|entry| entry.kind == kind).count()
}
