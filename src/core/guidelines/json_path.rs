//! Where in a JSON rule file a parse error is: the path (`rules[3].severity`) of the value being
//! read at the error's position, found by walking the text up to it.
//!
//! Why not `serde_path_to_error`: wrapping the deserializer duplicates the whole `RuleFile`
//! reader (~80 KB of the guidelines wasm module). Errors are rare, so the text is walked only
//! then; a test holds the paths found here to the ones `serde_path_to_error` gives.

use serde_json::error::Category;

/// How far the walk is in an open object's member or an array's element.
#[derive(Clone, Copy, PartialEq)]
enum Stage {
    /// Before the member's key (objects) or the element (arrays).
    Before,
    /// After a member's key, before its colon.
    AfterKey,
    /// After a member's colon, before its value.
    AfterColon,
    /// Inside the value.
    Inside,
    /// After the value, before the comma.
    Done,
}

/// An open object (with the key last read) or array (with the element's index).
enum Frame {
    /// `first`: no comma read yet.
    Object {
        key: Option<String>,
        stage: Stage,
        first: bool,
    },
    Array {
        index: usize,
        stage: Stage,
    },
}

impl Frame {
    fn stage(&mut self) -> &mut Stage {
        match self {
            Frame::Object { stage, .. } | Frame::Array { stage, .. } => stage,
        }
    }
}

/// The path, written like `serde_path_to_error`'s (`rules[3].kind`, `.` for the root), of the
/// value `error` is about, or `.` when serde_json gave no position.
pub(crate) fn path_of_error(source: &str, error: &serde_json::Error) -> String {
    if error.line() == 0 {
        return ".".to_owned();
    }
    let end = byte_offset(source, error.line(), error.column()).min(source.len());
    match error.classify() {
        // The byte refused is counted in the position: it did not open or close anything.
        Category::Syntax => path_at(source, end.saturating_sub(1), Reading::Syntax),
        Category::Data => path_at(source, end, Reading::Data),
        Category::Eof | Category::Io => path_at(source, end, Reading::End),
    }
}

/// What kind of error a path is wanted for.
#[derive(Clone, Copy, PartialEq)]
enum Reading {
    /// About a value read whole (wrong type, unknown field, missing field): that value.
    Data,
    /// The parser refused a byte: the value it was inside.
    Syntax,
    /// The text ended: the value the parser was inside.
    End,
}

/// The path of the value being read at byte `end` of `source`.
fn path_at(source: &str, end: usize, reading: Reading) -> String {
    let Some(text) = source.as_bytes().get(..end) else {
        return ".".to_owned();
    };
    let mut frames: Vec<Frame> = Vec::new();
    let mut in_literal = false;
    let mut position = 0;
    while let Some(&byte) = text.get(position) {
        position += 1;
        let literal = byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'+' | b'.');
        if in_literal && !literal {
            in_literal = false;
            set_stage(&mut frames, Stage::Done);
        }
        let awaiting_key = matches!(frames.last(), Some(Frame::Object { stage: Stage::Before, .. }));
        if !awaiting_key && (literal || matches!(byte, b'{' | b'[' | b'"')) && !in_literal {
            set_stage(&mut frames, Stage::Inside);
            in_literal = literal;
        }
        match byte {
            b'{' => frames.push(Frame::Object { key: None, stage: Stage::Before, first: true }),
            b'[' => frames.push(Frame::Array { index: 0, stage: Stage::Before }),
            b'}' | b']' => {
                frames.pop();
                set_stage(&mut frames, Stage::Done);
            }
            b',' => match frames.last_mut() {
                Some(Frame::Object { key, stage, first }) => (*key, *stage, *first) = (None, Stage::Before, false),
                Some(Frame::Array { index, stage }) => (*index, *stage) = (*index + 1, Stage::Before),
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { stage: stage @ Stage::AfterKey, .. }) = frames.last_mut() {
                    *stage = Stage::AfterColon;
                }
            }
            b'"' => {
                let (string, after, closed) = read_string(text, position);
                position = after;
                match frames.last_mut() {
                    Some(Frame::Object { key, stage: stage @ Stage::Before, .. }) => {
                        (*key, *stage) = (Some(string), Stage::AfterKey);
                    }
                    _ if closed => set_stage(&mut frames, Stage::Done),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    written(&frames, reading)
}

fn set_stage(frames: &mut [Frame], stage: Stage) {
    if let Some(frame) = frames.last_mut() {
        *frame.stage() = stage;
    }
}

/// The byte offset of serde_json's (line, column): `column` bytes after the line's start.
fn byte_offset(source: &str, line: usize, column: usize) -> usize {
    let line_start =
        if line <= 1 { 0 } else { source.match_indices('\n').nth(line - 2).map_or(source.len(), |(at, _)| at + 1) };
    line_start + column
}

/// A string's text from just after its opening quote, the position after its closing one (the
/// end of `text` when the string is cut), and whether it was closed. Escapes other than `\"` and `\\` are kept as
/// written: keys that need them are not rule fields.
fn read_string(text: &[u8], mut position: usize) -> (String, usize, bool) {
    let mut bytes = Vec::new();
    let mut closed = false;
    while let Some(&byte) = text.get(position) {
        position += 1;
        match byte {
            b'"' => {
                closed = true;
                break;
            }
            b'\\' => match text.get(position) {
                Some(&escaped @ (b'"' | b'\\')) => {
                    bytes.push(escaped);
                    position += 1;
                }
                _ => bytes.push(byte),
            },
            _ => bytes.push(byte),
        }
    }
    (String::from_utf8_lossy(&bytes).into_owned(), position, closed)
}

/// Segments joined as `serde_path_to_error` writes them (`?`: a key not read yet), down to the
/// value the error is about (see [`path_at`]).
fn written(frames: &[Frame], reading: Reading) -> String {
    let data = reading == Reading::Data;
    let mut path = String::new();
    for frame in frames {
        let (named, segment) = match frame {
            Frame::Object { key, stage, first } => match (data, stage, key) {
                (true, _, Some(key)) | (false, Stage::AfterColon | Stage::Inside, Some(key)) => (true, key.clone()),
                // Before its colon, a member's errors are its object's. A `{` refusing its
                // first key is an enum's (an empty struct or map is fine): the enum's.
                (false, Stage::AfterKey, _) | (false, Stage::Before, None)
                    if *stage == Stage::AfterKey || (*first && reading == Reading::Syntax) =>
                {
                    break;
                }
                _ => (false, "?".to_owned()),
            },
            Frame::Array { index, stage } => match (data, stage) {
                (true, Stage::Before) | (false, Stage::Before | Stage::AfterKey | Stage::AfterColon | Stage::Done) => {
                    break
                }
                _ => (true, format!("[{index}]")),
            },
        };
        if !path.is_empty() && !segment.starts_with('[') {
            path.push('.');
        }
        path.push_str(&segment);
        if !named {
            break;
        }
    }
    if path.is_empty() {
        ".".to_owned()
    } else {
        path
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::guidelines::{starter_json, starter_names, RuleFile};

    /// The path `serde_path_to_error` gives for `source`'s error, and the one walked here.
    fn both_paths(source: &str) -> Option<(String, String)> {
        let mut deserializer = serde_json::Deserializer::from_str(source);
        let error = serde_path_to_error::deserialize::<_, RuleFile>(&mut deserializer).err()?;
        let tracked = error.path().to_string();
        let inner = error.into_inner();
        Some((tracked, path_of_error(source, &inner)))
    }

    /// Broken variants of every starter: each rule's fields given a wrong type, an unknown
    /// field, an unknown kind, a field removed, and the file cut at every line.
    fn broken_files() -> Vec<String> {
        let mut files = Vec::new();
        for name in starter_names() {
            let Some(source) = starter_json(name) else {
                continue;
            };
            for (at, _) in source.match_indices("\": ") {
                let after = at + 3;
                files.push(format!("{}12{}", &source[..after], &source[after..]));
                files.push(format!("{}{{}}, \"x\": {}", &source[..after], &source[after..]));
            }
            files.push(source.replacen("\"kind\": \"forbidden\"", "\"kind\": \"nope\"", 1));
            files.push(source.replacen("\"id\":", "\"unknown\":", 1));
            files.push(source.replacen("\"kind\":", "\"unknown_field\":", 1));
            for (at, _) in source.match_indices('\n') {
                files.push(source[..at].to_owned());
            }
        }
        files
    }

    #[test]
    fn paths_walked_are_the_ones_a_tracking_deserializer_gives() {
        let mut compared = 0;
        let mut differing = Vec::new();
        for file in broken_files() {
            let Some((tracked, walked)) = both_paths(&file) else {
                continue;
            };
            if walked != tracked {
                let error = serde_json::from_str::<RuleFile>(&file).err().map(|e| e.to_string());
                differing.push(format!("walked {walked}, tracked {tracked}: {error:?}"));
            }
            compared += 1;
        }
        assert!(differing.is_empty(), "{} of {compared} differ:\n{}", differing.len(), differing.join("\n"));
        assert!(compared > 100, "only {compared} broken files compared");
    }

    #[test]
    fn a_path_names_the_rule_and_its_field() {
        let source = "{\"rules\": [{\"id\": \"a\", \"kind\": \"forbidden\"}, {\"id\": \"b\", \"severity\": \"loud\"}]}";
        let error = serde_json::from_str::<RuleFile>(source).err();
        let path = error.map(|e| path_of_error(source, &e));
        assert_eq!(path.as_deref(), Some("rules[1].severity"));
    }
}
