//! What the server's answers do to the client's state: a push's results, and a pull's pages.

use serde::Deserialize;
use serde_json::Value;

use super::conflict::{Conflict, Rejection};
use super::state::{Effects, StoredDoc, SyncState};
use crate::core::model::api::{
    Change, Collection, EntityRef, MemberView, MutationKind, MutationOutcome, MutationResult, PullResponse, PushResponse,
};
use crate::core::policy::permissions_of;

impl SyncState {
    /// Applies the answers to a push. Each answered mutation leaves the outbox:
    /// - applied: the document is confirmed at its new version, and the next edit of the same
    ///   document is rebased on it;
    /// - conflict: the server's copy is kept as confirmed, and the person's latest edit of the
    ///   document (this one, or a later one that waited) becomes an open [`Conflict`];
    /// - rejected: dropped, and kept as a [`Rejection`] with the server's reason; the next edit
    ///   is rebased on the version this one was made on.
    ///
    /// Answers for mutations no longer in the outbox (an answer seen twice) change nothing;
    /// mutations sent but not answered stay, to be sent again.
    pub fn apply_push(&mut self, response: &PushResponse, now_ms: i64) -> Effects {
        let mut effects = Effects::default();
        let client_id = self.client_id.clone();
        for result in response.results.iter().filter(|result| result.client_id == client_id) {
            let Some(index) = self.outbox.iter().position(|pending| pending.mutation.id == result.id) else { continue };
            let mutation = self.outbox.remove(index).mutation;
            let entity = mutation.entity.clone();
            effects.shown(entity.collection);
            match &result.outcome {
                MutationOutcome::Applied { version, .. } => {
                    let deleted = mutation.kind == MutationKind::Delete;
                    let payload = if deleted { Value::Null } else { with_version(mutation.payload, entity.collection, *version) };
                    if self.docs.offer(&entity, StoredDoc { version: *version, deleted, payload }) {
                        effects.stored(entity.collection);
                    }
                    self.rebase_next(&entity, *version);
                }
                MutationOutcome::Rejected { code, reason } => {
                    self.rebase_next(&entity, mutation.base_version);
                    self.rejections.retain(|rejection| rejection.entity != entity);
                    self.rejections.push(Rejection {
                        entity,
                        code: code.clone(),
                        reason: reason.clone(),
                        kind: mutation.kind,
                        payload: mutation.payload,
                        at_ms: now_ms,
                    });
                }
                MutationOutcome::Conflict { current } => {
                    let mine = match mutation.kind {
                        MutationKind::Put => Some(mutation.payload),
                        MutationKind::Delete => None,
                    };
                    self.open_conflict(entity, mine, current.clone(), now_ms, &mut effects);
                }
            }
        }
        effects
    }

    /// Applies one page of a pull: each change is kept unless a newer version is here already
    /// (so pages seen twice or out of order change nothing), and the cursor moves on. Pending
    /// edits are not touched: they stay visible over the pulled versions until answered.
    pub fn apply_pull(&mut self, page: &PullResponse) -> Effects {
        let mut effects = Effects::default();
        let mut changes: Vec<&Change> = page.changes.iter().collect();
        changes.sort_by_key(|change| change.seq);
        for change in changes {
            let entity = &change.entity;
            if !self.docs.offer(entity, StoredDoc::from(change)) {
                continue;
            }
            effects.stored(entity.collection);
            if let Some(index) = self.conflict_index(entity) {
                self.conflicts[index].theirs = Some(change.clone()); // "keep mine" goes on top of this one.
            }
            if entity.collection == Collection::Members {
                effects.me_changed |= self.update_me(change);
            }
        }
        self.cursor = self.cursor.max(page.cursor);
        effects
    }

    /// Opens (or replaces) the conflict on `entity`; later edits of it that waited in the
    /// outbox fold into "mine" (they were never sent: one mutation per document per push).
    fn open_conflict(
        &mut self,
        entity: EntityRef,
        mut mine: Option<Value>,
        theirs: Option<Change>,
        now_ms: i64,
        effects: &mut Effects,
    ) {
        self.outbox.retain(|pending| {
            if pending.mutation.entity != entity {
                return true;
            }
            mine = match pending.mutation.kind {
                MutationKind::Put => Some(pending.mutation.payload.clone()),
                MutationKind::Delete => None,
            };
            false
        });
        if let Some(current) = &theirs {
            if self.docs.offer(&entity, StoredDoc::from(current)) {
                effects.stored(entity.collection);
            }
        }
        self.conflicts.retain(|conflict| conflict.entity != entity);
        let theirs_live = theirs.as_ref().is_some_and(|change| !change.deleted);
        let same = match (&mine, &theirs) {
            (None, _) => !theirs_live, // Deleted on both sides.
            (Some(mine), Some(change)) => theirs_live && same_content(entity.collection, mine, &change.payload),
            (Some(_), None) => false,
        };
        if !same {
            self.conflicts.push(Conflict { entity, mine, theirs, at_ms: now_ms });
        }
    }

    /// The first waiting edit of `entity` is now made on `version`.
    fn rebase_next(&mut self, entity: &EntityRef, version: u64) {
        if let Some(pending) = self.outbox.iter_mut().find(|pending| pending.mutation.entity == *entity) {
            pending.mutation.base_version = version;
        }
    }

    /// A member changed: if it is the signed-in one, their role and permissions follow.
    fn update_me(&mut self, change: &Change) -> bool {
        let Some(me) = self.me.as_mut() else { return false };
        if change.entity.id != me.member.id {
            return false;
        }
        let Ok(member) = serde_json::from_value::<MemberView>(change.payload.clone()) else { return false };
        if member == me.member {
            return false;
        }
        me.permissions = permissions_of(member.role);
        me.member = member;
        true
    }
}

/// A template's payload says its version; the server sets it, and so does the client when it
/// confirms its own edit, so both copies read the same.
fn with_version(mut payload: Value, collection: Collection, version: u64) -> Value {
    if matches!(collection, Collection::TeamTemplates | Collection::PersonalTemplates) {
        if let Some(object) = payload.as_object_mut() {
            object.insert("version".into(), Value::from(version));
        }
    }
    payload
}

/// Two payloads say the same, a template's bookkeeping aside (version, usage and dates).
fn same_content(collection: Collection, mine: &Value, theirs: &Value) -> bool {
    const BOOKKEEPING: [&str; 7] = ["version", "usage_count", "last_used_ms", "updated_ms", "updated_by", "created_ms", "created_by"];
    let is_template = matches!(collection, Collection::TeamTemplates | Collection::PersonalTemplates);
    let strip = |value: &Value| {
        let mut value = value.clone();
        if let Some(object) = value.as_object_mut().filter(|_| is_template) {
            for key in BOOKKEEPING {
                object.remove(key);
            }
        }
        value
    };
    strip(mine) == strip(theirs)
}

/// Reads a push's answer (`POST /api/v1/sync`). The API type [`MutationResult`] flattens its
/// tagged outcome beside its ids, which serde reads only by buffering every result (costly in
/// wasm); this mirror reads the same JSON field by field. A test keeps the two in step.
pub fn read_push_response(json: &str) -> Result<PushResponse, serde_json::Error> {
    #[derive(Deserialize)]
    struct Flat {
        results: Vec<FlatResult>,
        cursor: u64,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Status {
        Applied,
        Conflict,
        Rejected,
    }
    #[derive(Deserialize)]
    struct FlatResult {
        id: u64,
        client_id: String,
        status: Status,
        #[serde(default)]
        version: u64,
        #[serde(default)]
        seq: u64,
        #[serde(default)]
        current: Option<Change>,
        #[serde(default)]
        code: String,
        #[serde(default)]
        reason: String,
    }
    let flat: Flat = serde_json::from_str(json)?;
    let results = flat
        .results
        .into_iter()
        .map(|result| MutationResult {
            id: result.id,
            client_id: result.client_id,
            outcome: match result.status {
                Status::Applied => MutationOutcome::Applied { version: result.version, seq: result.seq },
                Status::Conflict => MutationOutcome::Conflict { current: result.current },
                Status::Rejected => MutationOutcome::Rejected { code: result.code, reason: result.reason },
            },
        })
        .collect();
    Ok(PushResponse { results, cursor: flat.cursor })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_push_answer_reads_the_same_through_the_flat_mirror() {
        let change = Change {
            entity: EntityRef { collection: Collection::TeamTemplates, id: "t".into() },
            version: 3,
            seq: 8,
            deleted: false,
            payload: serde_json::json!({"title": "x"}),
            updated_by: "m".into(),
            updated_ms: 5,
        };
        let response = PushResponse {
            results: vec![
                MutationResult { id: 1, client_id: "c".into(), outcome: MutationOutcome::Applied { version: 2, seq: 7 } },
                MutationResult { id: 2, client_id: "c".into(), outcome: MutationOutcome::Conflict { current: Some(change) } },
                MutationResult { id: 3, client_id: "c".into(), outcome: MutationOutcome::Conflict { current: None } },
                MutationResult {
                    id: 4,
                    client_id: "c".into(),
                    outcome: MutationOutcome::Rejected { code: "forbidden".into(), reason: "No.".into() },
                },
            ],
            cursor: 9,
        };
        let json = serde_json::to_string(&response).unwrap_or_default();
        assert_eq!(read_push_response(&json).ok(), Some(response));
        assert!(read_push_response(r#"{"results":[{"id":1,"client_id":"c","status":"exploded"}],"cursor":1}"#).is_err());
    }
}
