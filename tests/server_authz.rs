//! The authorisation matrix: every role against every endpoint, on its own team's objects and on
//! another team's, on SQLite and on PostgreSQL. No access across teams, ever; interns and agents
//! cannot change team rules, team templates, members or roles.
#![cfg(not(target_arch = "wasm32"))]

mod audit_support;
mod server_support;

use audit_support::{approval_request, published};
use serde_json::json;
use std::time::Duration;

use server_support::{databases, key_path, mention, put, site_descriptor, stream_until, template, TestServer, SEEDED_CURSOR};
use tact::core::policy::Role;

/// Who may do what, as the tests expect it (written here again on purpose, not read from the
/// policy: a change to the matrix must change a test too).
fn is_manager_or_above(role: Role) -> bool {
    matches!(role, Role::Owner | Role::Manager)
}

#[tokio::test]
async fn without_a_session_every_private_endpoint_answers_401_in_the_one_error_shape() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let endpoints = [
            ("GET", "/me"),
            ("GET", "/members"),
            ("POST", "/invites"),
            ("PUT", "/members/a-agent/role"),
            ("POST", "/members/a-agent/deactivate"),
            ("GET", "/sync"),
            ("POST", "/sync"),
            ("GET", "/events"),
            ("DELETE", "/session"),
            ("GET", "/approvals"),
            ("POST", "/approvals"),
            ("GET", "/approvals/any"),
            ("POST", "/approvals/any/decision"),
            ("GET", "/published"),
            ("POST", "/published"),
            ("GET", "/audit"),
            ("GET", "/audit/verify"),
            ("GET", "/audit/export?from=2026-01-01&to=2026-01-31"),
            ("GET", "/team/settings"),
            ("PUT", "/team/settings"),
            ("POST", "/history/mentions"),
            ("GET", "/history/authors/x%3Ahandle%3Aa"),
            ("DELETE", "/history/authors/x%3Ahandle%3Aa"),
            ("GET", "/history/authors/x%3Ahandle%3Aa/export"),
            ("POST", "/history/authors/x%3Ahandle%3Aa/tags"),
            ("DELETE", "/history/authors/x%3Ahandle%3Aa/tags/vip"),
            ("GET", "/history/authors/x%3Ahandle%3Aa/notes"),
            ("POST", "/history/authors/x%3Ahandle%3Aa/notes"),
            ("DELETE", "/history/authors/x%3Ahandle%3Aa/notes/n1"),
            ("GET", "/history/presence?permalink=https%3A%2F%2Fx.com%2Fa"),
            ("POST", "/history/presence"),
            ("GET", "/history/search"),
            ("GET", "/history/settings"),
            ("PUT", "/history/settings"),
            ("POST", "/history/purge"),
        ];
        for (method, path) in endpoints {
            for token in [None, Some("tact_not-a-real-token")] {
                let (status, body) = server.send(method, path, token, Some(json!({}))).await;
                assert_eq!(status, 401, "{db:?} {method} {path} with {token:?}: {body}");
                assert_eq!(body["error"]["code"], "unauthorized");
            }
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn everyone_sees_themselves_and_their_own_team_only() {
    for db in databases() {
        let server = TestServer::start(db).await;
        for team in ['A', 'B'] {
            for role in Role::ALL {
                let account = server.account(team, role);
                let (status, me) = server.send("GET", "/me", Some(&account.token), None).await;
                assert_eq!(status, 200, "{db:?} {role}");
                assert_eq!(me["member"]["id"], account.id.as_str());
                assert_eq!(me["member"]["role"], role.as_str());
                assert_eq!(me["team"]["id"], format!("team-{}", team.to_ascii_lowercase()));
                let (status, list) = server.send("GET", "/members", Some(&account.token), None).await;
                assert_eq!(status, 200);
                let members = list["members"].as_array().cloned().unwrap_or_default();
                assert_eq!(members.len(), 4, "{db:?}: exactly the four of the own team");
                assert!(
                    members.iter().all(|member| member["team_id"] == me["team"]["id"]),
                    "{db:?}: no other team's member"
                );
            }
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn only_managers_and_owners_invite_and_only_owners_invite_at_their_level() {
    for db in databases() {
        let server = TestServer::start(db).await;
        for role in Role::ALL {
            let token = server.account('A', role).token;
            for invited in Role::ALL {
                let email = format!("new-{role}-{invited}@a.example");
                let (status, body) =
                    server.send("POST", "/invites", Some(&token), Some(json!({"email": email, "role": invited}))).await;
                let allowed =
                    role == Role::Owner || (role == Role::Manager && matches!(invited, Role::Agent | Role::Intern));
                assert_eq!(status, if allowed { 201 } else { 403 }, "{db:?}: {role} inviting a {invited}: {body}");
            }
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn only_owners_change_roles_and_never_in_another_team() {
    for db in databases() {
        let server = TestServer::start(db).await;
        for role in Role::ALL {
            let token = server.account('A', role).token;
            let (own, body) =
                server.send("PUT", "/members/a-intern/role", Some(&token), Some(json!({"role": "intern"}))).await;
            assert_eq!(own, if role == Role::Owner { 200 } else { 403 }, "{db:?}: {role} in own team: {body}");
            let (other, body) =
                server.send("PUT", "/members/b-intern/role", Some(&token), Some(json!({"role": "manager"}))).await;
            assert!(other == 404 || other == 403, "{db:?}: {role} across teams got {other}: {body}");
        }
        let (_, b_intern) = server.send("GET", "/me", Some(&server.account('B', Role::Intern).token), None).await;
        assert_eq!(b_intern["member"]["role"], "intern", "{db:?}: team B's intern is untouched");
        server.stop().await;
    }
}

#[tokio::test]
async fn agents_and_interns_cannot_promote_themselves() {
    for db in databases() {
        let server = TestServer::start(db).await;
        for role in [Role::Agent, Role::Intern, Role::Manager] {
            let account = server.account('A', role);
            let (status, _) = server
                .send(
                    "PUT",
                    &format!("/members/{}/role", account.id),
                    Some(&account.token),
                    Some(json!({"role": "owner"})),
                )
                .await;
            assert_eq!(status, 403, "{db:?}: {role}");
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn deactivation_follows_the_matrix_and_never_crosses_teams() {
    for db in databases() {
        let server = TestServer::start(db).await;
        for role in Role::ALL {
            let token = server.account('A', role).token;
            let (other, body) = server.send("POST", "/members/b-intern/deactivate", Some(&token), None).await;
            assert!(other == 404 || other == 403, "{db:?}: {role} across teams got {other}: {body}");
            let (status, body) = server.send("POST", "/members/a-agent/deactivate", Some(&token), None).await;
            match role {
                Role::Owner | Role::Manager => {
                    assert_eq!(status, 200, "{db:?}: {role}: {body}");
                    break;
                }
                Role::Agent | Role::Intern => assert_eq!(status, 403, "{db:?}: {role}: {body}"),
            }
        }
        let intern_b = server.account('B', Role::Intern);
        assert_eq!(
            server.send("GET", "/me", Some(&intern_b.token), None).await.0,
            200,
            "{db:?}: team B's intern still works"
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn a_manager_cannot_deactivate_an_owner_or_another_manager() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let token = server.account('A', Role::Manager).token;
        for target in ["a-owner", "a-manager"] {
            let (status, _) = server.send("POST", &format!("/members/{target}/deactivate"), Some(&token), None).await;
            assert_eq!(status, 403, "{db:?}: {target}");
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn team_documents_follow_the_matrix_and_personal_templates_are_everyones() {
    for db in databases() {
        let server = TestServer::start(db).await;
        for (index, role) in Role::ALL.into_iter().enumerate() {
            let token = server.account('A', role).token;
            let client = format!("client-{role}");
            let n = index as u64;
            let mutations = json!({"mutations": [
                put(&client, 1, "team_templates", &format!("team-{n}"), 0, template(&format!("team-{n}"), "team", "Hello")),
                put(&client, 2, "rule_sets", &format!("rules-{n}"), 0, json!({"rules": []})),
                put(&client, 3, "site_descriptors", &format!("site_{n}"), 0, site_descriptor(&format!("site_{n}"), "example.org")),
                put(&client, 4, "personal_templates", &format!("mine-{n}"), 0, template(&format!("mine-{n}"), "personal", "Hi")),
            ]});
            let (status, body) = server.send("POST", "/sync", Some(&token), Some(mutations)).await;
            assert_eq!(status, 200, "{db:?}: {body}");
            let statuses: Vec<&str> = body["results"]
                .as_array()
                .map(|results| results.iter().filter_map(|r| r["status"].as_str()).collect())
                .unwrap_or_default();
            let team_answer = if is_manager_or_above(role) { "applied" } else { "rejected" };
            assert_eq!(statuses, [team_answer, team_answer, team_answer, "applied"], "{db:?}: {role}: {body}");
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn no_pull_ever_shows_another_teams_documents_or_another_members_personal_templates() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let owner_a = server.account('A', Role::Owner);
        let owner_b = server.account('B', Role::Owner);
        let agent_a = server.account('A', Role::Agent);
        // The same document id in both teams: two separate documents.
        for (owner, body) in [(&owner_a, "from A"), (&owner_b, "from B")] {
            let push = json!({"mutations": [put(&format!("c-{}", owner.id), 1, "team_templates", "shared-id", 0, template("shared-id", "team", body))]});
            let (_, answer) = server.send("POST", "/sync", Some(&owner.token), Some(push)).await;
            assert_eq!(answer["results"][0]["status"], "applied", "{db:?}: {answer}");
        }
        let secret = json!({"mutations": [put("c-a-agent", 1, "personal_templates", "secret", 0, template("secret", "personal", "mine"))]});
        server.send("POST", "/sync", Some(&agent_a.token), Some(secret)).await;
        for team in ['A', 'B'] {
            for role in Role::ALL {
                let account = server.account(team, role);
                let (status, page) = server.send("GET", "/sync?since=0", Some(&account.token), None).await;
                assert_eq!(status, 200);
                let changes = page["changes"].as_array().cloned().unwrap_or_default();
                let bodies: Vec<String> = changes
                    .iter()
                    .map(|c| c["payload"]["variants"][0]["body"].as_str().unwrap_or("").to_owned())
                    .collect();
                let own_team_body = if team == 'A' { "from A" } else { "from B" };
                assert!(
                    bodies.contains(&own_team_body.to_owned()),
                    "{db:?}: {team} {role} sees its team's template: {bodies:?}"
                );
                assert!(
                    !bodies.iter().any(|body| body.starts_with("from ") && body != own_team_body),
                    "{db:?}: {team} {role} sees another team's: {bodies:?}"
                );
                let own_team = format!("team-{}", team.to_ascii_lowercase());
                let members = changes.iter().filter(|change| change["entity"]["collection"] == "members");
                assert!(members.clone().count() == 4, "{db:?}: {team} {role} sees its team's four members");
                assert!(
                    members.into_iter().all(|member| member["payload"]["team_id"] == own_team.as_str()),
                    "{db:?}: no other team's member"
                );
                let sees_secret = bodies.contains(&"mine".to_owned());
                assert_eq!(
                    sees_secret,
                    account.id == agent_a.id,
                    "{db:?}: {team} {role} and the agent's personal template"
                );
            }
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn every_role_may_open_the_live_channel_of_its_own_team() {
    for db in databases() {
        let server = TestServer::start(db).await;
        for role in Role::ALL {
            let token = server.account('A', role).token;
            let response = server
                .client
                .get(format!("{}/api/v1/events", server.base))
                .bearer_auth(&token)
                .send()
                .await
                .expect("answer");
            assert_eq!(response.status(), 200, "{db:?}: {role}");
            assert_eq!(response.headers()["content-type"], "text/event-stream");
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn the_live_channel_never_carries_another_teams_moves() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let agent_a = server.account('A', Role::Agent);
        let mut events = server
            .client
            .get(format!("{}/api/v1/events", server.base))
            .bearer_auth(&agent_a.token)
            .send()
            .await
            .expect("stream");
        let opening = events_within(&mut events, Duration::from_secs(5)).await.unwrap_or_default();
        assert!(opening.contains(&format!("{{\"cursor\":{SEEDED_CURSOR}}}")), "{db:?}: {opening}");
        // Team B moves to 7 in one push, then team A to 5.
        let owner_b = server.account('B', Role::Owner);
        let rules = |n: u64| put("c-b", n, "rule_sets", &format!("r{n}"), 0, json!({}));
        let (_, pushed) = server
            .send("POST", "/sync", Some(&owner_b.token), Some(json!({"mutations": [rules(1), rules(2), rules(3)]})))
            .await;
        assert_eq!(pushed["cursor"], SEEDED_CURSOR + 3, "{db:?}: {pushed}");
        let manager_a = server.account('A', Role::Manager);
        let push = json!({"mutations": [put("c-a", 1, "rule_sets", "r", 0, json!({}))]});
        server.send("POST", "/sync", Some(&manager_a.token), Some(push)).await;
        let mut heard = events_within(&mut events, Duration::from_secs(5)).await.unwrap_or_default();
        // Anything else within half a second (PostgreSQL delivers through NOTIFY, in any order).
        while let Some(more) = events_within(&mut events, Duration::from_millis(500)).await {
            heard.push_str(&more);
        }
        assert!(heard.contains(&format!("{{\"cursor\":{}}}", SEEDED_CURSOR + 1)), "{db:?}: {heard}");
        assert!(!heard.contains(&format!("{{\"cursor\":{}}}", SEEDED_CURSOR + 3)), "{db:?}: team B's move: {heard}");
        server.stop().await;
    }
}

/// Who may do what in history, written here again on purpose (see [`is_manager_or_above`]):
/// everyone reads and records, agents and above annotate, managers and owners manage.
fn may_annotate(role: Role) -> bool {
    matches!(role, Role::Owner | Role::Manager | Role::Agent)
}

#[tokio::test]
async fn history_follows_the_matrix_for_every_role_and_never_crosses_teams() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let (owner_a, owner_b) = (server.account('A', Role::Owner), server.account('B', Role::Owner));
        let now = tact::server::now_ms();
        let shared = "https://x.com/shared/status/1";
        server.send("POST", "/history/mentions", Some(&owner_a.token), Some(mention("x", "alice", "Alice", "from A", "https://x.com/alice/status/1", now))).await;
        server.send("POST", "/history/mentions", Some(&owner_b.token), Some(mention("x", "bob", "Bob", "secret of B", "https://x.com/bob/status/1", now))).await;
        let (alice, bob) = (format!("/history/authors/{}", key_path("x:handle:alice")), format!("/history/authors/{}", key_path("x:handle:bob")));
        server.send("POST", &format!("{bob}/tags"), Some(&owner_b.token), Some(json!({"tag": "vip"}))).await;
        let (_, b_note) = server.send("POST", &format!("{bob}/notes"), Some(&owner_b.token), Some(json!({"body": "B only"}))).await;
        let b_note = b_note["id"].as_str().unwrap_or("").to_owned();
        server.send("POST", "/history/presence", Some(&owner_b.token), Some(json!({"permalink": shared, "state": "replying"}))).await;
        for role in [Role::Intern, Role::Agent, Role::Manager, Role::Owner] {
            let token = server.account('A', role).token;
            let send = |method: &'static str, path: String, body: Option<serde_json::Value>| {
                let (server, token) = (&server, token.clone());
                async move { server.send(method, &path, Some(&token), body).await }
            };
            let (annotate, manage) = (may_annotate(role), is_manager_or_above(role));
            let expect = |allowed: bool, ok: u16| if allowed { ok } else { 403 };
            let across = |allowed: bool| if allowed { 404 } else { 403 };
            let own_mention = mention("x", "alice", "Alice", "again", &format!("https://x.com/alice/status/{role}"), now);
            let checks = [
                ("capture", send("POST", "/history/mentions".into(), Some(own_mention)).await.0, 201),
                ("own timeline", send("GET", alice.clone(), None).await.0, 200),
                ("B's timeline", send("GET", bob.clone(), None).await.0, 404),
                ("tag own", send("POST", format!("{alice}/tags"), Some(json!({"tag": "vip"}))).await.0, expect(annotate, 200)),
                ("tag B's", send("POST", format!("{bob}/tags"), Some(json!({"tag": "vip"}))).await.0, across(annotate)),
                ("untag own", send("DELETE", format!("{alice}/tags/vip"), None).await.0, expect(annotate, 200)),
                ("untag B's", send("DELETE", format!("{bob}/tags/vip"), None).await.0, across(annotate)),
                ("own notes", send("GET", format!("{alice}/notes"), None).await.0, 200),
                ("B's notes", send("GET", format!("{bob}/notes"), None).await.0, 404),
                ("note own", send("POST", format!("{alice}/notes"), Some(json!({"body": "n"}))).await.0, expect(annotate, 201)),
                ("note B's", send("POST", format!("{bob}/notes"), Some(json!({"body": "n"}))).await.0, across(annotate)),
                ("delete B's note", send("DELETE", format!("{bob}/notes/{b_note}"), None).await.0, across(annotate)),
                ("delete B's note as own", send("DELETE", format!("{alice}/notes/{b_note}"), None).await.0, across(annotate)),
                ("settings", send("GET", "/history/settings".into(), None).await.0, 200),
                ("change settings", send("PUT", "/history/settings".into(), Some(json!({"captured_networks": ["x"], "retention_days": 365}))).await.0, expect(manage, 200)),
                ("purge", send("POST", "/history/purge".into(), None).await.0, expect(manage, 200)),
                ("export own", send("GET", format!("{alice}/export"), None).await.0, expect(manage, 200)),
                ("export B's", send("GET", format!("{bob}/export"), None).await.0, across(manage)),
                ("erase B's", send("DELETE", bob.clone(), None).await.0, across(manage)),
            ];
            for (what, status, expected) in checks {
                assert_eq!(status, expected, "{db:?}: {role}: {what}");
            }
            let (status, presence) = send("POST", "/history/presence".into(), Some(json!({"permalink": shared, "state": "replying"}))).await;
            assert_eq!(status, 200, "{db:?}: {role}: {presence}");
            let ids: Vec<&str> = presence["entries"].as_array().map(|all| all.iter().filter_map(|e| e["member_id"].as_str()).collect()).unwrap_or_default();
            assert!(ids.iter().all(|id| id.starts_with("a-")), "{db:?}: {role} sees only its team on a shared comment: {ids:?}");
            let (_, found) = send("GET", "/history/search?q=b".into(), None).await;
            assert!(!found.to_string().contains("secret of B") && !found.to_string().contains("x:handle:bob"), "{db:?}: {role}: {found}");
            let (_, authors) = send("GET", "/history/search?scope=authors".into(), None).await;
            assert_eq!(authors["authors"].as_array().map(Vec::len), Some(1), "{db:?}: {role}: only alice: {authors}");
        }
        let (status, b_view) = server.send("GET", &bob, Some(&server.account('B', Role::Intern).token), None).await;
        assert_eq!(status, 200, "{db:?}: team B still has its author: {b_view}");
        assert_eq!((b_view["summary"]["mentions"].as_u64(), b_view["tags"][0]["tag"].as_str()), (Some(1), Some("vip")), "{db:?}");
        assert_eq!(b_view["notes"][0]["body"], "B only", "{db:?}");
        let (_, b_settings) = server.send("GET", "/history/settings", Some(&owner_b.token), None).await;
        assert_eq!(b_settings["updated_by"], serde_json::Value::Null, "{db:?}: team B's settings untouched");
        assert_eq!(server.send("DELETE", &alice, Some(&owner_a.token), None).await.0, 200, "{db:?}");
        server.stop().await;
    }
}

#[tokio::test]
async fn the_live_channel_never_carries_another_teams_presence() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let agent_a = server.account('A', Role::Agent);
        let mut events = server
            .client
            .get(format!("{}/api/v1/events", server.base))
            .bearer_auth(&agent_a.token)
            .send()
            .await
            .expect("stream");
        stream_until(&mut events, "cursor", Duration::from_secs(5)).await;
        let shared = "https://x.com/shared/status/1";
        for account in [server.account('B', Role::Intern), server.account('A', Role::Intern)] {
            let update = json!({"permalink": shared, "state": "replying"});
            server.send("POST", "/history/presence", Some(&account.token), Some(update)).await;
        }
        let mut heard = stream_until(&mut events, "intern of a", Duration::from_secs(5)).await;
        heard.push_str(&stream_until(&mut events, "intern of b", Duration::from_millis(500)).await);
        assert!(heard.contains("intern of a"), "{db:?}: {heard}");
        assert!(!heard.contains("intern of b") && !heard.contains("b-intern"), "{db:?}: team B's presence: {heard}");
        server.stop().await;
    }
}

/// The next chunk of an event stream, if one comes within `limit`.
async fn events_within(response: &mut reqwest::Response, limit: Duration) -> Option<String> {
    match tokio::time::timeout(limit, response.chunk()).await {
        Ok(Ok(Some(bytes))) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        _ => None,
    }
}

#[tokio::test]
async fn approval_requests_are_seen_by_approvers_and_their_requester_and_never_across_teams() {
    for db in databases() {
        let server = TestServer::start(db).await;
        for requester in Role::ALL {
            let token = server.account('A', requester).token;
            let body = approval_request(&format!("by-{requester}"), "Bonjour", json!([]));
            let (status, answer) = server.send("POST", "/approvals", Some(&token), Some(body)).await;
            assert_eq!(status, 201, "{db:?}: every role may ask: {requester}: {answer}");
        }
        for team in ['A', 'B'] {
            for reader in Role::ALL {
                let token = server.account(team, reader).token;
                for requester in Role::ALL {
                    let (status, _) = server.send("GET", &format!("/approvals/by-{requester}"), Some(&token), None).await;
                    let visible = team == 'A' && (is_manager_or_above(reader) || reader == requester);
                    assert_eq!(status, if visible { 200 } else { 404 }, "{db:?}: {team} {reader} reading {requester}'s");
                }
                let (_, list) = server.send("GET", "/approvals", Some(&token), None).await;
                let listed = list["approvals"].as_array().map(Vec::len).unwrap_or(0);
                let expected = match (team, is_manager_or_above(reader)) {
                    ('A', true) => 4,
                    ('A', false) => 1,
                    _ => 0,
                };
                assert_eq!(listed, expected, "{db:?}: {team} {reader} lists");
            }
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn only_managers_and_owners_of_the_team_decide_and_never_their_own() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let intern = server.account('A', Role::Intern).token;
        for team in ['A', 'B'] {
            for decider in Role::ALL {
                let id = format!("for-{team}-{decider}");
                server.send("POST", "/approvals", Some(&intern), Some(approval_request(&id, "Bonjour", json!([])))).await;
                let token = server.account(team, decider).token;
                let (status, body) = server
                    .send("POST", &format!("/approvals/{id}/decision"), Some(&token), Some(json!({"decision": "approve"})))
                    .await;
                let expected = match (team, is_manager_or_above(decider)) {
                    ('A', true) => 200,
                    (_, false) => 403,
                    ('B', true) => 404,
                    _ => unreachable!(),
                };
                assert_eq!(status, expected, "{db:?}: {team} {decider} deciding: {body}");
            }
        }
        let (_, own) = server
            .send("POST", "/approvals", Some(&server.account('A', Role::Manager).token), Some(approval_request("mgr", "x", json!([]))))
            .await;
        assert_eq!(own["status"], "pending");
        let (status, _) = server
            .send("POST", "/approvals/mgr/decision", Some(&server.account('A', Role::Manager).token), Some(json!({"decision": "approve"})))
            .await;
        assert_eq!(status, 403, "{db:?}: not one's own");
        server.stop().await;
    }
}

#[tokio::test]
async fn the_audit_log_is_read_by_managers_and_exported_by_owners_each_team_its_own() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let agent_b = server.account('B', Role::Agent).token;
        server.send("POST", "/published", Some(&agent_b), Some(published("b-secret", "Team B's secret reply", None))).await;
        for team in ['A', 'B'] {
            for role in Role::ALL {
                let token = server.account(team, role).token;
                let reads = if is_manager_or_above(role) { 200 } else { 403 };
                let (status, page) = server.send("GET", "/audit", Some(&token), None).await;
                assert_eq!(status, reads, "{db:?}: {team} {role} reads the log");
                if status == 200 {
                    let mentions_b = page.to_string().contains("Team B's secret reply");
                    assert_eq!(mentions_b, team == 'B', "{db:?}: {team} {role} sees only its team's log");
                }
                let (status, _) = server.send("GET", "/audit/verify", Some(&token), None).await;
                assert_eq!(status, reads, "{db:?}: {team} {role} verifies");
                let (status, body) = server.send("GET", "/audit/export?from=2026-01-01&to=2026-01-31", Some(&token), None).await;
                assert_eq!(status, if role == Role::Owner { 200 } else { 403 }, "{db:?}: {team} {role} exports: {body}");
            }
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn every_member_records_replies_and_reads_settings_and_only_owners_change_settings() {
    for db in databases() {
        let server = TestServer::start(db).await;
        for role in Role::ALL {
            let token = server.account('A', role).token;
            let (status, body) = server.send("POST", "/published", Some(&token), Some(published(&format!("rec-{role}"), "Merci", None))).await;
            assert_eq!(status, 201, "{db:?}: {role}: {body}");
            let (status, _) = server.send("GET", "/team/settings", Some(&token), None).await;
            assert_eq!(status, 200, "{db:?}: {role}");
            let (status, _) = server.send("PUT", "/team/settings", Some(&token), Some(json!({"exempt_interns": ["a-intern"]}))).await;
            assert_eq!(status, if role == Role::Owner { 200 } else { 403 }, "{db:?}: {role} changes settings");
        }
        let owner_b = server.account('B', Role::Owner).token;
        let (status, body) = server.send("PUT", "/team/settings", Some(&owner_b), Some(json!({"exempt_interns": ["a-intern"]}))).await;
        assert_eq!(status, 422, "{db:?}: B cannot name A's intern: {body}");
        let (_, settings_b) = server.send("GET", "/team/settings", Some(&owner_b), None).await;
        assert_eq!(settings_b["exempt_interns"], json!([]), "{db:?}: A's settings are not B's");
        server.stop().await;
    }
}
