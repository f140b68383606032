//! Finding links in a draft, as people type them: with a scheme (`https://...`), starting
//! with `www.`, or a bare domain with a common top-level domain (`acme.fr/offres`). Used by
//! the links rule and by X's length count, where every link counts 23.

/// Shortener domains refused by default: they hide where a link goes.
pub const SHORTENERS: &[&str] = &[
    "bit.ly",
    "bitly.com",
    "tinyurl.com",
    "t.co",
    "goo.gl",
    "ow.ly",
    "buff.ly",
    "is.gd",
    "v.gd",
    "cutt.ly",
    "rebrand.ly",
    "shorturl.at",
    "tiny.cc",
    "lnkd.in",
    "bit.do",
    "rb.gy",
    "s.id",
    "t.ly",
    "dlvr.it",
    "trib.al",
    "fb.me",
    "shorte.st",
    "adf.ly",
    "qr.ae",
    "urlz.fr",
    "tiny.one",
];

/// Top-level domains recognised without a scheme or `www.`: enough for what replies cite,
/// short enough that "e.g." or "M.Dupont" are never links.
const BARE_TLDS: &[&str] = &[
    "com", "fr", "org", "net", "io", "co", "eu", "be", "ch", "ca", "uk", "de", "es", "it", "nl", "app", "dev", "info",
    "biz", "ly", "gl", "gd", "me", "tv", "shop", "store", "gouv.fr",
];

/// One link: its byte range in the text and its host, lower case, without `www.`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub start: usize,
    pub end: usize,
    pub host: String,
}

/// Every link in `text`, in order.
pub fn find_links(text: &str) -> Vec<Link> {
    let mut links = Vec::new();
    let mut offset = 0;
    for token in text.split(char::is_whitespace) {
        if let Some(link) = link_in_token(token, offset) {
            links.push(link);
        }
        offset += token.len();
        offset += text.get(offset..).and_then(|rest| rest.chars().next()).map_or(0, char::len_utf8);
    }
    links
}

fn link_in_token(token: &str, offset: usize) -> Option<Link> {
    if !token.contains('.') {
        return None;
    }
    let lead = token.len() - token.trim_start_matches(['(', '<', '"', '«', '[', '\'', '“']).len();
    let token = token.get(lead..)?;
    let url_chars = token.find(|c: char| !is_url_char(c)).unwrap_or(token.len());
    let trimmed = token
        .get(..url_chars)?
        .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '>', '"', '»', ']', '\'', '”', '…']);
    let lower = trimmed.to_ascii_lowercase();
    let (after_scheme, has_scheme) = match lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) {
        Some(rest) => (rest, true),
        None => (lower.as_str(), false),
    };
    let host_end = after_scheme.find(['/', '?', '#', ':']).unwrap_or(after_scheme.len());
    let host = after_scheme.get(..host_end)?;
    if host.contains('@') || !is_host(host) {
        return None;
    }
    let has_www = host.starts_with("www.");
    if !has_scheme && !has_www && !has_bare_tld(host) {
        return None;
    }
    let host = host.strip_prefix("www.").unwrap_or(host).to_owned();
    Some(Link { start: offset + lead, end: offset + lead + trimmed.len(), host })
}

/// Characters a link holds: letters and digits of any script, and URL punctuation. An emoji
/// typed right after a link is not part of it.
fn is_url_char(c: char) -> bool {
    c.is_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

fn is_host(host: &str) -> bool {
    let labels_ok =
        host.split('.').all(|label| !label.is_empty() && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    labels_ok
        && host.contains('.')
        && host.rsplit('.').next().is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_alphabetic()))
}

fn has_bare_tld(host: &str) -> bool {
    BARE_TLDS.iter().any(|tld| host.strip_suffix(tld).is_some_and(|name| name.len() > 1 && name.ends_with('.')))
}

/// Whether `host` is `domain` or one of its subdomains.
pub fn host_is_within(host: &str, domain: &str) -> bool {
    host == domain || host.strip_suffix(domain).is_some_and(|sub| sub.ends_with('.'))
}

/// A domain as written in a rule file, lower case, checked to look like one.
pub fn normalise_domain(domain: &str) -> Option<String> {
    let lower = domain.trim().trim_end_matches('/').to_ascii_lowercase();
    let lower = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")).unwrap_or(&lower).to_owned();
    let lower = lower.strip_prefix("www.").map(str::to_owned).unwrap_or(lower);
    is_host(&lower).then_some(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(text: &str) -> Vec<(&str, String)> {
        find_links(text).into_iter().map(|l| (text.get(l.start..l.end).unwrap_or(""), l.host)).collect()
    }

    #[test]
    fn links_with_and_without_scheme_are_found_without_their_punctuation() {
        assert_eq!(
            hosts("Voir (https://www.acme.fr/offres?x=1), acme.com. et bit.ly/3xY!"),
            vec![
                ("https://www.acme.fr/offres?x=1", "acme.fr".to_owned()),
                ("acme.com", "acme.com".to_owned()),
                ("bit.ly/3xY", "bit.ly".to_owned()),
            ]
        );
    }

    #[test]
    fn abbreviations_and_emails_are_not_links() {
        assert!(hosts("e.g. M.Dupont etc. jean@acme.fr 3.5").is_empty());
    }

    #[test]
    fn subdomains_are_within_their_domain() {
        assert!(host_is_within("shop.acme.fr", "acme.fr"));
        assert!(!host_is_within("notacme.fr", "acme.fr"));
    }
}
