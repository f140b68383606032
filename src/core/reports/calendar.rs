//! Days and report periods in UTC, from day numbers (days since 1970-01-01), without a clock or
//! a time-zone database: the civil-date conversions are Howard Hinnant's `days_from_civil` and
//! `civil_from_days` algorithms, exact over the proleptic Gregorian calendar.

use crate::core::model::reports::Period;

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// The day number of a calendar date.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let shifted_month = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The calendar date `(year, month, day)` of a day number.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The day number of an instant (ms since the epoch, UTC).
pub fn day_of(ms: i64) -> i64 {
    ms.div_euclid(DAY_MS)
}

/// `YYYY-MM-DD` of a day number.
pub fn day_text(days: i64) -> String {
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The day number of a `YYYY-MM-DD` date, if it is one (a real day of a year 1970 to 9999).
pub fn parse_day(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if year < 1970 || !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let days = days_from_civil(i64::from(year), month, day);
    // 31 February comes back as 3 March: refuse what does not read back the same.
    (civil_from_days(days) == (i64::from(year), month, day)).then_some(days)
}

/// The first day of the period holding `days`: the day itself, its week's Monday, or the 1st
/// of its month.
pub fn period_start(period: Period, days: i64) -> i64 {
    match period {
        Period::Day => days,
        // 1970-01-01 was a Thursday: (days + 3) mod 7 is 0 on Mondays.
        Period::Week => days - (days + 3).rem_euclid(7),
        Period::Month => {
            let (year, month, _) = civil_from_days(days);
            days_from_civil(year, month, 1)
        }
    }
}

/// The first day of the period after the one starting on `start`.
pub fn next_period(period: Period, start: i64) -> i64 {
    match period {
        Period::Day => start + 1,
        Period::Week => start + 7,
        Period::Month => {
            let (year, month, _) = civil_from_days(start);
            if month == 12 {
                days_from_civil(year + 1, 1, 1)
            } else {
                days_from_civil(year, month + 1, 1)
            }
        }
    }
}

/// How a period is named in reports: `2026-11-02` for a day or a week (its Monday), `2026-11`
/// for a month.
pub fn period_label(period: Period, start: i64) -> String {
    let text = day_text(start);
    match period {
        Period::Month => text[..7].to_owned(),
        Period::Day | Period::Week => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_epoch_and_known_dates_convert_both_ways() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(parse_day("2026-11-01"), Some(20_758));
        assert_eq!(day_text(20_758), "2026-11-01");
        assert_eq!(parse_day("2024-02-29").map(day_text), Some("2024-02-29".into()));
        for days in [-1, 59, 60, 365, 10_956, 20_758, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn impossible_or_misshapen_dates_are_refused() {
        for bad in ["2026-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "20261101", "1969-12-31", "2026-11-1x", "２０２６-11-01"] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn weeks_start_on_monday_and_months_on_the_first() {
        let sunday = parse_day("2026-11-08").expect("day");
        let monday = parse_day("2026-11-02").expect("day");
        assert_eq!(period_start(Period::Week, sunday), monday);
        assert_eq!(period_start(Period::Week, monday), monday);
        assert_eq!(period_start(Period::Week, monday - 1), monday - 7);
        assert_eq!(period_label(Period::Month, sunday), "2026-11");
        assert_eq!(next_period(Period::Month, parse_day("2026-12-01").expect("day")), parse_day("2027-01-01").expect("day"));
        assert_eq!(next_period(Period::Week, monday), parse_day("2026-11-09").expect("day"));
    }

    #[test]
    fn an_instant_belongs_to_its_utc_day() {
        let start = parse_day("2026-11-03").expect("day") * DAY_MS;
        assert_eq!(day_of(start), start / DAY_MS);
        assert_eq!(day_of(start - 1), start / DAY_MS - 1, "23:59:59.999 the day before");
        assert_eq!(day_of(-1), -1);
    }
}
