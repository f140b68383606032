//! The browser's clock and language, read at the edge and passed into the core.

use crate::core::library::Lang;
use crate::core::template::CalendarDate;
use crate::web::chrome;

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Today in the user's time zone.
pub fn today() -> Option<CalendarDate> {
    let now = js_sys::Date::new_0();
    CalendarDate::new(now.get_full_year() as i32, now.get_month() as u8 + 1, now.get_date() as u8)
}

/// The browser's language, when a comment's own cannot be told.
pub fn ui_lang() -> Lang {
    if chrome::ui_language().starts_with("fr") { Lang::Fr } else { Lang::En }
}
