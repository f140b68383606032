//! The permission matrix: which role may do which action, and who may manage whom.
//!
//! This is the only place permissions are written down. The server calls [`allows`] (and the
//! member rules below) on every request; the extension reads [`permissions_of`] for hints.

use serde::{Deserialize, Serialize};

use super::action::Action;
use super::role::Role;

/// The lowest role allowed to do `action`: a role may do it when it ranks at least this high.
///
/// Every action so far follows the role order (what an agent may do, a manager may too), so a
/// threshold per action is the whole matrix; the tests below print it as a table.
fn lowest_role_for(action: Action) -> Role {
    match action {
        Action::ReadLibrary
        | Action::EditPersonalTemplate
        | Action::ReadRules
        | Action::ReadSiteDescriptors
        | Action::ReadMembers
        | Action::RequestApproval
        | Action::ReadHistory
        | Action::RecordHistory => Role::Intern,
        Action::PublishWithoutApproval | Action::AnnotateAuthors => Role::Agent,
        Action::EditTeamTemplate
        | Action::EditRules
        | Action::EditSiteDescriptors
        | Action::ManageMembers
        | Action::Approve
        | Action::ReadAudit
        | Action::ReadReports
        | Action::ManageHistory => Role::Manager,
        Action::ChangeRoles | Action::ExportAudit | Action::ManageTeam => Role::Owner,
    }
}

/// May a member with `role` do `action`?
pub fn allows(role: Role, action: Action) -> bool {
    role.rank() >= lowest_role_for(action).rank()
}

/// Every action `role` may do, in [`Action::ALL`] order (sent to the extension for hints).
pub fn permissions_of(role: Role) -> Vec<Action> {
    Action::ALL.into_iter().filter(|action| allows(role, *action)).collect()
}

/// Why a member may not act on another member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum MemberDenial {
    #[error("your role does not allow managing members")]
    NotAllowed,
    #[error("only an owner can give or change the role of someone at your level or above")]
    AboveYou,
    #[error("you cannot do this to yourself; ask another owner")]
    Yourself,
}

/// May `actor` invite someone with `role`? Managers invite agents and interns; owners anyone.
pub fn may_invite(actor: Role, role: Role) -> Result<(), MemberDenial> {
    if !allows(actor, Action::ManageMembers) {
        return Err(MemberDenial::NotAllowed);
    }
    if actor != Role::Owner && !actor.outranks(role) {
        return Err(MemberDenial::AboveYou);
    }
    Ok(())
}

/// May `actor` deactivate a member whose role is `target`? Managers deactivate agents and
/// interns; owners anyone. Nobody deactivates themselves (`is_self`), so a team always keeps
/// the person who could undo it.
pub fn may_manage_member(actor: Role, target: Role, is_self: bool) -> Result<(), MemberDenial> {
    if !allows(actor, Action::ManageMembers) {
        return Err(MemberDenial::NotAllowed);
    }
    if is_self {
        return Err(MemberDenial::Yourself);
    }
    if actor != Role::Owner && !actor.outranks(target) {
        return Err(MemberDenial::AboveYou);
    }
    Ok(())
}

/// May `actor` change a member's role (currently `from`) to `to`? Only owners change roles,
/// and not their own (the last owner must stay an owner; the server also checks the count).
pub fn may_assign_role(actor: Role, from: Role, to: Role, is_self: bool) -> Result<(), MemberDenial> {
    if !allows(actor, Action::ChangeRoles) {
        return Err(MemberDenial::NotAllowed);
    }
    if is_self && from != to {
        return Err(MemberDenial::Yourself);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matrix as a table, one line per action: O M A I, `x` where allowed.
    fn table() -> String {
        Action::ALL
            .iter()
            .map(|action| {
                let marks: String =
                    Role::ALL.iter().map(|role| if allows(*role, *action) { 'x' } else { '.' }).collect();
                format!("{marks} {action:?}")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_matrix_reads_as_written() {
        let expected = "\
xxxx ReadLibrary
xxxx EditPersonalTemplate
xx.. EditTeamTemplate
xxxx ReadRules
xx.. EditRules
xxxx ReadSiteDescriptors
xx.. EditSiteDescriptors
xxxx ReadMembers
xx.. ManageMembers
x... ChangeRoles
xxxx RequestApproval
xx.. Approve
xxx. PublishWithoutApproval
xx.. ReadAudit
x... ExportAudit
xx.. ReadReports
x... ManageTeam
xxxx ReadHistory
xxxx RecordHistory
xxx. AnnotateAuthors
xx.. ManageHistory";
        assert_eq!(table(), expected);
    }

    #[test]
    fn interns_and_agents_cannot_change_team_rules_or_roles() {
        for role in [Role::Agent, Role::Intern] {
            for action in [Action::EditRules, Action::EditTeamTemplate, Action::ChangeRoles, Action::ManageMembers] {
                assert!(!allows(role, action), "{role} must not {action:?}");
            }
        }
    }

    #[test]
    fn interns_always_need_approval() {
        assert!(!allows(Role::Intern, Action::PublishWithoutApproval));
        assert!(allows(Role::Intern, Action::RequestApproval));
    }

    #[test]
    fn a_higher_role_may_do_everything_a_lower_one_may() {
        for pair in Role::ALL.windows(2) {
            if let [higher, lower] = pair {
                for action in permissions_of(*lower) {
                    assert!(allows(*higher, action), "{higher} should {action:?} like {lower}");
                }
            }
        }
    }

    #[test]
    fn managers_invite_and_deactivate_only_below_themselves() {
        assert_eq!(may_invite(Role::Manager, Role::Agent), Ok(()));
        assert_eq!(may_invite(Role::Manager, Role::Intern), Ok(()));
        assert_eq!(may_invite(Role::Manager, Role::Manager), Err(MemberDenial::AboveYou));
        assert_eq!(may_invite(Role::Manager, Role::Owner), Err(MemberDenial::AboveYou));
        assert_eq!(may_invite(Role::Owner, Role::Owner), Ok(()));
        assert_eq!(may_invite(Role::Agent, Role::Intern), Err(MemberDenial::NotAllowed));
        assert_eq!(may_manage_member(Role::Manager, Role::Agent, false), Ok(()));
        assert_eq!(may_manage_member(Role::Manager, Role::Manager, false), Err(MemberDenial::AboveYou));
        assert_eq!(may_manage_member(Role::Owner, Role::Owner, false), Ok(()));
        assert_eq!(may_manage_member(Role::Owner, Role::Owner, true), Err(MemberDenial::Yourself));
        assert_eq!(may_manage_member(Role::Intern, Role::Intern, false), Err(MemberDenial::NotAllowed));
    }

    #[test]
    fn only_owners_change_roles_and_never_their_own() {
        assert_eq!(may_assign_role(Role::Owner, Role::Agent, Role::Manager, false), Ok(()));
        assert_eq!(may_assign_role(Role::Owner, Role::Owner, Role::Agent, true), Err(MemberDenial::Yourself));
        assert_eq!(may_assign_role(Role::Manager, Role::Intern, Role::Agent, false), Err(MemberDenial::NotAllowed));
        assert_eq!(may_assign_role(Role::Agent, Role::Agent, Role::Manager, true), Err(MemberDenial::NotAllowed));
    }

    #[test]
    fn permissions_serialise_in_snake_case() {
        let json = serde_json::to_string(&permissions_of(Role::Intern)).unwrap_or_default();
        assert!(json.starts_with("[\"read_library\",\"edit_personal_template\""), "{json}");
    }
}
