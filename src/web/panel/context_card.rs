//! The card showing the comment being answered: author, text, link, and how complete it is.

use crate::core::model::{context::is_web_link, CommentContext, Completeness};
use crate::web::{chrome, dom::Node};

pub fn render(context: &CommentContext) -> Node {
    Node::new("article")
        .class("comment-context")
        .attr("aria-label", &chrome::message("panelCommentHeading"))
        .child(author_line(context))
        .child(Node::new("blockquote").class("comment-text").attr("data-testid", "comment-text").text(&context.text))
        .children(permalink(context))
        .children(completeness_notice(&context.completeness))
}

fn author_line(context: &CommentContext) -> Node {
    let name = if context.author.name.is_empty() { chrome::message("panelUnknownAuthor") } else { context.author.name.clone() };
    let mut line = Node::new("header")
        .class("author")
        .child(Node::new("strong").attr("data-testid", "author-name").text(&name));
    if !context.author.handle.is_empty() {
        line = line.child(Node::new("span").class("handle").attr("data-testid", "author-handle").text(&context.author.handle));
    }
    line.child(Node::new("span").class("platform").attr("data-testid", "platform").text(&context.platform))
}

fn permalink(context: &CommentContext) -> Option<Node> {
    is_web_link(&context.permalink).then(|| {
        Node::new("a")
            .class("permalink")
            .attr("data-testid", "permalink")
            .attr("href", &context.permalink)
            .attr("target", "_blank")
            .attr("rel", "noopener noreferrer")
            .text(&chrome::message("panelOpenComment"))
    })
}

fn completeness_notice(completeness: &Completeness) -> Option<Node> {
    let key = match completeness {
        Completeness::Full => return None,
        Completeness::Partial { .. } => "panelPartialContext",
        Completeness::Empty => "panelNoComment",
    };
    Some(Node::new("p").class("notice").attr("role", "status").text(&chrome::message(key)))
}
