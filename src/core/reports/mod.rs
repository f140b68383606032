//! Reports for managers: per period (day, week, month, in UTC), per member and network, what the
//! team did, computed from the records the server keeps. Pure: the server reads the facts of a
//! range ([`ReportFacts`]) and calls [`compute_report`]; the console draws the answer.
//!
//! Definitions (also in ARCHITECTURE.md, "Reports"):
//! - **Replies posted**: published replies whose `posted_ms` falls in the period.
//! - **Response time**: for the team's first reply to a comment (no reply of the team to the same
//!   permalink was posted before it), the time from the comment's first sighting in the mention
//!   history (same permalink; "comment first seen") to the reply's `posted_ms`. Replies without a
//!   permalink, to a comment history never saw, or posted before it was seen have none; the
//!   tables say how many replies were measured (`response_samples`).
//! - **Median, 90th percentile**: nearest rank ([`percentile`]), so always a measured value.
//! - **Approval turnaround**: from a request's creation to its decision, for decided requests;
//!   a request counts in the period it was made. **Rejection rate**: rejected / decided.
//! - **Findings per rule**: see [`crate::core::model::reports::FindingRow`]. What the guard stops
//!   in the browser is never sent, so "blocked" counts what an approver stopped.
//! - **Template usage**: published replies that started from the template.
//! - **Interns' approvals**: requests whose recorded reasons include the intern role.

pub mod calendar;
pub mod chart;
pub mod compute;
pub mod csv;
pub mod facts;
pub mod percentile;

pub use compute::{compute_report, response_ms, turnaround_ms, TOP_TEMPLATES};
pub use csv::{table_csv, table_file_name};
pub use facts::{distinct_rules, parse_period, ApprovalFact, ReplyFact, ReportError, ReportFacts, ReportRange, TemplateFact};
