//! Exports for compliance: the entries of a period as CSV or JSON, each with every field that
//! was hashed, so whoever receives the file can check it with the encoding in [`super::chain`].
//!
//! Both formats are written a piece at a time (a head, one piece per entry, a tail), so the
//! server and the command line stream a log of any size.
//!
//! CSV (RFC 4180, CRLF line ends): `seq,time,time_ms,actor,kind,payload,payload_hash,prev_hash,hash`.
//! `time` is ISO 8601 UTC, for people; `payload` is the JSON text exactly as hashed. No field
//! can start a spreadsheet formula: payloads start with `{`, and the other fields are numbers,
//! hex, ids and fixed names.
//!
//! JSON: `{"format":"tact-audit-export","version":1,"team_id":...,"team_name":...,"from":...,
//! "to":...,"exported_ms":...,"entries":[{...AuditEntry, "time": ISO}...]}`.

use serde::{Deserialize, Serialize};

use super::time::{day_start_ms, iso_date, iso_utc, parse_date};
use crate::core::model::audit::AuditEntry;
use crate::core::template::CalendarDate;

/// The export's name in its JSON head.
pub const JSON_FORMAT_NAME: &str = "tact-audit-export";
/// The CSV header line.
pub const CSV_HEADER: &str = "seq,time,time_ms,actor,kind,payload,payload_hash,prev_hash,hash\r\n";
/// The longest period one export may cover: ten years and a bit.
pub const MAX_PERIOD_DAYS: i64 = 3_700;

/// CSV or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Csv,
    Json,
}

impl ExportFormat {
    pub fn parse(name: &str) -> Option<ExportFormat> {
        match name.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(ExportFormat::Csv),
            "json" => Some(ExportFormat::Json),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Json => "application/json",
        }
    }
}

/// Why a period is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("{0:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-01-31")]
    BadDate(String),
    #[error("the period ends before it starts")]
    Reversed,
    #[error("one export covers at most {MAX_PERIOD_DAYS} days; export the period in parts")]
    TooLong,
}

/// The days an export covers, both included, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: CalendarDate,
    pub to: CalendarDate,
}

impl Period {
    /// From `YYYY-MM-DD` texts.
    pub fn parse(from: &str, to: &str) -> Result<Period, PeriodError> {
        let read = |text: &str| parse_date(text).ok_or_else(|| PeriodError::BadDate(text.to_owned()));
        let period = Period { from: read(from)?, to: read(to)? };
        let days = (period.end_ms() - period.start_ms()) / 86_400_000;
        if days < 1 {
            return Err(PeriodError::Reversed);
        }
        if days > MAX_PERIOD_DAYS {
            return Err(PeriodError::TooLong);
        }
        Ok(period)
    }

    /// 00:00 UTC on the first day.
    pub fn start_ms(&self) -> i64 {
        day_start_ms(self.from)
    }

    /// 00:00 UTC on the day after the last (exclusive).
    pub fn end_ms(&self) -> i64 {
        day_start_ms(self.to) + 86_400_000
    }

    /// Whether an entry made at `time_ms` falls in the period.
    pub fn contains(&self, time_ms: i64) -> bool {
        (self.start_ms()..self.end_ms()).contains(&time_ms)
    }

    /// `tact-audit-2026-01-01-to-2026-12-31.csv`.
    pub fn file_name(&self, format: ExportFormat) -> String {
        format!("tact-audit-{}-to-{}.{}", iso_date(self.from), iso_date(self.to), format.as_str())
    }
}

/// What an export says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportHead<'a> {
    pub team_id: &'a str,
    pub team_name: &'a str,
    pub period: Period,
    pub exported_ms: i64,
}

/// The text before the first entry.
pub fn head(format: ExportFormat, meta: &ExportHead<'_>) -> String {
    match format {
        ExportFormat::Csv => CSV_HEADER.to_owned(),
        ExportFormat::Json => {
            let fields = serde_json::json!({
                "format": JSON_FORMAT_NAME,
                "version": 1,
                "team_id": meta.team_id,
                "team_name": meta.team_name,
                "from": iso_date(meta.period.from),
                "to": iso_date(meta.period.to),
                "exported_ms": meta.exported_ms,
                "exported": iso_utc(meta.exported_ms),
            })
            .to_string();
            // The object without its closing brace, then the entries' array.
            format!("{},\"entries\":[", fields.trim_end_matches('}'))
        }
    }
}

/// One entry; `first` says whether it is the first written (JSON separates with commas).
pub fn entry(format: ExportFormat, entry: &AuditEntry, first: bool) -> String {
    match format {
        ExportFormat::Csv => csv_row(entry),
        ExportFormat::Json => {
            let mut value = serde_json::to_value(entry).unwrap_or_default();
            if let Some(object) = value.as_object_mut() {
                object.insert("time".into(), serde_json::Value::String(iso_utc(entry.time_ms)));
            }
            let separator = if first { "\n" } else { ",\n" };
            format!("{separator}{value}")
        }
    }
}

/// The text after the last entry.
pub fn tail(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Csv => "",
        ExportFormat::Json => "\n]}\n",
    }
}

/// One CSV line, with its CRLF.
pub fn csv_row(entry: &AuditEntry) -> String {
    let fields = [
        entry.seq.to_string(),
        iso_utc(entry.time_ms),
        entry.time_ms.to_string(),
        entry.actor.clone(),
        entry.kind.clone(),
        entry.payload.clone(),
        entry.payload_hash.clone(),
        entry.prev_hash.clone(),
        entry.hash.clone(),
    ];
    let mut line = fields.iter().map(|field| csv_field(field)).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

/// A field, quoted when it holds a comma, a quote or a line break (quotes doubled).
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::audit::chain::{seal, GENESIS_HASH};

    fn sample() -> AuditEntry {
        seal("t", 1, 1_700_000_000_000, "m1", "reply_published", "{\"text\":\"Hello, \\\"you\\\"\\nbye\"}".into(), GENESIS_HASH)
    }

    #[test]
    fn a_period_covers_whole_utc_days_both_included() {
        let period = Period::parse("2026-01-01", "2026-01-31");
        let Ok(period) = period else { panic!("{period:?}") };
        assert!(period.contains(period.start_ms()));
        assert!(period.contains(period.end_ms() - 1));
        assert!(!period.contains(period.end_ms()));
        assert!(!period.contains(period.start_ms() - 1));
        assert_eq!(Period::parse("2026-01-01", "2026-01-01").map(|p| p.end_ms() - p.start_ms()), Ok(86_400_000));
        assert_eq!(period.file_name(ExportFormat::Csv), "tact-audit-2026-01-01-to-2026-01-31.csv");
    }

    #[test]
    fn a_bad_or_reversed_period_says_why() {
        assert_eq!(Period::parse("2026-13-01", "2026-12-31"), Err(PeriodError::BadDate("2026-13-01".into())));
        assert_eq!(Period::parse("2026-02-01", "2026-01-31"), Err(PeriodError::Reversed));
        assert_eq!(Period::parse("2000-01-01", "2026-01-31"), Err(PeriodError::TooLong));
    }

    #[test]
    fn a_csv_row_quotes_what_needs_it_and_keeps_the_payload_exact() {
        let row = csv_row(&sample());
        assert!(row.starts_with("1,2023-11-14T22:13:20.000Z,1700000000000,m1,reply_published,\"{"), "{row}");
        assert!(row.contains("{\"\"text\"\":"), "quotes doubled: {row}");
        assert!(row.ends_with("\r\n"));
    }

    #[test]
    fn a_json_export_is_one_valid_document_with_the_hashed_fields() {
        let period = Period::parse("2023-11-01", "2023-11-30").expect("a period");
        let meta = ExportHead { team_id: "t", team_name: "Team \"T\"", period, exported_ms: 1 };
        let mut text = head(ExportFormat::Json, &meta);
        text.push_str(&entry(ExportFormat::Json, &sample(), true));
        text.push_str(&entry(ExportFormat::Json, &sample(), false));
        text.push_str(tail(ExportFormat::Json));
        let document: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(document["format"], JSON_FORMAT_NAME);
        assert_eq!(document["team_name"], "Team \"T\"");
        assert_eq!(document["entries"].as_array().map(Vec::len), Some(2));
        let first: AuditEntry = serde_json::from_value(document["entries"][0].clone()).expect("an entry");
        assert_eq!(first, sample());
        assert_eq!(document["entries"][0]["time"], "2023-11-14T22:13:20.000Z");
        let empty = format!("{}{}", head(ExportFormat::Json, &meta), tail(ExportFormat::Json));
        assert!(serde_json::from_str::<serde_json::Value>(&empty).is_ok(), "{empty}");
    }
}
