#![cfg(not(target_arch = "wasm32"))]
//! Runs every case of the official Mustache specification's core modules (vendored in
//! `tests/conformance/mustache/`, MIT, commit in `COMMIT`).
//!
//! Each case renders twice: with `Escape::Html` the output must equal the specification's
//! expectation exactly; with `Escape::None`, the plain-text default for replies, it must equal
//! the expectation with HTML entities decoded (only the "HTML Escaping" cases contain any; the
//! test checks that too). See the module docs of `tact::core::template`.

use std::collections::HashMap;

use serde_json::Value;
use tact::core::template::{Escape, RenderOptions, Template};

const MODULES: [(&str, &str); 6] = [
    (
        "interpolation",
        include_str!("conformance/mustache/interpolation.json"),
    ),
    (
        "sections",
        include_str!("conformance/mustache/sections.json"),
    ),
    (
        "inverted",
        include_str!("conformance/mustache/inverted.json"),
    ),
    (
        "comments",
        include_str!("conformance/mustache/comments.json"),
    ),
    (
        "delimiters",
        include_str!("conformance/mustache/delimiters.json"),
    ),
    (
        "partials",
        include_str!("conformance/mustache/partials.json"),
    ),
];

/// The cases whose expectation differs between HTML-escaped and plain output.
const ESCAPING_CASES: [&str; 3] = [
    "interpolation: HTML Escaping",
    "interpolation: Implicit Iterators - HTML Escaping",
    "sections: Implicit Iterator - HTML Escaping",
];

struct Case {
    label: String,
    template: String,
    data: Value,
    partials: HashMap<String, String>,
    expected: String,
}

fn load_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (module, json) in MODULES {
        let spec: Value = serde_json::from_str(json).expect("the vendored spec is valid JSON");
        let tests = spec["tests"]
            .as_array()
            .expect("a spec file has a list of tests");
        for test in tests {
            let partials = test["partials"]
                .as_object()
                .map(|partials| {
                    partials
                        .iter()
                        .map(|(name, source)| {
                            (name.clone(), source.as_str().unwrap_or_default().to_owned())
                        })
                        .collect()
                })
                .unwrap_or_default();
            cases.push(Case {
                label: format!("{module}: {}", test["name"].as_str().unwrap_or("?")),
                template: test["template"]
                    .as_str()
                    .expect("a case has a template")
                    .to_owned(),
                data: test["data"].clone(),
                partials,
                expected: test["expected"]
                    .as_str()
                    .expect("a case has an expectation")
                    .to_owned(),
            });
        }
    }
    cases
}

/// Undoes the escaping `Escape::Html` applies. `&amp;` goes last so `&amp;lt;` stays `&lt;`.
fn decode_html_entities(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn render(case: &Case, escape: Escape) -> Result<String, String> {
    let template = Template::parse(&case.template).map_err(|error| error.to_string())?;
    template
        .render_with(&case.data, &case.partials, RenderOptions { escape })
        .map(|reply| reply.text)
        .map_err(|error| error.to_string())
}

/// Why a case fails, or `None` when it passes.
fn failure(case: &Case) -> Option<String> {
    let html = render(case, Escape::Html);
    if html.as_deref() != Ok(case.expected.as_str()) {
        return Some(format!(
            "with Escape::Html: expected {:?}, got {html:?}",
            case.expected
        ));
    }
    let plain_expected = decode_html_entities(&case.expected);
    let plain = render(case, Escape::None);
    if plain.as_deref() != Ok(plain_expected.as_str()) {
        return Some(format!(
            "with Escape::None: expected {plain_expected:?}, got {plain:?}"
        ));
    }
    None
}

#[test]
fn every_mustache_spec_case_passes_with_and_without_html_escaping() {
    let cases = load_cases();
    let mut failures = Vec::new();
    for case in &cases {
        if let Some(reason) = failure(case) {
            failures.push(format!("{}: {reason}", case.label));
        }
    }
    let passed = cases.len() - failures.len();
    println!(
        "mustache conformance: {passed} passed of {} run",
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn only_the_html_escaping_cases_differ_between_escaped_and_plain_output() {
    let differing: Vec<String> = load_cases()
        .into_iter()
        .filter(|case| decode_html_entities(&case.expected) != case.expected)
        .map(|case| case.label)
        .collect();
    assert_eq!(differing, ESCAPING_CASES);
}

#[test]
fn the_spec_files_hold_all_their_cases() {
    // 42 + 34 + 22 + 12 + 14 + 12 at the vendored commit: a truncated file would fail here.
    assert_eq!(load_cases().len(), 136);
}

#[test]
fn the_vendored_spec_keeps_its_licence_and_commit() {
    let licence = include_str!("conformance/mustache/LICENSE");
    let commit = include_str!("conformance/mustache/COMMIT");
    assert!(licence.contains("MIT") || licence.contains("Permission is hereby granted"));
    assert_eq!(commit.trim().len(), 40);
}
