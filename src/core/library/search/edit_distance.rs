//! Bounded Damerau-Levenshtein (optimal string alignment) distance, for typo tolerance.
//!
//! Bounded: it gives up as soon as every alignment costs more than the budget, so most
//! vocabulary words are rejected after two or three characters.

/// Longest word compared; longer words are only matched exactly or by prefix.
pub const MAX_FUZZY_CHARS: usize = 40;

/// Whether the whole `term` or only its beginning must match the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// The query is a whole word: compare it with the whole term.
    Whole,
    /// The query is a word being typed: compare it with the term's best-matching beginning.
    Prefix,
}

/// Distance between `query` and `term` (or its best prefix), if at most `budget`.
///
/// Rows follow the term's characters, columns the query's. Only the diagonal band of
/// width `2 * budget + 1` is computed (cells outside it cost more than the budget anyway),
/// and the scan stops at the first row whose every cell is over budget.
pub fn bounded_distance(query: &[char], term: &str, budget: u8, span: Span) -> Option<u8> {
    let m = query.len();
    if m > MAX_FUZZY_CHARS {
        return None;
    }
    let k = usize::from(budget);
    let over = budget.saturating_add(1);
    // Three rows, rotated: the one before last (for swaps), the last, the current.
    let mut rows = [[over; MAX_FUZZY_CHARS + 2]; 3];
    for (i, cell) in rows[0].iter_mut().enumerate().take(m + 1) {
        *cell = (i as u8).min(over);
    }
    let mut best_prefix = rows[0][m];
    let mut previous_char: Option<char> = None;
    let mut last_row = 0;
    for (j0, term_char) in term.chars().enumerate() {
        let j = j0 + 1;
        if j > MAX_FUZZY_CHARS {
            return match span {
                Span::Whole => None,
                Span::Prefix => (best_prefix <= budget).then_some(best_prefix),
            };
        }
        if span == Span::Prefix && j > m + k {
            break;
        }
        let (current, previous, before_previous) = (j % 3, (j + 2) % 3, (j + 1) % 3);
        let low = j.saturating_sub(k).max(1);
        let high = (j + k).min(m);
        let mut row_min = over;
        rows[current][0] = (j.min(255) as u8).min(over);
        row_min = row_min.min(rows[current][0]);
        if low > 1 {
            rows[current][low - 1] = over;
        }
        for i in low..=high {
            let substitution = rows[previous][i - 1].saturating_add(u8::from(query[i - 1] != term_char));
            let mut cell = substitution
                .min(rows[previous][i].saturating_add(1))
                .min(rows[current][i - 1].saturating_add(1));
            if i > 1 && previous_char == Some(query[i - 1]) && query[i - 2] == term_char {
                cell = cell.min(rows[before_previous][i - 2].saturating_add(1));
            }
            let cell = cell.min(over);
            rows[current][i] = cell;
            row_min = row_min.min(cell);
        }
        if high < m {
            rows[current][high + 1] = over;
        }
        if row_min > budget {
            // Every longer alignment costs more still; only a prefix already seen can match.
            return (span == Span::Prefix && best_prefix <= budget).then_some(best_prefix);
        }
        if high == m {
            best_prefix = best_prefix.min(rows[current][m]);
        }
        previous_char = Some(term_char);
        last_row = current;
    }
    let distance = match span {
        Span::Whole => rows[last_row][m],
        Span::Prefix => best_prefix,
    };
    (distance <= budget).then_some(distance)
}

/// The typo budget for a word of `chars` characters: none for short words (too many
/// false friends), one for common words, two for long ones.
pub fn typo_budget(chars: usize) -> u8 {
    match chars {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(query: &str, term: &str, budget: u8, span: Span) -> Option<u8> {
        let query: Vec<char> = query.chars().collect();
        bounded_distance(&query, term, budget, span)
    }

    #[test]
    fn identical_words_are_at_distance_zero() {
        assert_eq!(distance("merci", "merci", 1, Span::Whole), Some(0));
    }

    #[test]
    fn one_substitution_insertion_deletion_or_swap_costs_one() {
        assert_eq!(distance("rembourdement", "remboursement", 2, Span::Whole), Some(1));
        assert_eq!(distance("remboursment", "remboursement", 2, Span::Whole), Some(1));
        assert_eq!(distance("rembourssement", "remboursement", 2, Span::Whole), Some(1));
        assert_eq!(distance("rembousrement", "remboursement", 2, Span::Whole), Some(1));
    }

    #[test]
    fn words_beyond_the_budget_are_rejected() {
        assert_eq!(distance("merci", "livraison", 2, Span::Whole), None);
        assert_eq!(distance("mecri", "merci", 0, Span::Whole), None);
    }

    #[test]
    fn a_word_being_typed_matches_the_beginning_of_a_longer_word() {
        assert_eq!(distance("rembpur", "remboursement", 1, Span::Prefix), Some(1));
        assert_eq!(distance("rembpur", "remboursement", 1, Span::Whole), None);
    }

    #[test]
    fn the_empty_query_is_as_far_as_the_term_is_long() {
        assert_eq!(distance("", "ab", 2, Span::Whole), Some(2));
        assert_eq!(distance("", "abc", 2, Span::Whole), None);
    }
}
