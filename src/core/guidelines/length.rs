//! A draft's length as each network counts it, and each network's limit for a reply.
//!
//! | network   | limit  | counted as |
//! |-----------|--------|------------|
//! | x         | 280    | twitter-text weights: links 23; code points in U+0000-10FF, U+2000-200D, U+2010-201F and U+2032-2037 count 1; others (CJK, most emoji) 2; an emoji sequence (ZWJ, skin tone, flag, keycap) counts 2 as a whole |
//! | linkedin  | 1,250  | UTF-16 code units (a comment) |
//! | facebook  | 8,000  | UTF-16 code units |
//! | instagram | 2,200  | UTF-16 code units |
//! | youtube   | 10,000 | UTF-16 code units |
//! | reddit    | 10,000 | code points |
//! | tiktok    | 150    | UTF-16 code units |
//! | generic   | none   | code points, when a rule sets a limit |

use super::draft::Venue;
use super::links::{find_links, Link};
use crate::core::model::Network;

/// X counts every link as this many characters (its t.co wrapping).
pub const X_LINK_WEIGHT: usize = 23;

/// The reply length limit of a venue, when it has one.
pub fn default_limit(venue: Venue) -> Option<usize> {
    match venue {
        Venue::X => Some(280),
        Venue::Linkedin => Some(1_250),
        Venue::Facebook => Some(8_000),
        Venue::Instagram => Some(2_200),
        Venue::Youtube => Some(10_000),
        Venue::Reddit => Some(10_000),
        Venue::Tiktok => Some(150),
        Venue::Generic => None,
    }
}

/// The reply length limit of `network` (the table above). The authoritative table: the
/// composer and the template checks use it too.
pub fn limit_for_network(network: Network) -> usize {
    default_limit(Venue::of(Some(network))).unwrap_or(usize::MAX)
}

/// The length of `text` as `network` counts it (`None`: a forum or blog, in code points).
/// Compare it with [`limit_for_network`].
pub fn count_for_network(text: &str, network: Option<Network>) -> usize {
    let counting = Counting::of(Venue::of(network));
    let links = if counting == Counting::XWeighted { find_links(text) } else { Vec::new() };
    measure(text, counting, &links, usize::MAX).0
}

/// How a venue counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    XWeighted,
    Utf16,
    CodePoints,
}

impl Counting {
    pub fn of(venue: Venue) -> Counting {
        match venue {
            Venue::X => Counting::XWeighted,
            Venue::Reddit | Venue::Generic => Counting::CodePoints,
            _ => Counting::Utf16,
        }
    }
}

/// The counted length of `text`, and the byte offset where the count first goes over
/// `limit` (where the excess starts), if it does.
pub fn measure(text: &str, counting: Counting, links: &[Link], limit: usize) -> (usize, Option<usize>) {
    let mut total = 0usize;
    let mut over_at = None;
    let mut add = |at: usize, weight: usize, total: &mut usize| {
        *total += weight;
        if *total > limit && over_at.is_none() {
            over_at = Some(at);
        }
    };
    match counting {
        Counting::Utf16 => text.char_indices().for_each(|(at, c)| add(at, c.len_utf16(), &mut total)),
        Counting::CodePoints => text.char_indices().for_each(|(at, _)| add(at, 1, &mut total)),
        Counting::XWeighted => {
            let mut next_link = links.iter().peekable();
            let mut at = 0;
            while at < text.len() {
                if let Some(link) = next_link.next_if(|l| l.start <= at) {
                    if link.start == at && link.end > at {
                        add(at, X_LINK_WEIGHT, &mut total);
                        at = link.end;
                    }
                    continue;
                }
                let rest = text.get(at..).unwrap_or("");
                let (len, weight) = x_unit(rest);
                add(at, weight, &mut total);
                at += len.max(1);
            }
        }
    }
    (total, over_at)
}

/// The next unit X counts at the start of `rest`: its byte length and weight.
fn x_unit(rest: &str) -> (usize, usize) {
    let mut chars = rest.char_indices();
    let first = match chars.next() {
        Some((_, c)) => c,
        None => return (0, 0),
    };
    let sequence_len = emoji_sequence_len(rest);
    if sequence_len > 0 {
        return (sequence_len, 2);
    }
    (first.len_utf8(), x_weight(first))
}

fn x_weight(c: char) -> usize {
    match u32::from(c) {
        0..=0x10FF | 0x2000..=0x200D | 0x2010..=0x201F | 0x2032..=0x2037 => 1,
        _ => 2,
    }
}

fn is_pictographic(c: char) -> bool {
    matches!(u32::from(c), 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2300..=0x23FF | 0x2B00..=0x2BFF)
}

fn is_regional_indicator(c: char) -> bool {
    matches!(u32::from(c), 0x1F1E6..=0x1F1FF)
}

fn is_emoji_modifier(c: char) -> bool {
    matches!(u32::from(c), 0xFE0E | 0xFE0F | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F | 0x20E3)
}

/// Byte length of the emoji sequence at the start of `rest` (0 if none): a pictograph with
/// its modifiers and ZWJ-joined partners, a flag (two regional indicators), or a keycap.
fn emoji_sequence_len(rest: &str) -> usize {
    let mut chars = rest.char_indices().peekable();
    let Some((_, first)) = chars.next() else { return 0 };
    let mut end = first.len_utf8();
    if is_regional_indicator(first) {
        if let Some((at, c)) = chars.next_if(|&(_, c)| is_regional_indicator(c)) {
            end = at + c.len_utf8();
        }
        return end;
    }
    let keycap_base = first.is_ascii_digit() || first == '#' || first == '*';
    if !is_pictographic(first) && !keycap_base {
        return 0;
    }
    let mut saw_keycap = false;
    loop {
        if let Some((at, c)) = chars.next_if(|&(_, c)| is_emoji_modifier(c)) {
            saw_keycap |= c == '\u{20E3}';
            end = at + c.len_utf8();
            continue;
        }
        let joined = chars.peek().is_some_and(|&(_, c)| c == '\u{200D}');
        if joined && !keycap_base {
            let mut lookahead = chars.clone();
            lookahead.next();
            if let Some((at, c)) = lookahead.next().filter(|&(_, c)| is_pictographic(c)) {
                end = at + c.len_utf8();
                chars = lookahead;
                continue;
            }
        }
        break;
    }
    if keycap_base && !saw_keycap {
        return 0;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x_length(text: &str) -> usize {
        let links = super::super::links::find_links(text);
        measure(text, Counting::XWeighted, &links, usize::MAX).0
    }

    #[test]
    fn x_counts_latin_text_one_per_character() {
        assert_eq!(x_length("Merci à vous !"), 14);
    }

    #[test]
    fn x_counts_emoji_and_cjk_two() {
        assert_eq!(x_length("ok 😀"), 5);
        assert_eq!(x_length("日本"), 4);
    }

    #[test]
    fn x_counts_a_family_emoji_or_a_flag_or_a_skin_tone_as_one_emoji() {
        assert_eq!(x_length("👨\u{200D}👩\u{200D}👧"), 2);
        assert_eq!(x_length("🇫🇷"), 2);
        assert_eq!(x_length("👍🏽"), 2);
        assert_eq!(x_length("1\u{FE0F}\u{20E3}"), 2);
    }

    #[test]
    fn x_counts_every_link_as_23() {
        assert_eq!(x_length("Voir https://www.example.com/a/very/long/path/indeed"), 5 + 23);
    }

    #[test]
    fn each_network_counts_its_own_way() {
        let text = "Merci 😀 https://acme.fr/aide";
        assert_eq!(count_for_network(text, Some(Network::X)), 6 + 2 + 1 + 23);
        assert_eq!(count_for_network(text, Some(Network::Facebook)), 6 + 2 + 1 + 20);
        assert_eq!(count_for_network(text, Some(Network::Reddit)), 6 + 1 + 1 + 20);
        assert_eq!(count_for_network(text, None), 6 + 1 + 1 + 20);
    }

    #[test]
    fn every_network_has_its_documented_limit() {
        assert_eq!(limit_for_network(Network::X), 280);
        assert_eq!(limit_for_network(Network::Linkedin), 1_250);
        assert_eq!(limit_for_network(Network::Tiktok), 150);
        assert_eq!(limit_for_network(Network::Youtube), 10_000);
    }

    #[test]
    fn the_excess_starts_where_the_limit_is_passed() {
        let (total, over) = measure("abcdé", Counting::Utf16, &[], 3);
        assert_eq!((total, over), (5, Some(3)));
    }
}
