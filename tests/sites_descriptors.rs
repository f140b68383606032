#![cfg(not(target_arch = "wasm32"))]
//! Site descriptors seen from outside: the built-in ones validate, bad ones are refused with the
//! field and the reason, the registry picks the right one per host and lets a team override it.

use proptest::prelude::*;
use serde_json::{json, Value};
use tact::core::sites::{
    builtin_descriptors, DescriptorError, EditorKind, Registry, SiteDescriptor, BUILTIN_DESCRIPTORS,
    MAX_DESCRIPTOR_BYTES,
};

fn minimal() -> Value {
    json!({
        "id": "example",
        "name": "Example forum",
        "hosts": ["forum.example.com"],
        "comments": { "container": ".post" },
        "fields": {
            "author_name": [{ "selector": ".author", "read": "text" }],
            "text": [{ "selector": ".body" }]
        },
        "editors": [{ "selector": "textarea.reply", "kind": "textarea" }],
        "editor_to_comment": ["closest"]
    })
}

fn refused(descriptor: Value) -> (String, String) {
    match SiteDescriptor::from_json(&descriptor.to_string()) {
        Ok(_) => panic!("should be refused: {descriptor}"),
        Err(DescriptorError::Invalid { path, reason }) => (path, reason),
        Err(other) => panic!("expected a field error, got {other}"),
    }
}

fn with(mut descriptor: Value, pointer: &str, value: Value) -> Value {
    *descriptor.pointer_mut(pointer).unwrap_or_else(|| panic!("no {pointer}")) = value;
    descriptor
}

#[test]
fn every_builtin_descriptor_validates() {
    for ((file, _), parsed) in BUILTIN_DESCRIPTORS.iter().zip(builtin_descriptors()) {
        if let Err(error) = parsed {
            panic!("{file}: {error}");
        }
    }
}

#[test]
fn every_builtin_descriptor_is_named_after_its_file() {
    for ((file, _), parsed) in BUILTIN_DESCRIPTORS.iter().zip(builtin_descriptors()) {
        let descriptor = parsed.expect("valid");
        assert_eq!(format!("{}.json", descriptor.id), *file);
    }
}

#[test]
fn the_builtin_registry_serves_every_required_site() {
    let registry = Registry::builtin();
    for id in ["x", "linkedin", "facebook", "instagram", "youtube", "reddit", "old_reddit", "tiktok", "generic"] {
        assert!(registry.by_id(id).is_some(), "{id} missing");
    }
}

#[test]
fn a_minimal_descriptor_is_accepted() {
    let descriptor = SiteDescriptor::from_json(&minimal().to_string()).expect("valid");
    assert_eq!(descriptor.version, 1);
    assert_eq!(descriptor.editors[0].kind, EditorKind::Textarea);
}

#[test]
fn an_unbalanced_selector_is_refused_with_its_path() {
    let (path, reason) = refused(with(minimal(), "/fields/author_name/0/selector", json!("a[href")));
    assert_eq!(path, "fields.author_name[0].selector");
    assert!(reason.starts_with("unbalanced '['"), "{reason}");
}

#[test]
fn an_unsupported_pseudo_class_is_refused() {
    let (path, reason) = refused(with(minimal(), "/comments/container", json!(".post:hover")));
    assert_eq!(path, "comments.container");
    assert!(reason.contains("unsupported pseudo-class ':hover'"), "{reason}");
}

#[test]
fn an_unknown_editor_kind_is_refused() {
    let (path, reason) = refused(with(minimal(), "/editors/0/kind", json!("slate")));
    assert_eq!(path, "editors[0].kind");
    assert!(reason.contains("unknown variant `slate`"), "{reason}");
}

#[test]
fn a_javascript_url_is_refused_wherever_it_is() {
    let transform = json!([{ "prepend": "javascript:alert(1)//" }]);
    let (path, reason) =
        refused(with(minimal(), "/fields/text/0", json!({ "selector": ".body", "transforms": transform })));
    assert_eq!(path, "fields.text[0].transforms[0].prepend");
    assert!(reason.contains("script-like"), "{reason}");
    let (_, reason) = refused(with(minimal(), "/name", json!("Java\tScript: x")));
    assert!(reason.contains("script-like"), "{reason}");
}

#[test]
fn markup_is_refused() {
    let (path, reason) = refused(with(minimal(), "/name", json!("<script>alert(1)</script>")));
    assert_eq!(path, "name");
    assert!(reason.contains("markup"), "{reason}");
}

#[test]
fn event_handler_attributes_may_not_be_read() {
    let (path, reason) =
        refused(with(minimal(), "/fields/text/0", json!({ "selector": ".body", "read": { "attribute": "onclick" } })));
    assert_eq!(path, "fields.text[0].read.attribute");
    assert!(reason.contains("not allowed"), "{reason}");
}

#[test]
fn a_missing_required_field_is_named() {
    let mut descriptor = minimal();
    descriptor.as_object_mut().expect("object").remove("editors");
    let (path, reason) = refused(descriptor);
    assert_eq!(path, "descriptor");
    assert!(reason.contains("missing field `editors`"), "{reason}");
}

#[test]
fn an_unknown_field_is_refused_rather_than_ignored() {
    let (path, reason) = refused(with(minimal(), "/fields/author_name/0", json!({ "selector": ".a", "script": "x" })));
    assert_eq!(path, "fields.author_name[0].script");
    assert!(reason.contains("unknown field `script`"), "{reason}");
}

#[test]
fn a_site_without_hosts_or_with_a_bad_host_is_refused() {
    assert_eq!(refused(with(minimal(), "/hosts", json!([]))).0, "hosts");
    let (path, reason) = refused(with(minimal(), "/hosts", json!(["forum.example.com", "https://x.com"])));
    assert_eq!(path, "hosts[1]");
    assert!(reason.contains("lowercase"), "{reason}");
}

#[test]
fn an_empty_strategy_list_is_refused() {
    assert_eq!(refused(with(minimal(), "/editor_to_comment", json!([]))).0, "editor_to_comment");
}

#[test]
fn a_page_url_rule_may_not_carry_a_selector() {
    let (path, _) = refused(with(minimal(), "/fields/text/0", json!({ "selector": ".body", "read": "page_url" })));
    assert_eq!(path, "fields.text[0].read");
}

#[test]
fn nth_without_a_selector_is_refused() {
    let (path, reason) = refused(with(minimal(), "/fields/text/0", json!({ "nth": 2 })));
    assert_eq!(path, "fields.text[0].nth");
    assert!(reason.contains("add a selector"), "{reason}");
}

#[test]
fn an_oversized_descriptor_is_refused_before_parsing() {
    let padding = "x".repeat(MAX_DESCRIPTOR_BYTES);
    let descriptor = with(minimal(), "/name", json!(padding));
    let error = SiteDescriptor::from_json(&descriptor.to_string()).unwrap_err();
    assert!(matches!(error, DescriptorError::TooLarge { limit: MAX_DESCRIPTOR_BYTES, .. }), "{error}");
}

#[test]
fn an_oversized_selector_is_refused() {
    let long = format!(".{}", "a".repeat(1_000));
    let (path, reason) = refused(with(minimal(), "/comments/container", json!(long)));
    assert_eq!(path, "comments.container");
    assert!(reason.contains("limit is 1000"), "{reason}");
}

#[test]
fn invalid_json_is_refused_as_syntax() {
    assert!(matches!(SiteDescriptor::from_json("{"), Err(DescriptorError::Syntax(_))));
}

#[test]
fn each_host_gets_its_own_site() {
    let registry = Registry::builtin();
    let cases = [
        ("x.com", "x"),
        ("twitter.com", "x"),
        ("www.linkedin.com", "linkedin"),
        ("www.facebook.com", "facebook"),
        ("www.instagram.com", "instagram"),
        ("www.youtube.com", "youtube"),
        ("www.reddit.com", "reddit"),
        ("old.reddit.com", "old_reddit"),
        ("www.tiktok.com", "tiktok"),
        ("WWW.Reddit.com:443", "reddit"),
    ];
    for (host, id) in cases {
        assert_eq!(registry.for_host(host).id, id, "{host}");
    }
}

#[test]
fn an_unknown_host_falls_back_to_generic() {
    let registry = Registry::builtin();
    assert_eq!(registry.for_host("forum.example.org").id, "generic");
    assert_eq!(registry.for_host("notx.com").id, "generic");
}

#[test]
fn a_team_override_replaces_the_builtin_descriptor() {
    let mut fixed = minimal();
    fixed["id"] = json!("linkedin");
    fixed["hosts"] = json!(["www.linkedin.com"]);
    fixed["version"] = json!(7);
    let override_descriptor = SiteDescriptor::from_json(&fixed.to_string()).expect("valid");
    let registry = Registry::with_overrides(vec![override_descriptor]);
    assert_eq!(registry.for_host("www.linkedin.com").version, 7);
    assert_eq!(registry.sites().iter().filter(|site| site.id == "linkedin").count(), 1);
    assert_eq!(registry.for_host("x.com").id, "x", "other sites are untouched");
}

#[test]
fn a_team_override_can_add_a_site() {
    let added = SiteDescriptor::from_json(&minimal().to_string()).expect("valid");
    let registry = Registry::with_overrides(vec![added]);
    assert_eq!(registry.for_host("forum.example.com").id, "example");
    assert!(registry.hosts().contains(&"forum.example.com"));
}

#[test]
fn the_manifest_matches_come_from_the_descriptors() {
    let registry = Registry::builtin();
    let hosts = registry.hosts();
    for host in ["x.com", "twitter.com", "www.linkedin.com", "old.reddit.com", "www.tiktok.com", "www.youtube.com"] {
        assert!(hosts.contains(&host), "{host}");
    }
    let matches = registry.content_script_matches();
    assert!(matches.contains(&"https://old.reddit.com/*".to_owned()));
    assert_eq!(matches.len(), hosts.len());
}

/// Valid descriptors with one value replaced by an arbitrary one.
fn mutated_descriptor() -> impl Strategy<Value = String> {
    let pointers = prop::sample::select(vec![
        "/id",
        "/name",
        "/hosts/0",
        "/comments/container",
        "/fields/author_name/0/selector",
        "/fields/author_name/0/read",
        "/fields/text/0",
        "/editors/0/kind",
        "/editors/0/selector",
        "/editor_to_comment/0",
    ]);
    let values = prop_oneof![
        any::<String>().prop_map(Value::from),
        "[a-z\\[\\]():.#>+~*=\"' ,|^$-]{0,40}".prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        Just(Value::Null),
        Just(json!({ "closest": "(" })),
        Just(json!([])),
    ];
    (pointers, values).prop_map(|(pointer, value)| with(minimal(), pointer, value).to_string())
}

proptest! {
    #[test]
    fn parsing_never_panics_on_arbitrary_text(text in any::<String>()) {
        let _ = SiteDescriptor::from_json(&text);
    }

    #[test]
    fn parsing_never_panics_on_mutated_descriptors(json in mutated_descriptor()) {
        let _ = SiteDescriptor::from_json(&json);
    }

    #[test]
    fn selector_validation_never_panics(selector in "[a-z\\[\\]():.#>+~*=\"'\\\\ ,|^$!@-]{0,60}") {
        let _ = tact::core::sites::selector::validate_selector(&selector);
    }
}
