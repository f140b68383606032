//! Cursor moves, told to open clients: every applied push publishes (team, cursor) here, and the
//! live channel (`GET /api/v1/events`) forwards its own team's moves.
//!
//! Within one process a broadcast channel carries them. With PostgreSQL, a publish also sends a
//! `NOTIFY`, and every process listens, so clients connected to any process hear every change.

use tokio::sync::broadcast;

/// The channel's PostgreSQL name.
pub const CHANNEL: &str = "tact_cursor";

/// A team's cursor moved to `seq`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CursorMoved {
    pub team_id: String,
    pub seq: i64,
}

/// The process's hub of cursor moves.
#[derive(Debug, Clone)]
pub struct EventHub {
    local: broadcast::Sender<CursorMoved>,
    postgres: Option<sqlx::PgPool>,
}

impl EventHub {
    /// A hub; with a PostgreSQL pool, moves also go to the other processes.
    pub fn new(postgres: Option<sqlx::PgPool>) -> EventHub {
        let (local, _) = broadcast::channel(1024);
        EventHub { local, postgres }
    }

    /// Tells every listener (here, and in other processes on PostgreSQL) that a cursor moved.
    pub fn publish(&self, team_id: &str, seq: i64) {
        match &self.postgres {
            // The listener task hears our own NOTIFY too and forwards it locally.
            Some(pool) => {
                let pool = pool.clone();
                let payload = format!("{seq}:{team_id}");
                tokio::spawn(async move {
                    if let Err(error) = sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(&payload).execute(&pool).await {
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
        let Some(pool) = self.postgres.clone() else {
            return;
        };
        let hub = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(error) = hub.listen(&pool).await {
                    tracing::warn!(%error, "lost the PostgreSQL event listener; reconnecting");
                }
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        });
    }

    async fn listen(&self, pool: &sqlx::PgPool) -> Result<(), sqlx::Error> {
        let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
        listener.listen(CHANNEL).await?;
        loop {
            let notification = listener.recv().await?;
            if let Some(moved) = parse(notification.payload()) {
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
