//! Guideline check of a 2,000-character draft against 1,000 rules, natively: p50 and p99.
//!
//! Run: `cargo bench --bench guidelines_native` (the wasm benchmark uses the same data through
//! `tact::core::guidelines::bench_support`).

use std::time::{Duration, Instant};

use tact::core::guidelines::bench_support::{synthetic_draft, synthetic_rule_file, synthetic_rule_set};
use tact::core::guidelines::{
    parse_rule_file_json, starter_json, starter_names, Draft, Role, RuleFile, RuleKind, RuleSet,
};
use tact::core::model::{Lang, Network};

const RULES: usize = 1_000;
const DRAFT_CHARS: usize = 2_000;
const WARM_UP: usize = 200;
const ITERATIONS: usize = 5_000;

fn main() {
    let started = Instant::now();
    let rules = synthetic_rule_set(RULES);
    println!("{} rules compiled in {:.1?}", rules.len(), started.elapsed());

    let text = synthetic_draft(DRAFT_CHARS);
    let drafts = [
        Draft::new(text.clone(), Some(Network::X), Lang::Fr, Role::Agent),
        Draft::new(text.clone(), Some(Network::Facebook), Lang::En, Role::Intern),
        Draft::new(text, None, Lang::Fr, Role::Manager),
    ];
    let mut findings = 0usize;
    for draft in &drafts {
        for _ in 0..WARM_UP {
            findings += rules.check(draft).len();
        }
    }
    let mut times = Vec::with_capacity(ITERATIONS * drafts.len());
    for i in 0..ITERATIONS {
        let draft = &drafts[i % drafts.len()];
        let started = Instant::now();
        let found = rules.check(draft);
        times.push(started.elapsed());
        findings += found.len();
    }
    times.sort_unstable();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q) as usize];
    println!(
        "check, {DRAFT_CHARS} chars x {RULES} rules, {ITERATIONS} runs: p50 {} p99 {} max {} ({} findings per check on average)",
        micros(at(0.50)),
        micros(at(0.99)),
        micros(at(1.0)),
        findings / (ITERATIONS + WARM_UP * drafts.len()),
    );
    breakdown(&drafts);
    starters(&drafts);
}

/// The six starter sets together (their patterns have no leading word, so they scan the whole
/// draft): what a team that enables them all pays per check.
fn starters(drafts: &[Draft]) {
    let mut file = RuleFile { version: Some(1), name: None, description: None, rules: Vec::new() };
    for name in starter_names() {
        if let Some(Ok(starter)) = starter_json(name).map(parse_rule_file_json) {
            file.rules.extend(starter.rules);
        }
    }
    let Ok(rules) = RuleSet::compile(&file, None) else { return };
    let mut times: Vec<Duration> = (0..3_000)
        .map(|i| {
            let started = Instant::now();
            let _ = rules.check(&drafts[i % drafts.len()]);
            started.elapsed()
        })
        .collect();
    times.sort_unstable();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q) as usize];
    println!("  {} starter rules (all six sets): p50 {} p99 {}", rules.len(), micros(at(0.5)), micros(at(0.99)));
}

/// The same check with only the rules of one kind, to see where the time goes.
fn breakdown(drafts: &[Draft]) {
    let file = synthetic_rule_file(RULES);
    let kinds = [
        RuleKind::Forbidden,
        RuleKind::Preferred,
        RuleKind::Competitor,
        RuleKind::Pattern,
        RuleKind::Required,
        RuleKind::PersonalData,
        RuleKind::Links,
        RuleKind::Length,
        RuleKind::Shouting,
    ];
    for kind in kinds {
        let only = RuleFile { rules: file.rules.iter().filter(|r| r.kind == kind).cloned().collect(), ..file.clone() };
        let Ok(rules) = RuleSet::compile(&only, None) else { continue };
        let mut times: Vec<Duration> = (0..1_000)
            .map(|i| {
                let started = Instant::now();
                let _ = rules.check(&drafts[i % drafts.len()]);
                started.elapsed()
            })
            .collect();
        times.sort_unstable();
        println!("  {:>4} {kind:?} rules alone: p50 {}", rules.len(), micros(times[times.len() / 2]));
    }
}

fn micros(duration: Duration) -> String {
    format!("{:.1} µs", duration.as_secs_f64() * 1e6)
}
