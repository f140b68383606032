//! Import and export of the library as a JSON file a person can keep, send or restore.
//!
//! ```json
//! { "format": "tact-library", "version": 1, "templates": [ { "id": "...", ... } ] }
//! ```
//!
//! An import is all or nothing: every entry is checked first, every problem is reported
//! with the entry's position, and the library changes only if there is none.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::collection::Library;
use super::error::{LibraryError, RejectedEntry};
use super::model::Template;
use super::validation::{shortcut_key, validate_library, validate_template, MAX_TEMPLATES};

/// Names the file's kind, so a random JSON file is not taken for a library.
pub const FORMAT_NAME: &str = "tact-library";
/// The file format this Tact writes and reads; older versions are read too.
pub const FORMAT_VERSION: u64 = 1;

/// What an import does with the templates already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Keep existing templates; add new ids; an id present in both keeps the higher
    /// version (the one already here on a tie).
    Merge,
    /// The library becomes exactly the file's templates.
    Replace,
}

/// What an import changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Templates that were not in the library.
    pub added: usize,
    /// Templates replaced by a newer version from the file.
    pub updated: usize,
    /// Templates of the file not taken because the library's copy is as new or newer.
    pub kept_existing: usize,
    /// Templates removed (Replace mode only).
    pub removed: usize,
}

#[derive(Serialize)]
struct ExportFile<'a> {
    format: &'static str,
    version: u64,
    templates: &'a [Template],
}

#[derive(Deserialize)]
struct ImportFile {
    format: Option<String>,
    version: Option<u64>,
    templates: Option<Vec<Value>>,
}

impl Library {
    /// The whole library as a pretty-printed JSON file.
    pub fn export_json(&self) -> String {
        let file = ExportFile {
            format: FORMAT_NAME,
            version: FORMAT_VERSION,
            templates: self.templates(),
        };
        // Serializing plain structs with string keys cannot fail.
        serde_json::to_string_pretty(&file).unwrap_or_default()
    }

    /// The same file without indentation: what the extension stores (a third smaller, and
    /// faster to write, for a team library of thousands of templates).
    pub fn export_json_compact(&self) -> String {
        let file = ExportFile {
            format: FORMAT_NAME,
            version: FORMAT_VERSION,
            templates: self.templates(),
        };
        serde_json::to_string(&file).unwrap_or_default()
    }

    /// Reads a library file and applies it (see [`ImportMode`]); on any error, nothing changes.
    pub fn import_json(&mut self, json: &str, mode: ImportMode) -> Result<ImportReport, LibraryError> {
        let incoming = parse_file(json)?;
        let (templates, report) = match mode {
            ImportMode::Replace => self.replaced_by(incoming),
            ImportMode::Merge => self.merged_with(incoming),
        };
        validate_library(&templates)?;
        self.replace_all(templates);
        Ok(report)
    }

    fn replaced_by(&self, incoming: Vec<Template>) -> (Vec<Template>, ImportReport) {
        let mut report = ImportReport::default();
        for template in &incoming {
            match self.get(&template.id) {
                Some(existing) if existing == template => report.kept_existing += 1,
                Some(_) => report.updated += 1,
                None => report.added += 1,
            }
        }
        let ids: HashMap<&str, ()> = incoming.iter().map(|t| (t.id.as_str(), ())).collect();
        report.removed = self
            .templates()
            .iter()
            .filter(|t| !ids.contains_key(t.id.as_str()))
            .count();
        (incoming, report)
    }

    fn merged_with(&self, incoming: Vec<Template>) -> (Vec<Template>, ImportReport) {
        let mut report = ImportReport::default();
        let mut merged = self.templates().to_vec();
        let mut position: HashMap<String, usize> = merged.iter().enumerate().map(|(i, t)| (t.id.clone(), i)).collect();
        for template in incoming {
            match position.get(&template.id) {
                Some(&at) if template.version > merged[at].version => {
                    merged[at] = template;
                    report.updated += 1;
                }
                Some(_) => report.kept_existing += 1,
                None => {
                    position.insert(template.id.clone(), merged.len());
                    merged.push(template);
                    report.added += 1;
                }
            }
        }
        (merged, report)
    }
}

/// Parses the file and every entry, collecting every entry's problem before giving up.
fn parse_file(json: &str) -> Result<Vec<Template>, LibraryError> {
    let file: ImportFile = serde_json::from_str(json).map_err(|error| LibraryError::NotALibrary {
        reason: format!("it is not valid JSON or not an object ({error})."),
    })?;
    if file.format.as_deref().is_some_and(|format| format != FORMAT_NAME) {
        return Err(LibraryError::NotALibrary {
            reason: "its \"format\" is not \"tact-library\".".into(),
        });
    }
    let version = file.version.ok_or_else(|| LibraryError::NotALibrary {
        reason: "it has no \"version\".".into(),
    })?;
    if version > FORMAT_VERSION {
        return Err(LibraryError::UnsupportedVersion { found: version });
    }
    let entries = file.templates.ok_or_else(|| LibraryError::NotALibrary {
        reason: "it has no \"templates\" list.".into(),
    })?;
    if entries.len() > MAX_TEMPLATES {
        return Err(LibraryError::TooManyTemplates { count: entries.len() });
    }
    let mut templates = Vec::with_capacity(entries.len());
    let mut rejected = Vec::new();
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    let mut seen_shortcuts: HashMap<String, usize> = HashMap::new();
    for (index, entry) in entries.into_iter().enumerate() {
        match parse_entry(entry, index, &mut seen_ids, &mut seen_shortcuts) {
            Ok(template) => templates.push(template),
            Err(reason) => rejected.push(RejectedEntry { index, reason }),
        }
    }
    if !rejected.is_empty() {
        return Err(LibraryError::InvalidEntries { rejected });
    }
    Ok(templates)
}

/// One entry, checked on its own and against the entries before it in the file.
fn parse_entry(
    entry: Value,
    index: usize,
    seen_ids: &mut HashMap<String, usize>,
    seen_shortcuts: &mut HashMap<String, usize>,
) -> Result<Template, String> {
    let template: Template = serde_json::from_value(entry).map_err(|error| format!("not a template ({error})"))?;
    validate_template(&template).map_err(|error| error.to_string())?;
    if let Some(first) = seen_ids.insert(template.id.clone(), index) {
        return Err(format!("same id as entry {}", first + 1));
    }
    if let Some(first) = seen_shortcuts.insert(shortcut_key(&template.shortcut), index) {
        return Err(format!("same shortcut “{}” as entry {}", template.shortcut, first + 1));
    }
    Ok(template)
}
