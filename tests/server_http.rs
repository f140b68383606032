//! The HTTP surface of `tact serve`, over a real socket and a temporary SQLite database.
#![cfg(not(target_arch = "wasm32"))]

mod server_support;

use std::time::Duration;

use server_support::{databases, Db, TestServer};
use tact::core::policy::Role;
use tact::server::http::{router, AppState, MAX_BODY_BYTES};
use tact::server::storage::Storage;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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
async fn health_names_the_database_on_each_kind() {
    for db in databases() {
        let (storage, _dir) = server_support::open(db).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let app = router(AppState::new(storage.clone()));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let body: serde_json::Value =
            reqwest::get(format!("{base}/api/v1/health")).await.expect("request").json().await.expect("json");
        let expected = if db == Db::Sqlite { "sqlite" } else { "postgres" };
        assert_eq!((body["status"].as_str(), body["database"].as_str()), (Some("ok"), Some(expected)), "{db:?}");
        storage.close().await;
    }
}

#[tokio::test]
async fn health_answers_503_in_the_one_error_shape_when_the_database_does_not() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let storage = Storage::open(&format!("sqlite://{}", dir.path().join("t.db").display())).await.expect("storage");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let app = router(AppState::new(storage.clone()));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    storage.close().await;
    let response = reqwest::get(format!("{base}/api/v1/health")).await.expect("request");
    assert_eq!(response.status(), 503);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["error"]["code"], "storage_unavailable");
}

const EXTENSION: &str = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";

#[tokio::test]
async fn the_extensions_preflight_is_allowed_with_the_authorization_and_content_type_headers() {
    let server = start().await;
    let response = reqwest::Client::new()
        .request(reqwest::Method::OPTIONS, format!("{}/api/v1/sync", server.base))
        .header("origin", EXTENSION)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "authorization,content-type")
        .send()
        .await
        .expect("request");
    assert!(response.status().is_success(), "{}", response.status());
    let headers = response.headers();
    assert_eq!(headers["access-control-allow-origin"], EXTENSION);
    let allowed = headers["access-control-allow-headers"].to_str().expect("text").to_ascii_lowercase();
    assert!(allowed.contains("authorization") && allowed.contains("content-type"), "{allowed}");
    assert!(headers["access-control-allow-methods"].to_str().expect("text").contains("POST"));
    assert!(headers.get("access-control-allow-credentials").is_none(), "no cookies, no credentials");
}

#[tokio::test]
async fn an_extensions_request_is_answered_cors_with_retry_after_readable_and_a_web_page_is_not() {
    let server = start().await;
    let client = reqwest::Client::new();
    let from_extension = client
        .post(format!("{}/api/v1/session", server.base))
        .header("origin", EXTENSION)
        .json(&serde_json::json!({"email": "nobody@example.com", "password": "wrong password"}))
        .send()
        .await
        .expect("request");
    assert_eq!(from_extension.status(), 401);
    assert_eq!(from_extension.headers()["access-control-allow-origin"], EXTENSION);
    let exposed = from_extension.headers()["access-control-expose-headers"].to_str().expect("text").to_ascii_lowercase();
    assert!(exposed.contains("retry-after"), "{exposed}");
    let from_page = client
        .get(format!("{}/api/v1/health", server.base))
        .header("origin", "https://evil.example")
        .send()
        .await
        .expect("request");
    assert_eq!(from_page.status(), 200);
    assert!(from_page.headers().get("access-control-allow-origin").is_none());
    let preflight = client
        .request(reqwest::Method::OPTIONS, format!("{}/api/v1/sync", server.base))
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .expect("request");
    assert!(preflight.headers().get("access-control-allow-origin").is_none());
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
async fn the_root_and_bare_demo_addresses_lead_to_the_demo_page() {
    let server = start().await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    for path in ["/", "/demo"] {
        let response = client.get(format!("{}{path}", server.base)).send().await.expect("request");
        assert!(response.status().is_redirection(), "{path}: {}", response.status());
        assert_eq!(response.headers()["location"], "/demo/", "{path}");
    }
}

#[tokio::test]
async fn an_oversized_body_with_a_length_is_refused_in_the_one_error_shape() {
    let server = start().await;
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/session", server.base))
        .header("content-type", "application/json")
        .body(vec![b' '; MAX_BODY_BYTES + 1])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 413);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["error"]["code"], "too_large");
}

#[tokio::test]
async fn an_oversized_chunked_body_is_refused_in_the_one_error_shape() {
    let server = start().await;
    let address = server.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.expect("connect");
    let head = format!(
        "POST /api/v1/session HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\n\
         transfer-encoding: chunked\r\nconnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.expect("head");
    let chunk = vec![b' '; 64 * 1024];
    // Until the server answers and stops reading (it may close before the last chunk).
    for _ in 0..=(MAX_BODY_BYTES / chunk.len()) {
        let framed = [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
        if stream.write_all(&framed).await.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains(r#""code":"too_large""#), "{answer}");
}

#[tokio::test]
async fn a_body_just_under_the_limit_is_read() {
    let server = start().await;
    let mut body = vec![b' '; MAX_BODY_BYTES - 2];
    body.extend_from_slice(b"{}");
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/session", server.base))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("request");
    let status = response.status();
    let answer: serde_json::Value = response.json().await.expect("json");
    assert_eq!(status, 422, "read, then refused for missing fields: {answer}");
    assert_ne!(answer["error"]["code"], "too_large");
}

#[tokio::test]
async fn a_request_whose_body_never_finishes_is_answered_408_at_the_deadline() {
    let server = TestServer::start_with(Db::Sqlite, |state| state.request_deadline = Duration::from_millis(300)).await;
    let address = server.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address).await.expect("connect");
    let head = format!(
        "POST /api/v1/session HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\n\
         content-length: 100\r\n\r\n{{\"email\""
    );
    stream.write_all(head.as_bytes()).await.expect("a partial request");
    let mut answer = vec![0; 4096];
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut answer)).await;
    let length = read.expect("an answer before 5 s").expect("readable");
    let answer = String::from_utf8_lossy(&answer[..length]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains(r#""code":"request_timeout""#), "{answer}");
    server.stop().await;
}

#[tokio::test]
async fn the_live_channel_outlasts_the_request_deadline() {
    let server = TestServer::start_with(Db::Sqlite, |state| state.request_deadline = Duration::from_millis(300)).await;
    let token = server.account('A', Role::Agent).token;
    let mut events =
        server.client.get(format!("{}/api/v1/events", server.base)).bearer_auth(&token).send().await.expect("stream");
    assert_eq!(events.status(), 200);
    assert!(events.chunk().await.ok().flatten().is_some(), "the opening event");
    tokio::time::sleep(Duration::from_millis(600)).await;
    let manager = server.account('A', Role::Manager).token;
    let push =
        serde_json::json!({"mutations": [server_support::put("m", 1, "rule_sets", "r", 0, serde_json::json!({}))]});
    let (status, _) = server.send("POST", "/sync", Some(&manager), Some(push)).await;
    assert_eq!(status, 200);
    let moved = tokio::time::timeout(Duration::from_secs(5), events.chunk()).await;
    let moved = moved.ok().and_then(Result::ok).flatten().unwrap_or_default();
    assert!(String::from_utf8_lossy(&moved).contains("event: cursor"), "still open past the deadline: {moved:?}");
    server.stop().await;
}
