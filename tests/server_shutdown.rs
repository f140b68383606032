//! `tact serve` stops cleanly on SIGTERM and on Ctrl-C (SIGINT): it ends open live channels,
//! closes the database, logs it, and exits 0, even while an extension holds an event stream.
#![cfg(not(target_arch = "wasm32"))]

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::json;

/// Well under the server's own drain limit (10 s): a clean stop does not wait for it.
const STOP_WITHIN: Duration = Duration::from_secs(5);

/// A `tact serve --demo` child process on a temporary SQLite database; killed if still running
/// when dropped.
struct ServeProcess {
    child: Child,
    base: String,
    stderr: Option<JoinHandle<String>>,
    _dir: tempfile::TempDir,
}

impl ServeProcess {
    fn start() -> ServeProcess {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let db = format!("sqlite://{}", dir.path().join("data/tact.db").display());
        let mut child = Command::new(env!("CARGO_BIN_EXE_tact"))
            .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--db", &db])
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tact serve starts");
        let mut stderr = child.stderr.take().expect("stderr");
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let base = lines
            .by_ref()
            .find_map(|line| line.ok()?.split("listening on ").nth(1).map(str::to_owned))
            .expect("the address is printed");
        // Keep reading stdout so the child never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        ServeProcess { child, base, stderr: Some(stderr), _dir: dir }
    }

    fn signal(&self, name: &str) {
        let sent = Command::new("kill").args([&format!("-{name}"), &self.child.id().to_string()]).status();
        assert!(sent.is_ok_and(|status| status.success()), "kill -{name} is delivered");
    }

    /// The exit status and the log, once the process has ended by itself within `limit`.
    fn wait_for_exit(&mut self, limit: Duration) -> (ExitStatus, String) {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("the child can be waited for") {
                let log = self.stderr.take().map(|reader| reader.join().unwrap_or_default()).unwrap_or_default();
                return (status, log);
            }
            assert!(started.elapsed() < limit, "tact serve still runs {limit:?} after the signal");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn sign_in(client: &reqwest::Client, base: &str) -> String {
    let response = client
        .post(format!("{base}/api/v1/session"))
        .json(&json!({"email": "agent@demo.tact", "password": "tact-demo"}))
        .send()
        .await
        .expect("the server answers");
    assert_eq!(response.status(), 201);
    let body: serde_json::Value = response.json().await.expect("json");
    body["token"].as_str().expect("a token").to_owned()
}

#[tokio::test]
async fn sigterm_ends_an_open_live_channel_and_the_server_exits_cleanly() {
    let mut server = ServeProcess::start();
    let client = reqwest::Client::new();
    let token = sign_in(&client, &server.base).await;
    let mut events =
        client.get(format!("{}/api/v1/events", server.base)).bearer_auth(&token).send().await.expect("a stream");
    assert_eq!(events.status(), 200);
    let first = events.chunk().await.expect("an event").expect("the opening event");
    assert!(String::from_utf8_lossy(&first).contains("event: cursor"), "{first:?}");

    server.signal("TERM");

    let ended = tokio::time::timeout(STOP_WITHIN, async { while let Ok(Some(_)) = events.chunk().await {} }).await;
    assert!(ended.is_ok(), "the live channel ends when the server stops");
    let (status, log) = server.wait_for_exit(STOP_WITHIN);
    assert!(status.success(), "exit status {status:?}; log:\n{log}");
    assert!(log.contains("SIGTERM received"), "{log}");
    assert!(log.contains("tact serve stopped cleanly"), "{log}");
}

#[tokio::test]
async fn ctrl_c_stops_the_server_and_it_no_longer_accepts_connections() {
    let mut server = ServeProcess::start();
    let client = reqwest::Client::new();
    let health = client.get(format!("{}/api/v1/health", server.base)).send().await.expect("health");
    assert_eq!(health.status(), 200);

    server.signal("INT");

    let (status, log) = server.wait_for_exit(STOP_WITHIN);
    assert!(status.success(), "exit status {status:?}; log:\n{log}");
    assert!(log.contains("Ctrl-C received"), "{log}");
    assert!(log.contains("tact serve stopped cleanly"), "{log}");
    let after = reqwest::Client::new().get(format!("{}/api/v1/health", server.base)).send().await;
    assert!(after.is_err(), "nothing listens any more: {after:?}");
}

#[tokio::test]
async fn a_request_in_flight_is_waited_for_until_a_second_signal() {
    let mut server = ServeProcess::start();
    let address = server.base.trim_start_matches("http://").to_owned();
    // A sign-in whose body never finishes arriving: the request stays in flight.
    let mut stalled = tokio::net::TcpStream::connect(&address).await.expect("connect");
    let head = format!(
        "POST /api/v1/session HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{{\"email\""
    );
    tokio::io::AsyncWriteExt::write_all(&mut stalled, head.as_bytes()).await.expect("a partial request");
    tokio::time::sleep(Duration::from_millis(200)).await;

    server.signal("TERM");
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(server.child.try_wait().expect("wait").is_none(), "the server waits for the request in flight");

    server.signal("TERM");
    let (status, log) = server.wait_for_exit(STOP_WITHIN);
    assert!(status.success(), "exit status {status:?}; log:\n{log}");
    assert!(log.contains("second signal: stopping now"), "{log}");
    assert!(log.contains("tact serve stopped cleanly"), "{log}");
}
