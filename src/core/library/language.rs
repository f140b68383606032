//! French or English? Guessed from a short social-media comment, to pick the reply's wording.
//!
//! Comments are short, misspelt and often accent-free, so this counts function words
//! (articles, pronouns, prepositions: the words every sentence needs), elisions (`j'ai`,
//! `c'est` / `don't`, `it's`), a few social-media staples (`mdr`, `svp` / `omg`), and French
//! accented letters as a hint. Words both languages share (`a`, `on`, `me`, `ok`) count for
//! neither. When neither language clearly leads, the answer is `None` and the panel keeps the
//! person's default.

use super::model::Lang;

/// Words read at most; the opening of a comment is enough.
const MAX_WORDS: usize = 400;
/// Accented letters count for at most this much (a name like "Hélène" must not decide alone).
const MAX_ACCENT_POINTS: u32 = 3;
/// Least evidence for an answer.
const MIN_POINTS: u32 = 2;

/// Words that mark French: weight 2 for unambiguous function words, 1 for the rest.
#[rustfmt::skip]
const FRENCH: &[(&str, u32)] = &[
    ("le", 2), ("la", 2), ("les", 2), ("des", 2), ("du", 2), ("un", 2), ("une", 2), ("est", 2),
    ("et", 2), ("je", 2), ("tu", 2), ("il", 2), ("nous", 2), ("vous", 2), ("ils", 2), ("elle", 2),
    ("pas", 2), ("ne", 2), ("que", 2), ("qui", 2), ("pour", 2), ("avec", 2), ("dans", 2),
    ("sur", 2), ("mais", 2), ("mon", 2), ("ma", 2), ("mes", 2), ("ton", 1), ("ta", 1), ("tes", 1),
    ("votre", 2), ("vos", 2), ("notre", 2), ("nos", 2), ("ce", 2), ("cette", 2), ("ces", 2),
    ("au", 2), ("aux", 2), ("ça", 2), ("ca", 1), ("merci", 2), ("bonjour", 2), ("bonsoir", 2),
    ("salut", 2), ("toujours", 2), ("depuis", 2), ("très", 2), ("tres", 1), ("trop", 1),
    ("rien", 2), ("jamais", 2), ("encore", 1), ("déjà", 2), ("deja", 1), ("aussi", 2),
    ("quand", 2), ("comment", 1), ("pourquoi", 2), ("où", 2), ("oui", 2), ("non", 1),
    ("svp", 2), ("stp", 2), ("mdr", 2), ("ptdr", 2), ("bcp", 2), ("jsp", 2), ("suis", 2),
    ("sont", 2), ("était", 2), ("etait", 1), ("fait", 1), ("avez", 2), ("avons", 2), ("peux", 2),
    ("peut", 2), ("veux", 2), ("commande", 1), ("livraison", 2), ("colis", 2), ("reçu", 2),
    ("recu", 1), ("bien", 1), ("alors", 2), ("donc", 2), ("vraiment", 2), ("franchement", 2),
    ("chez", 2), ("sans", 1), ("après", 2), ("apres", 1), ("avant", 1), ("moi", 2), ("toi", 2),
    ("lui", 1), ("leur", 2), ("en", 1), ("y", 1), ("aucun", 2), ("aucune", 2), ("personne", 1),
];

/// Words that mark English, weighted the same way.
#[rustfmt::skip]
const ENGLISH: &[(&str, u32)] = &[
    ("the", 2), ("and", 2), ("is", 2), ("are", 2), ("was", 2), ("were", 2), ("be", 1), ("been", 2),
    ("you", 2), ("your", 2), ("i", 2), ("my", 2), ("it", 2), ("this", 2), ("that", 2), ("to", 2),
    ("of", 2), ("for", 2), ("with", 2), ("not", 2), ("have", 2), ("has", 2), ("had", 2),
    ("do", 1), ("does", 2), ("did", 2), ("can", 2), ("could", 2), ("would", 2), ("will", 2),
    ("what", 2), ("why", 2), ("when", 2), ("how", 2), ("who", 2), ("where", 2), ("thanks", 2),
    ("thank", 2), ("please", 2), ("hi", 1), ("hello", 2), ("hey", 1), ("still", 2), ("just", 1),
    ("yet", 2), ("again", 2), ("never", 2), ("any", 2), ("some", 2), ("order", 1), ("got", 2),
    ("get", 2), ("from", 2), ("at", 1), ("by", 1), ("about", 2), ("no", 1), ("yes", 2),
    ("lol", 1), ("omg", 1), ("wtf", 1), ("im", 1), ("dont", 2), ("cant", 2), ("didnt", 2),
    ("doesnt", 2), ("isnt", 2), ("wont", 2), ("its", 1), ("they", 2), ("them", 2), ("their", 2),
    ("we", 2), ("our", 2), ("us", 1), ("he", 2), ("she", 2), ("his", 2), ("her", 2), ("an", 1),
    ("or", 1), ("if", 2), ("but", 2), ("all", 1), ("really", 2), ("very", 2), ("since", 2),
    ("waiting", 2), ("refund", 1), ("delivery", 1), ("love", 1), ("guys", 2), ("there", 2),
];

/// French elisions: the part before the apostrophe in `j'ai`, `c'est`, `qu'il`...
const FRENCH_ELISIONS: &[&str] = &[
    "j", "c", "l", "d", "qu", "n", "s", "m", "t", "jusqu", "lorsqu", "puisqu", "aujourd",
];
/// English contractions: the part after the apostrophe in `don't`, `it's`, `I'm`...
const ENGLISH_CONTRACTIONS: &[&str] = &["t", "s", "m", "re", "ll", "ve", "d"];

/// The comment's language, or `None` if it cannot be told (too short, mixed, emoji only).
pub fn detect_language(text: &str) -> Option<Lang> {
    let mut scores = Scores::default();
    for word in text
        .split(|c: char| !(c.is_alphanumeric() || is_apostrophe(c)))
        .take(MAX_WORDS)
    {
        scores.add_word(&word.to_lowercase());
    }
    scores.add_accents(text);
    scores.verdict()
}

#[derive(Debug, Default)]
struct Scores {
    french: u32,
    english: u32,
}

impl Scores {
    /// Scores one word, which may hold apostrophes (`c'est`, `don’t`).
    fn add_word(&mut self, word: &str) {
        let mut parts = word.split(is_apostrophe).filter(|p| !p.is_empty());
        let Some(first) = parts.next() else { return };
        match parts.next() {
            None => self.add_plain(first),
            Some(second) => {
                if FRENCH_ELISIONS.contains(&first) {
                    self.french += 2;
                    self.add_plain(second);
                } else if ENGLISH_CONTRACTIONS.contains(&second) {
                    self.english += 2;
                    self.add_plain(first);
                }
            }
        }
    }

    fn add_plain(&mut self, word: &str) {
        self.french += weight(FRENCH, word);
        self.english += weight(ENGLISH, word);
    }

    /// Letters English almost never uses count for French, up to a cap.
    fn add_accents(&mut self, text: &str) {
        let accents = text.chars().filter(|c| "éèêëàâçùûüîïôœÉÈÊÀÇ".contains(*c)).count() as u32;
        self.french += accents.min(MAX_ACCENT_POINTS);
    }

    /// A language wins with enough evidence and a clear lead (more than 1.5 times the other).
    fn verdict(&self) -> Option<Lang> {
        let (lead, winner, other) = if self.french >= self.english {
            (self.french, Lang::Fr, self.english)
        } else {
            (self.english, Lang::En, self.french)
        };
        (lead >= MIN_POINTS && 2 * lead > 3 * other).then_some(winner)
    }
}

fn weight(list: &[(&str, u32)], word: &str) -> u32 {
    list.iter().find(|(w, _)| *w == word).map_or(0, |(_, weight)| *weight)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’' || c == 'ʼ'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elisions_count_for_french() {
        assert_eq!(detect_language("j'adore c'est top"), Some(Lang::Fr));
    }

    #[test]
    fn contractions_count_for_english() {
        assert_eq!(detect_language("don't care, it's fine"), Some(Lang::En));
    }

    #[test]
    fn a_tie_is_no_answer() {
        assert_eq!(detect_language("merci thanks"), None);
    }
}
