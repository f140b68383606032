//! The parsed form of a template: a small tree, built once and rendered many times.
//!
//! Comments and set-delimiter tags leave nothing in the tree; every other node keeps the byte
//! offset of its tag in the source, so checks can point at a line and column.

/// A dotted variable name such as `author.first_name`, or `.` (the current item).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Name {
    /// The name as written, without surrounding spaces (`author.first_name`).
    pub text: Box<str>,
    /// The parts between dots; empty for the implicit iterator `.`.
    pub parts: Box<[Box<str>]>,
}

/// One piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    /// Literal text. `starts_line` is true when the text begins a line of the source that no
    /// earlier node began: an indented snippet (partial) gets its indentation there.
    Text { text: Box<str>, starts_line: bool },
    /// `{{name}}`, `{{{name}}}`, `{{&name}}`, each optionally with `| fallback`.
    Value {
        name: Name,
        escaped: bool,
        fallback: Option<Box<str>>,
        offset: usize,
    },
    /// `{{#name}}...{{/name}}` or, when `inverted`, `{{^name}}...{{/name}}`.
    Section {
        name: Name,
        inverted: bool,
        children: Vec<Node>,
        offset: usize,
    },
    /// `{{> name}}`. For a partial tag alone on its line, `indent` holds the whitespace before
    /// it, repeated at the start of every line of the snippet; an inline tag has `None`.
    Partial {
        name: Box<str>,
        indent: Option<Box<str>>,
        offset: usize,
    },
    /// `{{|}}`: where the caret goes after insertion.
    Cursor { offset: usize },
}
