//! The panel's one access to guideline findings for an approval request or an edited approval.
//!
//! The page's check (the agent, with the `guidelines` module) sends the panel each checked
//! draft with its findings (`PanelEvent::DraftChecked`); `panel::guidelines` keeps the last one
//! as it came. A request sends those findings when they were found on exactly the text asked
//! about. An approver's edited text has not been checked in a page, so it goes with none: the
//! requester's guard checks it again once it is placed in the reply box. A JS array, not a
//! `Vec<Finding>`: the panel's module is near its size budget, and a serde writer for findings
//! belongs with the engine that makes them.

use wasm_bindgen::JsValue;

use crate::web::panel::guidelines;

/// The guideline findings on `text`, sent with a request or an edited approval (a JS array of
/// `Finding` objects, as the page's check made them).
pub(crate) fn findings_for_request(text: &str) -> JsValue {
    guidelines::findings_of(text).unwrap_or_else(|| js_sys::Array::new().into())
}
