//! Reading a comment's context with a descriptor, through the [`DomNode`] trait.
//!
//! Everything read is page data: normalised, capped, links kept only when http(s). A field the
//! descriptor cannot read is reported missing, never filled with a guess.

use serde::{Deserialize, Serialize};

use crate::core::model::context::{Author, CommentContext, Completeness as WireCompleteness};

use super::descriptor::{Anchor, ContextField, FieldRule, Read, SiteDescriptor};
use super::dom::DomNode;
use super::links::resolve_link;
use super::locate::comment_for_editor;
use super::normalize::normalize_field;
use super::transform::apply_transforms;

/// Deepest walk from a matched element up to its comment container.
const MAX_ANCESTOR_STEPS: usize = 64;

/// What the adapter read about the comment being answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractedContext {
    /// The descriptor id: `x`, `reddit`, ..., `generic`.
    pub platform: String,
    pub author: Author,
    pub text: String,
    pub permalink: String,
    /// As the site shows or encodes it (`2026-11-20T10:00:00.000Z`, `2h`).
    pub time: String,
    pub thread_url: String,
    pub completeness: Completeness,
}

/// How much of the context was read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Completeness {
    /// Every field the descriptor declares was read.
    Full,
    /// A comment was found, but these declared fields could not be read.
    Partial { missing: Vec<ContextField> },
    /// No comment: a reply box for a new post, or nothing comment-like around it.
    #[default]
    None,
}

impl ExtractedContext {
    /// A context with nothing read: the panel offers replies without variables.
    pub fn empty(platform: &str) -> ExtractedContext {
        ExtractedContext { platform: platform.to_owned(), ..ExtractedContext::default() }
    }

    /// The fields that could not be read (empty when the context is full or empty).
    pub fn missing(&self) -> &[ContextField] {
        match &self.completeness {
            Completeness::Partial { missing } => missing,
            _ => &[],
        }
    }

    /// The wire type sent to the background and the panel.
    pub fn to_comment_context(&self, page_url: &str) -> CommentContext {
        let completeness = match &self.completeness {
            Completeness::Full => WireCompleteness::Full,
            Completeness::Partial { missing } => {
                WireCompleteness::Partial { missing: missing.iter().map(|field| field.as_str().to_owned()).collect() }
            }
            Completeness::None => WireCompleteness::Empty,
        };
        CommentContext {
            platform: self.platform.clone(),
            author: self.author.clone(),
            text: self.text.clone(),
            permalink: self.permalink.clone(),
            page_url: page_url.to_owned(),
            completeness,
        }
        .bounded()
    }
}

/// Reads the context of `comment` (a node matching the descriptor's comment container).
pub fn extract_context<N: DomNode>(descriptor: &SiteDescriptor, comment: &N, page_url: &str) -> ExtractedContext {
    let mut context = ExtractedContext::empty(&descriptor.id);
    let mut missing = Vec::new();
    for (field, rules) in descriptor.fields.all() {
        if rules.is_empty() {
            continue;
        }
        match read_field(descriptor, field, rules, comment, page_url) {
            Some(value) => *slot(&mut context, field) = value,
            None => missing.push(field),
        }
    }
    context.completeness = if missing.is_empty() { Completeness::Full } else { Completeness::Partial { missing } };
    context
}

/// The context for a focused reply box: the comment it answers, read; or an empty context when
/// the descriptor finds no comment for it.
pub fn context_for_editor<N: DomNode>(descriptor: &SiteDescriptor, editor: &N, page_url: &str) -> ExtractedContext {
    match comment_for_editor(descriptor, editor) {
        Some(comment) => extract_context(descriptor, &comment, page_url),
        None => ExtractedContext::empty(&descriptor.id),
    }
}

fn slot(context: &mut ExtractedContext, field: ContextField) -> &mut String {
    match field {
        ContextField::AuthorName => &mut context.author.name,
        ContextField::AuthorHandle => &mut context.author.handle,
        ContextField::AuthorProfile => &mut context.author.profile_url,
        ContextField::Text => &mut context.text,
        ContextField::Permalink => &mut context.permalink,
        ContextField::Time => &mut context.time,
        ContextField::Thread => &mut context.thread_url,
    }
}

/// The first value the rules yield, in order.
pub(crate) fn read_field<N: DomNode>(
    descriptor: &SiteDescriptor,
    field: ContextField,
    rules: &[FieldRule],
    comment: &N,
    page_url: &str,
) -> Option<String> {
    rules.iter().find_map(|rule| read_rule(descriptor, field, rule, comment, page_url))
}

fn read_rule<N: DomNode>(
    descriptor: &SiteDescriptor,
    field: ContextField,
    rule: &FieldRule,
    comment: &N,
    page_url: &str,
) -> Option<String> {
    let raw = match &rule.read {
        Read::PageUrl => page_url.to_owned(),
        Read::Text => select(descriptor, rule, comment)?.text(),
        Read::Attribute(name) => select(descriptor, rule, comment)?.attr(name)?,
    };
    let value = normalize_field(field, &apply_transforms(normalize_field(field, &raw), &rule.transforms));
    let value = if field.is_url() { resolve_link(&value, page_url)? } else { value };
    (!value.is_empty()).then_some(value)
}

/// The element a rule reads: from its anchor, the `nth` own match of its selector (matches in
/// nested replies skipped), then the `then_closest` ancestor.
fn select<N: DomNode>(descriptor: &SiteDescriptor, rule: &FieldRule, comment: &N) -> Option<N> {
    let anchor = match &rule.from {
        Anchor::Comment => comment.clone(),
        Anchor::Closest(selector) => comment.closest(selector)?,
    };
    let node = match &rule.selector {
        None => anchor,
        Some(selector) => own_matches(&anchor, selector, descriptor.comments.replies_selector())
            .into_iter()
            .nth(usize::from(rule.nth))?,
    };
    match &rule.then_closest {
        Some(selector) => node.closest(selector),
        None => Some(node),
    }
}

/// Matches of `selector` inside `container` that are not inside one of its nested replies.
pub(crate) fn own_matches<N: DomNode>(container: &N, selector: &str, replies: &str) -> Vec<N> {
    container.query_all(selector).into_iter().filter(|node| !is_inside_replies(node, container, replies)).collect()
}

fn is_inside_replies<N: DomNode>(node: &N, container: &N, replies: &str) -> bool {
    let mut current = Some(node.clone());
    for _ in 0..MAX_ANCESTOR_STEPS {
        let Some(step) = current else { return false };
        if step.is_same(container) {
            return false;
        }
        if step.matches(replies) {
            return true;
        }
        current = step.parent();
    }
    // Too deep to tell: treat as not owned rather than risk reading another comment.
    true
}
