//! Adapter health: noticing that a site's markup changed under its descriptor.
//!
//! When a reply box is focused, the web layer reports what the site's descriptor matched
//! ([`FocusObservation`]); [`judge_focus`] decides which adapter to read the context with and
//! whether to report a [`HealthEvent`] for the team. The rule, kept deliberately simple:
//!
//! | site editor matched | comment found | site comments on page | verdict |
//! |---|---|---|---|
//! | yes | yes, all fields | any | site adapter, nothing to report |
//! | yes | yes, fields missing | any | site adapter, context shown as partial, `PartialContext` |
//! | yes | no | some | site adapter, empty context (a new post, not a failure) |
//! | yes | no | none | generic adapter, `DescriptorNoMatch` |
//! | no (generic matched) | - | none | generic adapter, `DescriptorNoMatch` |
//! | no (generic matched) | - | some | generic adapter, nothing to report (a box the site adapter does not cover) |
//!
//! "No comment container anywhere on a page that has a reply box" is the signature of renamed
//! markers; a box with comments elsewhere on the page is usually a new post.
//! [`HealthThrottle`] keeps one report per site and kind per hour, so a broken adapter is a
//! count for the team, not a flood.

use serde::{Deserialize, Serialize};

use super::descriptor::ContextField;

/// One sign that a site adapter no longer matches its site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthEvent {
    pub site_id: String,
    pub kind: HealthEventKind,
    /// When it happened, in milliseconds since the Unix epoch (passed in: the core has no clock).
    pub at_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum HealthEventKind {
    /// A reply box was used on the site, but the descriptor matched no comment on the page.
    DescriptorNoMatch,
    /// The comment was found but these fields could not be read.
    PartialContext { missing: Vec<ContextField> },
}

/// What the web layer saw when a reply box got focus on a site with its own descriptor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FocusObservation {
    /// The focused element is one of the site descriptor's editors.
    pub site_editor_matched: bool,
    /// The site descriptor found the comment the box answers.
    pub comment_found: bool,
    /// Fields the site descriptor could not read from that comment.
    pub missing: Vec<ContextField>,
    /// How many of the site's comment containers the page holds (a capped count is enough).
    pub site_comments_on_page: usize,
}

/// Which adapter reads the context, and what to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FocusVerdict {
    /// Read the context with the generic adapter instead of the site's.
    pub use_generic: bool,
    /// What to count for the team, if anything.
    pub report: Option<HealthEventKind>,
}

/// Decides, for a reply box focused on a site with its own descriptor, which adapter to use and
/// what to report (see the module table). Not called for the generic adapter itself.
pub fn judge_focus(observation: &FocusObservation) -> FocusVerdict {
    let markers_gone = observation.site_comments_on_page == 0;
    if !observation.site_editor_matched {
        return FocusVerdict { use_generic: true, report: markers_gone.then_some(HealthEventKind::DescriptorNoMatch) };
    }
    if !observation.comment_found {
        return FocusVerdict {
            use_generic: markers_gone,
            report: markers_gone.then_some(HealthEventKind::DescriptorNoMatch),
        };
    }
    let report = (!observation.missing.is_empty())
        .then(|| HealthEventKind::PartialContext { missing: observation.missing.clone() });
    FocusVerdict { use_generic: false, report }
}

/// Shortest interval between two reports of the same kind for the same site.
pub const REPORT_INTERVAL_MS: u64 = 60 * 60 * 1000;

/// Remembers what was reported when, so each site and kind is reported at most once an hour.
#[derive(Debug, Clone, Default)]
pub struct HealthThrottle {
    last_reported: Vec<(String, &'static str, u64)>,
}

impl HealthThrottle {
    /// Whether `event` should be sent now; records it when so.
    pub fn should_report(&mut self, event: &HealthEvent) -> bool {
        let kind = kind_name(&event.kind);
        let previous = self.last_reported.iter_mut().find(|(site, k, _)| *site == event.site_id && *k == kind);
        match previous {
            Some((_, _, at)) if event.at_ms.saturating_sub(*at) < REPORT_INTERVAL_MS => false,
            Some((_, _, at)) => {
                *at = event.at_ms;
                true
            }
            None => {
                self.last_reported.push((event.site_id.clone(), kind, event.at_ms));
                true
            }
        }
    }
}

fn kind_name(kind: &HealthEventKind) -> &'static str {
    match kind {
        HealthEventKind::DescriptorNoMatch => "descriptor_no_match",
        HealthEventKind::PartialContext { .. } => "partial_context",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn observed(site_editor_matched: bool, comment_found: bool, site_comments_on_page: usize) -> FocusObservation {
        FocusObservation { site_editor_matched, comment_found, missing: Vec::new(), site_comments_on_page }
    }

    #[test]
    fn a_healthy_adapter_reports_nothing() {
        assert_eq!(judge_focus(&observed(true, true, 12)), FocusVerdict { use_generic: false, report: None });
    }

    #[test]
    fn missing_fields_are_reported_but_the_site_adapter_is_kept() {
        let observation = FocusObservation { missing: vec![ContextField::AuthorHandle], ..observed(true, true, 3) };
        let verdict = judge_focus(&observation);
        assert!(!verdict.use_generic);
        assert_eq!(verdict.report, Some(HealthEventKind::PartialContext { missing: vec![ContextField::AuthorHandle] }));
    }

    #[test]
    fn a_new_post_box_on_a_page_with_comments_is_not_a_failure() {
        assert_eq!(judge_focus(&observed(true, false, 40)), FocusVerdict { use_generic: false, report: None });
    }

    #[test]
    fn no_comment_anywhere_falls_back_to_generic_and_reports() {
        let verdict = judge_focus(&observed(true, false, 0));
        assert_eq!(verdict, FocusVerdict { use_generic: true, report: Some(HealthEventKind::DescriptorNoMatch) });
        let renamed_editor = judge_focus(&observed(false, false, 0));
        assert_eq!(
            renamed_editor,
            FocusVerdict { use_generic: true, report: Some(HealthEventKind::DescriptorNoMatch) }
        );
    }

    #[test]
    fn an_uncovered_box_on_a_healthy_page_uses_generic_silently() {
        assert_eq!(judge_focus(&observed(false, false, 5)), FocusVerdict { use_generic: true, report: None });
    }

    #[test]
    fn the_same_failure_is_reported_once_an_hour() {
        let mut throttle = HealthThrottle::default();
        let event = |at_ms| HealthEvent { site_id: "linkedin".into(), kind: HealthEventKind::DescriptorNoMatch, at_ms };
        assert!(throttle.should_report(&event(1_000)));
        assert!(!throttle.should_report(&event(1_000 + REPORT_INTERVAL_MS - 1)));
        assert!(throttle.should_report(&event(1_000 + REPORT_INTERVAL_MS)));
        let other_site = HealthEvent { site_id: "x".into(), ..event(2_000) };
        assert!(throttle.should_report(&other_site));
    }
}
