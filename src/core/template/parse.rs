//! From source text to the tree of [`Node`]s, following the Mustache specification: tag kinds,
//! standalone lines (a section, comment, partial or delimiter tag alone on its line takes the
//! line with it), set delimiters, and our two extensions (`| fallback` and the `{{|}}` cursor).

use super::ast::{Name, Node};
use super::error::{ParseErrorReason, TemplateError};

/// Deepest nesting of sections in one template. Real replies nest two or three; the limit
/// keeps rendering's recursion shallow on any input.
pub const MAX_SECTION_NESTING: usize = 32;

/// What a tag does, from the sigil after its opening delimiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagKind {
    Value { escaped: bool },
    Section { inverted: bool },
    Close,
    Comment,
    Partial,
    SetDelimiters,
}

impl TagKind {
    /// Tags that print nothing themselves may stand alone on a line, and then take it away.
    fn may_stand_alone(self) -> bool {
        !matches!(self, TagKind::Value { .. })
    }
}

/// A tag found in the source.
struct Tag<'s> {
    kind: TagKind,
    /// What is between the sigil and the closing delimiter, untrimmed.
    content: &'s str,
    /// Byte offset of the opening delimiter.
    start: usize,
    /// Byte offset just after the closing delimiter.
    end: usize,
}

/// A section whose closing tag has not been seen yet.
struct OpenSection {
    name: Name,
    inverted: bool,
    offset: usize,
    /// The nodes of the enclosing container, set aside until this section closes.
    outer: Vec<Node>,
}

/// Parses `source` into nodes. Length limits are the caller's business.
pub(crate) fn parse(source: &str) -> Result<Vec<Node>, TemplateError> {
    Parser::new(source).run()
}

struct Parser<'s> {
    source: &'s str,
    pos: usize,
    open: String,
    close: String,
    /// Nodes of the innermost open container.
    nodes: Vec<Node>,
    sections: Vec<OpenSection>,
    /// True when `pos` is at the start of a source line that no node has started yet.
    at_line_start: bool,
}

impl<'s> Parser<'s> {
    fn new(source: &'s str) -> Self {
        Parser {
            source,
            pos: 0,
            open: "{{".to_owned(),
            close: "}}".to_owned(),
            nodes: Vec::new(),
            sections: Vec::new(),
            at_line_start: true,
        }
    }

    fn run(mut self) -> Result<Vec<Node>, TemplateError> {
        while let Some(found) = self.source[self.pos..].find(self.open.as_str()) {
            let tag = self.scan_tag(self.pos + found)?;
            self.place_tag(&tag)?;
        }
        self.push_text(self.pos, self.source.len());
        if let Some(open) = self.sections.pop() {
            let name = open.name.text.to_string();
            return Err(self.error(open.offset, ParseErrorReason::UnclosedSection { name }));
        }
        Ok(self.nodes)
    }

    fn error(&self, offset: usize, reason: ParseErrorReason) -> TemplateError {
        TemplateError::parse(self.source, offset, reason)
    }

    /// Reads the tag whose opening delimiter is at `start`.
    fn scan_tag(&self, start: usize) -> Result<Tag<'s>, TemplateError> {
        let after_open = start + self.open.len();
        let sigil = self.source[after_open..].chars().next();
        let (kind, closing) = match sigil {
            Some('{') => (
                TagKind::Value { escaped: false },
                format!("}}{}", self.close),
            ),
            Some('=') => (TagKind::SetDelimiters, format!("={}", self.close)),
            Some('&') => (TagKind::Value { escaped: false }, self.close.clone()),
            Some('#') => (TagKind::Section { inverted: false }, self.close.clone()),
            Some('^') => (TagKind::Section { inverted: true }, self.close.clone()),
            Some('/') => (TagKind::Close, self.close.clone()),
            Some('!') => (TagKind::Comment, self.close.clone()),
            Some('>') => (TagKind::Partial, self.close.clone()),
            _ => (TagKind::Value { escaped: true }, self.close.clone()),
        };
        let content_start = match kind {
            TagKind::Value { escaped: true } => after_open,
            _ => after_open + sigil.map_or(0, char::len_utf8),
        };
        let unclosed = || {
            self.error(
                start,
                ParseErrorReason::UnclosedTag {
                    expected: closing.clone(),
                },
            )
        };
        let content_end = self.source[content_start..]
            .find(closing.as_str())
            .map(|found| content_start + found)
            .ok_or_else(unclosed)?;
        let content = &self.source[content_start..content_end];
        // A name tag running over a line or swallowing another tag is a tag left open:
        // say so at the tag that was left open, not at some later one.
        let names_something = !matches!(kind, TagKind::Comment | TagKind::SetDelimiters);
        if names_something && (content.contains('\n') || content.contains(self.open.as_str())) {
            return Err(unclosed());
        }
        Ok(Tag {
            kind,
            content,
            start,
            end: content_end + closing.len(),
        })
    }

    /// Emits the text before `tag`, applies the standalone rule, then the tag itself.
    fn place_tag(&mut self, tag: &Tag<'s>) -> Result<(), TemplateError> {
        let source = self.source;
        let standalone = if tag.kind.may_stand_alone() {
            self.standalone_line(tag)
        } else {
            None
        };
        let indent = match standalone {
            Some(line) => {
                self.push_text(self.pos, line.start);
                self.pos = line.next;
                Some(&source[line.start..tag.start])
            }
            None => {
                self.push_text(self.pos, tag.start);
                if self.at_line_start {
                    self.nodes.push(Node::Text {
                        text: "".into(),
                        starts_line: true,
                    });
                    self.at_line_start = false;
                }
                self.pos = tag.end;
                None
            }
        };
        if standalone.is_some_and(|line| line.next > tag.end) {
            self.at_line_start = true;
        }
        self.apply_tag(tag, indent)
    }

    /// When `tag` is alone on its line (only spaces and tabs around it), the span to remove:
    /// from the start of the line to just after its line ending.
    fn standalone_line(&self, tag: &Tag<'s>) -> Option<StandaloneLine> {
        let before = &self.source[..tag.start];
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        let only_blanks = |text: &str| text.chars().all(|c| c == ' ' || c == '\t');
        if line_start < self.pos || !only_blanks(&self.source[line_start..tag.start]) {
            return None;
        }
        let after = &self.source[tag.end..];
        let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
        let rest = &after[blanks..];
        let ending = if rest.is_empty() {
            0
        } else if rest.starts_with("\r\n") {
            2
        } else if rest.starts_with('\n') {
            1
        } else {
            return None;
        };
        Some(StandaloneLine {
            start: line_start,
            next: tag.end + blanks + ending,
        })
    }

    fn push_text(&mut self, from: usize, to: usize) {
        let text = &self.source[from..to];
        if text.is_empty() {
            return;
        }
        self.nodes.push(Node::Text {
            text: text.into(),
            starts_line: self.at_line_start,
        });
        self.at_line_start = text.ends_with('\n');
    }

    fn apply_tag(&mut self, tag: &Tag<'s>, indent: Option<&str>) -> Result<(), TemplateError> {
        match tag.kind {
            TagKind::Comment => Ok(()),
            TagKind::SetDelimiters => self.set_delimiters(tag),
            TagKind::Value { escaped } => {
                let node = self.value_node(tag, escaped)?;
                self.nodes.push(node);
                Ok(())
            }
            TagKind::Section { inverted } => self.open_section(tag, inverted),
            TagKind::Close => self.close_section(tag),
            TagKind::Partial => {
                let name = self.plain_name(tag)?;
                let node = Node::Partial {
                    name: name.into(),
                    indent: indent.map(Into::into),
                    offset: tag.start,
                };
                self.nodes.push(node);
                Ok(())
            }
        }
    }

    fn set_delimiters(&mut self, tag: &Tag<'s>) -> Result<(), TemplateError> {
        let mut parts = tag.content.split_whitespace();
        let (Some(open), Some(close), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(self.error(tag.start, ParseErrorReason::BadDelimiters));
        };
        if open.contains('=') || close.contains('=') {
            return Err(self.error(tag.start, ParseErrorReason::BadDelimiters));
        }
        self.open = open.to_owned();
        self.close = close.to_owned();
        Ok(())
    }

    /// `name`, `name | fallback`, or the cursor mark `|`.
    fn value_node(&self, tag: &Tag<'s>, escaped: bool) -> Result<Node, TemplateError> {
        let content = tag.content.trim();
        if content == "|" {
            return Ok(Node::Cursor { offset: tag.start });
        }
        let (name, fallback) = match content.split_once('|') {
            Some((name, fallback)) => (name.trim(), Some(unquote(fallback.trim()))),
            None => (content, None),
        };
        let name = self.name(tag, name)?;
        Ok(Node::Value {
            name,
            escaped,
            fallback: fallback.map(Into::into),
            offset: tag.start,
        })
    }

    fn open_section(&mut self, tag: &Tag<'s>, inverted: bool) -> Result<(), TemplateError> {
        if self.sections.len() >= MAX_SECTION_NESTING {
            let reason = ParseErrorReason::TooDeeplyNested {
                limit: MAX_SECTION_NESTING,
            };
            return Err(self.error(tag.start, reason));
        }
        let name = self.name(tag, self.plain_name(tag)?)?;
        let outer = std::mem::take(&mut self.nodes);
        self.sections.push(OpenSection {
            name,
            inverted,
            offset: tag.start,
            outer,
        });
        Ok(())
    }

    fn close_section(&mut self, tag: &Tag<'s>) -> Result<(), TemplateError> {
        let found = self.plain_name(tag)?;
        let Some(open) = self.sections.pop() else {
            let reason = ParseErrorReason::UnexpectedClose {
                name: found.to_owned(),
            };
            return Err(self.error(tag.start, reason));
        };
        if *open.name.text != *found {
            let reason = ParseErrorReason::MismatchedClose {
                expected: open.name.text.to_string(),
                found: found.to_owned(),
            };
            return Err(self.error(tag.start, reason));
        }
        let children = std::mem::replace(&mut self.nodes, open.outer);
        let node = Node::Section {
            name: open.name,
            inverted: open.inverted,
            children,
            offset: open.offset,
        };
        self.nodes.push(node);
        Ok(())
    }

    /// The trimmed content of a section, closing or partial tag, which takes no fallback.
    fn plain_name(&self, tag: &Tag<'s>) -> Result<&'s str, TemplateError> {
        let content = tag.content.trim();
        if content.contains('|') {
            return Err(self.error(tag.start, ParseErrorReason::MisplacedFallback));
        }
        if content.is_empty() {
            return Err(self.error(tag.start, ParseErrorReason::EmptyTag));
        }
        if content.contains(char::is_whitespace) {
            let reason = ParseErrorReason::BadName {
                name: content.to_owned(),
            };
            return Err(self.error(tag.start, reason));
        }
        Ok(content)
    }

    fn name(&self, tag: &Tag<'s>, text: &str) -> Result<Name, TemplateError> {
        if text.is_empty() {
            return Err(self.error(tag.start, ParseErrorReason::EmptyTag));
        }
        if text == "." {
            return Ok(Name {
                text: text.into(),
                parts: Box::new([]),
            });
        }
        let bad_name = || {
            self.error(
                tag.start,
                ParseErrorReason::BadName {
                    name: text.to_owned(),
                },
            )
        };
        if text.contains(char::is_whitespace) {
            return Err(bad_name());
        }
        let parts: Box<[Box<str>]> = text.split('.').map(Into::into).collect();
        if parts.iter().any(|part| part.is_empty()) {
            return Err(bad_name());
        }
        Ok(Name {
            text: text.into(),
            parts,
        })
    }
}

/// The span of a standalone line: where it starts and where the next line starts.
#[derive(Debug, Clone, Copy)]
struct StandaloneLine {
    start: usize,
    next: usize,
}

/// A fallback written in double quotes keeps its spaces: `{{x | " "}}`.
fn unquote(fallback: &str) -> &str {
    fallback
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
        .unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(text: &str, starts_line: bool) -> Node {
        Node::Text {
            text: text.into(),
            starts_line,
        }
    }

    fn reason(source: &str) -> (usize, usize, &'static str) {
        match parse(source) {
            Err(TemplateError::Parse {
                line,
                column,
                reason,
            }) => (line, column, reason.code()),
            other => panic!("expected a parse error for {source:?}, got {other:?}"),
        }
    }

    #[test]
    fn plain_text_is_one_text_node() {
        assert_eq!(parse("Bonjour !").unwrap(), vec![text("Bonjour !", true)]);
    }

    #[test]
    fn a_fallback_is_split_from_the_name_and_trimmed() {
        let nodes = parse("{{ author.first_name |  there  }}").unwrap();
        let Node::Value { name, fallback, .. } = &nodes[1] else {
            panic!("{nodes:?}")
        };
        assert_eq!(&*name.text, "author.first_name");
        assert_eq!(fallback.as_deref(), Some("there"));
    }

    #[test]
    fn a_quoted_fallback_keeps_its_spaces() {
        let nodes = parse("{{x|\" dear friend \"}}").unwrap();
        let Node::Value { fallback, .. } = &nodes[1] else {
            panic!("{nodes:?}")
        };
        assert_eq!(fallback.as_deref(), Some(" dear friend "));
    }

    #[test]
    fn a_lone_bar_is_the_cursor_mark() {
        let nodes = parse("Hi {{ | }}!").unwrap();
        assert_eq!(nodes[1], Node::Cursor { offset: 3 });
    }

    #[test]
    fn a_standalone_section_line_disappears() {
        let nodes = parse("a\n  {{#x}}\nb\n{{/x}}\nc").unwrap();
        assert_eq!(nodes.len(), 3, "{nodes:?}");
        assert_eq!(nodes[0], text("a\n", true));
        assert_eq!(nodes[2], text("c", true));
    }

    #[test]
    fn a_standalone_partial_keeps_its_indentation() {
        let nodes = parse("a\n  {{> sig}}\n").unwrap();
        assert_eq!(
            nodes[1],
            Node::Partial {
                name: "sig".into(),
                indent: Some("  ".into()),
                offset: 4
            }
        );
    }

    #[test]
    fn a_tag_at_the_start_of_a_line_gets_a_line_start_marker() {
        let nodes = parse("{{#a}}\n{{x}}\n{{/a}}").unwrap();
        let Node::Section { children, .. } = &nodes[0] else {
            panic!("{nodes:?}")
        };
        assert_eq!(children[0], text("", true));
    }

    #[test]
    fn an_unclosed_section_is_reported_where_it_opens() {
        assert_eq!(reason("Hi\n  {{#author}}x"), (2, 3, "unclosed-section"));
    }

    #[test]
    fn a_mismatched_close_is_reported_at_the_close() {
        assert_eq!(reason("{{#a}}{{#b}}{{/a}}"), (1, 13, "mismatched-close"));
    }

    #[test]
    fn a_close_without_open_is_reported() {
        assert_eq!(reason("é {{/a}}"), (1, 3, "unexpected-close"));
    }

    #[test]
    fn an_unclosed_tag_is_reported_at_its_opening_even_if_a_later_tag_closes() {
        assert_eq!(
            reason("Hello {{author.name\nBye {{me.name}}"),
            (1, 7, "unclosed-tag")
        );
        assert_eq!(
            reason("Hello {{author.name {{me.name}}"),
            (1, 7, "unclosed-tag")
        );
        assert_eq!(reason("Hello {{author.name"), (1, 7, "unclosed-tag"));
    }

    #[test]
    fn bad_delimiters_are_reported() {
        assert_eq!(reason("{{=<%=}}"), (1, 1, "bad-delimiters"));
        assert_eq!(reason("{{=a= b=}}"), (1, 1, "bad-delimiters"));
    }

    #[test]
    fn names_with_spaces_or_empty_parts_are_refused() {
        assert_eq!(reason("{{first name}}"), (1, 1, "bad-name"));
        assert_eq!(reason("{{author..name}}"), (1, 1, "bad-name"));
        assert_eq!(reason("{{ }}"), (1, 1, "empty-tag"));
        assert_eq!(reason("{{| there}}"), (1, 1, "empty-tag"));
    }

    #[test]
    fn a_fallback_on_a_section_is_refused() {
        assert_eq!(reason("{{#a | b}}{{/a}}"), (1, 1, "misplaced-fallback"));
    }

    #[test]
    fn nesting_beyond_the_limit_is_refused() {
        let deep = "{{#a}}".repeat(MAX_SECTION_NESTING + 1);
        assert_eq!(reason(&deep).2, "too-deeply-nested");
        let fine = "{{#a}}".repeat(MAX_SECTION_NESTING) + &"{{/a}}".repeat(MAX_SECTION_NESTING);
        assert!(parse(&fine).is_ok());
    }
}
