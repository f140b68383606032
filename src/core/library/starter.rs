//! The starter library shipped with the extension: everyday community-management replies in
//! French and English, so a new user has something useful from the first minute.

use super::collection::Library;
use super::model::Template;

/// The starter templates as JSON (the export format's `templates` list).
const STARTER_JSON: &str = include_str!("starter.json");

impl Library {
    /// The starter library. It is checked by the tests, so it always loads; if it ever did
    /// not, an empty library is safer than a crash in the extension.
    pub fn starter() -> Library {
        starter_templates()
            .and_then(|templates| Library::new(templates).ok())
            .unwrap_or_default()
    }
}

fn starter_templates() -> Option<Vec<Template>> {
    serde_json::from_str(STARTER_JSON).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::library::validation::validate_library;

    #[test]
    fn the_starter_file_parses_and_validates() {
        let templates = serde_json::from_str::<Vec<Template>>(STARTER_JSON).map_err(|e| e.to_string());
        let templates = templates.unwrap_or_else(|error| panic!("starter.json: {error}"));
        assert_eq!(validate_library(&templates), Ok(()));
    }
}
