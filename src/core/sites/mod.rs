//! Site adapters as data: how to read the comment being answered, and find the reply box, on
//! each supported network and on any forum or blog.
//!
//! Social sites change their markup often, so each adapter is a JSON [`SiteDescriptor`]
//! (`descriptors/*.json`, embedded in the build, replaceable by a team override without a
//! release). A descriptor holds CSS selectors (validated against a documented subset by
//! [`selector`]), attribute names and fixed text transforms; nothing in it is executed.
//!
//! The extraction logic is written against the small [`DomNode`] trait, so it runs unchanged
//! over `web_sys::Element` in the extension and over parsed fixture HTML in native tests.
//!
//! Typical use by the agent, when a box gets focus:
//!
//! ```text
//! let site = registry.for_host(&location.host);
//! let reading = read_focus(site, registry.generic(), &focused, &document_element, &page_url)?;
//! // reading.editor + reading.kind: where and how to insert text
//! // reading.context: who and what is answered (reading.context.to_comment_context(..) to send)
//! // reading.report: a HealthEventKind to stamp with the time and count (see HealthThrottle)
//! let submit = find_submit(site, &reading.editor);             // what to guard
//! // launchers: root.query_all(&site.comments.container), then extract_context on a click
//! ```
//!
//! What each built-in descriptor reads, and which markers are verified, is in `SITES.md`.

mod descriptor;
mod dom;
mod error;
mod extract;
mod focus;
pub mod health;
pub mod host;
pub mod links;
mod locate;
pub mod normalize;
mod registry;
pub mod selector;
mod transform;
mod validate;

pub use descriptor::{
    Anchor, CommentRules, CommentStrategy, ContextField, EditorKind, EditorRule, FieldRule, FieldRules, Read,
    SiteDescriptor, SubmitRule, Transform, GENERIC_ID,
};
pub use dom::DomNode;
pub use error::DescriptorError;
pub use extract::{context_for_editor, extract_context, Completeness, ExtractedContext};
pub use focus::{read_focus, FocusReading};
pub use health::{judge_focus, FocusObservation, FocusVerdict, HealthEvent, HealthEventKind, HealthThrottle};
pub use locate::{comment_for_editor, find_editor, find_submit};
pub use registry::{builtin_descriptors, Registry, BUILTIN_DESCRIPTORS};
pub use transform::apply_transforms;
pub use validate::MAX_DESCRIPTOR_BYTES;
