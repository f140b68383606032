//! The whole decision taken when a reply box gets focus: which adapter reads the page, the
//! editor and its kind, the context, and the health event to count, if any.
//!
//! The web layer calls [`read_focus`] from its focus listener and only has to send the result;
//! keeping the sequence here makes the fallback to the generic adapter testable natively.

use super::descriptor::{EditorKind, SiteDescriptor};
use super::dom::DomNode;
use super::extract::{extract_context, ExtractedContext};
use super::health::{judge_focus, FocusObservation, HealthEventKind};
use super::locate::{comment_for_editor, find_editor};

/// Most comment containers counted on a page to judge health: "none" is all that matters.
const MAX_COUNTED_COMMENTS: usize = 1;

/// What the agent learned from a focused reply box.
#[derive(Debug, Clone)]
pub struct FocusReading<N> {
    /// The id of the descriptor that read the context (the site's, or `generic` after a fallback).
    pub adapter_id: String,
    pub editor: N,
    pub kind: EditorKind,
    pub context: ExtractedContext,
    /// A sign of a broken site adapter, to stamp with the time and count for the team.
    pub report: Option<HealthEventKind>,
}

/// Reads a focused element with the page's `site` descriptor, falling back to `generic` as the
/// health rules say (see [`super::health`]). `page_root` is the document element, used only to
/// tell whether the site's comment markers exist anywhere. `None` when neither adapter sees a
/// reply box in `focused`.
pub fn read_focus<N: DomNode>(
    site: &SiteDescriptor,
    generic: &SiteDescriptor,
    focused: &N,
    page_root: &N,
    page_url: &str,
) -> Option<FocusReading<N>> {
    if site.is_generic() {
        return read_with(generic, focused, page_url, None);
    }
    let site_editor = find_editor(site, focused);
    let comment = site_editor.as_ref().and_then(|(editor, _)| comment_for_editor(site, editor));
    let context = comment.as_ref().map(|comment| extract_context(site, comment, page_url));
    let observation = FocusObservation {
        site_editor_matched: site_editor.is_some(),
        comment_found: comment.is_some(),
        missing: context.as_ref().map(|context| context.missing().to_vec()).unwrap_or_default(),
        site_comments_on_page: count_comments(site, page_root, comment.is_some()),
    };
    let verdict = judge_focus(&observation);
    if verdict.use_generic {
        return read_with(generic, focused, page_url, verdict.report);
    }
    let (editor, kind) = site_editor?;
    Some(FocusReading {
        adapter_id: site.id.clone(),
        editor,
        kind,
        context: context.unwrap_or_else(|| ExtractedContext::empty(&site.id)),
        report: verdict.report,
    })
}

fn read_with<N: DomNode>(
    descriptor: &SiteDescriptor,
    focused: &N,
    page_url: &str,
    report: Option<HealthEventKind>,
) -> Option<FocusReading<N>> {
    let (editor, kind) = find_editor(descriptor, focused)?;
    let context = match comment_for_editor(descriptor, &editor) {
        Some(comment) => extract_context(descriptor, &comment, page_url),
        None => ExtractedContext::empty(&descriptor.id),
    };
    Some(FocusReading { adapter_id: descriptor.id.clone(), editor, kind, context, report })
}

/// Counts the site's comments on the page, skipping the walk when one was already found.
fn count_comments<N: DomNode>(site: &SiteDescriptor, page_root: &N, one_found: bool) -> usize {
    if one_found {
        return MAX_COUNTED_COMMENTS;
    }
    usize::from(page_root.query(&site.comments.container).is_some())
}
