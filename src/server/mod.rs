//! `tact serve`: the team backend.
//!
//! - [`http`]: routes and layers; [`api`]: the handlers (thin, over typed inputs);
//! - [`auth`]: passwords, session tokens, the sign-in limiter, the bearer extractor;
//! - [`storage`]: SQLite and PostgreSQL behind one API, with migrations for both;
//! - [`events`] and [`live`]: cursor moves, fanned out across processes, and their SSE stream;
//! - [`accounts`]: teams made from the command line, and the demo team;
//! - [`error`]: the API's one error shape;
//! - [`demo`]: the embedded demo pages.
//!
//! The server decides every permission (with `core::policy`); it never trusts a client for
//! authorisation.

pub mod accounts;
pub mod api;
pub mod auth;
pub mod demo;
pub mod error;
pub mod events;
pub mod http;
pub mod live;
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
    let state = http::AppState::new(storage.clone());
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|error| anyhow::anyhow!("cannot listen on {}: {error}", config.listen))?;
    let address = listener.local_addr()?;
    // One line on stdout, read by people and by the e2e suite.
    println!("tact serve listening on http://{address}");
    let app = http::router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await?;
    tracing::info!("stopped accepting requests; closing the database");
    storage.close().await;
    tracing::info!("tact serve stopped cleanly");
    Ok(())
}

/// The demo team of `./build.sh run` and its four accounts, created once and printed.
async fn seed_demo_team(storage: &Storage) -> anyhow::Result<()> {
    accounts::seed_demo_team(storage).await?;
    println!("demo team \"{}\", password \"{}\" for every account:", accounts::DEMO_TEAM, accounts::DEMO_PASSWORD);
    for (email, _, role) in accounts::DEMO_ACCOUNTS {
        println!("  {:<8} {email}", role.as_str());
    }
    Ok(())
}

/// Milliseconds since the Unix epoch: the server's clock (the core never reads one).
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
