//! Host patterns: which pages a descriptor serves.
//!
//! A pattern is either an exact host (`www.reddit.com`) or a wildcard over one domain and its
//! subdomains (`*.x.com` serves `x.com` and `mobile.x.com`), like the browser's match patterns,
//! so the extension manifest's `matches` can be derived from the descriptors.

/// Longest host pattern accepted, in characters (a DNS name is at most 253).
const MAX_HOST_CHARS: usize = 253;

/// How well a pattern matches a host: an exact match beats any wildcard, a longer wildcard
/// beats a shorter one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HostMatch {
    Wildcard { suffix_len: usize },
    Exact,
}

/// Checks a pattern: lowercase letters, digits and hyphens in dot-separated labels, at least two
/// labels, and `*` only as the whole leftmost label.
pub fn validate_host_pattern(pattern: &str) -> Result<(), String> {
    if pattern.len() > MAX_HOST_CHARS {
        return Err(format!("host pattern is longer than {MAX_HOST_CHARS} characters"));
    }
    let domain = pattern.strip_prefix("*.").unwrap_or(pattern);
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return Err(format!("'{pattern}' is not a domain name (expected something like example.com)"));
    }
    for label in labels {
        validate_label(label).map_err(|reason| format!("'{pattern}': {reason}"))?;
    }
    Ok(())
}

fn validate_label(label: &str) -> Result<(), String> {
    if label.is_empty() || label.len() > 63 {
        return Err("each part between dots must have 1 to 63 characters".into());
    }
    if label == "*" {
        return Err("'*' is only allowed as the first part, as in *.example.com".into());
    }
    if !label.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        return Err("only lowercase letters, digits, hyphens and dots are allowed".into());
    }
    if label.starts_with('-') || label.ends_with('-') {
        return Err("a part may not start or end with a hyphen".into());
    }
    Ok(())
}

/// Lowercases a host as the browser reports it and drops a port and a trailing dot.
pub fn normalize_host(host: &str) -> String {
    let host = host.trim();
    let without_port = match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    };
    without_port.trim_end_matches('.').to_ascii_lowercase()
}

/// How `pattern` matches the (normalised) `host`, if it does.
pub fn match_host(pattern: &str, host: &str) -> Option<HostMatch> {
    if pattern == host {
        return Some(HostMatch::Exact);
    }
    let domain = pattern.strip_prefix("*.")?;
    let is_subdomain = host.strip_suffix(domain).is_some_and(|rest| rest.is_empty() || rest.ends_with('.'));
    is_subdomain.then_some(HostMatch::Wildcard { suffix_len: domain.len() })
}

/// The browser match pattern (for the manifest's `matches`) for a host pattern.
pub fn match_pattern(pattern: &str) -> String {
    format!("https://{pattern}/*")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_wildcard_patterns_are_accepted() {
        assert_eq!(validate_host_pattern("www.reddit.com"), Ok(()));
        assert_eq!(validate_host_pattern("*.x.com"), Ok(()));
    }

    #[test]
    fn malformed_patterns_are_refused_with_a_reason() {
        assert!(validate_host_pattern("localhost").unwrap_err().contains("not a domain name"));
        assert!(validate_host_pattern("x.*.com").unwrap_err().contains("first part"));
        assert!(validate_host_pattern("X.com").unwrap_err().contains("lowercase"));
        assert!(validate_host_pattern("https://x.com").unwrap_err().contains("lowercase"));
        assert!(validate_host_pattern("-a.com").unwrap_err().contains("hyphen"));
        assert!(validate_host_pattern("a..com").unwrap_err().contains("1 to 63"));
    }

    #[test]
    fn a_wildcard_serves_the_domain_and_its_subdomains_only() {
        assert_eq!(match_host("*.x.com", "x.com"), Some(HostMatch::Wildcard { suffix_len: 5 }));
        assert!(match_host("*.x.com", "mobile.x.com").is_some());
        assert_eq!(match_host("*.x.com", "notx.com"), None);
        assert_eq!(match_host("x.com", "x.com"), Some(HostMatch::Exact));
    }

    #[test]
    fn exact_beats_wildcard() {
        assert!(HostMatch::Exact > HostMatch::Wildcard { suffix_len: 100 });
    }

    #[test]
    fn hosts_are_normalised_like_the_browser_reports_them() {
        assert_eq!(normalize_host("WWW.Reddit.com.:443"), "www.reddit.com");
    }
}
