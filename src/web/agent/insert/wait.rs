//! Waiting for an editor: its updates land in microtasks (Lexical), on `selectionchange`
//! (every rich editor's selection) or a frame later, never within our own call.

use js_sys::Promise;
use wasm_bindgen_futures::JsFuture;

/// How long an editor gets to show an insertion before the attempt counts as failed.
const SETTLE_MS: u32 = 400;
const POLL_MS: u32 = 20;

/// Lets the page run its pending tasks (`selectionchange`, timers of 0 ms).
pub async fn next_task() {
    sleep(0).await;
}

/// Polls `done` until it holds or time is up; answers whether it held.
pub async fn until(mut done: impl FnMut() -> bool) -> bool {
    let mut waited = 0;
    loop {
        next_task().await;
        if done() {
            return true;
        }
        if waited >= SETTLE_MS {
            return false;
        }
        sleep(POLL_MS).await;
        waited += POLL_MS;
    }
}

/// Resolves after `ms` milliseconds, through the page's own timer queue.
async fn sleep(ms: u32) {
    let promise = Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, i32::try_from(ms).unwrap_or(i32::MAX));
        }
    });
    let _ = JsFuture::from(promise).await;
}
