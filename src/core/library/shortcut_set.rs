//! The library's shortcuts, sorted for lookup as a person types them in a reply box.

use super::model::Template;
use super::validation::shortcut_key;

/// Answers "is this a shortcut?" for the trigger in the reply box
/// ([`super::trigger::find_shortcut_before_caret`]).
pub trait ShortcutLookup {
    /// Whether `typed` is a known shortcut (compared without case or accents).
    fn is_shortcut(&self, typed: &str) -> bool;
    /// Whether a known shortcut is longer than `typed` and starts with it (`merci` and
    /// `merci-retard`): then `typed` alone only fires once a space or a new line follows it.
    fn is_start_of_longer_shortcut(&self, typed: &str) -> bool;
}

/// Folded shortcuts in sorted order, each with the index of its template.
#[derive(Debug, Clone, Default)]
pub struct ShortcutSet {
    keys: Vec<(String, u32)>,
}

impl ShortcutSet {
    pub fn new(templates: &[Template]) -> ShortcutSet {
        let mut keys: Vec<(String, u32)> = templates
            .iter()
            .enumerate()
            .map(|(index, template)| (shortcut_key(&template.shortcut), index as u32))
            .filter(|(key, _)| !key.is_empty())
            .collect();
        keys.sort_unstable();
        ShortcutSet { keys }
    }

    /// A set of bare shortcuts, as the agent gets them (it never holds the templates).
    /// Indexes refer to positions in `shortcuts`.
    pub fn from_shortcuts(shortcuts: &[String]) -> ShortcutSet {
        let mut keys: Vec<(String, u32)> = shortcuts
            .iter()
            .enumerate()
            .map(|(index, shortcut)| (shortcut_key(shortcut), index as u32))
            .filter(|(key, _)| !key.is_empty())
            .collect();
        keys.sort_unstable();
        ShortcutSet { keys }
    }

    /// Index (in the slice given to [`ShortcutSet::new`]) of the template with this shortcut.
    pub fn template_index(&self, typed: &str) -> Option<usize> {
        let key = shortcut_key(typed);
        let at = self.keys.partition_point(|(k, _)| k.as_str() < key.as_str());
        match self.keys.get(at) {
            Some((k, index)) if *k == key => Some(*index as usize),
            _ => None,
        }
    }
}

impl ShortcutLookup for ShortcutSet {
    fn is_shortcut(&self, typed: &str) -> bool {
        self.template_index(typed).is_some()
    }

    fn is_start_of_longer_shortcut(&self, typed: &str) -> bool {
        let key = shortcut_key(typed);
        let after = self.keys.partition_point(|(k, _)| k.as_str() <= key.as_str());
        self.keys.get(after).is_some_and(|(k, _)| k.starts_with(key.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::library::bench_support::synthetic_templates;

    fn set(shortcuts: &[&str]) -> ShortcutSet {
        let mut templates = synthetic_templates(shortcuts.len());
        for (template, shortcut) in templates.iter_mut().zip(shortcuts) {
            template.shortcut = (*shortcut).to_owned();
        }
        ShortcutSet::new(&templates)
    }

    #[test]
    fn a_shortcut_is_found_whatever_its_case_or_accents() {
        let shortcuts = set(&["merci", "Réponse"]);
        assert_eq!(shortcuts.template_index("MERCI"), Some(0));
        assert_eq!(shortcuts.template_index("reponse"), Some(1));
        assert_eq!(shortcuts.template_index("merc"), None);
    }

    #[test]
    fn a_shortcut_knows_when_a_longer_one_starts_with_it() {
        let shortcuts = set(&["merci", "merci-retard", "dm"]);
        assert!(shortcuts.is_start_of_longer_shortcut("merci"));
        assert!(!shortcuts.is_start_of_longer_shortcut("merci-retard"));
        assert!(!shortcuts.is_start_of_longer_shortcut("dm"));
    }
}
