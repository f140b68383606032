//! How a match is scored: where the words were found and how well, then how well the
//! template fits the comment (language, network), then how much and how lately it was used.

use super::term_match::MatchKind;

/// Points for a query word found in each field; a match kind takes a share of them
/// ([`MatchKind::percent`]), so within a field whole word > prefix > typo, and for one kind
/// of match shortcut > title > tags > body.
pub const SHORTCUT_POINTS: u32 = 400;
pub const TITLE_POINTS: u32 = 300;
pub const TAGS_POINTS: u32 = 200;
/// The body of the variant that would be inserted.
pub const BODY_POINTS: u32 = 100;
/// The body of another variant (e.g. the English wording when answering in French).
pub const OTHER_BODY_POINTS: u32 = 50;
/// Typing a template's whole shortcut puts it first, whatever else matches.
pub const EXACT_SHORTCUT_BONUS: u32 = 100_000;

/// Points earned by one query word matching in a field worth `field_points`.
pub fn word_points(field_points: u32, kind: MatchKind) -> u32 {
    field_points * kind.percent() / 100
}

const MS_PER_WEEK: i64 = 7 * 86_400_000;
/// Most a use right now adds; it halves after a week, and keeps falling.
const RECENCY_POINTS: i64 = 8_000;

/// How much use a template has seen, on a log scale (the 100th use matters less than the
/// 2nd). Computed once per template when the index is built.
pub fn usage_score(usage_count: u64) -> u32 {
    ((usage_count as f64).ln_1p() * 1_000.0).clamp(0.0, 40_000.0) as u32
}

/// Usage and recency folded into one number (higher: used more, or more lately).
/// Used only to order templates that match equally well; integer-only, as it runs for
/// every candidate of every keystroke.
pub fn popularity(usage_score: u32, last_used_ms: Option<i64>, now_ms: i64) -> u16 {
    let recency = match last_used_ms {
        Some(last) => {
            let age = now_ms.saturating_sub(last).max(0);
            RECENCY_POINTS * MS_PER_WEEK / MS_PER_WEEK.saturating_add(age)
        }
        None => 0,
    };
    (i64::from(usage_score) + recency).clamp(0, i64::from(u16::MAX)) as u16
}

/// One sortable key: match points first, then variant fit, then popularity.
pub fn sort_key(points: u32, fit: u8, popularity: u16) -> u64 {
    (u64::from(points) << 24) | (u64::from(fit) << 16) | u64::from(popularity)
}

/// The key as the public score: the points, with fit and popularity as the fraction.
pub fn score_of(points: u32, fit: u8, popularity: u16) -> f64 {
    let tie_break = (f64::from(fit) * 65_536.0 + f64::from(popularity)) / (8.0 * 65_536.0);
    f64::from(points) + tie_break
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn for_one_kind_of_match_fields_rank_shortcut_title_tags_body() {
        let points = [
            SHORTCUT_POINTS,
            TITLE_POINTS,
            TAGS_POINTS,
            BODY_POINTS,
            OTHER_BODY_POINTS,
        ];
        for kind in [MatchKind::Whole, MatchKind::Prefix, MatchKind::Typo1, MatchKind::Typo2] {
            let scores: Vec<u32> = points.iter().map(|&p| word_points(p, kind)).collect();
            assert!(scores.windows(2).all(|w| w[0] > w[1]), "{kind:?}: {scores:?}");
        }
    }

    #[test]
    fn within_a_field_whole_word_beats_prefix_beats_typo() {
        let kinds = [MatchKind::Whole, MatchKind::Prefix, MatchKind::Typo1, MatchKind::Typo2];
        let scores: Vec<u32> = kinds.iter().map(|&k| word_points(TITLE_POINTS, k)).collect();
        assert!(scores.windows(2).all(|w| w[0] > w[1]), "{scores:?}");
    }

    #[test]
    fn recent_use_counts_more_than_old_use() {
        let now = 100 * 86_400_000;
        let three = usage_score(3);
        assert!(popularity(three, Some(now), now) > popularity(three, Some(now - 30 * 86_400_000), now));
        assert!(popularity(usage_score(30), None, now) > popularity(three, None, now));
    }

    #[test]
    fn extreme_counts_and_clocks_do_not_overflow() {
        assert!(popularity(usage_score(u64::MAX), Some(i64::MAX), i64::MIN) > 0);
        assert_eq!(popularity(usage_score(0), Some(i64::MIN), i64::MAX), 0);
    }

    #[test]
    fn the_score_orders_like_the_key() {
        assert!(score_of(300, 5, 0) > score_of(300, 4, 65_535));
        assert!(score_of(301, 0, 0) > score_of(300, 5, 65_535));
    }
}
