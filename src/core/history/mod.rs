//! Mention history: what an author wrote to the brand before, what the team answered, what the
//! team knows about them, and who is answering right now. Pure rules; the server stores, the
//! panel shows. Wire types are in [`crate::core::model::history`].
//!
//! - [`author_key`]: who a comment is from, as one key (`x:handle:marie_d`), with the fallbacks
//!   when a site shows no handle;
//! - [`capture`]: a capture checked against the team's settings: only the listed fields, capped,
//!   links http(s);
//! - [`capture_outbox`]: the extension's queue of captures waiting for the server, once per
//!   permalink, filtered by the team's cached settings;
//! - [`settings`]: networks recorded and retention (defaults, bounds);
//! - [`annotations`]: tags (vocabulary and free) and notes;
//! - [`summary`]: first and last contact and counts;
//! - [`collision`]: presence expiry, and who is replying or just answered, in order;
//! - [`search`]: the search query checked and folded, and page cursors;
//! - [`error`]: why an input is refused.

pub mod annotations;
pub mod author_key;
pub mod capture;
pub mod capture_outbox;
pub mod collision;
pub mod error;
pub mod search;
pub mod settings;
pub mod summary;

pub use annotations::{check_note, is_vocabulary_tag, normalise_tag, TAG_VOCABULARY};
pub use author_key::{venue_named, AuthorKey, KeyBasis};
pub use capture::{check_permalink, excerpt, Mention};
pub use capture_outbox::{CaptureAnswer, CaptureOutbox, Offer};
pub use collision::{
    collision, presence_expiry, presence_since, RECENT_ANSWER_MS, REPLYING_REFRESH_MS, REPLYING_TTL_MS,
};
pub use error::HistoryError;
pub use search::{search_fold, CheckedSearch, PageCursor};
pub use settings::{DAY_MS, DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS, MIN_RETENTION_DAYS};
pub use summary::{summarise, MentionStats, ReplyStats};
