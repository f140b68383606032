//! The guard's one access to guideline findings: the in-page brand-guidelines check
//! (`crate::web::agent::guidelines`), which checks the focused reply box on every input (at the
//! next frame), so its latest check is the draft being posted.

use crate::core::guidelines::Finding;
use crate::web::agent::guidelines::latest_check;

/// The guideline findings on `text`, the reply box's current draft: those of the latest check
/// of the focused box. A check of another text (the draft changed since) still counts, so a
/// `block` or `approval` finding is never dropped by a difference in how the two read the box;
/// the next input checks again.
pub(crate) fn findings_for(text: &str) -> Vec<Finding> {
    match latest_check() {
        Some(checked) if checked.text == text || !checked.findings.is_empty() => checked.findings,
        _ => Vec::new(),
    }
}
