//! What went wrong talking to the team server, as a closed list the extension's pages put in
//! words (French or English), read from the server's one error shape.

use serde::Deserialize;

use super::address::AddressError;

/// Why a sign-in, a sync or an account action did not go through.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncProblem {
    #[error("the server address is not valid: {reason}")]
    BadAddress { reason: AddressError },
    #[error("this e-mail and password do not match an active account")]
    WrongCredentials,
    #[error("too many failed sign-ins; try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("the server at {server} does not answer")]
    Unreachable { server: String },
    #[error("the session has ended; sign in again")]
    SessionEnded,
    #[error("not signed in")]
    NotSignedIn,
    #[error("this invite link is unknown, already used or expired")]
    InviteInvalid,
    #[error("someone already has an account with this e-mail")]
    EmailTaken,
    /// The server refused the input (422), with its reason.
    #[error("{message}")]
    Refused { message: String },
    /// Any other answer, with the server's own words.
    #[error("the server answered {status}: {message}")]
    Server { status: u16, code: String, message: String },
    /// The browser refused to store something.
    #[error("the browser could not store the change: {message}")]
    Storage { message: String },
}

impl SyncProblem {
    /// The problem's name in `snake_case` (`wrong_credentials`, `unreachable`...).
    pub fn kind(&self) -> &'static str {
        match self {
            SyncProblem::BadAddress { .. } => "bad_address",
            SyncProblem::WrongCredentials => "wrong_credentials",
            SyncProblem::RateLimited { .. } => "rate_limited",
            SyncProblem::Unreachable { .. } => "unreachable",
            SyncProblem::SessionEnded => "session_ended",
            SyncProblem::NotSignedIn => "not_signed_in",
            SyncProblem::InviteInvalid => "invite_invalid",
            SyncProblem::EmailTaken => "email_taken",
            SyncProblem::Refused { .. } => "refused",
            SyncProblem::Server { .. } => "server",
            SyncProblem::Storage { .. } => "storage",
        }
    }

    /// Whether trying again later may work without the person doing anything.
    pub fn is_transient(&self) -> bool {
        match self {
            SyncProblem::Unreachable { .. } | SyncProblem::RateLimited { .. } => true,
            SyncProblem::Server { status, .. } => *status >= 500 || *status == 408,
            _ => false,
        }
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorFields,
}

#[derive(Deserialize)]
struct ErrorFields {
    code: String,
    message: String,
}

/// Reads a refusal from the server: its HTTP status, body (the one error shape, or anything
/// else a proxy may answer) and `Retry-After` header.
pub fn problem_from_http(status: u16, body: &str, retry_after: Option<&str>) -> SyncProblem {
    let (code, message) = match serde_json::from_str::<ErrorBody>(body) {
        Ok(ErrorBody { error }) => (error.code, error.message),
        Err(_) => (String::new(), body.chars().take(200).collect()),
    };
    match (status, code.as_str()) {
        (401, "wrong_credentials") => SyncProblem::WrongCredentials,
        (401, _) => SyncProblem::SessionEnded,
        (429, _) => SyncProblem::RateLimited {
            retry_after_secs: retry_after.and_then(|value| value.trim().parse().ok()).unwrap_or(60),
        },
        (410, _) | (_, "invite_invalid") => SyncProblem::InviteInvalid,
        (_, "email_taken") => SyncProblem::EmailTaken,
        (422, _) => SyncProblem::Refused { message },
        _ => SyncProblem::Server { status, code, message },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(code: &str, message: &str) -> String {
        serde_json::json!({"error": {"code": code, "message": message}}).to_string()
    }

    #[test]
    fn a_wrong_password_and_an_ended_session_are_told_apart() {
        assert_eq!(problem_from_http(401, &body("wrong_credentials", "x"), None), SyncProblem::WrongCredentials);
        assert_eq!(problem_from_http(401, &body("unauthorized", "x"), None), SyncProblem::SessionEnded);
    }

    #[test]
    fn a_rate_limit_carries_the_wait_from_retry_after() {
        assert_eq!(problem_from_http(429, &body("too_many_attempts", "x"), Some("840")), SyncProblem::RateLimited { retry_after_secs: 840 });
        assert_eq!(problem_from_http(429, "", None), SyncProblem::RateLimited { retry_after_secs: 60 });
    }

    #[test]
    fn other_refusals_keep_the_servers_words_and_a_proxys_page_is_cut_short() {
        assert_eq!(problem_from_http(422, &body("invalid_input", "The name is empty."), None), SyncProblem::Refused { message: "The name is empty.".into() });
        assert_eq!(problem_from_http(410, &body("invite_invalid", "x"), None), SyncProblem::InviteInvalid);
        let page = "<html>".repeat(100);
        let SyncProblem::Server { status: 502, message, .. } = problem_from_http(502, &page, None) else { panic!("a server problem") };
        assert_eq!(message.chars().count(), 200);
        assert!(problem_from_http(503, &page, None).is_transient());
        assert!(!problem_from_http(403, &body("forbidden", "no"), None).is_transient());
    }
}
