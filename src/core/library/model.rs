//! The template as stored, synced and exported: one definition for every context.

use serde::{Deserialize, Serialize};

pub use crate::core::model::{Lang, Network};

/// Who can see a template: its author only, or the whole team.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    #[default]
    Personal,
    Team,
}

/// One wording of a template: a language, optionally tuned for one network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    pub lang: Lang,
    /// `None` is the general wording, used on every network that has no variant of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<Network>,
    /// Mustache source (see `core::template`).
    pub body: String,
}

/// A canned reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// Client-made id (the core has no randomness: callers supply it).
    pub id: String,
    pub title: String,
    /// Typed after the trigger in a reply box (`;;merci`): letters, digits, `-` and `_`.
    pub shortcut: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub variants: Vec<Variant>,
    #[serde(default)]
    pub scope: Scope,
    #[serde(default)]
    pub usage_count: u64,
    #[serde(default)]
    pub last_used_ms: Option<i64>,
    #[serde(default)]
    pub created_by: String,
    #[serde(default)]
    pub updated_by: String,
    #[serde(default)]
    pub created_ms: i64,
    #[serde(default)]
    pub updated_ms: i64,
    /// Bumped on every edit; the sync protocol's `base_version`.
    #[serde(default = "first_version")]
    pub version: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder: Option<String>,
}

fn first_version() -> u64 {
    1
}

/// What a person edits in a template; the rest (id, scope, usage, authorship, version) is
/// bookkeeping the library keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateContent {
    pub title: String,
    pub shortcut: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub variants: Vec<Variant>,
    #[serde(default)]
    pub folder: Option<String>,
}

impl Template {
    /// The editable part of this template, e.g. to prefill an edit form.
    pub fn content(&self) -> TemplateContent {
        TemplateContent {
            title: self.title.clone(),
            shortcut: self.shortcut.clone(),
            tags: self.tags.clone(),
            variants: self.variants.clone(),
            folder: self.folder.clone(),
        }
    }

    /// The variant to use for a comment in `lang` on `network` (see [`pick_variant`]).
    pub fn variant_for(&self, lang: Option<Lang>, network: Option<Network>) -> Option<(usize, &Variant)> {
        let index = pick_variant(self.variants.iter().map(|v| (v.lang, v.network)), lang, network)?;
        self.variants.get(index).map(|variant| (index, variant))
    }
}

/// How well a variant fits the comment being answered; higher is better.
///
/// Order of preference: same language and this network, same language general wording,
/// same language another network's wording, then the same three for the other language.
/// With no language known, the network decides and then the template's own order.
pub fn variant_fit(variant: (Lang, Option<Network>), lang: Option<Lang>, network: Option<Network>) -> u8 {
    let (variant_lang, variant_network) = variant;
    let network_fit = match (variant_network, network) {
        (Some(v), Some(n)) if v == n => 2,
        (None, _) => 1,
        _ => 0,
    };
    let lang_fit = match lang {
        Some(wanted) if wanted == variant_lang => 1,
        Some(_) => 0,
        None => 0,
    };
    lang_fit * 3 + network_fit
}

/// Index of the best variant for (`lang`, `network`) among `variants`, or `None` if empty.
/// Ties go to the earlier variant, so a template's first variant is its default.
pub fn pick_variant(
    variants: impl Iterator<Item = (Lang, Option<Network>)>,
    lang: Option<Lang>,
    network: Option<Network>,
) -> Option<usize> {
    let mut best: Option<(usize, u8)> = None;
    for (index, variant) in variants.enumerate() {
        let fit = variant_fit(variant, lang, network);
        if best.is_none_or(|(_, best_fit)| fit > best_fit) {
            best = Some((index, fit));
        }
    }
    best.map(|(index, _)| index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(variants: &[(Lang, Option<Network>)]) -> Template {
        Template {
            id: "t".into(),
            title: "T".into(),
            shortcut: "t".into(),
            tags: vec![],
            variants: variants
                .iter()
                .map(|&(lang, network)| Variant {
                    lang,
                    network,
                    body: format!("{lang:?} {network:?}"),
                })
                .collect(),
            scope: Scope::Personal,
            usage_count: 0,
            last_used_ms: None,
            created_by: String::new(),
            updated_by: String::new(),
            created_ms: 0,
            updated_ms: 0,
            version: 1,
            folder: None,
        }
    }

    #[test]
    fn the_exact_language_and_network_variant_is_picked_first() {
        let t = template(&[(Lang::Fr, None), (Lang::En, None), (Lang::En, Some(Network::X))]);
        assert_eq!(t.variant_for(Some(Lang::En), Some(Network::X)).map(|(i, _)| i), Some(2));
    }

    #[test]
    fn the_general_wording_is_used_on_a_network_without_its_own_variant() {
        let t = template(&[(Lang::Fr, Some(Network::X)), (Lang::Fr, None)]);
        assert_eq!(
            t.variant_for(Some(Lang::Fr), Some(Network::Linkedin)).map(|(i, _)| i),
            Some(1)
        );
    }

    #[test]
    fn another_networks_wording_in_the_right_language_beats_the_other_language() {
        let t = template(&[(Lang::En, None), (Lang::Fr, Some(Network::X))]);
        assert_eq!(t.variant_for(Some(Lang::Fr), None).map(|(i, _)| i), Some(1));
    }

    #[test]
    fn the_other_language_is_the_last_resort() {
        let t = template(&[(Lang::En, None)]);
        assert_eq!(t.variant_for(Some(Lang::Fr), Some(Network::X)).map(|(i, _)| i), Some(0));
    }

    #[test]
    fn without_a_known_language_the_first_general_variant_wins() {
        let t = template(&[(Lang::En, Some(Network::X)), (Lang::Fr, None), (Lang::En, None)]);
        assert_eq!(t.variant_for(None, None).map(|(i, _)| i), Some(1));
        assert_eq!(t.variant_for(None, Some(Network::X)).map(|(i, _)| i), Some(0));
    }

    #[test]
    fn platform_ids_map_to_networks_and_forums_to_none() {
        assert_eq!(Network::from_platform("twitter"), Some(Network::X));
        assert_eq!(Network::from_platform("LinkedIn"), Some(Network::Linkedin));
        assert_eq!(Network::from_platform("generic"), None);
    }
}
