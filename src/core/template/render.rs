//! Rendering a parsed template against JSON data, with bounded output, bounded work and
//! bounded snippet depth, so no template and no data can exhaust memory, time or the stack.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use serde_json::Value;

use super::ast::{Name, Node};
use super::error::TemplateError;
use super::parsed_template::parse_bounded;

/// Longest rendered text, in characters. A reply is at most a few thousand characters; the cap
/// stops a section over a huge list, or snippets repeating each other, from filling memory.
pub const MAX_OUTPUT_CHARS: usize = 100_000;
/// Deepest chain of snippets including snippets. Stops a snippet that includes itself.
pub const MAX_SNIPPET_DEPTH: usize = 10;
/// Most nodes visited in one rendering. Nested sections over long lists can loop a very long
/// time while printing nothing; this bounds the time a preview can take.
pub const MAX_RENDER_STEPS: usize = 1_000_000;

/// Whether `{{name}}` escapes HTML. Replies are plain text, so the default is [`Escape::None`];
/// [`Escape::Html`] is the Mustache specification's behaviour (`& " < > '` become entities).
/// `{{{name}}}` and `{{&name}}` never escape.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Escape {
    #[default]
    None,
    Html,
}

/// Rendered text and the byte offset of the first cursor mark, if one was rendered.
pub(crate) struct Rendered {
    pub text: String,
    pub cursor_byte: Option<usize>,
}

/// Renders `nodes` with `data` at the bottom of the context stack.
pub(crate) fn render_nodes(
    nodes: &[Node],
    data: &Value,
    partials: &HashMap<String, String>,
    escape: Escape,
) -> Result<Rendered, TemplateError> {
    let mut renderer = Renderer {
        partial_sources: partials,
        parsed_partials: HashMap::new(),
        escape,
        text: String::new(),
        chars: 0,
        cursor_byte: None,
        steps: 0,
        snippet_depth: 0,
    };
    let mut stack = vec![data];
    renderer.nodes(nodes, &mut stack, "")?;
    Ok(Rendered {
        text: renderer.text,
        cursor_byte: renderer.cursor_byte,
    })
}

struct Renderer<'a> {
    partial_sources: &'a HashMap<String, String>,
    /// Snippets parsed during this rendering, each parsed once however often it is used.
    parsed_partials: HashMap<&'a str, Rc<[Node]>>,
    escape: Escape,
    text: String,
    chars: usize,
    cursor_byte: Option<usize>,
    steps: usize,
    snippet_depth: usize,
}

impl<'a> Renderer<'a> {
    fn nodes(
        &mut self,
        nodes: &[Node],
        stack: &mut Vec<&'a Value>,
        indent: &str,
    ) -> Result<(), TemplateError> {
        for node in nodes {
            self.step()?;
            match node {
                Node::Text { text, starts_line } => self.text_node(text, *starts_line, indent)?,
                Node::Value {
                    name,
                    escaped,
                    fallback,
                    ..
                } => {
                    self.value(lookup(stack, name), *escaped, fallback.as_deref())?;
                }
                Node::Section {
                    name,
                    inverted,
                    children,
                    ..
                } => {
                    self.section(name, *inverted, children, stack, indent)?;
                }
                Node::Partial {
                    name,
                    indent: own_indent,
                    ..
                } => {
                    let indent = own_indent.as_deref().map(|own| format!("{indent}{own}"));
                    self.partial(name, indent.as_deref().unwrap_or(""), stack)?;
                }
                Node::Cursor { .. } => {
                    self.cursor_byte.get_or_insert(self.text.len());
                }
            }
        }
        Ok(())
    }

    fn step(&mut self) -> Result<(), TemplateError> {
        self.steps += 1;
        if self.steps > MAX_RENDER_STEPS {
            return Err(TemplateError::TooMuchWork {
                limit: MAX_RENDER_STEPS,
            });
        }
        Ok(())
    }

    fn push(&mut self, text: &str) -> Result<(), TemplateError> {
        let chars = text.chars().count();
        if self.chars + chars > MAX_OUTPUT_CHARS {
            return Err(TemplateError::OutputTooLong {
                limit: MAX_OUTPUT_CHARS,
            });
        }
        self.text.push_str(text);
        self.chars += chars;
        Ok(())
    }

    /// Literal text; inside an indented snippet, every source line starts with `indent`.
    fn text_node(
        &mut self,
        text: &str,
        starts_line: bool,
        indent: &str,
    ) -> Result<(), TemplateError> {
        if indent.is_empty() {
            return self.push(text);
        }
        if starts_line {
            self.push(indent)?;
        }
        let mut rest = text;
        while let Some(newline) = rest.find('\n') {
            let (line, after) = rest.split_at(newline + 1);
            self.push(line)?;
            // A final newline's next line belongs to whatever node comes next.
            if after.is_empty() {
                return Ok(());
            }
            self.push(indent)?;
            rest = after;
        }
        self.push(rest)
    }

    fn value(
        &mut self,
        value: Option<&Value>,
        escaped: bool,
        fallback: Option<&str>,
    ) -> Result<(), TemplateError> {
        let text = display(value);
        match fallback {
            Some(fallback) if text.trim().is_empty() => self.push(fallback),
            _ if escaped && self.escape == Escape::Html => self.push(&escape_html(&text)),
            _ => self.push(&text),
        }
    }

    fn section(
        &mut self,
        name: &Name,
        inverted: bool,
        children: &[Node],
        stack: &mut Vec<&'a Value>,
        indent: &str,
    ) -> Result<(), TemplateError> {
        let value = lookup(stack, name);
        let truthy = is_truthy(value);
        if inverted {
            return if truthy {
                Ok(())
            } else {
                self.nodes(children, stack, indent)
            };
        }
        if !truthy {
            return Ok(());
        }
        let items: &'a [Value] = match value {
            Some(Value::Array(items)) => items,
            other => std::slice::from_ref(other.unwrap_or(&Value::Null)),
        };
        for item in items {
            self.step()?;
            stack.push(item);
            let rendered = self.nodes(children, stack, indent);
            stack.pop();
            rendered?;
        }
        Ok(())
    }

    fn partial(
        &mut self,
        name: &str,
        indent: &str,
        stack: &mut Vec<&'a Value>,
    ) -> Result<(), TemplateError> {
        if self.snippet_depth >= MAX_SNIPPET_DEPTH {
            return Err(TemplateError::SnippetsTooDeep {
                name: name.to_owned(),
                limit: MAX_SNIPPET_DEPTH,
            });
        }
        // A snippet nobody defined renders as nothing, as Mustache says; `check` reports it.
        let Some(nodes) = self.parsed_partial(name)? else {
            return Ok(());
        };
        self.snippet_depth += 1;
        let rendered = self.nodes(&nodes, stack, indent);
        self.snippet_depth -= 1;
        rendered
    }

    fn parsed_partial(&mut self, name: &str) -> Result<Option<Rc<[Node]>>, TemplateError> {
        if let Some(nodes) = self.parsed_partials.get(name) {
            return Ok(Some(Rc::clone(nodes)));
        }
        let Some((key, source)) = self.partial_sources.get_key_value(name) else {
            return Ok(None);
        };
        let nodes: Rc<[Node]> = parse_bounded(source)
            .map_err(|error| TemplateError::InSnippet {
                name: name.to_owned(),
                error: Box::new(error),
            })?
            .into();
        self.parsed_partials.insert(key.as_str(), Rc::clone(&nodes));
        Ok(Some(nodes))
    }
}

/// Mustache name resolution: the first part is looked up from the top of the context stack
/// down; the other parts only inside what the first part found.
fn lookup<'a>(stack: &[&'a Value], name: &Name) -> Option<&'a Value> {
    let Some((first, rest)) = name.parts.split_first() else {
        return stack.last().copied();
    };
    let mut value = stack
        .iter()
        .rev()
        .find_map(|item| item.as_object()?.get(&**first))?;
    for part in rest.iter() {
        value = value.as_object()?.get(&**part)?;
    }
    Some(value)
}

/// What a value prints as. Lists and objects print nothing: a reply has no use for JSON.
fn display(value: Option<&Value>) -> Cow<'_, str> {
    match value {
        Some(Value::String(text)) => Cow::Borrowed(text),
        Some(Value::Number(number)) => Cow::Owned(number.to_string()),
        Some(Value::Bool(flag)) => Cow::Borrowed(if *flag { "true" } else { "false" }),
        _ => Cow::Borrowed(""),
    }
}

/// Whether a section shows: missing, `null`, `false`, an empty list and a blank string hide it.
fn is_truthy(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::Array(items)) => !items.is_empty(),
        Some(Value::String(text)) => !text.trim().is_empty(),
        _ => true,
    }
}

fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::template::parse::parse;
    use serde_json::json;

    fn render_with(
        source: &str,
        data: Value,
        partials: &[(&str, &str)],
        escape: Escape,
    ) -> Result<String, TemplateError> {
        let partials = partials
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let nodes = parse(source)?;
        render_nodes(&nodes, &data, &partials, escape).map(|rendered| rendered.text)
    }

    fn render(source: &str, data: Value) -> String {
        render_with(source, data, &[], Escape::None).unwrap()
    }

    #[test]
    fn values_are_not_escaped_by_default() {
        assert_eq!(
            render("{{x}}", json!({"x": "Tom & Jerry <3"})),
            "Tom & Jerry <3"
        );
    }

    #[test]
    fn html_mode_escapes_double_mustaches_only() {
        let data = json!({"x": "<'&\">"});
        let text = render_with("{{x}} {{{x}}} {{&x}}", data, &[], Escape::Html).unwrap();
        assert_eq!(text, "&lt;&#39;&amp;&quot;&gt; <'&\"> <'&\">");
    }

    #[test]
    fn a_fallback_replaces_a_missing_null_or_blank_value() {
        for data in [
            json!({}),
            json!({"n": null}),
            json!({"n": ""}),
            json!({"n": "  "}),
        ] {
            assert_eq!(render("Hello {{n | there}},", data), "Hello there,");
        }
        assert_eq!(
            render("Hello {{n | there}},", json!({"n": "Ana"})),
            "Hello Ana,"
        );
    }

    #[test]
    fn a_fallback_is_never_html_escaped() {
        let text = render_with("{{n | Tom & Jerry}}", json!({}), &[], Escape::Html).unwrap();
        assert_eq!(text, "Tom & Jerry");
    }

    #[test]
    fn blank_strings_hide_a_section() {
        assert_eq!(render("[{{#s}}shown{{/s}}]", json!({"s": " "})), "[]");
        assert_eq!(render("[{{^s}}shown{{/s}}]", json!({"s": ""})), "[shown]");
    }

    #[test]
    fn numbers_including_zero_show_a_section() {
        assert_eq!(render("[{{#n}}{{.}}{{/n}}]", json!({"n": 0})), "[0]");
    }

    #[test]
    fn lists_and_objects_print_nothing() {
        assert_eq!(
            render("[{{a}}{{o}}]", json!({"a": [1], "o": {"k": 1}})),
            "[]"
        );
    }

    #[test]
    fn the_first_cursor_mark_wins() {
        let nodes = parse("ab{{|}}c{{|}}d").unwrap();
        let rendered = render_nodes(&nodes, &json!({}), &HashMap::new(), Escape::None).unwrap();
        assert_eq!(
            (rendered.text.as_str(), rendered.cursor_byte),
            ("abcd", Some(2))
        );
    }

    #[test]
    fn a_self_including_snippet_stops_with_a_clear_error() {
        let error = render_with(
            "{{> loop}}",
            json!({}),
            &[("loop", "again {{> loop}}")],
            Escape::None,
        );
        assert_eq!(
            error,
            Err(TemplateError::SnippetsTooDeep {
                name: "loop".into(),
                limit: MAX_SNIPPET_DEPTH
            })
        );
    }

    #[test]
    fn snippets_doubling_each_level_hit_the_output_cap() {
        let partials: Vec<(String, String)> = (0..9)
            .map(|level| {
                (
                    format!("p{level}"),
                    format!("{{{{> p{next}}}}}{{{{> p{next}}}}}", next = level + 1),
                )
            })
            .chain([("p9".to_owned(), "x".repeat(5_000))])
            .collect();
        let partials: Vec<(&str, &str)> = partials
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let error = render_with("{{> p0}}", json!({}), &partials, Escape::None);
        assert_eq!(
            error,
            Err(TemplateError::OutputTooLong {
                limit: MAX_OUTPUT_CHARS
            })
        );
    }

    #[test]
    fn a_huge_list_hits_the_output_cap() {
        let data = json!({"items": vec!["0123456789"; 20_000]});
        let error = render_with("{{#items}}{{.}}{{/items}}", data, &[], Escape::None);
        assert_eq!(
            error,
            Err(TemplateError::OutputTooLong {
                limit: MAX_OUTPUT_CHARS
            })
        );
    }

    #[test]
    fn nested_loops_that_print_nothing_hit_the_step_limit() {
        let data = json!({"l": vec![1; 1_000]});
        let error = render_with(
            "{{#l}}{{#l}}{{#l}}{{/l}}{{/l}}{{/l}}",
            data,
            &[],
            Escape::None,
        );
        assert_eq!(
            error,
            Err(TemplateError::TooMuchWork {
                limit: MAX_RENDER_STEPS
            })
        );
    }

    #[test]
    fn a_snippet_that_does_not_parse_is_named_in_the_error() {
        let error =
            render_with("{{> sig}}", json!({}), &[("sig", "{{#a}}")], Escape::None).unwrap_err();
        assert_eq!(error.code(), "snippet-error");
        assert!(
            error
                .to_string()
                .starts_with("in the snippet \"sig\": line 1, column 1"),
            "{error}"
        );
    }
}
