//! Reply templates: Mustache with plain-text output, plus three small extensions for
//! community managers (a fallback, a cursor mark, team snippets).
//!
//! Parse once with [`Template::parse`], render on every keystroke with [`Template::render`]
//! or [`Template::render_reply`]; [`render`] and [`render_reply`] do both in one call.
//!
//! ```
//! use std::collections::HashMap;
//! use tact::core::template::{render_reply, CalendarDate, Lang, ReplyContext};
//!
//! let context = ReplyContext {
//!     author_name: "Marie-Claire Dupont".into(),
//!     my_name: "Camille".into(),
//!     today: CalendarDate::new(2026, 11, 23),
//!     ..Default::default()
//! };
//! let snippets = HashMap::from([("signature".to_owned(), "{{me.name}}, le {{today}}".to_owned())]);
//! let reply = render_reply(
//!     "Bonjour {{author.first_name | à vous}}, {{|}}\n{{> signature}}",
//!     &context.to_data(Lang::Fr),
//!     &snippets,
//! ).unwrap();
//! assert_eq!(reply.text, "Bonjour Marie-Claire, \nCamille, le 23 novembre 2026");
//! assert_eq!(reply.cursor_utf16, Some(22));
//! ```
//!
//! # The template language
//!
//! Templates are [Mustache](https://mustache.github.io/mustache.5.html):
//!
//! | you write | you get |
//! |---|---|
//! | `{{author.name}}` | the value (dotted names reach inside groups) |
//! | `{{#comment.url}}…{{/comment.url}}` | the inside only when the value is present; repeated for each item of a list |
//! | `{{^comment.url}}…{{/comment.url}}` | the inside only when the value is missing or empty |
//! | `{{! a note }}` | nothing: a comment for the team |
//! | `{{> signature}}` | the team snippet named `signature` |
//! | `{{=<% %>=}}` | from here on, tags are written `<% … %>` |
//!
//! A section, comment, snippet or delimiter tag alone on its line takes the whole line with it,
//! so templates can be laid out on several lines without leaving blank lines in the reply. A
//! snippet tag alone on an indented line indents every line of the snippet.
//!
//! Missing values print nothing. A section hides when its value is missing, `null`, `false`,
//! an empty list, or a string that is empty or only spaces (so `{{#author.handle}}` means "if
//! we know the handle"); numbers, including 0, show it.
//!
//! ## Plain text, not HTML
//!
//! Replies are plain text typed into a site's editor, so `{{x}}` is **not** HTML-escaped:
//! `Tom & Jerry` stays `Tom & Jerry`. (Standard Mustache turns `&` into `&amp;`.) `{{{x}}}` and
//! `{{&x}}` behave the same as `{{x}}`. A caller that really produces HTML can ask for
//! [`Escape::Html`] through [`Template::render_with`], which escapes `& " < > '` in `{{x}}` as
//! the specification says.
//!
//! ## Fallback: `{{name | text}}`
//!
//! When the value is missing, `null`, or empty (or only spaces), the text after `|` is printed
//! instead, so a greeting never reads "Hello ,":
//!
//! ```text
//! Hello {{author.first_name | there}},      ->  Hello Marie-Claire,   or   Hello there,
//! Bonjour {{ author.first_name|à vous }} !  ->  spaces around the name and the text are ignored
//! Hi{{author.first_name | " "}}!            ->  double quotes keep spaces: "Hi !" when unknown
//! ```
//!
//! The fallback is literal text (it may contain spaces, not `}}` or a line break) and is never
//! escaped. It works in `{{x}}`, `{{{x}}}` and `{{&x}}`; on a section tag it is an error.
//! Standard Mustache gives `|` no meaning and data keys never contain it, so no existing
//! template changes meaning. (After `{{=| |=}}`, which makes `|` a delimiter, fallbacks and
//! the cursor mark cannot be written.)
//!
//! ## Cursor mark: `{{|}}`
//!
//! `{{|}}` prints nothing and marks where the caret lands after insertion; without it the
//! caret goes to the end. Only the first mark counts (`check` warns about the others); a mark
//! inside a hidden section is ignored. [`RenderedReply::cursor_utf16`] gives the position in
//! UTF-16 code units, the unit of DOM selections.
//!
//! ```text
//! Hi {{author.first_name | there}}, {{|}}
//!
//! {{> signature}}
//! ```
//!
//! ## Snippets: `{{> name}}`
//!
//! A snippet is a small template the team reuses across replies (a signature, a legal notice).
//! It sees the same variables as the template that includes it, and may include other
//! snippets, up to [`MAX_SNIPPET_DEPTH`] levels: a snippet that includes itself stops with
//! "the snippet "signature" is included more than 10 levels deep; does it include itself?".
//! An unknown snippet prints nothing; `check` reports it.
//!
//! ## Variables
//!
//! [`ReplyContext::to_data`] fills these ([`KNOWN_VARIABLES`]); missing ones are empty:
//!
//! | variable | holds |
//! |---|---|
//! | `author.name` | the comment author's display name |
//! | `author.first_name` | the author's first name, given or derived from the display name ("Marie-Claire Dupont" gives "Marie-Claire"); empty for a handle-only or emoji-only name, so use a fallback |
//! | `author.handle` | the author's handle, e.g. `@marie` |
//! | `platform` | the network's name, e.g. `LinkedIn` |
//! | `post.url`, `comment.url` | links to the post and to the comment |
//! | `comment.text` | the comment's text |
//! | `me.name` | your name |
//! | `brand.name` | the brand's name |
//! | `today` | today's date in the reply's language: `23 novembre 2026` (`1er` on the first), `November 23, 2026` |
//!
//! ## Limits
//!
//! - A template or snippet over [`MAX_TEMPLATE_CHARS`] (10,000) characters is refused:
//!   [`TemplateError::TooLong`].
//! - Rendered text over [`MAX_OUTPUT_CHARS`] (100,000) characters stops with
//!   [`TemplateError::OutputTooLong`]; more than [`MAX_RENDER_STEPS`] steps (nested sections
//!   over long lists) with [`TemplateError::TooMuchWork`].
//! - Sections nest at most [`MAX_SECTION_NESTING`] (32) levels, snippets [`MAX_SNIPPET_DEPTH`]
//!   (10). Rendering never panics, whatever the template and the data.
//!
//! Parse errors give a line, a column (1-based, in characters) and a reason, in English
//! (`Display`) and French ([`TemplateError::message_fr`]), e.g. `line 2, column 1: the section
//! "author" is opened here but never closed with {{/author}}`.
//!
//! ## Checking
//!
//! [`check`] returns [`Diagnostic`]s, each with a severity, a stable code, an English and a
//! French message, a line and a column:
//!
//! | code | severity | when |
//! |---|---|---|
//! | `unclosed-tag`, `unclosed-section`, `unexpected-close`, `mismatched-close`, `empty-tag`, `bad-name`, `bad-delimiters`, `misplaced-fallback`, `too-deeply-nested` | error | the template does not parse |
//! | `template-too-long` | error | over 10,000 characters |
//! | `snippet-error`, `snippets-too-deep`, `output-too-long`, `too-much-work` | error | rendering with the sample comment fails (a snippet that does not parse or includes itself, for instance); points at the snippet's tag |
//! | `unknown-variable` | warning | not a known variable (with a "did you mean" for typos). Names inside a section over an unknown name are not reported: they belong to data we know nothing about |
//! | `variable-is-a-group` | warning | `{{author}}` prints nothing; use `author.name`... |
//! | `unknown-snippet` | warning | no snippet has that name |
//! | `several-cursor-marks` | warning | more than one `{{\|}}` |
//! | `too-long-for-platform` | warning | longer than [`CheckOptions::max_chars`]: measured on the text rendered with a sample comment (points at line 1, column 1), or, when the template cannot render, on its source (points at the first character past the limit); the message says which |
//!
//! # Conformance
//!
//! The engine runs every case of the official Mustache specification's modules
//! interpolation, sections, inverted, comments, delimiters and partials (vendored in
//! `tests/conformance/mustache/`, run by `tests/template_conformance.rs`; lambdas and the other
//! optional modules are not implemented). Each case is rendered twice:
//!
//! 1. with [`Escape::Html`], where the output must equal the specification's expectation
//!    exactly;
//! 2. with [`Escape::None`], the plain-text default, where the output must equal the
//!    expectation with the HTML entities the escaping produces (`&amp;` `&quot;` `&lt;` `&gt;`
//!    `&#39;`) decoded back to characters. Only three cases have such entities in their
//!    expectation (interpolation's "HTML Escaping" and "Implicit Iterators - HTML Escaping",
//!    sections' "Implicit Iterator - HTML Escaping"); every other case is compared with the
//!    expectation unchanged.
//!
//! A case passes when both renderings match.
//!
//! One deliberate difference from the specification, outside its test cases: a blank string
//! hides a section (Mustache implementations disagree on empty strings; for replies, a name
//! of spaces is as good as none).

mod ast;
mod check;
mod context;
mod date;
mod error;
mod first_name;
mod lang;
mod parse;
mod parsed_template;
mod position;
mod render;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod proptests;

use std::collections::HashMap;

use serde_json::Value;

pub use check::{check, CheckOptions, Diagnostic, Severity};
pub use context::{ReplyContext, VariableDoc, KNOWN_VARIABLES, VARIABLES};
pub use date::CalendarDate;
pub use error::{ParseErrorReason, TemplateError};
pub use first_name::first_name_from_display_name;
pub use lang::Lang;
pub use parse::MAX_SECTION_NESTING;
pub use parsed_template::{RenderOptions, RenderedReply, Template, MAX_TEMPLATE_CHARS};
pub use position::Position;
pub use render::{Escape, MAX_OUTPUT_CHARS, MAX_RENDER_STEPS, MAX_SNIPPET_DEPTH};

/// Renders `source` as plain text with `data` and the team's snippets (`partials`, by name).
/// The cursor mark is removed; use [`render_reply`] to know where it was.
pub fn render(
    source: &str,
    data: &Value,
    partials: &HashMap<String, String>,
) -> Result<String, TemplateError> {
    Template::parse(source)?.render(data, partials)
}

/// Renders `source` and tells where the caret goes ([`RenderedReply::cursor_utf16`]).
pub fn render_reply(
    source: &str,
    data: &Value,
    partials: &HashMap<String, String>,
) -> Result<RenderedReply, TemplateError> {
    Template::parse(source)?.render_reply(data, partials)
}
