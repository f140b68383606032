//! Benchmarks run in Chromium (`./build.sh bench`), built only with the `bench` feature so the
//! shipped wasm carries none of this. Each returns one timing per operation, in milliseconds,
//! measured inside wasm with `performance.now()`.

use wasm_bindgen::prelude::*;

use crate::core::library::bench_support::synthetic_templates;
use crate::core::library::{Lang, Network, Query, SearchIndex};
use crate::core::model::Settings;
use crate::core::reply::{compose, ReplyInputs};

fn now() -> f64 {
    web_sys::window().and_then(|window| window.performance()).map_or(0.0, |performance| performance.now())
}

/// What a community manager types, letter by letter (the native benchmark types the same).
const TYPED: &[(&str, Option<Lang>, Option<Network>)] = &[
    ("remboursement commande", Some(Lang::Fr), None),
    ("merci pour votre patience", Some(Lang::Fr), Some(Network::X)),
    ("reponse equipe", Some(Lang::Fr), None),
    ("refnud delay", Some(Lang::En), None),
    ("sorry for the delay", Some(Lang::En), Some(Network::X)),
    ("tracking number parcel", Some(Lang::En), None),
    ("livriason", None, None),
];

/// Search as you type over `templates` synthetic templates, `rounds` times over the phrases:
/// one timing per keystroke. The first element is the index build time.
#[wasm_bindgen]
pub fn bench_search(templates: usize, rounds: usize) -> Vec<f64> {
    let library = synthetic_templates(templates);
    let started = now();
    let index = SearchIndex::build(&library);
    let mut timings = vec![now() - started];
    for _ in 0..rounds {
        for &(text, lang, network) in TYPED {
            for (end, _) in text.char_indices().skip(1).chain([(text.len(), ' ')]) {
                let query = Query { text: text[..end].to_owned(), lang, network, now_ms: 1_700_000_000_000, limit: 20 };
                let started = now();
                let hits = index.search(&query);
                timings.push(now() - started);
                std::hint::black_box(hits);
            }
        }
    }
    timings
}

/// Renders the best variant of each of `count` synthetic templates for a comment (the
/// preview's work per selection change): one timing per render.
#[wasm_bindgen]
pub fn bench_render(count: usize) -> Vec<f64> {
    let library = synthetic_templates(count);
    let settings = Settings { member_name: "Camille".into(), brand_name: "Lumen".into(), ..Settings::default() };
    let inputs = ReplyInputs { context: None, settings: &settings, today: None, fallback_lang: Lang::Fr };
    library
        .iter()
        .map(|template| {
            let started = now();
            std::hint::black_box(compose(template, None, &inputs));
            now() - started
        })
        .collect()
}

/// Checks a synthetic draft of `chars` characters against `rules` synthetic rules (the native
/// benchmark's), over three drafts (networks, languages and roles differ): one timing per check.
///
/// V8 first runs a new module's code from its baseline compiler (Liftoff) and swaps in optimised
/// code (TurboFan) while it runs, compiled in the background: the first few hundred checks are
/// slower, then the engine settles. So the checks of the first `warm_up_ms` milliseconds are
/// timed apart, then `rounds` rounds are timed in the steady state.
///
/// Returns `[compile time of the rule set, n, n warm-up timings..., steady timings...]`.
#[wasm_bindgen]
pub fn bench_guidelines(rules: usize, chars: usize, warm_up_ms: f64, rounds: usize) -> Vec<f64> {
    use crate::core::guidelines::bench_support::{synthetic_draft, synthetic_rule_set};
    use crate::core::guidelines::{Draft, Role};
    let started = now();
    let set = synthetic_rule_set(rules);
    let compile = now() - started;
    let text = synthetic_draft(chars);
    let drafts = [
        Draft::new(text.clone(), Some(Network::X), Lang::Fr, Role::Agent),
        Draft::new(text.clone(), Some(Network::Facebook), Lang::En, Role::Intern),
        Draft::new(text, None, Lang::Fr, Role::Manager),
    ];
    let time_check = |draft: &Draft| {
        let started = now();
        std::hint::black_box(set.check(draft));
        now() - started
    };
    let warm_up_start = now();
    let mut warm_up = Vec::new();
    while now() - warm_up_start < warm_up_ms {
        warm_up.extend(drafts.iter().map(time_check));
    }
    let steady = (0..rounds).flat_map(|_| drafts.iter().map(time_check).collect::<Vec<_>>());
    [compile, warm_up.len() as f64].into_iter().chain(warm_up).chain(steady).collect()
}
