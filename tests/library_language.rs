#![cfg(not(target_arch = "wasm32"))]
//! Telling French from English in real-looking social-media comments.

use tact::core::library::{detect_language, Lang};

#[test]
fn french_comments_are_recognised() {
    for comment in [
        "Toujours pas reçu ma commande 😡 ça fait 3 semaines !!",
        "Bonjour, je n'arrive pas à me connecter depuis hier",
        "Merci beaucoup pour votre réponse rapide 🙏",
        "franchement le sav c nul, personne repond",
        "c'est quand la prochaine promo ?",
        "Super produit, je recommande à 100%",
        "jsp pourquoi mais l'appli plante tout le temps mdr",
        "Vous livrez en Belgique ?",
        "Bonjour",
        "merci !",
        "@marque vous êtes où ??? j'attends toujours",
    ] {
        assert_eq!(detect_language(comment), Some(Lang::Fr), "{comment}");
    }
}

#[test]
fn english_comments_are_recognised() {
    for comment in [
        "Still waiting for my refund 🙄 it's been 2 weeks",
        "Thanks for the quick reply!",
        "why is the app not working again??",
        "I love this product, best purchase this year",
        "Hello? anyone there",
        "can't log in since the update",
        "Do you ship to Canada?",
        "Thank you Hélène, that was fast",
        "lol this is the worst customer service ever",
        "thanks",
    ] {
        assert_eq!(detect_language(comment), Some(Lang::En), "{comment}");
    }
}

#[test]
fn mostly_french_with_an_english_word_is_french() {
    assert_eq!(
        detect_language("Franchement le SAV c'est nul, so disappointed"),
        Some(Lang::Fr)
    );
    assert_eq!(
        detect_language("Merci pour le fix, c'est top, great job"),
        Some(Lang::Fr)
    );
}

#[test]
fn mostly_english_with_a_french_word_is_english() {
    assert_eq!(
        detect_language("Merci for the help, you guys are great"),
        Some(Lang::En)
    );
}

#[test]
fn an_evenly_mixed_comment_is_unknown() {
    assert_eq!(detect_language("merci thanks"), None);
    assert_eq!(detect_language("bonjour hello"), None);
}

#[test]
fn emoji_links_handles_and_numbers_alone_are_unknown() {
    for comment in [
        "😡😡😡",
        "🔥🔥",
        "https://example.com/p/123",
        "@brand",
        "#promo2024",
        "100%",
        "",
        "   ",
        "ok",
        "??",
        "lol",
    ] {
        assert_eq!(detect_language(comment), None, "{comment:?}");
    }
}

#[test]
fn a_very_long_comment_is_read_without_trouble() {
    let long = "je suis vraiment déçu de la livraison ".repeat(2_000);
    assert_eq!(detect_language(&long), Some(Lang::Fr));
}
