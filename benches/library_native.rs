//! Search as you type over 10,000 templates, natively: per-keystroke latency, p50 and p99.
//!
//! Run: `cargo bench --bench library_native` (the wasm benchmark uses the same data through
//! `tact::core::library::bench_support::synthetic_templates`).

use std::time::{Duration, Instant};

use tact::core::library::bench_support::synthetic_templates;
use tact::core::library::{Lang, Network, Query, SearchIndex};

const TEMPLATES: usize = 10_000;
const ROUNDS: usize = 30;
/// Each keystroke is also timed this many times in a row and the median kept: on a shared
/// machine a single timing often includes the scheduler running something else.
const REPEATS: usize = 5;

/// What people type, letter by letter: whole words, typos, accents left out, both languages.
const TYPED: &[(&str, Option<Lang>, Option<Network>)] = &[
    ("remboursement commande", Some(Lang::Fr), None),
    ("merci pour votre patience", Some(Lang::Fr), Some(Network::X)),
    ("reponse equipe", Some(Lang::Fr), None),
    ("refnud delay", Some(Lang::En), None),
    ("sorry for the delay", Some(Lang::En), Some(Network::X)),
    ("tracking number parcel", Some(Lang::En), None),
    ("livriason", None, None),
];

fn main() {
    let started = Instant::now();
    let templates = synthetic_templates(TEMPLATES);
    let generated = started.elapsed();
    let started = Instant::now();
    let index = SearchIndex::build(&templates);
    let built = started.elapsed();
    println!("{TEMPLATES} templates: generated in {generated:.1?}, index built in {built:.1?}");

    let mut raw = Vec::new();
    let mut steady = Vec::new();
    let mut results = 0usize;
    let mut slowest = (Duration::ZERO, String::new());
    for _ in 0..ROUNDS {
        for &(text, lang, network) in TYPED {
            for end in keystrokes(text) {
                let query = Query {
                    text: text[..end].to_owned(),
                    lang,
                    network,
                    now_ms: 1_700_000_000_000,
                    limit: 20,
                };
                let mut runs = [Duration::ZERO; REPEATS];
                for run in runs.iter_mut() {
                    let started = Instant::now();
                    let hits = index.search(&query);
                    *run = started.elapsed();
                    results += hits.len();
                }
                raw.push(runs[0]);
                runs.sort_unstable();
                let median = runs[REPEATS / 2];
                if median > slowest.0 {
                    slowest = (median, query.text.clone());
                }
                steady.push(median);
            }
        }
    }
    report("per keystroke, single timing", &mut raw);
    report("per keystroke, median of 5 ", &mut steady);
    println!("slowest keystroke (median): {:?} for {:?}", slowest.0, slowest.1);
    println!("({results} results in total, so the work is not optimised away)");
}

/// Byte offsets after each character: the query as it grows, one keystroke at a time.
fn keystrokes(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.char_indices().map(|(i, c)| i + c.len_utf8())
}

fn report(label: &str, timings: &mut [Duration]) {
    timings.sort_unstable();
    let at = |q: f64| timings[((timings.len() - 1) as f64 * q).round() as usize];
    println!(
        "{label}: {} queries, p50 {:.1?}, p90 {:.1?}, p99 {:.1?}, max {:.1?}",
        timings.len(),
        at(0.50),
        at(0.90),
        at(0.99),
        at(1.0)
    );
}
