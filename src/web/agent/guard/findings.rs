//! The guard's one access to guideline findings: the in-page brand-guidelines check
//! (`crate::web::agent::guidelines`), which checks the focused reply box on every input (at the
//! next frame), so its latest check is of the draft being posted.

use crate::core::guidelines::Finding;
use crate::web::agent::guidelines::latest_check;

/// The guideline findings on the reply box's current draft: those of the latest check of the
/// focused box. They are taken even if that check read the box's text slightly differently
/// (its reader and the guard's may differ in line breaks), so a `block` or `approval` finding
/// is never dropped; the next input checks again.
pub(crate) fn findings_for(_text: &str) -> Vec<Finding> {
    latest_check().map(|checked| checked.findings).unwrap_or_default()
}
