#![cfg(not(target_arch = "wasm32"))]
//! Search as you type, seen from outside: what comes first for what a person types.

use tact::core::library::{Hit, Lang, Network, Query, Scope, SearchIndex, Template, Variant};

const DAY_MS: i64 = 86_400_000;
const NOW: i64 = 1_700_000_000_000;

fn template(
    id: &str,
    title: &str,
    shortcut: &str,
    tags: &[&str],
    bodies: &[(Lang, Option<Network>, &str)],
) -> Template {
    Template {
        id: id.into(),
        title: title.into(),
        shortcut: shortcut.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        variants: bodies
            .iter()
            .map(|&(lang, network, body)| Variant {
                lang,
                network,
                body: body.into(),
            })
            .collect(),
        scope: Scope::Personal,
        usage_count: 0,
        last_used_ms: None,
        created_by: "camille".into(),
        updated_by: "camille".into(),
        created_ms: 0,
        updated_ms: 0,
        version: 1,
        folder: None,
    }
}

fn bilingual(id: &str, title: &str, shortcut: &str, fr: &str, en: &str) -> Template {
    template(id, title, shortcut, &[], &[(Lang::Fr, None, fr), (Lang::En, None, en)])
}

fn search(templates: &[Template], text: &str, lang: Option<Lang>, network: Option<Network>) -> Vec<Hit> {
    SearchIndex::build(templates).search(&Query {
        text: text.into(),
        lang,
        network,
        now_ms: NOW,
        limit: 20,
    })
}

fn ids(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|hit| hit.template_id.as_str()).collect()
}

fn sample() -> Vec<Template> {
    vec![
        bilingual(
            "refund",
            "Politique de remboursement",
            "rembours",
            "Nos conditions de remboursement sont en ligne.",
            "Our refund policy is online.",
        ),
        bilingual(
            "reply",
            "Réponse rapide",
            "rapide",
            "Merci, nous revenons vers vous.",
            "Thanks, we will get back to you.",
        ),
        bilingual(
            "delay",
            "Excuses pour le retard",
            "retard",
            "Désolés pour l'attente, votre réponse arrive.",
            "Sorry for the wait.",
        ),
        bilingual(
            "dm",
            "Passer en privé",
            "dm",
            "Écrivez-nous en message privé.",
            "Please send us a private message.",
        ),
    ]
}

#[test]
fn a_query_without_accents_finds_the_accented_title() {
    let hits = search(&sample(), "reponse", Some(Lang::Fr), None);
    assert_eq!(ids(&hits).first(), Some(&"reply"));
}

#[test]
fn a_query_in_capitals_finds_the_lower_case_word() {
    let hits = search(&sample(), "REMBOURSEMENT", Some(Lang::Fr), None);
    assert_eq!(ids(&hits).first(), Some(&"refund"));
}

#[test]
fn an_accented_query_finds_an_unaccented_body() {
    let templates = vec![bilingual(
        "a",
        "Colis",
        "colis",
        "votre colis est arrive",
        "your parcel arrived",
    )];
    assert_eq!(ids(&search(&templates, "arrivé", Some(Lang::Fr), None)), ["a"]);
}

#[test]
fn one_typo_in_a_word_still_finds_it() {
    for typo in ["rembourssement", "remboursment", "rembousrement", "remboursenent"] {
        let hits = search(&sample(), typo, Some(Lang::Fr), None);
        assert_eq!(ids(&hits).first(), Some(&"refund"), "{typo}");
    }
}

#[test]
fn two_typos_in_a_long_word_still_find_it() {
    let hits = search(&sample(), "rembourcemant", Some(Lang::Fr), None);
    assert_eq!(ids(&hits).first(), Some(&"refund"));
}

#[test]
fn a_short_word_is_not_matched_with_typos() {
    // "dm" must not match "de", "du"...: words under four letters get no typo budget.
    let templates = vec![bilingual("x", "Du nouveau", "nouveau", "de rien", "you are welcome")];
    assert!(search(&templates, "dm ", Some(Lang::Fr), None).is_empty());
}

#[test]
fn the_word_being_typed_matches_as_a_prefix() {
    let hits = search(&sample(), "rembou", Some(Lang::Fr), None);
    assert_eq!(ids(&hits).first(), Some(&"refund"));
}

#[test]
fn a_typo_in_the_word_being_typed_is_forgiven() {
    let hits = search(&sample(), "rembpur", Some(Lang::Fr), None);
    assert_eq!(ids(&hits).first(), Some(&"refund"));
}

#[test]
fn a_finished_word_is_not_matched_as_a_prefix() {
    // With a space after it, "rem" is a whole word: it must not stand for "remboursement".
    let hits = search(&sample(), "rem ", Some(Lang::Fr), None);
    assert!(!ids(&hits).contains(&"refund"), "{hits:?}");
}

#[test]
fn typing_a_whole_shortcut_puts_its_template_first() {
    let templates = vec![
        bilingual("a", "Retard de livraison dm", "livraison", "retard", "delay"),
        bilingual("b", "Passer en privé", "dm", "message privé", "private message"),
    ];
    let hits = search(&templates, "dm", Some(Lang::Fr), None);
    assert_eq!(ids(&hits).first(), Some(&"b"));
    assert!(hits[0].matched_fields.shortcut);
}

#[test]
fn a_title_match_beats_a_tag_match_which_beats_a_body_match() {
    let templates = vec![
        template(
            "body",
            "Autre",
            "autre",
            &[],
            &[(Lang::Fr, None, "Un mot sur la garantie.")],
        ),
        template("tags", "Divers", "divers", &["garantie"], &[(Lang::Fr, None, "Texte.")]),
        template("title", "Garantie", "gar", &[], &[(Lang::Fr, None, "Texte.")]),
    ];
    let hits = search(&templates, "garantie", Some(Lang::Fr), None);
    assert_eq!(ids(&hits), ["title", "tags", "body"]);
    assert!(hits[0].matched_fields.title && hits[1].matched_fields.tags && hits[2].matched_fields.body);
}

#[test]
fn a_whole_word_beats_a_prefix_which_beats_a_typo() {
    let templates = vec![
        template("typo", "Livraisom", "a1", &[], &[(Lang::Fr, None, "x")]),
        template("prefix", "Livraisons", "a2", &[], &[(Lang::Fr, None, "x")]),
        template("whole", "Livraison", "a3", &[], &[(Lang::Fr, None, "x")]),
    ];
    let hits = search(&templates, "livraison", Some(Lang::Fr), None);
    assert_eq!(ids(&hits), ["whole", "prefix", "typo"]);
}

#[test]
fn every_word_of_the_query_must_match_when_some_template_has_them_all() {
    let hits = search(&sample(), "merci vers", Some(Lang::Fr), None);
    assert_eq!(ids(&hits), ["reply"]);
}

#[test]
fn when_no_template_has_every_word_those_with_the_most_words_come_back() {
    let hits = search(&sample(), "remboursement xyzzyq", Some(Lang::Fr), None);
    assert_eq!(ids(&hits), ["refund"]);
}

#[test]
fn the_comment_language_picks_the_variant_and_lifts_templates_written_in_it() {
    let templates = vec![
        template(
            "english-only",
            "Shipping delay",
            "ship",
            &[],
            &[(Lang::En, None, "Sorry for the delay.")],
        ),
        template(
            "bilingual",
            "Shipping delay too",
            "ship2",
            &[],
            &[
                (Lang::En, None, "Sorry for the delay."),
                (Lang::Fr, None, "Désolés du retard."),
            ],
        ),
    ];
    let hits = search(&templates, "shipping", Some(Lang::Fr), None);
    assert_eq!(ids(&hits), ["bilingual", "english-only"]);
    assert_eq!(hits[0].variant_index, 1, "the French wording is the one to insert");
    assert_eq!(hits[1].variant_index, 0, "without French, the English wording is used");
}

#[test]
fn a_body_word_counts_more_in_the_wording_that_would_be_inserted() {
    let templates = vec![
        template(
            "en-body",
            "A",
            "a",
            &[],
            &[(Lang::Fr, None, "Bonjour."), (Lang::En, None, "parcel")],
        ),
        template(
            "fr-body",
            "B",
            "b",
            &[],
            &[(Lang::Fr, None, "parcel"), (Lang::En, None, "Hello.")],
        ),
    ];
    let hits = search(&templates, "parcel", Some(Lang::Fr), None);
    assert_eq!(ids(&hits), ["fr-body", "en-body"]);
}

#[test]
fn the_current_network_lifts_templates_with_a_wording_for_it() {
    let templates = vec![
        bilingual("general", "Merci", "g1", "Merci beaucoup", "Thanks a lot"),
        template(
            "for-x",
            "Merci court",
            "g2",
            &[],
            &[
                (Lang::Fr, None, "Merci beaucoup pour votre message"),
                (Lang::Fr, Some(Network::X), "Merci !"),
            ],
        ),
    ];
    let hits = search(&templates, "merci", Some(Lang::Fr), Some(Network::X));
    assert_eq!(ids(&hits), ["for-x", "general"]);
    assert_eq!(hits[0].variant_index, 1);
    let elsewhere = search(&templates, "merci", Some(Lang::Fr), Some(Network::Linkedin));
    assert_eq!(
        ids(&elsewhere),
        ["general", "for-x"],
        "elsewhere, library order breaks the tie"
    );
    assert_eq!(elsewhere[1].variant_index, 0);
}

#[test]
fn among_equal_matches_the_more_used_template_comes_first() {
    let mut templates = vec![
        bilingual("rare", "Merci", "m1", "merci", "thanks"),
        bilingual("often", "Merci", "m2", "merci", "thanks"),
    ];
    templates[0].usage_count = 2;
    templates[1].usage_count = 40;
    assert_eq!(
        ids(&search(&templates, "merci", Some(Lang::Fr), None)),
        ["often", "rare"]
    );
}

#[test]
fn among_equal_matches_and_usage_the_more_recent_template_comes_first() {
    let mut templates = vec![
        bilingual("old", "Merci", "m1", "merci", "thanks"),
        bilingual("recent", "Merci", "m2", "merci", "thanks"),
    ];
    templates[0].usage_count = 5;
    templates[0].last_used_ms = Some(NOW - 60 * DAY_MS);
    templates[1].usage_count = 5;
    templates[1].last_used_ms = Some(NOW - DAY_MS);
    assert_eq!(
        ids(&search(&templates, "merci", Some(Lang::Fr), None)),
        ["recent", "old"]
    );
}

#[test]
fn usage_never_outranks_a_better_match() {
    let mut templates = vec![
        template("body", "Autre", "autre", &[], &[(Lang::Fr, None, "garantie")]),
        template("title", "Garantie", "gar", &[], &[(Lang::Fr, None, "texte")]),
    ];
    templates[0].usage_count = 1_000_000;
    templates[0].last_used_ms = Some(NOW);
    assert_eq!(
        ids(&search(&templates, "garantie", Some(Lang::Fr), None)),
        ["title", "body"]
    );
}

#[test]
fn an_empty_query_lists_the_most_used_templates_in_the_comment_language_first() {
    let mut templates = vec![
        template("en-popular", "Thanks", "t1", &[], &[(Lang::En, None, "Thanks")]),
        template("fr-rare", "Merci", "t2", &[], &[(Lang::Fr, None, "Merci")]),
        template("fr-popular", "Merci bis", "t3", &[], &[(Lang::Fr, None, "Merci")]),
    ];
    templates[0].usage_count = 500;
    templates[1].usage_count = 1;
    templates[2].usage_count = 50;
    let hits = search(&templates, "  ", Some(Lang::Fr), None);
    assert_eq!(ids(&hits), ["fr-popular", "fr-rare", "en-popular"]);
}

#[test]
fn the_limit_caps_the_results() {
    let templates: Vec<Template> = (0..50)
        .map(|i| bilingual(&format!("t{i}"), "Merci", &format!("m{i}"), "merci", "thanks"))
        .collect();
    let index = SearchIndex::build(&templates);
    let hits = index.search(&Query {
        text: "merci".into(),
        lang: Some(Lang::Fr),
        network: None,
        now_ms: NOW,
        limit: 7,
    });
    assert_eq!(hits.len(), 7);
    assert!(index
        .search(&Query {
            text: "merci".into(),
            lang: None,
            network: None,
            now_ms: NOW,
            limit: 0
        })
        .is_empty());
}

#[test]
fn mustache_tags_are_not_searchable_words() {
    let templates = vec![bilingual(
        "a",
        "Bonjour",
        "bonjour",
        "Bonjour {{author.first_name}}",
        "Hi {{author.first_name}}",
    )];
    assert!(search(&templates, "first", Some(Lang::Fr), None).is_empty());
}

#[test]
fn one_or_two_letters_after_other_words_only_reorder_their_results() {
    // "merci p": the "p" lifts the template whose title has a p-word but filters nothing.
    let templates = vec![
        bilingual("plain", "Merci", "m1", "merci", "thanks"),
        bilingual("with-p", "Merci patience", "m2", "merci", "thanks"),
    ];
    assert_eq!(
        ids(&search(&templates, "merci p", Some(Lang::Fr), None)),
        ["with-p", "plain"]
    );
}

#[test]
fn the_starter_library_answers_common_searches_in_both_languages() {
    let library = tact::core::library::Library::starter();
    let cases = [
        ("remboursement", Lang::Fr, "starter-rembours"),
        ("refund", Lang::En, "starter-rembours"),
        ("message prive", Lang::Fr, "starter-dm"),
        ("private message", Lang::En, "starter-dm"),
        ("horaires", Lang::Fr, "starter-horaires"),
        ("journalist", Lang::En, "starter-presse"),
        ("escalade", Lang::Fr, "starter-escalade"),
    ];
    for (text, lang, expected) in cases {
        let hits = search(library.templates(), text, Some(lang), None);
        assert_eq!(ids(&hits).first(), Some(&expected), "{text}");
    }
}

#[test]
fn the_index_resolves_shortcuts_without_case_or_accents() {
    let templates = vec![bilingual("a", "Réponse", "Réponse-1", "x", "y")];
    let index = SearchIndex::build(&templates);
    assert_eq!(index.template_id_for_shortcut("reponse-1"), Some("a"));
    assert_eq!(index.template_id_for_shortcut("reponse"), None);
}

#[test]
fn a_recorded_use_reorders_results_without_rebuilding_the_index() {
    let mut library = tact::core::library::Library::new(vec![
        bilingual("first", "Merci", "m1", "merci", "thanks"),
        bilingual("second", "Merci", "m2", "merci", "thanks"),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    let mut index = SearchIndex::build(library.templates());
    let query = Query {
        text: "merci".into(),
        lang: Some(Lang::Fr),
        network: None,
        now_ms: NOW,
        limit: 5,
    };
    assert_eq!(ids(&index.search(&query)), ["first", "second"]);
    library.record_use("second", NOW).unwrap_or_else(|e| panic!("{e}"));
    let used = library.get("second").cloned().unwrap_or_else(|| panic!("second"));
    assert!(index.refresh_use(&used));
    assert_eq!(ids(&index.search(&query)), ["second", "first"]);
}
