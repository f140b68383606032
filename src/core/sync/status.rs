//! The state of sync as the pages show it (banner, options page): connected or not and since
//! when, who is signed in, what waits, and what needs the person (conflicts, rejections).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::problem::SyncProblem;
use super::state::SyncState;
use crate::core::model::api::{Collection, EntityRef, Me, MemberView, MutationKind};

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
    /// The server has not answered since `since_ms`.
    Offline { since_ms: i64 },
}

/// One open conflict, as the panel lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectionSummary {
    pub entity: EntityRef,
    pub title: Option<String>,
    pub deletion: bool,
    pub code: String,
    pub reason: String,
}

/// Everything the pages show about sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncStatus {
    pub connection: Connection,
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
            (true, Some(since_ms)) => Connection::Offline { since_ms },
            (true, None) => Connection::Online,
        };
        SyncStatus {
            connection,
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
                        .or_else(|| self.visible(rejection.entity.collection).get(&rejection.entity.id).and_then(title_of)),
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
