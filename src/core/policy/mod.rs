//! Roles and permissions: who in a team may do what, defined once.
//!
//! The server enforces this on every request; the extension's pages read the same matrix only
//! to hide or grey out what a member cannot do (a hint, never a guard).
//!
//! - [`role`]: the four roles and their order;
//! - [`action`]: everything a member can ask to do;
//! - [`matrix`]: which role may do which action, and who may manage whom;
//! - [`approval`]: whether a reply may be posted, needs approval or is blocked, and who decides.

pub mod action;
pub mod approval;
pub mod guard;
pub mod matrix;
pub mod role;

pub use action::Action;
pub use approval::{posting_decision, PostingDecision, PostingReason};
pub use matrix::{allows, may_assign_role, may_invite, may_manage_member, permissions_of, MemberDenial};
pub use role::Role;
