//! The OpenAPI document at `/api/v1/openapi.json` tells the truth: every operation it lists is
//! routed (answered by its handler, not by the not-found or wrong-method fallbacks), and every
//! route the API serves is in it.
#![cfg(not(target_arch = "wasm32"))]

mod server_support;

use serde_json::Value;
use server_support::{Db, TestServer};

/// Every (method, path) the router serves under `/api/v1`, as listed in `src/server/http.rs`.
const ROUTES: [(&str, &str); 24] = [
    ("get", "/health"),
    ("get", "/openapi.json"),
    ("post", "/session"),
    ("delete", "/session"),
    ("get", "/me"),
    ("get", "/members"),
    ("put", "/members/{id}/role"),
    ("post", "/members/{id}/deactivate"),
    ("post", "/invites"),
    ("post", "/invites/{token}/accept"),
    ("get", "/sync"),
    ("post", "/sync"),
    ("get", "/events"),
    ("get", "/approvals"),
    ("post", "/approvals"),
    ("get", "/approvals/{id}"),
    ("post", "/approvals/{id}/decision"),
    ("get", "/published"),
    ("post", "/published"),
    ("get", "/audit"),
    ("get", "/audit/verify"),
    ("get", "/audit/export"),
    ("get", "/team/settings"),
    ("put", "/team/settings"),
];

fn documented(document: &Value) -> Vec<(String, String)> {
    let mut operations = Vec::new();
    for (path, item) in document["paths"].as_object().cloned().unwrap_or_default() {
        for method in item.as_object().map(|methods| methods.keys().cloned().collect::<Vec<_>>()).unwrap_or_default() {
            operations.push((method, path.clone()));
        }
    }
    operations.sort();
    operations
}

#[tokio::test]
async fn the_document_lists_exactly_the_routes_and_each_is_served() {
    let server = TestServer::start(Db::Sqlite).await;
    let response = server.client.get(format!("{}/api/v1/openapi.json", server.base)).send().await.expect("answer");
    assert_eq!(response.status(), 200);
    let document: Value = response.json().await.expect("json");
    assert_eq!(document["openapi"], "3.1.0");
    let mut expected: Vec<(String, String)> =
        ROUTES.iter().map(|(method, path)| (method.to_string(), path.to_string())).collect();
    expected.sort();
    assert_eq!(documented(&document), expected, "the document and the route list differ");
    for (method, path) in ROUTES {
        let concrete = path.replace("{id}", "a-agent").replace("{token}", "tact_x");
        let (status, body) = server.send(&method.to_uppercase(), &concrete, None, None).await;
        let code = body["error"]["code"].as_str().unwrap_or("");
        assert!(code != "not_found" && code != "method_not_allowed", "{method} {path} is not routed: {status} {body}");
    }
    let (status, body) = server.send("GET", "/not-documented", None, None).await;
    assert_eq!((status, body["error"]["code"].as_str()), (404, Some("not_found")), "the check can fail");
    server.stop().await;
}

#[tokio::test]
async fn every_schema_reference_in_the_document_resolves() {
    let document: Value = serde_json::from_str(tact::server::http::OPENAPI_JSON).expect("valid JSON");
    let text = document.to_string();
    for reference in text.split("\"$ref\":\"").skip(1).filter_map(|rest| rest.split('"').next()) {
        let pointer = reference.trim_start_matches('#');
        assert!(document.pointer(pointer).is_some(), "unresolved {reference}");
    }
}

#[tokio::test]
async fn on_every_documented_path_an_undocumented_method_is_refused() {
    let server = TestServer::start(Db::Sqlite).await;
    let token = server.account('A', tact::core::policy::Role::Owner).token;
    for (_, path) in ROUTES {
        for method in ["get", "post", "put", "delete", "patch"] {
            if ROUTES.contains(&(method, path)) {
                continue;
            }
            let concrete = path.replace("{id}", "a-agent").replace("{token}", "tact_x");
            let (status, body) = server.send(&method.to_uppercase(), &concrete, Some(&token), None).await;
            assert_eq!(
                (status, body["error"]["code"].as_str()),
                (405, Some("method_not_allowed")),
                "{method} {path} answers though undocumented: {body}"
            );
        }
    }
    server.stop().await;
}
