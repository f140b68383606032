//! Built-in detectors of personal data that must not appear in a public reply: email
//! addresses, phone numbers (French and international forms), IBANs (mod-97 checked) and
//! card numbers (Luhn checked). Hand-written scanners: faster than regexes for these shapes,
//! and the checksums cut false alarms on order numbers and amounts.

use super::spec::Detector;

/// One piece of personal data: its byte range in the text and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detection {
    pub start: usize,
    pub end: usize,
    pub detector: Detector,
}

/// Every detection of the `wanted` detectors, in text order, without overlaps (an IBAN's
/// digits are not also reported as a phone number).
pub fn detect(text: &str, wanted: &[Detector]) -> Vec<Detection> {
    let mut found = Vec::new();
    let wants = |d: Detector| wanted.is_empty() || wanted.contains(&d);
    if wants(Detector::Email) {
        emails(text, &mut found);
    }
    if wants(Detector::Iban) {
        ibans(text, &mut found);
    }
    if wants(Detector::Card) {
        cards(text, &mut found);
    }
    if wants(Detector::Phone) {
        phones(text, &mut found);
    }
    found.sort_by_key(|d| (d.start, std::cmp::Reverse(d.end)));
    let mut kept: Vec<Detection> = Vec::with_capacity(found.len());
    for detection in found {
        if kept.last().is_none_or(|last| detection.start >= last.end) {
            kept.push(detection);
        }
    }
    kept
}

fn is_email_local(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn is_domain_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')
}

fn emails(text: &str, found: &mut Vec<Detection>) {
    let bytes = text.as_bytes();
    for (at, _) in text.match_indices('@') {
        let mut start = at;
        while start > 0 && bytes.get(start - 1).copied().is_some_and(is_email_local) {
            start -= 1;
        }
        while start < at && bytes.get(start) == Some(&b'.') {
            start += 1;
        }
        let mut end = at + 1;
        while bytes.get(end).copied().is_some_and(is_domain_byte) {
            end += 1;
        }
        while end > at + 1 && matches!(bytes.get(end - 1), Some(b'.') | Some(b'-')) {
            end -= 1;
        }
        let domain = text.get(at + 1..end).unwrap_or("");
        if start < at && has_plausible_tld(domain) {
            found.push(Detection { start, end, detector: Detector::Email });
        }
    }
}

fn has_plausible_tld(domain: &str) -> bool {
    match domain.rsplit_once('.') {
        Some((name, tld)) => !name.is_empty() && tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()),
        None => false,
    }
}

/// A run of digits with single separators between groups, as people write numbers.
struct DigitRun {
    /// Byte offset just past each digit group, and the digits read up to there.
    group_ends: Vec<(usize, usize)>,
    digits: Vec<u8>,
}

/// Reads digits from `start`, allowing one `separator` character between groups.
fn digit_run(text: &str, start: usize, is_separator: impl Fn(char) -> bool) -> DigitRun {
    let mut run = DigitRun { group_ends: Vec::new(), digits: Vec::new() };
    let mut rest = text.get(start..).unwrap_or("").char_indices().peekable();
    let mut after_separator = false;
    while let Some((offset, c)) = rest.next() {
        if let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
            run.digits.push(d as u8);
            after_separator = false;
            let next_is_digit = rest.peek().is_some_and(|&(_, n)| n.is_ascii_digit());
            if !next_is_digit {
                run.group_ends.push((start + offset + c.len_utf8(), run.digits.len()));
            }
        } else if is_separator(c) && !after_separator && !run.digits.is_empty() {
            after_separator = true;
        } else {
            break;
        }
    }
    run
}

fn starts_a_number(text: &str, at: usize) -> bool {
    text.get(..at)
        .and_then(|before| before.chars().next_back())
        .is_none_or(|c| !c.is_alphanumeric() && c != '+' && c != '.' && c != ',')
}

fn ends_a_number(text: &str, at: usize) -> bool {
    text.get(at..).and_then(|after| after.chars().next()).is_none_or(|c| !c.is_alphanumeric())
}

fn cards(text: &str, found: &mut Vec<Detection>) {
    let mut skip_until = 0;
    for (at, c) in text.char_indices() {
        if at < skip_until || !c.is_ascii_digit() || !starts_a_number(text, at) {
            continue;
        }
        let run = digit_run(text, at, |s| s == ' ' || s == '-');
        let best = run.group_ends.iter().rev().find(|&&(end, count)| {
            (13..=19).contains(&count)
                && ends_a_number(text, end)
                && passes_luhn(run.digits.get(..count).unwrap_or(&[]))
        });
        if let Some(&(end, _)) = best {
            found.push(Detection { start: at, end, detector: Detector::Card });
            skip_until = end;
        }
    }
}

/// The Luhn checksum card numbers carry; all-zero runs do not count as cards.
pub fn passes_luhn(digits: &[u8]) -> bool {
    if digits.iter().all(|&d| d == 0) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

fn ibans(text: &str, found: &mut Vec<Detection>) {
    let bytes = text.as_bytes();
    let mut skip_until = 0;
    for at in 0..bytes.len() {
        if at < skip_until || !looks_like_iban_start(bytes.get(at..).unwrap_or(&[])) || !starts_a_number(text, at) {
            continue;
        }
        if let Some(end) = longest_valid_iban(bytes, at) {
            found.push(Detection { start: at, end, detector: Detector::Iban });
            skip_until = end;
        }
    }
}

fn looks_like_iban_start(bytes: &[u8]) -> bool {
    matches!(bytes, [a, b, c, d, ..] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() && c.is_ascii_digit() && d.is_ascii_digit())
}

/// The end of the longest IBAN from `start` (groups of characters separated by single
/// spaces) whose mod-97 checksum holds.
fn longest_valid_iban(bytes: &[u8], start: usize) -> Option<usize> {
    let mut chars: Vec<u8> = Vec::with_capacity(34);
    let mut candidates = Vec::new();
    let mut at = start;
    while let Some(&b) = bytes.get(at) {
        if b.is_ascii_alphanumeric() {
            chars.push(b.to_ascii_uppercase());
            at += 1;
            let group_over = !bytes.get(at).is_some_and(|n| n.is_ascii_alphanumeric());
            if group_over && (15..=34).contains(&chars.len()) {
                candidates.push((at, chars.len()));
            }
            if chars.len() > 34 {
                break;
            }
        } else if b == b' ' && bytes.get(at + 1).is_some_and(|n| n.is_ascii_alphanumeric()) && at > start {
            at += 1;
        } else {
            break;
        }
    }
    candidates.into_iter().rev().find(|&(_, len)| passes_mod97(chars.get(..len).unwrap_or(&[]))).map(|(end, _)| end)
}

/// The ISO 13616 check: the first four characters moved to the end, letters read as 10..35,
/// the number modulo 97 is 1.
pub fn passes_mod97(iban: &[u8]) -> bool {
    if iban.len() < 5 {
        return false;
    }
    let (head, tail) = iban.split_at(4);
    let mut remainder: u32 = 0;
    for &b in tail.iter().chain(head) {
        let value = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return false,
        };
        remainder = if value >= 10 { (remainder * 100 + value) % 97 } else { (remainder * 10 + value) % 97 };
    }
    remainder == 1
}

fn is_phone_separator(c: char) -> bool {
    matches!(c, ' ' | '.' | '-' | '\u{00A0}' | '\u{202F}')
}

fn phones(text: &str, found: &mut Vec<Detection>) {
    let mut skip_until = 0;
    for (at, c) in text.char_indices() {
        if at < skip_until || !(c == '+' || c == '0') || !starts_a_number(text, at) {
            continue;
        }
        if let Some(end) = phone_end(text, at) {
            found.push(Detection { start: at, end, detector: Detector::Phone });
            skip_until = end;
        }
    }
}

/// The end of a phone number starting at `start`: a French national number (`06 12 34 56 78`,
/// `06.12.34.56.78`), `+33 6 12 34 56 78` (with an optional `(0)`), or an international one
/// (`+` or `00`, then 8 to 15 digits).
fn phone_end(text: &str, start: usize) -> Option<usize> {
    let rest = text.get(start..)?;
    if let Some(after_plus) = rest.strip_prefix('+') {
        let (country_digits, skipped) = bracketed_trunk_zero(after_plus).unwrap_or((0, 0));
        let run = digit_run(text, start + 1 + skipped, is_phone_separator);
        return run.group_ends.iter().rev().find_map(|&(end, count)| {
            ((8..=15).contains(&(count + country_digits)) && ends_a_number(text, end)).then_some(end)
        });
    }
    let run = digit_run(text, start, is_phone_separator);
    let first_two = run.digits.get(..2)?;
    let international = first_two == [0, 0];
    let second_digit = first_two.get(1).copied().unwrap_or(0);
    run.group_ends.iter().rev().find_map(|&(end, count)| {
        let fits = if international { (10..=17).contains(&count) } else { count == 10 && second_digit != 0 };
        (fits && ends_a_number(text, end)).then_some(end)
    })
}

/// `+33 (0)6 ...`: the country code's digit count, and the bytes up to the digit after `(0)`.
fn bracketed_trunk_zero(after_plus: &str) -> Option<(usize, usize)> {
    let country_len = after_plus.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&country_len) {
        return None;
    }
    let after_country = after_plus.get(country_len..)?;
    let spaces = after_country.len() - after_country.trim_start_matches(' ').len();
    let bracket = after_country.get(spaces..)?;
    bracket.starts_with("(0)").then_some((country_len, country_len + spaces + 3))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, Detector)> {
        detect(text, &[]).into_iter().map(|d| (text.get(d.start..d.end).unwrap_or("").to_owned(), d.detector)).collect()
    }

    #[test]
    fn a_valid_french_iban_is_found_with_its_spaces() {
        let text = "Virez sur FR76 3000 6000 0112 3456 7890 189 merci";
        assert_eq!(kinds(text), vec![("FR76 3000 6000 0112 3456 7890 189".to_owned(), Detector::Iban)]);
    }

    #[test]
    fn an_iban_with_a_wrong_checksum_is_not_reported() {
        assert_eq!(kinds("FR76 3000 6000 0112 3456 7890 188"), vec![]);
    }

    #[test]
    fn card_numbers_need_a_valid_luhn_sum() {
        assert_eq!(kinds("carte 4970 1012 3456 7890 ok").len(), 0);
        assert_eq!(kinds("carte 4111 1111 1111 1111 ok"), vec![("4111 1111 1111 1111".to_owned(), Detector::Card)]);
    }

    #[test]
    fn french_phone_forms_are_found() {
        for phone in [
            "06 12 34 56 78",
            "06.12.34.56.78",
            "0612345678",
            "+33 6 12 34 56 78",
            "+33 (0)6 12 34 56 78",
            "06-12-34-56-78",
        ] {
            let text = format!("Appelez le {phone}.");
            assert_eq!(kinds(&text), vec![(phone.to_owned(), Detector::Phone)], "{phone}");
        }
    }

    #[test]
    fn order_numbers_and_dates_are_not_phones() {
        assert_eq!(kinds("commande 0123 du 01.02.2024, 12 34 56 78 90"), vec![]);
    }

    #[test]
    fn emails_are_found_without_trailing_dots() {
        assert_eq!(
            kinds("Écrivez à jean.dupont@example.fr."),
            vec![("jean.dupont@example.fr".to_owned(), Detector::Email)]
        );
        assert_eq!(kinds("on @acme twitter"), vec![]);
    }
}
