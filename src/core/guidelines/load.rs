//! Reading a rule file (YAML or JSON) into a [`RuleFile`], with errors that say where.

use serde::de::IgnoredAny;
use serde::Deserialize;

use super::error::{RuleError, RuleProblem};
use super::json_path::path_of_error;
use super::spec::RuleFile;

/// A YAML rule file, read but not compiled (native only, see `RuleSet::from_yaml`).
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_yaml(source: &str) -> Result<RuleFile, RuleError> {
    let deserializer = serde_norway::Deserializer::from_str(source);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let location = inner.location().map(|l| (l.line(), l.column()));
        let ids = serde_norway::from_str::<IdProbeFile>(source).ok();
        located(&path, &inner.to_string(), location, ids)
    })
}

/// A JSON rule file, read but not compiled. The error's path is found by walking the text to
/// its position ([`path_of_error`]), not by a path-tracking deserializer: the same path, and
/// one `RuleFile` reader in wasm instead of two.
pub fn parse_json(source: &str) -> Result<RuleFile, RuleError> {
    serde_json::from_str(source).map_err(|error| {
        let location = (error.line() > 0).then(|| (error.line(), error.column()));
        let path = path_of_error(source, &error);
        let ids = serde_json::from_str::<IdProbeFile>(source).ok();
        located(&path, &error.to_string(), location, ids)
    })
}

/// Just the ids of the rules, read leniently, to name the rule an error is in.
#[derive(Deserialize)]
struct IdProbeFile {
    #[serde(default)]
    rules: Vec<IdProbe>,
}

#[derive(Deserialize)]
struct IdProbe {
    #[serde(default)]
    id: Option<ProbedId>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ProbedId {
    Text(String),
    Other(IgnoredAny),
}

fn located(path: &str, message: &str, location: Option<(usize, usize)>, ids: Option<IdProbeFile>) -> RuleError {
    let (index, field) = split_rule_path(path);
    let rule_id = index.and_then(|i| ids?.rules.into_iter().nth(i)?.id).and_then(|id| match id {
        ProbedId::Text(text) => Some(text),
        ProbedId::Other(_) => None,
    });
    RuleError {
        rule_id,
        field: field.filter(|f| !f.is_empty() && *f != ".").map(str::to_owned),
        line: location.map(|(line, _)| line),
        column: location.map(|(_, column)| column),
        problem: RuleProblem::Syntax(clean_message(message, path)),
    }
}

/// `rules[3].severity` → (Some(3), Some("severity")); `name` → (None, Some("name")).
fn split_rule_path(path: &str) -> (Option<usize>, Option<&str>) {
    let Some(rest) = path.strip_prefix("rules[") else { return (None, Some(path)) };
    let Some((index, field)) = rest.split_once(']') else { return (None, Some(path)) };
    let field = field.strip_prefix('.').unwrap_or(field);
    (index.parse().ok(), (!field.is_empty()).then_some(field))
}

/// The parser's message without the path and position it repeats (both are reported apart).
fn clean_message(message: &str, path: &str) -> String {
    let without_path = message.strip_prefix(path).and_then(|m| m.strip_prefix(": ")).unwrap_or(message);
    let without_position = match without_path.rfind(" at line ") {
        Some(at) => without_path.get(..at).unwrap_or(without_path),
        None => without_path,
    };
    without_position.trim().to_owned()
}

/// The 1-based line where rule `id` starts (its `occurrence`-th `id:` line, 0-based), or the
/// line of `field` inside it when found before the next rule. The file is parsed already, so
/// this only has to find, not to validate.
pub fn locate(source: &str, id: &str, occurrence: usize, field: Option<&str>) -> Option<usize> {
    let id_lines: Vec<usize> = source
        .lines()
        .enumerate()
        .filter(|(_, line)| line_sets_key_to(line, "id", Some(id)))
        .map(|(number, _)| number)
        .collect();
    let id_line = *id_lines.get(occurrence)?;
    let Some(field) = field else { return Some(id_line + 1) };
    let field_line = source
        .lines()
        .enumerate()
        .skip(id_line)
        .take_while(|&(number, line)| number == id_line || !line_sets_key_to(line, "id", None))
        .find(|(_, line)| line_sets_key_to(line, field, None))
        .map(|(number, _)| number);
    Some(field_line.unwrap_or(id_line) + 1)
}

/// Whether `line` holds `key:` (YAML, possibly after `- `) or `"key":` (JSON), with `value`
/// when one is given.
fn line_sets_key_to(line: &str, key: &str, value: Option<&str>) -> bool {
    let trimmed = line.trim_start().trim_start_matches(['-', '{', ',', ' ']);
    let after_key = trimmed
        .strip_prefix(key)
        .or_else(|| trimmed.strip_prefix('"').and_then(|t| t.strip_prefix(key)).and_then(|t| t.strip_prefix('"')));
    let Some(after_colon) = after_key.and_then(|t| t.trim_start().strip_prefix(':')) else { return false };
    match value {
        None => true,
        Some(value) => {
            let written = after_colon.trim().trim_end_matches(',').trim();
            let unquoted = written.trim_matches(|c| c == '"' || c == '\'');
            unquoted == value
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_is_found_by_its_id_and_a_field_inside_it() {
        let yaml = "rules:\n  - id: a\n    kind: forbidden\n  - id: b\n    kind: pattern\n    pattern: \"(\"\n";
        assert_eq!(locate(yaml, "b", 0, None), Some(4));
        assert_eq!(locate(yaml, "b", 0, Some("pattern")), Some(6));
        assert_eq!(locate(yaml, "a", 0, Some("pattern")), Some(2));
    }

    #[test]
    fn rule_paths_split_into_index_and_field() {
        assert_eq!(split_rule_path("rules[3].severity"), (Some(3), Some("severity")));
        assert_eq!(split_rule_path("rules[0]"), (Some(0), None));
    }
}
