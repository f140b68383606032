//! Sync (see `shared/design.md`): `GET /api/v1/sync?since=N` pulls the changes after a cursor;
//! `POST /api/v1/sync` pushes mutations, each applied exactly once.
//!
//! Every mutation is checked here (ids, payload shape, the member's permission for its
//! collection; templates, rule sets and site descriptors are read with the core's own types, so what the server
//! accepts, every client can load) and then handed to storage, which applies it and remembers
//! its answer in one transaction. A refusal is an answer too, remembered like the others: the same mutation sent
//! again is answered the same even if the member's role changed in between.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;

use super::input::{ApiJson, ApiQuery};
use super::members::require;
use crate::core::guidelines::RuleSet;
use crate::core::library::model::{Scope, Template};
use crate::core::sites::SiteDescriptor;
use crate::core::model::api::{
    is_valid_client_id, Collection, Mutation, MutationKind, MutationOutcome, MutationResult, PullResponse, PushRequest,
    PushResponse,
};
use crate::core::policy::{allows, Action};
use crate::server::auth::SignedIn;
use crate::server::error::ApiError;
use crate::server::http::AppState;
use crate::server::now_ms;
use crate::server::storage::{CheckedMutation, MemberRow};

/// Changes per pull when the client does not say.
pub const DEFAULT_PULL_LIMIT: i64 = 500;
/// Most changes per pull.
pub const MAX_PULL_LIMIT: i64 = 5_000;
/// Most mutations per push.
pub const MAX_MUTATIONS_PER_PUSH: usize = 500;
/// Largest document, as JSON.
pub const MAX_PAYLOAD_BYTES: usize = 256 * 1024;

#[derive(Debug, Deserialize)]
pub struct PullQuery {
    #[serde(default)]
    since: u64,
    limit: Option<i64>,
}

pub async fn pull(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<PullQuery>,
) -> Result<Json<PullResponse>, ApiError> {
    let member = &signed_in.member;
    require(member, Action::ReadLibrary)?;
    let since = i64::try_from(query.since).map_err(|_| ApiError::invalid("The cursor is out of range."))?;
    let limit = query.limit.unwrap_or(DEFAULT_PULL_LIMIT).clamp(1, MAX_PULL_LIMIT);
    let page = state.storage.pull(&member.team_id, &member.id, since, limit).await?;
    tracing::debug!(member = %member.id, since, changes = page.changes.len(), cursor = page.cursor, "pull");
    Ok(Json(page))
}

pub async fn push(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(request): ApiJson<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    let member = &signed_in.member;
    if request.mutations.len() > MAX_MUTATIONS_PER_PUSH {
        return Err(ApiError::invalid(format!("Send at most {MAX_MUTATIONS_PER_PUSH} changes at a time.")));
    }
    let now = now_ms();
    let mut results = Vec::with_capacity(request.mutations.len());
    for mutation in &request.mutations {
        let checked = check(member, mutation, now)?;
        let outcome = state.storage.apply_mutation(&checked).await?;
        tracing::info!(member = %member.id, client = %mutation.client_id, mutation = mutation.id, entity = %mutation.entity.id, ?outcome, "mutation");
        results.push(MutationResult { id: mutation.id, client_id: mutation.client_id.clone(), outcome });
    }
    let cursor = state.storage.team_seq(&member.team_id).await?;
    if results.iter().any(|result| matches!(result.outcome, MutationOutcome::Applied { .. })) {
        state.events.publish(&member.team_id, cursor);
    }
    Ok(Json(PushResponse { results, cursor: u64::try_from(cursor).unwrap_or(0) }))
}

/// Turns a mutation into what storage applies. Ids that cannot name the mutation refuse the
/// whole push; everything else is answered per mutation.
fn check(member: &MemberRow, mutation: &Mutation, now_ms: i64) -> Result<CheckedMutation, ApiError> {
    if !is_valid_client_id(&mutation.client_id) {
        return Err(ApiError::invalid("A client id must be 1 to 128 letters, digits, '-', '_', '.' or ':'."));
    }
    let mutation_id = i64::try_from(mutation.id)
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::invalid("Mutation ids count from 1."))?;
    let base_version = i64::try_from(mutation.base_version).ok().filter(|version| *version < i64::MAX);
    let collection = mutation.entity.collection;
    let prepared = match base_version {
        Some(_) => prepare_payload(member, mutation),
        None => Err(("invalid".to_owned(), "The base version is out of range.".to_owned())),
    };
    let (payload, refusal) = match prepared {
        Ok(payload) => (payload, None),
        Err(refusal) => (String::from("null"), Some(refusal)),
    };
    Ok(CheckedMutation {
        team_id: member.team_id.clone(),
        member_id: member.id.clone(),
        client_id: mutation.client_id.clone(),
        mutation_id,
        kind: mutation.kind,
        collection,
        owner_id: if collection == Collection::PersonalTemplates { member.id.clone() } else { String::new() },
        entity_id: mutation.entity.id.clone(),
        base_version: base_version.unwrap_or(0),
        payload,
        refusal,
        now_ms,
    })
}

/// The document to store, or why it is refused: (code, reason for a person).
fn prepare_payload(member: &MemberRow, mutation: &Mutation) -> Result<String, (String, String)> {
    let collection = mutation.entity.collection;
    if collection == Collection::Members {
        return Err((
            "read_only".into(),
            "Members change through the team's member settings (invites, roles), not through sync.".into(),
        ));
    }
    if !allows(member.role, collection.edit_action()) {
        return Err((
            "forbidden".into(),
            format!("Your role ({}) cannot change {}.", member.role, collection_words(collection)),
        ));
    }
    if !is_valid_client_id(&mutation.entity.id) {
        return Err(("invalid".into(), "A document id must be 1 to 128 letters, digits, '-', '_', '.' or ':'.".into()));
    }
    if mutation.kind == MutationKind::Delete {
        return Ok("null".into());
    }
    let payload = match collection {
        Collection::TeamTemplates | Collection::PersonalTemplates => template_payload(mutation)?,
        Collection::RuleSets => rule_set_payload(mutation)?,
        Collection::SiteDescriptors => site_descriptor_payload(mutation)?,
        Collection::Members => return Err(("invalid".into(), "Members are not written through sync.".into())),
    };
    if payload.len() > MAX_PAYLOAD_BYTES {
        return Err(("too_large".into(), format!("The document is larger than {} KB.", MAX_PAYLOAD_BYTES / 1024)));
    }
    Ok(payload)
}

/// A template, read with the library's own type; its id and scope must match the mutation, and
/// its version is set to the one it will have once applied.
fn template_payload(mutation: &Mutation) -> Result<String, (String, String)> {
    let mut template: Template = serde_json::from_value(mutation.payload.clone())
        .map_err(|error| ("invalid".to_owned(), format!("This is not a valid template: {error}.")))?;
    if template.id != mutation.entity.id {
        return Err(("invalid".into(), "The template's id differs from the document id.".into()));
    }
    let scope = if mutation.entity.collection == Collection::TeamTemplates { Scope::Team } else { Scope::Personal };
    if template.scope != scope {
        return Err((
            "invalid".into(),
            "The template's scope does not match where it is saved (team or personal).".into(),
        ));
    }
    template.version = mutation.base_version.saturating_add(1);
    serde_json::to_string(&template).map_err(|error| ("invalid".to_owned(), error.to_string()))
}

/// A rule file, as the guidelines read it (JSON), that compiles: rules every member's extension
/// will load, so a manager's mistake is refused here with its reason (the rule and field), not
/// found later by each client. Checked for size first, so an oversized file is never compiled.
fn rule_set_payload(mutation: &Mutation) -> Result<String, (String, String)> {
    let text = mutation.payload.to_string();
    if text.len() > MAX_PAYLOAD_BYTES {
        return Err(("too_large".into(), format!("The document is larger than {} KB.", MAX_PAYLOAD_BYTES / 1024)));
    }
    RuleSet::from_json(&text)
        .map_err(|error| ("invalid".to_owned(), format!("These rules cannot be used: {error}.")))?;
    Ok(text)
}

/// A site descriptor the extension will accept as a team override ([`SiteDescriptor::from_json`]
/// refuses anything oversized, script-like or outside the selector subset), named by its id.
fn site_descriptor_payload(mutation: &Mutation) -> Result<String, (String, String)> {
    let text = mutation.payload.to_string();
    if text.len() > MAX_PAYLOAD_BYTES {
        return Err(("too_large".into(), format!("The document is larger than {} KB.", MAX_PAYLOAD_BYTES / 1024)));
    }
    let descriptor = SiteDescriptor::from_json(&text)
        .map_err(|error| ("invalid".to_owned(), format!("This site description cannot be used: {error}.")))?;
    if descriptor.id != mutation.entity.id {
        return Err(("invalid".into(), "The site description's id differs from the document id.".into()));
    }
    Ok(text)
}

fn collection_words(collection: Collection) -> &'static str {
    match collection {
        Collection::TeamTemplates => "the team's templates",
        Collection::PersonalTemplates => "personal templates",
        Collection::RuleSets => "the team's rules",
        Collection::SiteDescriptors => "the team's site descriptors",
        Collection::Members => "the team's members",
    }
}
