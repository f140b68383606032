//! Conflicts (someone changed a document the person edited) and rejections (the server refused
//! an edit, with a reason), and the three ways out of a conflict.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::outbox::LocalEdit;
use super::state::{Effects, SyncState};
use crate::core::library::Template;
use crate::core::model::api::{Change, Collection, EntityRef, MutationKind};

/// A document the person edited while someone else changed it on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub entity: EntityRef,
    /// The person's version (`None`: they deleted it).
    pub mine: Option<Value>,
    /// The server's version (`None`: the server never had it).
    pub theirs: Option<Change>,
    pub at_ms: i64,
}

/// An edit the server refused; the mutation left the outbox, its content is kept here until
/// the person has read why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rejection {
    pub entity: EntityRef,
    pub code: String,
    /// The server's reason, for a person.
    pub reason: String,
    pub kind: MutationKind,
    pub payload: Value,
    pub at_ms: i64,
}

/// How the person settles a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// Take the server's version; the person's edit is dropped.
    KeepTheirs,
    /// Send the person's version again, made on the server's (it replaces it).
    KeepMine,
    /// Keep the server's version, and save the person's as a new template beside it.
    SaveMineAsCopy,
}

/// Why a resolution could not be applied; nothing changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum ResolveError {
    #[error("there is no open conflict on this document")]
    NoConflict,
    #[error("a deletion cannot be saved as a copy")]
    NothingToCopy,
    #[error("only templates can be saved as a copy")]
    NotATemplate,
    #[error("the new document's id is not valid")]
    BadCopyId,
}

impl SyncState {
    /// Settles the conflict on `entity`. `copy_id` names the new template of
    /// [`Resolution::SaveMineAsCopy`] (the core makes no ids).
    pub fn resolve(
        &mut self,
        entity: &EntityRef,
        resolution: Resolution,
        copy_id: &str,
        now_ms: i64,
    ) -> Result<Effects, ResolveError> {
        let index = self.conflict_index(entity).ok_or(ResolveError::NoConflict)?;
        let conflict = self.conflicts[index].clone();
        let theirs_version = conflict.theirs.as_ref().map_or(0, |change| change.version);
        let theirs_live = conflict.theirs.as_ref().is_some_and(|change| !change.deleted);
        let mut effects = Effects::default();
        effects.shown(entity.collection);
        match resolution {
            Resolution::KeepTheirs => {}
            Resolution::KeepMine => match conflict.mine {
                Some(payload) => {
                    self.push_mutation(entity.clone(), LocalEdit::Put(payload), theirs_version, now_ms);
                }
                None if theirs_live => {
                    self.push_mutation(entity.clone(), LocalEdit::Delete, theirs_version, now_ms);
                }
                None => {} // Deleted on both sides: nothing to send.
            },
            Resolution::SaveMineAsCopy => {
                let copy = self.copy_of_mine(&conflict, copy_id)?;
                let target = EntityRef { collection: entity.collection, id: copy_id.to_owned() };
                effects.shown(target.collection);
                self.push_mutation(target, LocalEdit::Put(copy), 0, now_ms);
            }
        }
        self.conflicts.remove(index);
        Ok(effects)
    }

    /// Forgets a rejection once the person has read it.
    pub fn dismiss_rejection(&mut self, entity: &EntityRef) -> bool {
        let before = self.rejections.len();
        self.rejections.retain(|rejection| rejection.entity != *entity);
        before != self.rejections.len()
    }

    /// The person's template as a new one: the copy's id, a shortcut no visible template uses
    /// (`merci` gives `merci-2`), a first version, no usage.
    fn copy_of_mine(&self, conflict: &Conflict, copy_id: &str) -> Result<Value, ResolveError> {
        let is_template = matches!(conflict.entity.collection, Collection::TeamTemplates | Collection::PersonalTemplates);
        if !is_template {
            return Err(ResolveError::NotATemplate);
        }
        if !crate::core::model::api::is_valid_client_id(copy_id) || copy_id == conflict.entity.id {
            return Err(ResolveError::BadCopyId);
        }
        let mine = conflict.mine.clone().ok_or(ResolveError::NothingToCopy)?;
        let mut template: Template = serde_json::from_value(mine).map_err(|_| ResolveError::NotATemplate)?;
        template.id = copy_id.to_owned();
        template.shortcut = self.free_shortcut(&template.shortcut);
        template.version = 1;
        template.usage_count = 0;
        template.last_used_ms = None;
        serde_json::to_value(template).map_err(|_| ResolveError::NotATemplate)
    }
}
