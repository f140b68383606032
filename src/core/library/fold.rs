//! Case and accent folding, and word splitting, shared by the index, the query and the
//! shortcut lookup, so "Réponse", "REPONSE" and "reponse" are one word everywhere.
//!
//! Folding is done once per template at index time; a query folds only its few characters.

/// Longest word kept, in characters; longer runs (hashes, pasted links) are cut.
pub const MAX_WORD_CHARS: usize = 40;

/// Appends the folded form of `c` (lower case, no diacritics, ligatures spelled out) to `out`.
pub fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for lower in c.to_lowercase() {
        match fold_latin(lower) {
            Some(text) => out.push_str(text),
            None => out.push(lower),
        }
    }
}

/// The whole of `text`, folded.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_folded(c, &mut out);
    }
    out
}

/// Whether `c` belongs inside a word (after folding, letters and digits).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Calls `word` with each folded word of `text`, in order. Mustache tags (`{{...}}`) are
/// skipped when `skip_mustache` is set: `{{author.first_name}}` is not something a person searches.
pub fn for_each_word(text: &str, skip_mustache: bool, mut word: impl FnMut(&str)) {
    let mut current = String::new();
    let mut chars_in_word = 0usize;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if skip_mustache && rest.starts_with("{{") {
            flush(&mut current, &mut chars_in_word, &mut word);
            rest = match rest.find("}}") {
                Some(end) => &rest[end + 2..],
                None => "",
            };
            continue;
        }
        rest = &rest[c.len_utf8()..];
        if is_word_char(c) {
            if chars_in_word < MAX_WORD_CHARS {
                push_folded(c, &mut current);
                chars_in_word += 1;
            }
        } else {
            flush(&mut current, &mut chars_in_word, &mut word);
        }
    }
    flush(&mut current, &mut chars_in_word, &mut word);
}

fn flush(current: &mut String, chars_in_word: &mut usize, word: &mut impl FnMut(&str)) {
    if !current.is_empty() {
        word(current);
        current.clear();
    }
    *chars_in_word = 0;
}

/// The folded words of `text`, as owned strings (for queries, which have few words).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, false, |w| out.push(w.to_owned()));
    out
}

/// Diacritic-free spelling of the lower-case Latin letters French and its neighbours use.
fn fold_latin(c: char) -> Option<&'static str> {
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' => "s",
        'ţ' | 'ť' | 'ŧ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'œ' => "oe",
        'æ' => "ae",
        'ß' => "ss",
        'þ' => "th",
        _ => return None,
    };
    Some(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_case_fold_away() {
        assert_eq!(fold("Réponse À REMBOURSEMENT"), "reponse a remboursement");
        assert_eq!(fold("Cœur ÉLÈVE Ça"), "coeur eleve ca");
    }

    #[test]
    fn words_split_on_punctuation_and_apostrophes() {
        assert_eq!(
            words("L’équipe t'a répondu, merci!"),
            ["l", "equipe", "t", "a", "repondu", "merci"]
        );
    }

    #[test]
    fn mustache_tags_are_not_words() {
        let mut seen = Vec::new();
        for_each_word("Bonjour {{author.first_name}}, merci {{> signature}}", true, |w| {
            seen.push(w.to_owned())
        });
        assert_eq!(seen, ["bonjour", "merci"]);
    }

    #[test]
    fn an_unclosed_mustache_tag_ends_the_words() {
        let mut seen = Vec::new();
        for_each_word("merci {{oops", true, |w| seen.push(w.to_owned()));
        assert_eq!(seen, ["merci"]);
    }

    #[test]
    fn very_long_runs_are_cut() {
        let long = "a".repeat(500);
        assert_eq!(words(&long)[0].chars().count(), MAX_WORD_CHARS);
    }
}
