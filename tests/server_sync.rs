//! Sync over HTTP, on SQLite and PostgreSQL: pushes applied exactly once, conflicts answered with
//! the server's copy, pulls that page through many changes, and what one member writes reaching
//! another's pull.
#![cfg(not(target_arch = "wasm32"))]

mod server_support;

use serde_json::{json, Value};
use server_support::{changes_in, databases, put, site_descriptor, template, TestServer, SEEDED_CURSOR};
use tact::core::policy::Role;

async fn push(server: &TestServer, token: &str, mutations: Vec<Value>) -> Value {
    let (status, body) = server.send("POST", "/sync", Some(token), Some(json!({ "mutations": mutations }))).await;
    assert_eq!(status, 200, "{:?}: {body}", server.db);
    body
}

async fn pull(server: &TestServer, token: &str, since: u64, limit: u64) -> Value {
    let (status, body) = server.send("GET", &format!("/sync?since={since}&limit={limit}"), Some(token), None).await;
    assert_eq!(status, 200, "{:?}: {body}", server.db);
    body
}

#[tokio::test]
async fn a_replayed_mutation_is_applied_once_and_answered_as_the_first_time() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let manager = server.account('A', Role::Manager);
        let mutation = put("laptop-1", 1, "team_templates", "thanks", 0, template("thanks", "team", "Thanks!"));
        let first = push(&server, &manager.token, vec![mutation.clone()]).await;
        assert_eq!(first["results"][0]["status"], "applied", "{db:?}: {first}");
        for _ in 0..3 {
            let again = push(&server, &manager.token, vec![mutation.clone()]).await;
            assert_eq!(again["results"], first["results"], "{db:?}: the same answer");
        }
        let page = pull(&server, &manager.token, 0, 100).await;
        let templates = changes_in(&page, "team_templates");
        assert_eq!(templates.len(), 1, "{db:?}: {page}");
        assert_eq!(templates[0]["version"], 1, "{db:?}: applied once, so still version 1");
        assert_eq!(page["cursor"], SEEDED_CURSOR + 1);
        server.stop().await;
    }
}

#[tokio::test]
async fn concurrent_replays_of_one_mutation_apply_it_once() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let manager = server.account('A', Role::Manager);
        let mutation = put(
            "phone",
            7,
            "rule_sets",
            "house-rules",
            0,
            json!({"rules": [{"id": "kind", "kind": "forbidden", "terms": ["stupid"]}]}),
        );
        let sends = (0..8).map(|_| push(&server, &manager.token, vec![mutation.clone()]));
        let answers = futures_util::future::join_all(sends).await;
        assert!(answers.iter().all(|answer| answer["results"] == answers[0]["results"]), "{db:?}: {answers:?}");
        assert_eq!(answers[0]["results"][0]["status"], "applied");
        let page = pull(&server, &manager.token, 0, 100).await;
        assert_eq!(page["cursor"], SEEDED_CURSOR + 1, "{db:?}: one change only: {page}");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_conflicting_edit_is_answered_with_the_servers_current_copy() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let owner = server.account('A', Role::Owner);
        let manager = server.account('A', Role::Manager);
        push(
            &server,
            &owner.token,
            vec![put("o", 1, "team_templates", "hello", 0, template("hello", "team", "Hello v1"))],
        )
        .await;
        let owners_edit = push(
            &server,
            &owner.token,
            vec![put("o", 2, "team_templates", "hello", 1, template("hello", "team", "Hello by owner"))],
        )
        .await;
        assert_eq!(owners_edit["results"][0]["status"], "applied");
        assert_eq!(owners_edit["results"][0]["version"], 2);
        // The manager edited version 1 offline.
        let managers_edit = push(
            &server,
            &manager.token,
            vec![put("m", 1, "team_templates", "hello", 1, template("hello", "team", "Hello by manager"))],
        )
        .await;
        let result = &managers_edit["results"][0];
        assert_eq!(result["status"], "conflict", "{db:?}: {managers_edit}");
        assert_eq!(result["current"]["version"], 2);
        assert_eq!(result["current"]["payload"]["variants"][0]["body"], "Hello by owner");
        assert_eq!(result["current"]["updated_by"], owner.id.as_str());
        // Creating what already exists is a conflict too.
        let create_again = push(
            &server,
            &manager.token,
            vec![put("m", 2, "team_templates", "hello", 0, template("hello", "team", "again"))],
        )
        .await;
        assert_eq!(create_again["results"][0]["status"], "conflict");
        // Rebased on the server's copy, it goes through.
        let rebased = push(
            &server,
            &manager.token,
            vec![put("m", 3, "team_templates", "hello", 2, template("hello", "team", "Hello by manager"))],
        )
        .await;
        assert_eq!(rebased["results"][0]["status"], "applied");
        assert_eq!(rebased["results"][0]["version"], 3);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_pull_pages_through_many_changes_in_order_and_ends_at_the_cursor() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let manager = server.account('A', Role::Manager);
        let agent = server.account('A', Role::Agent);
        let mutations: Vec<Value> = (1..=250u64)
            .map(|n| {
                put(
                    "bulk",
                    n,
                    "team_templates",
                    &format!("t{n}"),
                    0,
                    template(&format!("t{n}"), "team", &format!("Body {n}")),
                )
            })
            .collect();
        let pushed = push(&server, &manager.token, mutations).await;
        assert_eq!(pushed["cursor"], SEEDED_CURSOR + 250, "{db:?}");
        let mut since = SEEDED_CURSOR;
        let mut seen = Vec::new();
        for _ in 0..10 {
            let page = pull(&server, &agent.token, since, 100).await;
            for change in page["changes"].as_array().cloned().unwrap_or_default() {
                seen.push(change["seq"].as_u64().unwrap_or(0));
            }
            since = page["cursor"].as_u64().unwrap_or(0);
            if page["has_more"] == false {
                break;
            }
        }
        let expected: Vec<u64> = (SEEDED_CURSOR + 1..=SEEDED_CURSOR + 250).collect();
        assert_eq!(seen, expected, "{db:?}: every change once, in order");
        assert_eq!(since, SEEDED_CURSOR + 250);
        let empty = pull(&server, &agent.token, since, 100).await;
        assert_eq!(empty["changes"], json!([]));
        assert_eq!(empty["cursor"], SEEDED_CURSOR + 250);
        assert_eq!(empty["has_more"], false);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_template_a_manager_edits_reaches_an_agents_next_pull() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let manager = server.account('A', Role::Manager);
        let agent = server.account('A', Role::Agent);
        push(
            &server,
            &manager.token,
            vec![put("m", 1, "team_templates", "welcome", 0, template("welcome", "team", "Welcome!"))],
        )
        .await;
        let first = pull(&server, &agent.token, 0, 100).await;
        let cursor = first["cursor"].as_u64().unwrap_or(0);
        push(
            &server,
            &manager.token,
            vec![put("m", 2, "team_templates", "welcome", 1, template("welcome", "team", "Welcome aboard!"))],
        )
        .await;
        let next = pull(&server, &agent.token, cursor, 100).await;
        let changes = next["changes"].as_array().cloned().unwrap_or_default();
        assert_eq!(changes.len(), 1, "{db:?}: only what changed since: {next}");
        assert_eq!(changes[0]["payload"]["variants"][0]["body"], "Welcome aboard!");
        assert_eq!(changes[0]["payload"]["version"], 2, "the template carries its server version");
        assert_eq!(changes[0]["updated_by"], manager.id.as_str());
        server.stop().await;
    }
}

#[tokio::test]
async fn an_agent_cannot_edit_a_team_template_and_is_told_why() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let manager = server.account('A', Role::Manager);
        let agent = server.account('A', Role::Agent);
        push(
            &server,
            &manager.token,
            vec![put("m", 1, "team_templates", "sorry", 0, template("sorry", "team", "Sorry!"))],
        )
        .await;
        let edit = push(
            &server,
            &agent.token,
            vec![put("a", 1, "team_templates", "sorry", 1, template("sorry", "team", "Sorry not sorry"))],
        )
        .await;
        let result = &edit["results"][0];
        assert_eq!(result["status"], "rejected", "{db:?}: {edit}");
        assert_eq!(result["code"], "forbidden");
        assert!(
            result["reason"].as_str().is_some_and(|reason| reason.contains("agent") && reason.contains("templates")),
            "{result}"
        );
        let delete = json!({"id": 2, "client_id": "a", "kind": "delete", "entity": {"collection": "team_templates", "id": "sorry"}, "base_version": 1});
        assert_eq!(push(&server, &agent.token, vec![delete]).await["results"][0]["status"], "rejected");
        let page = pull(&server, &agent.token, 0, 100).await;
        let templates = changes_in(&page, "team_templates");
        assert_eq!(templates[0]["payload"]["variants"][0]["body"], "Sorry!", "{db:?}: unchanged");
        assert_eq!(templates[0]["version"], 1);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_deleted_document_reaches_pulls_as_a_tombstone() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let manager = server.account('A', Role::Manager);
        push(
            &server,
            &manager.token,
            vec![put("m", 1, "site_descriptors", "forum", 0, site_descriptor("forum", "forum.example"))],
        )
        .await;
        let delete = json!({"id": 2, "client_id": "m", "kind": "delete", "entity": {"collection": "site_descriptors", "id": "forum"}, "base_version": 1});
        let answer = push(&server, &manager.token, vec![delete.clone()]).await;
        assert_eq!(answer["results"][0]["status"], "applied", "{db:?}: {answer}");
        let page = pull(&server, &manager.token, SEEDED_CURSOR + 1, 100).await;
        assert_eq!(page["changes"][0]["deleted"], true);
        assert_eq!(page["changes"][0]["payload"], Value::Null);
        let again = json!({"id": 3, "client_id": "m", "kind": "delete", "entity": {"collection": "site_descriptors", "id": "forum"}, "base_version": 2});
        assert_eq!(push(&server, &manager.token, vec![again]).await["results"][0]["code"], "not_found");
        server.stop().await;
    }
}

#[tokio::test]
async fn malformed_documents_are_rejected_with_a_reason_and_whole_pushes_with_bad_ids_are_refused() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let manager = server.account('A', Role::Manager);
        let wrong_scope = put("m", 1, "team_templates", "x", 0, template("x", "personal", "Hi"));
        let wrong_id = put("m", 2, "team_templates", "x", 0, template("y", "team", "Hi"));
        let not_template = put("m", 3, "team_templates", "x", 0, json!({"title": 3}));
        let not_object = put("m", 4, "rule_sets", "r", 0, json!([1, 2]));
        let bad_entity = put("m", 5, "rule_sets", "a/b", 0, json!({}));
        let answer =
            push(&server, &manager.token, vec![wrong_scope, wrong_id, not_template, not_object, bad_entity]).await;
        for result in answer["results"].as_array().cloned().unwrap_or_default() {
            assert_eq!(result["status"], "rejected", "{db:?}: {result}");
            assert!(result["reason"].as_str().is_some_and(|reason| reason.len() > 10), "{result}");
        }
        let (status, body) = server
            .send(
                "POST",
                "/sync",
                Some(&manager.token),
                Some(json!({"mutations": [put("bad id!", 1, "rule_sets", "r", 0, json!({}))]})),
            )
            .await;
        assert_eq!((status, body["error"]["code"].clone()), (422, json!("invalid_input")), "{db:?}");
        let (status, body) = server
            .send(
                "POST",
                "/sync",
                Some(&manager.token),
                Some(json!({"mutations": [put("m", 0, "rule_sets", "r", 0, json!({}))]})),
            )
            .await;
        assert_eq!(status, 422, "{db:?}: mutation ids count from 1: {body}");
        let (status, body) =
            server.send("POST", "/sync", Some(&manager.token), Some(json!({"mutations": "nope"}))).await;
        assert_eq!((status, body["error"]["code"].clone()), (422, json!("bad_json")), "{db:?}");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_client_id_belongs_to_the_member_who_first_used_it() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let manager = server.account('A', Role::Manager);
        let owner = server.account('A', Role::Owner);
        push(&server, &manager.token, vec![put("shared-laptop", 1, "rule_sets", "r", 0, json!({}))]).await;
        let stolen =
            push(&server, &owner.token, vec![put("shared-laptop", 1, "rule_sets", "r", 0, json!({"name": "evil"}))])
                .await;
        assert_eq!(stolen["results"][0]["status"], "rejected", "{db:?}: {stolen}");
        assert_eq!(stolen["results"][0]["code"], "client_not_yours");
        server.stop().await;
    }
}

#[tokio::test]
async fn the_live_channel_tells_a_listener_that_the_cursor_moved() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let manager = server.account('A', Role::Manager);
        let agent = server.account('A', Role::Agent);
        let mut events = server
            .client
            .get(format!("{}/api/v1/events", server.base))
            .bearer_auth(&agent.token)
            .send()
            .await
            .expect("stream");
        let opening = next_chunk(&mut events).await;
        assert!(
            opening.contains("event: cursor") && opening.contains(&format!("{{\"cursor\":{SEEDED_CURSOR}}}")),
            "{db:?}: {opening}"
        );
        push(&server, &manager.token, vec![put("m", 1, "rule_sets", "r", 0, json!({}))]).await;
        let moved = next_chunk(&mut events).await;
        assert!(moved.contains(&format!("{{\"cursor\":{}}}", SEEDED_CURSOR + 1)), "{db:?}: {moved}");
        server.stop().await;
    }
}

async fn next_chunk(response: &mut reqwest::Response) -> String {
    let chunk = tokio::time::timeout(std::time::Duration::from_secs(5), response.chunk()).await;
    match chunk {
        Ok(Ok(Some(bytes))) => String::from_utf8_lossy(&bytes).into_owned(),
        other => panic!("no event within 5 s: {other:?}"),
    }
}

#[tokio::test]
async fn a_role_change_reaches_every_members_pull_and_the_member_feed_is_read_only() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let owner = server.account('A', Role::Owner);
        let intern = server.account('A', Role::Intern);
        let start = pull(&server, &intern.token, 0, 100).await;
        let members = changes_in(&start, "members");
        assert_eq!(members.len(), 4, "{db:?}: the team's four members: {start}");
        assert!(members.iter().all(|member| member["payload"]["team_id"] == "team-a"), "{db:?}: own team only");
        let cursor = start["cursor"].as_u64().unwrap_or(0);
        let (status, _) = server
            .send("PUT", &format!("/members/{}/role", intern.id), Some(&owner.token), Some(json!({"role": "agent"})))
            .await;
        assert_eq!(status, 200);
        let next = pull(&server, &intern.token, cursor, 100).await;
        let changed = changes_in(&next, "members");
        assert_eq!(changed.len(), 1, "{db:?}: {next}");
        assert_eq!(changed[0]["payload"]["role"], "agent");
        assert_eq!(changed[0]["version"], 2);
        assert_eq!(changed[0]["updated_by"], owner.id.as_str());
        let forged = put("o", 1, "members", &intern.id, 2, json!({"role": "owner"}));
        let answer = push(&server, &owner.token, vec![forged]).await;
        assert_eq!(answer["results"][0]["code"], "read_only", "{db:?}: {answer}");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_rule_set_is_accepted_only_if_every_client_can_load_it() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let manager = server.account('A', Role::Manager);
        let good = json!({"name": "House rules", "rules": [
            {"id": "no-cheap", "kind": "forbidden", "terms": ["cheap"], "suggest": "affordable"}
        ]});
        let unknown_kind = json!({"rules": [{"id": "odd", "kind": "astrology", "terms": ["x"]}]});
        let bad_pattern =
            json!({"rules": [{"id": "broken", "kind": "pattern", "pattern": "(unclosed", "message": "Broken"}]});
        let stray_field = json!({"rules": [], "colour": "red"});
        let answer = push(
            &server,
            &manager.token,
            vec![
                put("m", 1, "rule_sets", "house", 0, good),
                put("m", 2, "rule_sets", "odd", 0, unknown_kind),
                put("m", 3, "rule_sets", "broken", 0, bad_pattern),
                put("m", 4, "rule_sets", "stray", 0, stray_field),
            ],
        )
        .await;
        let results = answer["results"].as_array().cloned().unwrap_or_default();
        assert_eq!(results.len(), 4, "{db:?}: {answer}");
        assert_eq!(results[0]["status"], "applied", "{db:?}: {}", results[0]);
        for refused in &results[1..] {
            assert_eq!((refused["status"].as_str(), refused["code"].as_str()), (Some("rejected"), Some("invalid")));
            let reason = refused["reason"].as_str().unwrap_or_default();
            assert!(reason.starts_with("These rules cannot be used: "), "{db:?}: {reason}");
        }
        assert!(results[2]["reason"].as_str().is_some_and(|reason| reason.contains("broken")), "names the rule");
        let page = pull(&server, &manager.token, SEEDED_CURSOR, 100).await;
        let sets = changes_in(&page, "rule_sets");
        assert_eq!(sets.len(), 1, "{db:?}: only the good set: {page}");
        assert_eq!(sets[0]["payload"]["rules"][0]["id"], "no-cheap");
        server.stop().await;
    }
}
