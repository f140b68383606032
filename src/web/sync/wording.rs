//! Sync in words, in the browser's language, for the status the worker stores and the answers
//! it gives: problems, roles, conflicts and refused edits (`chrome.i18n` works in the worker).

use crate::core::policy::Role;
use crate::core::sync::{ConflictSummary, RejectionSummary, SyncProblem, WordedProblem, Wording};
use crate::web::chrome::{message, message_with};

/// The browser's language, through `chrome.i18n`.
pub struct ChromeWords;

impl Wording for ChromeWords {
    fn problem(&self, problem: &SyncProblem) -> String {
        match problem {
            SyncProblem::BadAddress { reason } => message_with("problemBadAddress", &[&message(reason.message_key())]),
            SyncProblem::WrongCredentials => message("problemWrongCredentials"),
            SyncProblem::RateLimited { retry_after_secs } => {
                message_with("problemRateLimited", &[&retry_after_secs.div_ceil(60).max(1).to_string()])
            }
            SyncProblem::Unreachable { server } => message_with("problemUnreachable", &[server]),
            SyncProblem::SessionEnded => message("problemSessionEnded"),
            SyncProblem::NotSignedIn => message("problemNotSignedIn"),
            SyncProblem::InviteInvalid => message("problemInviteInvalid"),
            SyncProblem::EmailTaken => message("problemEmailTaken"),
            SyncProblem::Refused { message } => message_with("problemRefused", &[message]),
            SyncProblem::Server { status, message, .. } => message_with("problemServer", &[&status.to_string(), message]),
            SyncProblem::Storage { message } => message_with("problemStorage", &[message]),
        }
    }

    fn role(&self, role: Role) -> String {
        message(match role {
            Role::Owner => "roleOwner",
            Role::Manager => "roleManager",
            Role::Agent => "roleAgent",
            Role::Intern => "roleIntern",
        })
    }

    fn conflict(&self, conflict: &ConflictSummary) -> String {
        let who = conflict.theirs_by.clone().unwrap_or_else(|| message("syncSomeone"));
        match (&conflict.mine_title, &conflict.theirs_title) {
            (Some(mine), Some(_)) => message_with("syncConflictChanged", &[mine, &who]),
            (Some(mine), None) => message_with("syncConflictDeleted", &[mine, &who]),
            (None, theirs) => message_with("syncConflictMineDeleted", &[theirs.as_deref().unwrap_or(&conflict.entity.id), &who]),
        }
    }

    fn rejection(&self, rejection: &RejectionSummary) -> String {
        let title = rejection.title.clone().unwrap_or_else(|| rejection.entity.id.clone());
        let reason = match rejection.code.as_str() {
            "forbidden" => message("syncRejectedForbidden"),
            "not_found" => message("syncRejectedNotFound"),
            "too_large" => message("syncRejectedTooLarge"),
            _ => rejection.reason.clone(),
        };
        message_with(if rejection.deletion { "syncNotDeleted" } else { "syncNotSaved" }, &[&title, &reason])
    }
}

/// A problem in words, with its kind.
pub fn worded(problem: &SyncProblem) -> WordedProblem {
    WordedProblem { kind: problem.kind().to_owned(), text: ChromeWords.problem(problem) }
}
