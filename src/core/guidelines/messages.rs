//! The built-in finding messages, in French and English (the draft's language).

use super::draft::Venue;
use super::spec::{Detector, LocalizedText, Position};
use crate::core::model::Lang;

/// What a message can mention; a rule's own message may use `{term}`, `{suggestion}`,
/// `{text}` and `{reason}`.
#[derive(Debug, Default)]
pub struct Fill<'a> {
    pub term: &'a str,
    pub suggestion: &'a str,
    pub text: &'a str,
    pub reason: &'a str,
}

/// A rule's own message with its placeholders filled.
pub fn custom(message: &LocalizedText, lang: Lang, fill: &Fill<'_>) -> String {
    message
        .get(lang)
        .replace("{term}", fill.term)
        .replace("{suggestion}", fill.suggestion)
        .replace("{text}", fill.text)
        .replace("{reason}", fill.reason)
}

fn quoted(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => format!("“{text}”"),
        Lang::Fr => format!("« {text} »"),
    }
}

fn with_reason_and_suggestion(mut message: String, lang: Lang, fill: &Fill<'_>) -> String {
    if !fill.reason.is_empty() {
        message.push(' ');
        message.push_str(fill.reason);
    }
    if !fill.suggestion.is_empty() {
        let suggestion = quoted(lang, fill.suggestion);
        message.push_str(&match lang {
            Lang::En => format!(" Write {suggestion} instead."),
            Lang::Fr => format!(" Écrivez plutôt {suggestion}."),
        });
    }
    message
}

pub fn forbidden(lang: Lang, fill: &Fill<'_>) -> String {
    let term = quoted(lang, fill.term);
    let message = match lang {
        Lang::En => format!("{term} is not used in our replies."),
        Lang::Fr => format!("{term} n'est pas employé dans nos réponses."),
    };
    with_reason_and_suggestion(message, lang, fill)
}

pub fn competitor(lang: Lang, fill: &Fill<'_>) -> String {
    let term = quoted(lang, fill.term);
    let message = match lang {
        Lang::En => format!("{term} is a competitor: we do not name competitors."),
        Lang::Fr => format!("{term} est un concurrent : nous ne citons pas nos concurrents."),
    };
    with_reason_and_suggestion(message, lang, fill)
}

pub fn persona(lang: Lang, fill: &Fill<'_>) -> String {
    let term = quoted(lang, fill.term);
    match lang {
        Lang::En => format!("{term} speaks as a customer: the brand never writes as a consumer."),
        Lang::Fr => format!("{term} parle comme un client : la marque n'écrit jamais comme un consommateur."),
    }
}

pub fn preferred(lang: Lang, fill: &Fill<'_>) -> String {
    let (better, term) = (quoted(lang, fill.suggestion), quoted(lang, fill.term));
    match lang {
        Lang::En => format!("Write {better} rather than {term}."),
        Lang::Fr => format!("Écrivez {better} plutôt que {term}."),
    }
}

/// A required text is missing; `fill.term` is the word that made it required, if any.
pub fn required(lang: Lang, position: Position, fill: &Fill<'_>) -> String {
    let text = quoted(lang, fill.text);
    if !fill.term.is_empty() {
        let term = quoted(lang, fill.term);
        return match lang {
            Lang::En => format!("{term} calls for this text: {text}."),
            Lang::Fr => format!("{term} demande ce texte : {text}."),
        };
    }
    match (lang, position) {
        (Lang::En, Position::Anywhere) => format!("This reply must include {text}."),
        (Lang::En, Position::Start) => format!("This reply must start with {text}."),
        (Lang::En, Position::End) => format!("This reply must end with {text}."),
        (Lang::Fr, Position::Anywhere) => format!("Cette réponse doit contenir {text}."),
        (Lang::Fr, Position::Start) => format!("Cette réponse doit commencer par {text}."),
        (Lang::Fr, Position::End) => format!("Cette réponse doit finir par {text}."),
    }
}

pub fn personal_data(lang: Lang, detector: Detector) -> String {
    let text = match (lang, detector) {
        (Lang::En, Detector::Email) => "An email address in a public reply: share it in a private message.",
        (Lang::En, Detector::Phone) => "A phone number in a public reply: share it in a private message.",
        (Lang::En, Detector::Iban) => "A bank account number (IBAN) in a public reply: share it in a private message.",
        (Lang::En, Detector::Card) => "A payment card number: never write one, not even in a private message.",
        (Lang::Fr, Detector::Email) => "Une adresse e-mail dans une réponse publique : donnez-la en message privé.",
        (Lang::Fr, Detector::Phone) => "Un numéro de téléphone dans une réponse publique : donnez-le en message privé.",
        (Lang::Fr, Detector::Iban) => {
            "Un numéro de compte (IBAN) dans une réponse publique : donnez-le en message privé."
        }
        (Lang::Fr, Detector::Card) => "Un numéro de carte bancaire : ne l'écrivez jamais, même en message privé.",
    };
    text.to_owned()
}

fn venue_name(lang: Lang, venue: Venue) -> &'static str {
    match (venue, lang) {
        (Venue::X, _) => "X",
        (Venue::Linkedin, _) => "LinkedIn",
        (Venue::Facebook, _) => "Facebook",
        (Venue::Instagram, _) => "Instagram",
        (Venue::Youtube, _) => "YouTube",
        (Venue::Reddit, _) => "Reddit",
        (Venue::Tiktok, _) => "TikTok",
        (Venue::Generic, Lang::En) => "this site",
        (Venue::Generic, Lang::Fr) => "ce site",
    }
}

pub fn too_long(lang: Lang, venue: Venue, count: usize, limit: usize) -> String {
    let (name, excess) = (venue_name(lang, venue), count.saturating_sub(limit));
    match lang {
        Lang::En => format!("{count} characters as {name} counts them, {limit} at most: {excess} too many."),
        Lang::Fr => format!("{count} caractères au compte de {name}, {limit} au plus : {excess} de trop."),
    }
}

pub fn link_not_allowed(lang: Lang, host: &str, allowed: &[String]) -> String {
    let allowed = allowed.join(", ");
    match lang {
        Lang::En => format!("A link to {host}: only links to {allowed} are allowed."),
        Lang::Fr => format!("Un lien vers {host} : seuls les liens vers {allowed} sont permis."),
    }
}

pub fn shortened_link(lang: Lang, host: &str) -> String {
    match lang {
        Lang::En => format!("A shortened link ({host}) hides where it leads: give the full address."),
        Lang::Fr => format!("Un lien raccourci ({host}) cache sa destination : donnez l'adresse complète."),
    }
}

pub fn capitals(lang: Lang) -> String {
    match lang {
        Lang::En => "Capitals read as shouting.".to_owned(),
        Lang::Fr => "Les majuscules donnent l'impression de crier.".to_owned(),
    }
}

pub fn repeated_punctuation(lang: Lang, run: &str) -> String {
    match lang {
        Lang::En => format!("“{run}”: one mark is enough."),
        Lang::Fr => format!("« {run} » : un seul signe suffit."),
    }
}
