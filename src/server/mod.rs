//! `tact serve`: the team backend.
//!
//! - [`http`]: routes and layers (thin handlers over typed inputs);
//! - [`storage`]: SQLite and PostgreSQL behind one API, with migrations for both;
//! - [`error`]: the API's one error shape;
//! - [`demo`]: the embedded demo pages.
//!
//! The server decides every permission; it never trusts a client for authorisation.

pub mod demo;
pub mod error;
pub mod http;
pub mod storage;

use std::net::SocketAddr;

use tokio::net::TcpListener;

use storage::Storage;

/// How `tact serve` runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub listen: SocketAddr,
    pub database_url: String,
    /// Seed a demo team when absent (`./build.sh run`).
    pub demo: bool,
}

/// Opens the database, binds, prints the address, and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    let storage = Storage::open(&config.database_url).await?;
    tracing::info!(database = ?storage.kind(), "database ready, migrations applied");
    if config.demo {
        seed_demo_team(&storage).await?;
    }
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|error| anyhow::anyhow!("cannot listen on {}: {error}", config.listen))?;
    let address = listener.local_addr()?;
    // One line on stdout, read by people and by the e2e suite.
    println!("tact serve listening on http://{address}");
    let app = http::router(http::AppState { storage: storage.clone() });
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await?;
    tracing::info!("stopped accepting requests; closing the database");
    storage.close().await;
    tracing::info!("tact serve stopped cleanly");
    Ok(())
}

/// The demo team of `./build.sh run`, created once.
async fn seed_demo_team(storage: &Storage) -> anyhow::Result<()> {
    const DEMO_TEAM: &str = "Demo Brand";
    if storage.team_by_name(DEMO_TEAM).await?.is_none() {
        storage.create_team("demo-team", DEMO_TEAM, now_ms()).await?;
        tracing::info!("created the demo team");
    }
    Ok(())
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or_default()
}

/// Resolves on Ctrl-C or SIGTERM, whichever comes first.
async fn shutdown_signal() {
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
