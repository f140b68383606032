//! Percentiles by the nearest-rank method: the value itself, never an interpolation, so every
//! number a report shows is one that happened.
//!
//! For `n` values sorted ascending (`v[1] <= ... <= v[n]`), the `p`-th percentile (0 < p <= 100)
//! is `v[r]` with `r = ceil(p * n / 100)`. The median is the 50th percentile, so with an even
//! count it is the lower of the two middle values (`[1, 2, 3, 4]` has median 2).

/// The `p`-th percentile (1 to 100) of `values` by nearest rank; `None` when there are none.
/// `values` need not be sorted.
pub fn nearest_rank(values: &[i64], p: u32) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    Some(sorted[rank(sorted.len(), p) - 1])
}

/// The 1-based rank `ceil(p * n / 100)`, at least 1 and at most `n`; `p` above 100 reads as 100.
fn rank(n: usize, p: u32) -> usize {
    let p = p.clamp(1, 100) as usize;
    (p * n).div_ceil(100).clamp(1, n)
}

/// The median and the 90th percentile, the pair every report table shows.
pub fn median_and_p90(values: &[i64]) -> (Option<i64>, Option<i64>) {
    (nearest_rank(values, 50), nearest_rank(values, 90))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_has_no_percentile() {
        assert_eq!(nearest_rank(&[], 50), None);
        assert_eq!(median_and_p90(&[]), (None, None));
    }

    #[test]
    fn one_value_is_every_percentile() {
        assert_eq!(median_and_p90(&[42]), (Some(42), Some(42)));
        assert_eq!(nearest_rank(&[42], 1), Some(42));
    }

    #[test]
    fn the_median_of_an_even_count_is_the_lower_middle_value() {
        // n = 4: rank ceil(0.5 * 4) = 2.
        assert_eq!(nearest_rank(&[4, 1, 3, 2], 50), Some(2));
    }

    #[test]
    fn the_median_of_an_odd_count_is_the_middle_value() {
        // n = 5: rank ceil(2.5) = 3.
        assert_eq!(nearest_rank(&[50, 10, 40, 20, 30], 50), Some(30));
    }

    #[test]
    fn the_90th_percentile_follows_the_nearest_rank_formula() {
        let ten: Vec<i64> = (1..=10).map(|v| v * 10).collect();
        // n = 10: rank ceil(9) = 9 -> 90.
        assert_eq!(nearest_rank(&ten, 90), Some(90));
        let eleven: Vec<i64> = (1..=11).collect();
        // n = 11: rank ceil(9.9) = 10.
        assert_eq!(nearest_rank(&eleven, 90), Some(10));
        // n = 3: rank ceil(2.7) = 3, the largest.
        assert_eq!(nearest_rank(&[5, 1, 9], 90), Some(9));
        // n = 20: rank 18.
        let twenty: Vec<i64> = (1..=20).collect();
        assert_eq!(nearest_rank(&twenty, 90), Some(18));
    }

    #[test]
    fn the_100th_percentile_is_the_largest_and_the_first_the_smallest() {
        let values = [7, 3, 11, 5];
        assert_eq!(nearest_rank(&values, 100), Some(11));
        assert_eq!(nearest_rank(&values, 1), Some(3));
        assert_eq!(nearest_rank(&values, 250), Some(11), "above 100 reads as 100");
    }

    #[test]
    fn ties_and_negative_values_are_ordinary_values() {
        assert_eq!(median_and_p90(&[5, 5, 5, 1]), (Some(5), Some(5)));
        assert_eq!(nearest_rank(&[-3, -1, -2], 50), Some(-2));
    }

    #[test]
    fn a_percentile_is_always_one_of_the_values_and_grows_with_p() {
        let values: Vec<i64> = (0..37).map(|i| (i * 7919) % 101).collect();
        let mut previous = i64::MIN;
        for p in 1..=100 {
            let value = nearest_rank(&values, p).expect("values");
            assert!(values.contains(&value));
            assert!(value >= previous, "p{p}");
            previous = value;
        }
    }
}
