//! Guessing a first name from a display name, for greetings.
//!
//! Display names on social sites are messy: emoji, handles, titles, capitals. When no sensible
//! first name can be read, the result is empty, so the template's fallback
//! (`{{author.first_name | there}}`) is used instead of a wrong name.

/// Courtesy titles skipped before the first name ("Dr Marie Curie" greets "Marie").
const TITLES: [&str; 13] = [
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "m", "mme", "mlle", "pr", "me",
];

/// The first name in `display_name`, or an empty string when there is none to trust.
///
/// - "Marie-Claire Dupont" gives "Marie-Claire"; "🌸 Élodie Martin 🌸" gives "Élodie";
/// - "jean-luc picard" gives "Jean-Luc" and "ÉLODIE MARTIN" gives "Élodie";
/// - "Dr Marie Curie" gives "Marie", but "Dr Curie" gives "" (a surname is not a first name);
/// - "@marie_d", "marie_d92", "J. Smith" and "🌸🌸" give "".
pub fn first_name_from_display_name(display_name: &str) -> String {
    let words: Vec<&str> = display_name.split_whitespace().collect();
    let mut after_title = false;
    for (index, word) in words.iter().enumerate() {
        if word.starts_with('@') {
            return String::new();
        }
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        if core.is_empty() {
            continue;
        }
        if TITLES.contains(&core.to_lowercase().as_str()) && !after_title {
            after_title = true;
            continue;
        }
        let is_last_word = !words[index + 1..]
            .iter()
            .any(|rest| rest.chars().any(char::is_alphanumeric));
        if after_title && is_last_word {
            return String::new();
        }
        return first_name_from_word(core);
    }
    String::new()
}

/// The word as a first name, or "" when it looks like a handle or an initial.
fn first_name_from_word(word: &str) -> String {
    let looks_like_handle = word.chars().any(|c| c.is_numeric() || c == '_' || c == '@');
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if looks_like_handle || letters < 2 {
        return String::new();
    }
    let name: String = word
        .chars()
        .filter(|&c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        .collect();
    normalize_case(&name)
}

/// "jean-luc" and "JEAN-LUC" become "Jean-Luc"; mixed case ("McKenzie") and short capitals
/// ("JP") are left as their owner wrote them.
fn normalize_case(name: &str) -> String {
    let cased: Vec<char> = name
        .chars()
        .filter(|c| c.is_lowercase() || c.is_uppercase())
        .collect();
    let all_lower = !cased.is_empty() && cased.iter().all(|c| c.is_lowercase());
    let all_upper = cased.len() >= 3 && cased.iter().all(|c| c.is_uppercase());
    if !all_lower && !all_upper {
        return name.to_owned();
    }
    let mut result = String::with_capacity(name.len());
    let mut starts_part = true;
    for character in name.chars() {
        if starts_part {
            result.extend(character.to_uppercase());
        } else {
            result.extend(character.to_lowercase());
        }
        starts_part = character == '-';
    }
    result
}

#[cfg(test)]
mod tests {
    use super::first_name_from_display_name as first_name;

    #[test]
    fn a_compound_first_name_is_kept_whole() {
        assert_eq!(first_name("Marie-Claire Dupont"), "Marie-Claire");
    }

    #[test]
    fn a_handle_alone_gives_no_first_name() {
        assert_eq!(first_name("@mcdupont"), "");
        assert_eq!(first_name("  @mcdupont  "), "");
        assert_eq!(first_name("marie_d92"), "");
    }

    #[test]
    fn emoji_around_and_inside_a_name_are_dropped() {
        assert_eq!(first_name("🌸 Élodie Martin 🌸"), "Élodie");
        assert_eq!(first_name("✨Zoé✨ Blanc"), "Zoé");
        assert_eq!(first_name("🔥🔥 🚀"), "");
    }

    #[test]
    fn lower_case_and_shouted_names_are_capitalized() {
        assert_eq!(first_name("jean-luc picard"), "Jean-Luc");
        assert_eq!(first_name("ÉLODIE MARTIN"), "Élodie");
        assert_eq!(first_name("JP Martin"), "JP");
        assert_eq!(first_name("DeShawn Lee"), "DeShawn");
    }

    #[test]
    fn titles_are_skipped_but_a_lone_surname_is_not_a_first_name() {
        assert_eq!(first_name("Dr Marie Curie"), "Marie");
        assert_eq!(first_name("Mme. Dupont"), "");
        assert_eq!(first_name("M. Dupont 🌸"), "");
    }

    #[test]
    fn initials_are_not_first_names() {
        assert_eq!(first_name("J. Smith"), "");
    }

    #[test]
    fn apostrophes_stay_in_the_name() {
        assert_eq!(first_name("D'Arcy O'Brien"), "D'Arcy");
    }

    #[test]
    fn names_without_case_are_kept() {
        assert_eq!(first_name("山田太郎"), "山田太郎");
    }

    #[test]
    fn an_empty_name_gives_no_first_name() {
        assert_eq!(first_name(""), "");
        assert_eq!(first_name("   "), "");
    }
}
