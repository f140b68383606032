#![cfg(not(target_arch = "wasm32"))]
//! Import and export of the library file, seen from outside.

use tact::core::library::{ImportMode, ImportReport, Library, LibraryError, FORMAT_VERSION};

#[test]
fn an_exported_library_imports_back_identical() {
    let starter = Library::starter();
    let mut restored = Library::default();
    let report = restored.import_json(&starter.export_json(), ImportMode::Replace);
    assert_eq!(
        report.ok(),
        Some(ImportReport {
            added: starter.len(),
            ..ImportReport::default()
        })
    );
    assert_eq!(restored, starter);
}

#[test]
fn the_export_names_its_format_and_version() {
    let exported: serde_json::Value = serde_json::from_str(&Library::starter().export_json()).unwrap_or_default();
    assert_eq!(exported["format"], "tact-library");
    assert_eq!(exported["version"], FORMAT_VERSION);
    assert!(exported["templates"].is_array());
}

#[test]
fn merging_the_same_file_twice_changes_nothing() {
    let mut library = Library::starter();
    let file = library.export_json();
    let report = library
        .import_json(&file, ImportMode::Merge)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        report,
        ImportReport {
            kept_existing: library.len(),
            ..ImportReport::default()
        }
    );
    assert_eq!(library, Library::starter());
}

#[test]
fn merging_takes_newer_versions_and_new_templates_and_keeps_the_rest() {
    let mut source = Library::starter();
    let mut content = source.templates()[0].content();
    content.title = "Merci, version 2".into();
    let first_id = source.templates()[0].id.clone();
    source
        .update(&first_id, content, "alex", 10)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut new_one = source.templates()[1].content();
    new_one.shortcut = "nouveau".into();
    source
        .create("brand-new", new_one, "alex", 10)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut library = Library::starter();
    let report = library
        .import_json(&source.export_json(), ImportMode::Merge)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((report.added, report.updated, report.removed), (1, 1, 0));
    assert_eq!(
        library.get(&first_id).map(|t| t.title.as_str()),
        Some("Merci, version 2")
    );
}

#[test]
fn replacing_reports_the_templates_removed() {
    let mut library = Library::starter();
    let file = r#"{"format":"tact-library","version":1,"templates":[{"id":"only","title":"Seul","shortcut":"seul",
        "variants":[{"lang":"fr","body":"Bonjour"}]}]}"#;
    let report = library
        .import_json(file, ImportMode::Replace)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.added, 1);
    assert_eq!(report.removed, Library::starter().len());
    assert_eq!(library.len(), 1);
}

#[test]
fn invalid_entries_are_each_reported_and_nothing_is_applied() {
    let mut library = Library::starter();
    let file = r#"{"format":"tact-library","version":1,"templates":[
        {"id":"ok","title":"Bien","shortcut":"bien","variants":[{"lang":"fr","body":"Bonjour"}]},
        {"id":"no-title","title":"","shortcut":"vide","variants":[{"lang":"fr","body":"Bonjour"}]},
        {"id":"bad-shortcut","title":"Mauvais","shortcut":"mau vais","variants":[{"lang":"fr","body":"x"}]},
        {"id":"ok","title":"Encore","shortcut":"encore","variants":[{"lang":"fr","body":"x"}]},
        {"id":"bad-lang","title":"Langue","shortcut":"langue","variants":[{"lang":"de","body":"x"}]},
        42
    ]}"#;
    let error = library.import_json(file, ImportMode::Merge).err();
    let Some(LibraryError::InvalidEntries { rejected }) = error else {
        panic!("{error:?}")
    };
    let indexes: Vec<usize> = rejected.iter().map(|r| r.index).collect();
    assert_eq!(indexes, [1, 2, 3, 4, 5]);
    assert!(rejected[0].reason.contains("title"), "{}", rejected[0].reason);
    assert!(
        rejected[2].reason.contains("same id as entry 1"),
        "{}",
        rejected[2].reason
    );
    assert_eq!(library, Library::starter(), "nothing half-applied");
}

#[test]
fn a_shortcut_clashing_with_the_library_refuses_the_whole_merge() {
    let mut library = Library::starter();
    let file = r#"{"format":"tact-library","version":1,"templates":[
        {"id":"other","title":"Autre merci","shortcut":"MERCI","variants":[{"lang":"fr","body":"x"}]}]}"#;
    let error = library.import_json(file, ImportMode::Merge).err();
    assert!(
        matches!(error, Some(LibraryError::DuplicateShortcut { .. })),
        "{error:?}"
    );
    assert_eq!(library, Library::starter());
}

#[test]
fn files_that_are_not_libraries_are_refused_with_a_reason() {
    let mut library = Library::starter();
    for (file, expected) in [
        ("", "not valid JSON"),
        ("[1,2]", "not valid JSON"),
        ("{\"version\":1}", "no \"templates\""),
        ("{\"templates\":[]}", "no \"version\""),
        ("{\"format\":\"other\",\"version\":1,\"templates\":[]}", "format"),
    ] {
        let message = library
            .import_json(file, ImportMode::Replace)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains(expected), "{file:?}: {message}");
    }
    assert_eq!(library, Library::starter());
}

#[test]
fn a_file_from_a_newer_tact_is_refused() {
    let mut library = Library::default();
    let file = format!(
        "{{\"format\":\"tact-library\",\"version\":{},\"templates\":[]}}",
        FORMAT_VERSION + 1
    );
    assert_eq!(
        library.import_json(&file, ImportMode::Merge).err(),
        Some(LibraryError::UnsupportedVersion {
            found: FORMAT_VERSION + 1
        })
    );
}

#[test]
fn an_empty_replace_empties_the_library() {
    let mut library = Library::starter();
    let report = library.import_json(r#"{"version":1,"templates":[]}"#, ImportMode::Replace);
    assert_eq!(report.map(|r| r.removed).ok(), Some(Library::starter().len()));
    assert!(library.is_empty());
}
