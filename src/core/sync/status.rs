//! The state of sync as the pages show it (banner, options page): connected or not and since
//! when, who is signed in, what waits, and what needs the person (conflicts, rejections).
//!
//! [`SyncStatus`] is computed from the state; [`StatusView`] is what the background stores for
//! the pages: flat, already in words (the background words it with [`Wording`], in the
//! browser's language), so the pages read it with little code.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::problem::SyncProblem;
use super::state::SyncState;
use crate::core::model::api::{Collection, EntityRef, Me, MemberView, MutationKind};
use crate::core::policy::{Action, Role};

/// How the extension stands with the team server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Connection {
    /// No team: the local library only.
    NoAccount,
    /// A team was joined, but there is no session (signed out, or the browser restarted).
    SignedOut,
    /// The server answered the last request.
    Online,
    /// The server has not answered since [`SyncStatus::offline_since_ms`].
    Offline,
}

/// One open conflict, as the panel lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictSummary {
    pub entity: EntityRef,
    /// The title (or name) of the person's version; `None` when they deleted it.
    pub mine_title: Option<String>,
    /// The title of the server's version; `None` when it was deleted there.
    pub theirs_title: Option<String>,
    /// Who made the server's version (a display name when the member is known).
    pub theirs_by: Option<String>,
    /// Whether the person's version can be saved as a copy (templates they did not delete).
    pub copyable: bool,
}

/// One edit the server refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectionSummary {
    pub entity: EntityRef,
    pub title: Option<String>,
    pub deletion: bool,
    pub code: String,
    pub reason: String,
}

/// Everything the pages show about sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    pub connection: Connection,
    /// Since when the server has not answered (when [`Connection::Offline`]).
    pub offline_since_ms: Option<i64>,
    pub server: Option<String>,
    pub me: Option<Me>,
    /// Edits waiting to be sent.
    pub pending: usize,
    pub cursor: u64,
    pub last_sync_ms: Option<i64>,
    pub conflicts: Vec<ConflictSummary>,
    pub rejections: Vec<RejectionSummary>,
    /// Templates made before signing in, not uploaded yet.
    pub local_templates: usize,
    /// What went wrong last, if it needs saying (a refused sync, a full disk).
    pub problem: Option<SyncProblem>,
}

impl SyncStatus {
    /// The status with no team joined.
    pub fn no_account(server: Option<String>, local_templates: usize) -> SyncStatus {
        SyncStatus {
            connection: Connection::NoAccount,
            offline_since_ms: None,
            server,
            me: None,
            pending: 0,
            cursor: 0,
            last_sync_ms: None,
            conflicts: Vec::new(),
            rejections: Vec::new(),
            local_templates,
            problem: None,
        }
    }
}

impl SyncState {
    /// The status of this state, signed in (`has_session`) or not.
    pub fn status(&self, has_session: bool, server: Option<String>, problem: Option<SyncProblem>) -> SyncStatus {
        let connection = match (has_session, self.offline_since_ms) {
            (false, _) => Connection::SignedOut,
            (true, Some(_)) => Connection::Offline,
            (true, None) => Connection::Online,
        };
        SyncStatus {
            connection,
            offline_since_ms: self.offline_since_ms,
            server,
            me: self.me.clone(),
            pending: self.outbox.len(),
            cursor: self.cursor,
            last_sync_ms: self.last_sync_ms,
            conflicts: self.conflicts.iter().map(|conflict| self.conflict_summary(conflict)).collect(),
            rejections: self
                .rejections
                .iter()
                .map(|rejection| RejectionSummary {
                    entity: rejection.entity.clone(),
                    title: title_of(&rejection.payload)
                        .or_else(|| self.visible(rejection.entity.collection).get(rejection.entity.id.as_str()).and_then(|payload| title_of(payload))),
                    deletion: rejection.kind == MutationKind::Delete,
                    code: rejection.code.clone(),
                    reason: rejection.reason.clone(),
                })
                .collect(),
            local_templates: 0,
            problem,
        }
    }

    fn conflict_summary(&self, conflict: &super::conflict::Conflict) -> ConflictSummary {
        let theirs = conflict.theirs.as_ref().filter(|change| !change.deleted);
        let is_template = matches!(conflict.entity.collection, Collection::TeamTemplates | Collection::PersonalTemplates);
        ConflictSummary {
            entity: conflict.entity.clone(),
            mine_title: conflict.mine.as_ref().map(|mine| title_of(mine).unwrap_or_else(|| conflict.entity.id.clone())),
            theirs_title: theirs.map(|change| title_of(&change.payload).unwrap_or_else(|| conflict.entity.id.clone())),
            theirs_by: conflict.theirs.as_ref().map(|change| self.member_name(&change.updated_by)),
            copyable: is_template && conflict.mine.is_some(),
        }
    }

    /// A member's display name, or their id when this client has not seen them.
    pub fn member_name(&self, member_id: &str) -> String {
        self.docs
            .of(Collection::Members)
            .get(member_id)
            .and_then(|doc| serde_json::from_value::<MemberView>(doc.payload.clone()).ok())
            .map_or_else(|| member_id.to_owned(), |member| member.display_name)
    }
}

/// A template's title or a rule set's name.
fn title_of(payload: &Value) -> Option<String> {
    ["title", "name"].iter().find_map(|key| payload.get(key).and_then(Value::as_str)).map(str::to_owned)
}

/// Puts sync in words for a person (the extension: the browser's language; tests: English).
pub trait Wording {
    fn problem(&self, problem: &SyncProblem) -> String;
    fn role(&self, role: Role) -> String;
    fn conflict(&self, conflict: &ConflictSummary) -> String;
    fn rejection(&self, rejection: &RejectionSummary) -> String;
}

/// Something the person settles in the banner: an open conflict or a refused edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// The document's collection ([`Collection::as_str`]) and id, to answer about it.
    pub collection: String,
    pub id: String,
    /// What happened, in words.
    pub text: String,
    /// A conflict whose "mine" can be saved as a copy.
    #[serde(default)]
    pub copyable: bool,
}

impl Notice {
    /// The document it is about.
    pub fn entity(&self) -> Option<EntityRef> {
        Some(EntityRef { collection: Collection::parse(&self.collection)?, id: self.id.clone() })
    }
}

/// The status as stored for the pages: flat, in words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatusView {
    /// `no_account`, `signed_out`, `online` or `offline` ([`Connection`]).
    pub connection: String,
    pub offline_since_ms: Option<i64>,
    pub server: Option<String>,
    pub member_name: Option<String>,
    pub member_email: Option<String>,
    /// The member's role, in words.
    pub role: Option<String>,
    pub team_name: Option<String>,
    /// The role may edit the team's templates (a hint: the server decides).
    pub edits_team_templates: bool,
    pub pending: usize,
    pub cursor: u64,
    pub last_sync_ms: Option<i64>,
    pub local_templates: usize,
    pub conflicts: Vec<Notice>,
    pub rejections: Vec<Notice>,
    /// The last problem worth saying, in words.
    pub problem: Option<String>,
}

impl StatusView {
    pub fn connection(&self) -> Connection {
        match self.connection.as_str() {
            "signed_out" => Connection::SignedOut,
            "online" => Connection::Online,
            "offline" => Connection::Offline,
            _ => Connection::NoAccount,
        }
    }

    /// Signed in, connected or not.
    pub fn signed_in(&self) -> bool {
        matches!(self.connection(), Connection::Online | Connection::Offline)
    }

    /// In a team (signed in or not): the panel's edits go through the outbox.
    pub fn in_team(&self) -> bool {
        self.connection() != Connection::NoAccount
    }
}

impl SyncStatus {
    /// This status as the pages show it, worded by `words`.
    pub fn view(&self, words: &impl Wording) -> StatusView {
        let member = self.me.as_ref();
        let connection = match self.connection {
            Connection::NoAccount => "no_account",
            Connection::SignedOut => "signed_out",
            Connection::Online => "online",
            Connection::Offline => "offline",
        };
        StatusView {
            connection: connection.to_owned(),
            offline_since_ms: self.offline_since_ms,
            server: self.server.clone(),
            member_name: member.map(|me| me.member.display_name.clone()),
            member_email: member.map(|me| me.member.email.clone()),
            role: member.map(|me| words.role(me.member.role)),
            team_name: member.map(|me| me.team.name.clone()),
            edits_team_templates: member.is_some_and(|me| me.permissions.contains(&Action::EditTeamTemplate)),
            pending: self.pending,
            cursor: self.cursor,
            last_sync_ms: self.last_sync_ms,
            local_templates: self.local_templates,
            conflicts: self
                .conflicts
                .iter()
                .map(|conflict| notice(&conflict.entity, words.conflict(conflict), conflict.copyable))
                .collect(),
            rejections: self.rejections.iter().map(|rejection| notice(&rejection.entity, words.rejection(rejection), false)).collect(),
            problem: self.problem.as_ref().map(|problem| words.problem(problem)),
        }
    }
}

fn notice(entity: &EntityRef, text: String, copyable: bool) -> Notice {
    Notice { collection: entity.collection.as_str().to_owned(), id: entity.id.clone(), text, copyable }
}
