//! The `tact` command: the team server and the tasks around it.

mod cli;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use tracing_subscriber::EnvFilter;

use tact::core::guidelines::Role;
use tact::core::model::{Lang, Network};
use tact::server::{serve, ServeConfig};

#[derive(Parser)]
#[command(name = "tact", version, about = "Tact: the team server for community managers")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the team server.
    Serve {
        /// Address to listen on (port 0 picks a free port, printed at start).
        #[arg(long, env = "TACT_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Database: sqlite://PATH (created if missing) or postgres://USER@HOST/DB.
        #[arg(long, env = "TACT_DB", default_value = "sqlite://./tact-data/tact.db")]
        db: String,
        /// Create the demo team if it does not exist.
        #[arg(long)]
        demo: bool,
        /// Log format.
        #[arg(long, value_enum, default_value_t = LogFormat::Human)]
        log_format: LogFormat,
    },
    /// Administration tasks run on the server's machine.
    Admin {
        #[command(subcommand)]
        task: AdminTask,
    },
    /// The audit log: verify its hash chain, export it for compliance.
    Audit {
        #[command(subcommand)]
        task: AuditTask,
    },
    /// Check reply templates (--template), or a draft reply against brand rules (--rules).
    /// Exit status 1 when a template has an error or the draft a blocking finding.
    Check {
        /// Template files to check (Mustache, see the README).
        #[arg(long = "template", value_name = "FILE")]
        templates: Vec<PathBuf>,
        /// A rule file (YAML, or JSON when named *.json) to check the draft against.
        #[arg(long, value_name = "FILE", conflicts_with = "templates")]
        rules: Option<PathBuf>,
        /// Who writes the draft (rules can be scoped to roles).
        #[arg(long, default_value = "agent", value_parser = parse_role)]
        role: Role,
        /// The draft to check with --rules; `-` or nothing reads standard input.
        #[arg(value_name = "TEXT")]
        text: Option<String>,
        /// A team snippet usable as {{> NAME}}, as NAME=FILE (repeatable).
        #[arg(long = "snippet", value_name = "NAME=FILE")]
        snippets: Vec<String>,
        /// Check the length against this network's limit.
        #[arg(long, value_parser = parse_network)]
        network: Option<Network>,
        /// Language of the messages and of the sample comment (en or fr).
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
        /// Print the findings as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum AdminTask {
    /// Create a team and its owner. The password comes from TACT_OWNER_PASSWORD, or is
    /// generated and printed once.
    CreateTeam {
        /// The team's name.
        #[arg(long)]
        name: String,
        /// The owner's e-mail (their sign-in).
        #[arg(long)]
        owner_email: String,
        /// The owner's display name.
        #[arg(long)]
        owner_name: String,
        /// Database: sqlite://PATH or postgres://USER@HOST/DB.
        #[arg(long, env = "TACT_DB", default_value = "sqlite://./tact-data/tact.db")]
        db: String,
    },
}

#[derive(Subcommand)]
enum AuditTask {
    /// Check every entry of the audit log against its hash chain. Prints each team's state and
    /// names the first bad entry; exit status 1 when a chain is broken.
    Verify {
        /// Database: sqlite://PATH or postgres://USER@HOST/DB.
        #[arg(long, env = "TACT_DB", default_value = "sqlite://./tact-data/tact.db")]
        db: String,
        /// Only this team (its id or name); every team by default.
        #[arg(long)]
        team: Option<String>,
    },
    /// Export the entries of a period (UTC days, both included) as CSV or JSON. The export is
    /// itself recorded in the audit log.
    Export {
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        to: String,
        /// csv or json.
        #[arg(long, default_value = "csv")]
        format: String,
        /// The team (id or name); needed when the database holds several.
        #[arg(long)]
        team: Option<String>,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Database: sqlite://PATH or postgres://USER@HOST/DB.
        #[arg(long, env = "TACT_DB", default_value = "sqlite://./tact-data/tact.db")]
        db: String,
    },
}

fn parse_network(value: &str) -> Result<Network, String> {
    Network::from_platform(value)
        .ok_or_else(|| format!("unknown network {value:?} (x, linkedin, facebook, instagram, youtube, reddit, tiktok)"))
}

fn parse_role(value: &str) -> Result<Role, String> {
    Role::parse(&value.to_ascii_lowercase())
        .ok_or_else(|| format!("unknown role {value:?} (owner, manager, agent or intern)"))
}

fn parse_lang(value: &str) -> Result<Lang, String> {
    Lang::from_tag(value).ok_or_else(|| format!("unknown language {value:?} (en or fr)"))
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    Human,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve { listen, db, demo, log_format } => {
            init_logs(log_format);
            run_server(ServeConfig { listen, database_url: db, demo })
        }
        Command::Admin { task } => {
            init_logs(LogFormat::Human);
            run_admin(task)
        }
        Command::Audit { task: AuditTask::Verify { db, team } } => {
            init_logs_quiet();
            cli::audit::verify(cli::audit::VerifyRequest { db, team })
        }
        Command::Audit { task: AuditTask::Export { from, to, format, team, out, db } } => {
            init_logs_quiet();
            cli::audit::export(cli::audit::ExportRequest { db, team, from, to, format, out })
        }
        Command::Check { templates, rules, role, text, snippets, network, lang, json } => {
            cli::check::run(&cli::check::CheckRequest { templates, rules, text, role, snippets, network, lang, json })
        }
    }
}

fn run_server(config: ServeConfig) -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("tact: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let message = describe(&error);
            tracing::error!("{message}");
            eprintln!("tact serve: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run_admin(task: AdminTask) -> ExitCode {
    let AdminTask::CreateTeam { name, owner_email, owner_name, db } = task;
    let (password, generated) = match std::env::var("TACT_OWNER_PASSWORD") {
        Ok(password) if !password.is_empty() => (password, false),
        _ => (tact::server::auth::token::new_token().trim_start_matches("tact_").chars().take(24).collect(), true),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("tact: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let created = runtime.block_on(async {
        let storage = tact::server::storage::Storage::open(&db).await?;
        let team = tact::server::accounts::create_team(&storage, &name, &owner_email, &owner_name, &password).await;
        storage.close().await;
        anyhow::Ok(team?)
    });
    match created {
        Ok(team) => {
            println!(
                "created team \"{}\" (id {}) with owner {}",
                team.name,
                team.id,
                owner_email.trim().to_lowercase()
            );
            if generated {
                println!("owner password (shown once): {password}");
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("tact admin create-team: {}", describe(&error));
            ExitCode::FAILURE
        }
    }
}

/// An error and its causes on one line, each cause once: many errors already quote their
/// source in their own message, so the plain chain would repeat it.
fn describe(error: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if !message.contains(&text) {
            if !message.is_empty() {
                message.push_str(": ");
            }
            message.push_str(&text);
        }
    }
    message
}

/// Warnings and errors only, on standard error: the audit commands' output is their report.
fn init_logs_quiet() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn,sqlx=warn"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
}

fn init_logs(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let colours = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(colours);
    match format {
        LogFormat::Human => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("could not open the database: {0}")]
    struct Quoting(#[source] std::io::Error);

    #[test]
    fn an_error_chain_names_each_cause_once() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "connection refused");
        let error = anyhow::Error::new(Quoting(io)).context("tact serve could not start");
        assert_eq!(describe(&error), "tact serve could not start: could not open the database: connection refused");
    }
}
