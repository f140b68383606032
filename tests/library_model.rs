#![cfg(not(target_arch = "wasm32"))]
//! The library's rules and the personal edits, seen from outside.

use tact::core::library::{
    Lang, Library, LibraryError, Network, Scope, Template, TemplateContent, Variant, MAX_BODY_CHARS, MAX_TEMPLATES,
};

fn content(title: &str, shortcut: &str) -> TemplateContent {
    TemplateContent {
        title: title.into(),
        shortcut: shortcut.into(),
        tags: vec!["accueil".into()],
        variants: vec![
            Variant {
                lang: Lang::Fr,
                network: None,
                body: "Bonjour {{author.first_name}} !".into(),
            },
            Variant {
                lang: Lang::En,
                network: None,
                body: "Hi {{author.first_name}}!".into(),
            },
        ],
        folder: None,
    }
}

fn library_with(titles_and_shortcuts: &[(&str, &str)]) -> Library {
    let mut library = Library::default();
    for (i, (title, shortcut)) in titles_and_shortcuts.iter().enumerate() {
        library
            .create(&format!("id-{i}"), content(title, shortcut), "camille", 1_000)
            .map(|_| ())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    library
}

#[test]
fn a_created_template_is_personal_first_version_and_unused() {
    let library = library_with(&[("Merci", "merci")]);
    let template = &library.templates()[0];
    assert_eq!(
        (template.scope, template.version, template.usage_count),
        (Scope::Personal, 1, 0)
    );
    assert_eq!((template.created_by.as_str(), template.created_ms), ("camille", 1_000));
}

#[test]
fn a_template_without_a_title_is_refused() {
    let mut library = Library::default();
    assert_eq!(
        library.create("a", content("   ", "merci"), "c", 0).err(),
        Some(LibraryError::MissingTitle)
    );
}

#[test]
fn shortcuts_with_spaces_or_symbols_are_refused() {
    let mut library = Library::default();
    for bad in [
        "mer ci",
        "merci!",
        ";;merci",
        "-merci",
        "",
        "https://x.y",
        &"a".repeat(33),
    ] {
        let refused = library.create("a", content("Merci", bad), "c", 0).err();
        assert!(
            matches!(
                refused,
                Some(LibraryError::InvalidShortcut { .. } | LibraryError::MissingShortcut)
            ),
            "{bad:?} gave {refused:?}"
        );
    }
    for good in ["merci", "merci-2", "réponse_rapide", "R2D2"] {
        assert!(library.create(good, content("Merci", good), "c", 0).is_ok(), "{good}");
    }
}

#[test]
fn a_duplicate_shortcut_is_refused_even_in_another_case_or_without_accents() {
    let mut library = library_with(&[("Réponse", "réponse")]);
    let refused = library.create("b", content("Autre", "REPONSE"), "c", 0).err();
    assert_eq!(
        refused,
        Some(LibraryError::DuplicateShortcut {
            shortcut: "REPONSE".into(),
            used_by: "Réponse".into()
        })
    );
    assert_eq!(library.len(), 1);
}

#[test]
fn a_body_over_ten_thousand_characters_is_refused_with_its_length() {
    let mut library = Library::default();
    let mut long = content("Long", "long");
    long.variants[0].body = "é".repeat(MAX_BODY_CHARS + 1);
    let refused = library.create("a", long, "c", 0).err();
    assert_eq!(
        refused,
        Some(LibraryError::BodyTooLong {
            lang: "French".into(),
            chars: MAX_BODY_CHARS + 1
        })
    );
    let message = refused.map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("10000"), "{message}");
}

#[test]
fn a_body_of_exactly_ten_thousand_characters_is_accepted() {
    let mut library = Library::default();
    let mut long = content("Long", "long");
    long.variants[0].body = "é".repeat(MAX_BODY_CHARS);
    assert!(library.create("a", long, "c", 0).is_ok());
}

#[test]
fn a_template_needs_a_wording_and_no_two_for_the_same_language_and_network() {
    let mut library = Library::default();
    let mut none = content("Vide", "vide");
    none.variants.clear();
    assert_eq!(library.create("a", none, "c", 0).err(), Some(LibraryError::NoVariant));
    let mut twins = content("Jumeaux", "jumeaux");
    twins.variants.push(Variant {
        lang: Lang::Fr,
        network: Some(Network::X),
        body: "a".into(),
    });
    twins.variants.push(Variant {
        lang: Lang::Fr,
        network: Some(Network::X),
        body: "b".into(),
    });
    assert!(matches!(
        library.create("b", twins, "c", 0),
        Err(LibraryError::DuplicateVariant { .. })
    ));
}

#[test]
fn a_library_over_fifty_thousand_templates_is_refused_with_a_clear_message() {
    let one = Library::starter().templates()[0].clone();
    let many: Vec<Template> = (0..=MAX_TEMPLATES)
        .map(|i| Template {
            id: format!("t{i}"),
            shortcut: format!("s{i}"),
            ..one.clone()
        })
        .collect();
    let refused = Library::new(many).err();
    assert_eq!(
        refused,
        Some(LibraryError::TooManyTemplates {
            count: MAX_TEMPLATES + 1
        })
    );
    let message = refused.map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("50000") && message.contains("limit"), "{message}");
}

#[test]
fn updating_bumps_the_version_and_records_who_and_when() {
    let mut library = library_with(&[("Merci", "merci")]);
    let updated = library
        .update("id-0", content("Merci beaucoup", "merci"), "alex", 5_000)
        .cloned();
    let updated = updated.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (updated.version, updated.updated_by.as_str(), updated.updated_ms),
        (2, "alex", 5_000)
    );
    assert_eq!(
        (updated.created_by.as_str(), updated.title.as_str()),
        ("camille", "Merci beaucoup")
    );
}

#[test]
fn a_refused_update_leaves_the_template_unchanged() {
    let mut library = library_with(&[("Merci", "merci"), ("Retard", "retard")]);
    let before = library.clone();
    assert!(library
        .update("id-0", content("Merci", "retard"), "alex", 5_000)
        .is_err());
    assert_eq!(library, before);
}

#[test]
fn team_templates_cannot_be_edited_or_deleted_from_the_panel_but_can_be_duplicated() {
    let mut team = Library::starter().templates()[0].clone();
    team.scope = Scope::Team;
    let mut library = Library::new(vec![team.clone()]).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        library.update(&team.id, content("X", "x"), "a", 0),
        Err(LibraryError::TeamTemplate { .. })
    ));
    assert!(matches!(
        library.delete(&team.id),
        Err(LibraryError::TeamTemplate { .. })
    ));
    let copy = library
        .duplicate(&team.id, "copy-1", "alex", 9)
        .cloned()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(copy.scope, Scope::Personal);
}

#[test]
fn a_team_editor_may_edit_delete_and_share_team_templates() {
    let mut team = Library::starter().templates()[0].clone();
    team.scope = Scope::Team;
    let mut library = Library::new(vec![team.clone()]).unwrap_or_else(|e| panic!("{e}"));
    let edited = library.update_as(&team.id, content("Edited", "edited"), "manager", 3, true).cloned();
    let edited = edited.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((edited.title.as_str(), edited.scope, edited.version), ("Edited", Scope::Team, team.version + 1));
    library.create("mine", content("Mine", "mine"), "manager", 4).unwrap_or_else(|e| panic!("{e}"));
    library.share_with_team("mine").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(library.get("mine").map(|t| t.scope), Some(Scope::Team));
    assert!(library.delete_as(&team.id, true).is_ok());
    assert!(matches!(library.share_with_team("gone"), Err(LibraryError::NotFound { .. })));
}

#[test]
fn a_duplicate_gets_the_callers_id_a_free_shortcut_and_no_usage() {
    let mut library = library_with(&[("Merci", "merci"), ("Merci 2", "merci-2")]);
    library.record_use("id-0", 50).unwrap_or_else(|e| panic!("{e}"));
    let copy = library
        .duplicate("id-0", "copy", "alex", 60)
        .cloned()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((copy.id.as_str(), copy.shortcut.as_str()), ("copy", "merci-3"));
    assert_eq!((copy.usage_count, copy.last_used_ms, copy.version), (0, None, 1));
    assert_eq!(copy.variants, library.templates()[0].variants);
}

#[test]
fn a_duplicate_cannot_reuse_an_existing_id() {
    let mut library = library_with(&[("Merci", "merci")]);
    assert_eq!(
        library.duplicate("id-0", "id-0", "a", 0).err(),
        Some(LibraryError::DuplicateId { id: "id-0".into() })
    );
}

#[test]
fn deleting_removes_the_template_and_unknown_ids_are_reported() {
    let mut library = library_with(&[("Merci", "merci")]);
    assert_eq!(library.delete("id-0").map(|t| t.id).ok(), Some("id-0".into()));
    assert!(library.is_empty());
    assert_eq!(
        library.delete("id-0").err(),
        Some(LibraryError::NotFound { id: "id-0".into() })
    );
}

#[test]
fn recording_a_use_counts_it_and_keeps_the_latest_time() {
    let mut library = library_with(&[("Merci", "merci")]);
    library.record_use("id-0", 2_000).unwrap_or_else(|e| panic!("{e}"));
    library.record_use("id-0", 1_500).unwrap_or_else(|e| panic!("{e}"));
    let template = &library.templates()[0];
    assert_eq!((template.usage_count, template.last_used_ms), (2, Some(2_000)));
    assert!(library.record_use("nope", 0).is_err());
}

#[test]
fn the_starter_library_loads_and_is_valid() {
    let library = Library::starter();
    assert!(library.len() >= 11, "{} templates", library.len());
    assert_eq!(
        Library::new(library.templates().to_vec()).map(|l| l.len()).ok(),
        Some(library.len())
    );
}

#[test]
fn every_starter_template_speaks_french_and_english() {
    for template in Library::starter().templates() {
        let has = |lang| template.variants.iter().any(|v| v.lang == lang && v.network.is_none());
        assert!(has(Lang::Fr) && has(Lang::En), "{}", template.title);
    }
}

#[test]
fn the_starter_covers_the_everyday_replies() {
    let library = Library::starter();
    for shortcut in [
        "merci", "retard", "dm", "support", "horaires", "escalade", "rembours", "avis", "bug", "idee", "presse",
    ] {
        assert!(library.templates().iter().any(|t| t.shortcut == shortcut), "{shortcut}");
    }
}

#[test]
fn starter_x_wordings_fit_in_a_post_with_room_for_a_mention() {
    for template in Library::starter().templates() {
        for variant in template.variants.iter().filter(|v| v.network == Some(Network::X)) {
            assert!(
                variant.body.chars().count() <= 240,
                "{}: {}",
                template.title,
                variant.body
            );
        }
    }
}

#[test]
fn starter_bodies_use_only_known_variables_and_the_signature_snippet() {
    use tact::core::template::{check, CheckOptions};
    let options = CheckOptions { known_partials: ["signature".to_owned()].into(), ..CheckOptions::default() };
    for template in Library::starter().templates() {
        for variant in &template.variants {
            let findings = check(&variant.body, &options);
            assert!(findings.is_empty(), "{}: {findings:?}", template.title);
        }
    }
}

#[test]
fn the_best_variant_is_picked_for_the_comment() {
    let starter = Library::starter();
    let thanks = starter.get("starter-merci").unwrap_or_else(|| panic!("starter-merci"));
    let pick = |lang, network| thanks.variant_for(lang, network).map(|(_, v)| (v.lang, v.network));
    assert_eq!(
        pick(Some(Lang::En), Some(Network::X)),
        Some((Lang::En, Some(Network::X)))
    );
    assert_eq!(pick(Some(Lang::Fr), Some(Network::Linkedin)), Some((Lang::Fr, None)));
    assert_eq!(pick(Some(Lang::En), None), Some((Lang::En, None)));
}
