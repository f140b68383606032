//! The canned-reply library: templates in French and English (with optional per-network
//! wordings), search as you type, the starter library, import and export, language
//! detection of the comment, and the `;;shortcut` trigger of the reply box.
//!
//! Pure core: no clock (pass `now_ms`), no randomness (pass new ids), no I/O.
//!
//! - [`model`]: [`Template`], [`Variant`], [`Lang`], [`Network`], and the variant choice.
//! - [`Library`]: a validated set of templates and the personal edits made on it.
//! - [`SearchIndex`]: built once per library change, queried on every keystroke.
//! - [`detect_language`]: French, English or unknown, from a short comment.
//! - [`find_shortcut_before_caret`]: the reply-box trigger, documented in [`trigger`].

pub mod bench_support;
mod collection;
mod error;
mod exchange;
pub(crate) mod fold;
mod language;
pub mod model;
mod search;
mod shortcut_set;
mod starter;
pub mod trigger;
mod validation;

pub use collection::Library;
pub use error::{LibraryError, RejectedEntry};
pub use exchange::{ImportMode, ImportReport, FORMAT_NAME, FORMAT_VERSION};
pub use language::detect_language;
pub use model::{pick_variant, Lang, Network, Scope, Template, TemplateContent, Variant};
pub use search::{Hit, MatchedFields, Query, SearchIndex, MAX_LIMIT, MAX_QUERY_WORDS};
pub use shortcut_set::{ShortcutLookup, ShortcutSet};
pub use trigger::{find_shortcut_before_caret, ShortcutMatch, TRIGGER};
pub use validation::{
    shortcut_key, validate_library, validate_template, MAX_BODY_CHARS, MAX_SHORTCUT_CHARS, MAX_TEMPLATES,
    MAX_TITLE_CHARS, MAX_VARIANTS,
};
