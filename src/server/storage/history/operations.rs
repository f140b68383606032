//! The history SQL both databases share, written once and stamped onto each backend, like
//! `storage/operations.rs`: `$n` parameters, `ON CONFLICT`, `CASE` rather than `MAX(a, b)` or
//! `GREATEST` (which each database spells its own way), `LIKE ... ESCAPE` over folded copies
//! (PostgreSQL's `LIKE` is case-sensitive, SQLite's is not: both compare lower-case text).
//!
//! The macro expands to a child module of the backend's file, so it names its own imports and
//! still reaches the backend's private pools (`reader`, `writer`, `begin_write`).

macro_rules! history_operations {
    ($storage:ident, $db:path) => {
        mod history_sql {
            use sqlx::Row as _;

            use super::$storage as Backend;
            use crate::core::guidelines::Venue;
            use crate::core::history::{
                excerpt, presence_expiry, presence_since, search_fold, venue_named, CheckedSearch, Mention, MentionStats,
                PageCursor, DAY_MS, DEFAULT_RETENTION_DAYS,
            };
            use crate::core::history::annotations::{MAX_NOTES_PER_AUTHOR, MAX_TAGS_PER_AUTHOR};
            use crate::core::model::history::{
                AuthorHit, AuthorView, CaptureStatus, ErasureReport, HistorySettings, HistorySettingsView, MentionHit,
                MentionRecord, MentionView, NotePage, NoteView, PresenceEntry, PresenceEvent, PresenceState, PurgeReport,
                SearchPage, SearchScope, TagView,
            };
            use crate::server::storage::history::{Annotated, AuthorRecord, ExportRows, TimelineRows, TIMELINE_NOTES};
            use crate::server::storage::StorageError;

            type DbRow = <$db as sqlx::Database>::Row;
            type Conn = <$db as sqlx::Database>::Connection;

            const MENTION_COLUMNS: &str = "m.id, m.network, m.permalink, SUBSTR(m.comment_text, 1, 281) AS excerpt, m.seen_ms, m.last_seen_ms";
            const AUTHOR_COLUMNS: &str = "a.author_key, a.network AS author_network, a.handle, a.display_name, a.profile_url";
            const TAG_SELECT: &str = "SELECT t.tag, t.added_by, COALESCE(mb.display_name, '') AS added_by_name, t.added_ms \
                 FROM history_tags t LEFT JOIN members mb ON mb.id = t.added_by \
                 WHERE t.team_id = $1 AND t.author_key = $2 ORDER BY t.added_ms, t.tag";
            const NOTE_COLUMNS: &str = "n.id, n.body, n.written_by, COALESCE(mb.display_name, '') AS written_by_name, n.written_ms";

            impl Backend {
                pub async fn history_settings(&self, team_id: &str) -> Result<HistorySettingsView, StorageError> {
                    let row = sqlx::query("SELECT captured_networks, retention_days, updated_by, updated_ms FROM history_settings WHERE team_id = $1")
                        .bind(team_id)
                        .fetch_optional(self.reader())
                        .await?;
                    row.map(|row| settings_view(&row)).transpose().map(Option::unwrap_or_default)
                }

                pub async fn set_history_settings(
                    &self,
                    team_id: &str,
                    settings: &HistorySettings,
                    by: &str,
                    now_ms: i64,
                ) -> Result<HistorySettingsView, StorageError> {
                    sqlx::query(
                        "INSERT INTO history_settings (team_id, captured_networks, retention_days, updated_by, updated_ms) \
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (team_id) DO UPDATE SET captured_networks = excluded.captured_networks, \
                         retention_days = excluded.retention_days, updated_by = excluded.updated_by, updated_ms = excluded.updated_ms",
                    )
                    .bind(team_id)
                    .bind(settings.networks_text())
                    .bind(i64::from(settings.retention_days))
                    .bind(by)
                    .bind(now_ms)
                    .execute(self.writer())
                    .await?;
                    Ok(HistorySettingsView { settings: settings.clone(), updated_by: Some(by.to_owned()), updated_ms: Some(now_ms) })
                }

                pub async fn capture_mentions(&self, team_id: &str, mentions: &[Mention]) -> Result<Vec<(CaptureStatus, MentionView)>, StorageError> {
                    let mut tx = self.begin_write().await?;
                    let mut outcomes = Vec::with_capacity(mentions.len());
                    for mention in mentions {
                        outcomes.push(capture_one(&mut *tx, team_id, mention).await?);
                    }
                    tx.commit().await?;
                    Ok(outcomes)
                }

                pub async fn author_timeline(
                    &self,
                    team_id: &str,
                    author_key: &str,
                    before: Option<&PageCursor>,
                    limit: i64,
                ) -> Result<Option<TimelineRows>, StorageError> {
                    let mut conn = self.reader().acquire().await?;
                    let Some(record) = author_record(&mut *conn, team_id, author_key).await? else {
                        return Ok(None);
                    };
                    let (mentions, next) = mention_page(&mut *conn, team_id, author_key, before, limit).await?;
                    let tags = author_tags(&mut *conn, team_id, author_key).await?;
                    let (notes, _) = note_page(&mut *conn, team_id, author_key, None, TIMELINE_NOTES).await?;
                    Ok(Some(TimelineRows { record, mentions, next, tags, notes }))
                }

                pub async fn add_author_tag(
                    &self,
                    team_id: &str,
                    author_key: &str,
                    tag: &str,
                    by: &str,
                    now_ms: i64,
                ) -> Result<Annotated<Vec<TagView>>, StorageError> {
                    let mut tx = self.begin_write().await?;
                    if !author_exists(&mut *tx, team_id, author_key).await? {
                        return Ok(Annotated::NoAuthor);
                    }
                    let tags = author_tags(&mut *tx, team_id, author_key).await?;
                    if tags.iter().any(|existing| existing.tag == tag) {
                        return Ok(Annotated::Done(tags));
                    }
                    if tags.len() >= MAX_TAGS_PER_AUTHOR {
                        return Ok(Annotated::Full);
                    }
                    sqlx::query("INSERT INTO history_tags (team_id, author_key, tag, added_by, added_ms) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING")
                        .bind(team_id)
                        .bind(author_key)
                        .bind(tag)
                        .bind(by)
                        .bind(now_ms)
                        .execute(&mut *tx)
                        .await?;
                    let tags = author_tags(&mut *tx, team_id, author_key).await?;
                    tx.commit().await?;
                    Ok(Annotated::Done(tags))
                }

                pub async fn remove_author_tag(&self, team_id: &str, author_key: &str, tag: &str) -> Result<Option<Vec<TagView>>, StorageError> {
                    let mut tx = self.begin_write().await?;
                    if !author_exists(&mut *tx, team_id, author_key).await? {
                        return Ok(None);
                    }
                    sqlx::query("DELETE FROM history_tags WHERE team_id = $1 AND author_key = $2 AND tag = $3")
                        .bind(team_id)
                        .bind(author_key)
                        .bind(tag)
                        .execute(&mut *tx)
                        .await?;
                    let tags = author_tags(&mut *tx, team_id, author_key).await?;
                    tx.commit().await?;
                    Ok(Some(tags))
                }

                pub async fn add_author_note(
                    &self,
                    team_id: &str,
                    author_key: &str,
                    note_id: &str,
                    body: &str,
                    by: &str,
                    now_ms: i64,
                ) -> Result<Annotated<NoteView>, StorageError> {
                    let mut tx = self.begin_write().await?;
                    if !author_exists(&mut *tx, team_id, author_key).await? {
                        return Ok(Annotated::NoAuthor);
                    }
                    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM history_notes WHERE team_id = $1 AND author_key = $2")
                        .bind(team_id)
                        .bind(author_key)
                        .fetch_one(&mut *tx)
                        .await?;
                    if usize::try_from(count).unwrap_or(usize::MAX) >= MAX_NOTES_PER_AUTHOR {
                        return Ok(Annotated::Full);
                    }
                    sqlx::query("INSERT INTO history_notes (id, team_id, author_key, body, written_by, written_ms) VALUES ($1, $2, $3, $4, $5, $6)")
                        .bind(note_id)
                        .bind(team_id)
                        .bind(author_key)
                        .bind(body)
                        .bind(by)
                        .bind(now_ms)
                        .execute(&mut *tx)
                        .await
                        .map_err(|error| StorageError::from_insert(error, "a note with this id"))?;
                    let note = note_by_id(&mut *tx, team_id, author_key, note_id).await?;
                    tx.commit().await?;
                    note.map(Annotated::Done).ok_or_else(|| StorageError::Corrupt("a note just written is missing".into()))
                }

                pub async fn author_notes(
                    &self,
                    team_id: &str,
                    author_key: &str,
                    before: Option<&PageCursor>,
                    limit: i64,
                ) -> Result<Option<NotePage>, StorageError> {
                    let mut conn = self.reader().acquire().await?;
                    if !author_exists(&mut *conn, team_id, author_key).await? {
                        return Ok(None);
                    }
                    let (notes, next) = note_page(&mut *conn, team_id, author_key, before, limit).await?;
                    Ok(Some(NotePage { notes, next }))
                }

                pub async fn author_note(&self, team_id: &str, author_key: &str, note_id: &str) -> Result<Option<NoteView>, StorageError> {
                    let mut conn = self.reader().acquire().await?;
                    note_by_id(&mut *conn, team_id, author_key, note_id).await
                }

                pub async fn delete_author_note(&self, team_id: &str, author_key: &str, note_id: &str) -> Result<bool, StorageError> {
                    let done = sqlx::query("DELETE FROM history_notes WHERE team_id = $1 AND author_key = $2 AND id = $3")
                        .bind(team_id)
                        .bind(author_key)
                        .bind(note_id)
                        .execute(self.writer())
                        .await?;
                    Ok(done.rows_affected() == 1)
                }

                pub async fn set_presence(
                    &self,
                    team_id: &str,
                    permalink: &str,
                    member_id: &str,
                    state: PresenceState,
                    now_ms: i64,
                ) -> Result<PresenceEvent, StorageError> {
                    let mut tx = self.begin_write().await?;
                    let previous = sqlx::query("SELECT state, since_ms, expires_ms FROM history_presence WHERE team_id = $1 AND permalink = $2 AND member_id = $3")
                        .bind(team_id)
                        .bind(permalink)
                        .bind(member_id)
                        .fetch_optional(&mut *tx)
                        .await?
                        .map(|row| -> Result<_, StorageError> {
                            Ok((parse_presence(&row.try_get::<String, _>("state")?)?, row.try_get("since_ms")?, row.try_get("expires_ms")?))
                        })
                        .transpose()?;
                    let since_ms = presence_since(previous, state, now_ms);
                    let expires_ms = match presence_expiry(state, now_ms) {
                        Some(expires_ms) => {
                            sqlx::query(
                                "INSERT INTO history_presence (team_id, permalink, member_id, state, since_ms, expires_ms) VALUES ($1, $2, $3, $4, $5, $6) \
                                 ON CONFLICT (team_id, permalink, member_id) DO UPDATE SET state = excluded.state, since_ms = excluded.since_ms, expires_ms = excluded.expires_ms",
                            )
                            .bind(team_id)
                            .bind(permalink)
                            .bind(member_id)
                            .bind(presence_name(state))
                            .bind(since_ms)
                            .bind(expires_ms)
                            .execute(&mut *tx)
                            .await?;
                            expires_ms
                        }
                        None => {
                            sqlx::query("DELETE FROM history_presence WHERE team_id = $1 AND permalink = $2 AND member_id = $3")
                                .bind(team_id)
                                .bind(permalink)
                                .bind(member_id)
                                .execute(&mut *tx)
                                .await?;
                            now_ms
                        }
                    };
                    let member_name: Option<String> = sqlx::query_scalar("SELECT display_name FROM members WHERE id = $1")
                        .bind(member_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                    tx.commit().await?;
                    Ok(PresenceEvent {
                        permalink: permalink.to_owned(),
                        member_id: member_id.to_owned(),
                        member_name: member_name.unwrap_or_default(),
                        state,
                        since_ms,
                        expires_ms,
                        at_ms: now_ms,
                    })
                }

                pub async fn presence_on(&self, team_id: &str, permalink: &str, now_ms: i64) -> Result<Vec<PresenceEntry>, StorageError> {
                    let rows = sqlx::query(
                        "SELECT p.member_id, COALESCE(mb.display_name, '') AS member_name, p.state, p.since_ms, p.expires_ms \
                         FROM history_presence p LEFT JOIN members mb ON mb.id = p.member_id \
                         WHERE p.team_id = $1 AND p.permalink = $2 AND p.expires_ms > $3 ORDER BY p.since_ms, p.member_id",
                    )
                    .bind(team_id)
                    .bind(permalink)
                    .bind(now_ms)
                    .fetch_all(self.reader())
                    .await?;
                    rows.iter()
                        .map(|row| {
                            Ok(PresenceEntry {
                                member_id: row.try_get("member_id")?,
                                member_name: row.try_get("member_name")?,
                                state: parse_presence(&row.try_get::<String, _>("state")?)?,
                                since_ms: row.try_get("since_ms")?,
                                expires_ms: row.try_get("expires_ms")?,
                            })
                        })
                        .collect()
                }

                pub async fn search_history(&self, team_id: &str, search: &CheckedSearch) -> Result<SearchPage, StorageError> {
                    let mut conn = self.reader().acquire().await?;
                    match search.scope {
                        SearchScope::Mentions => search_mentions(&mut *conn, team_id, search).await,
                        SearchScope::Authors => search_authors(&mut *conn, team_id, search).await,
                    }
                }

                pub async fn purge_history(&self, team_id: Option<&str>, now_ms: i64) -> Result<PurgeReport, StorageError> {
                    let mut tx = self.begin_write().await?;
                    let of_team = |number: usize| team_id.map_or(String::new(), |_| format!("team_id = ${number} AND "));
                    let sql = format!(
                        "DELETE FROM history_mentions WHERE {}seen_ms < $1 - COALESCE( \
                         (SELECT s.retention_days FROM history_settings s WHERE s.team_id = history_mentions.team_id), $2) * {DAY_MS} \
                         RETURNING team_id, author_key",
                        of_team(3)
                    );
                    let mentions = sqlx::query(&sql)
                    .bind(now_ms)
                    .bind(i64::from(DEFAULT_RETENTION_DAYS));
                    let mentions = match team_id {
                        Some(team_id) => mentions.bind(team_id),
                        None => mentions,
                    };
                    let deleted = mentions.fetch_all(&mut *tx).await?;
                    let mut touched = std::collections::BTreeSet::new();
                    for row in &deleted {
                        touched.insert((row.try_get::<String, _>("team_id")?, row.try_get::<String, _>("author_key")?));
                    }
                    for (team, key) in &touched {
                        sqlx::query(
                            "UPDATE history_authors SET mention_count = (SELECT COUNT(*) FROM history_mentions m \
                             WHERE m.team_id = $1 AND m.author_key = $2) WHERE team_id = $1 AND author_key = $2",
                        )
                        .bind(team)
                        .bind(key)
                        .execute(&mut *tx)
                        .await?;
                    }
                    // Tags and notes go with their author (ON DELETE CASCADE).
                    let sql = format!(
                        "DELETE FROM history_authors WHERE {}NOT EXISTS (SELECT 1 FROM history_mentions m \
                         WHERE m.team_id = history_authors.team_id AND m.author_key = history_authors.author_key)",
                        of_team(1)
                    );
                    let authors = sqlx::query(&sql);
                    let authors = match team_id {
                        Some(team_id) => authors.bind(team_id),
                        None => authors,
                    };
                    let authors = authors.execute(&mut *tx).await?.rows_affected();
                    sqlx::query("DELETE FROM history_presence WHERE expires_ms <= $1").bind(now_ms).execute(&mut *tx).await?;
                    tx.commit().await?;
                    Ok(PurgeReport { mentions: deleted.len() as u64, authors })
                }

                /// The count and bounds of the team's published replies to any of the author's
                /// comments (one aggregate over the two permalink indexes).
                pub async fn author_reply_stats(&self, team_id: &str, author_key: &str) -> Result<MentionStats, StorageError> {
                    let row = sqlx::query(
                        "SELECT COUNT(p.id) AS replies, MIN(p.posted_ms) AS first_ms, MAX(p.posted_ms) AS last_ms \
                         FROM history_mentions m JOIN published_replies p ON p.team_id = m.team_id AND p.permalink = m.permalink \
                         WHERE m.team_id = $1 AND m.author_key = $2",
                    )
                    .bind(team_id)
                    .bind(author_key)
                    .fetch_one(self.reader())
                    .await?;
                    Ok(MentionStats {
                        count: to_u64(row.try_get("replies")?),
                        first_ms: row.try_get("first_ms")?,
                        last_ms: row.try_get("last_ms")?,
                    })
                }

                pub async fn erase_author(
                    &self,
                    team_id: &str,
                    author_key: &str,
                    actor: &str,
                    now_ms: i64,
                ) -> Result<Option<ErasureReport>, StorageError> {
                    let mut tx = self.begin_write().await?;
                    if !author_exists(&mut *tx, team_id, author_key).await? {
                        return Ok(None);
                    }
                    let of_author = "WHERE team_id = $1 AND author_key = $2";
                    let presence = sqlx::query(&format!(
                        "DELETE FROM history_presence WHERE team_id = $1 AND permalink IN (SELECT permalink FROM history_mentions {of_author})"
                    ))
                    .bind(team_id)
                    .bind(author_key)
                    .execute(&mut *tx)
                    .await?;
                    let mut counts = [0u64; 3];
                    for (count, table) in counts.iter_mut().zip(["history_tags", "history_notes", "history_mentions"]) {
                        *count = sqlx::query(&format!("DELETE FROM {table} {of_author}"))
                            .bind(team_id)
                            .bind(author_key)
                            .execute(&mut *tx)
                            .await?
                            .rows_affected();
                    }
                    sqlx::query(&format!("DELETE FROM history_authors {of_author}")).bind(team_id).bind(author_key).execute(&mut *tx).await?;
                    let [tags, notes, mentions] = counts;
                    let report = ErasureReport { author_key: author_key.to_owned(), mentions, tags, notes, presence: presence.rows_affected() };
                    // Last, so the team's audit head is locked for as little as possible; the
                    // entry commits with the erasure or not at all.
                    super::append_audit(&mut *tx, &crate::server::storage::history::erasure_entry(team_id, actor, &report, now_ms)).await?;
                    tx.commit().await?;
                    Ok(Some(report))
                }

                pub async fn export_author(&self, team_id: &str, author_key: &str) -> Result<Option<ExportRows>, StorageError> {
                    let mut conn = self.reader().acquire().await?;
                    let Some(record) = author_record(&mut *conn, team_id, author_key).await? else {
                        return Ok(None);
                    };
                    let rows = sqlx::query(
                        "SELECT id, network, permalink, comment_text, seen_ms, last_seen_ms FROM history_mentions \
                         WHERE team_id = $1 AND author_key = $2 ORDER BY seen_ms, id",
                    )
                    .bind(team_id)
                    .bind(author_key)
                    .fetch_all(&mut *conn)
                    .await?;
                    let mentions = rows
                        .iter()
                        .map(|row| {
                            Ok(MentionRecord {
                                id: row.try_get("id")?,
                                network: venue(&row.try_get::<String, _>("network")?)?,
                                permalink: row.try_get("permalink")?,
                                text: row.try_get("comment_text")?,
                                seen_ms: row.try_get("seen_ms")?,
                                last_seen_ms: row.try_get("last_seen_ms")?,
                            })
                        })
                        .collect::<Result<Vec<_>, StorageError>>()?;
                    let tags = author_tags(&mut *conn, team_id, author_key).await?;
                    let rows = sqlx::query(&format!(
                        "SELECT {NOTE_COLUMNS} FROM history_notes n LEFT JOIN members mb ON mb.id = n.written_by \
                         WHERE n.team_id = $1 AND n.author_key = $2 ORDER BY n.written_ms, n.id"
                    ))
                    .bind(team_id)
                    .bind(author_key)
                    .fetch_all(&mut *conn)
                    .await?;
                    let notes = rows.iter().map(note_view).collect::<Result<Vec<_>, _>>()?;
                    Ok(Some(ExportRows { record, mentions, tags, notes }))
                }
            }

            /// Records one mention in the caller's transaction; see `Storage::capture_mentions`.
            async fn capture_one(conn: &mut Conn, team_id: &str, mention: &Mention) -> Result<(CaptureStatus, MentionView), StorageError> {
                if let Some(existing) = seen_again(&mut *conn, team_id, mention).await? {
                    return Ok((CaptureStatus::AlreadyRecorded, existing));
                }
                let key = mention.author_key.to_string();
                sqlx::query(
                    "INSERT INTO history_authors (team_id, author_key, network, handle, display_name, profile_url, handle_folded, name_folded, last_seen_ms, mention_count) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) ON CONFLICT (team_id, author_key) DO UPDATE SET \
                     mention_count = history_authors.mention_count + 1, \
                     handle = CASE WHEN excluded.last_seen_ms >= history_authors.last_seen_ms THEN excluded.handle ELSE history_authors.handle END, \
                     display_name = CASE WHEN excluded.last_seen_ms >= history_authors.last_seen_ms AND excluded.display_name <> '' THEN excluded.display_name ELSE history_authors.display_name END, \
                     profile_url = CASE WHEN excluded.last_seen_ms >= history_authors.last_seen_ms AND excluded.profile_url <> '' THEN excluded.profile_url ELSE history_authors.profile_url END, \
                     handle_folded = CASE WHEN excluded.last_seen_ms >= history_authors.last_seen_ms THEN excluded.handle_folded ELSE history_authors.handle_folded END, \
                     name_folded = CASE WHEN excluded.last_seen_ms >= history_authors.last_seen_ms AND excluded.display_name <> '' THEN excluded.name_folded ELSE history_authors.name_folded END, \
                     last_seen_ms = CASE WHEN excluded.last_seen_ms > history_authors.last_seen_ms THEN excluded.last_seen_ms ELSE history_authors.last_seen_ms END",
                )
                .bind(team_id)
                .bind(&key)
                .bind(mention.network.as_str())
                .bind(&mention.author.handle)
                .bind(&mention.author.name)
                .bind(&mention.author.profile_url)
                .bind(search_fold(mention.author.handle.trim_start_matches('@')))
                .bind(search_fold(&mention.author.name))
                .bind(mention.seen_ms)
                .execute(&mut *conn)
                .await?;
                let id = crate::server::auth::token::new_id();
                let inserted = sqlx::query(
                    "INSERT INTO history_mentions (id, team_id, author_key, network, permalink, comment_text, text_folded, seen_ms, last_seen_ms) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (team_id, permalink) DO NOTHING",
                )
                .bind(&id)
                .bind(team_id)
                .bind(&key)
                .bind(mention.network.as_str())
                .bind(&mention.permalink)
                .bind(&mention.text)
                .bind(search_fold(&mention.text))
                .bind(mention.seen_ms)
                .execute(&mut *conn)
                .await?;
                if inserted.rows_affected() == 0 {
                    // Another process recorded it between our look and our insert: not ours to count.
                    sqlx::query("UPDATE history_authors SET mention_count = mention_count - 1 WHERE team_id = $1 AND author_key = $2")
                        .bind(team_id)
                        .bind(&key)
                        .execute(&mut *conn)
                        .await?;
                    let existing = seen_again(&mut *conn, team_id, mention).await?;
                    return existing
                        .map(|view| (CaptureStatus::AlreadyRecorded, view))
                        .ok_or_else(|| StorageError::Corrupt("a mention both present and absent".into()));
                }
                let view = MentionView {
                    id,
                    network: mention.network,
                    permalink: mention.permalink.clone(),
                    excerpt: excerpt(&mention.text),
                    seen_ms: mention.seen_ms,
                    last_seen_ms: mention.seen_ms,
                };
                Ok((CaptureStatus::Recorded, view))
            }

            /// The mention already recorded at this permalink, its last-seen time moved to the
            /// later of the two.
            async fn seen_again(conn: &mut Conn, team_id: &str, mention: &Mention) -> Result<Option<MentionView>, StorageError> {
                let row = sqlx::query(
                    "UPDATE history_mentions SET last_seen_ms = CASE WHEN $3 > last_seen_ms THEN $3 ELSE last_seen_ms END \
                     WHERE team_id = $1 AND permalink = $2 \
                     RETURNING id, network, permalink, SUBSTR(comment_text, 1, 281) AS excerpt, seen_ms, last_seen_ms",
                )
                .bind(team_id)
                .bind(&mention.permalink)
                .bind(mention.seen_ms)
                .fetch_optional(&mut *conn)
                .await?;
                row.map(|row| mention_view(&row)).transpose()
            }

            async fn author_exists(conn: &mut Conn, team_id: &str, author_key: &str) -> Result<bool, StorageError> {
                let found: Option<i64> = sqlx::query_scalar("SELECT last_seen_ms FROM history_authors WHERE team_id = $1 AND author_key = $2")
                    .bind(team_id)
                    .bind(author_key)
                    .fetch_optional(conn)
                    .await?;
                Ok(found.is_some())
            }

            /// The author with the count and bounds of their mentions and their number of notes,
            /// in one statement: the primary key, the two ends of the mentions' author index
            /// (never a walk through all of an author's rows), and at most 200 notes.
            async fn author_record(conn: &mut Conn, team_id: &str, author_key: &str) -> Result<Option<AuthorRecord>, StorageError> {
                let of_author = "WHERE m.team_id = a.team_id AND m.author_key = a.author_key";
                let row = sqlx::query(&format!(
                    "SELECT {AUTHOR_COLUMNS}, a.mention_count, \
                     (SELECT MIN(m.seen_ms) FROM history_mentions m {of_author}) AS first_ms, \
                     (SELECT MAX(m.seen_ms) FROM history_mentions m {of_author}) AS last_ms, \
                     (SELECT COUNT(*) FROM history_notes n WHERE n.team_id = a.team_id AND n.author_key = a.author_key) AS note_count \
                     FROM history_authors a WHERE a.team_id = $1 AND a.author_key = $2"
                ))
                .bind(team_id)
                .bind(author_key)
                .fetch_optional(conn)
                .await?;
                let Some(row) = row else {
                    return Ok(None);
                };
                let stats = MentionStats {
                    count: to_u64(row.try_get("mention_count")?),
                    first_ms: row.try_get("first_ms")?,
                    last_ms: row.try_get("last_ms")?,
                };
                Ok(Some(AuthorRecord { author: author_view(&row)?, stats, notes: to_u64(row.try_get("note_count")?) }))
            }

            /// A page of an author's mentions, newest first, and the cursor of the next.
            async fn mention_page(
                conn: &mut Conn,
                team_id: &str,
                author_key: &str,
                before: Option<&PageCursor>,
                limit: i64,
            ) -> Result<(Vec<MentionView>, Option<String>), StorageError> {
                let sql = format!(
                    "SELECT {MENTION_COLUMNS} FROM history_mentions m WHERE m.team_id = $1 AND m.author_key = $2{} \
                     ORDER BY m.seen_ms DESC, m.id DESC LIMIT {}",
                    keyset_after("m.seen_ms, m.id", before),
                    limit + 1
                );
                // Planned for this author each time (`persistent(false)`: an unnamed statement on
                // PostgreSQL): a plan cached for the average author (5 rows: bitmap scan, then
                // sort) read and sorted all 2,945 rows of the busiest one (9 ms); planned with its
                // statistics, it walks the index in order and stops at the page (0.3 ms).
                let query = sqlx::query(&sql).persistent(false).bind(team_id).bind(author_key);
                let rows = with_keyset(query, before).fetch_all(conn).await?;
                let mut mentions = rows.iter().map(mention_view).collect::<Result<Vec<_>, _>>()?;
                let next = page_end(&mut mentions, limit, |view| PageCursor { ms: view.seen_ms, id: view.id.clone() });
                Ok((mentions, next))
            }

            async fn note_page(
                conn: &mut Conn,
                team_id: &str,
                author_key: &str,
                before: Option<&PageCursor>,
                limit: i64,
            ) -> Result<(Vec<NoteView>, Option<String>), StorageError> {
                let sql = format!(
                    "SELECT {NOTE_COLUMNS} FROM history_notes n LEFT JOIN members mb ON mb.id = n.written_by \
                     WHERE n.team_id = $1 AND n.author_key = $2{} ORDER BY n.written_ms DESC, n.id DESC LIMIT {}",
                    keyset_after("n.written_ms, n.id", before),
                    limit + 1
                );
                let rows = with_keyset(sqlx::query(&sql).bind(team_id).bind(author_key), before).fetch_all(conn).await?;
                let mut notes = rows.iter().map(note_view).collect::<Result<Vec<_>, _>>()?;
                let next = page_end(&mut notes, limit, |note| PageCursor { ms: note.written_ms, id: note.id.clone() });
                Ok((notes, next))
            }

            /// The condition of a page after `before`, on `(time, id)` columns, as parameters `$3`
            /// and `$4`; nothing for the first page. One row comparison, not `a < x OR (a = x AND
            /// b < y)`, which PostgreSQL turns into a bitmap scan that reads and sorts every row of
            /// the author instead of walking the index in order.
            fn keyset_after(columns: &str, before: Option<&PageCursor>) -> String {
                before.map_or(String::new(), |_| format!(" AND ({columns}) < ($3, $4)"))
            }

            fn with_keyset<'q>(
                query: sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments<'q>>,
                before: Option<&'q PageCursor>,
            ) -> sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments<'q>> {
                match before {
                    Some(cursor) => query.bind(cursor.ms).bind(cursor.id.as_str()),
                    None => query,
                }
            }

            async fn note_by_id(conn: &mut Conn, team_id: &str, author_key: &str, note_id: &str) -> Result<Option<NoteView>, StorageError> {
                let row = sqlx::query(&format!(
                    "SELECT {NOTE_COLUMNS} FROM history_notes n LEFT JOIN members mb ON mb.id = n.written_by \
                     WHERE n.team_id = $1 AND n.author_key = $2 AND n.id = $3"
                ))
                .bind(team_id)
                .bind(author_key)
                .bind(note_id)
                .fetch_optional(conn)
                .await?;
                row.map(|row| note_view(&row)).transpose()
            }

            async fn author_tags(conn: &mut Conn, team_id: &str, author_key: &str) -> Result<Vec<TagView>, StorageError> {
                let rows = sqlx::query(TAG_SELECT).bind(team_id).bind(author_key).fetch_all(conn).await?;
                rows.iter()
                    .map(|row| {
                        Ok(TagView {
                            tag: row.try_get("tag")?,
                            added_by: row.try_get("added_by")?,
                            added_by_name: row.try_get("added_by_name")?,
                            added_ms: row.try_get("added_ms")?,
                        })
                    })
                    .collect()
            }

            /// A value bound into a search.
            enum Bind {
                Text(String),
                Int(i64),
            }

            /// The conditions of a search, numbered from `$2` (`$1` is the team).
            struct Conditions {
                sql: Vec<String>,
                binds: Vec<Bind>,
            }

            impl Conditions {
                fn new() -> Conditions {
                    Conditions { sql: Vec::new(), binds: Vec::new() }
                }

                /// The next placeholder, bound to `value`.
                fn param(&mut self, value: Bind) -> String {
                    self.binds.push(value);
                    format!("${}", self.binds.len() + 1)
                }

                /// A `LIKE` anywhere in a folded column.
                fn contains(&mut self, column: &str, folded: &str) -> String {
                    let pattern = self.param(Bind::Text(like_pattern(folded)));
                    format!("{column} LIKE {pattern} ESCAPE '\\'")
                }

                fn push(&mut self, condition: String) {
                    self.sql.push(condition);
                }

                fn clause(&self) -> String {
                    self.sql.iter().map(|condition| format!(" AND {condition}")).collect()
                }

                fn query<'q>(&'q self, sql: &'q str, team_id: &'q str) -> sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments<'q>> {
                    let mut query = sqlx::query(sql).bind(team_id);
                    for bind in &self.binds {
                        query = match bind {
                            Bind::Text(text) => query.bind(text.as_str()),
                            Bind::Int(number) => query.bind(*number),
                        };
                    }
                    query
                }
            }

            /// `%term%` with `%`, `_` and `\` taken literally.
            fn like_pattern(folded: &str) -> String {
                let mut pattern = String::from("%");
                for c in folded.chars() {
                    if matches!(c, '%' | '_' | '\\') {
                        pattern.push('\\');
                    }
                    pattern.push(c);
                }
                pattern.push('%');
                pattern
            }

            /// Conditions on the author `a` and its tags shared by both scopes.
            fn author_conditions(conditions: &mut Conditions, search: &CheckedSearch) {
                if let Some(handle) = &search.handle {
                    let condition = conditions.contains("a.handle_folded", handle);
                    conditions.push(condition);
                }
                if let Some(name) = &search.name {
                    let condition = conditions.contains("a.name_folded", name);
                    conditions.push(condition);
                }
                if let Some(tag) = &search.tag {
                    let tag = conditions.param(Bind::Text(tag.clone()));
                    conditions.push(format!(
                        "EXISTS (SELECT 1 FROM history_tags t WHERE t.team_id = a.team_id AND t.author_key = a.author_key AND t.tag = {tag})"
                    ));
                }
                if let Some(network) = search.network {
                    let network = conditions.param(Bind::Text(network.as_str().to_owned()));
                    conditions.push(format!("a.network = {network}"));
                }
            }

            /// Conditions on one mention `m` (its text and date).
            fn mention_conditions(conditions: &mut Conditions, search: &CheckedSearch) -> Vec<String> {
                let mut own = Vec::new();
                if let Some(text) = &search.text {
                    own.push(conditions.contains("m.text_folded", text));
                }
                if let Some(from) = search.from_ms {
                    own.push(format!("m.seen_ms >= {}", conditions.param(Bind::Int(from))));
                }
                if let Some(to) = search.to_ms {
                    own.push(format!("m.seen_ms <= {}", conditions.param(Bind::Int(to))));
                }
                own
            }

            async fn search_mentions(conn: &mut Conn, team_id: &str, search: &CheckedSearch) -> Result<SearchPage, StorageError> {
                let mut conditions = Conditions::new();
                author_conditions(&mut conditions, search);
                for condition in mention_conditions(&mut conditions, search) {
                    conditions.push(condition);
                }
                if let Some(any) = &search.any {
                    let (handle, name, text) = (
                        conditions.contains("a.handle_folded", any),
                        conditions.contains("a.name_folded", any),
                        conditions.contains("m.text_folded", any),
                    );
                    conditions.push(format!("({handle} OR {name} OR {text})"));
                }
                if let Some(after) = &search.after {
                    let ms = conditions.param(Bind::Int(after.ms));
                    let id = conditions.param(Bind::Text(after.id.clone()));
                    conditions.push(format!("(m.seen_ms, m.id) < ({ms}, {id})"));
                }
                let limit = i64::from(search.limit);
                let sql = format!(
                    "SELECT {MENTION_COLUMNS}, {AUTHOR_COLUMNS} FROM history_mentions m \
                     JOIN history_authors a ON a.team_id = m.team_id AND a.author_key = m.author_key \
                     WHERE m.team_id = $1{} ORDER BY m.seen_ms DESC, m.id DESC LIMIT {}",
                    conditions.clause(),
                    limit + 1
                );
                let rows = conditions.query(&sql, team_id).fetch_all(conn).await?;
                let mut mentions = rows
                    .iter()
                    .map(|row| Ok(MentionHit { mention: mention_view(row)?, author: author_view(row)? }))
                    .collect::<Result<Vec<_>, StorageError>>()?;
                let next = page_end(&mut mentions, limit, |hit| PageCursor { ms: hit.mention.seen_ms, id: hit.mention.id.clone() });
                Ok(SearchPage { mentions, authors: Vec::new(), next })
            }

            async fn search_authors(conn: &mut Conn, team_id: &str, search: &CheckedSearch) -> Result<SearchPage, StorageError> {
                let mut conditions = Conditions::new();
                author_conditions(&mut conditions, search);
                let of_author = "m.team_id = a.team_id AND m.author_key = a.author_key";
                let on_mention = mention_conditions(&mut conditions, search);
                if !on_mention.is_empty() {
                    let all: String = on_mention.iter().map(|condition| format!(" AND {condition}")).collect();
                    conditions.push(format!("EXISTS (SELECT 1 FROM history_mentions m WHERE {of_author}{all})"));
                }
                if let Some(any) = &search.any {
                    let (handle, name, text) = (
                        conditions.contains("a.handle_folded", any),
                        conditions.contains("a.name_folded", any),
                        conditions.contains("m.text_folded", any),
                    );
                    conditions.push(format!(
                        "({handle} OR {name} OR EXISTS (SELECT 1 FROM history_mentions m WHERE {of_author} AND {text}))"
                    ));
                }
                if let Some(after) = &search.after {
                    let ms = conditions.param(Bind::Int(after.ms));
                    let key = conditions.param(Bind::Text(after.id.clone()));
                    conditions.push(format!("(a.last_seen_ms, a.author_key) < ({ms}, {key})"));
                }
                let limit = i64::from(search.limit);
                let sql = format!(
                    "SELECT {AUTHOR_COLUMNS}, a.last_seen_ms, a.mention_count \
                     FROM history_authors a WHERE a.team_id = $1{} ORDER BY a.last_seen_ms DESC, a.author_key DESC LIMIT {}",
                    conditions.clause(),
                    limit + 1
                );
                let rows = conditions.query(&sql, team_id).fetch_all(&mut *conn).await?;
                let mut authors = rows
                    .iter()
                    .map(|row| {
                        Ok(AuthorHit {
                            author: author_view(row)?,
                            mentions: to_u64(row.try_get("mention_count")?),
                            last_contact_ms: row.try_get("last_seen_ms")?,
                            tags: Vec::new(),
                        })
                    })
                    .collect::<Result<Vec<_>, StorageError>>()?;
                let next = page_end(&mut authors, limit, |hit| PageCursor { ms: hit.last_contact_ms, id: hit.author.key.clone() });
                for hit in &mut authors {
                    hit.tags = author_tags(&mut *conn, team_id, &hit.author.key).await?.into_iter().map(|tag| tag.tag).collect();
                }
                Ok(SearchPage { mentions: Vec::new(), authors, next })
            }

            /// Cuts a page fetched with one row too many to `limit`, and says where the next
            /// page starts (`None`: this was the last).
            fn page_end<T>(items: &mut Vec<T>, limit: i64, cursor: impl Fn(&T) -> PageCursor) -> Option<String> {
                let limit = usize::try_from(limit).unwrap_or(0);
                if items.len() <= limit {
                    return None;
                }
                items.truncate(limit);
                items.last().map(|item| cursor(item).encode())
            }

            fn settings_view(row: &DbRow) -> Result<HistorySettingsView, StorageError> {
                let retention: i64 = row.try_get("retention_days")?;
                Ok(HistorySettingsView {
                    settings: HistorySettings {
                        captured_networks: HistorySettings::networks_from_text(&row.try_get::<String, _>("captured_networks")?),
                        retention_days: u32::try_from(retention).map_err(|_| StorageError::Corrupt(format!("retention {retention}")))?,
                    },
                    updated_by: Some(row.try_get("updated_by")?),
                    updated_ms: Some(row.try_get("updated_ms")?),
                })
            }

            fn mention_view(row: &DbRow) -> Result<MentionView, StorageError> {
                Ok(MentionView {
                    id: row.try_get("id")?,
                    network: venue(&row.try_get::<String, _>("network")?)?,
                    permalink: row.try_get("permalink")?,
                    excerpt: excerpt(&row.try_get::<String, _>("excerpt")?),
                    seen_ms: row.try_get("seen_ms")?,
                    last_seen_ms: row.try_get("last_seen_ms")?,
                })
            }

            fn author_view(row: &DbRow) -> Result<AuthorView, StorageError> {
                Ok(AuthorView {
                    key: row.try_get("author_key")?,
                    network: venue(&row.try_get::<String, _>("author_network")?)?,
                    handle: row.try_get("handle")?,
                    name: row.try_get("display_name")?,
                    profile_url: row.try_get("profile_url")?,
                })
            }

            fn note_view(row: &DbRow) -> Result<NoteView, StorageError> {
                Ok(NoteView {
                    id: row.try_get("id")?,
                    body: row.try_get("body")?,
                    written_by: row.try_get("written_by")?,
                    written_by_name: row.try_get("written_by_name")?,
                    written_ms: row.try_get("written_ms")?,
                })
            }

            fn venue(name: &str) -> Result<Venue, StorageError> {
                venue_named(name).ok_or_else(|| StorageError::Corrupt(format!("network {name:?}")))
            }

            fn presence_name(state: PresenceState) -> &'static str {
                match state {
                    PresenceState::Replying => "replying",
                    PresenceState::Replied => "replied",
                    PresenceState::Closed => "closed",
                }
            }

            fn parse_presence(name: &str) -> Result<PresenceState, StorageError> {
                match name {
                    "replying" => Ok(PresenceState::Replying),
                    "replied" => Ok(PresenceState::Replied),
                    _ => Err(StorageError::Corrupt(format!("presence {name:?}"))),
                }
            }

            fn to_u64(value: i64) -> u64 {
                u64::try_from(value).unwrap_or(0)
            }
        }
    };
}

pub(in crate::server::storage) use history_operations;
