//! The `/api/v1` handlers, thin: typed input in, the policy asked, storage called, typed answer out.
//!
//! - [`input`]: JSON, query and path extractors whose refusals use the one error shape;
//! - [`session`]: sign in, sign out;
//! - [`members`]: who am I, the team's members, invites, roles, deactivation;
//! - [`sync`]: pull changes since a cursor, push mutations exactly once;
//! - [`approvals`]: ask for an approval, the inbox, decide;
//! - [`published`]: the record of every reply posted, exactly once;
//! - [`audit`]: browse, verify and export the hash-chained audit log;
//! - [`settings`]: the team's settings (approval exemptions, audit retention);
//! - [`reports`]: the managers' reports (JSON, or a table as CSV);
//! - [`rules`]: rule files between YAML and JSON for the console's rules editor;
//! - [`history`]: mention history: capture, timelines, tags and notes, presence, search, privacy.

pub mod approvals;
pub mod audit;
pub mod history;
pub mod input;
pub mod members;
pub mod published;
pub mod reports;
pub mod rules;
pub mod session;
pub mod settings;
pub mod sync;
