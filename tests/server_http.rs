//! The HTTP surface of `tact serve`, over a real socket and a temporary SQLite database.
#![cfg(not(target_arch = "wasm32"))]

use tact::server::http::{router, AppState, MAX_BODY_BYTES};
use tact::server::storage::Storage;

struct Server {
    base: String,
    _dir: tempfile::TempDir,
}

async fn start() -> Server {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let storage = Storage::open(&format!("sqlite://{}", dir.path().join("t.db").display())).await.expect("storage");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, router(AppState::new(storage))).await;
    });
    Server { base, _dir: dir }
}

#[tokio::test]
async fn health_reports_ok_and_the_database() {
    let server = start().await;
    let response = reqwest::get(format!("{}/api/v1/health", server.base)).await.expect("request");
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "sqlite");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn an_unknown_api_path_answers_in_the_one_error_shape() {
    let server = start().await;
    let response = reqwest::get(format!("{}/api/v1/no-such-thing", server.base)).await.expect("request");
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["error"]["code"], "not_found");
    assert!(body["error"]["message"].as_str().is_some_and(|message| !message.is_empty()));
}

#[tokio::test]
async fn the_demo_page_is_served_with_its_stylesheet() {
    let server = start().await;
    let page = reqwest::get(format!("{}/demo/", server.base)).await.expect("request");
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    assert!(page.text().await.expect("text").contains("class=\"comment\""));
    let css = reqwest::get(format!("{}/demo/demo.css", server.base)).await.expect("request");
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
    let missing = reqwest::get(format!("{}/demo/../Cargo.toml", server.base)).await.expect("request");
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let server = start().await;
    let client = reqwest::Client::new();
    let response = client
        .post(format!("{}/api/v1/health", server.base))
        .body(vec![b'x'; MAX_BODY_BYTES + 1])
        .send()
        .await
        .expect("request");
    assert!(response.status() == 413 || response.status() == 405, "status {}", response.status());
}
