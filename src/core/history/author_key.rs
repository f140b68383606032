//! The author key: who a comment is from, as one string that the extension and the server
//! compute alike from what the page shows.
//!
//! `network:basis:value`, where the basis is the best identity the site gave:
//!
//! 1. `handle`: the handle, without a leading `@` (and Reddit's `u/`), in lower case
//!    (handles are case-insensitive on every supported network): `x:handle:marie_d`;
//! 2. `profile`: when the site shows no handle (forums, some blogs), the profile link with its
//!    scheme and host in lower case, its fragment and a final `/` dropped:
//!    `generic:profile:https://forum.example/u/42`;
//! 3. `name`: when there is neither, the display name, spaces collapsed, in lower case:
//!    `generic:name:marie dupont`. Two people with one name on one forum then share a
//!    timeline: the panel shows the basis, so a CM can tell.
//!
//! The network is part of the key: `@marie` on X and `@marie` on Instagram are two authors.
//! A site that sometimes shows a handle and sometimes not makes two authors of one person.

use std::fmt;

use crate::core::guidelines::Venue;
use crate::core::model::context::{is_web_link, Author};

use super::error::HistoryError;

/// Which identity an [`AuthorKey`] rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyBasis {
    Handle,
    Profile,
    Name,
}

impl KeyBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyBasis::Handle => "handle",
            KeyBasis::Profile => "profile",
            KeyBasis::Name => "name",
        }
    }

    fn parse(name: &str) -> Option<KeyBasis> {
        [KeyBasis::Handle, KeyBasis::Profile, KeyBasis::Name].into_iter().find(|basis| basis.as_str() == name)
    }
}

/// An author's identity within a team's history: network, basis and normalised value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AuthorKey {
    network: Venue,
    basis: KeyBasis,
    value: String,
}

impl AuthorKey {
    /// The key of `author` on `network`, or `None` when the page gave no handle, no web profile
    /// link and no name.
    pub fn of(network: Venue, author: &Author) -> Option<AuthorKey> {
        let candidates = [
            (KeyBasis::Handle, normalise_handle(network, &author.handle)),
            (KeyBasis::Profile, normalise_profile(&author.profile_url)),
            (KeyBasis::Name, normalise_name(&author.name)),
        ];
        let (basis, value) = candidates.into_iter().find_map(|(basis, value)| Some((basis, value?)))?;
        Some(AuthorKey { network, basis, value })
    }

    /// Reads a key sent back by a client (`x:handle:Marie_D` reads as `x:handle:marie_d`).
    pub fn parse(text: &str) -> Result<AuthorKey, HistoryError> {
        let mut parts = text.splitn(3, ':');
        let (Some(network), Some(basis), Some(value)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(HistoryError::BadAuthorKey);
        };
        let network = venue_named(network).ok_or(HistoryError::BadAuthorKey)?;
        let basis = KeyBasis::parse(basis).ok_or(HistoryError::BadAuthorKey)?;
        let value = match basis {
            KeyBasis::Handle => normalise_handle(network, value),
            KeyBasis::Profile => normalise_profile(value),
            KeyBasis::Name => normalise_name(value),
        }
        .ok_or(HistoryError::BadAuthorKey)?;
        Ok(AuthorKey { network, basis, value })
    }

    pub fn network(&self) -> Venue {
        self.network
    }

    pub fn basis(&self) -> KeyBasis {
        self.basis
    }

    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for AuthorKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}:{}:{}", self.network.as_str(), self.basis.as_str(), self.value)
    }
}

/// The venue named `name` (`x`, ..., `generic`), as in rule files and JSON.
pub fn venue_named(name: &str) -> Option<Venue> {
    Venue::ALL.into_iter().find(|venue| venue.as_str() == name)
}

/// The longest value a key holds: the fields it comes from are capped at this.
const MAX_VALUE_CHARS: usize = crate::core::model::context::MAX_FIELD_CHARS;

fn normalise_handle(network: Venue, raw: &str) -> Option<String> {
    let mut handle = raw.trim().trim_start_matches('@');
    if network == Venue::Reddit {
        handle = handle.trim_start_matches('/').trim_start_matches("u/");
    }
    let handle = handle.trim().to_lowercase();
    usable(handle)
}

fn normalise_profile(raw: &str) -> Option<String> {
    let link = raw.trim();
    if !is_web_link(link) {
        return None;
    }
    let link = link.split('#').next().unwrap_or_default();
    let (scheme, rest) = link.split_once("://")?;
    let host_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (host, path) = rest.split_at(host_end);
    let mut normalised = format!("{}://{}{}", scheme.to_ascii_lowercase(), host.to_lowercase(), path);
    while normalised.ends_with('/') && !path.contains('?') {
        normalised.pop();
    }
    usable(normalised)
}

fn normalise_name(raw: &str) -> Option<String> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    usable(name)
}

fn usable(value: String) -> Option<String> {
    (!value.is_empty() && value.chars().count() <= MAX_VALUE_CHARS && !value.chars().any(char::is_control))
        .then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn author(name: &str, handle: &str, profile_url: &str) -> Author {
        Author { name: name.into(), handle: handle.into(), profile_url: profile_url.into() }
    }

    fn key(network: Venue, name: &str, handle: &str, profile: &str) -> Option<String> {
        AuthorKey::of(network, &author(name, handle, profile)).map(|key| key.to_string())
    }

    #[test]
    fn a_handle_is_the_key_whatever_its_case_and_at_sign() {
        assert_eq!(key(Venue::X, "Marie", "@Marie_D", "https://x.com/Marie_D").as_deref(), Some("x:handle:marie_d"));
        assert_eq!(key(Venue::X, "Someone else", "marie_d", "").as_deref(), Some("x:handle:marie_d"));
        assert_eq!(key(Venue::Reddit, "", "u/Spez", "").as_deref(), Some("reddit:handle:spez"));
    }

    #[test]
    fn the_same_handle_on_two_networks_is_two_authors() {
        assert_ne!(key(Venue::X, "", "marie", ""), key(Venue::Instagram, "", "marie", ""));
    }

    #[test]
    fn without_a_handle_the_profile_link_is_the_key() {
        assert_eq!(
            key(Venue::Generic, "Marie", "", "HTTPS://Forum.Example/u/Marie/#posts").as_deref(),
            Some("generic:profile:https://forum.example/u/Marie")
        );
        assert_eq!(
            key(Venue::Facebook, "Marie", "", "https://www.facebook.com/profile.php?id=100/").as_deref(),
            Some("facebook:profile:https://www.facebook.com/profile.php?id=100/"),
            "a query is identity (profile.php?id=): kept whole"
        );
    }

    #[test]
    fn without_a_handle_or_a_web_profile_the_name_is_the_key() {
        assert_eq!(
            key(Venue::Generic, "  Marie   Dupont ", "", "javascript:alert(1)").as_deref(),
            Some("generic:name:marie dupont")
        );
        assert_eq!(key(Venue::Generic, " ", "@", ""), None, "nothing to know them by");
    }

    #[test]
    fn a_key_reads_back_as_itself_and_a_sloppy_one_is_normalised() {
        for text in ["x:handle:marie_d", "generic:profile:https://forum.example/u/42", "generic:name:marie dupont"] {
            assert_eq!(AuthorKey::parse(text).map(|key| key.to_string()).as_deref(), Ok(text));
        }
        assert_eq!(AuthorKey::parse("x:handle:@Marie_D").map(|key| key.to_string()).as_deref(), Ok("x:handle:marie_d"));
    }

    #[test]
    fn a_malformed_key_is_refused() {
        for text in ["", "x", "x:handle", "x:handle:", "mastodon:handle:a", "x:email:a@b.c", "x:profile:javascript:x"] {
            assert_eq!(AuthorKey::parse(text), Err(HistoryError::BadAuthorKey), "{text}");
        }
    }
}
