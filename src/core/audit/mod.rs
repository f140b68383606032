//! The audit log's rules, defined once for the server, the command line and the console:
//!
//! - [`chain`]: how an entry is encoded and hashed, and sealed onto the one before it;
//! - [`verify`]: the walk that finds the first bad entry and says why (altered, missing,
//!   reordered...);
//! - [`export`]: CSV and JSON for compliance, and the period an export covers;
//! - [`time`]: UTC days and timestamps (the core has no clock: times are passed in).
//!
//! The chain, in one paragraph: each entry's hash is the SHA-256 of a length-prefixed encoding
//! of its team, time, actor, kind, the SHA-256 of its payload, and the previous entry's hash
//! ([`chain::entry_hash`]). Changing, removing or reordering a stored entry breaks the chain at
//! that entry. What a chain alone cannot show: a wholesale rewrite by whoever can write the
//! database and recompute every hash, or entries cut from the end together with the recorded
//! head. Keeping a copy of the head (`verify`'s `head_hash`) elsewhere closes both.

pub mod chain;
pub mod export;
pub mod time;
pub mod verify;

pub use chain::{canonical_payload, entry_hash, seal, GENESIS_HASH};
pub use export::{ExportFormat, Period, PeriodError};
pub use verify::ChainVerifier;
