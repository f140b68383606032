//! The guard's one access to guideline findings: the in-page brand-guidelines check
//! (`crate::web::agent::guidelines`), of exactly the text in the reply box being posted.

use web_sys::Element;

use crate::core::guidelines::Finding;
use crate::web::agent::guidelines::{findings_now, NotChecked};

/// The guideline findings on `editor`'s current draft: the latest check if it is of this text,
/// else a check made now; an error while the guidelines module loads or if it could not load
/// (the guard then holds the reply: nothing goes out unchecked).
pub(crate) fn findings_for(editor: &Element) -> Result<Vec<Finding>, NotChecked> {
    findings_now(editor)
}
