//! The rules a template and a library must follow, checked at save and at import.

use std::collections::HashMap;

use super::error::LibraryError;
use super::fold::fold;
use super::model::{Lang, Template, TemplateContent, Variant};

/// Longest wording, in characters (a reply longer than this is no longer a reply).
pub const MAX_BODY_CHARS: usize = 10_000;
/// Most templates one library holds; keeps search per keystroke and storage bounded.
pub const MAX_TEMPLATES: usize = 50_000;
/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest shortcut, in characters.
pub const MAX_SHORTCUT_CHARS: usize = 32;
/// Most wordings per template: two languages, each general plus one per network.
pub const MAX_VARIANTS: usize = 16;
const MAX_TAGS: usize = 20;
const MAX_TAG_CHARS: usize = 40;
const MAX_ID_CHARS: usize = 200;

/// The form shortcuts are compared in: case- and accent-insensitive, so `;;Merci` and
/// `;;merci` are the same shortcut and two templates cannot hold both.
pub fn shortcut_key(shortcut: &str) -> String {
    fold(shortcut.trim())
}

/// Whether `c` may appear in a shortcut.
pub fn is_shortcut_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// Checks one template's own content (not its neighbours: see [`validate_library`]).
pub fn validate_content(content: &TemplateContent) -> Result<(), LibraryError> {
    validate_title(&content.title)?;
    validate_shortcut(&content.shortcut)?;
    validate_tags(&content.tags)?;
    validate_variants(&content.variants)
}

/// Checks a whole template: its id and its content.
pub fn validate_template(template: &Template) -> Result<(), LibraryError> {
    let id = template.id.trim();
    if id.is_empty() || id.chars().count() > MAX_ID_CHARS {
        return Err(LibraryError::MissingId);
    }
    validate_content(&template.content())
}

/// Checks a whole library: every template, the size limit, unique ids and shortcuts.
pub fn validate_library(templates: &[Template]) -> Result<(), LibraryError> {
    if templates.len() > MAX_TEMPLATES {
        return Err(LibraryError::TooManyTemplates { count: templates.len() });
    }
    let mut ids: HashMap<&str, ()> = HashMap::with_capacity(templates.len());
    let mut shortcuts: HashMap<String, &str> = HashMap::with_capacity(templates.len());
    for template in templates {
        validate_template(template)?;
        if ids.insert(template.id.as_str(), ()).is_some() {
            return Err(LibraryError::DuplicateId {
                id: template.id.clone(),
            });
        }
        if let Some(used_by) = shortcuts.insert(shortcut_key(&template.shortcut), &template.title) {
            return Err(LibraryError::DuplicateShortcut {
                shortcut: template.shortcut.clone(),
                used_by: used_by.to_owned(),
            });
        }
    }
    Ok(())
}

fn validate_title(title: &str) -> Result<(), LibraryError> {
    let chars = title.trim().chars().count();
    if chars == 0 {
        return Err(LibraryError::MissingTitle);
    }
    if chars > MAX_TITLE_CHARS {
        return Err(LibraryError::TitleTooLong { chars });
    }
    Ok(())
}

fn validate_shortcut(shortcut: &str) -> Result<(), LibraryError> {
    if shortcut.is_empty() {
        return Err(LibraryError::MissingShortcut);
    }
    let starts_well = shortcut.chars().next().is_some_and(char::is_alphanumeric);
    let valid = starts_well && shortcut.chars().count() <= MAX_SHORTCUT_CHARS && shortcut.chars().all(is_shortcut_char);
    if !valid {
        return Err(LibraryError::InvalidShortcut {
            shortcut: shortcut.to_owned(),
        });
    }
    Ok(())
}

fn validate_tags(tags: &[String]) -> Result<(), LibraryError> {
    if tags.len() > MAX_TAGS {
        return Err(LibraryError::TooManyTags);
    }
    match tags
        .iter()
        .find(|tag| tag.trim().is_empty() || tag.chars().count() > MAX_TAG_CHARS)
    {
        Some(tag) => Err(LibraryError::InvalidTag { tag: tag.clone() }),
        None => Ok(()),
    }
}

fn validate_variants(variants: &[Variant]) -> Result<(), LibraryError> {
    if variants.is_empty() {
        return Err(LibraryError::NoVariant);
    }
    if variants.len() > MAX_VARIANTS {
        return Err(LibraryError::TooManyVariants { max: MAX_VARIANTS });
    }
    for (index, variant) in variants.iter().enumerate() {
        validate_body(variant)?;
        let twin = variants[..index]
            .iter()
            .any(|v| v.lang == variant.lang && v.network == variant.network);
        if twin {
            return Err(LibraryError::DuplicateVariant {
                lang: lang_name(variant.lang).to_owned(),
                network: variant
                    .network
                    .map_or_else(|| "every network".to_owned(), |n| format!("{n:?}")),
            });
        }
    }
    Ok(())
}

fn validate_body(variant: &Variant) -> Result<(), LibraryError> {
    let lang = lang_name(variant.lang).to_owned();
    if variant.body.trim().is_empty() {
        return Err(LibraryError::EmptyBody { lang });
    }
    let chars = variant.body.chars().count();
    if chars > MAX_BODY_CHARS {
        return Err(LibraryError::BodyTooLong { lang, chars });
    }
    Ok(())
}

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "French",
        Lang::En => "English",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_compare_without_case_or_accents() {
        assert_eq!(shortcut_key("Réponse-RAPIDE"), "reponse-rapide");
    }

    #[test]
    fn a_shortcut_may_not_start_with_punctuation() {
        assert!(validate_shortcut("-merci").is_err());
        assert!(validate_shortcut("_").is_err());
        assert!(validate_shortcut("merci_2-fr").is_ok());
    }
}
