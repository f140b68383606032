//! What the approval and audit tests share: request bodies, direct SQL on the test database (to
//! tamper with the log as someone with database access would), and the `tact` binary.
#![allow(dead_code)]

use serde_json::{json, Value};

/// The comment every test answers.
pub const PERMALINK: &str = "https://x.com/lea/status/1";

/// A finding as the extension's check returns it.
pub fn finding(rule_id: &str, severity: &str) -> Value {
    json!({"rule_id": rule_id, "kind": "forbidden", "severity": severity, "message": format!("{rule_id} says no"),
           "start": 0, "end": 1, "replacements": []})
}

/// `POST /approvals` body.
pub fn approval_request(id: &str, text: &str, findings: Value) -> Value {
    json!({
        "id": id,
        "text": text,
        "context": {"platform": "x", "author": {"name": "Léa Martin", "handle": "@lea", "profile_url": "https://x.com/lea"},
                    "text": "Where is my order?", "permalink": PERMALINK, "page_url": PERMALINK},
        "findings": findings,
        "note": "First reply to a customer",
    })
}

/// `POST /published` body.
pub fn published(id: &str, text: &str, approval_id: Option<&str>) -> Value {
    published_on(id, text, approval_id, PERMALINK, json!([]))
}

pub fn published_on(id: &str, text: &str, approval_id: Option<&str>, permalink: &str, findings: Value) -> Value {
    json!({
        "id": id, "text": text, "platform": "x", "permalink": permalink,
        "author": {"name": "Léa Martin", "handle": "@lea"}, "template_id": "merci",
        "approval_id": approval_id, "findings": findings, "posted_ms": 1_700_000_000_000i64,
    })
}

/// Runs SQL statements on the database at `url` (a test's SQLite file or PostgreSQL schema).
pub async fn raw_sql(url: &str, statements: &[&str]) {
    if url.starts_with("sqlite:") {
        let pool = sqlx::sqlite::SqlitePoolOptions::new().max_connections(1).connect(url).await.expect("SQLite");
        for statement in statements {
            sqlx::query(statement).execute(&pool).await.unwrap_or_else(|error| panic!("{statement}: {error}"));
        }
        pool.close().await;
    } else {
        let pool = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(url).await.expect("PostgreSQL");
        for statement in statements {
            sqlx::query(statement).execute(&pool).await.unwrap_or_else(|error| panic!("{statement}: {error}"));
        }
        pool.close().await;
    }
}

/// Runs one SQL statement and says whether the database accepted it.
pub async fn sql_accepted(url: &str, statement: &str) -> Result<(), String> {
    let outcome = if url.starts_with("sqlite:") {
        let pool = sqlx::sqlite::SqlitePoolOptions::new().max_connections(1).connect(url).await.expect("SQLite");
        let outcome = sqlx::query(statement).execute(&pool).await.map(|_| ());
        pool.close().await;
        outcome
    } else {
        let pool = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(url).await.expect("PostgreSQL");
        let outcome = sqlx::query(statement).execute(&pool).await.map(|_| ());
        pool.close().await;
        outcome
    };
    outcome.map_err(|error| error.to_string())
}

/// Removes the database's append-only guard, as someone with full access to it could.
pub async fn drop_append_only_guard(url: &str) {
    if url.starts_with("sqlite:") {
        raw_sql(url, &["DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_delete_only_purged"]).await;
    } else {
        raw_sql(url, &["DROP TRIGGER audit_log_append_only ON audit_log"]).await;
    }
}

/// Runs `tact audit ARGS... --db URL`; returns (exit code, stdout, stderr).
pub fn tact_audit(url: &str, args: &[&str]) -> (i32, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tact"))
        .arg("audit")
        .args(args)
        .args(["--db", url])
        .output()
        .expect("tact runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A `tact serve` child process on `database_url`, killed when dropped.
pub struct ServeProcess {
    child: std::process::Child,
    pub base: String,
    /// Kept open: a child writing to a closed pipe would fail.
    _stdout: std::io::Lines<std::io::BufReader<std::process::ChildStdout>>,
}

impl ServeProcess {
    pub fn start(database_url: &str) -> ServeProcess {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tact"))
            .args(["serve", "--listen", "127.0.0.1:0", "--db", database_url])
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .expect("tact serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = std::io::BufReader::new(stdout).lines();
        let base = lines
            .by_ref()
            .find_map(|line| line.ok()?.split("listening on ").nth(1).map(str::to_owned))
            .expect("the address is printed");
        ServeProcess { child, base, _stdout: lines }
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
