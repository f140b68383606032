//! The extension's two languages say the same things: every message of `_locales/en` exists in
//! `_locales/fr` and back, with the same placeholders, so no label falls back to its key.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use serde_json::Value;

fn messages(lang: &str) -> BTreeMap<String, Value> {
    let path = format!("{}/extension/_locales/{lang}/messages.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// The `$ARGn$` a message uses and the placeholders it declares.
fn placeholders(message: &Value) -> (Vec<String>, Vec<String>) {
    let text = message["message"].as_str().unwrap_or_default();
    let mut used: Vec<String> = text.split('$').skip(1).step_by(2).map(str::to_lowercase).collect();
    used.sort();
    used.dedup();
    let mut declared: Vec<String> = message["placeholders"].as_object().map(|map| map.keys().cloned().collect()).unwrap_or_default();
    declared.sort();
    (used, declared)
}

#[test]
fn english_and_french_have_the_same_messages_and_placeholders() {
    let (en, fr) = (messages("en"), messages("fr"));
    let only = |a: &BTreeMap<String, Value>, b: &BTreeMap<String, Value>| a.keys().filter(|key| !b.contains_key(*key)).cloned().collect::<Vec<_>>();
    assert_eq!(only(&en, &fr), Vec::<String>::new(), "in English only");
    assert_eq!(only(&fr, &en), Vec::<String>::new(), "in French only");
    for (key, english) in &en {
        let (used, declared) = placeholders(english);
        assert_eq!(used, declared, "{key}: English uses exactly what it declares");
        assert_eq!(placeholders(&fr[key]), (used.clone(), declared), "{key}: French has the same placeholders");
        assert!(!fr[key]["message"].as_str().unwrap_or_default().is_empty(), "{key}: French is empty");
    }
}
