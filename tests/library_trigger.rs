#![cfg(not(target_arch = "wasm32"))]
//! The `;;shortcut` trigger in the reply box: fires when meant, never by accident.

use tact::core::library::{find_shortcut_before_caret, Library, SearchIndex, ShortcutMatch, ShortcutSet};

fn shortcuts(names: &[&str]) -> ShortcutSet {
    let mut library = Library::starter();
    let base = library.templates()[0].content();
    for (i, name) in names.iter().enumerate() {
        let mut content = base.clone();
        content.shortcut = name.to_string();
        library
            .create(&format!("t{i}"), content, "c", 0)
            .map(|_| ())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    ShortcutSet::new(library.templates())
}

fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// The match with the caret at the end of `text`.
fn at_end(text: &str, set: &ShortcutSet) -> Option<ShortcutMatch> {
    find_shortcut_before_caret(text, utf16_len(text), set)
}

#[test]
fn a_known_shortcut_after_the_trigger_fires_at_the_caret() {
    let set = shortcuts(&[]);
    let text = "Bonjour ;;merci";
    assert_eq!(
        at_end(text, &set),
        Some(ShortcutMatch {
            start_utf16: 8,
            end_utf16: 15,
            shortcut: "merci".into(),
            terminator: None
        })
    );
}

#[test]
fn the_trigger_fires_at_the_very_start_of_the_text() {
    let set = shortcuts(&[]);
    assert_eq!(at_end(";;dm", &set).map(|m| (m.start_utf16, m.end_utf16)), Some((0, 4)));
}

#[test]
fn shortcuts_match_without_case_or_accents_and_keep_what_was_typed() {
    let set = shortcuts(&["réponse"]);
    assert_eq!(at_end("x ;;REPONSE", &set).map(|m| m.shortcut), Some("REPONSE".into()));
}

#[test]
fn positions_are_in_utf16_units_after_emoji() {
    let set = shortcuts(&[]);
    let text = "😀 ;;merci";
    let found = at_end(text, &set);
    assert_eq!(found.map(|m| (m.start_utf16, m.end_utf16)), Some((3, 10)));
}

#[test]
fn the_caret_in_the_middle_of_the_text_is_respected() {
    let set = shortcuts(&[]);
    let text = "Hello ;;merci and more";
    assert_eq!(
        find_shortcut_before_caret(text, 13, &set).map(|m| m.start_utf16),
        Some(6)
    );
    assert_eq!(
        find_shortcut_before_caret(text, 12, &set),
        None,
        "`;;merc` is not a shortcut"
    );
}

#[test]
fn unknown_words_after_the_trigger_do_nothing() {
    let set = shortcuts(&[]);
    assert_eq!(at_end("x ;;bonjour", &set), None);
}

#[test]
fn a_caret_outside_the_text_or_inside_an_emoji_does_nothing() {
    let set = shortcuts(&[]);
    assert_eq!(find_shortcut_before_caret(";;merci", 99, &set), None);
    assert_eq!(find_shortcut_before_caret("😀;;merci", 1, &set), None);
}

#[test]
fn a_shortcut_that_begins_a_longer_one_waits_for_a_space() {
    let set = shortcuts(&["merci-retard"]);
    assert_eq!(at_end("x ;;merci", &set), None, "the person may be typing merci-retard");
    let spaced = at_end("x ;;merci ", &set);
    assert_eq!(
        spaced,
        Some(ShortcutMatch {
            start_utf16: 2,
            end_utf16: 10,
            shortcut: "merci".into(),
            terminator: Some(' ')
        })
    );
    assert_eq!(
        at_end("x ;;merci-retard", &set).map(|m| m.shortcut),
        Some("merci-retard".into())
    );
}

#[test]
fn a_lone_shortcut_followed_by_a_space_does_not_fire_again() {
    // It fired already when its last letter was typed; if the person undid that, a space
    // must not bring it back.
    let set = shortcuts(&[]);
    assert_eq!(at_end("x ;;merci ", &set), None);
}

#[test]
fn the_search_index_is_a_lookup_too() {
    let index = SearchIndex::build(Library::starter().templates());
    assert_eq!(at_end_index(";;support", &index), Some("support".into()));
}

fn at_end_index(text: &str, index: &SearchIndex) -> Option<String> {
    find_shortcut_before_caret(text, utf16_len(text), index).map(|m| m.shortcut)
}

/// Ordinary writing in both languages, links, emoticons and code: the trigger must stay
/// silent at every caret position, even with every word below registered as a shortcut.
const NEVER_FIRES: &[&str] = &[
    "Bonjour ; merci pour votre message.",
    "Attention ; ce produit n'est plus disponible ; nous sommes désolés.",
    "Merci !! On regarde ça ;)",
    "Sorry for the delay; we're on it.",
    "First; second; third.",
    "Oh no ;; that's sad",
    "Oh non ;_; c'est triste",
    ";-) merci",
    "Voir https://example.com/a;;merci?x=1",
    "https://exemple.fr/page;jsessionid=merci",
    "for (;;) { merci(); }",
    "for(;;merci++)",
    "a;;merci",
    "&amp;;merci",
    "list = [1;;2]",
    "Merci;;",
    "C'est génial ;; vraiment",
    "ok ;; ;; ;;",
    "Thanks :) ;) ;P ;-D xD <3",
    "SELECT * FROM t;;",
    "Bonjour,\n\n;;\nmerci",
];

#[test]
fn the_trigger_never_fires_on_ordinary_text_links_emoticons_or_code() {
    let set = shortcuts(&[
        "attention",
        "second",
        "jsessionid",
        "sad",
        "triste",
        "vraiment",
        "x",
        "p",
        "d",
        "t",
        "a",
        "list",
    ]);
    for text in NEVER_FIRES {
        for caret in 0..=utf16_len(text) {
            assert_eq!(
                find_shortcut_before_caret(text, caret, &set),
                None,
                "{text:?} at {caret}"
            );
        }
    }
}

#[test]
fn ordinary_sentences_never_contain_the_trigger() {
    let corpus = [
        "Bonjour, je n'ai toujours pas reçu ma commande.",
        "Pouvez-vous m'aider ? Merci d'avance ; bonne journée.",
        "Hi! Could you help me; my order hasn't arrived.",
        "Great service :-) thanks a lot; see you soon!",
        "Prix : 12,50 € ; livraison : gratuite.",
    ];
    for sentence in corpus {
        assert!(!sentence.contains(tact::core::library::TRIGGER), "{sentence}");
    }
}
