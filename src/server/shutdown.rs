//! Stopping cleanly: the operating system's signals (Ctrl-C, SIGTERM), and the notice that
//! long-lived responses hear so they end too.
//!
//! A graceful stop waits for every open response to finish. The live channel's event streams
//! never finish on their own, so without this notice one open extension would keep `tact serve`
//! from ever stopping. Ordinary requests are given [`DRAIN_LIMIT`] to finish; past that the
//! server stops anyway, so a stuck client cannot hold a restart hostage.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

/// How long in-flight requests may take to finish once a stop is asked for.
pub const DRAIN_LIMIT: Duration = Duration::from_secs(10);

/// The server-wide "we are stopping" notice; clones share it.
#[derive(Debug, Clone)]
pub struct Shutdown {
    stopping: Arc<watch::Sender<bool>>,
}

impl Default for Shutdown {
    fn default() -> Shutdown {
        Shutdown::new()
    }
}

impl Shutdown {
    pub fn new() -> Shutdown {
        let (stopping, _) = watch::channel(false);
        Shutdown { stopping: Arc::new(stopping) }
    }

    /// Tells every listener the server is stopping (idempotent).
    pub fn begin(&self) {
        self.stopping.send_replace(true);
    }

    pub fn is_stopping(&self) -> bool {
        *self.stopping.borrow()
    }

    /// Resolves once [`Shutdown::begin`] has been called (at once if it already was).
    pub async fn stopping(self) {
        let mut receiver = self.stopping.subscribe();
        // An error means every sender is gone, which cannot happen while `self` holds one.
        let _ = receiver.wait_for(|stopping| *stopping).await;
    }
}

/// Resolves on Ctrl-C or SIGTERM, whichever comes first.
pub async fn os_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_clone_hears_the_stop_even_after_it_was_given() {
        let shutdown = Shutdown::new();
        let waiting = tokio::spawn(shutdown.clone().stopping());
        assert!(!shutdown.is_stopping());
        shutdown.begin();
        assert!(tokio::time::timeout(Duration::from_secs(1), waiting).await.is_ok(), "a waiting clone hears it");
        assert!(
            tokio::time::timeout(Duration::from_secs(1), shutdown.clone().stopping()).await.is_ok(),
            "a late clone hears it at once"
        );
    }
}
