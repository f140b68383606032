//! Shouting: runs of capital letters, and `!!!` or `???`.

/// A shouted stretch: its byte range and the calmer text offered instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shout {
    pub start: usize,
    pub end: usize,
    pub calmer: String,
    pub is_punctuation: bool,
}

/// Runs of upper-case words holding at least `min_letters` letters (0: none reported). Words
/// of one capital ("I", "À") join a run but acronyms alone rarely reach the threshold.
pub fn capital_runs(text: &str, min_letters: usize, out: &mut Vec<Shout>) {
    if min_letters == 0 {
        return;
    }
    let mut run: Option<(usize, usize, usize)> = None; // start, end, letters
    let mut word_start = None;
    let mut word_letters = 0;
    let mut word_is_upper = true;
    let close_word = |at: usize,
                      word_start: &mut Option<usize>,
                      letters: &mut usize,
                      upper: &mut bool,
                      run: &mut Option<(usize, usize, usize)>,
                      out: &mut Vec<Shout>| {
        if let Some(start) = word_start.take() {
            if *upper && *letters > 0 {
                let (run_start, _, total) = run.unwrap_or((start, at, 0));
                *run = Some((run_start, at, total + *letters));
            } else {
                flush_run(text, run.take(), min_letters, out);
            }
        }
        *letters = 0;
        *upper = true;
    };
    for (at, c) in text.char_indices() {
        if c.is_alphabetic() {
            word_start.get_or_insert(at);
            word_letters += 1;
            word_is_upper &= !c.is_lowercase();
        } else {
            close_word(at, &mut word_start, &mut word_letters, &mut word_is_upper, &mut run, out);
            if matches!(c, '\n' | '.' | '?' | '!' | ':') {
                flush_run(text, run.take(), min_letters, out);
            }
        }
    }
    close_word(text.len(), &mut word_start, &mut word_letters, &mut word_is_upper, &mut run, out);
    flush_run(text, run, min_letters, out);
}

fn flush_run(text: &str, run: Option<(usize, usize, usize)>, min_letters: usize, out: &mut Vec<Shout>) {
    let Some((start, end, letters)) = run else { return };
    if letters < min_letters {
        return;
    }
    let shouted = text.get(start..end).unwrap_or("");
    let mut calmer = String::with_capacity(shouted.len());
    for (i, c) in shouted.chars().enumerate() {
        if i == 0 {
            calmer.push(c);
        } else {
            calmer.extend(c.to_lowercase());
        }
    }
    out.push(Shout { start, end, calmer, is_punctuation: false });
}

/// Runs of `!` and `?` longer than `max_in_a_row` (0: none reported).
pub fn repeated_punctuation(text: &str, max_in_a_row: usize, out: &mut Vec<Shout>) {
    if max_in_a_row == 0 {
        return;
    }
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if !matches!(bytes.get(at), Some(b'!') | Some(b'?')) {
            at += 1;
            continue;
        }
        let start = at;
        while matches!(bytes.get(at), Some(b'!') | Some(b'?')) {
            at += 1;
        }
        if at - start > max_in_a_row {
            let run = text.get(start..at).unwrap_or("");
            let calmer = match (run.contains('?'), run.contains('!')) {
                (true, true) => "?!",
                (true, false) => "?",
                _ => "!",
            };
            out.push(Shout { start, end: at, calmer: calmer.to_owned(), is_punctuation: true });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        capital_runs(text, 8, &mut out);
        out.into_iter().map(|s| text.get(s.start..s.end).unwrap_or("").to_owned()).collect()
    }

    #[test]
    fn a_shouted_phrase_is_one_run() {
        assert_eq!(caps("Bonjour, C'EST VRAIMENT INACCEPTABLE de votre part"), vec!["C'EST VRAIMENT INACCEPTABLE"]);
    }

    #[test]
    fn acronyms_are_not_shouting() {
        assert!(caps("La SNCF et la RATP, voir FAQ").is_empty());
    }

    #[test]
    fn three_exclamation_marks_are_too_many() {
        let mut out = Vec::new();
        repeated_punctuation("Super !! Vraiment !!! Quoi ?!?", 2, &mut out);
        let calmer: Vec<&str> = out.iter().map(|s| s.calmer.as_str()).collect();
        assert_eq!(calmer, vec!["!", "?!"]);
    }
}
