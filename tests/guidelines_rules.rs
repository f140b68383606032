#![cfg(not(target_arch = "wasm32"))]
//! Every rule kind, seen from outside: what a team writes in its rule file, what a draft
//! gets back, with ranges in UTF-16 code units.

use tact::core::guidelines::{Draft, Finding, Role, RuleSet, Severity};
use tact::core::model::{Lang, Network};

fn rules(yaml: &str) -> RuleSet {
    match RuleSet::from_yaml(yaml) {
        Ok(rules) => rules,
        Err(error) => panic!("rule file refused: {error}"),
    }
}

/// The text a finding covers, read back through its UTF-16 offsets as the DOM would.
fn covered(text: &str, finding: &Finding) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(units.get(finding.start..finding.end).unwrap_or(&[])).unwrap_or_default()
}

fn check_as(yaml: &str, text: &str, network: Option<Network>, lang: Lang, role: Role) -> Vec<(String, String)> {
    rules(yaml)
        .check(&Draft::new(text, network, lang, role))
        .iter()
        .map(|f| (f.rule_id.clone(), covered(text, f)))
        .collect()
}

fn check(yaml: &str, text: &str, lang: Lang) -> Vec<(String, String)> {
    check_as(yaml, text, None, lang, Role::Agent)
}

fn found(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(id, text)| ((*id).to_owned(), (*text).to_owned())).collect()
}

const FORBIDDEN: &str = r#"
rules:
  - id: no-promise
    kind: forbidden
    severity: block
    terms: [garanti, "rendement garanti", guaranteed, "l'argent facile"]
    reason: We never promise outcomes.
    suggest: [possible, likely]
"#;

#[test]
fn a_forbidden_term_is_found_whatever_its_case_and_accents() {
    assert_eq!(check(FORBIDDEN, "C'est GARANTÍ, vraiment.", Lang::Fr), found(&[("no-promise", "GARANTÍ")]));
}

#[test]
fn a_forbidden_phrase_is_reported_once_over_the_terms_inside_it() {
    assert_eq!(check(FORBIDDEN, "Un rendement garanti !", Lang::Fr), found(&[("no-promise", "rendement garanti")]));
}

#[test]
fn a_forbidden_term_inside_a_longer_word_is_not_found() {
    assert!(check(FORBIDDEN, "Notre garantie couvre tout, guaranteedly.", Lang::Fr).is_empty());
}

#[test]
fn elisions_with_either_apostrophe_respect_word_boundaries() {
    assert_eq!(check(FORBIDDEN, "Fini l’argent facile.", Lang::Fr), found(&[("no-promise", "l’argent facile")]));
    assert_eq!(check(FORBIDDEN, "qu'garanti", Lang::Fr), found(&[("no-promise", "garanti")]));
}

#[test]
fn hyphens_separate_words() {
    assert_eq!(check(FORBIDDEN, "un produit-garanti", Lang::Fr), found(&[("no-promise", "garanti")]));
}

#[test]
fn a_forbidden_finding_carries_severity_reason_and_suggestions_in_the_draft_language() {
    let findings = rules(FORBIDDEN).check(&Draft::new("Guaranteed results", None, Lang::En, Role::Agent));
    let finding = findings.first().cloned();
    assert_eq!(finding.as_ref().map(|f| f.severity), Some(Severity::Block));
    assert_eq!(
        finding.as_ref().map(|f| f.message.as_str()),
        Some("“Guaranteed” is not used in our replies. We never promise outcomes. Write “Possible” instead.")
    );
    assert_eq!(finding.map(|f| f.replacements), Some(vec!["Possible".to_owned(), "Likely".to_owned()]));
}

#[test]
fn offsets_count_emoji_as_two_units_and_survive_combining_accents() {
    let text = "😀👍🏽 cafe\u{301} garanti";
    let findings = rules(FORBIDDEN).check(&Draft::new(text, None, Lang::Fr, Role::Agent));
    assert_eq!(findings.iter().map(|f| (f.start, f.end)).collect::<Vec<_>>(), vec![(13, 20)]);
    assert_eq!(covered(text, &findings[0]), "garanti");
}

#[test]
fn a_term_written_with_a_combining_accent_is_found_whole() {
    let yaml = "rules:\n  - id: cafe\n    kind: forbidden\n    terms: [café]\n";
    assert_eq!(check(yaml, "Un cafe\u{301} ?", Lang::Fr), found(&[("cafe", "cafe\u{301}")]));
}

#[test]
fn case_and_accent_sensitive_rules_match_only_the_exact_form() {
    let yaml = r#"
rules:
  - id: brand-name
    kind: forbidden
    case_sensitive: true
    terms: [ACME]
  - id: accent
    kind: forbidden
    accent_sensitive: true
    terms: [pêche]
"#;
    assert_eq!(
        check(yaml, "Acme, ACME, peche, PÊCHE", Lang::Fr),
        found(&[("brand-name", "ACME"), ("accent", "PÊCHE")])
    );
}

#[test]
fn a_preferred_term_offers_its_substitute_in_the_same_case() {
    let yaml = "rules:\n  - id: sign-in\n    kind: preferred\n    prefer: sign in\n    instead_of: [log in, login]\n";
    let findings = rules(yaml).check(&Draft::new("Login, then log in again.", None, Lang::En, Role::Agent));
    let fixes: Vec<Vec<String>> = findings.iter().map(|f| f.replacements.clone()).collect();
    assert_eq!(fixes, vec![vec!["Sign in".to_owned()], vec!["sign in".to_owned()]]);
    assert_eq!(findings[0].message, "Write “Sign in” rather than “Login”.");
}

#[test]
fn a_french_preferred_term_gets_a_french_message() {
    let yaml = "rules:\n  - id: mp\n    kind: preferred\n    prefer: message privé\n    instead_of: [MP]\n";
    let findings = rules(yaml).check(&Draft::new("Écrivez-nous en MP.", None, Lang::Fr, Role::Agent));
    assert_eq!(findings[0].message, "Écrivez « MESSAGE PRIVÉ » plutôt que « MP ».");
}

const DISCLOSURE: &str = r##"
rules:
  - id: ad
    kind: required
    severity: block
    when_any: [concours, giveaway]
    text: ["#pub", "#ad"]
  - id: signature
    kind: required
    networks: [facebook]
    position: end
    separator: "\n\n"
    text: "— L'équipe Acme"
"##;

#[test]
fn a_required_disclosure_is_asked_only_when_its_trigger_appears() {
    assert!(check(DISCLOSURE, "Merci pour votre message !", Lang::Fr).is_empty());
    let findings = rules(DISCLOSURE).check(&Draft::new("Participez au concours !  ", None, Lang::Fr, Role::Agent));
    assert_eq!(findings.len(), 1);
    assert_eq!((findings[0].start, findings[0].end), (24, 24));
    assert_eq!(findings[0].replacements, vec![" #pub".to_owned()]);
    assert_eq!(findings[0].message, "« concours » demande ce texte : « #pub ».");
}

#[test]
fn a_present_disclosure_satisfies_the_rule() {
    assert!(check(DISCLOSURE, "Participez au #Concours ! #ad", Lang::Fr).is_empty());
}

#[test]
fn a_signature_is_required_at_the_end_on_its_networks_only() {
    let signed = "Merci !\n\n— L’équipe Acme";
    assert!(check_as(DISCLOSURE, signed, Some(Network::Facebook), Lang::Fr, Role::Agent).is_empty());
    let unsigned = "— L'équipe Acme vous répond demain";
    assert_eq!(
        check_as(DISCLOSURE, unsigned, Some(Network::Facebook), Lang::Fr, Role::Agent),
        found(&[("signature", "")])
    );
    assert!(check_as(DISCLOSURE, unsigned, Some(Network::X), Lang::Fr, Role::Agent).is_empty());
}

#[test]
fn a_pattern_rule_reports_each_match_with_its_message() {
    let yaml = r#"
rules:
  - id: percent
    kind: pattern
    pattern: '\b\d+\s?%\s+de rendement'
    message: "« {term} » : pas de chiffre de rendement."
"#;
    let findings = rules(yaml).check(&Draft::new(
        "Jusqu'à 8\u{a0}% de rendement, ou 12 % DE RENDEMENT",
        None,
        Lang::Fr,
        Role::Agent,
    ));
    let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "« 8\u{a0}% de rendement » : pas de chiffre de rendement.",
            "« 12 % DE RENDEMENT » : pas de chiffre de rendement."
        ]
    );
}

const PERSONAL: &str = "rules:\n  - id: pii\n    kind: personal_data\n    severity: block\n";

#[test]
fn personal_data_of_every_kind_is_found() {
    let text = "Mail: jean.dupont@example.fr, tél. 06 12 34 56 78 ou +33 6 12 34 56 78, \
                +44 20 7946 0958, IBAN FR76 3000 6000 0112 3456 7890 189, carte 4111-1111-1111-1111.";
    assert_eq!(
        check(PERSONAL, text, Lang::Fr),
        found(&[
            ("pii", "jean.dupont@example.fr"),
            ("pii", "06 12 34 56 78"),
            ("pii", "+33 6 12 34 56 78"),
            ("pii", "+44 20 7946 0958"),
            ("pii", "FR76 3000 6000 0112 3456 7890 189"),
            ("pii", "4111-1111-1111-1111"),
        ])
    );
}

#[test]
fn numbers_that_fail_their_checksums_are_not_personal_data() {
    let text = "Commande 4111 1111 1111 1112, réf. FR76 3000 6000 0112 3456 7890 180, le 12.03.2024, 1 234 567 €";
    assert!(check(PERSONAL, text, Lang::Fr).is_empty());
}

#[test]
fn personal_data_messages_speak_the_draft_language() {
    let findings = rules(PERSONAL).check(&Draft::new("06.12.34.56.78", None, Lang::En, Role::Agent));
    assert_eq!(findings[0].message, "A phone number in a public reply: share it in a private message.");
}

const LENGTH: &str = "rules:\n  - id: length\n    kind: length\n    severity: block\n    limits: { generic: 10 }\n";

#[test]
fn x_counts_links_as_23_and_emoji_as_2() {
    let link = "https://example.com/a/really/long/path/that/goes/on/and/on/and/on";
    let fits = format!("{}{} {link}", "a".repeat(250), "😀");
    // 250 + 2 + 1 + 23 = 276
    assert!(check_as(LENGTH, &fits, Some(Network::X), Lang::En, Role::Agent).is_empty());
    let too_long = format!("{fits}😀😀😀");
    let findings = rules(LENGTH).check(&Draft::new(too_long.clone(), Some(Network::X), Lang::En, Role::Agent));
    assert_eq!(findings.len(), 1);
    assert_eq!(covered(&too_long, &findings[0]), "😀", "the third emoji goes past 280");
    assert_eq!(findings[0].message, "282 characters as X counts them, 280 at most: 2 too many.");
}

#[test]
fn x_counts_cjk_as_2_and_accented_latin_as_1() {
    let findings = rules(LENGTH).check(&Draft::new("日".repeat(141), Some(Network::X), Lang::En, Role::Agent));
    assert_eq!(
        findings.first().map(|f| f.message.clone()),
        Some("282 characters as X counts them, 280 at most: 2 too many.".to_owned())
    );
    assert!(check_as(LENGTH, &"é".repeat(280), Some(Network::X), Lang::En, Role::Agent).is_empty());
}

#[test]
fn tiktok_counts_utf16_units_and_reddit_code_points() {
    let emoji = "😀".repeat(76); // 152 UTF-16 units, 76 code points
    assert_eq!(check_as(LENGTH, &emoji, Some(Network::Tiktok), Lang::En, Role::Agent).len(), 1);
    assert!(check_as(LENGTH, &"😀".repeat(5_000), Some(Network::Reddit), Lang::En, Role::Agent).is_empty());
}

#[test]
fn a_forum_has_no_limit_unless_the_rule_gives_one() {
    let yaml = "rules:\n  - id: length\n    kind: length\n";
    assert!(check(yaml, &"a".repeat(20_000), Lang::En).is_empty());
    let findings = rules(LENGTH).check(&Draft::new("Bonjour à tous", None, Lang::Fr, Role::Agent));
    assert_eq!(findings[0].message, "14 caractères au compte de ce site, 10 au plus : 4 de trop.");
    assert_eq!((findings[0].start, findings[0].end), (10, 14));
}

const LINKS: &str = "rules:\n  - id: links\n    kind: links\n    allowed_domains: [acme.fr, https://www.acme.com/]\n";

#[test]
fn links_outside_the_allowed_domains_and_shorteners_are_flagged() {
    let text = "Voir https://aide.acme.fr/x, www.acme.com, evil.example.org/promo?x=1 et bit.ly/abc.";
    assert_eq!(
        check(LINKS, text, Lang::Fr),
        found(&[("links", "evil.example.org/promo?x=1"), ("links", "bit.ly/abc")])
    );
    let findings = rules(LINKS).check(&Draft::new("bit.ly/abc", None, Lang::En, Role::Agent));
    assert_eq!(findings[0].message, "A shortened link (bit.ly) hides where it leads: give the full address.");
}

#[test]
fn shouting_capitals_and_repeated_marks_are_flagged_with_calmer_text() {
    let yaml = "rules:\n  - id: shout\n    kind: shouting\n";
    let findings =
        rules(yaml).check(&Draft::new("MERCI BEAUCOUP pour votre retour !!! La SNCF ?", None, Lang::Fr, Role::Agent));
    let fixes: Vec<(String, Vec<String>)> = findings
        .iter()
        .map(|f| (covered("MERCI BEAUCOUP pour votre retour !!! La SNCF ?", f), f.replacements.clone()))
        .collect();
    assert_eq!(
        fixes,
        vec![
            ("MERCI BEAUCOUP".to_owned(), vec!["Merci beaucoup".to_owned()]),
            ("!!!".to_owned(), vec!["!".to_owned()])
        ]
    );
}

#[test]
fn competitors_are_found_even_in_possessives() {
    let yaml = "rules:\n  - id: rivals\n    kind: competitor\n    severity: approval\n    terms: [Contoso]\n";
    let findings =
        rules(yaml).check(&Draft::new("Unlike Contoso's offer, ours is simple.", None, Lang::En, Role::Agent));
    assert_eq!(findings[0].message, "“Contoso” is a competitor: we do not name competitors.");
    assert_eq!(findings[0].severity, Severity::Approval);
}

#[test]
fn the_brand_never_speaks_as_a_consumer_in_either_language() {
    let yaml = "rules:\n  - id: persona\n    kind: persona\n    severity: block\n    terms: [\"moi aussi\"]\n";
    assert_eq!(
        check(yaml, "As a customer, I bought it too. En tant que cliente, j’ai acheté le même. Moi aussi !", Lang::En),
        found(&[
            ("persona", "As a customer"),
            ("persona", "I bought"),
            ("persona", "En tant que cliente"),
            ("persona", "j’ai acheté"),
            ("persona", "Moi aussi"),
        ])
    );
}

#[test]
fn rules_apply_only_to_their_networks_languages_and_roles() {
    let yaml = r#"
rules:
  - id: interns-only
    kind: forbidden
    severity: approval
    roles: [intern]
    terms: [refund]
  - id: english-on-x
    kind: forbidden
    networks: [x]
    languages: [en]
    terms: [refund]
"#;
    let text = "We will refund you.";
    assert_eq!(check_as(yaml, text, Some(Network::X), Lang::En, Role::Intern).len(), 2);
    assert_eq!(check_as(yaml, text, Some(Network::X), Lang::En, Role::Manager), found(&[("english-on-x", "refund")]));
    assert!(check_as(yaml, text, Some(Network::Linkedin), Lang::Fr, Role::Agent).is_empty());
}

#[test]
fn disabled_rules_do_nothing() {
    let yaml = "rules:\n  - id: off\n    kind: forbidden\n    enabled: false\n    terms: [refund]\n";
    assert!(check(yaml, "refund", Lang::En).is_empty());
}

#[test]
fn json_rule_files_work_like_yaml_ones() {
    let json = r#"{"rules": [{"id": "no-cheap", "kind": "forbidden", "terms": ["cheap"], "severity": "info"}]}"#;
    let findings = RuleSet::from_json(json).map(|r| r.check(&Draft::new("cheap", None, Lang::En, Role::Agent)));
    assert_eq!(findings.map(|f| f.len()).map_err(|e| e.to_string()), Ok(1));
}

#[test]
fn a_rule_message_with_placeholders_replaces_the_built_in_one() {
    let yaml = "rules:\n  - id: m\n    kind: forbidden\n    terms: [cheap]\n    suggest: affordable\n    message:\n      en: \"Say {suggestion}, not {term}.\"\n      fr: \"Dites {suggestion}.\"\n";
    let findings = rules(yaml).check(&Draft::new("so cheap", None, Lang::En, Role::Agent));
    assert_eq!(findings[0].message, "Say affordable, not cheap.");
}

const BY_LANGUAGE: &str = r#"
rules:
  - id: fr-only
    kind: forbidden
    languages: [fr]
    terms: [remboursement]
  - id: en-only
    kind: forbidden
    languages: [en]
    terms: [remboursement]
"#;

#[test]
fn a_draft_without_a_language_is_checked_in_the_language_of_its_text() {
    let text = "Bonjour, nous avons bien reçu votre demande de remboursement et nous revenons vers vous.";
    let findings = rules(BY_LANGUAGE).check(&Draft::new(text, None, None, Role::Agent));
    let ids: Vec<&str> = findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert_eq!(ids, ["fr-only"]);
    assert!(findings[0].message.contains("remboursement"));
}

#[test]
fn a_draft_whose_language_cannot_be_told_gets_the_rules_of_every_language() {
    let findings = rules(BY_LANGUAGE).check(&Draft::new("remboursement ?", None, None, Role::Agent));
    let ids: Vec<&str> = findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert_eq!(ids, ["en-only", "fr-only"]);
}

#[test]
fn a_draft_travels_as_json_with_its_language_optional() {
    let draft: Draft =
        serde_json::from_str(r#"{"text": "hi", "network": "x", "role": "intern"}"#).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(draft, Draft::new("hi", Some(Network::X), None, Role::Intern));
    let with_language: Draft =
        serde_json::from_str(r#"{"text": "hi", "network": null, "language": "fr", "role": "agent"}"#)
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(with_language.language, Some(Lang::Fr));
}

#[test]
fn network_counts_are_public_for_the_composer() {
    use tact::core::guidelines::length::{count_for_network, limit_for_network};
    let text = "Voir https://www.example.com/a/very/long/path 👍🏽";
    assert_eq!(count_for_network(text, Some(Network::X)), 5 + 23 + 1 + 2);
    assert_eq!(count_for_network(text, Some(Network::Instagram)), text.encode_utf16().count());
    assert_eq!(count_for_network(text, Some(Network::Reddit)), text.chars().count());
    assert_eq!(limit_for_network(Network::Instagram), 2_200);
}

#[test]
fn french_phone_numbers_are_found_in_every_usual_form() {
    let text =
        "Appelez le 06.12.34.56.78, le 0612345678, le +33 (0)6 12 34 56 78, le +33612345678 ou le 01-23-45-67-89.";
    assert_eq!(
        check(PERSONAL, text, Lang::Fr),
        found(&[
            ("pii", "06.12.34.56.78"),
            ("pii", "0612345678"),
            ("pii", "+33 (0)6 12 34 56 78"),
            ("pii", "+33612345678"),
            ("pii", "01-23-45-67-89"),
        ])
    );
}

#[test]
fn pattern_rules_find_the_same_with_or_without_a_leading_word_in_any_case() {
    let yaml = r#"
rules:
  - id: promised
    kind: pattern
    pattern: '\brendement\s+garanti'
    message: "{term}"
  - id: figure
    kind: pattern
    pattern: '\d+\s?%\s+garanti'
    message: "{term}"
"#;
    let text = "Un RENDEMENT  Garanti, 5\u{a0}% garanti, surrendement garanti, 7 % GARANTI 😀";
    assert_eq!(
        check(yaml, text, Lang::Fr),
        found(&[("promised", "RENDEMENT  Garanti"), ("figure", "5\u{a0}% garanti"), ("figure", "7 % GARANTI"),])
    );
    assert!(check(yaml, "Aucun chiffre ici, rien de garanti.", Lang::Fr).is_empty());
}
