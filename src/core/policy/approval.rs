//! The approval policy: may this reply be posted as it is, does it need a manager's approval, or
//! can nobody post it; who may decide a request; and whether an approval covers a text.
//!
//! The rules, from issue 7:
//! - a reply by someone whose role may not publish without approval (interns) needs approval,
//!   unless the team exempts that intern ([`TeamSettings::exempt_interns`]);
//! - a guideline finding of severity `approval` needs approval, whoever writes;
//! - a finding of severity `block` stops posting for everyone, approval or not;
//! - managers and owners decide requests ([`Action::Approve`]); nobody decides their own;
//! - an approval binds the SHA-256 of the exact approved text ([`crate::core::digest::text_hash`]):
//!   it covers that text only, posted by the member who asked.
//!
//! The extension's guard and the server both call these functions: the guard to stop the site's
//! submit, the server to record what the policy said of each published reply.

use serde::{Deserialize, Serialize};

use super::action::Action;
use super::matrix::allows;
use super::role::Role;
use crate::core::guidelines::{Finding, Severity};
use crate::core::model::approvals::ApprovalStatus;
use crate::core::model::team::TeamSettings;

/// Why a reply needs approval, or cannot be posted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PostingReason {
    /// The writer's role needs approval for every reply (an intern not exempted).
    Role { role: Role },
    /// A guideline finding of severity `approval` or `block`.
    Finding { rule_id: String, severity: Severity, message: String },
}

/// What the policy says of a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum PostingDecision {
    /// Post it.
    Allowed,
    /// Post it only once a manager or owner has approved this exact text.
    NeedsApproval { reasons: Vec<PostingReason> },
    /// Nobody may post it as it is: the `block` findings say why.
    Blocked { reasons: Vec<PostingReason> },
}

impl PostingDecision {
    /// The reasons (empty when allowed).
    pub fn reasons(&self) -> &[PostingReason] {
        match self {
            PostingDecision::Allowed => &[],
            PostingDecision::NeedsApproval { reasons } | PostingDecision::Blocked { reasons } => reasons,
        }
    }
}

/// The decision for a draft with `findings`, written by `member_id` in `role`.
pub fn posting_decision(role: Role, member_id: &str, settings: &TeamSettings, findings: &[Finding]) -> PostingDecision {
    let of_severity = |severity: Severity| -> Vec<PostingReason> {
        findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .map(|finding| PostingReason::Finding {
                rule_id: finding.rule_id.clone(),
                severity,
                message: finding.message.clone(),
            })
            .collect()
    };
    let blocking = of_severity(Severity::Block);
    if !blocking.is_empty() {
        return PostingDecision::Blocked { reasons: blocking };
    }
    let mut reasons = Vec::new();
    if role_needs_approval(role, member_id, settings) {
        reasons.push(PostingReason::Role { role });
    }
    reasons.extend(of_severity(Severity::Approval));
    if reasons.is_empty() {
        PostingDecision::Allowed
    } else {
        PostingDecision::NeedsApproval { reasons }
    }
}

/// Whether every reply by this member needs approval: their role may not publish without it
/// (the matrix's [`Action::PublishWithoutApproval`]), and they are not an exempted intern.
pub fn role_needs_approval(role: Role, member_id: &str, settings: &TeamSettings) -> bool {
    if allows(role, Action::PublishWithoutApproval) {
        return false;
    }
    !(role == Role::Intern && settings.is_exempt(member_id))
}

/// Why a member may not decide a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DecisionDenial {
    #[error("your role ({role}) cannot approve replies; managers and owners do")]
    NotAllowed { role: Role },
    #[error("nobody approves their own request; ask another manager or owner")]
    OwnRequest,
    #[error("this request was already {status}")]
    AlreadyDecided { status: ApprovalStatus },
}

/// May the member `decider_id` (in `decider_role`) decide a request made by `requester_id`,
/// now `status`?
pub fn may_decide(
    decider_role: Role,
    decider_id: &str,
    requester_id: &str,
    status: ApprovalStatus,
) -> Result<(), DecisionDenial> {
    if !allows(decider_role, Action::Approve) {
        return Err(DecisionDenial::NotAllowed { role: decider_role });
    }
    if decider_id == requester_id {
        return Err(DecisionDenial::OwnRequest);
    }
    if status != ApprovalStatus::Pending {
        return Err(DecisionDenial::AlreadyDecided { status });
    }
    Ok(())
}

/// May the member `member_id` see a request made by `requester_id`? Approvers see the team's;
/// everyone sees their own.
pub fn may_see_request(role: Role, member_id: &str, requester_id: &str) -> bool {
    allows(role, Action::Approve) || member_id == requester_id
}

/// What the server knows of an approval a reply claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApprovalFacts<'a> {
    pub status: ApprovalStatus,
    pub requester_id: &'a str,
    /// The hash of the approved text (`None` unless approved).
    pub approved_hash: Option<&'a str>,
}

/// Why an approval does not cover a reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApprovalMismatch {
    #[error("this approval request is {0}, not approved")]
    NotApproved(ApprovalStatus),
    #[error("this approval was given to another member")]
    NotYours,
    #[error("the text differs from the approved text (the approval binds the exact text)")]
    TextDiffers,
}

/// Does `approval` cover the text whose hash is `text_hash`, posted by `member_id`?
pub fn approval_covers(approval: &ApprovalFacts<'_>, member_id: &str, text_hash: &str) -> Result<(), ApprovalMismatch> {
    if approval.status != ApprovalStatus::Approved {
        return Err(ApprovalMismatch::NotApproved(approval.status));
    }
    if approval.requester_id != member_id {
        return Err(ApprovalMismatch::NotYours);
    }
    if approval.approved_hash != Some(text_hash) {
        return Err(ApprovalMismatch::TextDiffers);
    }
    Ok(())
}

/// Whether the guard lets the reply go: allowed, or needing approval and covered by one.
pub fn may_post(decision: &PostingDecision, covered_by_approval: bool) -> bool {
    match decision {
        PostingDecision::Allowed => true,
        PostingDecision::NeedsApproval { .. } => covered_by_approval,
        PostingDecision::Blocked { .. } => false,
    }
}

/// What the policy said of a reply that was posted (recorded with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicationPolicy {
    /// No approval was needed.
    Allowed,
    /// Posted under an approval of this exact text.
    Approved,
    /// Needed approval and had none: posted against the policy.
    Unapproved,
    /// Had a blocking finding: posted against the policy.
    Blocked,
}

impl PublicationPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            PublicationPolicy::Allowed => "allowed",
            PublicationPolicy::Approved => "approved",
            PublicationPolicy::Unapproved => "unapproved",
            PublicationPolicy::Blocked => "blocked",
        }
    }

    pub fn parse(name: &str) -> Option<PublicationPolicy> {
        [PublicationPolicy::Allowed, PublicationPolicy::Approved, PublicationPolicy::Unapproved, PublicationPolicy::Blocked]
            .into_iter()
            .find(|policy| policy.as_str() == name)
    }
}

/// The verdict on a posted reply: a block finding wins over everything, then an approval that
/// covers the text, then whether one was needed.
pub fn publication_policy(decision: &PostingDecision, covered_by_approval: bool) -> PublicationPolicy {
    match decision {
        PostingDecision::Blocked { .. } => PublicationPolicy::Blocked,
        _ if covered_by_approval => PublicationPolicy::Approved,
        PostingDecision::Allowed => PublicationPolicy::Allowed,
        PostingDecision::NeedsApproval { .. } => PublicationPolicy::Unapproved,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::guidelines::RuleKind;

    fn finding(rule_id: &str, severity: Severity) -> Finding {
        Finding {
            rule_id: rule_id.into(),
            kind: RuleKind::Forbidden,
            severity,
            message: format!("{rule_id} says no"),
            start: 0,
            end: 1,
            replacements: vec![],
        }
    }

    fn decide(role: Role, findings: &[Finding]) -> PostingDecision {
        posting_decision(role, "m1", &TeamSettings::default(), findings)
    }

    #[test]
    fn interns_always_need_approval_and_others_do_not() {
        assert_eq!(decide(Role::Intern, &[]), PostingDecision::NeedsApproval { reasons: vec![PostingReason::Role { role: Role::Intern }] });
        for role in [Role::Owner, Role::Manager, Role::Agent] {
            assert_eq!(decide(role, &[finding("hint", Severity::Warn)]), PostingDecision::Allowed, "{role}");
        }
    }

    #[test]
    fn the_team_can_lift_approval_for_one_intern_only() {
        let settings = TeamSettings { exempt_interns: vec!["trusted".into()], ..TeamSettings::default() };
        assert_eq!(posting_decision(Role::Intern, "trusted", &settings, &[]), PostingDecision::Allowed);
        assert!(matches!(posting_decision(Role::Intern, "other", &settings, &[]), PostingDecision::NeedsApproval { .. }));
        let needs = posting_decision(Role::Intern, "trusted", &settings, &[finding("risky", Severity::Approval)]);
        assert!(matches!(needs, PostingDecision::NeedsApproval { .. }), "a rule still asks for approval: {needs:?}");
    }

    #[test]
    fn an_approval_finding_needs_approval_for_everyone_even_owners() {
        for role in Role::ALL {
            let decision = decide(role, &[finding("risky", Severity::Approval), finding("hint", Severity::Info)]);
            let PostingDecision::NeedsApproval { reasons } = decision else { panic!("{role}: {decision:?}") };
            assert!(reasons.contains(&PostingReason::Finding {
                rule_id: "risky".into(),
                severity: Severity::Approval,
                message: "risky says no".into()
            }));
            assert!(!reasons.iter().any(|r| matches!(r, PostingReason::Finding { rule_id, .. } if rule_id == "hint")));
        }
    }

    #[test]
    fn a_block_finding_stops_everyone_and_is_the_only_reason_given() {
        for role in Role::ALL {
            let decision = decide(role, &[finding("risky", Severity::Approval), finding("promise", Severity::Block)]);
            assert_eq!(
                decision,
                PostingDecision::Blocked {
                    reasons: vec![PostingReason::Finding {
                        rule_id: "promise".into(),
                        severity: Severity::Block,
                        message: "promise says no".into()
                    }]
                },
                "{role}"
            );
            assert!(!may_post(&decision, true), "{role}: not even with an approval");
        }
    }

    #[test]
    fn managers_and_owners_decide_but_never_their_own_request() {
        assert_eq!(may_decide(Role::Manager, "m", "i", ApprovalStatus::Pending), Ok(()));
        assert_eq!(may_decide(Role::Owner, "o", "m", ApprovalStatus::Pending), Ok(()));
        assert_eq!(may_decide(Role::Manager, "m", "m", ApprovalStatus::Pending), Err(DecisionDenial::OwnRequest));
        assert_eq!(may_decide(Role::Owner, "o", "o", ApprovalStatus::Pending), Err(DecisionDenial::OwnRequest));
        assert_eq!(may_decide(Role::Agent, "a", "i", ApprovalStatus::Pending), Err(DecisionDenial::NotAllowed { role: Role::Agent }));
        assert_eq!(may_decide(Role::Intern, "i2", "i", ApprovalStatus::Pending), Err(DecisionDenial::NotAllowed { role: Role::Intern }));
        assert_eq!(
            may_decide(Role::Manager, "m", "i", ApprovalStatus::Rejected),
            Err(DecisionDenial::AlreadyDecided { status: ApprovalStatus::Rejected })
        );
    }

    #[test]
    fn a_request_is_seen_by_approvers_and_its_requester() {
        assert!(may_see_request(Role::Manager, "m", "i"));
        assert!(may_see_request(Role::Intern, "i", "i"));
        assert!(!may_see_request(Role::Agent, "a", "i"));
        assert!(!may_see_request(Role::Intern, "i2", "i"));
    }

    #[test]
    fn an_approval_covers_its_exact_text_for_its_requester_only() {
        let hash = crate::core::digest::text_hash("Merci !");
        let approved = ApprovalFacts { status: ApprovalStatus::Approved, requester_id: "i", approved_hash: Some(&hash) };
        assert_eq!(approval_covers(&approved, "i", &hash), Ok(()));
        let other_text = crate::core::digest::text_hash("Merci!");
        assert_eq!(approval_covers(&approved, "i", &other_text), Err(ApprovalMismatch::TextDiffers));
        assert_eq!(approval_covers(&approved, "a", &hash), Err(ApprovalMismatch::NotYours));
        let pending = ApprovalFacts { status: ApprovalStatus::Pending, requester_id: "i", approved_hash: None };
        assert_eq!(approval_covers(&pending, "i", &hash), Err(ApprovalMismatch::NotApproved(ApprovalStatus::Pending)));
    }

    #[test]
    fn a_posted_reply_is_classed_block_first_then_approval_then_need() {
        let needs = decide(Role::Intern, &[]);
        assert_eq!(publication_policy(&needs, false), PublicationPolicy::Unapproved);
        assert_eq!(publication_policy(&needs, true), PublicationPolicy::Approved);
        assert_eq!(publication_policy(&PostingDecision::Allowed, false), PublicationPolicy::Allowed);
        assert_eq!(publication_policy(&PostingDecision::Allowed, true), PublicationPolicy::Approved);
        let blocked = decide(Role::Owner, &[finding("x", Severity::Block)]);
        assert_eq!(publication_policy(&blocked, true), PublicationPolicy::Blocked);
        assert!(may_post(&needs, true) && !may_post(&needs, false) && may_post(&PostingDecision::Allowed, false));
    }

    #[test]
    fn decisions_serialise_tagged_for_the_panel() {
        let json = serde_json::to_value(decide(Role::Intern, &[])).unwrap_or_default();
        assert_eq!(json, serde_json::json!({"decision": "needs_approval", "reasons": [{"kind": "role", "role": "intern"}]}));
    }
}
