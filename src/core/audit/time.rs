//! UTC calendar days and timestamps, for export periods and readable times. The core has no
//! clock: every time here is passed in as milliseconds since the Unix epoch.

use crate::core::template::CalendarDate;

const MS_PER_DAY: i64 = 86_400_000;

/// A date written `YYYY-MM-DD`, if that day exists.
pub fn parse_date(text: &str) -> Option<CalendarDate> {
    let mut parts = text.trim().splitn(3, '-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    let all_digits = [year, month, day].iter().all(|part| part.bytes().all(|byte| byte.is_ascii_digit()));
    if !all_digits {
        return None;
    }
    CalendarDate::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// Days from 1970-01-01 to `date` (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(date: CalendarDate) -> i64 {
    let month = i64::from(date.month);
    let year = i64::from(date.year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + i64::from(date.day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> CalendarDate {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    CalendarDate { year: year as i32, month: month as u8, day: day as u8 }
}

/// Milliseconds at 00:00 UTC on `date`.
pub fn day_start_ms(date: CalendarDate) -> i64 {
    days_from_civil(date) * MS_PER_DAY
}

/// `2026-03-01T12:34:56.789Z`: a timestamp as ISO 8601, in UTC.
pub fn iso_utc(ms: i64) -> String {
    let days = ms.div_euclid(MS_PER_DAY);
    let in_day = ms.rem_euclid(MS_PER_DAY);
    let date = civil_from_days(days);
    let (hours, minutes, seconds, millis) =
        (in_day / 3_600_000, in_day / 60_000 % 60, in_day / 1_000 % 60, in_day % 1_000);
    format!(
        "{:04}-{:02}-{:02}T{hours:02}:{minutes:02}:{seconds:02}.{millis:03}Z",
        date.year, date.month, date.day
    )
}

/// `2026-03-01`.
pub fn iso_date(date: CalendarDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year, date.month, date.day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_only_in_the_iso_form_and_only_when_the_day_exists() {
        assert_eq!(parse_date("2026-02-28"), CalendarDate::new(2026, 2, 28));
        assert_eq!(parse_date("2026-02-29"), None);
        assert_eq!(parse_date("2026-2-28"), None);
        assert_eq!(parse_date("28/02/2026"), None);
        assert_eq!(parse_date("2026-02-2a"), None);
    }

    #[test]
    fn days_and_dates_convert_both_ways() {
        assert_eq!(days_from_civil(CalendarDate { year: 1970, month: 1, day: 1 }), 0);
        assert_eq!(days_from_civil(CalendarDate { year: 2000, month: 3, day: 1 }), 11_017);
        for days in [-800_000, -1, 0, 59, 11_016, 20_000, 2_932_896] {
            assert_eq!(days_from_civil(civil_from_days(days)), days);
        }
    }

    #[test]
    fn timestamps_print_in_utc_with_milliseconds() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_utc(1_700_000_000_123), "2023-11-14T22:13:20.123Z");
        assert_eq!(iso_utc(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(iso_date(civil_from_days(19_782)), "2024-02-29");
    }
}
