//! The console's words, in the language the page asks for (`?lang=fr` or `?lang=en`: a monthly
//! report is printed in the brand's language, whatever the browser's), else the browser's.
//!
//! A chosen language's messages are read from the extension's own `_locales/<lang>/messages.json`
//! (the file `chrome.i18n` reads), so there is one list of strings for both ways.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::web::chrome;

thread_local! {
    static CHOSEN: RefCell<Option<(String, HashMap<String, String>)>> = const { RefCell::new(None) };
}

#[derive(serde::Deserialize)]
struct Entry {
    message: String,
}

/// Loads the messages of `lang` (`fr` or `en`) for the rest of the page's life; any other value,
/// or a file that cannot be read, leaves the browser's language.
pub async fn choose(lang: &str) {
    if lang != "fr" && lang != "en" {
        return;
    }
    let url = format!("{}/_locales/{lang}/messages.json", chrome::extension_origin());
    let Some(text) = fetch_text(&url).await else { return };
    let Ok(entries) = serde_json::from_str::<HashMap<String, Entry>>(&text) else { return };
    let messages = entries.into_iter().map(|(key, entry)| (key, entry.message)).collect();
    CHOSEN.with(|chosen| *chosen.borrow_mut() = Some((lang.to_owned(), messages)));
}

async fn fetch_text(url: &str) -> Option<String> {
    let answer = crate::web::http::send("GET", url, None, None).await.ok()?;
    (answer.status == 200 || answer.status == 0).then_some(answer.body)
}

/// `fr` or `en`: the chosen language, else the browser's.
pub fn lang() -> String {
    CHOSEN
        .with(|chosen| chosen.borrow().as_ref().map(|(lang, _)| lang.clone()))
        .unwrap_or_else(|| if chrome::ui_language().starts_with("fr") { "fr".into() } else { "en".into() })
}

/// The message `key`, with `$1`, `$2`... replaced by `values` (placeholders `$ARG1$` are how
/// the messages file names them).
pub fn say(key: &str, values: &[&str]) -> String {
    let chosen = CHOSEN.with(|chosen| chosen.borrow().as_ref().and_then(|(_, messages)| messages.get(key).cloned()));
    match chosen {
        Some(mut text) => {
            for (index, value) in values.iter().enumerate() {
                text = text.replace(&format!("$ARG{}$", index + 1), value);
            }
            text
        }
        None if values.is_empty() => chrome::message(key),
        None => chrome::message_with(key, values),
    }
}

/// The message `key` with no values.
pub fn word(key: &str) -> String {
    say(key, &[])
}
