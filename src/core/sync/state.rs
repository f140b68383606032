//! The client's copy of its team: the documents as the server last confirmed them, the
//! cursor, the outbox of edits not yet acknowledged, open conflicts and rejections.
//!
//! The documents are kept apart from the rest ([`SyncState::docs`] is not serialised with the
//! state): the extension stores each collection under its own key, so a small edit does not
//! rewrite a library of ten thousand templates.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::conflict::{Conflict, Rejection};
use crate::core::model::api::{Change, Collection, EntityRef, Me, Mutation};

/// A document as the server last confirmed it (or a tombstone of one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDoc {
    pub version: u64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    #[serde(default)]
    pub payload: Value,
}

impl From<&Change> for StoredDoc {
    fn from(change: &Change) -> StoredDoc {
        StoredDoc { version: change.version, deleted: change.deleted, payload: change.payload.clone() }
    }
}

/// One collection's documents, by id (ordered, so every rebuild gives the same order).
pub type CollectionDocs = std::collections::BTreeMap<String, StoredDoc>;

/// Every collection's documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Documents {
    team_templates: CollectionDocs,
    personal_templates: CollectionDocs,
    rule_sets: CollectionDocs,
    site_descriptors: CollectionDocs,
    members: CollectionDocs,
}

impl Documents {
    pub fn of(&self, collection: Collection) -> &CollectionDocs {
        match collection {
            Collection::TeamTemplates => &self.team_templates,
            Collection::PersonalTemplates => &self.personal_templates,
            Collection::RuleSets => &self.rule_sets,
            Collection::SiteDescriptors => &self.site_descriptors,
            Collection::Members => &self.members,
        }
    }

    pub fn of_mut(&mut self, collection: Collection) -> &mut CollectionDocs {
        match collection {
            Collection::TeamTemplates => &mut self.team_templates,
            Collection::PersonalTemplates => &mut self.personal_templates,
            Collection::RuleSets => &mut self.rule_sets,
            Collection::SiteDescriptors => &mut self.site_descriptors,
            Collection::Members => &mut self.members,
        }
    }

    pub fn get(&self, entity: &EntityRef) -> Option<&StoredDoc> {
        self.of(entity.collection).get(&entity.id)
    }

    /// The version the server has of `entity` as far as we know (0: never existed).
    pub fn version(&self, entity: &EntityRef) -> u64 {
        self.get(entity).map_or(0, |doc| doc.version)
    }

    /// Whether the server holds `entity`, not deleted, as far as we know.
    pub fn is_live(&self, entity: &EntityRef) -> bool {
        self.get(entity).is_some_and(|doc| !doc.deleted)
    }

    /// Keeps `doc` unless a newer version is already here; true when something changed. So a
    /// change seen twice, or late, changes nothing.
    pub fn offer(&mut self, entity: &EntityRef, doc: StoredDoc) -> bool {
        let docs = self.of_mut(entity.collection);
        match docs.get(&entity.id) {
            Some(stored) if stored.version > doc.version || *stored == doc => false,
            _ => {
                docs.insert(entity.id.clone(), doc);
                true
            }
        }
    }
}

/// An edit waiting in the outbox, as it will be sent (and sent again after a crash).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub mutation: Mutation,
    /// Set (and stored) before the mutation first leaves; a sent mutation is never changed,
    /// so a resend is the same mutation and the server answers it as before.
    #[serde(default)]
    pub sent: bool,
    pub queued_ms: i64,
}

/// The client's whole state for one member of one team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncState {
    /// This install's id for this member (the server binds it to the member who first uses it).
    pub client_id: String,
    /// The number the next mutation gets; numbers are never reused.
    pub next_mutation_id: u64,
    /// Pull from here next time.
    pub cursor: u64,
    /// Who is signed in, as `/me` last said (kept while signed out, to show who was).
    #[serde(default)]
    pub me: Option<Me>,
    #[serde(default)]
    pub outbox: Vec<Pending>,
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    #[serde(default)]
    pub rejections: Vec<Rejection>,
    #[serde(default)]
    pub last_sync_ms: Option<i64>,
    /// When the server stopped answering (cleared by the next answer).
    #[serde(default)]
    pub offline_since_ms: Option<i64>,
    /// Stored apart, one key per collection.
    #[serde(skip)]
    pub docs: Documents,
}

impl SyncState {
    /// A fresh state for a new member on this install; `client_id` comes from the caller.
    pub fn new(client_id: impl Into<String>) -> SyncState {
        SyncState {
            client_id: client_id.into(),
            next_mutation_id: 1,
            cursor: 0,
            me: None,
            outbox: Vec::new(),
            conflicts: Vec::new(),
            rejections: Vec::new(),
            last_sync_ms: None,
            offline_since_ms: None,
            docs: Documents::default(),
        }
    }

    /// The server answered: the client is online.
    pub fn mark_online(&mut self, now_ms: i64) {
        self.offline_since_ms = None;
        self.last_sync_ms = Some(now_ms);
    }

    /// The server did not answer: offline since the first failure.
    pub fn mark_offline(&mut self, now_ms: i64) {
        self.offline_since_ms.get_or_insert(now_ms);
    }

    pub(super) fn conflict_index(&self, entity: &EntityRef) -> Option<usize> {
        self.conflicts.iter().position(|conflict| conflict.entity == *entity)
    }
}

/// What an operation changed, so the caller stores and rebuilds only that.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effects {
    /// Collections whose confirmed documents changed (store them).
    pub documents: Vec<Collection>,
    /// Collections whose visible documents may have changed (rebuild what is shown).
    pub visible: Vec<Collection>,
    /// The signed-in member changed (a role change pulled from the members feed).
    pub me_changed: bool,
}

impl Effects {
    pub(super) fn stored(&mut self, collection: Collection) {
        if !self.documents.contains(&collection) {
            self.documents.push(collection);
        }
        self.shown(collection);
    }

    pub(super) fn shown(&mut self, collection: Collection) {
        if !self.visible.contains(&collection) {
            self.visible.push(collection);
        }
    }

    /// Both effects at once.
    pub fn merge(&mut self, other: Effects) {
        for collection in other.documents {
            self.stored(collection);
        }
        for collection in other.visible {
            self.shown(collection);
        }
        self.me_changed |= other.me_changed;
    }

    pub fn is_empty(&self) -> bool {
        self.documents.is_empty() && self.visible.is_empty() && !self.me_changed
    }
}
