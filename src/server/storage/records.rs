//! What storage reads and writes: rows as plain structs, and the outcomes of operations that
//! can be refused for a reason the caller must tell apart (a last owner, a used invite).

use crate::core::model::api::{Collection, MemberView, MutationKind};
use crate::core::policy::Role;

/// A team member, as stored (without the password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    pub id: String,
    pub team_id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    pub created_ms: i64,
}

impl MemberRow {
    /// The member as the API shows it.
    pub fn view(&self) -> MemberView {
        MemberView {
            id: self.id.clone(),
            team_id: self.team_id.clone(),
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
            active: self.active,
        }
    }
}

/// A member to create. `password_hash` is a PHC string (argon2id), never a password.
#[derive(Debug, Clone)]
pub struct NewMember {
    pub id: String,
    pub team_id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
    pub created_ms: i64,
}

/// An invite to create; only the token's hash is stored.
#[derive(Debug, Clone)]
pub struct NewInvite {
    pub token_hash: String,
    pub team_id: String,
    pub email: String,
    pub role: Role,
    pub invited_by: String,
    pub created_ms: i64,
    pub expires_ms: i64,
}

/// The person who accepts an invite.
#[derive(Debug, Clone)]
pub struct Invitee {
    pub member_id: String,
    pub display_name: String,
    pub password_hash: String,
}

/// What accepting an invite did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InviteAcceptance {
    Joined(MemberRow),
    /// Unknown, already used, or expired: the three look the same to the person holding it.
    Invalid,
    /// Someone already has an account with the invite's e-mail.
    EmailTaken,
}

/// What a change to a member did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberUpdate {
    Done(MemberRow),
    /// No such member in this team (other teams' members are never touched).
    NotFound,
    /// The change would leave the team without an active owner.
    LastOwner,
}

/// A mutation the API has checked (ids valid, payload well formed) and whose permission it
/// has decided.
#[derive(Debug, Clone)]
pub struct CheckedMutation {
    pub team_id: String,
    pub member_id: String,
    pub client_id: String,
    pub mutation_id: i64,
    pub kind: MutationKind,
    pub collection: Collection,
    /// '' for team documents; the member's id for personal ones.
    pub owner_id: String,
    pub entity_id: String,
    pub base_version: i64,
    /// The document as JSON text (`null` for a delete).
    pub payload: String,
    /// `Some((code, reason))` when the API refuses it: the refusal is remembered like any answer.
    pub refusal: Option<(String, String)>,
    pub now_ms: i64,
}
