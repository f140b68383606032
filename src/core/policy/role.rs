//! The four roles of a team member, from the most trusted to the least.

use serde::{Deserialize, Serialize};

/// A member's role in their team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the team: everything a manager can, plus roles, audit exports and the team itself.
    Owner,
    /// Edits the team's library, rules and site descriptors, invites members, approves replies.
    Manager,
    /// Answers with the team's library; keeps personal templates.
    Agent,
    /// Like an agent, but every reply needs a manager's approval.
    Intern,
}

impl Role {
    /// Every role, most trusted first.
    pub const ALL: [Role; 4] = [Role::Owner, Role::Manager, Role::Agent, Role::Intern];

    /// The name used in JSON and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Manager => "manager",
            Role::Agent => "agent",
            Role::Intern => "intern",
        }
    }

    /// Reads a role from its name (`owner`, `manager`, `agent`, `intern`).
    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == name)
    }

    /// Higher is more trusted: owner 3, manager 2, agent 1, intern 0.
    pub fn rank(self) -> u8 {
        match self {
            Role::Owner => 3,
            Role::Manager => 2,
            Role::Agent => 1,
            Role::Intern => 0,
        }
    }

    /// True when this role is strictly more trusted than `other`.
    pub fn outranks(self, other: Role) -> bool {
        self.rank() > other.rank()
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.pad(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_reads_back_from_its_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
        assert_eq!(Role::parse("Owner"), None, "names are lower case, as in JSON");
    }

    #[test]
    fn roles_are_ordered_from_owner_down_to_intern() {
        assert!(Role::Owner.outranks(Role::Manager));
        assert!(Role::Manager.outranks(Role::Agent));
        assert!(Role::Agent.outranks(Role::Intern));
        assert!(!Role::Agent.outranks(Role::Agent));
    }

    #[test]
    fn roles_serialise_in_snake_case() {
        assert_eq!(serde_json::to_string(&Role::Manager).ok().as_deref(), Some("\"manager\""));
        assert_eq!(serde_json::from_str::<Role>("\"intern\"").ok(), Some(Role::Intern));
    }
}
