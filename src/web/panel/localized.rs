//! What the panel's library tools say, in the browser's language: messages with values in
//! them, and the library's refusals (which the core words in English only).

use crate::core::library::{Lang, LibraryError, Network, MAX_BODY_CHARS, MAX_TEMPLATES, MAX_TITLE_CHARS};
use crate::web::{chrome, clock};

pub use crate::web::chrome::message_with;

/// Whether the panel speaks French (the browser's language).
pub fn in_french() -> bool {
    clock::ui_lang() == Lang::Fr
}

/// "French" or "English", in the UI language.
pub fn lang_label(lang: Lang) -> String {
    chrome::message(match lang {
        Lang::Fr => "editorLangFr",
        Lang::En => "editorLangEn",
    })
}

/// The network's name as people write it (the same in both languages).
pub fn network_label(network: Network) -> &'static str {
    match network {
        Network::X => "X",
        Network::Linkedin => "LinkedIn",
        Network::Facebook => "Facebook",
        Network::Instagram => "Instagram",
        Network::Youtube => "YouTube",
        Network::Reddit => "Reddit",
        Network::Tiktok => "TikTok",
    }
}

/// One wording's name: "French" or "French, for X".
pub fn variant_label(lang: Lang, network: Option<Network>) -> String {
    match network {
        None => lang_label(lang),
        Some(network) => message_with("editorVariantForNetwork", &[&lang_label(lang), network_label(network)]),
    }
}

/// Why the library refused a change, in the UI language. Refusals the editor cannot cause
/// (they come from damaged files) keep the core's English wording.
pub fn library_error(error: &LibraryError) -> String {
    let number = |value: usize| value.to_string();
    match error {
        LibraryError::MissingTitle => chrome::message("errMissingTitle"),
        LibraryError::TitleTooLong { chars } => message_with("errTitleTooLong", &[&number(*chars), &number(MAX_TITLE_CHARS)]),
        LibraryError::MissingShortcut => chrome::message("errMissingShortcut"),
        LibraryError::InvalidShortcut { shortcut } => message_with("errInvalidShortcut", &[shortcut]),
        LibraryError::DuplicateShortcut { shortcut, used_by } => message_with("errDuplicateShortcut", &[shortcut, used_by]),
        LibraryError::InvalidTag { tag } => message_with("errInvalidTag", &[tag]),
        LibraryError::TooManyTags => chrome::message("errTooManyTags"),
        LibraryError::NoVariant => chrome::message("errNoVariant"),
        LibraryError::BodyTooLong { chars, .. } => message_with("errBodyTooLong", &[&number(*chars), &number(MAX_BODY_CHARS)]),
        LibraryError::TooManyTemplates { count } => message_with("errTooManyTemplates", &[&number(*count), &number(MAX_TEMPLATES)]),
        LibraryError::TeamTemplate { title } => message_with("errTeamTemplate", &[title]),
        LibraryError::NotALibrary { reason } => message_with("errNotALibrary", &[reason]),
        LibraryError::UnsupportedVersion { found } => message_with("errUnsupportedVersion", &[&found.to_string()]),
        LibraryError::InvalidEntries { rejected } => {
            let entries: Vec<String> = rejected
                .iter()
                .take(3)
                .map(|entry| message_with("errRejectedEntry", &[&number(entry.index + 1), &entry.reason]))
                .collect();
            let more = rejected.len().saturating_sub(3);
            let mut text = message_with("errInvalidEntries", &[&number(rejected.len()), &entries.join("; ")]);
            if more > 0 {
                text.push(' ');
                text.push_str(&message_with("errMoreRejected", &[&number(more)]));
            }
            text
        }
        other => other.to_string(),
    }
}
