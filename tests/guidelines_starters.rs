#![cfg(not(target_arch = "wasm32"))]
//! The starter rule sets on realistic replies, in French and English, with the exact findings.

use tact::core::guidelines::{starter_names, starter_yaml, Draft, Role, RuleSet, Severity};
use tact::core::model::{Lang, Network};

fn starter(name: &str) -> RuleSet {
    match RuleSet::starter(name) {
        Ok(rules) => rules,
        Err(error) => panic!("starter {name} refused: {error}"),
    }
}

/// (rule id, severity, covered text) for each finding.
fn findings(
    name: &str,
    text: &str,
    network: Option<Network>,
    lang: Lang,
    role: Role,
) -> Vec<(String, Severity, String)> {
    let units: Vec<u16> = text.encode_utf16().collect();
    starter(name)
        .check(&Draft::new(text, network, lang, role))
        .into_iter()
        .map(|f| {
            let covered = String::from_utf16(units.get(f.start..f.end).unwrap_or(&[])).unwrap_or_default();
            (f.rule_id, f.severity, covered)
        })
        .collect()
}

fn expect(items: &[(&str, Severity, &str)]) -> Vec<(String, Severity, String)> {
    items.iter().map(|(id, s, t)| ((*id).to_owned(), *s, (*t).to_owned())).collect()
}

#[test]
fn every_starter_loads_and_is_listed() {
    assert_eq!(starter_names().len(), 6);
    for name in starter_names() {
        assert!(starter(name).len() >= 3, "{name}");
        assert!(starter_yaml(name).is_some_and(|yaml| yaml.contains("rules:")));
    }
    assert!(RuleSet::starter("nope").is_err_and(|e| e.to_string().contains("brand-safety-fr")));
}

#[test]
fn a_polite_french_reply_passes_the_french_brand_safety_set() {
    let reply = "Bonjour Camille, merci pour votre message ! Nous sommes désolés pour ce retard : \
                 pouvez-vous nous écrire en message privé avec votre numéro de commande ? L’équipe Acme";
    assert!(findings("brand-safety-fr", reply, Some(Network::Facebook), Lang::Fr, Role::Agent).is_empty());
}

#[test]
fn an_angry_french_reply_gets_the_brand_safety_findings() {
    let reply = "Calmez-vous !!! C'est de votre faute, envoyez-nous un MP au 06 12 34 56 78. \
                 Chez Contoso c'est pire.";
    assert_eq!(
        findings("brand-safety-fr", reply, Some(Network::Facebook), Lang::Fr, Role::Agent),
        expect(&[
            ("securite-fr.reproches", Severity::Warn, "Calmez-vous"),
            ("securite-fr.cris", Severity::Warn, "!!!"),
            ("securite-fr.reproches", Severity::Warn, "C'est de votre faute"),
            ("securite-fr.message-prive", Severity::Info, "MP"),
            ("securite-fr.donnees-personnelles", Severity::Block, "06 12 34 56 78"),
            ("securite-fr.concurrents", Severity::Approval, "Contoso"),
        ])
    );
}

#[test]
fn an_intern_promising_a_refund_needs_approval_but_an_agent_does_not() {
    let reply = "We are sorry: we will refund your order today. Please DM us at help@acme.com";
    let expected_common = [
        ("safety-en.private-message", Severity::Info, "DM"),
        ("safety-en.personal-data", Severity::Block, "help@acme.com"),
    ];
    assert_eq!(findings("brand-safety-en", reply, Some(Network::X), Lang::En, Role::Agent), expect(&expected_common));
    assert_eq!(
        findings("brand-safety-en", reply, Some(Network::X), Lang::En, Role::Intern),
        expect(&[("safety-en.intern-refunds", Severity::Approval, "refund"), expected_common[0], expected_common[1],])
    );
}

#[test]
fn a_long_english_reply_on_x_is_blocked_from_the_excess() {
    let reply = format!("Thanks for your patience! {}", "We are looking into it. ".repeat(12));
    let found = findings("brand-safety-en", &reply, Some(Network::X), Lang::En, Role::Agent);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].0.as_str(), found[0].1), ("safety-en.length", Severity::Block));
    assert_eq!(found[0].2.chars().count(), reply.chars().count() - 280);
}

#[test]
fn the_brand_speaking_as_a_customer_is_blocked_in_english() {
    let reply = "Honestly, as a customer I bought the same blender and I love this product! #ad";
    assert_eq!(
        findings("persona-disclosure-en", reply, Some(Network::Instagram), Lang::En, Role::Agent),
        expect(&[
            ("persona-en.consumer-voice", Severity::Block, "as a customer"),
            ("persona-en.consumer-voice", Severity::Block, "I bought"),
            ("persona-en.consumer-voice", Severity::Block, "I love this product"),
        ])
    );
}

#[test]
fn a_french_contest_without_disclosure_and_signature_is_caught() {
    let reply = "Participez à notre jeu-concours pour gagner un an de café !";
    let rules = starter("persona-disclosure-fr");
    let found = rules.check(&Draft::new(reply, Some(Network::Facebook), Lang::Fr, Role::Agent));
    let summary: Vec<(&str, Severity, &str)> =
        found.iter().map(|f| (f.rule_id.as_str(), f.severity, f.replacements[0].as_str())).collect();
    assert_eq!(
        summary,
        vec![
            ("persona-fr.mention-publicitaire", Severity::Block, " #publicité"),
            ("persona-fr.signature", Severity::Warn, "\n\n— L'équipe Acme"),
        ]
    );
    assert_eq!(found[0].message, "« jeu-concours » est une promotion : signalez-la avec « #publicité ».");
    let fixed = format!("{reply} #publicité\n\n— L’équipe Acme");
    assert!(rules.check(&Draft::new(fixed, Some(Network::Facebook), Lang::Fr, Role::Agent)).is_empty());
}

#[test]
fn a_french_persona_slip_is_blocked() {
    let reply = "En tant que cliente moi-même, j’ai acheté ce modèle : il est top.";
    assert_eq!(
        findings("persona-disclosure-fr", reply, None, Lang::Fr, Role::Agent),
        expect(&[
            ("persona-fr.voix-de-client", Severity::Block, "En tant que cliente"),
            ("persona-fr.voix-de-client", Severity::Block, "j’ai acheté"),
        ])
    );
}

#[test]
fn an_english_investment_reply_needs_a_risk_warning_and_no_promises() {
    let reply = "Our new fund offers guaranteed returns of 7% a year returns, and I'd recommend that you move your savings there.";
    assert_eq!(
        findings("financial-services-en", reply, Some(Network::Linkedin), Lang::En, Role::Agent),
        expect(&[
            ("finance-en.promised-returns", Severity::Block, "guaranteed returns"),
            ("finance-en.return-figures", Severity::Block, "7% a year returns"),
            ("finance-en.personal-advice", Severity::Approval, "I'd recommend that you move"),
            ("finance-en.risk-warning", Severity::Block, ""),
        ])
    );
}

#[test]
fn an_english_investment_reply_with_its_warning_passes() {
    let reply = "You can read about the fund's past performance in its key information document. Capital at risk";
    assert!(findings("financial-services-en", reply, None, Lang::En, Role::Agent).is_empty());
}

#[test]
fn a_french_investment_reply_gets_its_findings() {
    let reply = "Avec notre placement, c’est zéro risque et 5\u{a0}% de rendement garantis. \
                 À votre place, je vous conseille d’investir tout de suite.";
    assert_eq!(
        findings("financial-services-fr", reply, Some(Network::Facebook), Lang::Fr, Role::Agent),
        expect(&[
            ("finance-fr.rendement-promis", Severity::Block, "zéro risque"),
            ("finance-fr.chiffres-de-rendement", Severity::Block, "5\u{a0}% de rendement"),
            ("finance-fr.conseil-personnalise", Severity::Approval, "À votre place, je vous conseille d’investir"),
            ("finance-fr.avertissement-risques", Severity::Block, ""),
        ])
    );
}

#[test]
fn a_french_investment_reply_with_its_warning_passes() {
    let reply = "Les performances passées de ce fonds sont détaillées dans son DIC. Investir comporte un risque de perte en capital";
    assert!(findings("financial-services-fr", reply, None, Lang::Fr, Role::Agent).is_empty());
}
