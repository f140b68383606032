//! Byte offsets (what Rust slices use) to UTF-16 code units (what the DOM uses).

/// UTF-16 offsets for every byte offset of one text, built once per check.
#[derive(Debug)]
pub struct Utf16Offsets {
    at_byte: Vec<u32>,
}

impl Utf16Offsets {
    pub fn new(text: &str) -> Utf16Offsets {
        let mut at_byte = Vec::with_capacity(text.len() + 1);
        let mut units = 0u32;
        for c in text.chars() {
            let len = c.len_utf8();
            at_byte.extend(std::iter::repeat_n(units, len));
            units += c.len_utf16() as u32;
        }
        at_byte.push(units);
        Utf16Offsets { at_byte }
    }

    /// The UTF-16 offset of byte offset `byte` (the end of the text past its length).
    pub fn of(&self, byte: usize) -> usize {
        let last = self.at_byte.len().saturating_sub(1);
        self.at_byte.get(byte.min(last)).copied().unwrap_or(0) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_count_two_units_and_accents_one() {
        let text = "é😀a";
        let offsets = Utf16Offsets::new(text);
        assert_eq!(offsets.of(0), 0);
        assert_eq!(offsets.of(2), 1);
        assert_eq!(offsets.of(6), 3);
        assert_eq!(offsets.of(7), 4);
        assert_eq!(offsets.of(99), 4);
    }
}
