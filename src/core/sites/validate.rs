//! Validation of a descriptor, in three passes: size, then every string for script-like
//! content (on the raw JSON, so the path is exact), then shape (serde, with the path of the
//! offending field), then meaning (selectors, hosts, limits).

use serde_json::Value;

use super::descriptor::{Anchor, CommentStrategy, FieldRule, Read, SiteDescriptor, Transform, GENERIC_ID};
use super::error::DescriptorError;
use super::host::validate_host_pattern;
use super::selector::validate_selector;

/// Largest descriptor accepted, in bytes of JSON.
pub const MAX_DESCRIPTOR_BYTES: usize = 64 * 1024;
const MAX_ID_CHARS: usize = 40;
const MAX_NAME_CHARS: usize = 80;
const MAX_HOSTS: usize = 50;
const MAX_EDITORS: usize = 20;
const MAX_RULES_PER_FIELD: usize = 8;
const MAX_TRANSFORMS: usize = 8;
const MAX_STRATEGIES: usize = 8;
const MAX_TRANSFORM_TEXT_CHARS: usize = 200;
const MAX_NTH: u8 = 20;

type Checked = Result<(), DescriptorError>;

pub(crate) fn parse_descriptor(json: &str) -> Result<SiteDescriptor, DescriptorError> {
    if json.len() > MAX_DESCRIPTOR_BYTES {
        return Err(DescriptorError::TooLarge { size: json.len(), limit: MAX_DESCRIPTOR_BYTES });
    }
    let raw: Value = serde_json::from_str(json).map_err(|error| DescriptorError::Syntax(error.to_string()))?;
    refuse_script_like(&raw, &mut String::new())?;
    let descriptor: SiteDescriptor = serde_path_to_error::deserialize(raw).map_err(|error| {
        let path = error.path().to_string();
        let path = if path == "." { "descriptor".to_owned() } else { path };
        DescriptorError::invalid(path, error.inner().to_string())
    })?;
    check_descriptor(&descriptor)?;
    Ok(descriptor)
}

/// Refuses markup and script URLs in any string, wherever it is: a descriptor only ever needs
/// selectors and plain text, so such content means a mistake or an attack.
fn refuse_script_like(value: &Value, path: &mut String) -> Checked {
    match value {
        Value::String(text) => match script_like_reason(text) {
            Some(reason) => Err(DescriptorError::invalid(display_path(path), reason)),
            None => Ok(()),
        },
        Value::Array(items) => items.iter().enumerate().try_for_each(|(index, item)| {
            with_segment(path, &format!("[{index}]"), |path| refuse_script_like(item, path))
        }),
        Value::Object(entries) => entries.iter().try_for_each(|(key, item)| {
            let segment = if path.is_empty() { key.clone() } else { format!(".{key}") };
            with_segment(path, &segment, |path| refuse_script_like(item, path))
        }),
        _ => Ok(()),
    }
}

fn with_segment(path: &mut String, segment: &str, check: impl FnOnce(&mut String) -> Checked) -> Checked {
    let length = path.len();
    path.push_str(segment);
    let result = check(path);
    path.truncate(length);
    result
}

fn display_path(path: &str) -> String {
    if path.is_empty() {
        "descriptor".to_owned()
    } else {
        path.to_owned()
    }
}

fn script_like_reason(text: &str) -> Option<&'static str> {
    // Browsers ignore whitespace and control characters inside a URL scheme: so do we.
    let squeezed: String =
        text.chars().filter(|c| !c.is_whitespace() && !c.is_control()).flat_map(char::to_lowercase).collect();
    if squeezed.contains('<') {
        return Some("markup ('<') is not allowed in a descriptor");
    }
    let schemes = ["javascript:", "vbscript:", "data:text/html"];
    schemes
        .iter()
        .any(|scheme| squeezed.contains(scheme))
        .then_some("script-like content is not allowed in a descriptor")
}

fn check_descriptor(descriptor: &SiteDescriptor) -> Checked {
    check_id(&descriptor.id)?;
    check_length("name", &descriptor.name, MAX_NAME_CHARS)?;
    check_hosts(descriptor)?;
    check_selector("comments.container", &descriptor.comments.container)?;
    if let Some(replies) = &descriptor.comments.replies {
        check_selector("comments.replies", replies)?;
    }
    for (field, rules) in descriptor.fields.all() {
        check_count(&format!("fields.{}", field.as_str()), rules.len(), MAX_RULES_PER_FIELD)?;
        for (index, rule) in rules.iter().enumerate() {
            check_field_rule(&format!("fields.{}[{index}]", field.as_str()), rule)?;
        }
    }
    check_editors(descriptor)?;
    if let Some(submit) = &descriptor.submit {
        check_selector("submit.selector", &submit.selector)?;
        check_optional_selector("submit.within", submit.within.as_deref())?;
    }
    check_strategies(&descriptor.editor_to_comment)
}

fn check_id(id: &str) -> Checked {
    let well_formed = !id.is_empty()
        && id.len() <= MAX_ID_CHARS
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !well_formed {
        return Err(DescriptorError::invalid(
            "id",
            format!("use 1 to {MAX_ID_CHARS} lowercase letters, digits or '_'"),
        ));
    }
    Ok(())
}

fn check_length(path: &str, text: &str, max: usize) -> Checked {
    let length = text.chars().count();
    if text.trim().is_empty() || length > max {
        return Err(DescriptorError::invalid(path, format!("must have 1 to {max} characters")));
    }
    Ok(())
}

fn check_count(path: &str, count: usize, max: usize) -> Checked {
    if count > max {
        return Err(DescriptorError::invalid(path, format!("{count} entries, the limit is {max}")));
    }
    Ok(())
}

fn check_hosts(descriptor: &SiteDescriptor) -> Checked {
    check_count("hosts", descriptor.hosts.len(), MAX_HOSTS)?;
    if descriptor.hosts.is_empty() && descriptor.id != GENERIC_ID {
        return Err(DescriptorError::invalid("hosts", "a site descriptor needs at least one host"));
    }
    for (index, host) in descriptor.hosts.iter().enumerate() {
        validate_host_pattern(host).map_err(|reason| DescriptorError::invalid(format!("hosts[{index}]"), reason))?;
    }
    Ok(())
}

fn check_selector(path: &str, selector: &str) -> Checked {
    validate_selector(selector).map_err(|error| DescriptorError::invalid(path, error.to_string()))
}

fn check_optional_selector(path: &str, selector: Option<&str>) -> Checked {
    selector.map_or(Ok(()), |selector| check_selector(path, selector))
}

fn check_field_rule(path: &str, rule: &FieldRule) -> Checked {
    if let Anchor::Closest(selector) = &rule.from {
        check_selector(&format!("{path}.from.closest"), selector)?;
    }
    check_optional_selector(&format!("{path}.selector"), rule.selector.as_deref())?;
    check_optional_selector(&format!("{path}.then_closest"), rule.then_closest.as_deref())?;
    if rule.nth > MAX_NTH {
        return Err(DescriptorError::invalid(format!("{path}.nth"), format!("must be at most {MAX_NTH}")));
    }
    if rule.nth > 0 && rule.selector.is_none() {
        return Err(DescriptorError::invalid(
            format!("{path}.nth"),
            "nth picks among a selector's matches: add a selector",
        ));
    }
    check_read(path, rule)?;
    check_count(&format!("{path}.transforms"), rule.transforms.len(), MAX_TRANSFORMS)?;
    for (index, transform) in rule.transforms.iter().enumerate() {
        check_transform(&format!("{path}.transforms[{index}]"), transform)?;
    }
    Ok(())
}

fn check_read(path: &str, rule: &FieldRule) -> Checked {
    match &rule.read {
        Read::Text => Ok(()),
        Read::Attribute(name) => check_attribute_name(&format!("{path}.read.attribute"), name),
        Read::PageUrl if rule.selector.is_some() || rule.from != Anchor::Comment || rule.then_closest.is_some() => {
            Err(DescriptorError::invalid(
                format!("{path}.read"),
                "page_url reads the page itself: remove selector, from and then_closest",
            ))
        }
        Read::PageUrl => Ok(()),
    }
}

/// Attribute names as HTML allows them, minus event handlers (`onclick`...) and `style`,
/// which a descriptor has no reason to read.
fn check_attribute_name(path: &str, name: &str) -> Checked {
    let well_formed = !name.is_empty()
        && name.len() <= 64
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'));
    if !well_formed {
        return Err(DescriptorError::invalid(path, format!("'{name}' is not an attribute name")));
    }
    let lowered = name.to_ascii_lowercase();
    if lowered.starts_with("on") || lowered == "style" {
        return Err(DescriptorError::invalid(path, format!("reading '{name}' is not allowed")));
    }
    Ok(())
}

fn check_transform(path: &str, transform: &Transform) -> Checked {
    let text = match transform {
        Transform::StripPrefix(text)
        | Transform::StripSuffix(text)
        | Transform::Before(text)
        | Transform::After(text) => text,
        Transform::Prepend(text) => return check_length(path, text, MAX_TRANSFORM_TEXT_CHARS),
        Transform::PathSegment(index) if *index > MAX_NTH => {
            return Err(DescriptorError::invalid(path, format!("must be at most {MAX_NTH}")));
        }
        Transform::StripLeadingAt | Transform::StripQuery | Transform::PathSegment(_) => return Ok(()),
    };
    if text.is_empty() || text.chars().count() > MAX_TRANSFORM_TEXT_CHARS {
        return Err(DescriptorError::invalid(path, format!("must have 1 to {MAX_TRANSFORM_TEXT_CHARS} characters")));
    }
    Ok(())
}

fn check_editors(descriptor: &SiteDescriptor) -> Checked {
    if descriptor.editors.is_empty() {
        return Err(DescriptorError::invalid("editors", "at least one reply editor is needed"));
    }
    check_count("editors", descriptor.editors.len(), MAX_EDITORS)?;
    for (index, editor) in descriptor.editors.iter().enumerate() {
        check_selector(&format!("editors[{index}].selector"), &editor.selector)?;
    }
    Ok(())
}

fn check_strategies(strategies: &[CommentStrategy]) -> Checked {
    check_count("editor_to_comment", strategies.len(), MAX_STRATEGIES)?;
    if strategies.is_empty() {
        return Err(DescriptorError::invalid(
            "editor_to_comment",
            "at least one strategy is needed (e.g. \"closest\")",
        ));
    }
    for (index, strategy) in strategies.iter().enumerate() {
        let (name, selector) = match strategy {
            CommentStrategy::Closest => continue,
            CommentStrategy::Preceding { within } => ("preceding.within", within),
            CommentStrategy::AncestorFirst { ancestor } => ("ancestor_first.ancestor", ancestor),
            CommentStrategy::Mention { within } => ("mention.within", within),
        };
        check_selector(&format!("editor_to_comment[{index}].{name}"), selector)?;
    }
    Ok(())
}
