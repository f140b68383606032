//! Today's date, written out in the reply's language. The core has no clock: the caller passes
//! the date in.

use serde::{Deserialize, Serialize};

use super::lang::Lang;

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// A day of the Gregorian calendar, as the caller's clock saw it in the user's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CalendarDate {
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
    /// 1 to 31, depending on the month.
    pub day: u8,
}

impl CalendarDate {
    /// The date, or `None` when no such day exists (month 13, 30 February...).
    pub fn new(year: i32, month: u8, day: u8) -> Option<CalendarDate> {
        let date = CalendarDate { year, month, day };
        date.is_valid().then_some(date)
    }

    /// Whether this day exists (fields are public, so a deserialized date may not).
    pub fn is_valid(&self) -> bool {
        (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month)
    }

    /// "23 novembre 2026" in French (with "1er" for the first of the month), "November 23,
    /// 2026" in English; `None` for a day that does not exist.
    pub fn format(&self, lang: Lang) -> Option<String> {
        if !self.is_valid() {
            return None;
        }
        let month_index = usize::from(self.month - 1);
        let CalendarDate { year, day, .. } = *self;
        Some(match lang {
            Lang::En => format!("{} {day}, {year}", MONTHS_EN.get(month_index)?),
            Lang::Fr if day == 1 => format!("1er {} {year}", MONTHS_FR.get(month_index)?),
            Lang::Fr => format!("{day} {} {year}", MONTHS_FR.get(month_index)?),
        })
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: u8, day: u8) -> CalendarDate {
        CalendarDate::new(year, month, day).unwrap()
    }

    #[test]
    fn french_dates_read_day_month_year_in_lower_case() {
        assert_eq!(
            date(2026, 11, 23).format(Lang::Fr).unwrap(),
            "23 novembre 2026"
        );
        assert_eq!(date(2026, 8, 15).format(Lang::Fr).unwrap(), "15 août 2026");
    }

    #[test]
    fn the_first_of_the_month_is_premier_in_french() {
        assert_eq!(
            date(2027, 1, 1).format(Lang::Fr).unwrap(),
            "1er janvier 2027"
        );
    }

    #[test]
    fn english_dates_read_month_day_comma_year() {
        assert_eq!(
            date(2026, 11, 23).format(Lang::En).unwrap(),
            "November 23, 2026"
        );
        assert_eq!(
            date(2027, 1, 1).format(Lang::En).unwrap(),
            "January 1, 2027"
        );
    }

    #[test]
    fn days_that_do_not_exist_are_refused() {
        assert_eq!(CalendarDate::new(2026, 2, 29), None);
        assert!(CalendarDate::new(2028, 2, 29).is_some());
        assert_eq!(CalendarDate::new(2100, 2, 29), None);
        assert!(CalendarDate::new(2000, 2, 29).is_some());
        assert_eq!(CalendarDate::new(2026, 13, 1), None);
        assert_eq!(CalendarDate::new(2026, 4, 31), None);
        assert_eq!(CalendarDate::new(2026, 1, 0), None);
        let impossible = CalendarDate {
            year: 2026,
            month: 0,
            day: 1,
        };
        assert_eq!(impossible.format(Lang::Fr), None);
    }
}
