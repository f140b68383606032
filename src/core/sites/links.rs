//! Links read from a page: resolved against the page's URL and kept only when they are plain
//! `http(s)` links, so a `javascript:` or `data:` href in a hostile page never reaches the panel.
//!
//! A small resolver rather than the `url` crate: the agent only needs the common cases and the
//! wasm size budget is tight.

/// Resolves `href` against `page_url`. Returns `None` for anything that is not an absolute or
/// relative `http(s)` link once resolved.
pub fn resolve_link(href: &str, page_url: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.chars().any(|c| c.is_control() || c == ' ') {
        return None;
    }
    if let Some(scheme) = scheme_of(href) {
        return is_web_scheme(&scheme).then(|| href.to_owned());
    }
    let (scheme, authority, base_path) = split_page_url(page_url)?;
    let resolved = if let Some(rest) = href.strip_prefix("//") {
        format!("{scheme}://{rest}")
    } else if href.starts_with('/') {
        format!("{scheme}://{authority}{href}")
    } else if href.starts_with('?') {
        format!("{scheme}://{authority}{base_path}{href}")
    } else if href.starts_with('#') {
        format!("{scheme}://{authority}{}{href}", strip_fragment(base_path_with_query(page_url, &authority)))
    } else {
        let directory = base_path.rsplit_once('/').map_or("/", |(directory, _)| directory);
        let directory = if directory.is_empty() { "" } else { directory };
        format!("{scheme}://{authority}{directory}/{href}")
    };
    Some(resolved)
}

/// The non-empty segments of a link's path: `https://x.com/alice/status/1?s=2` gives
/// `["alice", "status", "1"]`.
pub fn path_segments(link: &str) -> Vec<&str> {
    let without_origin = match scheme_of(link) {
        Some(_) => link.split_once("://").map_or("", |(_, rest)| rest.split_once('/').map_or("", |(_, path)| path)),
        None => link.strip_prefix("//").map_or(link, |rest| rest.split_once('/').map_or("", |(_, path)| path)),
    };
    let path = without_origin.split(['?', '#']).next().unwrap_or_default();
    path.split('/').filter(|segment| !segment.is_empty()).collect()
}

/// The link without its `?query` and `#fragment`.
pub fn strip_query(link: &str) -> &str {
    link.split(['?', '#']).next().unwrap_or_default()
}

fn scheme_of(text: &str) -> Option<String> {
    let (scheme, _) = text.split_once(':')?;
    let is_scheme = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    is_scheme.then(|| scheme.to_ascii_lowercase())
}

fn is_web_scheme(scheme: &str) -> bool {
    scheme == "http" || scheme == "https"
}

/// `https://host:8080/a/b?c#d` -> (`https`, `host:8080`, `/a/b`).
fn split_page_url(page_url: &str) -> Option<(String, String, &str)> {
    let scheme = scheme_of(page_url).filter(|scheme| is_web_scheme(scheme))?;
    let rest = page_url.split_once("://")?.1;
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, after) = rest.split_at(authority_end);
    if authority.is_empty() {
        return None;
    }
    let path = after.split(['?', '#']).next().unwrap_or_default();
    let path = if path.is_empty() { "/" } else { path };
    Some((scheme, authority.to_owned(), path))
}

fn base_path_with_query<'a>(page_url: &'a str, authority: &str) -> &'a str {
    page_url.split_once(authority).map_or("/", |(_, rest)| if rest.is_empty() { "/" } else { rest })
}

fn strip_fragment(text: &str) -> &str {
    text.split('#').next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "https://www.example.com/blog/post-1/?ref=feed#comments";

    #[test]
    fn absolute_web_links_are_kept() {
        assert_eq!(resolve_link("https://x.com/alice", PAGE).as_deref(), Some("https://x.com/alice"));
    }

    #[test]
    fn script_and_data_links_are_dropped() {
        assert_eq!(resolve_link("javascript:alert(1)", PAGE), None);
        assert_eq!(resolve_link("JavaScript:alert(1)", PAGE), None);
        assert_eq!(resolve_link("data:text/html,hi", PAGE), None);
        assert_eq!(resolve_link("java\tscript:alert(1)", PAGE), None);
    }

    #[test]
    fn relative_links_resolve_against_the_page() {
        assert_eq!(resolve_link("/alice", PAGE).as_deref(), Some("https://www.example.com/alice"));
        assert_eq!(resolve_link("//cdn.example.com/a", PAGE).as_deref(), Some("https://cdn.example.com/a"));
        assert_eq!(resolve_link("reply-2", PAGE).as_deref(), Some("https://www.example.com/blog/post-1/reply-2"));
        assert_eq!(resolve_link("?page=2", PAGE).as_deref(), Some("https://www.example.com/blog/post-1/?page=2"));
        assert_eq!(
            resolve_link("#comment-7", PAGE).as_deref(),
            Some("https://www.example.com/blog/post-1/?ref=feed#comment-7")
        );
    }

    #[test]
    fn a_relative_link_on_a_non_web_page_is_dropped() {
        assert_eq!(resolve_link("/a", "about:blank"), None);
    }

    #[test]
    fn path_segments_skip_origin_query_and_empty_parts() {
        assert_eq!(path_segments("https://x.com/alice/status/1?s=2"), ["alice", "status", "1"]);
        assert_eq!(path_segments("/in/alice-martin/"), ["in", "alice-martin"]);
        assert_eq!(path_segments("https://x.com"), Vec::<&str>::new());
    }
}
