//! The member's presence on a comment, told to the team (mention history's collision): while a
//! reply box answering a comment with a permalink has the focus, "replying" is sent and sent
//! again before it expires on the server; when the focus goes to something else in the page,
//! or the page goes away, "closed". [`announce_replied`] is the seam for "replied".
//!
//! The agent holds no token: it tells the worker (`ToBackground::Presence`), whose sync module
//! holds the session and sends it. A presence lost on the way expires by itself on the server.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::core::history::REPLYING_REFRESH_MS;
use crate::core::model::history::PresenceState;
use crate::core::model::ToBackground;
use crate::web::{chrome, wire};

/// The reply box the member is in, the comment it answers, and its refresh timer.
struct Replying {
    editor: Element,
    permalink: String,
    _refresh: gloo::timers::callback::Interval,
}

thread_local! {
    static REPLYING: RefCell<Option<Replying>> = const { RefCell::new(None) };
}

/// A reply box answering the comment at `permalink` got the focus.
pub fn focused(editor: &Element, permalink: &str) {
    if permalink.is_empty() {
        return left();
    }
    let same = REPLYING.with(|cell| cell.borrow().as_ref().is_some_and(|now| now.permalink == permalink && now.editor == *editor));
    if same {
        return;
    }
    left();
    send(permalink, PresenceState::Replying);
    let refresh = gloo::timers::callback::Interval::new(REPLYING_REFRESH_MS as u32, refresh);
    REPLYING.with(|cell| {
        *cell.borrow_mut() = Some(Replying { editor: editor.clone(), permalink: permalink.to_owned(), _refresh: refresh });
    });
    watch_page_hide();
}

/// The focus left the reply box for something else in the page.
pub fn left() {
    if let Some(was) = REPLYING.with(|cell| cell.borrow_mut().take()) {
        send(&was.permalink, PresenceState::Closed);
    }
}

/// The site's submit of the reply box answering `permalink` went through: the team sees
/// "answered by ..." for the next minutes. Called by the submit guard (issue 7) once it
/// detects the site's submit; until then nothing calls it.
#[allow(dead_code)] // Called by the submit guard once it is merged (see above).
pub fn announce_replied(permalink: &str) {
    REPLYING.with(|cell| cell.borrow_mut().take());
    send(permalink, PresenceState::Replied);
}

/// Sent every [`REPLYING_REFRESH_MS`]: "replying" again while the box is still there.
fn refresh() {
    let still = REPLYING.with(|cell| cell.borrow().as_ref().map(|now| (now.editor.is_connected(), now.permalink.clone())));
    match still {
        Some((true, permalink)) => send(&permalink, PresenceState::Replying),
        Some((false, _)) => left(),
        None => {}
    }
}

fn send(permalink: &str, state: PresenceState) {
    let message = wire::to_js(&ToBackground::Presence { permalink: permalink.to_owned(), state });
    wasm_bindgen_futures::spawn_local(async move {
        let _ = chrome::send_message(&message).await; // Lost: the server lets it expire.
    });
}

/// Says "closed" when the page is hidden for good (navigation, tab closed).
fn watch_page_hide() {
    thread_local! { static WATCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) }; }
    if WATCHING.with(|watching| watching.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let callback = Closure::<dyn FnMut()>::new(left);
    let _ = window.add_event_listener_with_callback("pagehide", callback.as_ref().unchecked_ref());
    callback.forget();
}
