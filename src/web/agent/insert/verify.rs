//! Checking that the text landed exactly once, whatever markup the editor chose for it.
//!
//! Rich editors render line breaks as paragraphs, `<br>`, no-break spaces or zero-width
//! placeholders, so their text is compared with every blank and invisible character removed:
//! what remains must be the text before, minus the replaced shortcut, plus the inserted text.

/// Blanks and the invisible characters editors use as placeholders.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// `text` with every blank and invisible character removed.
pub fn visible(text: &str) -> String {
    text.chars().filter(|c| !is_invisible(*c)).collect()
}

/// How many times `needle` occurs in `haystack`, without overlaps (0 for an empty needle).
fn occurrences(haystack: &str, needle: &str) -> usize {
    if needle.is_empty() { 0 } else { haystack.matches(needle).count() }
}

/// What a rich editor held before the insertion, and what it must hold after.
#[derive(Debug, Clone)]
pub struct Expectation {
    before: String,
    inserted: String,
    replaced: String,
}

/// Where an insertion attempt left the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Landing {
    /// The text is there once, the shortcut (if any) gone, nothing else changed.
    Exact,
    /// Nothing changed: the editor ignored the attempt.
    Untouched,
    /// Something else changed: a partial or duplicated insertion to undo.
    Wrong,
}

impl Expectation {
    /// `before` is the editor's text now, `replaced` the shortcut about to be replaced.
    pub fn new(before: &str, inserted: &str, replaced: &str) -> Expectation {
        Expectation { before: visible(before), inserted: visible(inserted), replaced: visible(replaced) }
    }

    pub fn judge(&self, now: &str) -> Landing {
        let now = visible(now);
        if now == self.before {
            return Landing::Untouched;
        }
        let right_length = now.len() + self.replaced.len() == self.before.len() + self.inserted.len();
        let once_more = self.inserted.is_empty() || occurrences(&now, &self.inserted) == occurrences(&self.before, &self.inserted) + 1;
        let shortcut_gone = self.replaced.is_empty()
            || self.inserted.contains(&self.replaced)
            || occurrences(&now, &self.replaced) + 1 == occurrences(&self.before, &self.replaced);
        if right_length && once_more && shortcut_gone { Landing::Exact } else { Landing::Wrong }
    }

    /// Whether `now` is back to the text before the attempt.
    pub fn is_restored(&self, now: &str) -> bool {
        visible(now) == self.before
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    const REPLY: &str = "Bonjour Camille,\n\nMerci pour votre message.";

    #[wasm_bindgen_test]
    fn the_text_as_paragraphs_with_no_break_spaces_counts_as_landed() {
        let expectation = Expectation::new("", REPLY, "");
        assert_eq!(expectation.judge("Bonjour\u{a0}Camille,\u{feff}Merci pour votre\u{a0}message."), Landing::Exact);
    }

    #[wasm_bindgen_test]
    fn a_duplicated_or_partial_insertion_is_wrong_and_no_change_is_untouched() {
        let expectation = Expectation::new("Salut ", REPLY, "");
        assert_eq!(expectation.judge(&format!("Salut {REPLY}{REPLY}")), Landing::Wrong);
        assert_eq!(expectation.judge("Salut Bonjour Camille,"), Landing::Wrong);
        assert_eq!(expectation.judge("Salut  "), Landing::Untouched);
        assert!(expectation.is_restored("Salut"));
    }

    #[wasm_bindgen_test]
    fn a_replaced_shortcut_must_be_gone() {
        let expectation = Expectation::new("Hello ;;merci", "Thanks!", ";;merci");
        assert_eq!(expectation.judge("Hello Thanks!"), Landing::Exact);
        assert_eq!(expectation.judge("Hello ;;merciThanks!"), Landing::Wrong);
    }

    #[wasm_bindgen_test]
    fn occurrences_of_nothing_is_zero() {
        assert_eq!(occurrences("abc", ""), 0);
        assert_eq!(occurrences("aaaa", "aa"), 2);
    }
}
