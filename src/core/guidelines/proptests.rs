//! Property tests: no rule file and no draft can make loading or checking panic, and every
//! finding's range lies inside the draft, on character boundaries.

use proptest::prelude::*;

use super::*;
use crate::core::model::{Lang, Network};

fn any_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "É",
        "e\u{301}",
        "l’",
        "qu'",
        "-",
        " ",
        "\u{202F}",
        "!",
        "?",
        "😀",
        "👨\u{200D}👩\u{200D}👧",
        "🇫🇷",
        "日本",
        "œ",
        "ß",
        "İ",
        "garanti",
        "GARANTI",
        "j'ai acheté",
        "06 12 34 56 78",
        "@",
        "x@y.fr",
        "https://bit.ly/x",
        "4111 1111 1111 1111",
        "FR76",
        "\n",
        "\u{200B}",
        "invest",
        "#ad",
        ".",
        "0",
        "+33",
        "%",
        "5 %",
        "I'd",
        "❤\u{FE0F}",
        "²",
        "_",
        "\u{200D}",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|p| p.concat())
}

fn any_draft() -> impl Strategy<Value = Draft> {
    (any_text(), prop::option::of(prop::sample::select(Network::ALL.to_vec())), any::<bool>(), 0..4usize).prop_map(
        |(text, network, french, role)| {
            let lang = if french { Lang::Fr } else { Lang::En };
            Draft::new(text, network, lang, Role::ALL.get(role).copied().unwrap_or(Role::Agent))
        },
    )
}

fn starters() -> Vec<RuleSet> {
    starter_names().into_iter().filter_map(|name| RuleSet::starter(name).ok()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn checking_any_draft_never_panics_and_stays_in_range(draft in any_draft()) {
        let units = draft.text.encode_utf16().count();
        for rules in starters() {
            for finding in rules.check(&draft) {
                prop_assert!(finding.start <= finding.end && finding.end <= units);
                let utf16: Vec<u16> = draft.text.encode_utf16().collect();
                prop_assert!(String::from_utf16(&utf16[..finding.start]).is_ok(), "start splits a character");
                prop_assert!(String::from_utf16(&utf16[..finding.end]).is_ok(), "end splits a character");
            }
        }
    }

    #[test]
    fn any_terms_load_and_check_without_panicking(terms in prop::collection::vec(any_text(), 1..5), draft in any_draft()) {
        let file = format!(
            "rules:\n  - id: t\n    kind: forbidden\n    terms: {}\n  - id: p\n    kind: preferred\n    prefer: x\n    instead_of: {}\n",
            serde_json::to_string(&terms).unwrap_or_default(),
            serde_json::to_string(&terms).unwrap_or_default(),
        );
        if let Ok(rules) = RuleSet::from_yaml(&file) {
            let _ = rules.check(&draft);
        }
    }

    #[test]
    fn any_pattern_is_refused_at_load_or_runs(pattern in "\\PC{0,40}", draft in any_draft()) {
        let file = serde_json::json!({"rules": [{"id": "p", "kind": "pattern", "pattern": pattern, "message": "m"}]});
        if let Ok(rules) = RuleSet::from_json(&file.to_string()) {
            let _ = rules.check(&draft);
        }
    }

    #[test]
    fn any_yaml_text_is_loaded_or_refused_without_panicking(source in "\\PC{0,200}") {
        let _ = RuleSet::from_yaml(&source);
        let _ = RuleSet::from_json(&source);
    }

    #[test]
    fn a_pattern_tried_at_its_leading_words_finds_what_a_full_search_finds(
        pattern in prop::sample::select(vec![
            r"\bgaranti\b",
            r"\b(?:invest|garanti)\w*",
            r"acheté\s?\d",
            r"\bgarant?i",
            r"qu'\w+",
            r"fr76\d*",
            r"\bje\b",
            r"\d+\s?%",
            r"\d\s?garanti",
            r"(?:x|gar)anti",
            r"j'ai \w+",
            r"\b(?:I'd|j'ai) \w+",
            r"[0-9]{1,3}\s?%\s?garantis?",
            r" garanti",
            r"\b(?: qu'|'a)\w*",
        ]),
        case_sensitive in any::<bool>(),
        draft in any_draft(),
    ) {
        let file = serde_json::json!({"rules": [{
            "id": "p", "kind": "pattern", "pattern": pattern, "message": "m", "case_sensitive": case_sensitive,
        }]});
        let rules = RuleSet::from_json(&file.to_string()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let plain = regex::RegexBuilder::new(pattern).case_insensitive(!case_sensitive).build()
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let utf16 = |byte: usize| draft.text.get(..byte).map_or(0, |t| t.encode_utf16().count());
        let expected: Vec<(usize, usize)> =
            plain.find_iter(&draft.text).map(|m| (utf16(m.start()), utf16(m.end()))).collect();
        let found: Vec<(usize, usize)> = rules.check(&draft).iter().map(|f| (f.start, f.end)).collect();
        prop_assert_eq!(found, expected);
    }
}
