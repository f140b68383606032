//! Everything a member can ask the team server to do, as one closed list.

use serde::{Deserialize, Serialize};

/// One thing a member may or may not do. The matrix in [`super::matrix`] decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Read the team's library (team templates, and one's own personal templates).
    ReadLibrary,
    /// Create, edit or delete one's own personal templates.
    EditPersonalTemplate,
    /// Create, edit or delete the team's shared templates.
    EditTeamTemplate,
    /// Read the team's guideline rules.
    ReadRules,
    /// Change the team's guideline rules.
    EditRules,
    /// Read the team's site-descriptor overrides.
    ReadSiteDescriptors,
    /// Change the team's site-descriptor overrides.
    EditSiteDescriptors,
    /// See who is in the team and their roles.
    ReadMembers,
    /// Invite members and deactivate them (only those below oneself, unless owner).
    ManageMembers,
    /// Change a member's role.
    ChangeRoles,
    /// Ask a manager to approve a reply.
    RequestApproval,
    /// Approve or refuse a reply awaiting approval.
    Approve,
    /// Post a reply without asking for approval first (rules may still require it).
    PublishWithoutApproval,
    /// Read the audit log.
    ReadAudit,
    /// Export the audit log (CSV, JSON) for compliance.
    ExportAudit,
    /// Read the team's reports.
    ReadReports,
    /// Rename the team or change its settings.
    ManageTeam,
    /// Read the mention history: authors' timelines, tags, notes, who is replying, search.
    ReadHistory,
    /// Record a comment one opened or answered, and say one is replying to it.
    RecordHistory,
    /// Tag authors and write notes about them.
    AnnotateAuthors,
    /// Change the history settings, purge, erase an author and export their data.
    ManageHistory,
}

impl Action {
    /// Every action, in the order the matrix is written.
    pub const ALL: [Action; 21] = [
        Action::ReadLibrary,
        Action::EditPersonalTemplate,
        Action::EditTeamTemplate,
        Action::ReadRules,
        Action::EditRules,
        Action::ReadSiteDescriptors,
        Action::EditSiteDescriptors,
        Action::ReadMembers,
        Action::ManageMembers,
        Action::ChangeRoles,
        Action::RequestApproval,
        Action::Approve,
        Action::PublishWithoutApproval,
        Action::ReadAudit,
        Action::ExportAudit,
        Action::ReadReports,
        Action::ManageTeam,
        Action::ReadHistory,
        Action::RecordHistory,
        Action::AnnotateAuthors,
        Action::ManageHistory,
    ];
}
