//! `tact check`: lint templates (`--template`), or check a draft reply against brand rules
//! (`--rules`).
//!
//! Exit status: 0 when nothing is wrong, 1 when a template has an error or the draft has a
//! blocking finding, 2 when the command itself cannot run (a file that cannot be read, a rule
//! file that does not load).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::io::Read;

use tact::core::guidelines::{format_findings_human, format_findings_json, has_blocking, Draft, Role, RuleSet};
use tact::core::model::{Lang, Network};
use tact::core::reply::character_limit;
use tact::core::template::{check, CheckOptions, Diagnostic, Severity};

/// What `tact check` was asked to do.
pub struct CheckRequest {
    pub templates: Vec<PathBuf>,
    /// A rule file (YAML or JSON) to check `text` against.
    pub rules: Option<PathBuf>,
    /// The draft: text, or `-` for standard input.
    pub text: Option<String>,
    pub role: Role,
    /// Snippets as `name=FILE`, usable as `{{> name}}`.
    pub snippets: Vec<String>,
    pub network: Option<Network>,
    pub lang: Lang,
    pub json: bool,
}

pub fn run(request: &CheckRequest) -> ExitCode {
    match &request.rules {
        Some(rules) => check_draft(request, rules),
        None if request.templates.is_empty() => usage_error("give --template FILE to lint templates, or --rules FILE and a text to check a draft"),
        None => check_templates(request),
    }
}

fn check_draft(request: &CheckRequest, rules: &Path) -> ExitCode {
    let source = match std::fs::read_to_string(rules) {
        Ok(source) => source,
        Err(error) => return usage_error(&format!("cannot read {}: {error}", rules.display())),
    };
    let loaded = if rules.extension().is_some_and(|extension| extension == "json") { RuleSet::from_json(&source) } else { RuleSet::from_yaml(&source) };
    let rule_set = match loaded {
        Ok(rule_set) => rule_set,
        Err(error) => return usage_error(&format!("{}: {error}", rules.display())),
    };
    let text = match draft_text(request.text.as_deref()) {
        Ok(text) => text,
        Err(message) => return usage_error(&message),
    };
    let findings = rule_set.check(&Draft::new(text.clone(), request.network, request.lang, request.role));
    if request.json {
        println!("{}", format_findings_json(&findings));
    } else if findings.is_empty() {
        println!("no findings");
    } else {
        print!("{}", format_findings_human(&findings, &text));
    }
    if has_blocking(&findings) { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// The draft from the command line, or from standard input for `-` or nothing.
fn draft_text(text: Option<&str>) -> Result<String, String> {
    match text {
        Some(text) if text != "-" => Ok(text.to_owned()),
        _ => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).map_err(|error| format!("cannot read the draft from standard input: {error}"))?;
            Ok(text.trim_end_matches('\n').to_owned())
        }
    }
}

fn check_templates(request: &CheckRequest) -> ExitCode {
    let options = match options_for(request) {
        Ok(options) => options,
        Err(message) => return usage_error(&message),
    };
    let mut any_error = false;
    let mut reports = Vec::new();
    for path in &request.templates {
        let source = match std::fs::read_to_string(path) {
            Ok(source) => source,
            Err(error) => return usage_error(&format!("cannot read {}: {error}", path.display())),
        };
        let diagnostics = check(&source, &options);
        any_error |= diagnostics.iter().any(|diagnostic| diagnostic.severity == Severity::Error);
        reports.push((path.clone(), diagnostics));
    }
    if request.json {
        print_json(&reports);
    } else {
        print_human(&reports, request.lang);
    }
    if any_error { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn options_for(request: &CheckRequest) -> Result<CheckOptions, String> {
    let mut partial_sources = HashMap::new();
    for snippet in &request.snippets {
        let (name, file) = snippet.split_once('=').ok_or_else(|| format!("--snippet takes NAME=FILE, got {snippet:?}"))?;
        let body = std::fs::read_to_string(file).map_err(|error| format!("cannot read snippet {file}: {error}"))?;
        partial_sources.insert(name.trim().to_owned(), body);
    }
    Ok(CheckOptions {
        known_partials: partial_sources.keys().cloned().collect::<BTreeSet<_>>(),
        partial_sources,
        max_chars: request.network.map(character_limit),
        lang: request.lang,
        ..CheckOptions::default()
    })
}

fn print_human(reports: &[(PathBuf, Vec<Diagnostic>)], lang: Lang) {
    for (path, diagnostics) in reports {
        if diagnostics.is_empty() {
            println!("{}: ok", path.display());
        }
        for diagnostic in diagnostics {
            println!("{}", human_line(path, diagnostic, lang));
        }
    }
}

/// `file:line:column: error[code]: message`, the shape editors and terminals link to.
fn human_line(path: &Path, diagnostic: &Diagnostic, lang: Lang) -> String {
    let severity = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let message = if lang == Lang::Fr { &diagnostic.message_fr } else { &diagnostic.message };
    format!("{}:{}:{}: {severity}[{}]: {message}", path.display(), diagnostic.line, diagnostic.column, diagnostic.code)
}

fn print_json(reports: &[(PathBuf, Vec<Diagnostic>)]) {
    let files: Vec<serde_json::Value> = reports
        .iter()
        .map(|(path, diagnostics)| serde_json::json!({ "file": path.display().to_string(), "diagnostics": diagnostics }))
        .collect();
    println!("{}", serde_json::to_string_pretty(&files).unwrap_or_default());
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("tact check: {message}");
    ExitCode::from(2)
}
