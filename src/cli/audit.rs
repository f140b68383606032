//! `tact audit verify` and `tact audit export`: the audit log from the server's machine, straight
//! from the database, verified and exported by the same code as the API (`core::audit`).
//!
//! Exit status: 0 when every chain is intact (verify) or the export is written; 1 when a chain is
//! broken (the first bad entry is named); 2 when the command cannot run (no database, unknown
//! team, a bad date, a file that cannot be written).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use tact::core::audit::{ExportFormat, Period};
use tact::core::model::audit::ChainReport;
use tact::server::audit_export::{record_export, ExportCursor};
use tact::server::now_ms;
use tact::server::storage::{Storage, TeamRow};

/// What `tact audit verify` was asked.
pub struct VerifyRequest {
    pub db: String,
    /// A team id or name; every team when absent.
    pub team: Option<String>,
}

/// What `tact audit export` was asked.
pub struct ExportRequest {
    pub db: String,
    pub team: Option<String>,
    pub from: String,
    pub to: String,
    pub format: String,
    /// Standard output when absent.
    pub out: Option<PathBuf>,
}

pub fn verify(request: VerifyRequest) -> ExitCode {
    run(async move {
        let storage = Storage::open(&request.db).await.map_err(|error| error.to_string())?;
        let outcome = verify_teams(&storage, request.team.as_deref()).await;
        storage.close().await;
        outcome
    })
}

pub fn export(request: ExportRequest) -> ExitCode {
    run(async move {
        let period = Period::parse(&request.from, &request.to).map_err(|error| error.to_string())?;
        let format = ExportFormat::parse(&request.format)
            .ok_or_else(|| format!("unknown format {:?} (csv or json)", request.format))?;
        let storage = Storage::open(&request.db).await.map_err(|error| error.to_string())?;
        let outcome = export_team(&storage, &request, period, format).await;
        storage.close().await;
        outcome
    })
}

/// Runs a task on a fresh runtime; `Err` is printed and exits 2, `Ok(false)` exits 1.
fn run(task: impl std::future::Future<Output = Result<bool, String>>) -> ExitCode {
    let outcome = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime.block_on(task),
        Err(error) => Err(format!("cannot start the async runtime: {error}")),
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("tact audit: {message}");
            ExitCode::from(2)
        }
    }
}

async fn verify_teams(storage: &Storage, team: Option<&str>) -> Result<bool, String> {
    let teams = chosen_teams(storage, team, true).await?;
    if teams.is_empty() {
        println!("this database holds no team: nothing to verify");
    }
    let mut all_intact = true;
    for team in teams {
        let report = storage.verify_audit(&team.id).await.map_err(|error| error.to_string())?;
        println!("{}", describe(&team, &report));
        all_intact &= report.intact;
    }
    Ok(all_intact)
}

/// One line per team: intact with its head, or the first bad entry and why.
fn describe(team: &TeamRow, report: &ChainReport) -> String {
    let name = format!("team {:?} ({})", team.name, team.id);
    let start = if report.anchor_seq > 0 { format!(", kept from entry {}", report.anchor_seq + 1) } else { String::new() };
    match &report.problem {
        None => format!(
            "{name}: intact, {} {}{start}; head {} {}",
            report.entries,
            if report.entries == 1 { "entry" } else { "entries" },
            report.head_seq,
            report.head_hash
        ),
        Some(problem) => format!(
            "{name}: BROKEN at entry {} ({}): {}",
            problem.seq,
            problem.kind.as_str(),
            problem.detail
        ),
    }
}

async fn export_team(storage: &Storage, request: &ExportRequest, period: Period, format: ExportFormat) -> Result<bool, String> {
    let teams = chosen_teams(storage, request.team.as_deref(), false).await?;
    let [team] = teams.as_slice() else {
        return Err("this database holds several teams; say which with --team ID-or-NAME".to_owned());
    };
    let mut sink: Box<dyn Write> = match &request.out {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).map_err(|error| format!("cannot write {}: {error}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let now = now_ms();
    record_export(storage, &team.id, "system", period, format, "cli", now).await.map_err(|error| error.to_string())?;
    let mut cursor = ExportCursor::new(storage.clone(), &team.id, &team.name, period, format, now);
    while let Some(piece) = cursor.next_piece().await.map_err(|error| error.to_string())? {
        sink.write_all(piece.as_bytes()).map_err(|error| format!("cannot write the export: {error}"))?;
    }
    sink.flush().map_err(|error| format!("cannot write the export: {error}"))?;
    let target = request.out.as_ref().map_or("standard output".to_owned(), |path| path.display().to_string());
    eprintln!("exported {} entries of team {:?} to {target}", cursor.written, team.name);
    Ok(true)
}

/// The team named (by id, else by name), or every team when `all_by_default`.
async fn chosen_teams(storage: &Storage, wanted: Option<&str>, all_by_default: bool) -> Result<Vec<TeamRow>, String> {
    let teams = storage.teams().await.map_err(|error| error.to_string())?;
    match wanted {
        Some(wanted) => {
            let found = teams.iter().find(|team| team.id == wanted).or_else(|| teams.iter().find(|team| team.name == wanted));
            found.cloned().map(|team| vec![team]).ok_or_else(|| format!("no team has the id or name {wanted:?}"))
        }
        None if all_by_default || teams.len() == 1 => Ok(teams),
        None if teams.is_empty() => Err("this database holds no team".to_owned()),
        None => Ok(teams),
    }
}
