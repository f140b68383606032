//! The `/api/v1` handlers, thin: typed input in, the policy asked, storage called, typed answer out.
//!
//! - [`input`]: JSON, query and path extractors whose refusals use the one error shape;
//! - [`session`]: sign in, sign out;
//! - [`members`]: who am I, the team's members, invites, roles, deactivation;
//! - [`sync`]: pull changes since a cursor, push mutations exactly once;
//! - [`history`]: mention history: capture, timelines, tags and notes, presence, search, privacy.

pub mod history;
pub mod input;
pub mod members;
pub mod session;
pub mod sync;
