//! Finding things around a focused reply box: the editor and its kind, the comment it answers,
//! and the control that posts it.

use super::descriptor::{CommentStrategy, ContextField, EditorKind, SiteDescriptor};
use super::dom::DomNode;
use super::extract::read_field;

/// Deepest walk up the tree from a reply box.
const MAX_DEPTH: usize = 64;
/// Most siblings looked at on one level when searching backwards.
const MAX_SIBLINGS: usize = 500;
/// How far up from the editor the submit control is looked for, without a `within` selector.
const MAX_SUBMIT_DEPTH: usize = 12;
/// Longest `@handle` taken from the start of a reply box.
const MAX_HANDLE_CHARS: usize = 100;

/// The reply editor around `focused` (the focused element or an ancestor) and its kind, from
/// the first editor rule that matches.
pub fn find_editor<N: DomNode>(descriptor: &SiteDescriptor, focused: &N) -> Option<(N, EditorKind)> {
    descriptor.editors.iter().find_map(|rule| focused.closest(&rule.selector).map(|editor| (editor, rule.kind)))
}

/// The comment a reply box answers, by the descriptor's strategies in order. `None` when no
/// strategy finds one: the context is then left empty rather than guessed.
pub fn comment_for_editor<N: DomNode>(descriptor: &SiteDescriptor, editor: &N) -> Option<N> {
    descriptor.editor_to_comment.iter().find_map(|strategy| apply_strategy(descriptor, strategy, editor))
}

/// The control that posts the reply written in `editor`.
pub fn find_submit<N: DomNode>(descriptor: &SiteDescriptor, editor: &N) -> Option<N> {
    let rule = descriptor.submit.as_ref()?;
    if let Some(within) = &rule.within {
        return editor.closest(within)?.query(&rule.selector);
    }
    let mut current = editor.parent();
    for _ in 0..MAX_SUBMIT_DEPTH {
        let node = current?;
        if let Some(found) = node.query(&rule.selector) {
            return Some(found);
        }
        current = node.parent();
    }
    None
}

fn apply_strategy<N: DomNode>(descriptor: &SiteDescriptor, strategy: &CommentStrategy, editor: &N) -> Option<N> {
    let container = descriptor.comments.container.as_str();
    match strategy {
        CommentStrategy::Closest => editor.closest(container),
        CommentStrategy::Preceding { within } => preceding_comment(editor, container, &editor.closest(within)?),
        CommentStrategy::AncestorFirst { ancestor } => {
            let wrapper = editor.closest(ancestor)?;
            if wrapper.matches(container) {
                Some(wrapper)
            } else {
                wrapper.query(container)
            }
        }
        CommentStrategy::Mention { within } => mentioned_comment(descriptor, editor, &editor.closest(within)?),
    }
}

/// The nearest comment before `editor` in document order, not looking outside `boundary`.
fn preceding_comment<N: DomNode>(editor: &N, container: &str, boundary: &N) -> Option<N> {
    let mut current = editor.clone();
    for _ in 0..MAX_DEPTH {
        if current.is_same(boundary) {
            return None;
        }
        let mut sibling = current.previous_sibling();
        for _ in 0..MAX_SIBLINGS {
            let Some(node) = sibling else { break };
            if node.matches(container) {
                return Some(node);
            }
            if let Some(last) = node.query_all(container).pop() {
                return Some(last);
            }
            sibling = node.previous_sibling();
        }
        current = current.parent()?;
    }
    None
}

/// The single comment in `scope` whose author handle is the `@handle` the reply box starts with.
fn mentioned_comment<N: DomNode>(descriptor: &SiteDescriptor, editor: &N, scope: &N) -> Option<N> {
    let handle = leading_mention(&editor.text())?;
    let mut matching = scope.query_all(&descriptor.comments.container).into_iter().filter(|comment| {
        read_field(descriptor, ContextField::AuthorHandle, &descriptor.fields.author_handle, comment, "")
            .is_some_and(|author| author.trim_start_matches('@').eq_ignore_ascii_case(&handle))
    });
    let first = matching.next()?;
    // Several comments by the same handle: which one is answered cannot be told.
    matching.next().is_none().then_some(first)
}

/// `@alice.b merci !` gives `alice.b`.
fn leading_mention(text: &str) -> Option<String> {
    let rest = text.trim_start().strip_prefix('@')?;
    let handle: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
        .take(MAX_HANDLE_CHARS)
        .collect();
    let handle = handle.trim_end_matches('.').to_owned();
    (!handle.is_empty()).then_some(handle)
}

#[cfg(test)]
mod tests {
    use super::leading_mention;

    #[test]
    fn a_leading_mention_is_read_up_to_punctuation() {
        assert_eq!(leading_mention("  @alice.b merci !").as_deref(), Some("alice.b"));
        assert_eq!(leading_mention("@bob. Thanks").as_deref(), Some("bob"));
    }

    #[test]
    fn text_without_a_leading_mention_gives_nothing() {
        assert_eq!(leading_mention("merci @alice"), None);
        assert_eq!(leading_mention("@ alice"), None);
    }
}
