//! A team's history settings: which networks are recorded, and how long mentions are kept.
//!
//! The defaults (every network, one year) apply until a manager changes them. Retention has a
//! floor of a week, so a typo cannot wipe the team's history by the next hourly purge, and a
//! ceiling of five years.

use crate::core::guidelines::Venue;
use crate::core::model::history::HistorySettings;

use super::error::HistoryError;

/// Retention when a team has not chosen: one year.
pub const DEFAULT_RETENTION_DAYS: u32 = 365;
/// Shortest retention a team may choose.
pub const MIN_RETENTION_DAYS: u32 = 7;
/// Longest retention a team may choose: five years.
pub const MAX_RETENTION_DAYS: u32 = 5 * 365;
/// One day in milliseconds.
pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;

impl Default for HistorySettings {
    fn default() -> HistorySettings {
        HistorySettings { captured_networks: Venue::ALL.to_vec(), retention_days: DEFAULT_RETENTION_DAYS }
    }
}

impl HistorySettings {
    /// The settings as stored: networks sorted without duplicates, retention within bounds.
    pub fn checked(mut self) -> Result<HistorySettings, HistoryError> {
        if !(MIN_RETENTION_DAYS..=MAX_RETENTION_DAYS).contains(&self.retention_days) {
            return Err(HistoryError::BadRetention);
        }
        self.captured_networks.sort();
        self.captured_networks.dedup();
        Ok(self)
    }

    /// Whether comments on `network` are recorded.
    pub fn captures(&self, network: Venue) -> bool {
        self.captured_networks.contains(&network)
    }

    /// Mentions first seen before this time (ms) are past the retention at `now_ms`.
    pub fn retention_cut_ms(&self, now_ms: i64) -> i64 {
        now_ms.saturating_sub(i64::from(self.retention_days).saturating_mul(DAY_MS))
    }

    /// The captured networks as stored: names joined by commas (`facebook,x`).
    pub fn networks_text(&self) -> String {
        self.captured_networks.iter().map(|venue| venue.as_str()).collect::<Vec<_>>().join(",")
    }

    /// Reads [`HistorySettings::networks_text`] back; unknown names (a newer version's) are skipped.
    pub fn networks_from_text(text: &str) -> Vec<Venue> {
        text.split(',').filter_map(super::author_key::venue_named).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_default_every_network_is_recorded_for_a_year() {
        let settings = HistorySettings::default();
        assert!(Venue::ALL.iter().all(|venue| settings.captures(*venue)));
        assert_eq!(settings.retention_days, 365);
    }

    #[test]
    fn retention_is_kept_within_a_week_and_five_years() {
        let with = |days| HistorySettings { captured_networks: vec![], retention_days: days }.checked();
        assert_eq!(with(6), Err(HistoryError::BadRetention));
        assert_eq!(with(1826), Err(HistoryError::BadRetention));
        assert!(with(7).is_ok() && with(1825).is_ok());
    }

    #[test]
    fn networks_are_stored_sorted_once_and_read_back() {
        let settings =
            HistorySettings { captured_networks: vec![Venue::X, Venue::Generic, Venue::X], retention_days: 30 }
                .checked()
                .unwrap_or_default();
        assert_eq!(settings.networks_text(), "x,generic");
        assert_eq!(HistorySettings::networks_from_text("x,generic,mastodon"), vec![Venue::X, Venue::Generic]);
        assert_eq!(HistorySettings::networks_from_text(""), vec![]);
        assert!(!settings.captures(Venue::Linkedin));
    }

    #[test]
    fn the_retention_cut_is_that_many_days_before_now() {
        let settings = HistorySettings { captured_networks: vec![], retention_days: 7 };
        assert_eq!(settings.retention_cut_ms(10 * DAY_MS), 3 * DAY_MS);
    }
}
