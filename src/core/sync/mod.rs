//! The extension's side of team sync, as a pure state machine: the background feeds it local
//! edits and the server's answers, stores what it says to store, and sends what it says to send.
//!
//! - [`SyncState`]: the confirmed documents, the cursor, the outbox, conflicts and rejections;
//! - [`outbox`]: local edits become numbered mutations, sent in order, exactly once;
//! - [`answers`]: what a push's results and a pull's pages do to the state;
//! - [`conflict`]: keep theirs, keep mine, or save mine as a copy;
//! - [`view`]: what the member sees (pending edits over the confirmed documents);
//! - [`status`]: what the pages show (offline since, changes waiting, conflicts);
//! - [`live`]: the live channel's events, read as they arrive;
//! - [`address`], [`problem`], [`messages`]: the server's address, what went wrong, and the
//!   requests pages send the background.
//!
//! No clock, no randomness, no I/O: times (`now_ms`) and new ids come from the caller.

pub mod address;
pub mod answers;
pub mod conflict;
pub mod live;
pub mod messages;
pub mod outbox;
pub mod problem;
pub mod state;
pub mod status;
pub mod view;

pub use address::{invite_token, AddressError, ServerAddress};
pub use answers::read_push_response;
pub use conflict::{Conflict, Rejection, Resolution, ResolveError};
pub use live::{retry_delay_ms, CursorEvents, LiveEvent};
pub use messages::{SyncAnswer, SyncRequest, WordedProblem};
pub use outbox::{EditOutcome, LocalEdit};
pub use problem::{problem_from_http, SyncProblem};
pub use state::{CollectionDocs, Documents, Effects, Pending, StoredDoc, SyncState};
pub use status::{ConflictSummary, Connection, Notice, RejectionSummary, StatusView, SyncStatus, Wording};
pub use view::{own_templates, template_collection, LibraryView};

/// Most mutations sent in one push (the server takes up to 500).
pub const PUSH_BATCH: usize = 200;
/// Changes asked for per pull (the server gives up to 5,000).
pub const PULL_PAGE: u64 = 5_000;
