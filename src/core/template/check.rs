//! Checking a template before it is saved (in the editor and with `tact check`): parse errors,
//! unknown variables and snippets, misused tags, and length against a network's limit. Each
//! finding points at a line and column.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::ast::{Name, Node};
use super::context::{ReplyContext, KNOWN_VARIABLES};
use super::error::TemplateError;
use super::lang::Lang;
use super::parsed_template::{ensure_not_too_long, Template, MAX_TEMPLATE_CHARS};
use super::position::Position;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The template cannot be used as it is (it does not parse, or is too long).
    Error,
    /// The template renders, but probably not as meant.
    Warning,
}

/// One finding about a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable identifier, such as `unknown-variable` (see the module docs for the list).
    pub code: String,
    /// What is wrong and how to fix it, in English.
    pub message: String,
    /// The same, in French.
    pub message_fr: String,
    /// 1-based line of the tag concerned.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// What a template is checked against.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Names of the team's snippets; `{{> other}}` is reported.
    pub known_partials: BTreeSet<String>,
    /// Snippet bodies by name, used to render the sample for the length check. Their names
    /// count as known too.
    pub partial_sources: HashMap<String, String>,
    /// Variables the caller provides beyond [`KNOWN_VARIABLES`] (dotted names).
    pub extra_variables: Vec<String>,
    /// The network's limit in characters, if any.
    pub max_chars: Option<usize>,
    /// The language of the sample comment used to measure length.
    pub lang: Lang,
    /// Data to measure length with; `None` uses [`ReplyContext::sample`].
    pub sample: Option<Value>,
}

/// Checks `source`, returning its findings ordered by position (empty when all is well).
pub fn check(source: &str, options: &CheckOptions) -> Vec<Diagnostic> {
    if let Err(TemplateError::TooLong { chars, limit }) = ensure_not_too_long(source) {
        let at = Position::of_char_index(source, MAX_TEMPLATE_CHARS);
        let message = format!("the template is {chars} characters long; the limit is {limit}");
        let message_fr = format!("le modèle fait {chars} caractères ; la limite est de {limit}");
        return vec![diagnostic(
            Severity::Error,
            "template-too-long",
            message,
            message_fr,
            at,
        )];
    }
    let template = match Template::parse(source) {
        Ok(template) => template,
        Err(error) => {
            let at = match &error {
                TemplateError::Parse { line, column, .. } => Position {
                    line: *line,
                    column: *column,
                },
                _ => Position { line: 1, column: 1 },
            };
            let mut findings = vec![error_diagnostic(&error, at)];
            findings.extend(source_length_finding(source, options));
            return findings;
        }
    };
    let mut walker = Walker::new(source, options);
    walker.nodes(template.nodes(), &mut vec![Scope::Group(String::new())]);
    let mut findings = walker.findings;
    findings.extend(length_findings(source, &template, options));
    findings.sort_by_key(|finding| (finding.line, finding.column));
    findings
}

fn diagnostic(
    severity: Severity,
    code: &str,
    message: String,
    message_fr: String,
    at: Position,
) -> Diagnostic {
    Diagnostic {
        severity,
        code: code.to_owned(),
        message,
        message_fr,
        line: at.line,
        column: at.column,
    }
}

fn error_diagnostic(error: &TemplateError, at: Position) -> Diagnostic {
    let (message, message_fr) = match error {
        // The position is in the diagnostic's own fields.
        TemplateError::Parse { reason, .. } => (reason.to_string(), reason.message_fr()),
        other => (other.to_string(), other.message_fr()),
    };
    diagnostic(Severity::Error, error.code(), message, message_fr, at)
}

/// Where a name points, for the checker: what Mustache would find with the reply data.
enum Scope {
    /// A group of known variables (`""` is the root, `"author"` the author's).
    Group(String),
    /// Data nobody documented (a section over an unknown name): anything may be inside.
    Opaque,
}

enum Resolution {
    Known(String),
    Unknown,
    Opaque,
}

/// The known variable names, and the groups they form (`author` for `author.name`).
struct Vocabulary {
    variables: BTreeSet<String>,
    groups: BTreeSet<String>,
}

impl Vocabulary {
    fn new(extra: &[String]) -> Self {
        let variables: BTreeSet<String> = KNOWN_VARIABLES
            .iter()
            .map(|name| name.to_string())
            .chain(extra.iter().cloned())
            .collect();
        let mut groups = BTreeSet::from([String::new()]);
        for name in &variables {
            let mut prefix = name.as_str();
            while let Some((head, _)) = prefix.rsplit_once('.') {
                groups.insert(head.to_owned());
                prefix = head;
            }
        }
        Vocabulary { variables, groups }
    }

    fn knows(&self, path: &str) -> bool {
        self.variables.contains(path) || self.groups.contains(path)
    }

    /// The known variable closest to a misspelt name, if close enough to be a typo.
    fn suggestion(&self, name: &str) -> Option<&str> {
        self.variables
            .iter()
            .map(|known| (edit_distance(name, known), known))
            .filter(|(distance, _)| *distance <= 2)
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, known)| known.as_str())
    }
}

fn join(group: &str, name: &str) -> String {
    if group.is_empty() {
        name.to_owned()
    } else {
        format!("{group}.{name}")
    }
}

struct Walker<'a> {
    source: &'a str,
    options: &'a CheckOptions,
    vocabulary: Vocabulary,
    cursors: usize,
    findings: Vec<Diagnostic>,
}

impl<'a> Walker<'a> {
    fn new(source: &'a str, options: &'a CheckOptions) -> Self {
        let vocabulary = Vocabulary::new(&options.extra_variables);
        Walker {
            source,
            options,
            vocabulary,
            cursors: 0,
            findings: Vec::new(),
        }
    }

    fn nodes(&mut self, nodes: &[Node], scopes: &mut Vec<Scope>) {
        for node in nodes {
            match node {
                Node::Text { .. } => {}
                Node::Value { name, offset, .. } => {
                    if let Resolution::Known(path) = self.resolve(name, scopes, *offset, false) {
                        self.report_group_printed(&path, *offset);
                    }
                }
                Node::Section {
                    name,
                    inverted,
                    children,
                    offset,
                } => {
                    let resolution = self.resolve(name, scopes, *offset, true);
                    // An inverted section shows when its value is empty: no new context.
                    let scope = match resolution {
                        _ if *inverted => None,
                        Resolution::Known(path) if self.vocabulary.groups.contains(&path) => {
                            Some(Scope::Group(path))
                        }
                        // Names inside a section over a plain value resolve as outside it.
                        Resolution::Known(_) => None,
                        Resolution::Unknown | Resolution::Opaque => Some(Scope::Opaque),
                    };
                    let pushed = match scope {
                        Some(scope) => {
                            scopes.push(scope);
                            true
                        }
                        None => false,
                    };
                    self.nodes(children, scopes);
                    if pushed {
                        scopes.pop();
                    }
                }
                Node::Partial { name, offset, .. } => self.check_partial(name, *offset),
                Node::Cursor { offset } => self.count_cursor(*offset),
            }
        }
    }

    fn at(&self, offset: usize) -> Position {
        Position::of_offset(self.source, offset)
    }

    fn warn(&mut self, code: &str, message: String, message_fr: String, offset: usize) {
        let at = self.at(offset);
        self.findings
            .push(diagnostic(Severity::Warning, code, message, message_fr, at));
    }

    /// Resolves `name` as Mustache would with reply data, reporting it when unknown.
    fn resolve(
        &mut self,
        name: &Name,
        scopes: &[Scope],
        offset: usize,
        is_section: bool,
    ) -> Resolution {
        let resolution = resolve(&self.vocabulary, name, scopes);
        if matches!(resolution, Resolution::Unknown) {
            self.report_unknown(&name.text, offset, is_section);
        }
        resolution
    }

    fn report_unknown(&mut self, name: &str, offset: usize, is_section: bool) {
        let (effect, effect_fr) = if is_section {
            (
                "so this section would never show",
                "donc cette section ne s'afficherait jamais",
            )
        } else {
            ("so it would print nothing", "donc elle n'afficherait rien")
        };
        let (hint, hint_fr) = match self.vocabulary.suggestion(name) {
            Some(known) => (
                format!(" Did you mean \"{known}\"?"),
                format!(" Vouliez-vous dire « {known} » ?"),
            ),
            None => (String::new(), String::new()),
        };
        let message = format!("\"{name}\" is not a known variable, {effect}.{hint}");
        let message_fr = format!("« {name} » n'est pas une variable connue, {effect_fr}.{hint_fr}");
        self.warn("unknown-variable", message, message_fr, offset);
    }

    /// `{{author}}` prints nothing: the author is a group of variables.
    fn report_group_printed(&mut self, path: &str, offset: usize) {
        if path.is_empty()
            || !self.vocabulary.groups.contains(path)
            || self.vocabulary.variables.contains(path)
        {
            return;
        }
        let members: Vec<&str> = self
            .vocabulary
            .variables
            .iter()
            .filter(|name| {
                name.strip_prefix(path)
                    .is_some_and(|rest| rest.starts_with('.'))
            })
            .map(String::as_str)
            .collect();
        let members = members.join(", ");
        let message =
            format!("\"{path}\" is a group of variables and prints nothing; use one of: {members}");
        let message_fr = format!(
            "« {path} » est un groupe de variables et n'affiche rien ; utilisez plutôt : {members}"
        );
        self.warn("variable-is-a-group", message, message_fr, offset);
    }

    fn check_partial(&mut self, name: &str, offset: usize) {
        let known = self.options.known_partials.contains(name)
            || self.options.partial_sources.contains_key(name);
        if known {
            return;
        }
        let message = format!("no snippet is named \"{name}\", so it would print nothing");
        let message_fr =
            format!("aucun extrait ne s'appelle « {name} », donc il n'afficherait rien");
        self.warn("unknown-snippet", message, message_fr, offset);
    }

    fn count_cursor(&mut self, offset: usize) {
        self.cursors += 1;
        if self.cursors == 2 {
            let message = "only the first cursor mark {{|}} is used; remove the others".to_owned();
            let message_fr =
                "seule la première marque de curseur {{|}} compte ; retirez les autres".to_owned();
            self.warn("several-cursor-marks", message, message_fr, offset);
        }
    }
}

/// Mustache's lookup, on names instead of values: the first part is searched from the
/// innermost context out; the rest must exist inside what it found.
fn resolve(vocabulary: &Vocabulary, name: &Name, scopes: &[Scope]) -> Resolution {
    let Some(first) = name.parts.first() else {
        return match scopes.last() {
            Some(Scope::Group(path)) => Resolution::Known(path.clone()),
            _ => Resolution::Opaque,
        };
    };
    for scope in scopes.iter().rev() {
        let group = match scope {
            Scope::Opaque => return Resolution::Opaque,
            Scope::Group(group) => group,
        };
        if vocabulary.knows(&join(group, first)) {
            let full = join(group, &name.text);
            return if vocabulary.knows(&full) {
                Resolution::Known(full)
            } else {
                Resolution::Unknown
            };
        }
    }
    Resolution::Unknown
}

/// Over-length, measured on the text rendered with a sample comment; when the template cannot
/// render, on its source instead, and the finding says so.
/// The sample is rendered even without a limit, so snippets that fail are reported.
fn length_findings(source: &str, template: &Template, options: &CheckOptions) -> Vec<Diagnostic> {
    let sample = options
        .sample
        .clone()
        .unwrap_or_else(|| ReplyContext::sample(options.lang).to_data(options.lang));
    let text = match template.render(&sample, &options.partial_sources) {
        Ok(text) => text,
        Err(error) => {
            let at = first_partial_position(source, template.nodes(), &error);
            let mut findings = vec![error_diagnostic(&error, at)];
            findings.extend(source_length_finding(source, options));
            return findings;
        }
    };
    let chars = text.chars().count();
    let Some(max) = options.max_chars.filter(|max| chars > *max) else {
        return Vec::new();
    };
    let message = format!(
        "with a sample comment, the reply is {chars} characters long; the limit here is {max} (measured on the rendered text)"
    );
    let message_fr = format!(
        "avec un commentaire d'exemple, la réponse fait {chars} caractères ; la limite ici est de {max} (mesuré sur le texte rendu)"
    );
    let at = Position { line: 1, column: 1 };
    vec![diagnostic(
        Severity::Warning,
        "too-long-for-platform",
        message,
        message_fr,
        at,
    )]
}

/// Over-length measured on the source, pointing at the first character past the limit.
fn source_length_finding(source: &str, options: &CheckOptions) -> Option<Diagnostic> {
    let max = options.max_chars?;
    let chars = source.chars().count();
    if chars <= max {
        return None;
    }
    let message = format!(
        "the template cannot be rendered, so its source was measured: {chars} characters; the limit here is {max}"
    );
    let message_fr = format!(
        "le modèle ne peut pas être rendu, donc sa source a été mesurée : {chars} caractères ; la limite ici est de {max}"
    );
    let at = Position::of_char_index(source, max);
    Some(diagnostic(
        Severity::Warning,
        "too-long-for-platform",
        message,
        message_fr,
        at,
    ))
}

/// Where to point a rendering error: the snippet tag it names, else the first snippet tag,
/// else the start.
fn first_partial_position(source: &str, nodes: &[Node], error: &TemplateError) -> Position {
    let named = match error {
        TemplateError::InSnippet { name, .. } | TemplateError::SnippetsTooDeep { name, .. } => {
            Some(name.as_str())
        }
        _ => None,
    };
    let mut partials = Vec::new();
    collect_partials(nodes, &mut partials);
    let offset = partials
        .iter()
        .find(|(name, _)| Some(*name) == named)
        .or_else(|| partials.first())
        .map_or(0, |(_, offset)| *offset);
    Position::of_offset(source, offset)
}

fn collect_partials<'n>(nodes: &'n [Node], found: &mut Vec<(&'n str, usize)>) {
    for node in nodes {
        match node {
            Node::Partial { name, offset, .. } => found.push((name, *offset)),
            Node::Section { children, .. } => collect_partials(children, found),
            _ => {}
        }
    }
}

/// Levenshtein distance in characters, for typo suggestions on short names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes_at(source: &str, options: &CheckOptions) -> Vec<(String, usize, usize)> {
        check(source, options)
            .into_iter()
            .map(|d| (d.code, d.line, d.column))
            .collect()
    }

    fn finding(code: &str, line: usize, column: usize) -> (String, usize, usize) {
        (code.to_owned(), line, column)
    }

    #[test]
    fn a_template_using_known_variables_has_no_findings() {
        let source = "Bonjour {{author.first_name | à vous}},\n{{#author.handle}}({{author.handle}}){{/author.handle}}\n{{me.name}}, {{brand.name}}, {{today}}";
        assert_eq!(check(source, &CheckOptions::default()), vec![]);
    }

    #[test]
    fn an_unknown_variable_is_reported_at_its_tag_with_a_suggestion() {
        let findings = check("Hi\n  é {{autor.name}}", &CheckOptions::default());
        assert_eq!(findings.len(), 1);
        let finding = &findings[0];
        assert_eq!(
            (finding.code.as_str(), finding.line, finding.column),
            ("unknown-variable", 2, 5)
        );
        assert_eq!(finding.severity, Severity::Warning);
        assert_eq!(
            finding.message,
            "\"autor.name\" is not a known variable, so it would print nothing. Did you mean \"author.name\"?"
        );
        assert!(
            finding
                .message_fr
                .contains("Vouliez-vous dire « author.name » ?"),
            "{}",
            finding.message_fr
        );
    }

    #[test]
    fn names_inside_a_known_group_section_resolve_relative_to_it() {
        assert_eq!(
            codes_at(
                "{{#author}}{{first_name}} {{brand.name}}{{/author}}",
                &CheckOptions::default()
            ),
            vec![]
        );
        assert_eq!(
            codes_at(
                "{{#author}}{{nickname}}{{/author}}",
                &CheckOptions::default()
            ),
            vec![finding("unknown-variable", 1, 12)]
        );
    }

    #[test]
    fn names_inside_a_section_over_an_unknown_list_are_not_reported() {
        let source = "{{#orders}}\n{{id}} {{status}}\n{{/orders}}";
        assert_eq!(
            codes_at(source, &CheckOptions::default()),
            vec![finding("unknown-variable", 1, 1)]
        );
    }

    #[test]
    fn names_inside_an_inverted_unknown_section_are_still_checked() {
        let source = "{{^orders}}{{nope}}{{/orders}}";
        assert_eq!(
            codes_at(source, &CheckOptions::default()),
            vec![
                finding("unknown-variable", 1, 1),
                finding("unknown-variable", 1, 12)
            ]
        );
    }

    #[test]
    fn extra_variables_from_the_caller_are_known() {
        let options = CheckOptions {
            extra_variables: vec!["order.id".into()],
            ..Default::default()
        };
        assert_eq!(codes_at("{{order.id}}", &options), vec![]);
    }

    #[test]
    fn printing_a_group_is_reported() {
        let findings = check("Hi {{author}}", &CheckOptions::default());
        assert_eq!(findings[0].code, "variable-is-a-group");
        assert_eq!((findings[0].line, findings[0].column), (1, 4));
        assert!(
            findings[0]
                .message
                .ends_with("author.first_name, author.handle, author.name"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn an_unknown_snippet_is_reported_and_known_ones_are_not() {
        let options = CheckOptions {
            known_partials: BTreeSet::from(["signature".to_owned()]),
            partial_sources: HashMap::from([("legal".to_owned(), "Terms apply.".to_owned())]),
            ..Default::default()
        };
        assert_eq!(
            codes_at("{{> signature}}\n{{> legal}}\n  {{> sig}}\n", &options),
            vec![finding("unknown-snippet", 3, 3)]
        );
    }

    #[test]
    fn a_parse_error_is_one_error_with_its_position() {
        let findings = check(
            "Hello\n{{#author}}\n{{author.name}}",
            &CheckOptions::default(),
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Error);
        assert_eq!(
            (
                findings[0].code.as_str(),
                findings[0].line,
                findings[0].column
            ),
            ("unclosed-section", 2, 1)
        );
        assert_eq!(
            findings[0].message,
            "the section \"author\" is opened here but never closed with {{/author}}"
        );
    }

    #[test]
    fn over_length_is_measured_on_the_rendered_sample() {
        // 6 characters of source, but the sample comment is much longer than 50 characters.
        let options = CheckOptions {
            max_chars: Some(50),
            ..Default::default()
        };
        let findings = check("{{comment.text}}", &options);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].code, "too-long-for-platform");
        assert!(
            findings[0]
                .message
                .contains("measured on the rendered text"),
            "{}",
            findings[0].message
        );
        let short = CheckOptions {
            max_chars: Some(50),
            ..Default::default()
        };
        assert_eq!(check("{{author.first_name}}, merci !", &short), vec![]);
    }

    #[test]
    fn over_length_of_a_template_that_does_not_parse_is_measured_on_its_source() {
        let options = CheckOptions {
            max_chars: Some(10),
            ..Default::default()
        };
        let findings = check("{{#a}}\nabcdefghij", &options);
        assert_eq!(
            codes_at("{{#a}}\nabcdefghij", &options),
            vec![
                finding("unclosed-section", 1, 1),
                finding("too-long-for-platform", 2, 4)
            ]
        );
        assert!(
            findings[1].message.contains("its source was measured"),
            "{}",
            findings[1].message
        );
    }

    #[test]
    fn a_self_including_snippet_is_reported_at_its_tag() {
        let options = CheckOptions {
            partial_sources: HashMap::from([("loop".to_owned(), "{{> loop}}".to_owned())]),
            max_chars: Some(280),
            ..Default::default()
        };
        assert_eq!(
            codes_at("Hi\n {{> loop}}", &options),
            vec![finding("snippets-too-deep", 2, 2)]
        );
    }

    #[test]
    fn a_snippet_that_does_not_parse_is_reported_even_without_a_length_limit() {
        let options = CheckOptions {
            partial_sources: HashMap::from([("sig".to_owned(), "{{#a}}".to_owned())]),
            ..Default::default()
        };
        let findings = check("Bye\n{{> sig}}", &options);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            (
                findings[0].code.as_str(),
                findings[0].line,
                findings[0].column
            ),
            ("snippet-error", 2, 1)
        );
        assert_eq!(
            findings[0].message,
            "in the snippet \"sig\": line 1, column 1: the section \"a\" is opened here but never closed with {{/a}}"
        );
    }

    #[test]
    fn a_second_cursor_mark_is_reported() {
        assert_eq!(
            codes_at("{{|}} and\n{{|}}", &CheckOptions::default()),
            vec![finding("several-cursor-marks", 2, 1)]
        );
    }

    #[test]
    fn a_template_over_the_size_limit_is_one_error_at_the_first_extra_character() {
        let source = format!("{}\n{}", "a".repeat(9_999), "bc");
        assert_eq!(
            codes_at(&source, &CheckOptions::default()),
            vec![finding("template-too-long", 2, 1)]
        );
    }

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("autor.name", "author.name"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("é", "e"), 1);
    }
}
