//! A parsed template, ready to render many times (the preview renders on every keystroke).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::ast::Node;
use super::error::TemplateError;
use super::parse::parse;
use super::render::{render_nodes, Escape};

/// Longest template or snippet source, in characters. Longer ones are refused before parsing.
pub const MAX_TEMPLATE_CHARS: usize = 10_000;

/// A rendered reply: the text to insert, and where the caret goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderedReply {
    /// The reply, with the cursor mark removed.
    pub text: String,
    /// Where the first `{{|}}` was, counted in UTF-16 code units from the start of `text` (the
    /// unit of DOM selections and `textarea.selectionStart`). `None` when the template has no
    /// cursor mark, or it sat in a part that did not render: put the caret at the end.
    pub cursor_utf16: Option<usize>,
}

/// How to render.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderOptions {
    pub escape: Escape,
}

/// A template parsed once; render it as often as needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    nodes: Vec<Node>,
}

impl Template {
    /// Parses `source`, refusing it when longer than [`MAX_TEMPLATE_CHARS`].
    ///
    /// ```
    /// # use tact::core::template::Template;
    /// let template = Template::parse("Hello {{author.first_name | there}}!").unwrap();
    /// let data = serde_json::json!({"author": {"first_name": "Ana"}});
    /// assert_eq!(template.render(&data, &Default::default()).unwrap(), "Hello Ana!");
    /// ```
    pub fn parse(source: &str) -> Result<Template, TemplateError> {
        Ok(Template {
            nodes: parse_bounded(source)?,
        })
    }

    /// The plain text, with the cursor mark removed.
    pub fn render(
        &self,
        data: &Value,
        partials: &HashMap<String, String>,
    ) -> Result<String, TemplateError> {
        Ok(self
            .render_with(data, partials, RenderOptions::default())?
            .text)
    }

    /// The plain text and the caret position.
    pub fn render_reply(
        &self,
        data: &Value,
        partials: &HashMap<String, String>,
    ) -> Result<RenderedReply, TemplateError> {
        self.render_with(data, partials, RenderOptions::default())
    }

    /// Renders with explicit options (HTML escaping is for the conformance suite and for any
    /// caller that really produces HTML).
    pub fn render_with(
        &self,
        data: &Value,
        partials: &HashMap<String, String>,
        options: RenderOptions,
    ) -> Result<RenderedReply, TemplateError> {
        let rendered = render_nodes(&self.nodes, data, partials, options.escape)?;
        let cursor_utf16 = rendered
            .cursor_byte
            .and_then(|byte| rendered.text.get(..byte))
            .map(|before| before.encode_utf16().count());
        Ok(RenderedReply {
            text: rendered.text,
            cursor_utf16,
        })
    }

    pub(crate) fn nodes(&self) -> &[Node] {
        &self.nodes
    }
}

/// Parses after checking the length limit; used for templates and snippets alike.
pub(crate) fn parse_bounded(source: &str) -> Result<Vec<Node>, TemplateError> {
    ensure_not_too_long(source)?;
    parse(source)
}

/// Refuses sources longer than [`MAX_TEMPLATE_CHARS`] characters.
pub(crate) fn ensure_not_too_long(source: &str) -> Result<(), TemplateError> {
    // Bytes bound characters from above: most sources skip the count.
    if source.len() <= MAX_TEMPLATE_CHARS {
        return Ok(());
    }
    let chars = source.chars().count();
    if chars > MAX_TEMPLATE_CHARS {
        return Err(TemplateError::TooLong {
            chars,
            limit: MAX_TEMPLATE_CHARS,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_template_at_the_limit_is_accepted_and_one_more_character_is_refused() {
        assert!(Template::parse(&"é".repeat(MAX_TEMPLATE_CHARS)).is_ok());
        let error = Template::parse(&"é".repeat(MAX_TEMPLATE_CHARS + 1)).unwrap_err();
        assert_eq!(
            error,
            TemplateError::TooLong {
                chars: 10_001,
                limit: 10_000
            }
        );
        assert_eq!(
            error.to_string(),
            "the template is 10001 characters long; the limit is 10000"
        );
    }

    #[test]
    fn the_cursor_is_counted_in_utf16_units() {
        // "😀" is two UTF-16 units, "é" one.
        let template = Template::parse("😀é {{|}}!").unwrap();
        let reply = template.render_reply(&json!({}), &HashMap::new()).unwrap();
        assert_eq!(
            reply,
            RenderedReply {
                text: "😀é !".to_owned(),
                cursor_utf16: Some(4)
            }
        );
    }

    #[test]
    fn a_cursor_in_a_hidden_section_gives_no_position() {
        let template = Template::parse("Hi{{#no}}{{|}}{{/no}}").unwrap();
        let reply = template.render_reply(&json!({}), &HashMap::new()).unwrap();
        assert_eq!(reply.cursor_utf16, None);
    }

    #[test]
    fn one_parsed_template_renders_different_data() {
        let template = Template::parse("{{n}}").unwrap();
        assert_eq!(
            template.render(&json!({"n": 1}), &HashMap::new()).unwrap(),
            "1"
        );
        assert_eq!(
            template.render(&json!({"n": 2}), &HashMap::new()).unwrap(),
            "2"
        );
    }
}
