//! Mention history over HTTP, on SQLite and PostgreSQL: capture once per permalink, the team's
//! network setting, timelines and their counts, tags and notes, presence heard live and
//! expiring, search by each criterion, the retention purge, erasure (checked in the tables
//! themselves) and export. Other teams: `tests/server_authz.rs`.
#![cfg(not(target_arch = "wasm32"))]

mod server_support;

use std::time::Duration;

use serde_json::{json, Value};
use server_support::{databases, key_path, mention, stream_until, TestServer};
use tact::core::guidelines::Venue;
use tact::core::history::{AuthorKey, Mention, DAY_MS, REPLYING_TTL_MS};
use tact::core::model::context::Author;
use tact::core::model::history::PresenceState;
use tact::core::policy::Role;

fn now() -> i64 {
    tact::server::now_ms()
}

async fn capture(server: &TestServer, token: &str, body: Value) -> (u16, Value) {
    server.send("POST", "/history/mentions", Some(token), Some(body)).await
}

async fn timeline(server: &TestServer, token: &str, key: &str, query: &str) -> (u16, Value) {
    server.send("GET", &format!("/history/authors/{}{query}", key_path(key)), Some(token), None).await
}

/// A mention stored as if captured at `seen_ms`, past any check (for purges of old rows).
fn stored(network: Venue, handle: &str, permalink: &str, seen_ms: i64) -> Mention {
    let author = Author { name: format!("Name of {handle}"), handle: handle.into(), profile_url: String::new() };
    Mention {
        author_key: AuthorKey::of(network, &author).expect("a key"),
        network,
        author,
        text: format!("text of {permalink}"),
        permalink: permalink.into(),
        seen_ms,
    }
}

#[tokio::test]
async fn a_comment_is_recorded_once_per_permalink_across_teammates_reloads_and_concurrent_sends() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let (agent, intern) = (server.account('A', Role::Agent), server.account('A', Role::Intern));
        let link = "https://x.com/marie_d/status/1";
        let seen = now() - 60_000;
        let body = mention("x", "@Marie_D", "Marie Dupont", "Still no refund?", link, seen);
        let (status, first) = capture(&server, &agent.token, body.clone()).await;
        assert_eq!((status, first["status"].as_str()), (201, Some("recorded")), "{db:?}: {first}");
        assert_eq!(first["author_key"], "x:handle:marie_d");
        for _ in 0..3 {
            let (status, again) = capture(&server, &agent.token, body.clone()).await;
            assert_eq!((status, again["status"].as_str()), (200, Some("already_recorded")), "{db:?}: {again}");
            assert_eq!(again["mention"]["id"], first["mention"]["id"]);
        }
        let later = mention("x", "marie_d", "Marie Dupont", "Still no refund?", link, seen + 30_000);
        let (status, teammate) = capture(&server, &intern.token, later).await;
        assert_eq!(status, 200, "{db:?}: {teammate}");
        assert_eq!(teammate["mention"]["last_seen_ms"], seen + 30_000, "{db:?}: last seen moves");
        assert_eq!(teammate["mention"]["seen_ms"], seen, "{db:?}: first seen stays");
        let sends = (0..8).map(|n| {
            let body = mention("x", "paul", "Paul", "Hello", "https://x.com/paul/status/2", seen + n);
            let token = if n % 2 == 0 { agent.token.clone() } else { intern.token.clone() };
            let server = &server;
            async move { capture(server, &token, body).await }
        });
        let answers = futures_util::future::join_all(sends).await;
        let recorded = answers.iter().filter(|(status, _)| *status == 201).count();
        assert_eq!(recorded, 1, "{db:?}: exactly one of the concurrent sends records it: {answers:?}");
        assert!(answers.iter().all(|(status, _)| *status == 201 || *status == 200), "{db:?}: {answers:?}");
        let rows = server.count_rows("SELECT COUNT(*) FROM history_mentions WHERE team_id = $1", &["team-a"]).await;
        assert_eq!(rows, 2, "{db:?}: two permalinks, two rows");
        let (_, paul) = timeline(&server, &agent.token, "x:handle:paul", "").await;
        assert_eq!(paul["summary"]["mentions"], 1, "{db:?}: counted once: {paul}");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_network_the_team_does_not_record_is_refused_with_the_reason_and_nothing_is_stored() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let (manager, agent) = (server.account('A', Role::Manager), server.account('A', Role::Agent));
        let settings = json!({"captured_networks": ["linkedin", "generic"], "retention_days": 90});
        let (status, view) = server.send("PUT", "/history/settings", Some(&manager.token), Some(settings)).await;
        assert_eq!(status, 200, "{db:?}: {view}");
        assert_eq!(view["updated_by"], manager.id.as_str());
        let on_x = mention("x", "marie", "Marie", "Hi", "https://x.com/marie/status/1", now());
        let (status, refused) = capture(&server, &agent.token, on_x).await;
        assert_eq!((status, refused["error"]["code"].as_str()), (409, Some("capture_off")), "{db:?}: {refused}");
        assert!(refused["error"]["message"].as_str().unwrap_or("").contains("x"), "{refused}");
        let on_forum = mention("generic", "marie", "Marie", "Hi", "https://forum.example/t/1#c2", now());
        assert_eq!(capture(&server, &agent.token, on_forum).await.0, 201, "{db:?}");
        let rows = server.count_rows("SELECT COUNT(*) FROM history_mentions WHERE network = $1", &["x"]).await;
        assert_eq!(rows, 0, "{db:?}");
        let (_, other_team) =
            server.send("GET", "/history/settings", Some(&server.account('B', Role::Intern).token), None).await;
        assert_eq!(other_team["retention_days"], 365, "{db:?}: team B keeps the defaults");
        assert_eq!(other_team["updated_by"], Value::Null);
        server.stop().await;
    }
}

#[tokio::test]
async fn bad_captures_are_refused_with_a_reason_a_person_can_read() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let token = server.account('A', Role::Agent).token;
        let mut extra = mention("x", "marie", "Marie", "Hi", "https://x.com/marie/status/1", now());
        extra["page_url"] = json!("https://x.com/home");
        let (status, body) = capture(&server, &token, extra).await;
        assert_eq!(status, 422, "{db:?}: {body}");
        assert!(body["error"]["message"].as_str().unwrap_or("").contains("page_url"), "{body}");
        let script = mention("x", "marie", "Marie", "Hi", "javascript:alert(1)", now());
        let (status, body) = capture(&server, &token, script).await;
        assert_eq!((status, body["error"]["code"].as_str()), (422, Some("invalid_input")), "{body}");
        let old = mention("x", "marie", "Marie", "Hi", "https://x.com/marie/status/1", now() - 400 * DAY_MS);
        let (status, body) = capture(&server, &token, old).await;
        assert_eq!((status, body["error"]["code"].as_str()), (422, Some("too_old")), "{body}");
        let nobody = mention("x", "", "", "Hi", "https://x.com/i/status/1", now());
        assert_eq!(capture(&server, &token, nobody).await.0, 422);
        let (status, body) = server.send("GET", "/history/authors/not-a-key", Some(&token), None).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(server.count_rows("SELECT COUNT(*) FROM history_mentions", &[]).await, 0, "{db:?}");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_timeline_holds_the_authors_mentions_newest_first_in_pages_with_counts_and_contacts() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let (agent, intern) = (server.account('A', Role::Agent), server.account('A', Role::Intern));
        let start = now() - 10 * DAY_MS;
        for n in 0..25i64 {
            let body = mention(
                "x",
                "marie_d",
                &format!("Marie {n}"),
                &format!("message {n} {}", "é".repeat(400)),
                &format!("https://x.com/marie_d/status/{n}"),
                start + n * 1_000,
            );
            assert_eq!(capture(&server, &agent.token, body).await.0, 201, "{db:?}");
        }
        let other = mention("x", "paul", "Paul", "Other", "https://x.com/paul/status/9", start);
        capture(&server, &agent.token, other).await;
        let (status, first) = timeline(&server, &intern.token, "x:handle:Marie_D", "?limit=10").await;
        assert_eq!(status, 200, "{db:?}: {first}");
        assert_eq!(first["author"]["key"], "x:handle:marie_d");
        assert_eq!(first["author"]["name"], "Marie 24", "{db:?}: the latest name seen");
        assert_eq!(first["summary"]["mentions"], 25);
        assert_eq!(first["summary"]["first_contact_ms"], start);
        assert_eq!(first["summary"]["last_contact_ms"], start + 24_000);
        assert_eq!(first["summary"]["replies"], 0, "{db:?}: no reply yet, known to be none");
        assert_eq!(first["replies"], json!([]));
        let excerpt = first["mentions"][0]["excerpt"].as_str().unwrap_or("");
        assert!(excerpt.starts_with("message 24 ") && excerpt.chars().count() == 280, "{db:?}: {excerpt}");
        let mut seen = Vec::new();
        let mut page = first;
        loop {
            let mentions = page["mentions"].as_array().cloned().unwrap_or_default();
            assert!(mentions.len() <= 10);
            seen.extend(mentions.iter().map(|mention| mention["seen_ms"].as_i64().unwrap_or(0)));
            let Some(next) = page["next"].as_str().map(str::to_owned) else { break };
            let (status, following) =
                timeline(&server, &intern.token, "x:handle:marie_d", &format!("?limit=10&before={}", key_path(&next)))
                    .await;
            assert_eq!(status, 200, "{db:?}: {following}");
            page = following;
        }
        let expected: Vec<i64> = (0..25).rev().map(|n| start + n * 1_000).collect();
        assert_eq!(seen, expected, "{db:?}: every mention once, newest first");
        let (status, _) = timeline(&server, &intern.token, "x:handle:nobody", "").await;
        assert_eq!(status, 404, "{db:?}");
        server.stop().await;
    }
}

#[tokio::test]
async fn tags_and_notes_follow_the_roles_and_show_in_the_timeline() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let (manager, agent, intern) =
            (server.account('A', Role::Manager), server.account('A', Role::Agent), server.account('A', Role::Intern));
        capture(&server, &agent.token, mention("x", "marie", "Marie", "Hi", "https://x.com/marie/status/1", now()))
            .await;
        let tags = format!("/history/authors/{}/tags", key_path("x:handle:marie"));
        let (status, added) =
            server.send("POST", &tags, Some(&agent.token), Some(json!({"tag": "Open complaint"}))).await;
        assert_eq!(status, 200, "{db:?}: {added}");
        assert_eq!(added["tags"][0]["tag"], "open-complaint");
        assert_eq!(added["tags"][0]["added_by_name"], "agent of a");
        let (_, again) = server.send("POST", &tags, Some(&manager.token), Some(json!({"tag": "open_complaint"}))).await;
        assert_eq!(again["tags"].as_array().map(Vec::len), Some(1), "{db:?}: one tag, once");
        let (status, _) = server.send("POST", &tags, Some(&intern.token), Some(json!({"tag": "vip"}))).await;
        assert_eq!(status, 403, "{db:?}: interns read, never annotate");
        for n in 1..20 {
            server.send("POST", &tags, Some(&agent.token), Some(json!({"tag": format!("t{n}")}))).await;
        }
        let (status, full) = server.send("POST", &tags, Some(&agent.token), Some(json!({"tag": "one-too-many"}))).await;
        assert_eq!((status, full["error"]["code"].as_str()), (409, Some("too_many")), "{db:?}: {full}");
        let (status, removed) = server.send("DELETE", &format!("{tags}/t19"), Some(&agent.token), None).await;
        assert_eq!((status, removed["tags"].as_array().map(Vec::len)), (200, Some(19)), "{db:?}");
        let (status, _) = server.send("POST", &tags, Some(&agent.token), Some(json!({"tag": "<b>"}))).await;
        assert_eq!(status, 422);

        let notes = format!("/history/authors/{}/notes", key_path("x:handle:marie"));
        let (status, note) = server
            .send("POST", &notes, Some(&agent.token), Some(json!({"body": " Called back.\nRefund sent. "})))
            .await;
        assert_eq!(status, 201, "{db:?}: {note}");
        assert_eq!(
            (note["body"].as_str(), note["written_by"].as_str()),
            (Some("Called back.\nRefund sent."), Some("a-agent"))
        );
        assert_eq!(note["written_by_name"], "agent of a");
        assert_eq!(server.send("POST", &notes, Some(&intern.token), Some(json!({"body": "x"}))).await.0, 403, "{db:?}");
        assert_eq!(server.send("POST", &notes, Some(&agent.token), Some(json!({"body": "  "}))).await.0, 422);
        for n in 0..24 {
            server.send("POST", &notes, Some(&manager.token), Some(json!({"body": format!("note {n}")}))).await;
        }
        let (_, view) = timeline(&server, &intern.token, "x:handle:marie", "").await;
        assert_eq!(view["tags"].as_array().map(Vec::len), Some(19), "{db:?}");
        assert_eq!(view["notes"].as_array().map(Vec::len), Some(20), "{db:?}: the latest 20");
        assert_eq!(view["notes"][0]["body"], "note 23");
        assert_eq!(view["summary"]["notes"], 25);
        let (status, listed) = server.send("GET", &format!("{notes}?limit=100"), Some(&intern.token), None).await;
        assert_eq!((status, listed["notes"].as_array().map(Vec::len)), (200, Some(25)), "{db:?}");
        let note_id = note["id"].as_str().unwrap_or("");
        let other_agent = server.account('A', Role::Owner);
        let (status, _) = server.send("DELETE", &format!("{notes}/{note_id}"), Some(&intern.token), None).await;
        assert_eq!(status, 403, "{db:?}");
        let manager_note = listed["notes"][0]["id"].as_str().unwrap_or("").to_owned();
        let (status, _) = server.send("DELETE", &format!("{notes}/{manager_note}"), Some(&agent.token), None).await;
        assert_eq!(status, 403, "{db:?}: an agent deletes only their own notes");
        assert_eq!(server.send("DELETE", &format!("{notes}/{note_id}"), Some(&agent.token), None).await.0, 204);
        assert_eq!(
            server.send("DELETE", &format!("{notes}/{manager_note}"), Some(&other_agent.token), None).await.0,
            204
        );
        assert_eq!(server.send("DELETE", &format!("{notes}/{note_id}"), Some(&agent.token), None).await.0, 404);
        let unknown = format!("/history/authors/{}/notes", key_path("x:handle:nobody"));
        assert_eq!(server.send("POST", &unknown, Some(&agent.token), Some(json!({"body": "x"}))).await.0, 404);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_teammate_replying_is_heard_live_and_asked_for_then_cleared() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let (agent, intern) = (server.account('A', Role::Agent), server.account('A', Role::Intern));
        let mut events = server
            .client
            .get(format!("{}/api/v1/events", server.base))
            .bearer_auth(&agent.token)
            .send()
            .await
            .expect("stream");
        let opening = stream_until(&mut events, "cursor", Duration::from_secs(5)).await;
        assert!(opening.contains("event: cursor"), "{db:?}: {opening}");
        let link = "https://x.com/marie/status/1";
        let (status, view) = server
            .send(
                "POST",
                "/history/presence",
                Some(&intern.token),
                Some(json!({"permalink": link, "state": "replying"})),
            )
            .await;
        assert_eq!(status, 200, "{db:?}: {view}");
        assert_eq!(view["entries"][0]["member_name"], "intern of a");
        let heard = stream_until(&mut events, "\"replying\"", Duration::from_secs(5)).await;
        assert!(
            heard.contains("event: presence") && heard.contains("intern of a") && heard.contains(link),
            "{db:?}: {heard}"
        );
        let asked = format!("/history/presence?permalink={}", key_path(link));
        let (_, now_on) = server.send("GET", &asked, Some(&agent.token), None).await;
        let entry = &now_on["entries"][0];
        assert_eq!(
            (entry["member_id"].as_str(), entry["state"].as_str()),
            (Some("a-intern"), Some("replying")),
            "{db:?}: {now_on}"
        );
        assert!(entry["expires_ms"].as_i64().unwrap_or(0) > now_on["now_ms"].as_i64().unwrap_or(i64::MAX));
        server
            .send(
                "POST",
                "/history/presence",
                Some(&intern.token),
                Some(json!({"permalink": link, "state": "replied"})),
            )
            .await;
        let heard = stream_until(&mut events, "\"replied\"", Duration::from_secs(5)).await;
        assert!(heard.contains("\"replied\""), "{db:?}: {heard}");
        server
            .send("POST", "/history/presence", Some(&intern.token), Some(json!({"permalink": link, "state": "closed"})))
            .await;
        let heard = stream_until(&mut events, "\"closed\"", Duration::from_secs(5)).await;
        assert!(heard.contains("\"closed\""), "{db:?}: {heard}");
        let (_, after) = server.send("GET", &asked, Some(&agent.token), None).await;
        assert_eq!(after["entries"], json!([]), "{db:?}");
        let bad = server
            .send(
                "POST",
                "/history/presence",
                Some(&intern.token),
                Some(json!({"permalink": "javascript:x", "state": "replying"})),
            )
            .await;
        assert_eq!(bad.0, 422);
        server.stop().await;
    }
}

#[tokio::test]
async fn presence_expires_without_a_refresh_and_a_refresh_keeps_its_start() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let (storage, link, t0) = (&server.storage, "https://x.com/marie/status/1", 1_000_000);
        storage.set_presence("team-a", link, "a-agent", PresenceState::Replying, t0).await.expect("set");
        let refreshed = storage
            .set_presence("team-a", link, "a-agent", PresenceState::Replying, t0 + 20_000)
            .await
            .expect("refresh");
        assert_eq!((refreshed.since_ms, refreshed.expires_ms), (t0, t0 + 20_000 + REPLYING_TTL_MS), "{db:?}");
        let live = storage.presence_on("team-a", link, t0 + 20_000 + REPLYING_TTL_MS - 1).await.expect("read");
        assert_eq!(live.len(), 1, "{db:?}");
        let lapsed = storage.presence_on("team-a", link, t0 + 20_000 + REPLYING_TTL_MS).await.expect("read");
        assert!(lapsed.is_empty(), "{db:?}: nobody after the TTL");
        assert!(storage.presence_on("team-b", link, t0).await.expect("read").is_empty(), "{db:?}: another team");
        storage.purge_history(None, t0 + 20_000 + REPLYING_TTL_MS).await.expect("purge");
        assert_eq!(
            server.count_rows("SELECT COUNT(*) FROM history_presence", &[]).await,
            0,
            "{db:?}: expired rows deleted"
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn search_finds_by_handle_name_text_tag_network_and_date_and_pages() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let agent = server.account('A', Role::Agent);
        let t = now() - 5 * DAY_MS;
        let seeds = [
            mention(
                "x",
                "@Marie_D",
                "Marie Dupont",
                "Toujours pas de remboursement",
                "https://x.com/marie_d/status/1",
                t,
            ),
            mention(
                "x",
                "marie_d",
                "Marie Dupont",
                "Merci pour la réponse",
                "https://x.com/marie_d/status/2",
                t + DAY_MS,
            ),
            mention(
                "instagram",
                "eric.m",
                "Éric Martin",
                "Livraison en retard, 50% off?",
                "https://instagram.com/p/1",
                t + 2 * DAY_MS,
            ),
            json!({"network": "generic", "author": {"name": "Zoé", "handle": "", "profile_url": "https://forum.example/u/zoe"},
                   "text": "Où est ma commande ?", "permalink": "https://forum.example/t/9#c1", "seen_ms": t + 3 * DAY_MS}),
        ];
        for seed in seeds {
            assert_eq!(capture(&server, &agent.token, seed).await.0, 201, "{db:?}");
        }
        let tags = format!("/history/authors/{}/tags", key_path("x:handle:marie_d"));
        server.send("POST", &tags, Some(&agent.token), Some(json!({"tag": "journalist"}))).await;
        let search = |query: &str| {
            let (server, token, query) = (&server, agent.token.clone(), query.to_owned());
            async move {
                let (status, page) = server.send("GET", &format!("/history/search?{query}"), Some(&token), None).await;
                assert_eq!(status, 200, "{query}: {page}");
                page
            }
        };
        let permalinks = |page: &Value| -> Vec<String> {
            page["mentions"]
                .as_array()
                .map(|hits| {
                    hits.iter().map(|hit| hit["mention"]["permalink"].as_str().unwrap_or("").to_owned()).collect()
                })
                .unwrap_or_default()
        };
        let everything = search("").await;
        assert_eq!(permalinks(&everything).len(), 4, "{db:?}: newest first: {everything}");
        assert_eq!(permalinks(&everything)[0], "https://forum.example/t/9#c1");
        assert_eq!(permalinks(&search("handle=%40MARIE").await).len(), 2, "{db:?}: by handle");
        assert_eq!(
            permalinks(&search("name=eric").await),
            ["https://instagram.com/p/1"],
            "{db:?}: by name, accents aside"
        );
        assert_eq!(
            permalinks(&search("text=REMBOURSEMENT").await),
            ["https://x.com/marie_d/status/1"],
            "{db:?}: by text"
        );
        assert_eq!(permalinks(&search("text=50%25").await), ["https://instagram.com/p/1"], "{db:?}: % is literal");
        assert_eq!(permalinks(&search("text=0_").await), Vec::<String>::new(), "{db:?}: _ is literal");
        assert_eq!(permalinks(&search("q=commande").await), ["https://forum.example/t/9#c1"], "{db:?}: q in text");
        assert_eq!(permalinks(&search("q=zoe").await), ["https://forum.example/t/9#c1"], "{db:?}: q in name");
        assert_eq!(permalinks(&search("tag=Journalist").await).len(), 2, "{db:?}: by tag");
        assert_eq!(permalinks(&search("network=instagram").await), ["https://instagram.com/p/1"], "{db:?}: by network");
        let range = search(&format!("from_ms={}&to_ms={}", t + DAY_MS, t + 2 * DAY_MS)).await;
        assert_eq!(
            permalinks(&range),
            ["https://instagram.com/p/1", "https://x.com/marie_d/status/2"],
            "{db:?}: by date"
        );
        let both = search(&format!("tag=journalist&from_ms={}", t + DAY_MS)).await;
        assert_eq!(permalinks(&both), ["https://x.com/marie_d/status/2"], "{db:?}: criteria together");

        let authors = search("scope=authors").await;
        let keys: Vec<&str> = authors["authors"]
            .as_array()
            .map(|hits| hits.iter().filter_map(|hit| hit["author"]["key"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            ["generic:profile:https://forum.example/u/zoe", "instagram:handle:eric.m", "x:handle:marie_d"],
            "{db:?}"
        );
        let marie = &authors["authors"][2];
        assert_eq!((marie["mentions"].as_u64(), marie["tags"].clone()), (Some(2), json!(["journalist"])), "{db:?}");
        let by_text = search("scope=authors&text=reponse").await;
        assert_eq!(by_text["authors"].as_array().map(Vec::len), Some(1), "{db:?}: authors with a matching mention");

        let mut paged = Vec::new();
        let mut cursor = String::new();
        loop {
            let page = search(&format!("limit=1{cursor}")).await;
            paged.extend(permalinks(&page));
            match page["next"].as_str() {
                Some(next) => cursor = format!("&cursor={}", key_path(next)),
                None => break,
            }
        }
        assert_eq!(paged, permalinks(&everything), "{db:?}: paging gives the same, once each");
        let zoe = timeline(&server, &agent.token, "generic:profile:https://forum.example/u/zoe", "").await;
        assert_eq!((zoe.0, zoe.1["author"]["name"].as_str()), (200, Some("Zoé")), "{db:?}: a link in the path: {}", zoe.1);
        let (status, _) = server.send("GET", "/history/search?from_ms=10&to_ms=1", Some(&agent.token), None).await;
        assert_eq!(status, 422);
        let (status, _) = server.send("GET", "/history/search?network=mastodon", Some(&agent.token), None).await;
        assert_eq!(status, 400, "{db:?}: an unknown network is a bad query");
        server.stop().await;
    }
}

#[tokio::test]
async fn the_purge_removes_what_is_past_the_retention_and_keeps_the_rest() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let (manager, agent) = (server.account('A', Role::Manager), server.account('A', Role::Agent));
        let now = now();
        let old = now - 40 * DAY_MS;
        let rows = [
            stored(Venue::X, "gone", "https://x.com/gone/status/1", old),
            stored(Venue::X, "half", "https://x.com/half/status/1", old),
            stored(Venue::X, "half", "https://x.com/half/status/2", now - DAY_MS),
        ];
        server.storage.capture_mentions("team-a", &rows).await.expect("seed A");
        server.storage.capture_mentions("team-b", &rows[..1]).await.expect("seed B");
        for key in ["x:handle:gone", "x:handle:half"] {
            let path = format!("/history/authors/{}", key_path(key));
            server.send("POST", &format!("{path}/tags"), Some(&agent.token), Some(json!({"tag": "vip"}))).await;
            server.send("POST", &format!("{path}/notes"), Some(&agent.token), Some(json!({"body": "a note"}))).await;
        }
        let (status, nothing) = server.send("POST", "/history/purge", Some(&manager.token), None).await;
        assert_eq!(
            (status, nothing["mentions"].as_u64()),
            (200, Some(0)),
            "{db:?}: 40 days is within a year: {nothing}"
        );
        let settings = json!({"captured_networks": ["x"], "retention_days": 30});
        assert_eq!(server.send("PUT", "/history/settings", Some(&manager.token), Some(settings)).await.0, 200);
        let count = |table: &str, key: &str| {
            let sql = format!("SELECT COUNT(*) FROM {table} WHERE team_id = $1 AND author_key = $2");
            let (server, key) = (&server, key.to_owned());
            async move { server.count_rows(&sql, &["team-a", &key]).await }
        };
        for table in ["history_authors", "history_mentions", "history_tags", "history_notes"] {
            assert_eq!(count(table, "x:handle:gone").await, 0, "{db:?}: {table} of an author with nothing left");
            assert_eq!(count(table, "x:handle:half").await, 1, "{db:?}: {table} of an author with a recent mention");
        }
        let b = server.count_rows("SELECT COUNT(*) FROM history_mentions WHERE team_id = $1", &["team-b"]).await;
        assert_eq!(b, 1, "{db:?}: team B keeps a year");
        let (_, view) = timeline(&server, &agent.token, "x:handle:half", "").await;
        assert_eq!(view["summary"]["mentions"], 1, "{db:?}");
        let hourly = server.storage.purge_history(None, now + 400 * DAY_MS).await.expect("purge");
        assert_eq!((hourly.mentions, hourly.authors), (2, 2), "{db:?}: every team, each by its own retention");
        server.stop().await;
    }
}

#[tokio::test]
async fn erasing_an_author_removes_every_row_about_them_and_nothing_else() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let (manager, agent) = (server.account('A', Role::Manager), server.account('A', Role::Agent));
        let owner_b = server.account('B', Role::Owner);
        for (token, handle, n) in [
            (&agent.token, "marie", 1),
            (&agent.token, "marie", 2),
            (&agent.token, "paul", 3),
            (&owner_b.token, "marie", 1),
        ] {
            let body = mention("x", handle, handle, "text", &format!("https://x.com/{handle}/status/{n}"), now());
            capture(&server, token, body).await;
        }
        for (token, key) in
            [(&agent.token, "x:handle:marie"), (&agent.token, "x:handle:paul"), (&owner_b.token, "x:handle:marie")]
        {
            let path = format!("/history/authors/{}", key_path(key));
            server.send("POST", &format!("{path}/tags"), Some(token), Some(json!({"tag": "vip"}))).await;
            server.send("POST", &format!("{path}/notes"), Some(token), Some(json!({"body": "note"}))).await;
        }
        for (token, link) in [
            (&agent.token, "https://x.com/marie/status/1"),
            (&agent.token, "https://x.com/paul/status/3"),
            (&owner_b.token, "https://x.com/marie/status/1"),
        ] {
            server
                .send("POST", "/history/presence", Some(token), Some(json!({"permalink": link, "state": "replying"})))
                .await;
        }
        let path = format!("/history/authors/{}", key_path("x:handle:marie"));
        assert_eq!(server.send("DELETE", &path, Some(&agent.token), None).await.0, 403, "{db:?}: managers erase");
        let (status, report) = server.send("DELETE", &path, Some(&manager.token), None).await;
        assert_eq!(status, 200, "{db:?}: {report}");
        assert_eq!(
            report,
            json!({"author_key": "x:handle:marie", "mentions": 2, "tags": 1, "notes": 1, "presence": 1}),
            "{db:?}"
        );
        let rows = |team: &'static str, key: &'static str| {
            let server = &server;
            async move {
                let mut counts = Vec::new();
                for table in ["history_authors", "history_mentions", "history_tags", "history_notes"] {
                    let sql = format!("SELECT COUNT(*) FROM {table} WHERE team_id = $1 AND author_key = $2");
                    counts.push(server.count_rows(&sql, &[team, key]).await);
                }
                let handle = key.rsplit(':').next().unwrap_or_default();
                let presence = "SELECT COUNT(*) FROM history_presence WHERE team_id = $1 AND permalink LIKE $2";
                counts.push(server.count_rows(presence, &[team, &format!("https://x.com/{handle}/%")]).await);
                counts
            }
        };
        assert_eq!(rows("team-a", "x:handle:marie").await, [0, 0, 0, 0, 0], "{db:?}: nothing left about her");
        assert_eq!(rows("team-a", "x:handle:paul").await, [1, 1, 1, 1, 1], "{db:?}: another author untouched");
        assert_eq!(
            rows("team-b", "x:handle:marie").await,
            [1, 1, 1, 1, 1],
            "{db:?}: another team's record of her untouched"
        );
        let folded = server
            .count_rows(
                "SELECT COUNT(*) FROM history_mentions WHERE team_id = $1 AND text_folded LIKE $2",
                &["team-a", "%"],
            )
            .await;
        assert_eq!(folded, 1, "{db:?}: only paul's mention, folded copy included");
        assert_eq!(timeline(&server, &agent.token, "x:handle:marie", "").await.0, 404);
        assert_eq!(
            server.send("DELETE", &path, Some(&manager.token), None).await.0,
            404,
            "{db:?}: nothing to erase twice"
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn an_export_holds_everything_about_the_author_in_full() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let (manager, agent) = (server.account('A', Role::Manager), server.account('A', Role::Agent));
        let long = format!("Début. {}", "é".repeat(1_000));
        let t = now() - DAY_MS;
        capture(
            &server,
            &agent.token,
            mention("linkedin", "marie", "Marie", &long, "https://www.linkedin.com/feed/update/1", t),
        )
        .await;
        capture(
            &server,
            &agent.token,
            mention("linkedin", "marie", "Marie D.", "Second", "https://www.linkedin.com/feed/update/2", t + 1),
        )
        .await;
        capture(
            &server,
            &agent.token,
            mention("linkedin", "paul", "Paul", "Not hers", "https://www.linkedin.com/feed/update/3", t),
        )
        .await;
        let path = format!("/history/authors/{}", key_path("linkedin:handle:marie"));
        server.send("POST", &format!("{path}/tags"), Some(&agent.token), Some(json!({"tag": "vip"}))).await;
        server
            .send("POST", &format!("{path}/notes"), Some(&agent.token), Some(json!({"body": "Prefers e-mail."})))
            .await;
        assert_eq!(server.send("GET", &format!("{path}/export"), Some(&agent.token), None).await.0, 403, "{db:?}");
        let response = server
            .client
            .get(format!("{}/api/v1{path}/export", server.base))
            .bearer_auth(&manager.token)
            .send()
            .await
            .expect("answer");
        assert_eq!(response.status(), 200);
        let disposition = response
            .headers()
            .get("content-disposition")
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
            .to_owned();
        assert!(disposition.starts_with("attachment"), "{db:?}: {disposition}");
        let export: Value = response.json().await.expect("json");
        assert_eq!((export["format"].as_str(), export["version"].as_u64()), (Some("tact-author-export"), Some(1)));
        assert_eq!((export["team_id"].as_str(), export["team_name"].as_str()), (Some("team-a"), Some("Team a")));
        assert_eq!(export["author"]["name"], "Marie D.");
        let texts: Vec<&str> = export["mentions"]
            .as_array()
            .map(|all| all.iter().filter_map(|m| m["text"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(texts, [long.as_str(), "Second"], "{db:?}: every mention, in full, oldest first");
        assert_eq!(export["tags"][0]["tag"], "vip");
        assert_eq!(export["notes"][0]["body"], "Prefers e-mail.");
        assert_eq!(export["notes"][0]["written_by_name"], "agent of a");
        assert_eq!(export["replies"], json!([]), "{db:?}: no published reply to her");
        assert_eq!(export["retention_days"], 365);
        server.stop().await;
    }
}

#[tokio::test]
async fn settings_are_read_by_everyone_changed_by_managers_and_bounded() {
    for db in databases() {
        let server = TestServer::start(db).await;
        let (intern, manager) = (server.account('A', Role::Intern), server.account('A', Role::Manager));
        let (status, defaults) = server.send("GET", "/history/settings", Some(&intern.token), None).await;
        assert_eq!(status, 200);
        assert_eq!(defaults["captured_networks"].as_array().map(Vec::len), Some(8), "{db:?}: every network by default");
        let short = json!({"captured_networks": [], "retention_days": 3});
        let (status, body) = server.send("PUT", "/history/settings", Some(&manager.token), Some(short)).await;
        assert_eq!(status, 422, "{body}");
        assert!(body["error"]["message"].as_str().unwrap_or("").contains("7 to 1825 days"), "{body}");
        let messy = json!({"captured_networks": ["x", "generic", "x"], "retention_days": 30});
        let (_, saved) = server.send("PUT", "/history/settings", Some(&manager.token), Some(messy)).await;
        assert_eq!(saved["captured_networks"], json!(["x", "generic"]), "{db:?}");
        let (_, read) = server.send("GET", "/history/settings", Some(&intern.token), None).await;
        assert_eq!(
            (read["retention_days"].as_u64(), read["updated_by"].as_str()),
            (Some(30), Some("a-manager")),
            "{db:?}"
        );
        server.stop().await;
    }
}
