//! The guard's one access to guideline findings.
//!
//! This is the seam the guidelines merge fills: the in-page brand-guidelines check (built on
//! another branch) will expose `crate::web::agent::guidelines::latest_check()`, and this function
//! will return its findings when the checked draft is `text`. Until then there are none, and the
//! guard applies the role rule alone (an intern's reply always needs approval).

use crate::core::guidelines::Finding;

/// The guideline findings on `text`, the reply box's current draft.
pub(crate) fn findings_for(_text: &str) -> Vec<Finding> {
    Vec::new()
}
