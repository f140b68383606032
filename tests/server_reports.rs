//! Reports through the API on a seeded month (tests/fixtures/reports-seed.json), on SQLite and
//! PostgreSQL: every number below is computed by hand from the seed in the comments beside it.
//! Who may read reports, bad ranges, and the CSV of each table.
#![cfg(not(target_arch = "wasm32"))]

mod server_support;

use serde_json::{json, Value};
use server_support::{databases, mention, put, template, TestServer};
use tact::core::digest::text_hash;
use tact::core::history::Mention;
use tact::core::model::approvals::{ApprovalRequestInput, DecisionKind, MemberRef, PublishedReplyInput};
use tact::core::model::history::{HistorySettings, MentionCapture};
use tact::core::model::team::TeamSettings;
use tact::core::policy::approval::{posting_decision, publication_policy};
use tact::core::policy::Role;
use tact::core::reports::calendar::{parse_day, DAY_MS};
use tact::server::storage::{ApprovalCreation, DecisionOutcome, NewApproval, NewDecision, NewPublishedReply, Publication};

const MINUTE: i64 = 60_000;

fn seed() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reports-seed.json")).expect("seed");
    serde_json::from_str(&text).expect("seed JSON")
}

/// `2026-11-02T09:20` (UTC) in ms.
fn at(text: &str) -> i64 {
    let (day, time) = text.split_once('T').expect("a time");
    let (hours, minutes) = time.split_once(':').expect("HH:MM");
    let hours: i64 = hours.parse().expect("hours");
    let minutes: i64 = minutes.parse().expect("minutes");
    parse_day(day).expect("a day") * DAY_MS + hours * 60 * MINUTE + minutes * MINUTE
}

fn text_of(value: &Value, key: &str) -> String {
    value[key].as_str().unwrap_or_default().to_owned()
}

fn findings(value: &Value) -> Value {
    let list: Vec<Value> = value["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|pair| {
            json!({"rule_id": pair[0], "kind": "forbidden", "severity": pair[1], "message": "seeded", "start": 0, "end": 1, "replacements": []})
        })
        .collect();
    Value::Array(list)
}

fn member_ref(server: &TestServer, id: &str) -> (MemberRef, Role, String) {
    let role = Role::ALL.into_iter().find(|role| id.ends_with(role.as_str())).expect("a seeded member");
    let team = if id.starts_with("a-") { 'A' } else { 'B' };
    let account = server.account(team, role);
    (MemberRef { id: account.id.clone(), display_name: format!("{role} of {}", team.to_ascii_lowercase()) }, role, format!("team-{}", team.to_ascii_lowercase()))
}

/// Writes the seed through storage, with its own times (the API would stamp the clock's).
async fn load_seed(server: &TestServer) {
    let seed = seed();
    let manager = server.account('A', Role::Manager).token;
    let templates: Vec<Value> = seed["templates"]
        .as_array()
        .expect("templates")
        .iter()
        .enumerate()
        .map(|(index, t)| {
            let mut document = template(&text_of(t, "id"), "team", "Bonjour {{author.name}}");
            document["title"] = t["title"].clone();
            put("seed-client", index as u64 + 1, "team_templates", &text_of(t, "id"), 0, document)
        })
        .collect();
    let (status, pushed) = server.send("POST", "/sync", Some(&manager), Some(json!({"mutations": templates}))).await;
    assert_eq!(status, 200, "{pushed}");
    let settings = HistorySettings::default();
    for m in seed["mentions"].as_array().expect("mentions") {
        let seen = at(m["seen"].as_str().expect("seen"));
        let body = mention(&text_of(m, "network"), &text_of(m, "handle"), "Someone", "A comment", &text_of(m, "permalink"), seen);
        let capture: MentionCapture = serde_json::from_value(body).expect("a capture");
        let checked: Mention = capture.validate(&settings, seen + 1).expect("valid");
        server.storage.capture_mentions("team-a", &[checked]).await.expect("captured");
    }
    for a in seed["approvals"].as_array().expect("approvals") {
        let (requester, role, team_id) = member_ref(server, &text_of(a, "member"));
        let input: ApprovalRequestInput = serde_json::from_value(json!({
            "id": a["id"], "text": a["text"], "findings": findings(a),
            "context": {"platform": a["platform"], "permalink": a["permalink"], "author": {"name": "Someone", "handle": "@someone", "profile_url": ""}, "text": "A comment", "page_url": a["permalink"]},
        }))
        .expect("a request");
        let input = input.checked().expect("valid request");
        let reasons = posting_decision(role, &requester.id, &TeamSettings::default(), &input.findings).reasons().to_vec();
        let request = NewApproval { team_id: team_id.clone(), requester, input, reasons, now_ms: at(a["created"].as_str().expect("created")) };
        assert!(matches!(server.storage.create_approval(&request).await.expect("stored"), ApprovalCreation::Created(_)));
        let decision = &a["decision"];
        if decision.is_null() {
            continue;
        }
        let kind = match decision["kind"].as_str() {
            Some("approve") => DecisionKind::Approved,
            Some("approve_edited") => DecisionKind::ApprovedEdited,
            _ => DecisionKind::Rejected,
        };
        let approved_text = if kind == DecisionKind::ApprovedEdited { text_of(decision, "text") } else { text_of(a, "text") };
        let approved = (kind != DecisionKind::Rejected).then(|| (approved_text.clone(), text_hash(&approved_text)));
        let decider = member_ref(server, &text_of(decision, "by")).0;
        let now_ms = at(decision["at"].as_str().expect("at"));
        let decided = NewDecision { kind, decider, comment: "seeded".into(), approved, now_ms };
        let outcome = server.storage.decide_approval(&team_id, &text_of(a, "id"), &decided).await.expect("decided");
        assert!(matches!(outcome, DecisionOutcome::Decided(_)));
    }
    for r in seed["replies"].as_array().expect("replies") {
        let (member, role, team_id) = member_ref(server, &text_of(r, "member"));
        let posted_ms = at(r["posted"].as_str().expect("posted"));
        let input: PublishedReplyInput = serde_json::from_value(json!({
            "id": r["id"], "text": r["text"], "platform": r["platform"], "permalink": r["permalink"],
            "template_id": r["template"], "approval_id": r["approval"], "findings": findings(r), "posted_ms": posted_ms,
        }))
        .expect("a record");
        let input = input.checked().expect("valid record");
        let decision = posting_decision(role, &member.id, &TeamSettings::default(), &input.findings);
        let policy = publication_policy(&decision, input.approval_id.is_some());
        let text_hash = text_hash(&input.text);
        let reply = NewPublishedReply { team_id, member, input, text_hash, policy, now_ms: posted_ms + 1_000 };
        assert!(matches!(server.storage.record_published(&reply).await.expect("recorded"), Publication::Recorded(_)));
    }
}

async fn report(server: &TestServer, role: Role, query: &str) -> (u16, Value) {
    let token = server.account('A', role).token;
    server.send("GET", &format!("/reports?{query}"), Some(&token), None).await
}

/// A row of the replies table: member, network, replies, measured, median and p90 in minutes.
type ReplyLine = (String, String, u64, u64, Option<i64>, Option<i64>);
/// A row of the approvals table: member, network, asked, decided, rejected, median and p90.
type ApprovalLine = (String, String, u64, u64, u64, Option<i64>, Option<i64>);

fn minutes(value: &Value) -> Option<i64> {
    value.as_i64().map(|ms| ms / MINUTE)
}

#[tokio::test]
async fn the_seeded_month_by_week_gives_the_hand_computed_numbers() {
    for db in databases() {
        let server = TestServer::start(db).await;
        load_seed(&server).await;
        let (status, body) = report(&server, Role::Manager, "from=2026-11-01&to=2026-11-30&period=week").await;
        assert_eq!(status, 200, "{db:?}: {body}");
        assert_eq!((body["from"].as_str(), body["to"].as_str(), body["time_zone"].as_str()), (Some("2026-11-01"), Some("2026-11-30"), Some("UTC")));
        let overview = body["overview"].as_array().expect("overview");
        let weeks: Vec<&str> = overview.iter().filter_map(|row| row["period"].as_str()).collect();
        // 1 November 2026 is a Sunday: its week is the one of Monday 26 October.
        assert_eq!(weeks, ["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"], "{db:?}");

        // Week of 2 November: R1, R2, R3, R4, R12 posted. Response times (first reply to a seen
        // comment): R1 09:00->09:20 = 20, R2 10:00->11:00 = 60, R3 08:00->08:45 = 45,
        // R12 11:00->12:30 = 90; R4 is a second reply to M1 (none). Sorted [20, 45, 60, 90]:
        // median rank ceil(0.5*4) = 2 -> 45; p90 rank ceil(0.9*4) = 4 -> 90.
        let week = &overview[1];
        assert_eq!((week["replies"].as_u64(), week["response_samples"].as_u64()), (Some(5), Some(4)), "{db:?}: {week}");
        assert_eq!((minutes(&week["response_median_ms"]), minutes(&week["response_p90_ms"])), (Some(45), Some(90)), "{db:?}");
        // Requests made that week: ap5 (pending), ap6 (approved after 20 min): rate 0/1.
        assert_eq!((week["approvals_requested"].as_u64(), week["approvals_decided"].as_u64(), week["approvals_rejected"].as_u64()), (Some(2), Some(1), Some(0)));
        assert_eq!(week["rejection_rate"].as_f64(), Some(0.0));
        assert_eq!((minutes(&week["turnaround_median_ms"]), minutes(&week["turnaround_p90_ms"])), (Some(20), Some(20)));

        // Week of 9 November: R5, R6, R7, R8, R9. R5 12:00->14:00 = 120, R6 13:00->13:05 = 5,
        // R7 09:00->12:00 = 180; R8 has no permalink, R9's comment was never seen. [5, 120, 180]:
        // median rank ceil(1.5) = 2 -> 120; p90 rank ceil(2.7) = 3 -> 180.
        let week = &overview[2];
        assert_eq!((week["replies"].as_u64(), week["response_samples"].as_u64()), (Some(5), Some(3)), "{db:?}: {week}");
        assert_eq!((minutes(&week["response_median_ms"]), minutes(&week["response_p90_ms"])), (Some(120), Some(180)));
        // ap1 (30 min, approved edited), ap2 (120 min, rejected), ap3 (10 min): [10, 30, 120],
        // median 30, p90 rank 3 -> 120; rejection rate 1/3.
        assert_eq!((week["approvals_requested"].as_u64(), week["approvals_decided"].as_u64(), week["approvals_rejected"].as_u64()), (Some(3), Some(3), Some(1)));
        assert_eq!(week["rejection_rate"].as_f64(), Some(0.3333));
        assert_eq!((minutes(&week["turnaround_median_ms"]), minutes(&week["turnaround_p90_ms"])), (Some(30), Some(120)));

        // Week of 30 November: ap4, asked 30 Nov 23:00, approved 1 Dec 07:30 (510 min); its
        // reply R10 (1 December) is outside the range, as R11 (31 October) is.
        let week = &overview[5];
        assert_eq!((week["replies"].as_u64(), week["approvals_requested"].as_u64()), (Some(0), Some(1)));
        assert_eq!(minutes(&week["turnaround_median_ms"]), Some(510));
        assert!(week["response_median_ms"].is_null(), "nothing measured is null, not 0");
        assert!(overview[3]["rejection_rate"].is_null(), "{db:?}: nothing decided is null");

        // Interns' approvals (reasons include the intern role): ap5 (week 2 Nov, pending); ap1
        // approved and ap2 rejected (week 9 Nov); ap4 approved (week 30 Nov).
        let interns: Vec<(u64, u64, u64, u64)> = body["interns"]
            .as_array()
            .expect("interns")
            .iter()
            .map(|row| (row["requests"].as_u64().unwrap_or(99), row["approved"].as_u64().unwrap_or(99), row["rejected"].as_u64().unwrap_or(99), row["pending"].as_u64().unwrap_or(99)))
            .collect();
        assert_eq!(interns, [(0, 0, 0, 0), (1, 0, 0, 1), (2, 1, 1, 0), (0, 0, 0, 0), (0, 0, 0, 0), (1, 1, 0, 0)], "{db:?}");
        server.stop().await;
    }
}

#[tokio::test]
async fn the_seeded_month_per_member_network_rule_and_template() {
    for db in databases() {
        let server = TestServer::start(db).await;
        load_seed(&server).await;
        let (status, body) = report(&server, Role::Owner, "from=2026-11-01&to=2026-11-30&period=month").await;
        assert_eq!(status, 200, "{db:?}: {body}");
        // The month: 10 replies (R1-R9, R12; not R10, R11, nor team B's B1). Responses
        // [5, 20, 45, 60, 90, 120, 180]: median rank ceil(3.5) = 4 -> 60; p90 rank ceil(6.3) = 7
        // -> 180. Requests ap1-ap6: 5 decided, 1 rejected (rate 0.2); turnarounds
        // [10, 20, 30, 120, 510]: median rank 3 -> 30, p90 rank 5 -> 510.
        let month = &body["overview"][0];
        assert_eq!((month["period"].as_str(), month["replies"].as_u64(), month["response_samples"].as_u64()), (Some("2026-11"), Some(10), Some(7)), "{db:?}: {month}");
        assert_eq!((minutes(&month["response_median_ms"]), minutes(&month["response_p90_ms"])), (Some(60), Some(180)));
        assert_eq!((month["approvals_requested"].as_u64(), month["approvals_decided"].as_u64(), month["rejection_rate"].as_f64()), (Some(6), Some(5), Some(0.2)));
        assert_eq!((minutes(&month["turnaround_median_ms"]), minutes(&month["turnaround_p90_ms"])), (Some(30), Some(510)));

        // Per member and network, by name: the agent on LinkedIn (R7: 180), the agent on X (R1,
        // R2, R4, R6, R8, R9, R12: 7 replies; measured [5, 20, 60, 90] -> median rank 2 = 20,
        // p90 rank 4 = 90), the intern on X (R5: 120), the manager on LinkedIn (R3: 45).
        let replies: Vec<ReplyLine> = body["replies"]
            .as_array()
            .expect("replies")
            .iter()
            .map(|row| (text_of(row, "member_name"), text_of(row, "network"), row["replies"].as_u64().unwrap_or(0), row["response_samples"].as_u64().unwrap_or(0), minutes(&row["response_median_ms"]), minutes(&row["response_p90_ms"])))
            .collect();
        let expected = [
            ("agent of a", "linkedin", 1, 1, Some(180), Some(180)),
            ("agent of a", "x", 7, 4, Some(20), Some(90)),
            ("intern of a", "x", 1, 1, Some(120), Some(120)),
            ("manager of a", "linkedin", 1, 1, Some(45), Some(45)),
        ]
        .map(|(name, network, n, samples, median, p90)| (name.to_owned(), network.to_owned(), n, samples, median, p90));
        assert_eq!(replies, expected, "{db:?}");

        // Requests per requester and network: the agent on LinkedIn (ap3, 10 min), the agent on
        // X (ap6, 20 min), the intern on X (ap1 30, ap2 120 rejected, ap4 510, ap5 pending:
        // 4 asked, 3 decided, 1 rejected; [30, 120, 510] -> median 120, p90 510).
        let approvals: Vec<ApprovalLine> = body["approvals"]
            .as_array()
            .expect("approvals")
            .iter()
            .map(|row| (text_of(row, "member_name"), text_of(row, "network"), row["requested"].as_u64().unwrap_or(0), row["decided"].as_u64().unwrap_or(0), row["rejected"].as_u64().unwrap_or(0), minutes(&row["turnaround_median_ms"]), minutes(&row["turnaround_p90_ms"])))
            .collect();
        let expected = [
            ("agent of a", "linkedin", 1, 1, 0, Some(10), Some(10)),
            ("agent of a", "x", 1, 1, 0, Some(20), Some(20)),
            ("intern of a", "x", 4, 3, 1, Some(120), Some(510)),
        ]
        .map(|(name, network, asked, decided, rejected, median, p90)| (name.to_owned(), network.to_owned(), asked, decided, rejected, median, p90));
        assert_eq!(approvals, expected, "{db:?}");
        assert_eq!(body["approvals"][2]["rejection_rate"].as_f64(), Some(0.3333));

        // Findings: `price` on the drafts of ap1, ap2, ap3 (3); ap2 rejected (blocked by the
        // approver); ap1 approved edited and published as R5 without it (fixed); ap3 approved but
        // never published (neither). `tone` on ap6's draft, kept in R12, and in R4: posted with 2.
        assert_eq!(
            body["findings"],
            json!([
                {"rule_id": "price", "in_drafts": 3, "blocked_by_approver": 1, "fixed_before_posting": 1, "posted_with": 0},
                {"rule_id": "tone", "in_drafts": 1, "blocked_by_approver": 0, "fixed_before_posting": 0, "posted_with": 2},
            ]),
            "{db:?}"
        );
        // Templates: merci in R1, R2, R4, R8 (4), retard in R3, R6 (2); jamais only in R11
        // (October) and bienvenue never: unused, by title.
        assert_eq!(
            body["templates"],
            json!([{"template_id": "merci", "title": "Merci", "uses": 4}, {"template_id": "retard", "title": "Retard de livraison", "uses": 2}]),
            "{db:?}"
        );
        assert_eq!(
            body["unused_templates"],
            json!([{"template_id": "bienvenue", "title": "Bienvenue", "uses": 0}, {"template_id": "jamais", "title": "Jamais utilisé", "uses": 0}]),
            "{db:?}"
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn each_table_downloads_as_csv_with_the_same_numbers() {
    for db in databases() {
        let server = TestServer::start(db).await;
        load_seed(&server).await;
        let token = server.account('A', Role::Manager).token;
        let url = format!("{}/api/v1/reports?from=2026-11-01&to=2026-11-30&period=month&format=csv&table=replies", server.base);
        let response = server.client.get(url).bearer_auth(&token).send().await.expect("answer");
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
        let disposition = response.headers()["content-disposition"].to_str().unwrap_or("").to_owned();
        assert_eq!(disposition, "attachment; filename=\"tact-report-2026-11-01-2026-11-30-replies.csv\"");
        let csv = response.text().await.expect("text");
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "period,member_id,member_name,network,replies,response_samples,response_median_ms,response_p90_ms");
        assert_eq!(lines[2], "2026-11,a-agent,agent of a,x,7,4,1200000,5400000", "{db:?}: 20 and 90 minutes");
        assert_eq!(lines.len(), 6, "a header, four rows, and the last line's end: {csv}");
        for table in ["overview", "replies", "approvals", "findings", "templates", "unused_templates", "interns"] {
            let (status, _) = server.send("GET", &format!("/reports?from=2026-11-01&to=2026-11-30&format=csv&table={table}"), Some(&token), None).await;
            assert_eq!(status, 200, "{db:?}: {table}");
        }
        let (status, body) = server.send("GET", "/reports?from=2026-11-01&to=2026-11-30&format=csv", Some(&token), None).await;
        assert_eq!((status, body["error"]["code"].as_str()), (400, Some("bad_query")), "a CSV names its table");
        server.stop().await;
    }
}

#[tokio::test]
async fn only_managers_and_owners_read_reports_and_only_their_teams() {
    for db in databases() {
        let server = TestServer::start(db).await;
        load_seed(&server).await;
        for role in [Role::Agent, Role::Intern] {
            let (status, body) = report(&server, role, "from=2026-11-01&to=2026-11-30").await;
            assert_eq!((status, body["error"]["code"].as_str()), (403, Some("forbidden")), "{db:?} {role}");
        }
        let (status, _) = server.send("GET", "/reports?from=2026-11-01&to=2026-11-30", None, None).await;
        assert_eq!(status, 401, "{db:?}: signed out");
        // Team B's manager sees B's one reply (B1), none of A's.
        let token = server.account('B', Role::Manager).token;
        let (status, body) = server.send("GET", "/reports?from=2026-11-01&to=2026-11-30", Some(&token), None).await;
        assert_eq!(status, 200);
        assert_eq!(body["overview"][0]["replies"], 1, "{db:?}: {body}");
        assert_eq!(body["overview"][0]["response_samples"], 0, "A's sighting of the comment is not B's");
        assert_eq!(body["unused_templates"], json!([]), "A's templates are not B's");
        server.stop().await;
    }
}

#[tokio::test]
async fn bad_ranges_and_periods_are_refused_with_what_to_fix() {
    let server = TestServer::start(server_support::Db::Sqlite).await;
    let cases = [
        ("from=2026-11-31&to=2026-12-01", "first date"),
        ("from=2026-11-01&to=2026-10-01", "after the last day"),
        ("from=2025-01-01&to=2026-06-01", "at most 366 days"),
        ("from=2026-11-01&to=2026-11-30&period=year", "day, week or month"),
        ("from=2026-11-01&to=2026-11-30&format=pdf", "json or csv"),
        ("to=2026-11-30", ""),
    ];
    for (query, says) in cases {
        let (status, body) = report(&server, Role::Manager, query).await;
        assert_eq!((status, body["error"]["code"].as_str()), (400, Some("bad_query")), "{query}: {body}");
        assert!(body["error"]["message"].as_str().unwrap_or("").contains(says), "{query}: {body}");
    }
    server.stop().await;
}
