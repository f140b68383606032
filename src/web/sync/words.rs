//! What the pages say about sync themselves (the rest comes worded in the status): how the
//! extension stands ("Offline since 14:02", "Signed out"), what waits, times, and why a server
//! address typed in the options page is refused.

use crate::core::sync::{AddressError, Connection, StatusView};
use crate::web::chrome::{message, message_with};

/// "Offline since 14:02", "Signed out", or `None` when connected or with no team.
pub fn connection(status: &StatusView) -> Option<String> {
    match status.connection() {
        Connection::Offline => Some(message_with("syncOfflineSince", &[&time(status.offline_since_ms.unwrap_or_default())])),
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

/// Why a server address is refused.
pub fn address_error(error: AddressError) -> String {
    message(error.message_key())
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
