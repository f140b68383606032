//! Telling the team that a site adapter no longer matches its site.
//!
//! When the site's markers are gone (or a comment's fields can no longer be read), the agent
//! sends one `AdapterHealth` event to the background, which counts it in
//! `chrome.storage.local` for the team backend. [`HealthThrottle`] keeps it to one event per
//! site and kind per hour from this page, so a broken adapter is a count, not a flood.

use std::cell::RefCell;

use crate::core::model::ToBackground;
use crate::core::sites::{HealthEvent, HealthEventKind, HealthThrottle};
use crate::web::{chrome, wire};

thread_local! {
    static THROTTLE: RefCell<HealthThrottle> = RefCell::new(HealthThrottle::default());
}

/// Reports that `site_id`'s adapter failed as `kind`, unless it was reported within the hour.
pub fn report(site_id: &str, kind: HealthEventKind) {
    let event = HealthEvent { site_id: site_id.to_owned(), kind, at_ms: now_ms() };
    if !THROTTLE.with(|throttle| throttle.borrow_mut().should_report(&event)) {
        return;
    }
    gloo::console::info!(format!("Tact: the {site_id} adapter did not fully match this page; using the generic reader where needed."));
    let message = wire::to_js(&ToBackground::AdapterHealth { event });
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = chrome::send_message(&message).await {
            gloo::console::warn!("Tact could not reach its background:", error);
        }
    });
}

fn now_ms() -> u64 {
    // Milliseconds since the epoch fit an f64 exactly; a negative clock is treated as zero.
    js_sys::Date::now().max(0.0) as u64
}
