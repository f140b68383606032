//! Property tests: parsing, rendering and checking never panic, whatever the input, and the
//! limits hold.

use std::collections::HashMap;

use proptest::prelude::*;
use serde_json::{Map, Value};

use super::*;

/// Sources made mostly of Mustache syntax, so the parser's corners get visited.
fn template_source() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("{{".to_owned()),
        Just("}}".to_owned()),
        Just("{{{".to_owned()),
        Just("}}}".to_owned()),
        Just("{{#a}}".to_owned()),
        Just("{{/a}}".to_owned()),
        Just("{{^b}}".to_owned()),
        Just("{{/b}}".to_owned()),
        Just("{{> p}}".to_owned()),
        Just("{{> q}}".to_owned()),
        Just("{{|}}".to_owned()),
        Just("{{a | x}}".to_owned()),
        Just("{{.}}".to_owned()),
        Just("{{=<% %>=}}".to_owned()),
        Just("<%a%>".to_owned()),
        Just("{{!".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("  ".to_owned()),
        "[a-c.|&#^/!>={} é😀\t]{1,4}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

/// Snippet sources without snippet tags, for comparing indentation with its definition.
fn snippet_source() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("{{#a}}".to_owned()),
        Just("{{/a}}".to_owned()),
        Just("{{^b}}".to_owned()),
        Just("{{/b}}".to_owned()),
        Just("{{! note }}".to_owned()),
        Just("{{!\n}}".to_owned()),
        Just("{{=<% %>=}}".to_owned()),
        Just("<%={{ }}=%>".to_owned()),
        Just("{{c}}".to_owned()),
        Just("{{|}}".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("  ".to_owned()),
        Just("\t".to_owned()),
        "[xyé]{1,3}",
    ];
    prop::collection::vec(piece, 0..16).prop_map(|pieces| pieces.concat())
}

/// The specification's definition of a standalone snippet's indentation: every line of the
/// snippet's source starts with the indentation.
fn indent_source_lines(source: &str, indent: &str) -> String {
    source
        .split_inclusive('\n')
        .map(|line| format!("{indent}{line}"))
        .collect()
}

fn data() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[a-z&<é😀 ]{0,6}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(("[abpq.]{1,2}", inner), 0..6).prop_map(|entries| Value::Object(
                entries.into_iter().collect::<Map<String, Value>>()
            )),
        ]
    })
}

fn partials() -> impl Strategy<Value = HashMap<String, String>> {
    (template_source(), template_source())
        .prop_map(|(p, q)| HashMap::from([("p".to_owned(), p), ("q".to_owned(), q)]))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    #[test]
    fn parsing_and_rendering_never_panic_and_respect_the_limits(
        source in template_source(),
        data in data(),
        partials in partials(),
    ) {
        if let Ok(template) = Template::parse(&source) {
            for escape in [Escape::None, Escape::Html] {
                if let Ok(reply) = template.render_with(&data, &partials, RenderOptions { escape }) {
                    prop_assert!(reply.text.chars().count() <= MAX_OUTPUT_CHARS);
                    if let Some(cursor) = reply.cursor_utf16 {
                        prop_assert!(cursor <= reply.text.encode_utf16().count());
                    }
                }
            }
        }
    }

    #[test]
    fn checking_never_panics(source in template_source(), partials in partials(), max in 0usize..400) {
        let options = CheckOptions {
            partial_sources: partials,
            max_chars: Some(max),
            ..Default::default()
        };
        for finding in check(&source, &options) {
            prop_assert!(finding.line >= 1 && finding.column >= 1);
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(source in any::<String>(), name in any::<String>()) {
        let data = serde_json::json!({ "a": name.clone(), "p": [name] });
        let _ = render(&source, &data, &HashMap::new());
        let _ = check(&source, &CheckOptions::default());
    }

    #[test]
    fn text_without_tags_renders_unchanged(source in "[^{]{0,200}") {
        prop_assert_eq!(render(&source, &Value::Null, &HashMap::new()), Ok(source));
    }

    #[test]
    fn an_indented_snippet_renders_like_its_source_indented_line_by_line(
        snippet in snippet_source(),
        indent in "[ \t]{1,3}",
        c in "[a\n ]{0,3}",
    ) {
        let data = serde_json::json!({ "a": [1, 2], "b": false, "c": c });
        let template = format!("x\n{indent}{{{{> p}}}}\ny");
        let ours = render(&template, &data, &HashMap::from([("p".to_owned(), snippet.clone())]));
        let by_definition = render(
            "x\n{{> p}}\ny",
            &data,
            &HashMap::from([("p".to_owned(), indent_source_lines(&snippet, &indent))]),
        );
        match (ours, by_definition) {
            (Ok(ours), Ok(expected)) => prop_assert_eq!(ours, expected),
            (ours, expected) => prop_assert_eq!(ours.is_err(), expected.is_err()),
        }
    }

    #[test]
    fn first_names_never_panic(name in any::<String>()) {
        let _ = first_name_from_display_name(&name);
    }
}
