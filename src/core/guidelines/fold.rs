//! Folding for matching: lower case, no diacritics, one kind of apostrophe, hyphen and space,
//! invisible characters dropped, with a map from every folded byte back to the original text.
//!
//! A hand-written table covers the Latin letters French and English use (Latin-1 and
//! Latin Extended-A), and combining marks are dropped, so "é" and "e\u{301}" fold alike. A
//! Unicode normalisation crate would add its composition tables (~100 KB of wasm) to the
//! extension for letters our users do not write.

/// What a fold erases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoldOptions {
    pub case: bool,
    pub accents: bool,
}

impl FoldOptions {
    /// Everything folded: what the term automaton sees.
    pub const FULL: FoldOptions = FoldOptions { case: true, accents: true };
}

/// A text folded with [`FoldOptions::FULL`], and where each folded byte came from.
#[derive(Debug, Default)]
pub struct FoldedText {
    pub text: String,
    /// `origin[i]` is the byte offset in the original text of the character that produced
    /// folded byte `i`; one extra entry holds the original length.
    origin: Vec<u32>,
}

impl FoldedText {
    pub fn new(original: &str) -> FoldedText {
        let mut text = String::with_capacity(original.len() + 8);
        let mut origin = Vec::with_capacity(original.len() + 9);
        let mut previous_was_space = false;
        for (at, c) in original.char_indices() {
            let before = text.len();
            previous_was_space = push_folded(c, FoldOptions::FULL, previous_was_space, &mut text);
            origin.resize(text.len(), at as u32);
            debug_assert!(text.len() >= before);
        }
        origin.push(original.len() as u32);
        FoldedText { text, origin }
    }

    /// The original byte offset where the folded range starting at `folded_start` starts.
    pub fn original_start(&self, folded_start: usize) -> usize {
        self.origin.get(folded_start).copied().unwrap_or(0) as usize
    }

    /// The original byte offset where a folded range ending at `folded_end` ends: past the
    /// whole source character, and past any marks folded away after it.
    pub fn original_end(&self, folded_end: usize) -> usize {
        let last_source = match folded_end.checked_sub(1).and_then(|i| self.origin.get(i)) {
            Some(&at) => at,
            None => return 0,
        };
        self.origin.iter().skip(folded_end).copied().find(|&at| at != last_source).unwrap_or(last_source) as usize
    }
}

/// `text` folded with `options`, spaces collapsed and trimmed.
pub fn fold_with(text: &str, options: FoldOptions) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous_was_space = true;
    for c in text.chars() {
        previous_was_space = push_folded(c, options, previous_was_space, &mut out);
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Whether `c` belongs inside a word once folded: letters and digits. Apostrophes and
/// hyphens do not, so "l'argent" and "peut-être" hold the words "argent" and "être".
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Appends the fold of `c`; returns whether the output now ends with a folded space.
fn push_folded(c: char, options: FoldOptions, previous_was_space: bool, out: &mut String) -> bool {
    if c.is_whitespace() {
        if !previous_was_space {
            out.push(' ');
        }
        return true;
    }
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}' => out.push('\''),
        '\u{2010}' | '\u{2011}' => out.push('-'),
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => return previous_was_space,
        '\u{0300}'..='\u{036F}' if options.accents => return previous_was_space,
        _ if c.is_ascii() => out.push(if options.case { c.to_ascii_lowercase() } else { c }),
        _ => push_letter(c, options, out),
    }
    false
}

fn push_letter(c: char, options: FoldOptions, out: &mut String) {
    if !options.accents {
        push_cased(c, options.case, out);
        return;
    }
    let is_upper = c.is_uppercase();
    let mut lower = c.to_lowercase();
    let single = match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => {
            push_cased(c, options.case, out);
            return;
        }
    };
    match latin_base(single) {
        Some(base) if is_upper && !options.case => out.extend(base.chars().map(|b| b.to_ascii_uppercase())),
        Some(base) => out.push_str(base),
        None => push_cased(c, options.case, out),
    }
}

fn push_cased(c: char, fold_case: bool, out: &mut String) {
    if fold_case {
        out.extend(c.to_lowercase());
    } else {
        out.push(c);
    }
}

/// The unaccented spelling of a lower-case Latin letter, ligatures spelled out.
fn latin_base(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ſ' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_and_ligatures_fold_away() {
        assert_eq!(fold_with("Cœur ÉTÉ Straße", FoldOptions::FULL), "coeur ete strasse");
    }

    #[test]
    fn combining_marks_fold_like_precomposed_letters() {
        assert_eq!(fold_with("cafe\u{301}", FoldOptions::FULL), fold_with("café", FoldOptions::FULL));
    }

    #[test]
    fn typographic_apostrophes_and_spaces_become_plain_ones() {
        assert_eq!(fold_with("l’argent\u{202F}!", FoldOptions::FULL), "l'argent !");
    }

    #[test]
    fn accent_only_folding_keeps_upper_case() {
        let options = FoldOptions { case: false, accents: true };
        assert_eq!(fold_with("Été", options), "Ete");
    }

    #[test]
    fn folded_ranges_map_back_past_dropped_marks() {
        let original = "un cafe\u{301} noir";
        let folded = FoldedText::new(original);
        let start = folded.text.find("cafe").unwrap_or(0);
        let end = start + "cafe".len();
        assert_eq!(&original[folded.original_start(start)..folded.original_end(end)], "cafe\u{301}");
    }

    #[test]
    fn a_ligature_maps_back_to_the_whole_character() {
        let original = "mon cœur";
        let folded = FoldedText::new(original);
        let end = folded.text.len();
        assert_eq!(folded.original_end(end), original.len());
        let inside_ligature = folded.text.find("oe").unwrap_or(0) + 1;
        assert_eq!(original.get(..folded.original_end(inside_ligature)), Some("mon cœ"));
    }
}
