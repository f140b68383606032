//! Reading the comment a reply box answers, with the page's site adapter.
//!
//! The decision (site adapter or generic fallback, what to report) is `core::sites::read_focus`;
//! this module only picks the descriptors for the page, runs it over the live DOM and turns the
//! result into the wire context. After a fallback caused by changed markup, the context is sent
//! as partial even when the generic adapter read something, so the panel says plainly that it
//! may be incomplete.

use std::rc::Rc;

use web_sys::Element;

use crate::core::model::{CommentContext, Completeness};
use crate::core::sites::{read_focus, ContextField, ExtractedContext, HealthEventKind, Registry, SiteDescriptor};
use crate::web::agent::health;
use crate::web::dom;

/// The descriptors in force on this page: the site's own (or the generic one) and the generic
/// fallback.
pub struct Adapters {
    pub site: SiteDescriptor,
    pub generic: SiteDescriptor,
}

thread_local! {
    static ADAPTERS: Rc<Adapters> = Rc::new(Adapters::for_host(&page_host()));
}

impl Adapters {
    /// The one place the agent builds its registry. Team overrides from the backend will come in
    /// here, through `Registry::with_overrides`.
    pub fn for_host(host: &str) -> Adapters {
        let registry = Registry::builtin();
        Adapters { site: registry.for_host(host).clone(), generic: registry.generic().clone() }
    }

    /// Whether the page has a site adapter of its own (not only the generic one).
    pub fn has_site_adapter(&self) -> bool {
        !self.site.is_generic()
    }

    /// Every reply-box selector to look for: the site's editors, then the generic ones.
    pub fn editor_selector(&self) -> String {
        if self.has_site_adapter() {
            format!("{}, {}", self.site.editor_selector(), self.generic.editor_selector())
        } else {
            self.generic.editor_selector()
        }
    }
}

/// The adapters for this page, built on first use.
pub fn adapters() -> Rc<Adapters> {
    ADAPTERS.with(Rc::clone)
}

/// What was read for one reply box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub context: CommentContext,
    /// A sign that the site's adapter no longer matches, to count for the team.
    pub report: Option<HealthEventKind>,
}

/// The context of the comment `editor` answers (for rendering a shortcut): nothing reported.
pub fn for_editor(editor: &Element) -> CommentContext {
    read_page(editor).context
}

/// The context of the comment `editor` answers, when the user opens it (focus or launcher):
/// a broken site adapter is reported to the background on the way.
pub fn opened(editor: &Element) -> CommentContext {
    let reading = read_page(editor);
    if let Some(kind) = reading.report {
        health::report(&adapters().site.id, kind);
    }
    reading.context
}

fn read_page(editor: &Element) -> Reading {
    let document = dom::document();
    let page_url = document.url().unwrap_or_default();
    match document.document_element() {
        Some(root) => read(&adapters(), editor, &root, &page_url),
        None => Reading { context: empty_context(&page_url), report: None },
    }
}

/// Reads the context of `editor` with `adapters`; `page_root` bounds the search for the site's
/// comments when judging its health.
pub fn read(adapters: &Adapters, editor: &Element, page_root: &Element, page_url: &str) -> Reading {
    let Some(reading) = read_focus(&adapters.site, &adapters.generic, editor, page_root, page_url) else {
        return Reading { context: empty_context(page_url), report: None };
    };
    let mut context = reading.context.to_comment_context(page_url);
    let fell_back = reading.adapter_id != adapters.site.id;
    if fell_back && matches!(reading.report, Some(HealthEventKind::DescriptorNoMatch)) {
        let missing = unread_site_fields(&adapters.site, &reading.context);
        if !missing.is_empty() {
            context.completeness = Completeness::Partial { missing };
        }
    }
    Reading { context, report: reading.report }
}

fn empty_context(page_url: &str) -> CommentContext {
    ExtractedContext::empty(crate::core::sites::GENERIC_ID).to_comment_context(page_url)
}

/// The fields the site's descriptor reads that the fallback left empty.
fn unread_site_fields(site: &SiteDescriptor, context: &ExtractedContext) -> Vec<String> {
    site.fields
        .all()
        .into_iter()
        .filter(|(field, rules)| !rules.is_empty() && value_of(context, *field).is_empty())
        .map(|(field, _)| field.as_str().to_owned())
        .collect()
}

fn value_of(context: &ExtractedContext, field: ContextField) -> &str {
    match field {
        ContextField::AuthorName => &context.author.name,
        ContextField::AuthorHandle => &context.author.handle,
        ContextField::AuthorProfile => &context.author.profile_url,
        ContextField::Text => &context.text,
        ContextField::Permalink => &context.permalink,
        ContextField::Time => &context.time,
        ContextField::Thread => &context.thread_url,
    }
}

fn page_host() -> String {
    web_sys::window().and_then(|window| window.location().host().ok()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::sites::DomNode;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn fixture(html: &str) -> Element {
        let root = dom::Node::new("div").build();
        root.set_inner_html(html); // Test markup written here, not page text.
        if let Some(body) = dom::document().body() {
            let _ = body.append_child(&root);
        }
        root
    }

    fn editor(root: &Element, selector: &str) -> Element {
        DomNode::query(root, selector).unwrap_or_else(|| panic!("fixture has {selector}"))
    }

    const X_THREAD: &str = r#"<div aria-label="Timeline: Conversation">
        <article data-testid="tweet"><div data-testid="User-Name"><a href="/alice_m"><span>Alice Martin</span></a>
          <a href="/alice_m"><span>@alice_m</span></a><a href="/alice_m/status/7"><time datetime="2026-11-20T10:00:00.000Z">1h</time></a></div>
          <div data-testid="tweetText"><span>Does it work</span><span> offline?</span></div></article>
        <div><div class="public-DraftEditor-content" contenteditable="true" data-testid="tweetTextarea_0" id="r"></div></div></div>"#;

    #[wasm_bindgen_test]
    fn the_page_host_picks_the_site_adapter() {
        assert_eq!(Adapters::for_host("x.com").site.id, "x");
        assert_eq!(Adapters::for_host("www.linkedin.com:443").site.id, "linkedin");
        assert_eq!(Adapters::for_host("blog.example").site.id, "generic");
        assert!(Adapters::for_host("x.com").editor_selector().contains("tweetTextarea_0"));
    }

    #[wasm_bindgen_test]
    fn an_x_reply_box_reads_the_tweet_above_it() {
        let root = fixture(X_THREAD);
        let reading = read(&Adapters::for_host("x.com"), &editor(&root, "#r"), &root, "https://x.com/alice_m/status/7");
        assert_eq!(reading.report, None);
        let context = reading.context;
        assert_eq!((context.platform.as_str(), context.author.name.as_str(), context.author.handle.as_str()), ("x", "Alice Martin", "alice_m"));
        assert_eq!(context.text, "Does it work offline?");
        assert_eq!(context.permalink, "https://x.com/alice_m/status/7");
        assert_eq!(context.completeness, Completeness::Full);
        root.remove();
    }

    #[wasm_bindgen_test]
    fn renamed_markers_fall_back_to_generic_and_say_the_context_is_partial() {
        let renamed = X_THREAD.replace("data-testid=\"tweet\"", "data-testid=\"post\"");
        let root = fixture(&renamed);
        let reading = read(&Adapters::for_host("x.com"), &editor(&root, "#r"), &root, "https://x.com/alice_m/status/7");
        assert_eq!(reading.report, Some(HealthEventKind::DescriptorNoMatch));
        assert_eq!(reading.context.platform, "generic");
        let Completeness::Partial { missing } = reading.context.completeness else { panic!("expected a partial context") };
        assert!(missing.contains(&"author_name".to_owned()));
        root.remove();
    }

    #[wasm_bindgen_test]
    fn a_blog_box_outside_any_comment_gets_an_empty_context_not_a_guess() {
        let root = fixture(r#"<section><p class="comment-content">nearby text</p><textarea id="r"></textarea></section>"#);
        let reading = read(&Adapters::for_host("blog.example"), &editor(&root, "#r"), &root, "https://blog.example/p");
        assert_eq!(reading.context.completeness, Completeness::Empty);
        assert!(reading.context.text.is_empty() && reading.context.author.name.is_empty());
        assert_eq!(reading.report, None);
        root.remove();
    }

    #[wasm_bindgen_test]
    fn a_wordpress_reply_reads_the_comment_it_sits_in() {
        let root = fixture(r#"<ol class="comment-list"><li id="comment-2" class="comment"><article class="comment-body">
            <div class="comment-author vcard"><b class="fn"><a class="url" href="https://camille.example">Camille</a></b> <span class="says">says:</span></div>
            <div class="comment-metadata"><a href="https://blog.example/p/#comment-2"><time datetime="2026-11-20T10:00:00+00:00">Nov 20</time></a></div>
            <div class="comment-content"><p>Où est ma commande ?</p></div></article>
            <form><textarea id="comment"></textarea></form></li></ol>"#);
        let reading = read(&Adapters::for_host("blog.example"), &editor(&root, "#comment"), &root, "https://blog.example/p/");
        assert_eq!(reading.context.author.name, "Camille");
        assert_eq!(reading.context.text, "Où est ma commande ?");
        assert_eq!(reading.context.permalink, "https://blog.example/p/#comment-2");
        root.remove();
    }
}
