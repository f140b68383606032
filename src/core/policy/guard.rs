//! The submit guard's verdict: may the reply box's current text go out now?
//!
//! The agent calls [`guard_verdict`] each time the person tries to post (the site's button or
//! its keyboard shortcut). It combines the posting policy ([`posting_decision`]) with the
//! approvals this member was granted ([`GrantedApproval`], kept by the panel): a reply that
//! needs approval goes out only while the box holds exactly an approved text
//! ([`approval_covers`], by the text's hash). Editing after approval changes the hash, so the
//! guard holds the reply again.

use serde::{Deserialize, Serialize};

use super::approval::{approval_covers, posting_decision, ApprovalFacts, PostingDecision, PostingReason};
use super::role::Role;
use crate::core::digest::text_hash;
use crate::core::guidelines::Finding;
use crate::core::model::approvals::ApprovalStatus;
use crate::core::model::team::TeamSettings;

/// Most granted approvals kept for the guard (the oldest go first): an approval covers one
/// reply, so only the recent ones matter.
pub const MAX_GRANTED: usize = 50;

/// An approval this member was given, as the panel stores it for the guard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantedApproval {
    /// The approval request's id (recorded with the published reply).
    pub approval_id: String,
    /// Who asked (the approval covers only their replies).
    pub requester_id: String,
    /// SHA-256 of the approved text ([`text_hash`]).
    pub approved_hash: String,
}

/// Who is writing, as the guard knows it.
#[derive(Debug, Clone)]
pub struct Writer<'a> {
    pub member_id: &'a str,
    pub role: Role,
    pub settings: &'a TeamSettings,
}

/// What the guard does with a submit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuardVerdict {
    /// Let it through; `approval_id` is the approval that covers this exact text, if one was
    /// needed and found.
    Allowed { approval_id: Option<String> },
    /// Stop it: the text needs an approval it does not have.
    NeedsApproval { reasons: Vec<PostingReason> },
    /// Stop it: a `block` finding forbids this text for everyone.
    Blocked { reasons: Vec<PostingReason> },
}

impl GuardVerdict {
    pub fn lets_through(&self) -> bool {
        matches!(self, GuardVerdict::Allowed { .. })
    }
}

/// The verdict on posting `text` with its guideline `findings`, for `writer`, who holds the
/// `granted` approvals.
pub fn guard_verdict(writer: &Writer<'_>, text: &str, findings: &[Finding], granted: &[GrantedApproval]) -> GuardVerdict {
    match posting_decision(writer.role, writer.member_id, writer.settings, findings) {
        PostingDecision::Allowed => GuardVerdict::Allowed { approval_id: None },
        PostingDecision::Blocked { reasons } => GuardVerdict::Blocked { reasons },
        PostingDecision::NeedsApproval { reasons } => match covering_approval(writer.member_id, text, granted) {
            Some(approval_id) => GuardVerdict::Allowed { approval_id: Some(approval_id) },
            None => GuardVerdict::NeedsApproval { reasons },
        },
    }
}

/// The id of an approval granted to `member_id` for exactly `text`, if any.
pub fn covering_approval(member_id: &str, text: &str, granted: &[GrantedApproval]) -> Option<String> {
    let hash = text_hash(text);
    granted
        .iter()
        .rev() // The latest approval of a text first.
        .find(|approval| {
            let facts = ApprovalFacts {
                status: ApprovalStatus::Approved,
                requester_id: &approval.requester_id,
                approved_hash: Some(&approval.approved_hash),
            };
            approval_covers(&facts, member_id, &hash).is_ok()
        })
        .map(|approval| approval.approval_id.clone())
}

/// Adds `approval` to the `granted` list (once per id), keeping the newest [`MAX_GRANTED`].
pub fn remember_granted(granted: &mut Vec<GrantedApproval>, approval: GrantedApproval) {
    if granted.iter().any(|known| known.approval_id == approval.approval_id) {
        return;
    }
    granted.push(approval);
    let excess = granted.len().saturating_sub(MAX_GRANTED);
    granted.drain(..excess);
}

/// A key press in a reply box, as the guard sees it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyPress<'a> {
    pub key: &'a str,
    pub ctrl: bool,
    pub meta: bool,
    pub shift: bool,
    pub alt: bool,
    /// Part of an input method's composition (Enter then picks a candidate, it posts nothing).
    pub composing: bool,
}

/// Whether this key press posts the reply on a site: Ctrl/Cmd+Enter everywhere, and Enter alone
/// where the site's descriptor says so (`SubmitRule::enter_posts`).
pub fn is_posting_key(press: &KeyPress<'_>, enter_posts: bool) -> bool {
    if press.key != "Enter" || press.composing {
        return false;
    }
    press.ctrl || press.meta || (enter_posts && !press.shift && !press.alt)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::guidelines::{RuleKind, Severity};

    const TEXT: &str = "Bonjour Camille, nous regardons votre commande.";

    fn finding(severity: Severity) -> Finding {
        Finding {
            rule_id: "r1".into(),
            kind: RuleKind::Forbidden,
            severity,
            message: "not this word".into(),
            start: 0,
            end: 1,
            replacements: vec![],
        }
    }

    fn granted(member: &str, text: &str) -> GrantedApproval {
        GrantedApproval { approval_id: format!("ap-{member}"), requester_id: member.into(), approved_hash: text_hash(text) }
    }

    fn verdict(role: Role, settings: &TeamSettings, text: &str, findings: &[Finding], approvals: &[GrantedApproval]) -> GuardVerdict {
        guard_verdict(&Writer { member_id: "m1", role, settings }, text, findings, approvals)
    }

    #[test]
    fn an_interns_reply_is_held_until_approved() {
        let settings = TeamSettings::default();
        let held = verdict(Role::Intern, &settings, TEXT, &[], &[]);
        assert_eq!(held, GuardVerdict::NeedsApproval { reasons: vec![PostingReason::Role { role: Role::Intern }] });
        let approved = verdict(Role::Intern, &settings, TEXT, &[], &[granted("m1", TEXT)]);
        assert_eq!(approved, GuardVerdict::Allowed { approval_id: Some("ap-m1".into()) });
    }

    #[test]
    fn editing_after_approval_holds_the_reply_again() {
        let settings = TeamSettings::default();
        let edited = format!("{TEXT} ");
        assert!(!verdict(Role::Intern, &settings, &edited, &[], &[granted("m1", TEXT)]).lets_through());
    }

    #[test]
    fn another_members_approval_covers_nothing() {
        let settings = TeamSettings::default();
        assert!(!verdict(Role::Intern, &settings, TEXT, &[], &[granted("m2", TEXT)]).lets_through());
    }

    #[test]
    fn an_exempted_intern_and_an_agent_post_freely_without_findings() {
        let settings = TeamSettings { exempt_interns: vec!["m1".into()], ..TeamSettings::default() };
        assert_eq!(verdict(Role::Intern, &settings, TEXT, &[], &[]), GuardVerdict::Allowed { approval_id: None });
        assert_eq!(verdict(Role::Agent, &TeamSettings::default(), TEXT, &[], &[]), GuardVerdict::Allowed { approval_id: None });
    }

    #[test]
    fn an_approval_finding_holds_anyone_and_an_approval_lifts_it() {
        let settings = TeamSettings::default();
        let findings = [finding(Severity::Approval)];
        assert!(matches!(verdict(Role::Manager, &settings, TEXT, &findings, &[]), GuardVerdict::NeedsApproval { .. }));
        assert!(verdict(Role::Manager, &settings, TEXT, &findings, &[granted("m1", TEXT)]).lets_through());
    }

    #[test]
    fn a_block_finding_stops_everyone_even_with_an_approval() {
        let settings = TeamSettings::default();
        let findings = [finding(Severity::Block)];
        let verdict = verdict(Role::Owner, &settings, TEXT, &findings, &[granted("m1", TEXT)]);
        assert!(matches!(verdict, GuardVerdict::Blocked { .. }));
    }

    #[test]
    fn ctrl_or_cmd_enter_posts_everywhere_and_enter_alone_where_the_site_says() {
        let enter = KeyPress { key: "Enter", ..KeyPress::default() };
        assert!(is_posting_key(&KeyPress { ctrl: true, ..enter }, false));
        assert!(is_posting_key(&KeyPress { meta: true, ..enter }, false));
        assert!(!is_posting_key(&enter, false), "a new line in a multi-line box");
        assert!(is_posting_key(&enter, true));
        assert!(!is_posting_key(&KeyPress { shift: true, ..enter }, true), "Shift+Enter is a new line");
        assert!(!is_posting_key(&KeyPress { composing: true, ctrl: true, ..enter }, true), "picking a candidate");
        assert!(!is_posting_key(&KeyPress { key: "a", ctrl: true, ..enter }, true));
    }

    #[test]
    fn granted_approvals_are_kept_once_and_bounded() {
        let mut list = Vec::new();
        for index in 0..MAX_GRANTED + 5 {
            remember_granted(&mut list, GrantedApproval { approval_id: format!("a{index}"), requester_id: "m1".into(), approved_hash: String::new() });
        }
        let again = list[10].clone();
        remember_granted(&mut list, again);
        assert_eq!(list.len(), MAX_GRANTED);
        assert_eq!(list[0].approval_id, "a5", "the oldest went first");
    }
}
