//! Reading the live channel (`GET /api/v1/events`, server-sent events) as its text arrives in
//! pieces: each `cursor` event gives the team's new cursor, each `presence` event a teammate's
//! presence on a comment (mention history). Keep-alive comments, other events and unreadable
//! data are skipped.

use serde::Deserialize;

/// How long to wait before trying the team server again after `failures` failures in a row:
/// 1 s, then doubling, at most `max_ms` (the live channels and the sync rounds alike).
pub fn retry_delay_ms(failures: u32, max_ms: u32) -> u32 {
    1_000u32.saturating_mul(1 << failures.saturating_sub(1).min(16)).min(max_ms)
}

/// Longest line kept while waiting for its end (an event is a few dozen bytes).
const MAX_LINE: usize = 4_096;

/// The parser's state between pieces of text.
#[derive(Debug, Default)]
pub struct CursorEvents {
    line: String,
    event: String,
    data: String,
    /// Approval events seen since [`CursorEvents::take_approval_events`] was last called.
    approval_events: u32,
}

#[derive(Deserialize)]
struct CursorData {
    cursor: u64,
}

/// An event of the live channel the extension acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveEvent {
    /// The team's cursor moved.
    Cursor(u64),
    /// A member's presence on a comment changed: the event's JSON text (a
    /// [`PresenceEvent`](crate::core::model::history::PresenceEvent)), read by the panel as a
    /// JS object, so the panel's module carries no serde reader for it.
    Presence(String),
}

impl CursorEvents {
    /// Feeds the next piece of the stream; returns the cursors of the events it completed.
    pub fn feed(&mut self, text: &str) -> Vec<u64> {
        self.feed_events(text)
            .into_iter()
            .filter_map(|event| match event {
                LiveEvent::Cursor(cursor) => Some(cursor),
                LiveEvent::Presence(_) => None,
            })
            .collect()
    }

    /// Feeds the next piece of the stream; returns the events it completed, in order.
    pub fn feed_events(&mut self, text: &str) -> Vec<LiveEvent> {
        let mut events = Vec::new();
        for c in text.chars() {
            if c != '\n' {
                if self.line.len() < MAX_LINE {
                    self.line.push(c);
                }
                continue;
            }
            let line = std::mem::take(&mut self.line);
            let line = line.strip_suffix('\r').unwrap_or(&line);
            if line.is_empty() {
                events.extend(self.dispatch());
            } else if let Some(value) = field(line, "event") {
                self.event = value.to_owned();
            } else if let Some(value) = field(line, "data") {
                if !self.data.is_empty() {
                    self.data.push('\n');
                }
                self.data.push_str(value);
            }
        }
        events
    }

    /// How many `approval` events (a request made or decided, for this member to see) came
    /// since the last call. Their data is not read: the panel fetches the approvals again.
    pub fn take_approval_events(&mut self) -> u32 {
        std::mem::take(&mut self.approval_events)
    }

    fn dispatch(&mut self) -> Option<LiveEvent> {
        let event = std::mem::take(&mut self.event);
        let data = std::mem::take(&mut self.data);
        match event.as_str() {
            "cursor" => serde_json::from_str::<CursorData>(&data).ok().map(|data| LiveEvent::Cursor(data.cursor)),
            "presence" => Some(LiveEvent::Presence(data)),
            "approval" => {
                self.approval_events = self.approval_events.saturating_add(1);
                None
            }
            _ => None,
        }
    }
}

/// The value of `name: value` (one optional space after the colon, as SSE says).
fn field<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let value = line.strip_prefix(name)?.strip_prefix(':')?;
    Some(value.strip_prefix(' ').unwrap_or(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_one_second_then_double_up_to_the_cap() {
        let waits: Vec<u32> = (0..8).map(|failures| retry_delay_ms(failures, 30_000)).collect();
        assert_eq!(waits, [1_000, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
        assert_eq!(retry_delay_ms(u32::MAX, 60_000), 60_000);
    }

    #[test]
    fn cursors_are_read_across_pieces_and_keep_alives_are_skipped() {
        let mut events = CursorEvents::default();
        assert_eq!(events.feed("event: cursor\ndata: {\"cur"), Vec::<u64>::new());
        assert_eq!(events.feed("sor\":4}\n\n:\n\nevent: cursor\r\ndata: {\"cursor\":7}\r\n\r\n"), vec![4, 7]);
        assert_eq!(events.feed("event: other\ndata: {\"cursor\":9}\n\nevent: cursor\ndata: nonsense\n\n"), Vec::<u64>::new());
    }

    #[test]
    fn approval_events_are_counted_once() {
        let mut events = CursorEvents::default();
        assert_eq!(events.feed("event: approval\ndata: {\"id\":\"a\"}\n\nevent: cursor\ndata: {\"cursor\":2}\n\nevent: approval\ndata: {}\n"), vec![2]);
        assert_eq!(events.take_approval_events(), 1, "the second is not complete yet");
        assert_eq!(events.feed("\n"), Vec::<u64>::new());
        assert_eq!(events.take_approval_events(), 1);
        assert_eq!(events.take_approval_events(), 0);
    }

    #[test]
    fn presence_events_are_read_beside_cursors() {
        let mut events = CursorEvents::default();
        let presence = r#"{"permalink":"https://x.com/a/1","member_id":"m","member_name":"Marie","state":"replying","since_ms":1,"expires_ms":2,"at_ms":1}"#;
        let read = events.feed_events(&format!("event: presence\ndata: {presence}\n\nevent: cursor\ndata: {{\"cursor\":3}}\n\n"));
        assert_eq!(read.len(), 2);
        assert_eq!(read[0], LiveEvent::Presence(presence.to_owned()));
        assert_eq!(read[1], LiveEvent::Cursor(3));
    }
}
