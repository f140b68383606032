//! What the member sees: the confirmed documents with their own pending edits (and the edits
//! of open conflicts) on top, as the library the panel searches and the rule sets and site
//! descriptors the other parts of the extension read.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;

use super::outbox::{EditOutcome, LocalEdit};
use super::problem::SyncProblem;
use super::state::{Effects, SyncState};
use crate::core::library::{shortcut_key, validate_template, Library, Scope, Template, MAX_TEMPLATES};
use crate::core::model::api::{is_valid_client_id, Collection, EntityRef, MutationKind};

/// The library shown to the member, and the templates left out of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryView {
    pub library: Library,
    /// Documents that are not usable templates (id and reason), e.g. written by a newer Tact.
    pub skipped: Vec<(String, String)>,
}

/// The collection a template is synced in.
pub fn template_collection(scope: Scope) -> Collection {
    match scope {
        Scope::Team => Collection::TeamTemplates,
        Scope::Personal => Collection::PersonalTemplates,
    }
}

impl SyncState {
    /// The documents of `collection` as the member sees them, by id (borrowed: a team library
    /// is not copied to be looked at).
    pub fn visible(&self, collection: Collection) -> BTreeMap<&str, &Value> {
        let mut documents: BTreeMap<&str, &Value> = self
            .docs
            .of(collection)
            .iter()
            .filter(|(_, doc)| !doc.deleted)
            .map(|(id, doc)| (id.as_str(), &doc.payload))
            .collect();
        for pending in self.outbox.iter().filter(|pending| pending.mutation.entity.collection == collection) {
            let id = pending.mutation.entity.id.as_str();
            match pending.mutation.kind {
                MutationKind::Put => documents.insert(id, &pending.mutation.payload),
                MutationKind::Delete => documents.remove(id),
            };
        }
        for conflict in self.conflicts.iter().filter(|conflict| conflict.entity.collection == collection) {
            match &conflict.mine {
                Some(mine) => documents.insert(&conflict.entity.id, mine),
                None => documents.remove(conflict.entity.id.as_str()),
            };
        }
        documents
    }

    /// `{"<id>": <document>, ...}` of a collection as seen: what `rules.team.v1` and
    /// `sites.team.v1` hold.
    pub fn visible_json(&self, collection: Collection) -> String {
        serde_json::to_string(&self.visible(collection)).unwrap_or_else(|_| "{}".to_owned())
    }

    /// The team's templates then the member's own, as one valid library. A template that does
    /// not load is left out (and listed); a personal template whose shortcut a team template
    /// holds shows with a free one (`merci-2`). Usage counts (kept on this device only) are
    /// carried over from `previous`.
    pub fn library_view(&self, previous: Option<&Library>) -> LibraryView {
        let mut templates: Vec<Template> = Vec::new();
        let mut skipped = Vec::new();
        let mut ids: HashSet<String> = HashSet::new();
        let mut shortcuts: HashSet<String> = HashSet::new();
        for scope in [Scope::Team, Scope::Personal] {
            for (id, payload) in self.visible(template_collection(scope)) {
                match usable_template(id, payload, scope, &ids) {
                    Ok(mut template) if templates.len() < MAX_TEMPLATES => {
                        if shortcuts.contains(&shortcut_key(&template.shortcut)) {
                            template.shortcut = free_shortcut_among(&template.shortcut, &shortcuts);
                        }
                        if let Some(used) = previous.and_then(|library| library.get(id)) {
                            template.usage_count = used.usage_count;
                            template.last_used_ms = used.last_used_ms;
                        }
                        shortcuts.insert(shortcut_key(&template.shortcut));
                        ids.insert(id.to_owned());
                        templates.push(template);
                    }
                    Ok(_) => skipped.push((id.to_owned(), format!("more than {MAX_TEMPLATES} templates"))),
                    Err(reason) => skipped.push((id.to_owned(), reason)),
                }
            }
        }
        let library = Library::new(templates).unwrap_or_else(|error| {
            skipped.push((String::new(), error.to_string()));
            Library::default()
        });
        LibraryView { library, skipped }
    }

    /// A shortcut like `base` that no visible template uses.
    pub fn free_shortcut(&self, base: &str) -> String {
        let taken: HashSet<String> = [Collection::TeamTemplates, Collection::PersonalTemplates]
            .into_iter()
            .flat_map(|collection| self.visible(collection).into_values())
            .filter_map(|payload| payload.get("shortcut").and_then(Value::as_str).map(shortcut_key))
            .collect();
        if taken.contains(&shortcut_key(base)) {
            free_shortcut_among(base, &taken)
        } else {
            base.to_owned()
        }
    }

    /// Template edits made in the panel: saved (`puts`, each in its scope's collection) and
    /// deleted templates, all checked first and then queued; nothing is queued on a refusal.
    pub fn commit_templates(
        &mut self,
        puts: Vec<Template>,
        deletes: Vec<EntityRef>,
        now_ms: i64,
    ) -> Result<Effects, SyncProblem> {
        let refused = |message: String| SyncProblem::Refused { message };
        for template in &puts {
            if !is_valid_client_id(&template.id) {
                return Err(refused(format!("The template id {:?} cannot be synced.", template.id)));
            }
            validate_template(template).map_err(|error| refused(error.to_string()))?;
        }
        if let Some(entity) = deletes.iter().find(|entity| !is_template_collection(entity.collection)) {
            return Err(refused(format!("Only templates can be deleted from the panel, not {:?}.", entity.collection)));
        }
        let mut effects = Effects::default();
        for template in puts {
            let entity = EntityRef { collection: template_collection(template.scope), id: template.id.clone() };
            let payload = serde_json::to_value(&template).map_err(|error| refused(error.to_string()))?;
            let (outcome, edited) = self.edit(entity, LocalEdit::Put(payload), now_ms);
            debug_assert_ne!(outcome, EditOutcome::InvalidId);
            effects.merge(edited);
        }
        for entity in deletes {
            effects.merge(self.edit(entity, LocalEdit::Delete, now_ms).1);
        }
        Ok(effects)
    }

    /// Queues a team rule set (`rules`: its rule file as JSON text) edited in the console. Only
    /// the JSON is checked here: the rules themselves are checked by the console before and by
    /// the server on push (the sync module has no room for the guidelines engine).
    pub fn commit_rule_set(&mut self, id: &str, rules: &str, now_ms: i64) -> Result<Effects, SyncProblem> {
        let refused = |message: String| SyncProblem::Refused { message };
        if !is_valid_client_id(id) {
            return Err(refused(format!("The rule set id {id:?} cannot be synced.")));
        }
        let payload: Value = serde_json::from_str(rules).map_err(|error| refused(error.to_string()))?;
        if !payload.is_object() {
            return Err(refused("A rule set is a JSON object with its `rules`.".to_owned()));
        }
        let entity = EntityRef { collection: Collection::RuleSets, id: id.to_owned() };
        Ok(self.edit(entity, LocalEdit::Put(payload), now_ms).1)
    }
}

/// The templates of a library made before signing in that are the person's own work: every
/// template except the starter ones left as shipped; uploaded as personal templates, each with
/// a new id from `new_id` (an edited starter reply keeps its starter id locally, which the
/// team's copy of the starter library may use too).
pub fn own_templates(local: &Library, starter: &Library, mut new_id: impl FnMut() -> String) -> Vec<Template> {
    local
        .templates()
        .iter()
        .filter(|template| starter.get(&template.id).is_none_or(|shipped| shipped.content() != template.content()))
        .map(|template| Template { id: new_id(), scope: Scope::Personal, version: 1, ..template.clone() })
        .collect()
}

fn is_template_collection(collection: Collection) -> bool {
    matches!(collection, Collection::TeamTemplates | Collection::PersonalTemplates)
}

/// `payload` as a template of `scope` named `id`, or why it cannot be shown.
fn usable_template(id: &str, payload: &Value, scope: Scope, ids: &HashSet<String>) -> Result<Template, String> {
    // The owned reader, which the library's import uses too (a borrowed one would be a second
    // copy of the template reader in the wasm).
    let mut template: Template = serde_json::from_value(payload.clone()).map_err(|error| error.to_string())?;
    if template.id != id {
        return Err("its id differs from the document's".into());
    }
    if ids.contains(id) {
        return Err("a team template has the same id".into());
    }
    template.scope = scope;
    validate_template(&template).map_err(|error| error.to_string())?;
    Ok(template)
}

/// `base-2`, `base-3`... the first one not in `taken` (shortcut keys).
fn free_shortcut_among(base: &str, taken: &HashSet<String>) -> String {
    let stem: String = base.chars().take(26).collect();
    (2..)
        .map(|n| format!("{stem}-{n}"))
        .find(|candidate| !taken.contains(&shortcut_key(candidate)))
        .unwrap_or_else(|| base.to_owned())
}
