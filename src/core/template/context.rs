//! The variables a reply can use, filled from the comment being answered.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::date::CalendarDate;
use super::first_name::first_name_from_display_name;
use super::lang::Lang;

/// A variable offered to templates, with what it holds in English and French (for the editor's
/// autocomplete and the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VariableDoc {
    pub name: &'static str,
    pub en: &'static str,
    pub fr: &'static str,
}

/// Every variable [`ReplyContext::to_data`] fills, in the order the editor lists them.
pub const VARIABLES: [VariableDoc; 10] = [
    VariableDoc {
        name: "author.name",
        en: "the comment author's display name",
        fr: "le nom affiché de l'auteur du commentaire",
    },
    VariableDoc {
        name: "author.first_name",
        en: "the author's first name (empty when it cannot be told)",
        fr: "le prénom de l'auteur (vide s'il est impossible à déduire)",
    },
    VariableDoc {
        name: "author.handle",
        en: "the author's handle, e.g. @marie",
        fr: "l'identifiant de l'auteur, par ex. @marie",
    },
    VariableDoc {
        name: "platform",
        en: "the network's name, e.g. LinkedIn",
        fr: "le nom du réseau, par ex. LinkedIn",
    },
    VariableDoc {
        name: "post.url",
        en: "the link to the post being commented",
        fr: "le lien de la publication commentée",
    },
    VariableDoc {
        name: "comment.url",
        en: "the link to the comment",
        fr: "le lien du commentaire",
    },
    VariableDoc {
        name: "comment.text",
        en: "the comment's text",
        fr: "le texte du commentaire",
    },
    VariableDoc {
        name: "me.name",
        en: "your name, as the team knows you",
        fr: "votre nom, tel que l'équipe vous connaît",
    },
    VariableDoc {
        name: "brand.name",
        en: "the brand's name",
        fr: "le nom de la marque",
    },
    VariableDoc {
        name: "today",
        en: "today's date in the reply's language",
        fr: "la date du jour dans la langue de la réponse",
    },
];

/// The names of [`VARIABLES`], for checks.
pub const KNOWN_VARIABLES: [&str; 10] = [
    "author.name",
    "author.first_name",
    "author.handle",
    "platform",
    "post.url",
    "comment.url",
    "comment.text",
    "me.name",
    "brand.name",
    "today",
];

/// What a reply knows about the comment it answers and who answers it. Every field may be
/// empty: the site may not show it, and templates use fallbacks (`{{author.first_name | there}}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReplyContext {
    /// The author's display name, as the site shows it.
    pub author_name: String,
    /// The author's first name when known for sure; when empty, it is derived from
    /// `author_name` (see [`first_name_from_display_name`]).
    pub author_first_name: String,
    /// The author's handle, as the site writes it (`@marie`, `u/marie`).
    pub author_handle: String,
    /// The network's display name ("LinkedIn", "X"), from the site descriptor.
    pub platform: String,
    pub post_url: String,
    pub comment_url: String,
    pub comment_text: String,
    /// The community manager's own name.
    pub my_name: String,
    pub brand_name: String,
    /// Today in the user's time zone; the core has no clock. `None` leaves `today` empty.
    pub today: Option<CalendarDate>,
}

impl ReplyContext {
    /// The data templates render with. Names (see [`KNOWN_VARIABLES`]):
    /// `author.name`, `author.first_name`, `author.handle`, `platform`, `post.url`,
    /// `comment.url`, `comment.text`, `me.name`, `brand.name`, `today`. Missing values are
    /// empty strings, so fallbacks apply and sections over them hide.
    pub fn to_data(&self, lang: Lang) -> Value {
        let today = self
            .today
            .and_then(|date| date.format(lang))
            .unwrap_or_default();
        json!({
            "author": {
                "name": self.author_name.trim(),
                "first_name": self.first_name(),
                "handle": self.author_handle.trim(),
            },
            "platform": self.platform.trim(),
            "post": { "url": self.post_url.trim() },
            "comment": { "url": self.comment_url.trim(), "text": self.comment_text },
            "me": { "name": self.my_name.trim() },
            "brand": { "name": self.brand_name.trim() },
            "today": today,
        })
    }

    /// The given first name, or one derived from the display name.
    pub fn first_name(&self) -> String {
        let given = self.author_first_name.trim();
        if given.is_empty() {
            first_name_from_display_name(&self.author_name)
        } else {
            given.to_owned()
        }
    }

    /// A plausible comment, used to measure a template's length when checking it.
    pub fn sample(lang: Lang) -> ReplyContext {
        let comment_text = match lang {
            Lang::En => "Hi, I ordered three weeks ago and my parcel still has not arrived. Can you tell me where it is?",
            Lang::Fr => "Bonjour, j'ai commandé il y a trois semaines et mon colis n'est toujours pas arrivé. Pouvez-vous me dire où il en est ?",
        };
        ReplyContext {
            author_name: "Marie-Claire Dupont".to_owned(),
            author_first_name: String::new(),
            author_handle: "@mcdupont".to_owned(),
            platform: "LinkedIn".to_owned(),
            post_url: "https://www.example.com/posts/1234567890".to_owned(),
            comment_url: "https://www.example.com/posts/1234567890/comments/42".to_owned(),
            comment_text: comment_text.to_owned(),
            my_name: "Camille".to_owned(),
            brand_name: "Exemple".to_owned(),
            today: CalendarDate::new(2026, 11, 23),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_known_names_are_the_documented_ones() {
        let documented: Vec<&str> = VARIABLES.iter().map(|variable| variable.name).collect();
        assert_eq!(documented, KNOWN_VARIABLES);
    }

    #[test]
    fn every_known_variable_is_filled_by_to_data() {
        let data = ReplyContext::sample(Lang::Fr).to_data(Lang::Fr);
        for name in KNOWN_VARIABLES {
            let mut value = &data;
            for part in name.split('.') {
                value = &value[part];
            }
            assert!(
                value.as_str().is_some_and(|text| !text.is_empty()),
                "{name} is empty"
            );
        }
    }

    #[test]
    fn the_first_name_is_derived_when_not_given() {
        let context = ReplyContext {
            author_name: "Marie-Claire Dupont".into(),
            ..Default::default()
        };
        assert_eq!(
            context.to_data(Lang::En)["author"]["first_name"],
            "Marie-Claire"
        );
    }

    #[test]
    fn a_given_first_name_wins_over_the_derived_one() {
        let context = ReplyContext {
            author_name: "M. C. Dupont".into(),
            author_first_name: " Marie-Claire ".into(),
            ..Default::default()
        };
        assert_eq!(context.first_name(), "Marie-Claire");
    }

    #[test]
    fn today_is_written_in_the_reply_language() {
        let context = ReplyContext {
            today: CalendarDate::new(2026, 11, 23),
            ..Default::default()
        };
        assert_eq!(context.to_data(Lang::Fr)["today"], "23 novembre 2026");
        assert_eq!(context.to_data(Lang::En)["today"], "November 23, 2026");
    }

    #[test]
    fn missing_values_are_empty_strings() {
        let data = ReplyContext::default().to_data(Lang::En);
        assert_eq!(data["author"]["first_name"], "");
        assert_eq!(data["today"], "");
        assert_eq!(data["post"]["url"], "");
    }

    #[test]
    fn the_context_reads_from_json_with_missing_fields() {
        let context: ReplyContext = serde_json::from_str(
            r#"{"author_name": "Ana", "today": {"year": 2026, "month": 1, "day": 1}}"#,
        )
        .unwrap();
        assert_eq!(context.to_data(Lang::Fr)["today"], "1er janvier 2026");
        assert_eq!(context.first_name(), "Ana");
    }
}
