//! Which variant each template would insert, for every (language, network) a comment can
//! have, worked out once at build time: ranking thousands of candidates per keystroke then
//! costs one table read each instead of a walk over their variants.

use super::super::model::{pick_variant, variant_fit, Lang, Network, Template};

/// Language slots (unknown, French, English) times network slots (none, then each network).
const CONTEXTS: usize = 3 * (1 + Network::ALL.len());

/// Per context then per template (so one query reads one contiguous run), the chosen
/// variant index (low 4 bits) and its fit (high bits).
#[derive(Debug, Default)]
pub struct VariantChoices {
    table: Vec<u8>,
    templates: usize,
}

impl VariantChoices {
    pub fn build(templates: &[Template]) -> VariantChoices {
        let count = templates.len();
        let mut table = vec![0u8; count * CONTEXTS];
        for (index, template) in templates.iter().enumerate() {
            let variants: Vec<(Lang, Option<Network>)> =
                template.variants.iter().map(|v| (v.lang, v.network)).collect();
            for lang in [None, Some(Lang::Fr), Some(Lang::En)] {
                for network in std::iter::once(None).chain(Network::ALL.into_iter().map(Some)) {
                    table[context(lang, network) * count + index] = encode(&variants, lang, network);
                }
            }
        }
        VariantChoices {
            table,
            templates: count,
        }
    }

    /// (variant index, fit) for `template` answering a comment in `lang` on `network`.
    pub fn get(&self, template: usize, lang: Option<Lang>, network: Option<Network>) -> (usize, u8) {
        let packed = self
            .table
            .get(context(lang, network) * self.templates + template)
            .copied()
            .unwrap_or(0);
        (usize::from(packed & 15), packed >> 4)
    }
}

fn encode(variants: &[(Lang, Option<Network>)], lang: Option<Lang>, network: Option<Network>) -> u8 {
    let Some(index) = pick_variant(variants.iter().copied(), lang, network) else {
        return 0;
    };
    let fit = variants.get(index).map_or(0, |&v| variant_fit(v, lang, network));
    // Validated templates have at most 16 variants; a larger index falls back to the first.
    let index = if index < 16 { index as u8 } else { 0 };
    (fit << 4) | index
}

fn context(lang: Option<Lang>, network: Option<Network>) -> usize {
    let lang_slot = match lang {
        None => 0,
        Some(Lang::Fr) => 1,
        Some(Lang::En) => 2,
    };
    let network_slot = network
        .and_then(|n| Network::ALL.iter().position(|&m| m == n))
        .map_or(0, |p| p + 1);
    lang_slot * (1 + Network::ALL.len()) + network_slot
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::library::model::{Scope, Variant};

    #[test]
    fn the_table_agrees_with_pick_variant_for_every_context() {
        let template = Template {
            id: "t".into(),
            title: "t".into(),
            shortcut: "t".into(),
            tags: vec![],
            variants: vec![
                Variant {
                    lang: Lang::En,
                    network: Some(Network::X),
                    body: "a".into(),
                },
                Variant {
                    lang: Lang::Fr,
                    network: None,
                    body: "b".into(),
                },
                Variant {
                    lang: Lang::En,
                    network: None,
                    body: "c".into(),
                },
                Variant {
                    lang: Lang::Fr,
                    network: Some(Network::Tiktok),
                    body: "d".into(),
                },
            ],
            scope: Scope::Personal,
            usage_count: 0,
            last_used_ms: None,
            created_by: String::new(),
            updated_by: String::new(),
            created_ms: 0,
            updated_ms: 0,
            version: 1,
            folder: None,
        };
        let choices = VariantChoices::build(std::slice::from_ref(&template));
        for lang in [None, Some(Lang::Fr), Some(Lang::En)] {
            for network in std::iter::once(None).chain(Network::ALL.into_iter().map(Some)) {
                let expected = template.variant_for(lang, network).map(|(i, _)| i);
                assert_eq!(Some(choices.get(0, lang, network).0), expected, "{lang:?} {network:?}");
            }
        }
    }
}
