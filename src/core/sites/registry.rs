//! The set of site descriptors in force: the built-in ones, replaced by team overrides.

use super::descriptor::{SiteDescriptor, GENERIC_ID};
use super::error::DescriptorError;
use super::host::{match_host, match_pattern, normalize_host};

/// The built-in descriptors, embedded in the build: (file name, JSON).
pub const BUILTIN_DESCRIPTORS: [(&str, &str); 9] = [
    ("x.json", include_str!("descriptors/x.json")),
    ("linkedin.json", include_str!("descriptors/linkedin.json")),
    ("facebook.json", include_str!("descriptors/facebook.json")),
    ("instagram.json", include_str!("descriptors/instagram.json")),
    ("youtube.json", include_str!("descriptors/youtube.json")),
    ("reddit.json", include_str!("descriptors/reddit.json")),
    ("old_reddit.json", include_str!("descriptors/old_reddit.json")),
    ("tiktok.json", include_str!("descriptors/tiktok.json")),
    ("generic.json", include_str!("descriptors/generic.json")),
];

/// The descriptors the agent uses, looked up by host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registry {
    /// Overrides first, so they win ties in [`Registry::for_host`].
    descriptors: Vec<SiteDescriptor>,
    generic: SiteDescriptor,
}

impl Registry {
    /// The embedded descriptors. A built-in descriptor that fails validation is left out (the
    /// test suite proves none does), so the agent still works on the other sites.
    pub fn builtin() -> Registry {
        Registry::with_overrides(Vec::new())
    }

    /// The embedded descriptors, each replaced by a team override with the same id; overrides
    /// with a new id add a site. Overrides are validated already ([`SiteDescriptor::from_json`]).
    pub fn with_overrides(overrides: Vec<SiteDescriptor>) -> Registry {
        let builtin = trusted_builtin_descriptors();
        let kept: Vec<SiteDescriptor> = builtin.filter(|site| !overrides.iter().any(|o| o.id == site.id)).collect();
        let mut descriptors = overrides;
        descriptors.extend(kept);
        let generic = descriptors.iter().find(|site| site.is_generic()).cloned().unwrap_or_else(minimal_generic);
        descriptors.retain(|site| !site.is_generic());
        Registry { descriptors, generic }
    }

    /// The descriptor serving `host` (as `location.host` gives it): the best host match, or the
    /// generic adapter.
    pub fn for_host(&self, host: &str) -> &SiteDescriptor {
        let host = normalize_host(host);
        let mut best: Option<(&SiteDescriptor, _)> = None;
        for site in &self.descriptors {
            let strength = site.hosts.iter().filter_map(|pattern| match_host(pattern, &host)).max();
            if let Some(strength) = strength {
                if best.as_ref().is_none_or(|(_, current)| strength > *current) {
                    best = Some((site, strength));
                }
            }
        }
        best.map_or(&self.generic, |(site, _)| site)
    }

    /// The descriptor with this id (`generic` included).
    pub fn by_id(&self, id: &str) -> Option<&SiteDescriptor> {
        if id == GENERIC_ID {
            return Some(&self.generic);
        }
        self.descriptors.iter().find(|site| site.id == id)
    }

    /// The fallback adapter for any forum or blog.
    pub fn generic(&self) -> &SiteDescriptor {
        &self.generic
    }

    /// Every site-specific descriptor (not `generic`).
    pub fn sites(&self) -> &[SiteDescriptor] {
        &self.descriptors
    }

    /// Every host pattern served by a site-specific descriptor, sorted, without duplicates.
    pub fn hosts(&self) -> Vec<&str> {
        let mut hosts: Vec<&str> =
            self.descriptors.iter().flat_map(|site| site.hosts.iter().map(String::as_str)).collect();
        hosts.sort_unstable();
        hosts.dedup();
        hosts
    }

    /// The manifest's content-script `matches` for the site-specific descriptors
    /// (`https://x.com/*`, ...). The generic adapter runs where the user grants it.
    pub fn content_script_matches(&self) -> Vec<String> {
        self.hosts().into_iter().map(match_pattern).collect()
    }
}

/// Parses every embedded descriptor, keeping each result with its file name (for tests and the
/// `tact check` command).
pub fn builtin_descriptors() -> Vec<Result<SiteDescriptor, DescriptorError>> {
    BUILTIN_DESCRIPTORS.iter().map(|(_, json)| SiteDescriptor::from_json(json)).collect()
}

/// The embedded descriptors, deserialised without the validation passes: the test suite proves
/// each one valid (`builtin_descriptors`), and validating nine descriptors cost the agent
/// milliseconds on every page it loads on, where its budget is 5 ms in all.
fn trusted_builtin_descriptors() -> impl Iterator<Item = SiteDescriptor> {
    BUILTIN_DESCRIPTORS.iter().filter_map(|(_, json)| serde_json::from_str(json).ok())
}

/// Used only if the embedded generic descriptor were broken: reads nothing, finds plain boxes.
fn minimal_generic() -> SiteDescriptor {
    use super::descriptor::{CommentRules, CommentStrategy, EditorKind, EditorRule, FieldRules};
    SiteDescriptor {
        id: GENERIC_ID.to_owned(),
        name: "Forums and blogs".to_owned(),
        version: 1,
        hosts: Vec::new(),
        comments: CommentRules { container: ".comment".to_owned(), replies: None },
        fields: FieldRules::default(),
        editors: vec![EditorRule { selector: "textarea".to_owned(), kind: EditorKind::Textarea }],
        submit: None,
        editor_to_comment: vec![CommentStrategy::Closest],
    }
}

#[cfg(test)]
mod trusted_tests {
    use super::*;

    #[test]
    fn the_trusted_fast_path_reads_the_same_descriptors_as_full_validation() {
        let validated: Vec<SiteDescriptor> = builtin_descriptors().into_iter().map(|result| result.expect("valid")).collect();
        let trusted: Vec<SiteDescriptor> = trusted_builtin_descriptors().collect();
        assert_eq!(trusted, validated);
    }
}
