//! The panel's one access to guideline findings for an approval request or an edited approval.
//!
//! This is the seam the guidelines merge fills: the guidelines engine (another branch) will
//! check `text` here with the team's rules, and its findings (`core::guidelines::Finding`, as the
//! JSON array the server reads) will go with the request, and with an approver's edited text so
//! the server refuses a blocking one. Until then there are none. A JS array, not a
//! `Vec<Finding>`: the panel's module is near its size budget, and a serde writer for findings
//! belongs with the engine that makes them.

use wasm_bindgen::JsValue;

/// The guideline findings on `text`, sent with a request or an edited approval (a JS array of
/// `Finding` objects).
pub(crate) fn findings_for_request(_text: &str) -> JsValue {
    js_sys::Array::new().into()
}
