//! What can go wrong with a template, in words a community manager can act on (English and
//! French), with a stable code for each kind.

use super::position::Position;

/// Why a template could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseErrorReason {
    #[error("this tag is never closed (expected \"{expected}\" on the same line)")]
    UnclosedTag { expected: String },
    #[error("the section \"{name}\" is opened here but never closed with {{{{/{name}}}}}")]
    UnclosedSection { name: String },
    #[error("{{{{/{name}}}}} closes a section that was never opened")]
    UnexpectedClose { name: String },
    #[error("{{{{/{found}}}}} does not match the open section \"{expected}\" (expected {{{{/{expected}}}}})")]
    MismatchedClose { expected: String, found: String },
    #[error("this tag is empty: put a variable name between the braces")]
    EmptyTag,
    #[error("\"{name}\" is not a valid name: no spaces, and no empty part between dots")]
    BadName { name: String },
    #[error("a change of delimiters needs two delimiters separated by a space, without \"=\", as in {{{{=<% %>=}}}}")]
    BadDelimiters,
    #[error("a fallback (\"| text\") only works in a value tag, as in {{{{author.first_name | there}}}}")]
    MisplacedFallback,
    #[error("sections are nested more than {limit} levels deep")]
    TooDeeplyNested { limit: usize },
}

impl ParseErrorReason {
    /// A stable identifier, for tests, logs and translations.
    pub fn code(&self) -> &'static str {
        match self {
            ParseErrorReason::UnclosedTag { .. } => "unclosed-tag",
            ParseErrorReason::UnclosedSection { .. } => "unclosed-section",
            ParseErrorReason::UnexpectedClose { .. } => "unexpected-close",
            ParseErrorReason::MismatchedClose { .. } => "mismatched-close",
            ParseErrorReason::EmptyTag => "empty-tag",
            ParseErrorReason::BadName { .. } => "bad-name",
            ParseErrorReason::BadDelimiters => "bad-delimiters",
            ParseErrorReason::MisplacedFallback => "misplaced-fallback",
            ParseErrorReason::TooDeeplyNested { .. } => "too-deeply-nested",
        }
    }

    /// The same explanation in French.
    pub fn message_fr(&self) -> String {
        match self {
            ParseErrorReason::UnclosedTag { expected } => {
                format!("cette balise n'est jamais fermée (« {expected} » attendu sur la même ligne)")
            }
            ParseErrorReason::UnclosedSection { name } => {
                format!("la section « {name} » est ouverte ici mais jamais fermée par {{{{/{name}}}}}")
            }
            ParseErrorReason::UnexpectedClose { name } => {
                format!("{{{{/{name}}}}} ferme une section qui n'a jamais été ouverte")
            }
            ParseErrorReason::MismatchedClose { expected, found } => format!(
                "{{{{/{found}}}}} ne correspond pas à la section ouverte « {expected} » ({{{{/{expected}}}}} attendu)"
            ),
            ParseErrorReason::EmptyTag => {
                "cette balise est vide : mettez un nom de variable entre les accolades".to_owned()
            }
            ParseErrorReason::BadName { name } => format!(
                "« {name} » n'est pas un nom valide : pas d'espace, et pas de partie vide entre les points"
            ),
            ParseErrorReason::BadDelimiters => "un changement de délimiteurs demande deux délimiteurs séparés par une espace, sans « = », comme {{=<% %>=}}".to_owned(),
            ParseErrorReason::MisplacedFallback => "une valeur de secours (« | texte ») ne s'utilise que dans une balise de valeur, comme {{author.first_name | toi}}".to_owned(),
            ParseErrorReason::TooDeeplyNested { limit } => {
                format!("les sections sont imbriquées sur plus de {limit} niveaux")
            }
        }
    }
}

/// Why a template could not be parsed or rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// The template does not parse. `line` and `column` are 1-based; the column counts
    /// characters.
    #[error("line {line}, column {column}: {reason}")]
    Parse {
        line: usize,
        column: usize,
        reason: ParseErrorReason,
    },
    /// The template (or a snippet) is longer than the limit; it is refused before parsing.
    #[error("the template is {chars} characters long; the limit is {limit}")]
    TooLong { chars: usize, limit: usize },
    /// A snippet used by the template is refused; `error` says why.
    #[error("in the snippet \"{name}\": {error}")]
    InSnippet {
        name: String,
        error: Box<TemplateError>,
    },
    /// Snippets include each other too deeply, usually a snippet that includes itself.
    #[error(
        "the snippet \"{name}\" is included more than {limit} levels deep; does it include itself?"
    )]
    SnippetsTooDeep { name: String, limit: usize },
    /// The rendered text would be longer than the limit (a huge list, or snippets repeating).
    #[error("the reply would be longer than {limit} characters")]
    OutputTooLong { limit: usize },
    /// Rendering would take too many steps (nested sections over long lists).
    #[error("the template takes too many steps to render (over {limit}); simplify its sections")]
    TooMuchWork { limit: usize },
}

impl TemplateError {
    pub(crate) fn parse(source: &str, offset: usize, reason: ParseErrorReason) -> TemplateError {
        let Position { line, column } = Position::of_offset(source, offset);
        TemplateError::Parse {
            line,
            column,
            reason,
        }
    }

    /// A stable identifier, for tests, logs and translations.
    pub fn code(&self) -> &'static str {
        match self {
            TemplateError::Parse { reason, .. } => reason.code(),
            TemplateError::TooLong { .. } => "template-too-long",
            TemplateError::InSnippet { .. } => "snippet-error",
            TemplateError::SnippetsTooDeep { .. } => "snippets-too-deep",
            TemplateError::OutputTooLong { .. } => "output-too-long",
            TemplateError::TooMuchWork { .. } => "too-much-work",
        }
    }

    /// The message in French (the `Display` impl gives it in English).
    pub fn message_fr(&self) -> String {
        match self {
            TemplateError::Parse { line, column, reason } => {
                format!("ligne {line}, colonne {column} : {}", reason.message_fr())
            }
            TemplateError::TooLong { chars, limit } => {
                format!("le modèle fait {chars} caractères ; la limite est de {limit}")
            }
            TemplateError::InSnippet { name, error } => {
                format!("dans l'extrait « {name} » : {}", error.message_fr())
            }
            TemplateError::SnippetsTooDeep { name, limit } => format!(
                "l'extrait « {name} » est inclus sur plus de {limit} niveaux ; s'inclut-il lui-même ?"
            ),
            TemplateError::OutputTooLong { limit } => {
                format!("la réponse dépasserait {limit} caractères")
            }
            TemplateError::TooMuchWork { limit } => format!(
                "le modèle demande trop d'étapes de rendu (plus de {limit}) ; simplifiez ses sections"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parse_error_says_where_and_why() {
        let error = TemplateError::parse(
            "Hi\n  {{#a}}",
            5,
            ParseErrorReason::UnclosedSection {
                name: "a".to_owned(),
            },
        );
        assert_eq!(
            error.to_string(),
            "line 2, column 3: the section \"a\" is opened here but never closed with {{/a}}"
        );
        assert_eq!(
            error.message_fr(),
            "ligne 2, colonne 3 : la section « a » est ouverte ici mais jamais fermée par {{/a}}"
        );
        assert_eq!(error.code(), "unclosed-section");
    }

    #[test]
    fn a_snippet_error_names_the_snippet() {
        let inner = TemplateError::TooLong {
            chars: 10_001,
            limit: 10_000,
        };
        let error = TemplateError::InSnippet {
            name: "signature".to_owned(),
            error: Box::new(inner),
        };
        assert_eq!(
            error.to_string(),
            "in the snippet \"signature\": the template is 10001 characters long; the limit is 10000"
        );
    }
}
