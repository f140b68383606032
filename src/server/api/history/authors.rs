//! An author's timeline (`GET /api/v1/history/authors/{key}`), their tags and the team's notes.
//!
//! The key is the one the core makes from a comment's author ([`crate::core::history::AuthorKey`]),
//! percent-encoded in the path. Tags and notes need `AnnotateAuthors` (agents and above); a note
//! is deleted by whoever wrote it, or by a manager.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

use super::super::input::{ApiJson, ApiPath, ApiQuery};
use super::super::members::require;
use super::{author_key, author_not_found, replies};
use crate::core::history::{check_note, normalise_tag, summarise, HistoryError, PageCursor};
use crate::core::model::history::{NewNote, NotePage, NoteView, TagList, TagRequest, TagView, Timeline};
use crate::core::policy::{allows, Action};
use crate::server::auth::{token, SignedIn};
use crate::server::error::ApiError;
use crate::server::http::AppState;
use crate::server::now_ms;
use crate::server::storage::history::Annotated;

/// Mentions (or notes) per page when the client does not say.
pub const DEFAULT_PAGE: i64 = 20;
/// Most mentions (or notes) per page.
pub const MAX_PAGE: i64 = 100;

/// `?before=<cursor>&limit=N`: a page older than the cursor.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    before: Option<String>,
    limit: Option<i64>,
}

impl PageQuery {
    fn cursor(&self) -> Result<Option<PageCursor>, ApiError> {
        Ok(self.before.as_deref().map(PageCursor::parse).transpose()?)
    }

    fn limit(&self) -> i64 {
        self.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE)
    }
}

pub async fn timeline(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(key): ApiPath<String>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Json<Timeline>, ApiError> {
    let member = &signed_in.member;
    require(member, Action::ReadHistory)?;
    let key = author_key(&key)?;
    let rows = state
        .storage
        .author_timeline(&member.team_id, &key, page.cursor()?.as_ref(), page.limit())
        .await?
        .ok_or_else(author_not_found)?;
    let permalinks: Vec<&str> = rows.mentions.iter().map(|mention| mention.permalink.as_str()).collect();
    let replies = replies::published_replies(&state, &member.team_id, &permalinks).await?;
    let reply_stats = replies::reply_stats(&state, &member.team_id, &key).await?;
    Ok(Json(Timeline {
        author: rows.record.author,
        summary: summarise(rows.record.stats, rows.record.notes, reply_stats),
        mentions: rows.mentions,
        next: rows.next,
        tags: rows.tags,
        notes: rows.notes,
        replies,
    }))
}

pub async fn add_tag(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(key): ApiPath<String>,
    ApiJson(request): ApiJson<TagRequest>,
) -> Result<Json<TagList>, ApiError> {
    let member = &signed_in.member;
    require(member, Action::AnnotateAuthors)?;
    let (key, tag) = (author_key(&key)?, normalise_tag(&request.tag)?);
    let added = state.storage.add_author_tag(&member.team_id, &key, &tag, &member.id, now_ms()).await?;
    Ok(Json(TagList { tags: annotated(added, HistoryError::TooManyTags)? }))
}

pub async fn remove_tag(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath((key, tag)): ApiPath<(String, String)>,
) -> Result<Json<TagList>, ApiError> {
    let member = &signed_in.member;
    require(member, Action::AnnotateAuthors)?;
    let (key, tag) = (author_key(&key)?, normalise_tag(&tag)?);
    let tags: Vec<TagView> =
        state.storage.remove_author_tag(&member.team_id, &key, &tag).await?.ok_or_else(author_not_found)?;
    Ok(Json(TagList { tags }))
}

pub async fn notes(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(key): ApiPath<String>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Json<NotePage>, ApiError> {
    let member = &signed_in.member;
    require(member, Action::ReadHistory)?;
    let key = author_key(&key)?;
    let notes = state
        .storage
        .author_notes(&member.team_id, &key, page.cursor()?.as_ref(), page.limit())
        .await?
        .ok_or_else(author_not_found)?;
    Ok(Json(notes))
}

pub async fn add_note(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(key): ApiPath<String>,
    ApiJson(request): ApiJson<NewNote>,
) -> Result<(StatusCode, Json<NoteView>), ApiError> {
    let member = &signed_in.member;
    require(member, Action::AnnotateAuthors)?;
    let (key, body) = (author_key(&key)?, check_note(&request.body)?);
    let note_id = token::new_id();
    let added = state.storage.add_author_note(&member.team_id, &key, &note_id, &body, &member.id, now_ms()).await?;
    let note = annotated(added, HistoryError::TooManyNotes)?;
    tracing::info!(member = %member.id, note = %note.id, "note added");
    Ok((StatusCode::CREATED, Json(note)))
}

pub async fn delete_note(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath((key, note_id)): ApiPath<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let member = &signed_in.member;
    require(member, Action::AnnotateAuthors)?;
    let key = author_key(&key)?;
    let note = state.storage.author_note(&member.team_id, &key, &note_id).await?.ok_or_else(note_not_found)?;
    if note.written_by != member.id && !allows(member.role, Action::ManageHistory) {
        return Err(ApiError::forbidden("Only who wrote a note, or a manager, can delete it."));
    }
    if !state.storage.delete_author_note(&member.team_id, &key, &note_id).await? {
        return Err(note_not_found());
    }
    tracing::info!(member = %member.id, note = %note_id, "note deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// What an annotation became: its result, or why not (`full` names the limit).
fn annotated<T>(outcome: Annotated<T>, full: HistoryError) -> Result<T, ApiError> {
    match outcome {
        Annotated::Done(value) => Ok(value),
        Annotated::NoAuthor => Err(author_not_found()),
        Annotated::Full => Err(full.into()),
    }
}

fn note_not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "note_not_found", "There is no such note about this author.")
}
