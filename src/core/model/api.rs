//! The team server's JSON API: requests and answers of `/api/v1`, shared by the server and the
//! extension so both ends read the same shapes.
//!
//! Input rules that a person can break (an e-mail without `@`, a short password) are checked
//! here, so the extension can say so before sending and the server refuses the same things.

use serde::{Deserialize, Serialize};

use crate::core::policy::{Action, Role};

/// Shortest password accepted (NIST SP 800-63B's minimum).
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Longest password accepted: long enough for passphrases, short enough to hash cheaply.
pub const MAX_PASSWORD_CHARS: usize = 128;
/// Longest display name accepted.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest e-mail address accepted (RFC 5321's path limit).
pub const MAX_EMAIL_CHARS: usize = 254;

/// Why an input is refused, in words a community manager understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("this is not an e-mail address")]
    BadEmail,
    #[error("the password needs at least {MIN_PASSWORD_CHARS} characters")]
    ShortPassword,
    #[error("the password can have at most {MAX_PASSWORD_CHARS} characters")]
    LongPassword,
    #[error("the name cannot be empty or longer than {MAX_NAME_CHARS} characters, nor hold control characters")]
    BadName,
}

/// An e-mail address in the form the server stores: trimmed and lower-cased.
pub fn normalise_email(raw: &str) -> Result<String, InputError> {
    let email = raw.trim().to_lowercase();
    let valid = email.chars().count() <= MAX_EMAIL_CHARS
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.') && !domain.contains('@'));
    if valid {
        Ok(email)
    } else {
        Err(InputError::BadEmail)
    }
}

/// Checks a new password's length (characters, not bytes).
pub fn check_new_password(password: &str) -> Result<(), InputError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        return Err(InputError::ShortPassword);
    }
    if length > MAX_PASSWORD_CHARS {
        return Err(InputError::LongPassword);
    }
    Ok(())
}

/// A display name, trimmed; refused when empty, too long or holding control characters.
pub fn normalise_name(raw: &str) -> Result<String, InputError> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(InputError::BadName);
    }
    Ok(name.to_owned())
}

/// `POST /api/v1/session`: sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// A new session: the bearer token (shown once; the server keeps only its hash) and who it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionCreated {
    pub token: String,
    pub expires_ms: i64,
    pub member: MemberView,
}

/// A team member as other members see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub id: String,
    pub team_id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
}

/// A team as its members see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamView {
    pub id: String,
    pub name: String,
}

/// `GET /api/v1/me`: who is signed in, in which team, and what they may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub member: MemberView,
    pub team: TeamView,
    pub permissions: Vec<Action>,
}

/// `GET /api/v1/members`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberList {
    pub members: Vec<MemberView>,
}

/// `POST /api/v1/invites`: invite someone to the team with a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteRequest {
    pub email: String,
    pub role: Role,
}

/// A one-time invite: the token goes in the link sent to the person; it works once, until it expires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteCreated {
    pub token: String,
    pub email: String,
    pub role: Role,
    pub expires_ms: i64,
}

/// `POST /api/v1/invites/{token}/accept`: the invited person chooses their name and password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptInvite {
    pub display_name: String,
    pub password: String,
}

/// `PUT /api/v1/members/{id}/role`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleChange {
    pub role: Role,
}

/// The kinds of synced documents, each with its own permission to edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Collection {
    /// Shared templates (`library::Template` with team scope).
    TeamTemplates,
    /// A member's own templates, seen only by them.
    PersonalTemplates,
    /// Guideline rule sets (JSON documents).
    RuleSets,
    /// Site-descriptor overrides (JSON documents).
    SiteDescriptors,
    /// The team's members ([`MemberView`]), so clients learn of role changes. Read-only in sync:
    /// members change through the members endpoints.
    Members,
}

impl Collection {
    pub const ALL: [Collection; 5] = [
        Collection::TeamTemplates,
        Collection::PersonalTemplates,
        Collection::RuleSets,
        Collection::SiteDescriptors,
        Collection::Members,
    ];

    /// The name used in JSON and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Collection::TeamTemplates => "team_templates",
            Collection::PersonalTemplates => "personal_templates",
            Collection::RuleSets => "rule_sets",
            Collection::SiteDescriptors => "site_descriptors",
            Collection::Members => "members",
        }
    }

    pub fn parse(name: &str) -> Option<Collection> {
        Collection::ALL.into_iter().find(|collection| collection.as_str() == name)
    }

    /// What a member must be allowed to change a document of this collection.
    pub fn edit_action(self) -> Action {
        match self {
            Collection::TeamTemplates => Action::EditTeamTemplate,
            Collection::PersonalTemplates => Action::EditPersonalTemplate,
            Collection::RuleSets => Action::EditRules,
            Collection::SiteDescriptors => Action::EditSiteDescriptors,
            Collection::Members => Action::ChangeRoles,
        }
    }
}

/// Which document a mutation or a change is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EntityRef {
    pub collection: Collection,
    /// Client-made id: 1 to 128 of `A-Z a-z 0-9 - _ . :`.
    pub id: String,
}

/// What a mutation does to its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MutationKind {
    /// Create the document, or replace it whole.
    Put,
    /// Delete it (a tombstone is kept so other clients learn of it).
    Delete,
}

/// One change a client asks for, made while online or queued offline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mutation {
    /// Numbered by the client, from 1; with `client_id` it names the mutation for ever.
    pub id: u64,
    /// The client's install id, bound to the first member who used it.
    pub client_id: String,
    pub kind: MutationKind,
    pub entity: EntityRef,
    /// The document's version the client edited (0 to create).
    pub base_version: u64,
    /// The whole new document for `put`; ignored for `delete`.
    #[serde(default)]
    pub payload: serde_json::Value,
}

/// `POST /api/v1/sync`: mutations, applied in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    pub mutations: Vec<Mutation>,
}

/// What became of one mutation. A mutation sent again gets the same answer as the first time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum MutationOutcome {
    /// Done: the document now has `version`, and the change has sequence number `seq`.
    Applied { version: u64, seq: u64 },
    /// The document moved on since `base_version`: here is the server's copy (`None`: it does
    /// not exist).
    Conflict { current: Option<Change> },
    /// Refused; `reason` says why, for a person.
    Rejected { code: String, reason: String },
}

/// The answer to one mutation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MutationResult {
    pub id: u64,
    pub client_id: String,
    #[serde(flatten)]
    pub outcome: MutationOutcome,
}

/// `POST /api/v1/sync` answer: one result per mutation, in order, and the team's cursor after them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushResponse {
    pub results: Vec<MutationResult>,
    pub cursor: u64,
}

/// A document as it stands after its latest change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub entity: EntityRef,
    pub version: u64,
    /// The team's sequence number of this change; pulls are ordered by it.
    pub seq: u64,
    pub deleted: bool,
    /// The document (`null` when deleted).
    pub payload: serde_json::Value,
    pub updated_by: String,
    pub updated_ms: i64,
}

/// `GET /api/v1/sync?since=N&limit=L` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    pub changes: Vec<Change>,
    /// Pass it as `since` next time.
    pub cursor: u64,
    /// More changes wait: pull again from `cursor` at once.
    pub has_more: bool,
}

/// Checks a client-made document or client id: 1 to 128 of `A-Z a-z 0-9 - _ . :`.
pub fn is_valid_client_id(id: &str) -> bool {
    (1..=128).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_mails_are_trimmed_lower_cased_and_need_an_at_and_a_domain() {
        assert_eq!(normalise_email("  Lea@Maison.FR ").as_deref(), Ok("lea@maison.fr"));
        assert_eq!(normalise_email("lea"), Err(InputError::BadEmail));
        assert_eq!(normalise_email("@maison.fr"), Err(InputError::BadEmail));
        assert_eq!(normalise_email("lea@localhost"), Err(InputError::BadEmail));
        assert_eq!(normalise_email("le a@maison.fr"), Err(InputError::BadEmail));
    }

    #[test]
    fn passwords_are_counted_in_characters() {
        assert_eq!(check_new_password("ééééééé"), Err(InputError::ShortPassword));
        assert_eq!(check_new_password("éééééééé"), Ok(()));
        assert_eq!(check_new_password(&"x".repeat(129)), Err(InputError::LongPassword));
    }

    #[test]
    fn names_are_trimmed_and_refused_when_empty_or_with_control_characters() {
        assert_eq!(normalise_name("  Léa  ").as_deref(), Ok("Léa"));
        assert_eq!(normalise_name("   "), Err(InputError::BadName));
        assert_eq!(normalise_name("a\u{7}b"), Err(InputError::BadName));
    }

    #[test]
    fn a_mutation_outcome_is_tagged_by_status_next_to_its_ids() {
        let result =
            MutationResult { id: 3, client_id: "c1".into(), outcome: MutationOutcome::Applied { version: 2, seq: 9 } };
        let json = serde_json::to_value(&result).unwrap_or_default();
        assert_eq!(json, serde_json::json!({"id": 3, "client_id": "c1", "status": "applied", "version": 2, "seq": 9}));
    }

    #[test]
    fn client_ids_allow_uuids_and_refuse_slashes_and_empties() {
        assert!(is_valid_client_id("6f1c2b1e-8a3d-4c52-9a7e-0d4b5f1e2a3c"));
        assert!(!is_valid_client_id(""));
        assert!(!is_valid_client_id("../etc"));
        assert!(!is_valid_client_id(&"a".repeat(129)));
    }
}
