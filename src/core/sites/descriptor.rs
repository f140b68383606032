//! The site descriptor: how to read one site's comments and find its reply box, as data.
//!
//! A descriptor is JSON (embedded for built-in sites, or sent by the team backend), holds only
//! CSS selectors, attribute names and fixed text transforms, and is validated before use by
//! [`SiteDescriptor::from_json`]. Nothing in it is ever executed.

use serde::{Deserialize, Serialize};

use super::error::DescriptorError;
use super::validate;

/// One site's adapter, as data. See `SITES.md` for what each built-in descriptor reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteDescriptor {
    /// Stable identifier, also the `platform` of the context: `x`, `linkedin`, ..., `generic`.
    pub id: String,
    /// Name shown to people: "X / Twitter".
    pub name: String,
    /// Bumped on each change, so a team can tell which version its members run.
    #[serde(default = "first_version")]
    pub version: u32,
    /// Host patterns served (`www.reddit.com`, `*.x.com`); empty only for `generic`.
    pub hosts: Vec<String>,
    pub comments: CommentRules,
    pub fields: FieldRules,
    /// Reply editors, tried in order; the first whose selector matches decides the kind.
    pub editors: Vec<EditorRule>,
    /// The control that posts the reply, if the agent should guard it.
    #[serde(default)]
    pub submit: Option<SubmitRule>,
    /// How to go from a focused reply box to the comment it answers, tried in order.
    pub editor_to_comment: Vec<CommentStrategy>,
}

fn first_version() -> u32 {
    1
}

/// What a comment is on this site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentRules {
    /// Matches every comment (and post) container.
    pub container: String,
    /// Matches the parts of a container that hold *other* comments (nested replies), so their
    /// authors and text are never read as the container's own. Defaults to `container`.
    #[serde(default)]
    pub replies: Option<String>,
}

impl CommentRules {
    /// The selector bounding a container's own content.
    pub fn replies_selector(&self) -> &str {
        self.replies.as_deref().unwrap_or(&self.container)
    }
}

/// For each piece of context, the rules that read it, tried in order until one yields text.
/// A field with no rule is one the site does not offer: it never counts as missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldRules {
    #[serde(default)]
    pub author_name: Vec<FieldRule>,
    #[serde(default)]
    pub author_handle: Vec<FieldRule>,
    #[serde(default)]
    pub author_profile: Vec<FieldRule>,
    #[serde(default)]
    pub text: Vec<FieldRule>,
    #[serde(default)]
    pub permalink: Vec<FieldRule>,
    #[serde(default)]
    pub time: Vec<FieldRule>,
    #[serde(default)]
    pub thread: Vec<FieldRule>,
}

impl FieldRules {
    /// Each field with its rules, in a fixed order.
    pub fn all(&self) -> [(ContextField, &[FieldRule]); 7] {
        [
            (ContextField::AuthorName, &self.author_name),
            (ContextField::AuthorHandle, &self.author_handle),
            (ContextField::AuthorProfile, &self.author_profile),
            (ContextField::Text, &self.text),
            (ContextField::Permalink, &self.permalink),
            (ContextField::Time, &self.time),
            (ContextField::Thread, &self.thread),
        ]
    }
}

/// A piece of the comment context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContextField {
    AuthorName,
    AuthorHandle,
    AuthorProfile,
    Text,
    Permalink,
    Time,
    Thread,
}

impl ContextField {
    /// The field's name as written in descriptors and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ContextField::AuthorName => "author_name",
            ContextField::AuthorHandle => "author_handle",
            ContextField::AuthorProfile => "author_profile",
            ContextField::Text => "text",
            ContextField::Permalink => "permalink",
            ContextField::Time => "time",
            ContextField::Thread => "thread",
        }
    }

    /// Whether the value is a link, resolved against the page and kept only if http(s).
    pub fn is_url(self) -> bool {
        matches!(self, ContextField::AuthorProfile | ContextField::Permalink | ContextField::Thread)
    }
}

/// How to read one field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldRule {
    /// Where the selector starts: the comment container (default) or one of its ancestors.
    #[serde(default)]
    pub from: Anchor,
    /// Selector for the element to read, relative to the anchor; absent reads the anchor itself.
    /// Matches inside nested replies are skipped.
    #[serde(default)]
    pub selector: Option<String>,
    /// Which of the matches to read (0 = the first).
    #[serde(default)]
    pub nth: u8,
    /// After selecting, move to this ancestor (e.g. the link around a `time`).
    #[serde(default)]
    pub then_closest: Option<String>,
    #[serde(default)]
    pub read: Read,
    /// Applied in order to the text read.
    #[serde(default)]
    pub transforms: Vec<Transform>,
}

/// Where a field rule's selector starts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Anchor {
    /// The comment container.
    #[default]
    Comment,
    /// The nearest ancestor of the container (or the container) matching the selector,
    /// e.g. the post a comment belongs to.
    Closest(String),
}

/// What to read from the selected element.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Read {
    /// Its text as the user sees it.
    #[default]
    Text,
    /// One of its attributes (`href`, `datetime`, `author`, ...).
    Attribute(String),
    /// The URL of the page itself (no selector): for sites where the page is the thread.
    PageUrl,
}

/// A fixed text transform. Data, not code: each is a plain string operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Transform {
    /// `@alice` -> `alice`.
    StripLeadingAt,
    /// Removes this prefix when present.
    StripPrefix(String),
    /// Removes this suffix when present.
    StripSuffix(String),
    /// Keeps what comes before the first occurrence of this text (all of it when absent).
    Before(String),
    /// Keeps what comes after the first occurrence of this text (nothing when absent).
    After(String),
    /// Puts this text in front (e.g. a site's profile URL before a user name).
    Prepend(String),
    /// Drops a link's `?query` and `#fragment` (tracking parameters).
    StripQuery,
    /// The Nth non-empty segment of a link's path: `/in/alice/` with 1 gives `alice`.
    PathSegment(u8),
}

/// A kind of reply editor, which decides how text is inserted into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EditorKind {
    Textarea,
    Input,
    Contenteditable,
    Draftjs,
    Lexical,
    Quill,
    Prosemirror,
}

/// One kind of reply editor on the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditorRule {
    /// Matches the editor element (the focused element or one of its ancestors).
    pub selector: String,
    pub kind: EditorKind,
}

/// The control that posts a reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmitRule {
    pub selector: String,
    /// The editor's ancestor that holds the control (a form, a dialog). When absent, the nearest
    /// ancestor of the editor containing a match is used.
    #[serde(default)]
    pub within: Option<String>,
    /// Whether Enter alone (without Shift) posts from the reply box, as on Facebook, Instagram
    /// and TikTok; Ctrl/Cmd+Enter always counts as posting. The submit guard holds both.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub enter_posts: bool,
}

/// A way to find the comment a focused reply box answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum CommentStrategy {
    /// The nearest comment container around the editor (the box sits inside the comment).
    Closest,
    /// The nearest comment before the editor in document order, without leaving the nearest
    /// ancestor matching `within` (X: the tweet above the reply box, in a dialog or a thread).
    Preceding { within: String },
    /// The first comment inside the nearest ancestor matching `ancestor` (the box sits after
    /// the comment and its replies, in a wrapper they share).
    AncestorFirst { ancestor: String },
    /// When the box starts with `@handle` (the site prefilled a mention), the only comment by
    /// that handle inside the nearest ancestor matching `within`; nothing when several match.
    Mention { within: String },
}

impl SiteDescriptor {
    /// Parses and validates a descriptor. Refuses, with the field path and the reason, anything
    /// oversized, malformed, script-like or outside the supported selector subset.
    ///
    /// ```
    /// use tact::core::sites::SiteDescriptor;
    /// let refused = SiteDescriptor::from_json(r#"{"id": "x"}"#).unwrap_err();
    /// assert!(refused.to_string().contains("missing field"));
    /// ```
    pub fn from_json(json: &str) -> Result<SiteDescriptor, DescriptorError> {
        validate::parse_descriptor(json)
    }

    /// Whether this is the fallback adapter for any forum or blog.
    pub fn is_generic(&self) -> bool {
        self.id == GENERIC_ID
    }

    /// All editor selectors as one selector list, to find reply boxes in a page.
    pub fn editor_selector(&self) -> String {
        join_selectors(self.editors.iter().map(|rule| rule.selector.as_str()))
    }
}

/// The id of the fallback adapter.
pub const GENERIC_ID: &str = "generic";

pub(crate) fn join_selectors<'a>(selectors: impl Iterator<Item = &'a str>) -> String {
    selectors.collect::<Vec<_>>().join(", ")
}
