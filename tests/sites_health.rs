#![cfg(not(target_arch = "wasm32"))]
//! When a site's markup changes under its descriptor, the agent falls back to the generic
//! adapter and reports it; when the site adapter works, nothing is reported.

mod sites_support;

use scraper::Html;
use sites_support::Node;
use tact::core::sites::{read_focus, Completeness, ContextField, EditorKind, HealthEventKind, Registry};

const URL: &str = "https://www.linkedin.com/feed/";

fn page(comment_class: &str, title_class: &str) -> String {
    format!(
        r#"<html><body><div class="feed">
  <article class="{comment_class}">
    <a class="comments-comment-meta__description-container" href="/in/alice-martin/">
      <span class="{title_class}">Alice Martin</span></a>
    <time>2h</time>
    <div class="comments-comment-entity__content"><div class="update-components-text">Hello</div></div>
    <div class="comment-box"><div class="ql-editor" contenteditable="true" id="box"></div></div>
  </article>
</div></body></html>"#
    )
}

fn read(page: &str) -> (String, Option<HealthEventKind>, tact::core::sites::ExtractedContext, EditorKind) {
    let html = Html::parse_document(page);
    let registry = Registry::builtin();
    let site = registry.for_host("www.linkedin.com");
    let focused = Node::find(&html, "#box");
    let root = Node(html.root_element());
    let reading = read_focus(site, registry.generic(), &focused, &root, URL).expect("a reply box");
    (reading.adapter_id, reading.report, reading.context, reading.kind)
}

#[test]
fn a_working_site_adapter_reports_nothing() {
    let (adapter, report, context, kind) =
        read(&page("comments-comment-entity", "comments-comment-meta__description-title"));
    assert_eq!(adapter, "linkedin");
    assert_eq!(report, None);
    assert_eq!(kind, EditorKind::Quill);
    assert_eq!(context.author.name, "Alice Martin");
}

#[test]
fn renamed_comment_markers_fall_back_to_generic_and_are_reported() {
    let (adapter, report, context, _) =
        read(&page("comments-comment-item", "comments-comment-meta__description-title"));
    assert_eq!(adapter, "generic");
    assert_eq!(report, Some(HealthEventKind::DescriptorNoMatch));
    // The generic adapter finds the `article` but none of its own markers: nothing is guessed.
    assert_eq!(context.author.name, "");
    assert_eq!(context.text, "");
}

#[test]
fn a_renamed_field_marker_keeps_the_site_adapter_and_reports_partial_context() {
    let (adapter, report, context, _) = read(&page("comments-comment-entity", "comments-comment-meta__name"));
    assert_eq!(adapter, "linkedin");
    assert_eq!(report, Some(HealthEventKind::PartialContext { missing: vec![ContextField::AuthorName] }));
    assert_eq!(context.completeness, Completeness::Partial { missing: vec![ContextField::AuthorName] });
    assert_eq!(context.text, "Hello");
}

#[test]
fn a_new_post_box_among_comments_is_not_a_failure() {
    let with_new_post_box = page("comments-comment-entity", "comments-comment-meta__description-title")
        .replace(r#"<div class="feed">"#, r#"<div class="feed"><div class="share-box"><div class="ql-editor" contenteditable="true" id="new"></div></div>"#)
        .replace(r#"id="box""#, r#"id="other""#)
        .replace(r#"id="new""#, r#"id="box""#);
    let (adapter, report, context, _) = read(&with_new_post_box);
    assert_eq!(adapter, "linkedin");
    assert_eq!(report, None);
    assert_eq!(context.completeness, Completeness::None);
}
