//! Housekeeping: sessions and invites that ended (expired, revoked, used) are deleted once they
//! are a week old, at start and then every hour, so those tables hold what can still be used
//! plus a short tail for troubleshooting, however many sign-ins the team makes. In the same
//! pass, each team's audit entries older than its retention (never under three years) are
//! purged, leaving an anchor so the rest still verifies; mention history past each team's
//! retention is purged (with authors left without a mention, their tags and notes), and expired
//! presence entries.

use std::time::Duration;

use tokio::task::JoinHandle;

use super::now_ms;
use super::shutdown::Shutdown;
use super::storage::Storage;

/// How often ended rows are looked for.
pub const EVERY: Duration = Duration::from_secs(60 * 60);
/// How long an ended session or invite is kept: 7 days.
pub const KEEP_ENDED_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// Runs housekeeping now and every [`EVERY`] until the server stops.
pub fn start(storage: Storage, shutdown: Shutdown) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let stopping = shutdown.stopping();
        tokio::pin!(stopping);
        loop {
            tokio::select! {
                () = &mut stopping => return,
                _ = ticks.tick() => purge(&storage).await,
            }
        }
    })
}

async fn purge(storage: &Storage) {
    match storage.purge_ended(now_ms() - KEEP_ENDED_MS).await {
        Ok(0) => {}
        Ok(deleted) => tracing::info!(deleted, "housekeeping: ended sessions and invites deleted"),
        Err(error) => tracing::warn!(%error, "housekeeping failed; will try again in an hour"),
    }
    purge_history(storage).await;
    purge_audit(storage).await;
}

async fn purge_history(storage: &Storage) {
    match storage.purge_history(None, now_ms()).await {
        Ok(purged) if purged.mentions + purged.authors == 0 => {}
        Ok(purged) => {
            tracing::info!(purged.mentions, purged.authors, "housekeeping: history past its retention purged")
        }
        Err(error) => tracing::warn!(%error, "history purge failed; will try again in an hour"),
    }
}

async fn purge_audit(storage: &Storage) {
    let teams = match storage.teams().await {
        Ok(teams) => teams,
        Err(error) => return tracing::warn!(%error, "audit retention: could not list teams; will try again in an hour"),
    };
    for team in teams {
        match storage.purge_expired_audit(&team.id, now_ms()).await {
            Ok(0) => {}
            Ok(purged) => tracing::info!(team = %team.id, purged, "audit entries past retention purged"),
            Err(error) => tracing::warn!(team = %team.id, %error, "audit retention failed; will try again in an hour"),
        }
    }
}
