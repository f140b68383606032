//! A rule file compiled for checking: terms in one automaton, regexes built, limits enforced.
//! Everything that can be wrong with a rule is found here, at load, never while checking.

use std::collections::{BTreeMap, HashSet};

use super::draft::{Role, RuleKind, Severity, Venue};
use super::error::{RuleError, RuleProblem};
use super::fold::{fold_with, FoldOptions};
use super::links::{normalise_domain, SHORTENERS};
#[cfg(not(target_arch = "wasm32"))]
use super::load::parse_yaml;
use super::load::{locate, parse_json};
use super::pattern::{self, AnchoredPattern, CompiledPattern};
use super::persona::BUILTIN_PHRASES;
use super::spec::{Detector, LocalizedText, Position, RuleFile, RuleSpec};
use super::terms::{TermIndex, TermIndexBuilder, TermRole};
use crate::core::model::Lang;

/// At most this many rules in one file.
pub const MAX_RULES: usize = 5_000;
/// At most this many terms across all rules (built-in persona phrases included).
pub const MAX_TERMS: usize = 100_000;
/// At most this many characters in one term.
pub const MAX_TERM_CHARS: usize = 200;
/// At most this many characters in one regular expression.
pub const MAX_PATTERN_CHARS: usize = 1_000;
/// At most this many bytes for one compiled regular expression.
pub const MAX_PATTERN_COMPILED_BYTES: usize = 256 * 1024;
/// At most this many characters in a rule id.
pub const MAX_ID_CHARS: usize = 100;

/// A compiled, ready-to-check set of rules.
#[derive(Debug)]
pub struct RuleSet {
    pub(crate) rules: Vec<Rule>,
    pub(crate) terms: TermIndex,
    /// How many required rules there are (each has a slot in the check's state).
    pub(crate) required_slots: usize,
    /// How many pattern rules are tried only where their leading words stand.
    pub(crate) pattern_slots: usize,
    /// Whether a check needs the folded draft (terms, or patterns that look for a literal in it).
    pub(crate) folds_text: bool,
    pub(crate) name: Option<String>,
}

/// One compiled rule.
#[derive(Debug)]
pub(crate) struct Rule {
    pub id: String,
    pub kind: RuleKind,
    pub severity: Severity,
    pub scope: Scope,
    pub message: Option<LocalizedText>,
    pub reason: Option<LocalizedText>,
    pub suggestions: Vec<String>,
    pub detail: Detail,
}

/// What a rule kind needs at check time beyond its terms.
#[derive(Debug)]
pub(crate) enum Detail {
    Terms,
    Required { texts: Vec<String>, conditional: bool, position: Position, separator: String, slot: usize },
    Pattern(CompiledPattern),
    PersonalData(Vec<Detector>),
    Length { max: Option<u32>, limits: BTreeMap<Venue, u32> },
    Links { allowed: Vec<String>, shorteners: Vec<String> },
    Shouting { caps_min_letters: usize, max_repeated_punctuation: usize },
}

/// Where a rule applies, as bit sets (all bits set: everywhere).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scope {
    venues: u16,
    languages: u8,
    roles: u8,
}

impl Scope {
    fn new(spec: &RuleSpec) -> Scope {
        let bits = |positions: &mut dyn Iterator<Item = usize>, all: u16| {
            let set = positions.fold(0u16, |set, p| set | (1 << p));
            if set == 0 {
                all
            } else {
                set
            }
        };
        Scope {
            venues: bits(&mut spec.networks.iter().map(|v| venue_bit(*v)), u16::MAX),
            languages: bits(&mut spec.languages.iter().map(|l| lang_bit(*l)), u16::MAX) as u8,
            roles: bits(&mut spec.roles.iter().map(|r| role_bit(*r)), u16::MAX) as u8,
        }
    }

    /// Whether the rule runs for this draft; with no language known, rules of every language do.
    pub fn allows(&self, venue: Venue, lang: Option<Lang>, role: Role) -> bool {
        self.venues & (1 << venue_bit(venue)) != 0
            && lang.is_none_or(|lang| self.languages & (1 << lang_bit(lang)) != 0)
            && self.roles & (1 << role_bit(role)) != 0
    }
}

fn venue_bit(venue: Venue) -> usize {
    Venue::ALL.iter().position(|v| *v == venue).unwrap_or(0)
}

fn lang_bit(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Fr => 1,
    }
}

fn role_bit(role: Role) -> usize {
    Role::ALL.iter().position(|r| *r == role).unwrap_or(0)
}

impl RuleSet {
    /// Loads and compiles a YAML rule file. Native only: the extension receives rule sets as
    /// JSON (a YAML parser would add ~140 KB to its wasm).
    ///
    /// ```
    /// use tact::core::guidelines::{Draft, Role, RuleSet};
    /// use tact::core::model::Lang;
    ///
    /// let rules = RuleSet::from_yaml("rules:\n  - id: no-cheap\n    kind: forbidden\n    terms: [cheap]\n    suggest: affordable\n")?;
    /// let findings = rules.check(&Draft::new("A cheap fix", None, Lang::En, Role::Agent));
    /// assert_eq!(findings[0].replacements, vec!["affordable".to_owned()]);
    /// # Ok::<(), tact::core::guidelines::RuleError>(())
    /// ```
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_yaml(source: &str) -> Result<RuleSet, RuleError> {
        let file = parse_yaml(source)?;
        RuleSet::compile(&file, Some(source))
    }

    /// Loads and compiles a JSON rule file (same fields as YAML).
    pub fn from_json(source: &str) -> Result<RuleSet, RuleError> {
        let file = parse_json(source)?;
        RuleSet::compile(&file, Some(source))
    }

    /// Compiles rules already read; `source` (the file's text) only serves to give the line
    /// of an error.
    pub fn compile(file: &RuleFile, source: Option<&str>) -> Result<RuleSet, RuleError> {
        if file.rules.len() > MAX_RULES {
            return Err(RuleError::file(RuleProblem::TooManyRules { count: file.rules.len(), max: MAX_RULES }));
        }
        let mut compiler = Compiler::default();
        let mut seen_ids = HashSet::new();
        for spec in &file.rules {
            let occurrence = compiler.occurrences.entry(spec.id.clone()).or_insert(0);
            let this_occurrence = *occurrence;
            *occurrence += 1;
            let locate_line = |error: RuleError| {
                let line = source.and_then(|s| locate(s, &spec.id, this_occurrence, error.field.as_deref()));
                error.at_line(line)
            };
            if !seen_ids.insert(spec.id.as_str()) {
                return Err(locate_line(RuleError::in_rule(&spec.id, "id", RuleProblem::DuplicateId)));
            }
            compiler.add(spec).map_err(locate_line)?;
        }
        let term_count = compiler.terms.term_count();
        if term_count > MAX_TERMS {
            return Err(RuleError::file(RuleProblem::TooManyTerms { count: term_count, max: MAX_TERMS }));
        }
        let terms = compiler.terms.build();
        let folds_text = !terms.is_empty() || compiler.rules.iter().any(Rule::looks_in_folded_text);
        Ok(RuleSet {
            rules: compiler.rules,
            terms,
            required_slots: compiler.required_slots,
            pattern_slots: compiler.pattern_slots,
            folds_text,
            name: file.name.clone(),
        })
    }

    /// How many rules are enabled.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The file's `name`, if it has one.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
}

impl Rule {
    fn looks_in_folded_text(&self) -> bool {
        matches!(self.detail, Detail::Pattern(CompiledPattern::Anywhere { required: Some(_), .. }))
    }
}

#[derive(Default)]
struct Compiler {
    rules: Vec<Rule>,
    terms: TermIndexBuilder,
    required_slots: usize,
    pattern_slots: usize,
    occurrences: std::collections::HashMap<String, usize>,
}

impl Compiler {
    fn add(&mut self, spec: &RuleSpec) -> Result<(), RuleError> {
        check_id(&spec.id)?;
        if !spec.enabled {
            return Ok(());
        }
        let index = self.rules.len();
        let sensitivity = FoldOptions { case: !spec.case_sensitive, accents: !spec.accent_sensitive };
        let mut suggestions = spec.suggest.to_vec();
        let detail = match spec.kind {
            RuleKind::Forbidden | RuleKind::Competitor => {
                self.add_terms(spec, index, TermRole::Flag, &spec.terms, "terms", sensitivity)?;
                Detail::Terms
            }
            RuleKind::Persona => {
                let builtin: Vec<String> =
                    if spec.builtin { BUILTIN_PHRASES.iter().map(|p| (*p).to_owned()).collect() } else { Vec::new() };
                let all: Vec<String> = builtin.into_iter().chain(spec.terms.iter().cloned()).collect();
                self.add_terms(spec, index, TermRole::Flag, &all, "terms", sensitivity)?;
                Detail::Terms
            }
            RuleKind::Preferred => {
                let prefer = spec.prefer.clone().ok_or_else(|| missing(spec, "prefer"))?;
                self.add_terms(spec, index, TermRole::Flag, &spec.instead_of, "instead_of", sensitivity)?;
                suggestions = vec![prefer];
                Detail::Terms
            }
            RuleKind::Required => self.required(spec, index, sensitivity)?,
            RuleKind::Pattern if spec.message.is_none() => return Err(missing(spec, "message")),
            RuleKind::Pattern => Detail::Pattern(self.pattern(spec, index)?),
            RuleKind::PersonalData => Detail::PersonalData(spec.detect.clone()),
            RuleKind::Length => length(spec)?,
            RuleKind::Links => links(spec)?,
            RuleKind::Shouting => Detail::Shouting {
                caps_min_letters: spec.caps_min_letters as usize,
                max_repeated_punctuation: spec.max_repeated_punctuation as usize,
            },
        };
        self.rules.push(Rule {
            id: spec.id.clone(),
            kind: spec.kind,
            severity: spec.severity,
            scope: Scope::new(spec),
            message: spec.message.clone(),
            reason: spec.reason.clone(),
            suggestions,
            detail,
        });
        Ok(())
    }

    fn add_terms(
        &mut self,
        spec: &RuleSpec,
        index: usize,
        role: TermRole,
        terms: &[String],
        field: &str,
        sensitivity: FoldOptions,
    ) -> Result<(), RuleError> {
        if terms.is_empty() {
            return Err(missing(spec, field));
        }
        for term in terms {
            let length = term.chars().count();
            if length > MAX_TERM_CHARS {
                return Err(RuleError::in_rule(
                    &spec.id,
                    field,
                    RuleProblem::TermTooLong { length, max: MAX_TERM_CHARS },
                ));
            }
            if !self.terms.add(index, role, term, spec.whole_words, sensitivity) {
                return Err(RuleError::in_rule(&spec.id, field, RuleProblem::EmptyTerm));
            }
        }
        Ok(())
    }

    fn required(&mut self, spec: &RuleSpec, index: usize, sensitivity: FoldOptions) -> Result<Detail, RuleError> {
        let texts = spec.text.to_vec();
        // "Capital at risk" counts as "Capital at risk.": the final stop is the writer's.
        let presence: Vec<String> =
            texts.iter().map(|t| t.trim().trim_end_matches(['.', '!', ';']).to_owned()).collect();
        self.add_terms(spec, index, TermRole::Presence, &presence, "text", sensitivity)?;
        let conditional = !spec.when_any.is_empty();
        if conditional {
            self.add_terms(spec, index, TermRole::Trigger, &spec.when_any, "when_any", sensitivity)?;
        }
        let slot = self.required_slots;
        self.required_slots += 1;
        let separator = spec.separator.clone().unwrap_or_else(|| " ".to_owned());
        Ok(Detail::Required { texts, conditional, position: spec.position, separator, slot })
    }

    /// Compiles a pattern rule; when its matches all start with a literal word, registers those
    /// words in the term automaton so the check tries the regex only where they stand.
    fn pattern(&mut self, spec: &RuleSpec, index: usize) -> Result<CompiledPattern, RuleError> {
        let regex = compile_pattern(spec)?;
        let source = spec.pattern.as_deref().unwrap_or("");
        let required = pattern::required_literal(source)
            .map(|literal| fold_with(&literal, FoldOptions::FULL))
            .filter(|folded| !folded.is_empty());
        let anywhere = |regex| CompiledPattern::Anywhere { regex, required };
        let Some((words, word_boundary_before)) = pattern::leading_words(source) else {
            return Ok(anywhere(regex));
        };
        let anchored_source = format!("\\A(?:{source})");
        let Ok(anchored) = pattern::build(&anchored_source, spec.case_sensitive, MAX_PATTERN_COMPILED_BYTES) else {
            return Ok(anywhere(regex));
        };
        for word in &words {
            if !self.terms.add(index, TermRole::PatternStart, word, false, FoldOptions::FULL) {
                return Ok(anywhere(regex));
            }
        }
        let slot = self.pattern_slots;
        self.pattern_slots += 1;
        Ok(CompiledPattern::AtPrefixes(AnchoredPattern { anchored, word_boundary_before, slot }))
    }
}

fn missing(spec: &RuleSpec, field: &str) -> RuleError {
    RuleError::in_rule(&spec.id, field, RuleProblem::MissingField { kind: kind_name(spec.kind) })
}

fn kind_name(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::Forbidden => "forbidden",
        RuleKind::Preferred => "preferred",
        RuleKind::Required => "required",
        RuleKind::Pattern => "pattern",
        RuleKind::PersonalData => "personal_data",
        RuleKind::Length => "length",
        RuleKind::Links => "links",
        RuleKind::Shouting => "shouting",
        RuleKind::Competitor => "competitor",
        RuleKind::Persona => "persona",
    }
}

fn check_id(id: &str) -> Result<(), RuleError> {
    let valid = !id.is_empty()
        && id.chars().count() <= MAX_ID_CHARS
        && id.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if valid {
        Ok(())
    } else {
        Err(RuleError::in_rule(id, "id", RuleProblem::InvalidId { max: MAX_ID_CHARS }))
    }
}

/// Builds the rule's regex with size limits, refusing what could not run safely.
fn compile_pattern(spec: &RuleSpec) -> Result<regex::Regex, RuleError> {
    let pattern = spec.pattern.as_deref().ok_or_else(|| missing(spec, "pattern"))?;
    let fail = |problem| RuleError::in_rule(&spec.id, "pattern", problem);
    let length = pattern.chars().count();
    if length > MAX_PATTERN_CHARS {
        return Err(fail(RuleProblem::PatternTooLong { length, max: MAX_PATTERN_CHARS }));
    }
    let regex = pattern::build(pattern, spec.case_sensitive, MAX_PATTERN_COMPILED_BYTES)
        .map_err(|error| fail(RuleProblem::InvalidPattern(regex_error_text(&error))))?;
    if regex.is_match("") {
        return Err(fail(RuleProblem::PatternMatchesEmpty));
    }
    Ok(regex)
}

fn regex_error_text(error: &regex::Error) -> String {
    match error {
        regex::Error::CompiledTooBig(limit) => format!("it compiles to more than {limit} bytes; make it simpler"),
        other => other.to_string().lines().filter(|l| !l.trim().is_empty()).last().unwrap_or("").trim().to_owned(),
    }
}

fn length(spec: &RuleSpec) -> Result<Detail, RuleError> {
    if spec.max == Some(0) || spec.limits.values().any(|&l| l == 0) {
        let field = if spec.max == Some(0) { "max" } else { "limits" };
        return Err(RuleError::in_rule(&spec.id, field, RuleProblem::ZeroLimit));
    }
    Ok(Detail::Length { max: spec.max, limits: spec.limits.clone() })
}

fn links(spec: &RuleSpec) -> Result<Detail, RuleError> {
    let domains = |field: &str, list: &[String]| -> Result<Vec<String>, RuleError> {
        list.iter()
            .map(|d| {
                normalise_domain(d)
                    .ok_or_else(|| RuleError::in_rule(&spec.id, field, RuleProblem::InvalidDomain(d.clone())))
            })
            .collect()
    };
    let allowed = domains("allowed_domains", &spec.allowed_domains)?;
    let mut shorteners = domains("shorteners", &spec.shorteners)?;
    if spec.allow_shorteners {
        shorteners.clear();
    } else {
        shorteners.extend(SHORTENERS.iter().map(|s| (*s).to_owned()));
    }
    Ok(Detail::Links { allowed, shorteners })
}
