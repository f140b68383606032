//! Reading the live channel (`GET /api/v1/events`, server-sent events) as its text arrives in
//! pieces: each `cursor` event gives the team's new cursor. Keep-alive comments, other events
//! and unreadable data are skipped.

use serde::Deserialize;

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

impl CursorEvents {
    /// Feeds the next piece of the stream; returns the cursors of the events it completed.
    pub fn feed(&mut self, text: &str) -> Vec<u64> {
        let mut cursors = Vec::new();
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
                cursors.extend(self.dispatch());
            } else if let Some(value) = field(line, "event") {
                self.event = value.to_owned();
            } else if let Some(value) = field(line, "data") {
                if !self.data.is_empty() {
                    self.data.push('\n');
                }
                self.data.push_str(value);
            }
        }
        cursors
    }

    /// How many `approval` events (a request made or decided, for this member to see) came
    /// since the last call. Their data is not read: the panel fetches the approvals again.
    pub fn take_approval_events(&mut self) -> u32 {
        std::mem::take(&mut self.approval_events)
    }

    fn dispatch(&mut self) -> Option<u64> {
        let event = std::mem::take(&mut self.event);
        let data = std::mem::take(&mut self.data);
        if event == "approval" {
            self.approval_events = self.approval_events.saturating_add(1);
        }
        if event != "cursor" {
            return None;
        }
        serde_json::from_str::<CursorData>(&data).ok().map(|data| data.cursor)
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
}
