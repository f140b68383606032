//! `POST /api/v1/rules/yaml` and `/rules/to-yaml`: the console's rules editor shows and edits the
//! team's rule set as YAML through the server (YAML is read natively only).
#![cfg(not(target_arch = "wasm32"))]

mod server_support;

use serde_json::{json, Value};
use server_support::{Db, TestServer};
use tact::core::guidelines::{starter_yaml, RuleSet};
use tact::core::policy::Role;

#[tokio::test]
async fn a_valid_yaml_rule_file_round_trips_through_json() {
    let server = TestServer::start(Db::Sqlite).await;
    let token = server.account('A', Role::Intern).token;
    let yaml = starter_yaml("brand-safety-en").expect("a starter");
    let (status, body) = server.send("POST", "/rules/yaml", Some(&token), Some(json!({ "yaml": yaml }))).await;
    assert_eq!(status, 200, "{body}");
    let rules = body["rules"].clone();
    RuleSet::from_json(&rules.to_string()).expect("the JSON answer is a rule file the extension reads");
    assert!(rules["rules"].as_array().is_some_and(|list| !list.is_empty()), "{rules}");

    let (status, body) = server.send("POST", "/rules/to-yaml", Some(&token), Some(json!({ "rules": rules }))).await;
    assert_eq!(status, 200, "{body}");
    let written = body["yaml"].as_str().expect("yaml text").to_owned();
    assert!(!written.trim_start().starts_with('{'), "written as YAML, not JSON: {written}");
    let (status, body) = server.send("POST", "/rules/yaml", Some(&token), Some(json!({ "yaml": written }))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["rules"], rules, "YAML → JSON → YAML → JSON keeps the rule file");
    server.stop().await;
}

#[tokio::test]
async fn a_bad_yaml_rule_file_is_refused_with_its_rule_field_and_line() {
    let server = TestServer::start(Db::Sqlite).await;
    let token = server.account('A', Role::Manager).token;
    let yaml = "version: 1\nrules:\n  - id: no-promise\n    kind: pattern\n    severity: loud\n    pattern: guaranteed\n";
    let (status, body) = server.send("POST", "/rules/yaml", Some(&token), Some(json!({ "yaml": yaml }))).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "invalid_input");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    for part in ["no-promise", "severity", "line 5"] {
        assert!(message.contains(part), "{part:?} missing from {message:?}");
    }
    let (status, _) = server.send("POST", "/rules/to-yaml", Some(&token), Some(json!({ "rules": [1, 2] }))).await;
    assert_eq!(status, 422);
    server.stop().await;
}

#[tokio::test]
async fn an_unauthenticated_call_is_refused() {
    let server = TestServer::start(Db::Sqlite).await;
    for (path, body) in [("/rules/yaml", json!({ "yaml": "version: 1\nrules: []\n" })), ("/rules/to-yaml", json!({ "rules": { "version": 1, "rules": [] } }))] {
        let (status, answer): (u16, Value) = server.send("POST", path, None, Some(body)).await;
        assert_eq!((status, answer["error"]["code"].as_str()), (401, Some("unauthorized")), "{path}");
    }
    server.stop().await;
}
