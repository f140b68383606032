//! The panel's one access to guideline findings for an approval request or an edited approval.
//!
//! This is the seam the guidelines merge fills: the guidelines engine (another branch) will
//! check `text` here with the team's rules, and its findings will go with the request (and with
//! an approver's edited text, so the server refuses a blocking one). Until then there are none.

use crate::core::guidelines::Finding;

/// The guideline findings on `text`, sent with a request or an edited approval.
pub(crate) fn findings_for_request(_text: &str) -> Vec<Finding> {
    Vec::new()
}
