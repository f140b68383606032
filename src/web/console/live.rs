//! The console's live updates: the team server's event stream (`GET /api/v1/events`, a
//! streaming `fetch` as in the panel, since an `EventSource` cannot send the bearer token), read
//! while a view that wants it is shown. Each `approval` event (a request made or decided) calls
//! the view back; so does every reconnection, to catch up. A dropped stream is opened again
//! after 1, 2, 4... up to 30 s; a refused session (401) ends it (the view's next read says so).

use std::rc::Rc;

use crate::core::sync::{retry_delay_ms, CursorEvents};
use crate::web::console::api::Api;
use crate::web::http;

const MAX_BACKOFF_MS: u32 = 30_000;

/// Calls `on_approval` on every `approval` event for as long as `still_shown()` holds.
pub fn follow_approvals(api: Rc<Api>, still_shown: impl Fn() -> bool + 'static, on_approval: impl Fn() + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        let url = format!("{}/api/v1/events", api.session.server.trim_end_matches('/'));
        let mut failures = 0u32;
        while still_shown() {
            match listen(&url, &api.session.token, &still_shown, &on_approval).await {
                Listened::Refused => return,
                Listened::Ended => failures = 0,
                Listened::Unreachable => failures = failures.saturating_add(1),
            }
            let wait = retry_delay_ms(failures, MAX_BACKOFF_MS);
            sleep(wait).await;
        }
    });
}

enum Listened {
    Ended,
    Unreachable,
    Refused,
}

async fn listen(url: &str, token: &str, still_shown: &impl Fn() -> bool, on_approval: &impl Fn()) -> Listened {
    let Ok(response) = http::start("GET", url, Some(token), None, None).await else { return Listened::Unreachable };
    match http::status_of(&response) {
        200 => {}
        401 | 403 => return Listened::Refused,
        _ => return Listened::Unreachable,
    }
    let Some(stream) = http::TextStream::of(&response) else { return Listened::Unreachable };
    on_approval(); // Whatever happened while the stream was closed.
    let mut events = CursorEvents::default();
    while still_shown() {
        let Some(chunk) = stream.next().await else { break };
        let _ = events.feed_events(&chunk);
        if events.take_approval_events() > 0 && still_shown() {
            on_approval();
        }
    }
    stream.cancel();
    Listened::Ended
}

async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        gloo::timers::callback::Timeout::new(ms, move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        })
        .forget();
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
