//! `tact check` as a user runs it: findings with line and column, and the exit status.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn tact_check(files: &[(&str, &str)], extra: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut command = Command::new(env!("CARGO_BIN_EXE_tact"));
    command.arg("check");
    for (name, body) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, body).expect("write the template");
        command.arg("--template").arg(&path);
    }
    let output = command.args(extra).output().expect("tact runs");
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn a_good_template_passes_with_status_zero() {
    let (status, out) = tact_check(&[("thanks.mustache", "Hi {{author.first_name | there}}, thanks!")], &[]);
    assert_eq!(status, 0, "{out}");
    assert!(out.contains("thanks.mustache: ok"), "{out}");
}

#[test]
fn an_unclosed_section_fails_with_its_line_and_column() {
    let (status, out) = tact_check(&[("broken.mustache", "Hello\n  {{#vip}}Welcome back")], &[]);
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("broken.mustache:2:3: error[unclosed-section]"), "{out}");
}

#[test]
fn an_unknown_variable_is_a_warning_with_its_position() {
    let (status, out) = tact_check(&[("typo.mustache", "Bonjour {{author.firstname}} !")], &["--lang", "fr"]);
    assert_eq!(status, 0, "a warning does not fail: {out}");
    assert!(out.contains("typo.mustache:1:9: warning[unknown-variable]"), "{out}");
}

#[test]
fn a_reply_too_long_for_x_is_reported() {
    let long = "word ".repeat(80);
    let (status, out) = tact_check(&[("long.mustache", &long)], &["--network", "x"]);
    assert!(out.contains("long.mustache:1:1: warning[too-long-for-platform]"), "{out}");
    assert!(out.contains("280"), "{out}");
    assert_eq!(status, 0, "measured on a sample comment, so a warning: {out}");
}

#[test]
fn json_output_lists_the_diagnostics() {
    let (_, out) = tact_check(&[("broken.mustache", "{{/x}}")], &["--json"]);
    let parsed: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(parsed[0]["diagnostics"][0]["code"], "unexpected-close");
    assert_eq!(parsed[0]["diagnostics"][0]["line"], 1);
}
