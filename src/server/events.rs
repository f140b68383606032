//! Cursor moves and approval changes, told to open clients: every applied push publishes (team,
//! cursor) here, every approval request or decision publishes (team, approval, status), and the
//! live channel (`GET /api/v1/events`) forwards its own team's events to those allowed to see them.
//!
//! Within one process broadcast channels carry them. With PostgreSQL, a publish also sends a
//! `NOTIFY` (cursor moves as `seq:team`, approval changes as JSON), and every process listens, so
//! clients connected to any process hear every change.

use tokio::sync::broadcast;

use crate::core::model::approvals::ApprovalStatus;

/// The PostgreSQL channel's name for a schema: one per schema, so deployments (and tests) that
/// share a database never hear each other.
pub fn channel_for(schema: &str) -> String {
    format!("tact_cursor_{schema}")
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
    /// The pool and channel name, on PostgreSQL.
    postgres: Option<(sqlx::PgPool, String)>,
}

impl EventHub {
    /// A hub; with a PostgreSQL pool and schema, moves also go to the other processes.
    pub fn new(postgres: Option<(sqlx::PgPool, String)>) -> EventHub {
        let (local, _) = broadcast::channel(1024);
        let (approvals, _) = broadcast::channel(1024);
        EventHub { local, approvals, postgres: postgres.map(|(pool, schema)| (pool, channel_for(&schema))) }
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
        loop {
            let notification = listener.recv().await?;
            let payload = notification.payload();
            if payload.starts_with('{') {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notification_reads_back_as_a_cursor_move() {
        assert_eq!(parse("42:team:with:colons"), Some(CursorMoved { team_id: "team:with:colons".into(), seq: 42 }));
        assert_eq!(parse("x:team"), None);
        assert_eq!(parse("nothing"), None);
    }
}
