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

fn tact_check_rules(rules_yaml: &str, args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let rules = dir.path().join("rules.yaml");
    std::fs::write(&rules, rules_yaml).expect("write the rules");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tact"))
        .arg("check")
        .arg("--rules")
        .arg(&rules)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("tact runs");
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin.unwrap_or_default().as_bytes()).expect("write stdin");
    }
    let output = child.wait_with_output().expect("tact ends");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code().unwrap_or(-1), text(&output.stdout), text(&output.stderr))
}

const RULES: &str = "rules:\n  - id: no-promise\n    kind: forbidden\n    severity: block\n    terms: [guaranteed]\n    suggest: likely\n  - id: no-dm\n    kind: preferred\n    severity: info\n    prefer: private message\n    instead_of: [DM]\n";

#[test]
fn a_blocking_finding_in_a_draft_exits_with_one_and_names_the_rule() {
    let (status, out, _) = tact_check_rules(RULES, &["Results are guaranteed, send a DM"], None);
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("no-promise") && out.contains("1:13"), "{out}");
    assert!(out.contains("no-dm"), "{out}");
}

#[test]
fn a_clean_draft_read_from_standard_input_exits_with_zero() {
    let (status, out, _) = tact_check_rules(RULES, &["-"], Some("Thanks for your message!\n"));
    assert_eq!(status, 0, "{out}");
    assert!(out.contains("no findings"), "{out}");
}

#[test]
fn findings_can_be_printed_as_json_with_utf16_offsets() {
    let (_, out, _) = tact_check_rules(RULES, &["--json", "👋 guaranteed"], None);
    let findings: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(findings[0]["rule_id"], "no-promise");
    assert_eq!(findings[0]["start"], 3, "the wave emoji is two UTF-16 units and a space");
}

#[test]
fn a_broken_rule_file_is_refused_with_the_rule_field_and_line() {
    let broken = "rules:\n  - id: bad\n    kind: forbidden\n    severity: critical\n    terms: [x]\n";
    let (status, _, err) = tact_check_rules(broken, &["text"], None);
    assert_eq!(status, 2);
    assert!(err.contains("bad") && err.contains("severity") && err.contains("line"), "{err}");
}
