//! The outbox: local edits, numbered once, sent in order, until the server answers them.
//!
//! Guarantees (tested in `tests/sync_client.rs`):
//! - a mutation's number, kind, base and payload never change once it may have left
//!   ([`Pending::sent`] is stored before it is sent), so a resend is a replay the server
//!   recognises and answers as the first time: nothing is applied twice;
//! - an edit made before the previous edit of the same document left is folded into it (one
//!   mutation, one number, the latest content);
//! - a push carries at most one mutation per document: the next one waits for the answer to
//!   the first and is rebased on it, so it can never land on someone else's version unseen.

use std::collections::HashSet;

use serde_json::Value;

use super::state::{Effects, Pending, SyncState};
use crate::core::model::api::{is_valid_client_id, EntityRef, Mutation, MutationKind};

/// What a person did to a document.
#[derive(Debug, Clone, PartialEq)]
pub enum LocalEdit {
    /// Create it or replace it whole.
    Put(Value),
    Delete,
}

/// What became of a local edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditOutcome {
    /// A new mutation with this number waits in the outbox.
    Queued { mutation_id: u64 },
    /// Folded into the mutation with this number, not sent yet.
    Merged { mutation_id: u64 },
    /// Nothing to send: a document never sent was deleted, or one that does not exist.
    Dropped,
    /// The document has an open conflict: the edit replaced "mine" in it.
    InConflict,
    /// The document id cannot be sent (see [`is_valid_client_id`]); nothing changed.
    InvalidId,
}

impl SyncState {
    /// Records a local edit of `entity`; see the module's guarantees.
    pub fn edit(&mut self, entity: EntityRef, edit: LocalEdit, now_ms: i64) -> (EditOutcome, Effects) {
        let mut effects = Effects::default();
        if !is_valid_client_id(&entity.id) {
            return (EditOutcome::InvalidId, effects);
        }
        effects.shown(entity.collection);
        if let Some(index) = self.conflict_index(&entity) {
            self.conflicts[index].mine = match edit {
                LocalEdit::Put(payload) => Some(payload),
                LocalEdit::Delete => None,
            };
            return (EditOutcome::InConflict, effects);
        }
        let pending: Vec<usize> = self.pending_of(&entity);
        let last = pending.last().copied();
        if let Some(index) = last.filter(|index| !self.outbox[*index].sent) {
            let never_on_server = pending.len() == 1 && !self.docs.is_live(&entity);
            let entry = &mut self.outbox[index].mutation;
            if edit == LocalEdit::Delete && never_on_server && entry.kind == MutationKind::Put {
                self.outbox.remove(index);
                return (EditOutcome::Dropped, effects);
            }
            let mutation_id = entry.id;
            set_edit(entry, edit);
            return (EditOutcome::Merged { mutation_id }, effects);
        }
        let base_version = match last {
            // It left already: this edit is made on what it will make (rebased on its answer).
            Some(index) => self.outbox[index].mutation.base_version.saturating_add(1),
            None => {
                if edit == LocalEdit::Delete && !self.docs.is_live(&entity) {
                    return (EditOutcome::Dropped, effects);
                }
                self.docs.version(&entity)
            }
        };
        let mutation_id = self.push_mutation(entity, edit, base_version, now_ms);
        (EditOutcome::Queued { mutation_id }, effects)
    }

    /// The next mutations to send, in order, at most one per document and `max` in all; they
    /// are marked sent, so **store the state before sending them**.
    pub fn next_batch(&mut self, max: usize) -> Vec<Mutation> {
        let mut documents: HashSet<EntityRef> = HashSet::new();
        let mut batch = Vec::new();
        for pending in &mut self.outbox {
            if batch.len() >= max {
                break;
            }
            if documents.insert(pending.mutation.entity.clone()) {
                pending.sent = true;
                batch.push(pending.mutation.clone());
            }
        }
        batch
    }

    /// Adds a new mutation at the end of the outbox; returns its number.
    pub(super) fn push_mutation(&mut self, entity: EntityRef, edit: LocalEdit, base_version: u64, now_ms: i64) -> u64 {
        let id = self.next_mutation_id;
        self.next_mutation_id = id.saturating_add(1);
        let mut mutation = Mutation {
            id,
            client_id: self.client_id.clone(),
            kind: MutationKind::Put,
            entity,
            base_version,
            payload: Value::Null,
        };
        set_edit(&mut mutation, edit);
        self.outbox.push(Pending { mutation, sent: false, queued_ms: now_ms });
        id
    }

    /// Positions of `entity`'s mutations in the outbox, oldest first.
    pub(super) fn pending_of(&self, entity: &EntityRef) -> Vec<usize> {
        (0..self.outbox.len()).filter(|index| self.outbox[*index].mutation.entity == *entity).collect()
    }
}

fn set_edit(mutation: &mut Mutation, edit: LocalEdit) {
    match edit {
        LocalEdit::Put(payload) => {
            mutation.kind = MutationKind::Put;
            mutation.payload = payload;
        }
        LocalEdit::Delete => {
            mutation.kind = MutationKind::Delete;
            mutation.payload = Value::Null;
        }
    }
}
