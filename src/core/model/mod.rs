//! Wire types: what travels between the agent, the background, the panel and the server.
//! One definition here, used by every context, so the two ends of a message never drift.

pub mod api;
pub mod approvals;
pub mod audit;
pub mod context;
pub mod history;
pub mod lang;
pub mod reports;
pub mod messages;
pub mod records;
pub mod settings;
pub mod team;

pub use context::{Author, CommentContext, Completeness};
pub use lang::{Lang, Network};
pub use settings::Settings;
pub use messages::{FromBackground, InsertOutcome, PanelEvent, Refusal, Sender, SenderRecord, ToAgent, ToBackground};
