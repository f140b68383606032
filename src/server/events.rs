//! Cursor moves and approval changes, told to open clients: every applied push publishes (team,
//! cursor) here, every approval request or decision publishes (team, approval, status), and the
//! live channel (`GET /api/v1/events`) forwards its own team's events to those allowed to see them.
//! Presence changes (who is replying to which comment, for collisions) travel the same way, on a
//! PostgreSQL channel of their own.
//!
//! Within one process broadcast channels carry them. With PostgreSQL, a publish also sends a
//! `NOTIFY` (cursor moves as `seq:team`, approval changes as JSON), and every process listens, so
//! clients connected to any process hear every change.

use tokio::sync::broadcast;

use crate::core::model::approvals::ApprovalStatus;
use crate::core::model::history::PresenceEvent;

/// The PostgreSQL channel's name for a schema: one per schema, so deployments (and tests) that
/// share a database never hear each other.
pub fn channel_for(schema: &str) -> String {
    format!("tact_cursor_{schema}")
}

/// The PostgreSQL channel of presence changes for a schema.
pub fn presence_channel_for(schema: &str) -> String {
    format!("tact_presence_{schema}")
}

/// A member's presence on one of a team's comments changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresenceChanged {
    pub team_id: String,
    pub event: PresenceEvent,
}

/// A team's cursor moved to `seq`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CursorMoved {
    pub team_id: String,
    pub seq: i64,
}

/// An approval request was made or decided: the panel and the console refetch it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ApprovalChanged {
    pub team_id: String,
    pub approval_id: String,
    pub status: ApprovalStatus,
    /// Who asked: they hear about their own request; approvers hear about every request.
    pub requester_id: String,
}

/// A NOTIFY payload: the approval change, tagged so it is never read as a cursor move.
#[derive(serde::Serialize, serde::Deserialize)]
struct ApprovalNotice {
    approval: ApprovalChanged,
}

/// The process's hub of cursor moves and approval changes.
#[derive(Debug, Clone)]
pub struct EventHub {
    local: broadcast::Sender<CursorMoved>,
    approvals: broadcast::Sender<ApprovalChanged>,
    presence: broadcast::Sender<PresenceChanged>,
    /// The pool and channel name, on PostgreSQL.
    postgres: Option<(sqlx::PgPool, String)>,
    /// The presence channel's name, on PostgreSQL.
    presence_channel: Option<String>,
}

impl EventHub {
    /// A hub; with a PostgreSQL pool and schema, moves also go to the other processes.
    pub fn new(postgres: Option<(sqlx::PgPool, String)>) -> EventHub {
        let (local, _) = broadcast::channel(1024);
        let (approvals, _) = broadcast::channel(1024);
        let (presence, _) = broadcast::channel(1024);
        let presence_channel = postgres.as_ref().map(|(_, schema)| presence_channel_for(schema));
        EventHub {
            local,
            approvals,
            presence,
            postgres: postgres.map(|(pool, schema)| (pool, channel_for(&schema))),
            presence_channel,
        }
    }

    /// Tells every listener (here, and in other processes on PostgreSQL) that an approval changed.
    pub fn publish_approval(&self, changed: ApprovalChanged) {
        match &self.postgres {
            Some((pool, channel)) => {
                let (pool, channel) = (pool.clone(), channel.clone());
                let payload = serde_json::to_string(&ApprovalNotice { approval: changed }).unwrap_or_default();
                tokio::spawn(async move {
                    if let Err(error) =
                        sqlx::query("SELECT pg_notify($1, $2)").bind(&channel).bind(&payload).execute(&pool).await
                    {
                        tracing::warn!(%error, "could not notify other server processes of an approval");
                    }
                });
            }
            None => {
                let _ = self.approvals.send(changed);
            }
        }
    }

    pub fn subscribe_approvals(&self) -> broadcast::Receiver<ApprovalChanged> {
        self.approvals.subscribe()
    }

    /// Tells every listener (here, and in other processes on PostgreSQL) that a presence changed.
    pub fn publish_presence(&self, team_id: &str, event: &PresenceEvent) {
        let changed = PresenceChanged { team_id: team_id.to_owned(), event: event.clone() };
        match (&self.postgres, &self.presence_channel) {
            (Some((pool, _)), Some(channel)) => {
                let (pool, channel) = (pool.clone(), channel.clone());
                let Some(payload) = presence_payload(&changed) else {
                    return;
                };
                tokio::spawn(async move {
                    if let Err(error) =
                        sqlx::query("SELECT pg_notify($1, $2)").bind(&channel).bind(&payload).execute(&pool).await
                    {
                        tracing::warn!(%error, "could not tell other server processes of a presence");
                    }
                });
            }
            _ => self.deliver_presence(changed),
        }
    }

    /// Hands a presence change to this process's listeners.
    pub fn deliver_presence(&self, changed: PresenceChanged) {
        let _ = self.presence.send(changed);
    }

    pub fn subscribe_presence(&self) -> broadcast::Receiver<PresenceChanged> {
        self.presence.subscribe()
    }

    /// Tells every listener (here, and in other processes on PostgreSQL) that a cursor moved.
    pub fn publish(&self, team_id: &str, seq: i64) {
        match &self.postgres {
            // The listener task hears our own NOTIFY too and forwards it locally.
            Some((pool, channel)) => {
                let (pool, channel) = (pool.clone(), channel.clone());
                let payload = format!("{seq}:{team_id}");
                tokio::spawn(async move {
                    if let Err(error) =
                        sqlx::query("SELECT pg_notify($1, $2)").bind(&channel).bind(&payload).execute(&pool).await
                    {
                        tracing::warn!(%error, "could not notify other server processes");
                    }
                });
            }
            None => self.deliver(CursorMoved { team_id: team_id.to_owned(), seq }),
        }
    }

    /// Hands a move to this process's listeners.
    pub fn deliver(&self, moved: CursorMoved) {
        // No receiver is fine: nobody is listening.
        let _ = self.local.send(moved);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<CursorMoved> {
        self.local.subscribe()
    }

    /// On PostgreSQL, listens to every process's moves and delivers them here, reconnecting
    /// when the connection drops. Returns at once on SQLite.
    pub fn start_listening(&self) {
        let Some((pool, channel)) = self.postgres.clone() else {
            return;
        };
        let hub = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(error) = hub.listen(&pool, &channel).await {
                    tracing::warn!(%error, "lost the PostgreSQL event listener; reconnecting");
                }
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        });
    }

    async fn listen(&self, pool: &sqlx::PgPool, channel: &str) -> Result<(), sqlx::Error> {
        let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
        listener.listen(channel).await?;
        if let Some(presence) = &self.presence_channel {
            listener.listen(presence).await?;
        }
        loop {
            let notification = listener.recv().await?;
            let payload = notification.payload();
            if Some(notification.channel()) == self.presence_channel.as_deref() {
                if let Some(changed) = parse_presence(payload) {
                    self.deliver_presence(changed);
                }
            } else if payload.starts_with('{') {
                if let Ok(notice) = serde_json::from_str::<ApprovalNotice>(payload) {
                    let _ = self.approvals.send(notice.approval);
                }
            } else if let Some(moved) = parse(payload) {
                self.deliver(moved);
            }
        }
    }
}

fn parse(payload: &str) -> Option<CursorMoved> {
    let (seq, team_id) = payload.split_once(':')?;
    Some(CursorMoved { team_id: team_id.to_owned(), seq: seq.parse().ok()? })
}

/// A presence change as a NOTIFY payload: `team_id` then a newline then the event's JSON (team
/// ids hold no newline). `None` when it would pass PostgreSQL's 8,000-byte limit (never with
/// the capped fields; a dropped presence only delays a collision warning until the next refresh).
fn presence_payload(changed: &PresenceChanged) -> Option<String> {
    let payload = format!("{}\n{}", changed.team_id, serde_json::to_string(&changed.event).ok()?);
    (payload.len() < 8_000).then_some(payload)
}

fn parse_presence(payload: &str) -> Option<PresenceChanged> {
    let (team_id, event) = payload.split_once('\n')?;
    Some(PresenceChanged { team_id: team_id.to_owned(), event: serde_json::from_str(event).ok()? })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notification_reads_back_as_a_cursor_move() {
        assert_eq!(parse("42:team:with:colons"), Some(CursorMoved { team_id: "team:with:colons".into(), seq: 42 }));
        assert_eq!(parse("x:team"), None);
        assert_eq!(parse("nothing"), None);
    }

    #[test]
    fn a_presence_notification_reads_back_as_the_change() {
        use crate::core::model::history::PresenceState;
        let changed = PresenceChanged {
            team_id: "team:1".into(),
            event: PresenceEvent {
                permalink: "https://x.com/a/status/1".into(),
                member_id: "m1".into(),
                member_name: "Marie\nDupont".into(),
                state: PresenceState::Replying,
                since_ms: 1,
                expires_ms: 2,
                at_ms: 1,
            },
        };
        let payload = presence_payload(&changed).expect("small enough");
        assert_eq!(parse_presence(&payload), Some(changed));
        assert_eq!(parse_presence("no newline"), None);
        assert_eq!(parse("team\n{}"), None, "the cursor channel never mistakes one for a move");
    }
}
