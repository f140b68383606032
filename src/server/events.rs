//! Cursor moves, told to open clients: every applied push publishes (team, cursor) here, and the
//! live channel (`GET /api/v1/events`) forwards its own team's moves.
//!
//! Within one process a broadcast channel carries them. With PostgreSQL, a publish also sends a
//! `NOTIFY`, and every process listens, so clients connected to any process hear every change.

use tokio::sync::broadcast;

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

/// The process's hub of cursor moves.
#[derive(Debug, Clone)]
pub struct EventHub {
    local: broadcast::Sender<CursorMoved>,
    /// The pool and channel name, on PostgreSQL.
    postgres: Option<(sqlx::PgPool, String)>,
}

impl EventHub {
    /// A hub; with a PostgreSQL pool and schema, moves also go to the other processes.
    pub fn new(postgres: Option<(sqlx::PgPool, String)>) -> EventHub {
        let (local, _) = broadcast::channel(1024);
        EventHub { local, postgres: postgres.map(|(pool, schema)| (pool, channel_for(&schema))) }
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
