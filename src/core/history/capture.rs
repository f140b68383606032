//! A capture checked: the mention history records, with only the fields the issue lists, each
//! within its cap, and its author's key.
//!
//! Fields are capped like [`CommentContext::bounded`] does (text 5,000 characters, name and
//! handle 500), so a hostile page cannot flood the team's database. Links are never cut (a cut
//! link is not a link): a permalink or profile link over 500 characters, or not http(s), is
//! refused with the reason.

use crate::core::guidelines::Venue;
use crate::core::model::context::{cap, is_web_link, Author, CommentContext, MAX_FIELD_CHARS, MAX_TEXT_CHARS};
use crate::core::model::history::{HistorySettings, MentionCapture};
use crate::core::model::lang::Network;

use super::author_key::AuthorKey;
use super::error::HistoryError;

/// Length of the excerpt a timeline or a search shows of a comment, in characters.
pub const EXCERPT_CHARS: usize = 280;

/// A mention ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub author_key: AuthorKey,
    pub network: Venue,
    pub author: Author,
    pub text: String,
    pub permalink: String,
    pub seen_ms: i64,
}

impl MentionCapture {
    /// The capture of the comment a member opened, seen at `seen_ms` (the extension's clock).
    pub fn from_context(context: &CommentContext, seen_ms: i64) -> MentionCapture {
        MentionCapture {
            network: Venue::of(Network::from_platform(&context.platform)),
            author: context.author.clone(),
            text: context.text.clone(),
            permalink: context.permalink.clone(),
            seen_ms,
        }
    }

    /// Checks a capture against the team's `settings` at the server's `now_ms`.
    pub fn validate(self, settings: &HistorySettings, now_ms: i64) -> Result<Mention, HistoryError> {
        if !settings.captures(self.network) {
            return Err(HistoryError::NetworkNotCaptured(self.network));
        }
        let permalink = check_permalink(&self.permalink)?;
        let profile_url = match self.author.profile_url.trim() {
            "" => String::new(),
            profile => web_link(profile).ok_or(HistoryError::ProfileNotWeb)??,
        };
        let author = Author { name: field(&self.author.name), handle: field(&self.author.handle), profile_url };
        let author_key = AuthorKey::of(self.network, &author).ok_or(HistoryError::NoAuthor)?;
        if self.seen_ms <= 0 {
            return Err(HistoryError::BadTime);
        }
        let seen_ms = self.seen_ms.min(now_ms);
        if seen_ms < settings.retention_cut_ms(now_ms) {
            return Err(HistoryError::TooOld(settings.retention_days));
        }
        let text = cap(self.text.trim(), MAX_TEXT_CHARS);
        Ok(Mention { author_key, network: self.network, author, text, permalink, seen_ms })
    }
}

/// A comment's permalink as history keeps it: trimmed, http(s), at most 500 characters.
pub fn check_permalink(raw: &str) -> Result<String, HistoryError> {
    web_link(raw).ok_or(HistoryError::PermalinkNotWeb)?
}

/// The excerpt of a comment shown in timelines and searches.
pub fn excerpt(text: &str) -> String {
    cap(text, EXCERPT_CHARS)
}

/// `Some(Ok(link))` for a usable web link, `Some(Err)` for one too long, `None` for no web link.
fn web_link(raw: &str) -> Option<Result<String, HistoryError>> {
    let link = raw.trim();
    if !is_web_link(link) || link.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    if link.chars().count() > MAX_FIELD_CHARS {
        return Some(Err(HistoryError::LinkTooLong));
    }
    Some(Ok(link.to_owned()))
}

/// A name or handle: control characters become spaces, trimmed, capped.
fn field(raw: &str) -> String {
    let cleaned: String = raw.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    cap(cleaned.trim(), MAX_FIELD_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::history::settings::DAY_MS;

    const NOW: i64 = 1_767_000_000_000;

    fn capture() -> MentionCapture {
        MentionCapture {
            network: Venue::X,
            author: Author {
                name: "Marie Dupont".into(),
                handle: "@marie_d".into(),
                profile_url: "https://x.com/marie_d".into(),
            },
            text: "Still no refund?".into(),
            permalink: "https://x.com/marie_d/status/1".into(),
            seen_ms: NOW - 1_000,
        }
    }

    #[test]
    fn a_good_capture_keeps_its_fields_and_gets_its_key() {
        let mention = capture().validate(&HistorySettings::default(), NOW).expect("valid");
        assert_eq!(mention.author_key.to_string(), "x:handle:marie_d");
        assert_eq!(mention.author.name, "Marie Dupont");
        assert_eq!(mention.permalink, "https://x.com/marie_d/status/1");
        assert_eq!(mention.seen_ms, NOW - 1_000);
    }

    #[test]
    fn a_network_the_team_does_not_record_is_refused_with_its_name() {
        let settings = HistorySettings { captured_networks: vec![Venue::Linkedin], retention_days: 30 };
        let error = capture().validate(&settings, NOW).expect_err("refused");
        assert_eq!(error, HistoryError::NetworkNotCaptured(Venue::X));
        assert_eq!(error.code(), "capture_off");
        assert!(error.to_string().contains("from x"), "{error}");
    }

    #[test]
    fn links_must_be_web_links_and_are_never_cut() {
        let settings = HistorySettings::default();
        for permalink in ["javascript:alert(1)", "", "data:text/html,x", "https://x.com/a b"] {
            let refused = MentionCapture { permalink: permalink.into(), ..capture() }.validate(&settings, NOW);
            assert_eq!(refused, Err(HistoryError::PermalinkNotWeb), "{permalink}");
        }
        let long = format!("https://x.com/{}", "a".repeat(600));
        assert_eq!(
            MentionCapture { permalink: long.clone(), ..capture() }.validate(&settings, NOW),
            Err(HistoryError::LinkTooLong)
        );
        let mut bad_profile = capture();
        bad_profile.author.profile_url = "javascript:void(0)".into();
        assert_eq!(bad_profile.validate(&settings, NOW), Err(HistoryError::ProfileNotWeb));
    }

    #[test]
    fn text_and_names_are_capped_like_a_comment_context() {
        let mut flood = capture();
        flood.text = "a".repeat(MAX_TEXT_CHARS * 2);
        flood.author.name = format!("Marie\u{0}{}", "b".repeat(MAX_FIELD_CHARS * 2));
        let mention = flood.validate(&HistorySettings::default(), NOW).expect("valid");
        assert_eq!(mention.text.chars().count(), MAX_TEXT_CHARS);
        assert_eq!(mention.author.name.chars().count(), MAX_FIELD_CHARS);
        assert!(!mention.author.name.contains('\u{0}'));
    }

    #[test]
    fn a_time_in_the_future_is_now_and_one_past_the_retention_is_refused() {
        let settings = HistorySettings { captured_networks: vec![Venue::X], retention_days: 30 };
        let future = MentionCapture { seen_ms: NOW + DAY_MS, ..capture() }.validate(&settings, NOW);
        assert_eq!(future.map(|mention| mention.seen_ms), Ok(NOW));
        let old = MentionCapture { seen_ms: NOW - 31 * DAY_MS, ..capture() }.validate(&settings, NOW);
        assert_eq!(old, Err(HistoryError::TooOld(30)));
        assert_eq!(MentionCapture { seen_ms: 0, ..capture() }.validate(&settings, NOW), Err(HistoryError::BadTime));
    }

    #[test]
    fn an_author_with_nothing_to_know_them_by_is_refused() {
        let mut anonymous = capture();
        anonymous.author = Author::default();
        assert_eq!(anonymous.validate(&HistorySettings::default(), NOW), Err(HistoryError::NoAuthor));
    }

    #[test]
    fn a_context_becomes_a_capture_of_its_network() {
        let context = CommentContext {
            platform: "old_reddit".into(),
            permalink: "https://old.reddit.com/r/a/comments/1/x/c1".into(),
            page_url: "https://old.reddit.com/r/a/comments/1/x".into(),
            ..Default::default()
        };
        let captured = MentionCapture::from_context(&context, 5);
        assert_eq!((captured.network, captured.seen_ms), (Venue::Reddit, 5));
        assert_eq!(MentionCapture::from_context(&CommentContext::default(), 5).network, Venue::Generic);
    }

    #[test]
    fn only_the_listed_fields_are_accepted_on_the_wire() {
        let extra = r#"{"network":"x","author":{"name":"","handle":"a","profile_url":""},"text":"","permalink":"https://x.com/a/status/1","seen_ms":1,"page_url":"https://x.com"}"#;
        let error = serde_json::from_str::<MentionCapture>(extra).expect_err("refused");
        assert!(error.to_string().contains("page_url"), "{error}");
    }
}
