//! The team's settings that the approval policy and the audit log read: which interns may post
//! without approval, and how long the audit log is kept.

use serde::{Deserialize, Serialize};

use super::api::is_valid_client_id;

/// The audit log is kept at least this long: three years (1,096 days, a leap day included).
pub const MIN_AUDIT_RETENTION_DAYS: u32 = 1_096;
/// Longest retention a team may set: a hundred years (longer reads as a typo).
pub const MAX_AUDIT_RETENTION_DAYS: u32 = 36_525;
/// Most interns a team may exempt from approval.
pub const MAX_EXEMPT_INTERNS: usize = 1_000;

/// `GET/PUT /api/v1/team/settings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamSettings {
    /// Member ids of interns whose replies do not need approval for being an intern's (a rule's
    /// `approval` finding still does).
    #[serde(default)]
    pub exempt_interns: Vec<String>,
    /// Audit entries older than this many days may be purged; never under
    /// [`MIN_AUDIT_RETENTION_DAYS`].
    #[serde(default = "default_retention")]
    pub audit_retention_days: u32,
}

impl Default for TeamSettings {
    fn default() -> TeamSettings {
        TeamSettings { exempt_interns: Vec::new(), audit_retention_days: MIN_AUDIT_RETENTION_DAYS }
    }
}

fn default_retention() -> u32 {
    MIN_AUDIT_RETENTION_DAYS
}

/// Why team settings are refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("the audit log is kept at least {MIN_AUDIT_RETENTION_DAYS} days (three years) and at most {MAX_AUDIT_RETENTION_DAYS}")]
    Retention,
    #[error("at most {MAX_EXEMPT_INTERNS} interns can be exempted from approval")]
    TooManyExemptions,
    #[error("{0:?} is not a member id")]
    BadMemberId(String),
}

impl TeamSettings {
    /// The settings as they will be stored: checked, exemptions sorted and without repeats.
    pub fn checked(mut self) -> Result<TeamSettings, SettingsError> {
        if !(MIN_AUDIT_RETENTION_DAYS..=MAX_AUDIT_RETENTION_DAYS).contains(&self.audit_retention_days) {
            return Err(SettingsError::Retention);
        }
        if self.exempt_interns.len() > MAX_EXEMPT_INTERNS {
            return Err(SettingsError::TooManyExemptions);
        }
        if let Some(bad) = self.exempt_interns.iter().find(|id| !is_valid_client_id(id)) {
            return Err(SettingsError::BadMemberId(bad.clone()));
        }
        self.exempt_interns.sort();
        self.exempt_interns.dedup();
        Ok(self)
    }

    /// The retention actually applied: the setting, never under the three-year floor (a value
    /// stored by hand below it does not shorten the log).
    pub fn effective_retention_days(&self) -> u32 {
        self.audit_retention_days.max(MIN_AUDIT_RETENTION_DAYS)
    }

    /// Whether this intern is exempted from approval.
    pub fn is_exempt(&self, member_id: &str) -> bool {
        self.exempt_interns.iter().any(|id| id == member_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_keeps_three_years_and_exempts_nobody() {
        let settings = TeamSettings::default();
        assert_eq!(settings.audit_retention_days, 1_096);
        assert!(settings.exempt_interns.is_empty());
        let read: TeamSettings = serde_json::from_str("{}").expect("settings");
        assert_eq!(read, settings);
    }

    #[test]
    fn a_retention_under_three_years_is_refused_and_never_applied() {
        let short = TeamSettings { audit_retention_days: 365, ..TeamSettings::default() };
        assert_eq!(short.clone().checked(), Err(SettingsError::Retention));
        assert_eq!(short.effective_retention_days(), 1_096);
        let long = TeamSettings { audit_retention_days: 3_650, ..TeamSettings::default() };
        assert_eq!(long.checked().map(|s| s.effective_retention_days()), Ok(3_650));
    }

    #[test]
    fn exemptions_are_sorted_once_each_and_must_be_ids() {
        let settings = TeamSettings { exempt_interns: vec!["b".into(), "a".into(), "b".into()], ..TeamSettings::default() };
        assert_eq!(settings.checked().map(|s| s.exempt_interns), Ok(vec!["a".to_owned(), "b".to_owned()]));
        let bad = TeamSettings { exempt_interns: vec!["../x".into()], ..TeamSettings::default() };
        assert_eq!(bad.checked(), Err(SettingsError::BadMemberId("../x".into())));
    }
}
