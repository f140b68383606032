#![cfg(not(target_arch = "wasm32"))]
//! The template language as callers see it: the Mustache facade, the three extensions for
//! community managers (fallback, cursor mark, snippets), the reply context, limits and checks.

use std::collections::{BTreeSet, HashMap};

use serde_json::{json, Value};
use tact::core::template::{
    check, render, render_reply, CalendarDate, CheckOptions, Escape, Lang, ParseErrorReason,
    RenderOptions, RenderedReply, ReplyContext, Severity, Template, TemplateError, KNOWN_VARIABLES,
    MAX_OUTPUT_CHARS, MAX_SNIPPET_DEPTH,
};

fn no_snippets() -> HashMap<String, String> {
    HashMap::new()
}

fn snippets(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(name, body)| (name.to_string(), body.to_string()))
        .collect()
}

fn context(author_name: &str) -> ReplyContext {
    ReplyContext {
        author_name: author_name.to_owned(),
        author_handle: "@someone".to_owned(),
        platform: "LinkedIn".to_owned(),
        my_name: "Camille".to_owned(),
        brand_name: "Exemple".to_owned(),
        today: CalendarDate::new(2026, 11, 23),
        ..Default::default()
    }
}

const GREETING: &str = "Hello {{author.first_name | there}},";

#[test]
fn a_greeting_uses_the_first_name_when_there_is_one() {
    let data = context("Marie-Claire Dupont").to_data(Lang::En);
    assert_eq!(
        render(GREETING, &data, &no_snippets()).unwrap(),
        "Hello Marie-Claire,"
    );
}

#[test]
fn a_greeting_never_reads_hello_comma_for_handles_emoji_or_missing_names() {
    for name in ["@mcdupont", "🌸🌸", "", "   "] {
        let data = context(name).to_data(Lang::En);
        assert_eq!(
            render(GREETING, &data, &no_snippets()).unwrap(),
            "Hello there,",
            "for {name:?}"
        );
    }
}

#[test]
fn spaces_around_the_bar_do_not_matter() {
    let data = json!({});
    for source in [
        "{{x|there}}",
        "{{ x | there }}",
        "{{x   |   there}}",
        "{{{ x | there }}}",
        "{{& x | there}}",
    ] {
        assert_eq!(
            render(source, &data, &no_snippets()).unwrap(),
            "there",
            "for {source}"
        );
    }
}

#[test]
fn a_fallback_may_hold_several_words_and_quotes_keep_its_spaces() {
    let data = json!({});
    assert_eq!(
        render("{{x | dear friend}}!", &data, &no_snippets()).unwrap(),
        "dear friend!"
    );
    assert_eq!(
        render("Hi{{x | \" \"}}!", &data, &no_snippets()).unwrap(),
        "Hi !"
    );
    assert_eq!(
        render("Hi{{x | \"\"}}!", &data, &no_snippets()).unwrap(),
        "Hi!"
    );
}

#[test]
fn a_fallback_on_a_section_is_a_parse_error_with_its_position() {
    let error = render("ok\n  {{#x | y}}{{/x}}", &json!({}), &no_snippets()).unwrap_err();
    assert_eq!(
        error,
        TemplateError::Parse {
            line: 2,
            column: 3,
            reason: ParseErrorReason::MisplacedFallback
        }
    );
}

#[test]
fn the_cursor_mark_is_removed_and_its_place_given_in_utf16_units() {
    let data = json!({"name": "Zoé 👋"});
    let reply = render_reply("Hi {{name}}, {{|}}thanks!", &data, &no_snippets()).unwrap();
    // "Hi Zoé 👋, " is 10 characters but 11 UTF-16 units (the emoji takes two).
    assert_eq!(
        reply,
        RenderedReply {
            text: "Hi Zoé 👋, thanks!".to_owned(),
            cursor_utf16: Some(11)
        }
    );
}

#[test]
fn without_a_cursor_mark_the_caret_goes_to_the_end() {
    let reply = render_reply("Thanks!", &json!({}), &no_snippets()).unwrap();
    assert_eq!(reply.cursor_utf16, None);
}

#[test]
fn render_drops_the_cursor_mark() {
    assert_eq!(render("a{{|}}b", &json!({}), &no_snippets()).unwrap(), "ab");
}

#[test]
fn a_cursor_mark_inside_a_snippet_counts() {
    let reply = render_reply(
        "Hi,\n{{> body}}",
        &json!({}),
        &snippets(&[("body", "We {{|}}care.")]),
    )
    .unwrap();
    assert_eq!(reply.text, "Hi,\nWe care.");
    assert_eq!(reply.cursor_utf16, Some(7));
}

#[test]
fn a_signature_snippet_sees_the_reply_variables() {
    let data = context("Marie-Claire Dupont").to_data(Lang::Fr);
    let team = snippets(&[("signature", "{{me.name}} pour {{brand.name}}")]);
    let text = render("Merci !\n\n{{> signature}}\n", &data, &team).unwrap();
    assert_eq!(text, "Merci !\n\nCamille pour Exemple");
}

#[test]
fn an_indented_snippet_indents_each_of_its_lines() {
    let team = snippets(&[("address", "1 rue de la Paix\n75002 Paris\n")]);
    let text = render(
        "Our office:\n    {{> address}}\nSee you!",
        &json!({}),
        &team,
    )
    .unwrap();
    assert_eq!(
        text,
        "Our office:\n    1 rue de la Paix\n    75002 Paris\nSee you!"
    );
}

#[test]
fn snippets_may_include_snippets() {
    let team = snippets(&[("signature", "{{> name}}, Exemple"), ("name", "Camille")]);
    assert_eq!(
        render("-- {{> signature}}", &json!({}), &team).unwrap(),
        "-- Camille, Exemple"
    );
}

#[test]
fn a_self_including_snippet_fails_clearly_instead_of_overflowing_the_stack() {
    let team = snippets(&[("signature", "Camille {{> signature}}")]);
    let error = render("{{> signature}}", &json!({}), &team).unwrap_err();
    assert_eq!(
        error,
        TemplateError::SnippetsTooDeep {
            name: "signature".to_owned(),
            limit: MAX_SNIPPET_DEPTH
        }
    );
    assert_eq!(
        error.to_string(),
        "the snippet \"signature\" is included more than 10 levels deep; does it include itself?"
    );
}

#[test]
fn snippets_including_each_other_fail_clearly_too() {
    let team = snippets(&[("a", "{{> b}}"), ("b", "{{> a}}")]);
    let error = render("{{> a}}", &json!({}), &team).unwrap_err();
    assert_eq!(error.code(), "snippets-too-deep");
}

#[test]
fn an_unknown_snippet_prints_nothing() {
    assert_eq!(
        render("[{{> nope}}]", &json!({}), &no_snippets()).unwrap(),
        "[]"
    );
}

#[test]
fn values_are_plain_text_by_default_and_html_on_request() {
    let data = json!({"brand": {"name": "Tom & Jerry's <Shop>"}});
    assert_eq!(
        render("{{brand.name}}", &data, &no_snippets()).unwrap(),
        "Tom & Jerry's <Shop>"
    );
    let template = Template::parse("{{brand.name}}").unwrap();
    let html = template
        .render_with(
            &data,
            &no_snippets(),
            RenderOptions {
                escape: Escape::Html,
            },
        )
        .unwrap();
    assert_eq!(html.text, "Tom &amp; Jerry&#39;s &lt;Shop&gt;");
}

#[test]
fn text_from_the_comment_is_never_interpreted_as_a_template() {
    let data = ReplyContext {
        comment_text: "{{me.name}} {{> signature}}".into(),
        ..context("Ana")
    }
    .to_data(Lang::En);
    let text = render(
        "You said: {{comment.text}}",
        &data,
        &snippets(&[("signature", "X")]),
    )
    .unwrap();
    assert_eq!(text, "You said: {{me.name}} {{> signature}}");
}

#[test]
fn a_full_reply_in_french_and_in_english() {
    let ctx = context("jean-luc picard");
    let source_fr = "Bonjour {{author.first_name | à vous}},\nmerci pour votre message du {{today}} sur {{platform}}.{{#author.handle}} ({{author.handle}}){{/author.handle}}\n{{me.name}}";
    let text_fr = render(source_fr, &ctx.to_data(Lang::Fr), &no_snippets()).unwrap();
    assert_eq!(text_fr, "Bonjour Jean-Luc,\nmerci pour votre message du 23 novembre 2026 sur LinkedIn. (@someone)\nCamille");
    let source_en = "Hi {{author.first_name | there}}, thanks for your message of {{today}}.";
    let text_en = render(source_en, &ctx.to_data(Lang::En), &no_snippets()).unwrap();
    assert_eq!(
        text_en,
        "Hi Jean-Luc, thanks for your message of November 23, 2026."
    );
}

#[test]
fn a_template_that_does_not_parse_is_refused_with_line_column_and_reason() {
    let error = render(
        "Bonjour,\n{{#author}}\n{{name}}\n{{/auteur}}",
        &json!({}),
        &no_snippets(),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 4, column 1: {{/auteur}} does not match the open section \"author\" (expected {{/author}})"
    );
    assert_eq!(
        error.message_fr(),
        "ligne 4, colonne 1 : {{/auteur}} ne correspond pas à la section ouverte « author » ({{/author}} attendu)"
    );
}

#[test]
fn a_template_over_ten_thousand_characters_is_refused() {
    let source = "é".repeat(10_001);
    let error = render(&source, &json!({}), &no_snippets()).unwrap_err();
    assert_eq!(
        error,
        TemplateError::TooLong {
            chars: 10_001,
            limit: 10_000
        }
    );
}

#[test]
fn an_oversized_snippet_is_refused_and_named() {
    let team = snippets(&[("legal", &"x".repeat(10_001))]);
    let error = render("{{> legal}}", &json!({}), &team).unwrap_err();
    assert_eq!(
        error.to_string(),
        "in the snippet \"legal\": the template is 10001 characters long; the limit is 10000"
    );
}

#[test]
fn output_is_capped_whatever_the_data() {
    let data = json!({"items": vec![Value::from("x".repeat(1_000)); 1_000]});
    let error = render("{{#items}}{{.}}{{/items}}", &data, &no_snippets()).unwrap_err();
    assert_eq!(
        error,
        TemplateError::OutputTooLong {
            limit: MAX_OUTPUT_CHARS
        }
    );
}

#[test]
fn the_known_variables_are_the_ones_the_context_fills() {
    let data = ReplyContext::sample(Lang::En).to_data(Lang::En);
    let source: String = KNOWN_VARIABLES
        .iter()
        .map(|name| format!("[{{{{{name}}}}}]"))
        .collect();
    let text = render(&source, &data, &no_snippets()).unwrap();
    assert!(
        !text.contains("[]"),
        "a known variable rendered empty: {text}"
    );
    assert_eq!(check(&source, &CheckOptions::default()), vec![]);
}

#[test]
fn check_reports_each_problem_at_its_line_and_column() {
    let options = CheckOptions {
        known_partials: BTreeSet::from(["signature".to_owned()]),
        ..Default::default()
    };
    let source = "Hi {{author.firstname | there}},\n{{#orders}}{{id}}{{/orders}}\n  {{> signture}}\n{{> signature}}";
    let found: Vec<(String, Severity, usize, usize)> = check(source, &options)
        .into_iter()
        .map(|d| (d.code, d.severity, d.line, d.column))
        .collect();
    let expected = [
        ("unknown-variable", Severity::Warning, 1, 4),
        ("unknown-variable", Severity::Warning, 2, 1),
        ("unknown-snippet", Severity::Warning, 3, 3),
    ]
    .map(|(code, severity, line, column)| (code.to_owned(), severity, line, column));
    assert_eq!(found, expected);
}

#[test]
fn check_reports_a_parse_error_with_the_column_in_characters() {
    let findings = check("Ça va ? {{author.name\nMerci", &CheckOptions::default());
    assert_eq!(findings.len(), 1);
    assert_eq!(
        (
            findings[0].code.as_str(),
            findings[0].line,
            findings[0].column
        ),
        ("unclosed-tag", 1, 9)
    );
    assert_eq!(findings[0].severity, Severity::Error);
}

#[test]
fn check_reports_a_reply_too_long_for_the_platform() {
    let options = CheckOptions {
        max_chars: Some(280),
        lang: Lang::Fr,
        ..Default::default()
    };
    let long = format!("{{{{author.first_name}}}}, {}", "merci ".repeat(50));
    let findings = check(&long, &options);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].code, "too-long-for-platform");
    assert_eq!(
        findings[0].message,
        "with a sample comment, the reply is 314 characters long; the limit here is 280 (measured on the rendered text)"
    );
    assert_eq!(check("{{author.first_name}}, merci !", &options), vec![]);
}
