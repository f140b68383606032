//! `tact serve`: the team backend.
//!
//! - [`http`]: routes and layers; [`api`]: the handlers (thin, over typed inputs);
//! - [`auth`]: passwords, session tokens, the sign-in limiter, the bearer extractor;
//! - [`storage`]: SQLite and PostgreSQL behind one API, with migrations for both;
//! - [`events`] and [`live`]: cursor moves, fanned out across processes, and their SSE stream;
//! - [`accounts`]: teams made from the command line, and the demo team;
//! - [`error`]: the API's one error shape;
//! - [`demo`]: the embedded demo pages;
//! - [`shutdown`]: the signals that stop the server, and the notice long-lived responses hear;
//! - [`housekeeping`]: ended sessions and invites deleted hourly, audit entries past retention purged;
//! - [`audit_export`]: audit exports produced a piece at a time, for the API and the CLI.
//!
//! The server decides every permission (with `core::policy`); it never trusts a client for
//! authorisation.

pub mod accounts;
pub mod api;
pub mod audit_export;
pub mod auth;
pub mod demo;
pub mod error;
pub mod events;
pub mod housekeeping;
pub mod http;
pub mod live;
pub mod shutdown;
pub mod storage;

use std::future::IntoFuture;
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
    tracing::info!(database = storage.kind().as_str(), "database ready, migrations applied");
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
    let stop = state.shutdown.clone();
    let housekeeping = housekeeping::start(storage.clone(), stop.clone());
    let app = http::router(state).into_make_service_with_connect_info::<SocketAddr>();
    let server = axum::serve(listener, app).with_graceful_shutdown(stop.clone().stopping()).into_future();
    tokio::pin!(server);
    let served = tokio::select! {
        served = &mut server => Some(served),
        () = stop_then_wait(&stop) => None,
    };
    if served.is_none() {
        tracing::warn!("requests still running; stopping without them");
    }
    tracing::info!("stopped accepting requests; closing the database");
    stop.begin(); // Begun already by a signal; not when the server failed.
    let _ = housekeeping.await;
    if tokio::time::timeout(shutdown::DRAIN_LIMIT, storage.close()).await.is_err() {
        tracing::warn!("the database connections did not close in time; stopping anyway");
    }
    if let Some(Err(error)) = served {
        return Err(anyhow::anyhow!("the server stopped on an error: {error}"));
    }
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

/// Waits for Ctrl-C or SIGTERM, tells the server to stop, then gives in-flight requests
/// [`shutdown::DRAIN_LIMIT`] to finish; resolves only if they did not, or at a second signal
/// (a person pressing Ctrl-C again does not want to wait).
async fn stop_then_wait(stop: &shutdown::Shutdown) {
    shutdown::os_signal().await;
    stop.begin();
    tokio::select! {
        () = tokio::time::sleep(shutdown::DRAIN_LIMIT) => {}
        () = shutdown::os_signal() => tracing::warn!("second signal: stopping now"),
    }
}
