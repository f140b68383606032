//! The comment being answered, as the agent read it from the page.
//!
//! Everything here comes from a web page: it is data, never markup. The web layer sets it as
//! text; the core caps its size so a hostile page cannot flood the extension.

use serde::{Deserialize, Serialize};

/// Longest comment text kept, in characters. Longer text is cut, with an ellipsis.
pub const MAX_TEXT_CHARS: usize = 5_000;
/// Longest name, handle or link kept, in characters.
pub const MAX_FIELD_CHARS: usize = 500;

/// Who wrote the comment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    pub name: String,
    pub handle: String,
    pub profile_url: String,
}

/// How much of the context the adapter could read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Completeness {
    /// Every field the site offers was read.
    #[default]
    Full,
    /// Some fields are missing; the panel says so plainly.
    Partial { missing: Vec<String> },
    /// A reply box with no comment around it (a new post, a blank form).
    Empty,
}

/// The comment a reply box answers, sent agent -> background -> panel.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentContext {
    /// Site descriptor id: `x`, `linkedin`, ..., `generic`.
    pub platform: String,
    pub author: Author,
    pub text: String,
    pub permalink: String,
    /// The page the comment was read on.
    pub page_url: String,
    #[serde(default)]
    pub completeness: Completeness,
}

impl CommentContext {
    /// Caps every field to its limit. Called on the way in, in the background, so the limits
    /// hold whatever a compromised page or agent sends.
    pub fn bounded(mut self) -> Self {
        self.platform = cap(&self.platform, 40);
        self.author.name = cap(&self.author.name, MAX_FIELD_CHARS);
        self.author.handle = cap(&self.author.handle, MAX_FIELD_CHARS);
        self.author.profile_url = cap(&self.author.profile_url, MAX_FIELD_CHARS);
        self.text = cap(&self.text, MAX_TEXT_CHARS);
        self.permalink = cap(&self.permalink, MAX_FIELD_CHARS);
        self.page_url = cap(&self.page_url, MAX_FIELD_CHARS);
        self
    }
}

/// Cuts `text` to at most `max` characters, marking the cut with an ellipsis.
pub fn cap(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some((cut, _)) => {
            let mut kept = text[..cut].to_owned();
            kept.pop();
            kept.push('…');
            kept
        }
    }
}

/// Whether `url` may become a clickable link in the extension's UI: only http(s). A page could
/// hand us `javascript:` or `data:` as a permalink.
pub fn is_web_link(url: &str) -> bool {
    let lower: String = url.trim_start().chars().take(8).collect::<String>().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_http_links_are_clickable() {
        assert!(is_web_link("https://x.com/brand/status/1"));
        assert!(is_web_link("HTTP://forum.example/t/1"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link(" data:text/html,x"));
        assert!(!is_web_link("é"));
        assert!(is_web_link("http://éxample.fr"));
    }

    use super::*;

    #[test]
    fn short_text_is_kept_whole() {
        assert_eq!(cap("Bonjour", 10), "Bonjour");
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary_with_an_ellipsis() {
        let cut = cap("ééééé", 3);
        assert_eq!(cut, "éé…");
        assert_eq!(cut.chars().count(), 3);
    }

    #[test]
    fn bounded_caps_a_flooding_comment() {
        let context = CommentContext { text: "a".repeat(MAX_TEXT_CHARS * 3), ..Default::default() };
        assert_eq!(context.bounded().text.chars().count(), MAX_TEXT_CHARS);
    }
}
