//! Sync in words, in the browser's language: what went wrong, how the extension stands with
//! the server, roles, and times ("Offline since 14:02"). Shared by the panel's banner and the
//! options page.

use crate::core::policy::Role;
use crate::core::sync::{AddressError, Connection, SyncProblem, SyncStatus};
use crate::web::chrome::{message, message_with};

/// A problem as a sentence.
pub fn problem(problem: &SyncProblem) -> String {
    match problem {
        SyncProblem::BadAddress { reason } => message_with("problemBadAddress", &[&address_error(*reason)]),
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

/// Why a server address is refused.
pub fn address_error(error: AddressError) -> String {
    message(match error {
        AddressError::Empty => "addressEmpty",
        AddressError::NotHttp => "addressNotHttp",
        AddressError::NoHost => "addressNoHost",
        AddressError::InsecureRemote => "addressInsecure",
        AddressError::Credentials => "addressCredentials",
        AddressError::Extra => "addressExtra",
        AddressError::BadPort => "addressBadPort",
    })
}

pub fn role(role: Role) -> String {
    message(match role {
        Role::Owner => "roleOwner",
        Role::Manager => "roleManager",
        Role::Agent => "roleAgent",
        Role::Intern => "roleIntern",
    })
}

/// "Offline since 14:02", "Signed out", or `None` when connected or with no team.
pub fn connection(status: &SyncStatus) -> Option<String> {
    match status.connection {
        Connection::Offline { since_ms } => Some(message_with("syncOfflineSince", &[&time(since_ms)])),
        Connection::SignedOut => Some(message("syncSignedOut")),
        Connection::Online | Connection::NoAccount => None,
    }
}

/// "1 change waiting", "3 changes waiting", or `None`.
pub fn waiting(pending: usize) -> Option<String> {
    match pending {
        0 => None,
        1 => Some(message("syncOneChangeWaiting")),
        count => Some(message_with("syncChangesWaiting", &[&count.to_string()])),
    }
}

/// A moment as the person reads it: "14:02" today, "3 mars 14:02" another day.
pub fn time(ms: i64) -> String {
    let when = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let now = js_sys::Date::new_0();
    let clock = format!("{:02}:{:02}", when.get_hours(), when.get_minutes());
    let same_day = when.get_full_year() == now.get_full_year() && when.get_month() == now.get_month() && when.get_date() == now.get_date();
    if same_day {
        return clock;
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"day".into(), &"numeric".into());
    let _ = js_sys::Reflect::set(&options, &"month".into(), &"short".into());
    let day: String = when.to_locale_date_string(&crate::web::chrome::ui_language(), &options).into();
    format!("{day} {clock}")
}
