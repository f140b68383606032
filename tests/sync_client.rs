//! The extension's sync client (`core::sync`), against a model of the server that follows the
//! real one's rules (a mutation's first answer is stored and replayed; a put applies only on the
//! current version; every change gets the team's next number). Scenarios first, then a property
//! test over random edits, lost answers, replays and restarts.
//!
//! The e2e suite (`tests/e2e/sync.test.mjs`) runs the client in Chromium against a real
//! `tact serve`.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, HashMap, HashSet};

use proptest::prelude::*;
use serde_json::{json, Value};
use tact::core::library::{Library, Scope, Template};
use tact::core::model::api::{
    Change, Collection, EntityRef, Me, MemberView, Mutation, MutationKind, MutationOutcome, MutationResult,
    PullResponse, PushResponse, TeamView,
};
use tact::core::policy::{permissions_of, Action, Role};
use tact::core::sync::{
    own_templates, ConflictSummary, Connection, EditOutcome, LocalEdit, RejectionSummary, Resolution, ResolveError,
    SyncProblem, SyncState, Wording, PUSH_BATCH,
};

// ------------------------------------------------------------------------------ the model server

#[derive(Default)]
struct ModelServer {
    seq: u64,
    docs: BTreeMap<(String, String), Change>,
    answers: HashMap<(String, u64), MutationOutcome>,
    /// How many times each (client, mutation) changed the data: never more than once.
    applications: HashMap<(String, u64), u32>,
    /// Every payload ever applied to each document (`null` for a deletion).
    history: HashMap<EntityRef, Vec<Value>>,
}

fn key(entity: &EntityRef) -> (String, String) {
    (entity.collection.as_str().to_owned(), entity.id.clone())
}

impl ModelServer {
    fn push(&mut self, mutations: &[Mutation], by: &str) -> PushResponse {
        let results = mutations
            .iter()
            .map(|mutation| {
                let answer_key = (mutation.client_id.clone(), mutation.id);
                let outcome = match self.answers.get(&answer_key) {
                    Some(first) => first.clone(),
                    None => {
                        let outcome = self.decide(mutation, by);
                        self.answers.insert(answer_key, outcome.clone());
                        outcome
                    }
                };
                MutationResult { id: mutation.id, client_id: mutation.client_id.clone(), outcome }
            })
            .collect();
        PushResponse { results, cursor: self.seq }
    }

    fn decide(&mut self, mutation: &Mutation, by: &str) -> MutationOutcome {
        if mutation.payload.get("reject").is_some() {
            return MutationOutcome::Rejected { code: "invalid".into(), reason: "The model refuses this.".into() };
        }
        let current = self.docs.get(&key(&mutation.entity)).cloned();
        if mutation.base_version != current.as_ref().map_or(0, |change| change.version) {
            return MutationOutcome::Conflict { current };
        }
        let deleting = mutation.kind == MutationKind::Delete;
        if deleting && current.as_ref().is_none_or(|change| change.deleted) {
            return MutationOutcome::Rejected { code: "not_found".into(), reason: "Already gone.".into() };
        }
        self.seq += 1;
        let version = mutation.base_version + 1;
        let payload = if deleting { Value::Null } else { mutation.payload.clone() };
        let change = Change {
            entity: mutation.entity.clone(),
            version,
            seq: self.seq,
            deleted: deleting,
            payload: payload.clone(),
            updated_by: by.to_owned(),
            updated_ms: 0,
        };
        self.docs.insert(key(&mutation.entity), change);
        *self.applications.entry((mutation.client_id.clone(), mutation.id)).or_default() += 1;
        self.history.entry(mutation.entity.clone()).or_default().push(payload);
        MutationOutcome::Applied { version, seq: self.seq }
    }

    fn pull(&self, since: u64, limit: usize) -> PullResponse {
        let mut changes: Vec<Change> = self.docs.values().filter(|change| change.seq > since).cloned().collect();
        changes.sort_by_key(|change| change.seq);
        let has_more = changes.len() > limit;
        changes.truncate(limit);
        let cursor = if has_more { changes.last().map_or(since, |change| change.seq) } else { self.seq.max(since) };
        PullResponse { changes, cursor, has_more }
    }

    fn live(&self, entity: &EntityRef) -> Option<Value> {
        self.docs.get(&key(entity)).filter(|change| !change.deleted).map(|change| change.payload.clone())
    }
}

/// One sync round as the background runs it: push a batch (stored as sent first), then pull
/// every page. With `lose_answer`, the worker dies after sending: the state is the one stored
/// before the push, and the answer is never recorded.
fn sync(state: &mut SyncState, server: &mut ModelServer, by: &str, lose_answer: bool, page: usize) {
    sync_checked(state, server, by, lose_answer, false, page, None);
}

/// [`sync`], checking that every base version sent was seen confirmed by this client (so an edit
/// never lands on someone else's version unseen), recording what it sees in `seen`, and with
/// `twice`, applying the push's answer twice.
fn sync_checked(state: &mut SyncState, server: &mut ModelServer, by: &str, lose_answer: bool, twice: bool, page: usize, mut seen: Option<&mut HashSet<(String, u64)>>) {
    let batch = state.next_batch(PUSH_BATCH);
    if let Some(seen) = seen.as_deref() {
        for mutation in &batch {
            let base = mutation.base_version;
            assert!(base == 0 || seen.contains(&(mutation.entity.id.clone(), base)), "base {base} of {:?} never seen", mutation.entity);
        }
    }
    let stored = restarted(state);
    if !batch.is_empty() {
        let answer = server.push(&batch, by);
        if lose_answer {
            *state = stored;
            return;
        }
        state.apply_push(&answer, 5);
        remember(state, seen.as_deref_mut());
        if twice {
            state.apply_push(&answer, 5);
        }
    }
    loop {
        let pulled = server.pull(state.cursor, page);
        state.apply_pull(&pulled);
        remember(state, seen.as_deref_mut());
        if !pulled.has_more {
            break;
        }
    }
}

fn remember(state: &SyncState, seen: Option<&mut HashSet<(String, u64)>>) {
    let Some(seen) = seen else { return };
    for (id, doc) in state.docs.of(Collection::RuleSets) {
        seen.insert((id.clone(), doc.version));
    }
}

/// The state as a restarted worker reads it back from storage (the outbox and cursor as JSON,
/// the documents under their own keys).
fn restarted(state: &SyncState) -> SyncState {
    let json = serde_json::to_string(state).expect("the state serialises");
    let mut back: SyncState = serde_json::from_str(&json).expect("and reads back");
    back.docs = state.docs.clone();
    back
}

fn rules(id: &str) -> EntityRef {
    EntityRef { collection: Collection::RuleSets, id: id.into() }
}

fn doc(n: u64) -> Value {
    json!({"name": format!("rules {n}"), "rules": [], "n": n})
}

// ------------------------------------------------------------------------------ scenarios

#[test]
fn mutations_are_numbered_from_one_with_the_client_id_and_the_version_edited() {
    let mut state = SyncState::new("laptop");
    let (first, _) = state.edit(rules("a"), LocalEdit::Put(doc(1)), 10);
    let (second, _) = state.edit(rules("b"), LocalEdit::Put(doc(2)), 11);
    assert_eq!((first, second), (EditOutcome::Queued { mutation_id: 1 }, EditOutcome::Queued { mutation_id: 2 }));
    let batch = state.next_batch(10);
    assert_eq!(batch.iter().map(|m| (m.id, m.client_id.as_str(), m.base_version)).collect::<Vec<_>>(), [(1, "laptop", 0), (2, "laptop", 0)]);
    assert!(state.outbox.iter().all(|pending| pending.sent), "marked sent before they leave");
}

#[test]
fn an_edit_before_sending_folds_into_the_waiting_mutation_and_a_sent_one_never_changes() {
    let mut state = SyncState::new("c");
    state.edit(rules("a"), LocalEdit::Put(doc(1)), 0);
    let (outcome, _) = state.edit(rules("a"), LocalEdit::Put(doc(2)), 0);
    assert_eq!(outcome, EditOutcome::Merged { mutation_id: 1 });
    assert_eq!(state.outbox.len(), 1);
    let sent = state.next_batch(10);
    assert_eq!(sent[0].payload, doc(2));
    let (outcome, _) = state.edit(rules("a"), LocalEdit::Put(doc(3)), 0);
    assert_eq!(outcome, EditOutcome::Queued { mutation_id: 2 });
    assert_eq!(state.outbox[0].mutation, sent[0], "the sent mutation is untouched, so a resend is a replay");
    assert_eq!(state.outbox[1].mutation.base_version, 1, "made on what the first will make");
}

#[test]
fn a_document_created_and_deleted_before_it_left_sends_nothing() {
    let mut state = SyncState::new("c");
    state.edit(rules("a"), LocalEdit::Put(doc(1)), 0);
    assert_eq!(state.edit(rules("a"), LocalEdit::Delete, 0).0, EditOutcome::Dropped);
    assert!(state.outbox.is_empty());
    assert_eq!(state.edit(rules("never"), LocalEdit::Delete, 0).0, EditOutcome::Dropped);
    assert_eq!(state.edit(rules("not an id!"), LocalEdit::Put(doc(1)), 0).0, EditOutcome::InvalidId);
}

#[test]
fn a_push_sends_one_mutation_per_document_and_the_next_is_rebased_on_the_answer() {
    let mut server = ModelServer::default();
    let mut state = SyncState::new("c");
    state.edit(rules("a"), LocalEdit::Put(doc(1)), 0);
    state.next_batch(10); // Sent, answer pending.
    state.edit(rules("a"), LocalEdit::Put(doc(2)), 0);
    state.edit(rules("b"), LocalEdit::Put(doc(3)), 0);
    let batch = state.next_batch(10);
    assert_eq!(batch.iter().map(|m| (m.entity.id.as_str(), m.id)).collect::<Vec<_>>(), [("a", 1), ("b", 3)], "the second edit of a waits");
    let answer = server.push(&batch, "m");
    state.apply_push(&answer, 0);
    assert_eq!(state.outbox.len(), 1);
    assert_eq!(state.outbox[0].mutation.base_version, 1, "rebased on the version the first made");
    sync(&mut state, &mut server, "m", false, 100);
    assert!(state.outbox.is_empty());
    assert_eq!(server.live(&rules("a")), Some(doc(2)));
    assert_eq!(state.docs.version(&rules("a")), 2);
}

#[test]
fn a_crash_between_sending_and_recording_the_answer_resends_the_same_mutation_and_gets_the_same_answer() {
    let mut server = ModelServer::default();
    let mut state = SyncState::new("c");
    state.edit(rules("a"), LocalEdit::Put(doc(1)), 0);
    sync(&mut state, &mut server, "m", true, 100);
    assert_eq!(state.outbox.len(), 1, "the answer was lost: still waiting");
    assert!(state.outbox[0].sent);
    sync(&mut state, &mut server, "m", false, 100);
    assert!(state.outbox.is_empty() && state.conflicts.is_empty(), "a replay, not a conflict: {:?}", state.conflicts);
    assert_eq!(server.applications.values().copied().collect::<Vec<_>>(), [1]);
    assert_eq!(server.docs.len(), 1);
}

#[test]
fn pulled_changes_apply_in_order_once_and_pending_edits_stay_visible_over_them() {
    let mut server = ModelServer::default();
    let mut other = SyncState::new("other");
    for n in 1..=5 {
        other.edit(rules(&format!("r{n}")), LocalEdit::Put(doc(n)), 0);
    }
    sync(&mut other, &mut server, "o", false, 100);
    let mut state = SyncState::new("c");
    state.edit(rules("r1"), LocalEdit::Put(doc(100)), 0);
    let page = server.pull(0, 100);
    let mut shuffled = page.clone();
    shuffled.changes.reverse();
    state.apply_pull(&shuffled);
    let again = state.apply_pull(&page);
    assert!(again.documents.is_empty(), "a page seen twice changes nothing");
    assert_eq!(state.cursor, 5);
    assert_eq!(state.visible(Collection::RuleSets).get("r1").copied(), Some(&doc(100)), "mine, until answered");
    assert_eq!(state.visible(Collection::RuleSets).len(), 5);
}

#[test]
fn pulls_page_through_has_more_and_the_cursor_only_moves_forward() {
    let mut server = ModelServer::default();
    let mut writer = SyncState::new("w");
    for n in 1..=7 {
        writer.edit(rules(&format!("r{n}")), LocalEdit::Put(doc(n)), 0);
    }
    sync(&mut writer, &mut server, "w", false, 3);
    let mut reader = SyncState::new("r");
    sync(&mut reader, &mut server, "r", false, 3);
    assert_eq!(reader.visible(Collection::RuleSets).len(), 7);
    assert_eq!(reader.cursor, 7);
    reader.apply_pull(&PullResponse { changes: Vec::new(), cursor: 2, has_more: false });
    assert_eq!(reader.cursor, 7);
}

#[test]
fn a_conflict_keeps_the_servers_copy_confirmed_and_holds_mine_and_theirs() {
    let mut server = ModelServer::default();
    let (mut alice, mut bob) = (SyncState::new("alice"), SyncState::new("bob"));
    alice.edit(rules("a"), LocalEdit::Put(doc(1)), 0);
    sync(&mut alice, &mut server, "alice", false, 100);
    sync(&mut bob, &mut server, "bob", false, 100);
    alice.edit(rules("a"), LocalEdit::Put(doc(2)), 0);
    sync(&mut alice, &mut server, "alice", false, 100);
    bob.edit(rules("a"), LocalEdit::Put(doc(3)), 0);
    bob.next_batch(10); // Sent; a later edit waits behind it.
    bob.edit(rules("a"), LocalEdit::Put(doc(4)), 0);
    let batch: Vec<Mutation> = bob.outbox.iter().filter(|p| p.sent).map(|p| p.mutation.clone()).collect();
    let answer = server.push(&batch, "bob");
    bob.apply_push(&answer, 7);
    assert!(bob.outbox.is_empty(), "the waiting edit folded into the conflict, never sent");
    let conflict = &bob.conflicts[0];
    assert_eq!(conflict.mine, Some(doc(4)), "my latest version");
    assert_eq!(conflict.theirs.as_ref().map(|change| (change.version, change.payload.clone())), Some((2, doc(2))));
    assert_eq!(bob.docs.version(&rules("a")), 2, "the server's copy is the confirmed one");
    assert_eq!(bob.visible(Collection::RuleSets).get("a").copied(), Some(&doc(4)), "what I typed stays visible");
    let status = bob.status(true, None, None);
    assert_eq!((status.conflicts.len(), status.conflicts[0].theirs_by.as_deref()), (1, Some("alice")));
    assert!(!status.conflicts[0].copyable, "rule sets are not copied");
}

#[test]
fn the_same_edit_on_both_sides_is_no_conflict() {
    let mut server = ModelServer::default();
    let (mut alice, mut bob) = (SyncState::new("alice"), SyncState::new("bob"));
    alice.edit(rules("a"), LocalEdit::Put(doc(1)), 0);
    bob.edit(rules("a"), LocalEdit::Put(doc(1)), 0);
    sync(&mut alice, &mut server, "alice", false, 100);
    sync(&mut bob, &mut server, "bob", false, 100);
    assert!(bob.conflicts.is_empty() && bob.outbox.is_empty());
}

fn conflicted(server: &mut ModelServer) -> SyncState {
    let mut alice = SyncState::new("alice");
    alice.edit(rules("a"), LocalEdit::Put(doc(1)), 0);
    sync(&mut alice, &mut *server, "alice", false, 100);
    let mut bob = SyncState::new("bob");
    sync(&mut bob, &mut *server, "bob", false, 100);
    alice.edit(rules("a"), LocalEdit::Put(doc(2)), 0);
    sync(&mut alice, &mut *server, "alice", false, 100);
    bob.edit(rules("a"), LocalEdit::Put(doc(3)), 0);
    sync(&mut bob, &mut *server, "bob", false, 100);
    assert_eq!(bob.conflicts.len(), 1);
    bob
}

#[test]
fn keep_theirs_drops_my_edit_and_shows_theirs() {
    let mut server = ModelServer::default();
    let mut bob = conflicted(&mut server);
    bob.resolve(&rules("a"), Resolution::KeepTheirs, "", 0).expect("resolved");
    assert!(bob.conflicts.is_empty() && bob.outbox.is_empty());
    assert_eq!(bob.visible(Collection::RuleSets).get("a").copied(), Some(&doc(2)));
}

#[test]
fn keep_mine_puts_mine_on_top_of_theirs() {
    let mut server = ModelServer::default();
    let mut bob = conflicted(&mut server);
    bob.resolve(&rules("a"), Resolution::KeepMine, "", 0).expect("resolved");
    assert_eq!(bob.outbox[0].mutation.base_version, 2);
    sync(&mut bob, &mut server, "bob", false, 100);
    assert_eq!(server.live(&rules("a")), Some(doc(3)));
    assert!(bob.conflicts.is_empty() && bob.outbox.is_empty());
    assert_eq!(bob.resolve(&rules("a"), Resolution::KeepMine, "", 0), Err(ResolveError::NoConflict));
}

#[test]
fn a_rejection_drops_the_mutation_keeps_the_reason_and_rebases_the_next_edit() {
    let mut server = ModelServer::default();
    let mut state = SyncState::new("c");
    state.edit(rules("a"), LocalEdit::Put(doc(1)), 0);
    sync(&mut state, &mut server, "c", false, 100);
    state.edit(rules("a"), LocalEdit::Put(json!({"reject": true})), 0);
    state.next_batch(10);
    state.edit(rules("a"), LocalEdit::Put(doc(5)), 0);
    let batch: Vec<Mutation> = state.outbox.iter().filter(|p| p.sent).map(|p| p.mutation.clone()).collect();
    state.apply_push(&server.push(&batch, "c"), 9);
    assert_eq!(state.rejections.len(), 1);
    assert_eq!(state.rejections[0].reason, "The model refuses this.");
    assert_eq!(state.outbox[0].mutation.base_version, 1, "made on the version the refused edit was made on");
    sync(&mut state, &mut server, "c", false, 100);
    assert_eq!(server.live(&rules("a")), Some(doc(5)));
    assert!(state.dismiss_rejection(&rules("a")));
    assert!(state.rejections.is_empty());
}

#[test]
fn a_role_change_pulled_from_the_members_feed_changes_my_permissions() {
    let member = MemberView { id: "m1".into(), team_id: "t".into(), email: "a@b.c".into(), display_name: "Alice".into(), role: Role::Agent, active: true };
    let mut state = SyncState::new("c");
    state.me = Some(Me { member: member.clone(), team: TeamView { id: "t".into(), name: "T".into() }, permissions: permissions_of(Role::Agent) });
    let promoted = MemberView { role: Role::Manager, ..member };
    let change = Change { entity: EntityRef { collection: Collection::Members, id: "m1".into() }, version: 2, seq: 9, deleted: false, payload: serde_json::to_value(&promoted).unwrap_or_default(), updated_by: "o".into(), updated_ms: 0 };
    let effects = state.apply_pull(&PullResponse { changes: vec![change], cursor: 9, has_more: false });
    assert!(effects.me_changed);
    let me = state.me.as_ref().expect("me");
    assert_eq!(me.member.role, Role::Manager);
    assert!(me.permissions.contains(&Action::EditTeamTemplate));
    assert_eq!(state.member_name("m1"), "Alice");
}

#[test]
fn the_status_says_offline_since_the_first_failure_and_what_waits() {
    let mut state = SyncState::new("c");
    state.edit(rules("a"), LocalEdit::Put(doc(1)), 0);
    state.mark_offline(1_000);
    state.mark_offline(2_000);
    let status = state.status(true, Some("http://127.0.0.1:1".into()), None);
    assert_eq!((status.connection, status.offline_since_ms, status.pending), (Connection::Offline, Some(1_000), 1));
    assert_eq!(state.status(false, None, None).connection, Connection::SignedOut);
    state.mark_online(3_000);
    assert_eq!((state.status(true, None, None).connection, state.last_sync_ms), (Connection::Online, Some(3_000)));
}

/// Plain English, as a test's wording.
struct English;

impl Wording for English {
    fn problem(&self, problem: &SyncProblem) -> String {
        problem.to_string()
    }
    fn role(&self, role: Role) -> String {
        role.as_str().to_owned()
    }
    fn conflict(&self, conflict: &ConflictSummary) -> String {
        format!("{:?} changed by {:?}", conflict.mine_title, conflict.theirs_by)
    }
    fn rejection(&self, rejection: &RejectionSummary) -> String {
        format!("{:?} refused: {}", rejection.title, rejection.reason)
    }
}

#[test]
fn the_status_the_pages_read_is_flat_and_in_words() {
    let mut server = ModelServer::default();
    let mut bob = conflicted(&mut server);
    bob.me = Some(Me {
        member: MemberView { id: "bob".into(), team_id: "t".into(), email: "bob@b.c".into(), display_name: "Bob".into(), role: Role::Manager, active: true },
        team: TeamView { id: "t".into(), name: "Team".into() },
        permissions: permissions_of(Role::Manager),
    });
    bob.edit(rules("z"), LocalEdit::Put(json!({"reject": 1})), 0);
    sync(&mut bob, &mut server, "bob", false, 100);
    let view = bob.status(true, Some("https://t.example".into()), Some(SyncProblem::SessionEnded)).view(&English);
    assert_eq!((view.connection.as_str(), view.role.as_deref(), view.team_name.as_deref()), ("online", Some("manager"), Some("Team")));
    assert!(view.edits_team_templates && view.signed_in() && view.in_team());
    assert_eq!(view.conflicts.len(), 1);
    assert_eq!(view.conflicts[0].entity(), Some(rules("a")));
    assert_eq!(view.conflicts[0].text, "Some(\"rules 3\") changed by Some(\"alice\")");
    assert_eq!(view.rejections[0].text, "None refused: The model refuses this.");
    assert_eq!(view.problem.as_deref(), Some("the session has ended; sign in again"));
    let json = serde_json::to_string(&view).unwrap_or_default();
    assert_eq!(serde_json::from_str::<tact::core::sync::StatusView>(&json).ok(), Some(view));
}

// ------------------------------------------------------------------------------ templates

fn template(id: &str, shortcut: &str, scope: Scope, body: &str) -> Template {
    serde_json::from_value(json!({"id": id, "title": format!("Title {id}"), "shortcut": shortcut, "scope": scope, "variants": [{"lang": "en", "body": body}]}))
        .expect("a template")
}

fn confirmed(state: &mut SyncState, collection: Collection, template: &Template, version: u64) {
    let change = Change { entity: EntityRef { collection, id: template.id.clone() }, version, seq: version, deleted: false, payload: serde_json::to_value(template).unwrap_or_default(), updated_by: "x".into(), updated_ms: 0 };
    state.apply_pull(&PullResponse { changes: vec![change], cursor: state.cursor + 1, has_more: false });
}

#[test]
fn the_library_shows_team_templates_then_mine_with_a_free_shortcut_where_they_collide() {
    let mut state = SyncState::new("c");
    confirmed(&mut state, Collection::TeamTemplates, &template("t1", "merci", Scope::Team, "Merci !"), 1);
    confirmed(&mut state, Collection::PersonalTemplates, &template("p1", "merci", Scope::Personal, "Thanks!"), 1);
    let mut broken = serde_json::to_value(template("p2", "x", Scope::Personal, "x")).unwrap_or_default();
    broken["title"] = json!("");
    state.edit(EntityRef { collection: Collection::PersonalTemplates, id: "p2".into() }, LocalEdit::Put(broken), 0);
    let mut used = Library::new(vec![template("t1", "merci", Scope::Team, "old")]).expect("library");
    used.record_use("t1", 42).expect("used");
    let view = state.library_view(Some(&used));
    let shown: Vec<(&str, &str, Scope)> = view.library.templates().iter().map(|t| (t.id.as_str(), t.shortcut.as_str(), t.scope)).collect();
    assert_eq!(shown, [("t1", "merci", Scope::Team), ("p1", "merci-2", Scope::Personal)]);
    assert_eq!(view.library.get("t1").map(|t| (t.usage_count, t.last_used_ms)), Some((1, Some(42))), "usage is kept on this device");
    assert_eq!(view.skipped.len(), 1);
    assert_eq!(view.skipped[0].0, "p2");
}

#[test]
fn committed_templates_go_to_their_scopes_collection_all_or_nothing() {
    let mut state = SyncState::new("c");
    let team = template("t1", "bonjour", Scope::Team, "Bonjour");
    let mine = template("p1", "salut", Scope::Personal, "Salut");
    let effects = state.commit_templates(vec![team, mine.clone()], vec![], 0).expect("queued");
    assert!(effects.visible.contains(&Collection::TeamTemplates) && effects.visible.contains(&Collection::PersonalTemplates));
    let collections: Vec<Collection> = state.outbox.iter().map(|p| p.mutation.entity.collection).collect();
    assert_eq!(collections, [Collection::TeamTemplates, Collection::PersonalTemplates]);
    let mut bad = mine;
    bad.title = String::new();
    assert!(state.commit_templates(vec![template("p9", "p9", Scope::Personal, "ok"), bad], vec![], 0).is_err());
    assert_eq!(state.outbox.len(), 2, "nothing queued from a refused commit");
    assert!(state.commit_templates(vec![], vec![rules("a")], 0).is_err(), "only templates from the panel");
}

#[test]
fn a_rule_set_from_the_console_is_queued_as_a_team_rule_set_and_only_json_objects_are() {
    let mut state = SyncState::new("c");
    let text = r#"{"name": "House", "rules": [{"id": "no-promise", "kind": "forbidden", "terms": ["guaranteed"]}]}"#;
    let effects = state.commit_rule_set("house-rules", text, 0).expect("queued");
    assert!(effects.visible.contains(&Collection::RuleSets));
    let queued = &state.outbox[0].mutation;
    assert_eq!((queued.entity.collection, queued.entity.id.as_str()), (Collection::RuleSets, "house-rules"));
    assert_eq!(queued.payload["rules"][0]["id"], "no-promise");
    assert!(state.commit_rule_set("house-rules", "{\"rules\": [", 0).is_err(), "JSON that does not read");
    assert!(state.commit_rule_set("house-rules", "[1]", 0).is_err(), "not an object");
    assert!(state.commit_rule_set("house rules!", "{}", 0).is_err(), "an id that cannot be synced");
    assert_eq!(state.outbox.len(), 1, "nothing queued from a refused commit");
}

#[test]
fn save_mine_as_a_copy_makes_a_new_template_with_a_free_shortcut_beside_theirs() {
    let mut state = SyncState::new("c");
    let original = template("t1", "merci", Scope::Team, "v1");
    confirmed(&mut state, Collection::TeamTemplates, &original, 1);
    let entity = EntityRef { collection: Collection::TeamTemplates, id: "t1".into() };
    let mine = template("t1", "merci", Scope::Team, "mine");
    state.edit(entity.clone(), LocalEdit::Put(serde_json::to_value(&mine).unwrap_or_default()), 0);
    let batch = state.next_batch(10);
    let theirs = Change { entity: entity.clone(), version: 2, seq: 5, deleted: false, payload: serde_json::to_value(template("t1", "merci", Scope::Team, "theirs")).unwrap_or_default(), updated_by: "m".into(), updated_ms: 0 };
    state.apply_push(&PushResponse { results: vec![MutationResult { id: batch[0].id, client_id: "c".into(), outcome: MutationOutcome::Conflict { current: Some(theirs) } }], cursor: 5 }, 0);
    assert!(state.status(true, None, None).conflicts[0].copyable);
    assert_eq!(state.resolve(&entity, Resolution::SaveMineAsCopy, "t1", 0), Err(ResolveError::BadCopyId));
    state.resolve(&entity, Resolution::SaveMineAsCopy, "copy-1", 0).expect("copied");
    let view = state.library_view(None).library;
    assert_eq!(view.get("t1").map(|t| t.variants[0].body.as_str()), Some("theirs"));
    let copy = view.get("copy-1").expect("the copy");
    assert_eq!((copy.shortcut.as_str(), copy.variants[0].body.as_str(), copy.version), ("merci-2", "mine", 1));
    assert_eq!(state.outbox.last().map(|p| (p.mutation.base_version, p.mutation.entity.collection)), Some((0, Collection::TeamTemplates)));
}

#[test]
fn templates_made_before_signing_in_are_offered_except_untouched_starters() {
    let starter = Library::starter();
    let mut local = starter.clone();
    let first = starter.templates()[0].clone();
    let mut content = first.content();
    content.title = "Changed".into();
    local.update(&first.id, content, "me", 1).expect("edited");
    let mut ids = 0;
    let own = own_templates(&local, &starter, || {
        ids += 1;
        format!("new-{ids}")
    });
    assert_eq!(own.iter().map(|t| (t.id.as_str(), t.title.as_str())).collect::<Vec<_>>(), [("new-1", "Changed")]);
    assert!(own.iter().all(|t| t.scope == Scope::Personal));
}

// ------------------------------------------------------------------------------ property

#[derive(Debug, Clone)]
enum Step {
    Edit { client: usize, entity: usize, delete: bool, reject: bool },
    Sync { client: usize, lose_answer: bool, twice: bool },
    Resolve { client: usize, keep_mine: bool },
    Restart { client: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..3usize, 0..3usize, prop::bool::weighted(0.15), prop::bool::weighted(0.1))
            .prop_map(|(client, entity, delete, reject)| Step::Edit { client, entity, delete, reject }),
        4 => (0..3usize, prop::bool::weighted(0.3), prop::bool::weighted(0.2))
            .prop_map(|(client, lose_answer, twice)| Step::Sync { client, lose_answer, twice }),
        1 => (0..3usize, any::<bool>()).prop_map(|(client, keep_mine)| Step::Resolve { client, keep_mine }),
        1 => (0..3usize).prop_map(|client| Step::Restart { client }),
    ]
}

/// What each person last did to each document, and whether they gave it up ("keep theirs").
#[derive(Default)]
struct Intent {
    last: HashMap<(usize, usize), Option<Value>>,
    given_up: HashSet<(usize, usize)>,
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn edits_arrive_once_and_nothing_typed_is_lost_through_crashes_replays_and_restarts(steps in prop::collection::vec(step(), 1..60)) {
        let mut server = ModelServer::default();
        let mut clients: Vec<SyncState> = (0..3).map(|n| SyncState::new(format!("client-{n}"))).collect();
        let mut seen: Vec<HashSet<(String, u64)>> = vec![HashSet::new(); 3];
        let mut intent = Intent::default();
        let mut counter = 0;
        for step in steps {
            match step {
                Step::Edit { client, entity, delete, reject } => {
                    counter += 1;
                    let edit = if delete { LocalEdit::Delete } else if reject { LocalEdit::Put(json!({"reject": counter})) } else { LocalEdit::Put(doc(counter)) };
                    let outcome = clients[client].edit(rules(&format!("e{entity}")), edit.clone(), 0).0;
                    if outcome == EditOutcome::Dropped {
                        intent.last.remove(&(client, entity)); // Deleted before it ever left: nothing to deliver.
                    } else {
                        intent.last.insert((client, entity), match edit { LocalEdit::Put(value) => Some(value), LocalEdit::Delete => None });
                        intent.given_up.remove(&(client, entity));
                    }
                }
                Step::Sync { client, lose_answer, twice } => {
                    let by = format!("client-{client}");
                    sync_checked(&mut clients[client], &mut server, &by, lose_answer, twice, 2, Some(&mut seen[client]));
                }
                Step::Resolve { client, keep_mine } => {
                    let Some(entity) = clients[client].conflicts.first().map(|c| c.entity.clone()) else { continue };
                    let resolution = if keep_mine { Resolution::KeepMine } else { Resolution::KeepTheirs };
                    clients[client].resolve(&entity, resolution, "", 0).expect("an open conflict resolves");
                    if !keep_mine {
                        let index: usize = entity.id[1..].parse().unwrap_or_default();
                        intent.given_up.insert((client, index));
                    }
                }
                Step::Restart { client } => clients[client] = restarted(&clients[client]),
            }
        }
        // The network comes back: everyone syncs until nothing waits.
        for _ in 0..20 {
            for (client, state) in clients.iter_mut().enumerate() {
                sync_checked(state, &mut server, &format!("client-{client}"), false, false, 2, Some(&mut seen[client]));
            }
        }
        for state in &clients {
            prop_assert!(state.outbox.is_empty(), "still waiting: {:?}", state.outbox);
        }
        prop_assert!(server.applications.values().all(|count| *count == 1), "a mutation applied twice");
        for (client, state) in clients.iter().enumerate() {
            let visible = state.visible(Collection::RuleSets);
            for entity in 0..3 {
                let entity_ref = rules(&format!("e{entity}"));
                let in_conflict = state.conflicts.iter().find(|c| c.entity == entity_ref);
                if in_conflict.is_none() {
                    prop_assert_eq!(visible.get(entity_ref.id.as_str()).map(|value| (*value).clone()), server.live(&entity_ref), "client {} converged on e{}", client, entity);
                }
                let Some(last) = intent.last.get(&(client, entity)) else { continue };
                if intent.given_up.contains(&(client, entity)) {
                    continue;
                }
                let history = server.history.get(&entity_ref).cloned().unwrap_or_default();
                let arrived = match last {
                    Some(value) => history.contains(value),
                    None => history.contains(&Value::Null) || server.live(&entity_ref).is_none(),
                };
                let kept_in_conflict = in_conflict.is_some_and(|c| c.mine == *last);
                let rejected = state.rejections.iter().any(|r| r.entity == entity_ref && (r.payload == *last.as_ref().unwrap_or(&Value::Null) || last.is_none()));
                prop_assert!(arrived || kept_in_conflict || rejected, "client {}'s last edit of e{} ({:?}) was lost", client, entity, last);
            }
        }
    }
}
