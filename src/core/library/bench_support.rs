//! A deterministic library of realistic-looking templates for benchmarks, shared by the
//! native benchmark and the wasm one so both measure the same data.

use super::model::{Lang, Network, Scope, Template, Variant};

const FRENCH_WORDS: &[&str] = &[
    "merci",
    "bonjour",
    "commande",
    "livraison",
    "retard",
    "remboursement",
    "colis",
    "service",
    "client",
    "réponse",
    "équipe",
    "désolé",
    "message",
    "privé",
    "compte",
    "produit",
    "échange",
    "retour",
    "délai",
    "facture",
    "paiement",
    "adresse",
    "suivi",
    "numéro",
    "problème",
    "solution",
    "rapidement",
    "vérifier",
    "envoyer",
    "recevoir",
    "horaires",
    "ouverture",
    "fermé",
    "demain",
    "aujourd'hui",
    "semaine",
    "boutique",
    "magasin",
    "garantie",
    "réparation",
    "avis",
    "retour",
    "conseiller",
    "assistance",
    "contact",
    "formulaire",
    "lien",
    "site",
    "application",
    "mise",
    "jour",
    "bug",
    "signalé",
    "correctif",
    "fonctionnalité",
    "suggestion",
    "presse",
    "journaliste",
    "partenariat",
    "offre",
    "promotion",
    "code",
    "réduction",
    "stock",
    "disponible",
    "taille",
    "couleur",
    "qualité",
    "confiance",
    "patience",
    "compréhension",
    "excuses",
    "nous",
    "vous",
    "votre",
    "pour",
    "avec",
    "dans",
    "très",
    "bien",
    "toujours",
    "bientôt",
    "possible",
];

const ENGLISH_WORDS: &[&str] = &[
    "thanks",
    "hello",
    "order",
    "delivery",
    "delay",
    "refund",
    "parcel",
    "service",
    "customer",
    "reply",
    "team",
    "sorry",
    "message",
    "private",
    "account",
    "product",
    "exchange",
    "return",
    "shipping",
    "invoice",
    "payment",
    "address",
    "tracking",
    "number",
    "issue",
    "solution",
    "quickly",
    "check",
    "send",
    "receive",
    "hours",
    "opening",
    "closed",
    "tomorrow",
    "today",
    "week",
    "store",
    "shop",
    "warranty",
    "repair",
    "review",
    "advisor",
    "support",
    "contact",
    "form",
    "link",
    "website",
    "app",
    "update",
    "bug",
    "reported",
    "fix",
    "feature",
    "suggestion",
    "press",
    "journalist",
    "partnership",
    "offer",
    "promotion",
    "code",
    "discount",
    "stock",
    "available",
    "size",
    "colour",
    "quality",
    "trust",
    "patience",
    "understanding",
    "apologies",
    "we",
    "you",
    "your",
    "for",
    "with",
    "in",
    "very",
    "well",
    "always",
    "soon",
    "possible",
];

/// Syllables for invented words (product names, places), so the vocabulary grows with the
/// library like a real one does instead of staying at a few hundred words.
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ren", "tor", "va", "sel", "quo", "bri", "dan", "fe", "gul", "hos", "ix", "jun", "ple", "zor",
    "wen", "char", "ly", "na", "pe", "ro", "sti", "ul", "vy", "xo", "zen",
];

/// Small, fast, deterministic generator (xorshift64*): same seed, same library.
struct Sequence(u64);

impl Sequence {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words.get(self.below(words.len())).copied().unwrap_or("")
    }

    fn invented_word(&mut self) -> String {
        (0..3).map(|_| self.pick(SYLLABLES)).collect()
    }

    fn sentence(&mut self, words: &[&str], count: usize) -> String {
        let mut out = String::new();
        for i in 0..count {
            if i > 0 {
                out.push(if i % 11 == 0 { '.' } else { ' ' });
                if i % 11 == 0 {
                    out.push(' ');
                }
            }
            if i % 9 == 4 {
                out.push_str(&self.invented_word());
            } else {
                out.push_str(self.pick(words));
            }
        }
        out
    }
}

/// `n` templates, always the same for the same `n`: bilingual, a short X wording on one in
/// four, bodies of 25 to 80 words with Mustache tags, and varied usage and recency.
pub fn synthetic_templates(n: usize) -> Vec<Template> {
    let mut sequence = Sequence(0x9E37_79B9_7F4A_7C15);
    (0..n).map(|i| synthetic_template(i, &mut sequence)).collect()
}

fn synthetic_template(i: usize, sequence: &mut Sequence) -> Template {
    let title_words = 2 + sequence.below(4);
    let title = format!(
        "{} · {}",
        sequence.sentence(FRENCH_WORDS, title_words),
        sequence.sentence(ENGLISH_WORDS, 2)
    );
    let shortcut = format!("{}-{i}", sequence.pick(ENGLISH_WORDS));
    let tags = vec![
        sequence.pick(FRENCH_WORDS).to_owned(),
        sequence.pick(ENGLISH_WORDS).to_owned(),
    ];
    let french_words = 25 + sequence.below(56);
    let english_words = 25 + sequence.below(56);
    let mut variants = vec![
        Variant {
            lang: Lang::Fr,
            network: None,
            body: format!(
                "Bonjour {{{{author.first_name}}}}, {}.",
                sequence.sentence(FRENCH_WORDS, french_words)
            ),
        },
        Variant {
            lang: Lang::En,
            network: None,
            body: format!(
                "Hi {{{{author.first_name}}}}, {}.",
                sequence.sentence(ENGLISH_WORDS, english_words)
            ),
        },
    ];
    if i % 4 == 0 {
        let short = 8 + sequence.below(10);
        variants.push(Variant {
            lang: Lang::En,
            network: Some(Network::X),
            body: sequence.sentence(ENGLISH_WORDS, short),
        });
    }
    let usage_count = if sequence.below(3) == 0 {
        0
    } else {
        sequence.below(200) as u64
    };
    let last_used_ms = (usage_count > 0).then(|| 1_700_000_000_000 - (sequence.below(90 * 86_400) as i64) * 1_000);
    Template {
        id: format!("bench-{i:05}"),
        title,
        shortcut,
        tags,
        variants,
        scope: if i % 5 == 0 { Scope::Team } else { Scope::Personal },
        usage_count,
        last_used_ms,
        created_by: "bench".into(),
        updated_by: "bench".into(),
        created_ms: 1_690_000_000_000,
        updated_ms: 1_690_000_000_000,
        version: 1,
        folder: None,
    }
}
