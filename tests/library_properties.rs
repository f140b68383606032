#![cfg(not(target_arch = "wasm32"))]
//! Whatever is typed or imported, the library never panics.

use proptest::prelude::*;
use tact::core::library::bench_support::synthetic_templates;
use tact::core::library::{
    detect_language, find_shortcut_before_caret, ImportMode, Lang, Library, Network, Query, SearchIndex,
};

fn index() -> &'static SearchIndex {
    static INDEX: std::sync::OnceLock<SearchIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut templates = Library::starter().templates().to_vec();
        templates.extend(synthetic_templates(300));
        SearchIndex::build(&templates)
    })
}

fn lang() -> impl Strategy<Value = Option<Lang>> {
    prop_oneof![Just(None), Just(Some(Lang::Fr)), Just(Some(Lang::En))]
}

fn network() -> impl Strategy<Value = Option<Network>> {
    prop_oneof![Just(None), Just(Some(Network::X)), Just(Some(Network::Tiktok))]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn search_never_panics_and_respects_the_limit(
        text in "\\PC{0,60}|[a-zéèàç ;'-]{0,40}",
        lang in lang(),
        network in network(),
        now_ms in any::<i64>(),
        limit in 0usize..300,
    ) {
        let hits = index().search(&Query { text, lang, network, now_ms, limit });
        prop_assert!(hits.len() <= limit.min(tact::core::library::MAX_LIMIT));
        let ordered = hits.windows(2).all(|pair| pair[0].score >= pair[1].score);
        prop_assert!(ordered);
    }

    #[test]
    fn import_never_panics_and_leaves_the_library_whole_on_error(json in "\\PC{0,300}") {
        let mut library = Library::starter();
        if library.import_json(&json, ImportMode::Merge).is_err() {
            prop_assert_eq!(library, Library::starter());
        }
    }

    #[test]
    fn import_of_mangled_exports_never_panics(cut in 0usize..4_000, byte in any::<u8>()) {
        let mut file = Library::starter().export_json().into_bytes();
        let at = cut % file.len();
        file[at] = byte;
        let text = String::from_utf8_lossy(&file).into_owned();
        let mut library = Library::default();
        let _ = library.import_json(&text, ImportMode::Replace);
    }

    #[test]
    fn the_trigger_and_language_detection_never_panic(text in "\\PC{0,80}", caret in 0usize..200) {
        let _ = find_shortcut_before_caret(&text, caret, index());
        let _ = detect_language(&text);
    }
}
