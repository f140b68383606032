//! Accounts over HTTP, on SQLite and PostgreSQL: sign-in and its limiter, sign-out, one-time
//! invites, deactivation that ends every session, the last owner kept, and the CLI's team.
#![cfg(not(target_arch = "wasm32"))]

mod server_support;

use std::time::Duration;

use serde_json::json;
use server_support::{databases, TestServer, PASSWORD};
use tact::core::library::Library;
use tact::core::model::api::Collection;
use tact::core::policy::Role;

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let wrong = server
            .send("POST", "/session", None, Some(json!({"email": "agent@a.example", "password": "nope nope"})))
            .await;
        let unknown = server
            .send("POST", "/session", None, Some(json!({"email": "nobody@a.example", "password": "nope nope"})))
            .await;
        assert_eq!(wrong.0, 401, "{db:?}");
        assert_eq!(wrong, unknown, "{db:?}: nothing tells an account exists");
        assert_eq!(wrong.1["error"]["code"], "wrong_credentials");
        let token = server.sign_in("  Agent@A.example ", PASSWORD).await;
        assert!(token.starts_with("tact_") && token.len() >= 32, "a long opaque token");
        server.stop().await;
    }
}

#[tokio::test]
async fn ten_failed_sign_ins_lock_the_email_with_429_even_for_the_right_password() {
    for db in databases() {
        let server = TestServer::start(db).await;
        for _ in 0..10 {
            let (status, _) = server
                .send("POST", "/session", None, Some(json!({"email": "intern@a.example", "password": "guess guess"})))
                .await;
            assert_eq!(status, 401);
        }
        let response = server
            .client
            .post(format!("{}/api/v1/session", server.base))
            .json(&json!({"email": "intern@a.example", "password": PASSWORD}))
            .send()
            .await
            .expect("answer");
        assert_eq!(response.status(), 429, "{db:?}");
        let retry_after: i64 =
            response.headers()["retry-after"].to_str().ok().and_then(|value| value.parse().ok()).unwrap_or(0);
        assert!((1..=900).contains(&retry_after), "{retry_after}");
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(body["error"]["code"], "too_many_attempts");
        server.stop().await;
    }
}

#[tokio::test]
async fn signing_out_ends_that_session_only() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let agent = server.account('A', Role::Agent);
        let second = server.sign_in(&agent.email, PASSWORD).await;
        assert_ne!(second, agent.token, "a new token on every sign-in");
        assert_eq!(server.send("DELETE", "/session", Some(&second), None).await.0, 204);
        assert_eq!(server.send("GET", "/me", Some(&second), None).await.0, 401, "{db:?}");
        assert_eq!(server.send("GET", "/me", Some(&agent.token), None).await.0, 200, "{db:?}: the other session lives");
        server.stop().await;
    }
}

#[tokio::test]
async fn an_invite_works_once_and_signs_the_new_member_in_with_its_role() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let manager = server.account('A', Role::Manager);
        let (status, invite) = server
            .send("POST", "/invites", Some(&manager.token), Some(json!({"email": "New@A.example", "role": "agent"})))
            .await;
        assert_eq!(status, 201, "{db:?}: {invite}");
        let token = invite["token"].as_str().unwrap_or_default().to_owned();
        let path = format!("/invites/{token}/accept");
        let (status, short) =
            server.send("POST", &path, None, Some(json!({"display_name": "Nina", "password": "short"}))).await;
        assert_eq!((status, short["error"]["code"].clone()), (422, json!("invalid_input")), "{db:?}");
        let (status, joined) = server
            .send("POST", &path, None, Some(json!({"display_name": " Nina ", "password": "a good passphrase"})))
            .await;
        assert_eq!(status, 201, "{db:?}: {joined}");
        assert_eq!(joined["member"]["role"], "agent");
        assert_eq!(joined["member"]["email"], "new@a.example");
        assert_eq!(joined["member"]["display_name"], "Nina");
        assert_eq!(joined["member"]["team_id"], "team-a");
        let new_token = joined["token"].as_str().unwrap_or_default();
        assert_eq!(server.send("GET", "/me", Some(new_token), None).await.1["team"]["id"], "team-a");
        let (status, again) = server
            .send("POST", &path, None, Some(json!({"display_name": "Eve", "password": "another passphrase"})))
            .await;
        assert_eq!((status, again["error"]["code"].clone()), (410, json!("invite_invalid")), "{db:?}: used once");
        server.sign_in("new@a.example", "a good passphrase").await;
        let (status, _) = server
            .send("POST", "/invites", Some(&manager.token), Some(json!({"email": "new@a.example", "role": "agent"})))
            .await;
        assert_eq!(status, 409, "{db:?}: the e-mail has an account now");
        server.stop().await;
    }
}

#[tokio::test]
async fn deactivating_a_member_ends_all_their_sessions_and_refuses_their_sign_in() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let owner = server.account('A', Role::Owner);
        let intern = server.account('A', Role::Intern);
        let second = server.sign_in(&intern.email, PASSWORD).await;
        let (status, body) =
            server.send("POST", &format!("/members/{}/deactivate", intern.id), Some(&owner.token), None).await;
        assert_eq!(status, 200, "{db:?}: {body}");
        assert_eq!(body["active"], false);
        for token in [&intern.token, &second] {
            assert_eq!(server.send("GET", "/me", Some(token), None).await.0, 401, "{db:?}");
        }
        let (status, _) =
            server.send("POST", "/session", None, Some(json!({"email": intern.email, "password": PASSWORD}))).await;
        assert_eq!(status, 401, "{db:?}");
        server.stop().await;
    }
}

#[tokio::test]
async fn the_last_owner_can_neither_be_demoted_nor_deactivated() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let owner = server.account('A', Role::Owner);
        let (status, _) =
            server.send("PUT", "/members/a-manager/role", Some(&owner.token), Some(json!({"role": "owner"}))).await;
        assert_eq!(status, 200, "{db:?}: a second owner");
        let second_owner = server.account('A', Role::Manager);
        let (status, body) = server.send("POST", "/members/a-owner/deactivate", Some(&second_owner.token), None).await;
        assert_eq!(status, 200, "{db:?}: two owners, one may go: {body}");
        let (status, body) = server
            .send("PUT", "/members/a-manager/role", Some(&second_owner.token), Some(json!({"role": "agent"})))
            .await;
        assert_eq!(status, 403, "{db:?}: not one's own role: {body}");
        let after =
            server.storage.change_role("team-a", "a-manager", Role::Agent, "a-manager", 5).await.expect("storage");
        assert_eq!(after, tact::server::storage::MemberUpdate::LastOwner, "{db:?}: storage keeps the last owner too");
        let deactivate =
            server.storage.deactivate_member("team-a", "a-manager", "a-manager", 5).await.expect("storage");
        assert_eq!(deactivate, tact::server::storage::MemberUpdate::LastOwner);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_request_body_that_is_not_json_is_refused_in_the_one_error_shape() {
    let server = TestServer::start(server_support::Db::Sqlite).await;
    let response =
        server.client.post(format!("{}/api/v1/session", server.base)).body("email=x").send().await.expect("answer");
    assert_eq!(response.status(), 415);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["error"]["code"], "not_json");
    let (status, body) = server.send("PATCH", "/session", None, None).await;
    assert_eq!((status, body["error"]["code"].clone()), (405, json!("method_not_allowed")));
    server.stop().await;
}

#[tokio::test]
async fn admin_create_team_makes_a_team_whose_owner_can_sign_in() {
    let dir = tempfile::tempdir().expect("folder");
    let db = format!("sqlite://{}", dir.path().join("admin.db").display());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tact"))
        .args([
            "admin",
            "create-team",
            "--name",
            "Maison Lumen",
            "--owner-email",
            "Lea@Lumen.fr",
            "--owner-name",
            "Léa",
            "--db",
            &db,
        ])
        .env_remove("TACT_OWNER_PASSWORD")
        .output()
        .expect("tact runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    let password = stdout
        .lines()
        .find_map(|line| line.strip_prefix("owner password (shown once): "))
        .expect("the password is printed")
        .to_owned();
    assert!(password.len() >= 20, "a long generated password");
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_tact"))
        .args([
            "admin",
            "create-team",
            "--name",
            "Other",
            "--owner-email",
            "lea@lumen.fr",
            "--owner-name",
            "Léa",
            "--db",
            &db,
        ])
        .env("TACT_OWNER_PASSWORD", "a chosen passphrase")
        .output()
        .expect("tact runs");
    assert!(!again.status.success(), "the e-mail is taken");
    let storage = tact::server::storage::Storage::open(&db).await.expect("open");
    let (member, hash) = storage.member_credentials("lea@lumen.fr").await.expect("read").expect("the owner");
    assert_eq!(member.role, Role::Owner);
    assert!(tact::server::auth::password::verify(password, hash).await.expect("verify"));
    assert!(storage.team_by_name("Other").await.expect("read").is_none(), "no team without its owner");
    storage.close().await;
}

#[tokio::test]
async fn the_demo_team_has_one_account_per_role_and_seeding_twice_changes_nothing() {
    for db in databases() {
        let (storage, _dir) = server_support::open(db).await;
        let team = tact::server::accounts::seed_demo_team(&storage).await.expect("seed");
        let cursor = storage.team_seq(&team.id).await.expect("cursor");
        tact::server::accounts::seed_demo_team(&storage).await.expect("seed again");
        assert_eq!(storage.team_seq(&team.id).await.expect("cursor"), cursor, "{db:?}: seeding again changes nothing");
        let members = storage.team_members(&team.id).await.expect("members");
        let roles: Vec<Role> = members.iter().map(|member| member.role).collect();
        assert_eq!(members.len(), 4, "{db:?}");
        for role in Role::ALL {
            assert!(roles.contains(&role), "{db:?}: {role}");
        }
        let (_, hash) = storage.member_credentials("intern@demo.tact").await.expect("read").expect("intern");
        assert!(tact::server::auth::password::verify("tact-demo".into(), hash).await.expect("verify"));
        let page = storage.pull(&team.id, "demo-agent", 0, 1_000).await.expect("pull");
        let templates: Vec<_> =
            page.changes.iter().filter(|change| change.entity.collection == Collection::TeamTemplates).collect();
        assert_eq!(templates.len(), Library::starter().len(), "{db:?}: the starter replies are the team's library");
        assert!(templates.iter().all(|change| change.version == 1), "{db:?}: seeded once, however often the server starts");
        assert!(templates.iter().all(|change| change.payload["scope"] == "team"));
        storage.close().await;
    }
}

#[tokio::test]
async fn a_live_channel_ends_once_its_member_is_deactivated_or_signs_out() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let owner = server.account('A', Role::Owner);
        let agent = server.account('A', Role::Agent);
        let intern = server.account('A', Role::Intern);
        let mut agent_events = open_events(&server, &agent.token).await;
        let mut intern_events = open_events(&server, &intern.token).await;
        let (status, _) = server.send("DELETE", "/session", Some(&intern.token), None).await;
        assert_eq!(status, 204);

        // The deactivation moves the team's cursor: the channels check their sessions then.
        let (status, _) =
            server.send("POST", &format!("/members/{}/deactivate", agent.id), Some(&owner.token), None).await;
        assert_eq!(status, 200, "{db:?}");

        for (who, events) in [("deactivated agent", &mut agent_events), ("signed-out intern", &mut intern_events)] {
            let rest = tokio::time::timeout(Duration::from_secs(5), read_to_end(events)).await;
            let rest = rest.unwrap_or_else(|_| panic!("{db:?}: the {who}'s channel is still open"));
            assert!(!rest.contains("event: cursor"), "{db:?}: the {who} heard a move: {rest}");
        }
        server.stop().await;
    }
}

/// An event stream, its opening event already read.
async fn open_events(server: &TestServer, token: &str) -> reqwest::Response {
    let mut events =
        server.client.get(format!("{}/api/v1/events", server.base)).bearer_auth(token).send().await.expect("stream");
    assert_eq!(events.status(), 200);
    let opening = events.chunk().await.ok().flatten().unwrap_or_default();
    assert!(String::from_utf8_lossy(&opening).contains("event: cursor"));
    events
}

async fn read_to_end(events: &mut reqwest::Response) -> String {
    let mut rest = String::new();
    while let Ok(Some(chunk)) = events.chunk().await {
        rest.push_str(&String::from_utf8_lossy(&chunk));
    }
    rest
}
