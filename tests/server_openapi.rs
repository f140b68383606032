//! The OpenAPI document at `/api/v1/openapi.json` tells the truth: every operation it lists is
//! routed (answered by its handler, not by the not-found or wrong-method fallbacks), and every
//! route the API serves is in it.
#![cfg(not(target_arch = "wasm32"))]

mod server_support;

use serde_json::Value;
use server_support::{Db, TestServer};

/// Every (method, path) the router serves under `/api/v1`, as listed in `src/server/http.rs`.
const ROUTES: [(&str, &str); 42] = [
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
    ("get", "/reports"),
    ("get", "/audit"),
    ("get", "/audit/verify"),
    ("get", "/audit/export"),
    ("get", "/team/settings"),
    ("put", "/team/settings"),
    ("post", "/rules/yaml"),
    ("post", "/rules/to-yaml"),
    ("post", "/history/mentions"),
    ("get", "/history/authors/{key}"),
    ("delete", "/history/authors/{key}"),
    ("get", "/history/authors/{key}/export"),
    ("post", "/history/authors/{key}/tags"),
    ("delete", "/history/authors/{key}/tags/{tag}"),
    ("get", "/history/authors/{key}/notes"),
    ("post", "/history/authors/{key}/notes"),
    ("delete", "/history/authors/{key}/notes/{id}"),
    ("get", "/history/presence"),
    ("post", "/history/presence"),
    ("get", "/history/search"),
    ("get", "/history/settings"),
    ("put", "/history/settings"),
    ("post", "/history/purge"),
];

/// A concrete address for a documented path.
fn concrete(path: &str) -> String {
    path.replace("{id}", "a-agent")
        .replace("{token}", "tact_x")
        .replace("{key}", "x%3Ahandle%3Aa")
        .replace("{tag}", "vip")
}

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
        let (status, body) = server.send(&method.to_uppercase(), &concrete(path), None, None).await;
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
            let (status, body) = server.send(&method.to_uppercase(), &concrete(path), Some(&token), None).await;
            assert_eq!(
                (status, body["error"]["code"].as_str()),
                (405, Some("method_not_allowed")),
                "{method} {path} answers though undocumented: {body}"
            );
        }
    }
    server.stop().await;
}

/// Whether `value` has the shape `schema` gives (types, enums, required and known properties,
/// recursively through `$ref`, arrays and `oneOf`); the error says where it differs.
fn conforms(document: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    if let Some(reference) = schema["$ref"].as_str() {
        let target =
            document.pointer(reference.trim_start_matches('#')).ok_or(format!("{at}: unresolved {reference}"))?;
        return conforms(document, target, value, at);
    }
    if let Some(options) = schema["oneOf"].as_array() {
        return match options.iter().any(|option| conforms(document, option, value, at).is_ok()) {
            true => Ok(()),
            false => Err(format!("{at}: {value} is none of {schema}")),
        };
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(value) {
            return Err(format!("{at}: {value} is not one of {allowed:?}"));
        }
    }
    let fits = match schema["type"].as_str() {
        Some("object") => return conforms_object(document, schema, value, at),
        Some("array") => {
            let items = value.as_array().ok_or(format!("{at}: {value} is not an array"))?;
            for (index, item) in items.iter().enumerate() {
                conforms(document, &schema["items"], item, &format!("{at}[{index}]"))?;
            }
            true
        }
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("boolean") => value.is_boolean(),
        Some("null") => value.is_null(),
        _ => true,
    };
    if fits {
        Ok(())
    } else {
        Err(format!("{at}: {value} is not a {}", schema["type"]))
    }
}

fn conforms_object(document: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    let fields = value.as_object().ok_or(format!("{at}: {value} is not an object"))?;
    let properties = schema["properties"].as_object().cloned().unwrap_or_default();
    for required in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        if !fields.contains_key(required) {
            return Err(format!("{at}: `{required}` is missing"));
        }
    }
    for (name, field) in fields {
        let property = properties.get(name).ok_or(format!("{at}: `{name}` is not documented"))?;
        conforms(document, property, field, &format!("{at}.{name}"))?;
    }
    Ok(())
}

#[tokio::test]
async fn history_answers_have_the_shapes_the_document_gives() {
    use serde_json::json;
    use server_support::{key_path, mention};
    let document: Value = serde_json::from_str(tact::server::http::OPENAPI_JSON).expect("valid JSON");
    let server = TestServer::start(Db::Sqlite).await;
    let token = server.account('A', tact::core::policy::Role::Manager).token;
    let now = tact::server::now_ms();
    let link = "https://x.com/marie/status/1";
    let author = format!("/history/authors/{}", key_path("x:handle:marie"));
    let calls: Vec<(&str, String, Option<Value>, &str)> = vec![
        ("POST", "/history/mentions".into(), Some(mention("x", "marie", "Marie", "Hi", link, now)), "CaptureResult"),
        ("POST", format!("{author}/tags"), Some(json!({"tag": "vip"})), "TagList"),
        ("POST", format!("{author}/notes"), Some(json!({"body": "A note"})), "NoteView"),
        ("GET", format!("{author}/notes"), None, "NotePage"),
        ("GET", author.clone(), None, "Timeline"),
        ("POST", "/history/presence".into(), Some(json!({"permalink": link, "state": "replying"})), "PresenceView"),
        ("GET", format!("/history/presence?permalink={}", key_path(link)), None, "PresenceView"),
        ("GET", "/history/search?q=marie".into(), None, "SearchPage"),
        ("GET", "/history/search?scope=authors".into(), None, "SearchPage"),
        ("GET", "/history/settings".into(), None, "HistorySettingsView"),
        ("POST", "/history/purge".into(), None, "PurgeReport"),
        ("GET", format!("{author}/export"), None, "AuthorExport"),
        ("DELETE", author.clone(), None, "ErasureReport"),
        (
            "PUT",
            "/history/settings".into(),
            Some(json!({"captured_networks": ["x"], "retention_days": 30})),
            "HistorySettingsView",
        ),
    ];
    for (method, path, body, schema) in calls {
        let (status, answer) = server.send(method, &path, Some(&token), body).await;
        assert!((200..300).contains(&status), "{method} {path}: {status} {answer}");
        let schema_ref = json!({"$ref": format!("#/components/schemas/{schema}")});
        if let Err(difference) = conforms(&document, &schema_ref, &answer, schema) {
            panic!("{method} {path} differs from {schema}: {difference}\n{answer}");
        }
    }
    let capture = mention("x", "marie", "Marie", "Hi", link, now);
    let undocumented = json!({"surprise": true});
    let schema = json!({"$ref": "#/components/schemas/MentionCapture"});
    assert!(conforms(&document, &schema, &capture, "capture").is_ok());
    assert!(conforms(&document, &schema, &undocumented, "capture").is_err(), "the check can fail");
    server.stop().await;
}

#[tokio::test]
async fn a_report_has_the_shape_the_document_gives() {
    let document: Value = serde_json::from_str(tact::server::http::OPENAPI_JSON).expect("valid JSON");
    let server = TestServer::start(Db::Sqlite).await;
    let token = server.account('A', tact::core::policy::Role::Manager).token;
    let (status, report) = server.send("GET", "/reports?from=2026-11-01&to=2026-11-07&period=day", Some(&token), None).await;
    assert_eq!(status, 200, "{report}");
    let schema = serde_json::json!({"$ref": "#/components/schemas/Report"});
    if let Err(difference) = conforms(&document, &schema, &report, "Report") {
        panic!("the report differs from its schema: {difference}\n{report}");
    }
    let mut surprising = report.clone();
    surprising["overview"][0]["surprise"] = serde_json::json!(1);
    assert!(conforms(&document, &schema, &surprising, "Report").is_err(), "the check can fail");
    server.stop().await;
}
