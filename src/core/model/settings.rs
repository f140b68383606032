//! What a member tells Tact about themselves and the brand, used when replies are rendered.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// The member's own settings, kept by the extension (and, with a team, by the server).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The community manager's own name (`{{me.name}}`).
    pub member_name: String,
    /// The brand they answer for (`{{brand.name}}`).
    pub brand_name: String,
    /// Team snippets usable in every template as partials (`{{> signature}}`).
    pub snippets: HashMap<String, String>,
}

impl Default for Settings {
    fn default() -> Settings {
        let signature = "{{me.name}}{{#brand.name}} · {{brand.name}}{{/brand.name}}".to_owned();
        Settings {
            member_name: String::new(),
            brand_name: String::new(),
            snippets: HashMap::from([("signature".to_owned(), signature)]),
        }
    }
}
