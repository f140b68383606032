//! The languages replies are written in, and the networks they are posted on: shared by the
//! library, the templates, the guidelines and the wire.

use serde::{Deserialize, Serialize};

/// A reply's language. French and English are both first-class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    /// From a BCP 47 tag such as `fr`, `fr-CA` or `en-GB`; `None` for other languages.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            _ => None,
        }
    }

    /// The other language, used as the fallback when a template lacks the wanted one.
    pub fn other(self) -> Lang {
        match self {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }
}

/// A social network a reply is posted on (forums and blogs have none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Network {
    X,
    Linkedin,
    Facebook,
    Instagram,
    Youtube,
    Reddit,
    Tiktok,
}

impl Network {
    /// Every network, in a stable order.
    pub const ALL: [Network; 7] =
        [Network::X, Network::Linkedin, Network::Facebook, Network::Instagram, Network::Youtube, Network::Reddit, Network::Tiktok];

    /// Maps a site descriptor id (`x`, `twitter`, `linkedin`, `old_reddit`...) to a network;
    /// forums, blogs and unknown sites have none, so they get the general variant.
    pub fn from_platform(platform: &str) -> Option<Network> {
        match platform.trim().to_ascii_lowercase().as_str() {
            "x" | "twitter" => Some(Network::X),
            "linkedin" => Some(Network::Linkedin),
            "facebook" => Some(Network::Facebook),
            "instagram" => Some(Network::Instagram),
            "youtube" => Some(Network::Youtube),
            "reddit" | "old_reddit" => Some(Network::Reddit),
            "tiktok" => Some(Network::Tiktok),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regional_tags_map_to_their_language() {
        assert_eq!(Lang::from_tag("fr-CA"), Some(Lang::Fr));
        assert_eq!(Lang::from_tag("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag("de"), None);
        assert_eq!(Lang::from_tag(""), None);
    }

    #[test]
    fn languages_and_networks_keep_their_wire_names() {
        assert_eq!(serde_json::to_string(&Lang::Fr).ok().as_deref(), Some("\"fr\""));
        assert_eq!(serde_json::to_string(&Network::Linkedin).ok().as_deref(), Some("\"linkedin\""));
    }

    #[test]
    fn both_reddits_are_reddit() {
        assert_eq!(Network::from_platform("old_reddit"), Some(Network::Reddit));
        assert_eq!(Network::from_platform("generic"), None);
    }
}
