//! A validator for the subset of CSS selectors a site descriptor may use.
//!
//! Descriptors can come from a team backend, so the agent must not hand arbitrary strings to
//! `querySelector`: a selector that the browser rejects would throw, and exotic syntax would make
//! a descriptor hard to review. This module accepts a documented subset and explains refusals:
//!
//! - type selectors and `*`, `#id`, `.class`;
//! - attribute selectors `[a]`, `[a=v]`, `[a~=v]`, `[a^=v]`, `[a$=v]`, `[a*=v]`, `[a|=v]`, with an
//!   optional ` i` or ` s` flag, the value an identifier or a quoted string;
//! - combinators: descendant (whitespace), `>`, `+`, `~`; selector lists with `,`;
//! - pseudo-classes `:is()`, `:not()`, `:where()`, `:has()` (relative selectors), `:scope`,
//!   `:first-child`, `:last-child`, `:only-child`, `:first-of-type`, `:last-of-type`,
//!   `:only-of-type`, `:empty`, and `:nth-child()` / `:nth-last-child()` / `:nth-of-type()` /
//!   `:nth-last-of-type()` with `odd`, `even` or `An+B`.
//!
//! Anything else (pseudo-elements, `:hover`, namespaces, escapes, comments) is refused.

use std::fmt;

/// Longest selector accepted, in characters.
pub const MAX_SELECTOR_CHARS: usize = 1_000;
/// Deepest nesting of `:is()` / `:not()` / `:where()` / `:has()`.
const MAX_NESTING: usize = 8;

/// Why a selector was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectorError {
    /// Character position where the problem was found (0-based).
    pub position: usize,
    pub reason: String,
}

impl fmt::Display for SelectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.reason, self.position + 1)
    }
}

/// Checks that `selector` is a non-empty selector list within the supported subset.
pub fn validate_selector(selector: &str) -> Result<(), SelectorError> {
    let length = selector.chars().count();
    if length > MAX_SELECTOR_CHARS {
        return Err(SelectorError {
            position: MAX_SELECTOR_CHARS,
            reason: format!("selector is {length} characters long, the limit is {MAX_SELECTOR_CHARS}"),
        });
    }
    check_balance(selector)?;
    let mut parser = Parser { chars: selector.chars().collect(), at: 0, depth: 0 };
    parser.selector_list(false)?;
    parser.skip_whitespace();
    match parser.peek() {
        None => Ok(()),
        Some(c) => Err(parser.error(format!("unexpected '{c}'"))),
    }
}

/// Reports unbalanced brackets and quotes first: it is the commonest hand-editing mistake and
/// the clearest message to give.
fn check_balance(selector: &str) -> Result<(), SelectorError> {
    let mut open: Vec<(char, usize)> = Vec::new();
    let mut quote: Option<(char, usize)> = None;
    let mut escaped = false;
    for (position, c) in selector.chars().enumerate() {
        if let Some((q, _)) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some((c, position)),
            '[' | '(' => open.push((c, position)),
            ']' | ')' => {
                let expected = if c == ']' { '[' } else { '(' };
                match open.pop() {
                    Some((o, _)) if o == expected => {}
                    _ => return Err(SelectorError { position, reason: format!("unbalanced '{c}'") }),
                }
            }
            _ => {}
        }
    }
    if let Some((q, position)) = quote {
        return Err(SelectorError { position, reason: format!("unclosed string starting with {q}") });
    }
    match open.pop() {
        Some((c, position)) => Err(SelectorError { position, reason: format!("unbalanced '{c}'") }),
        None => Ok(()),
    }
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    depth: usize,
}

type Step = Result<(), SelectorError>;

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.at + offset).copied()
    }

    fn error(&self, reason: impl Into<String>) -> SelectorError {
        SelectorError { position: self.at, reason: reason.into() }
    }

    fn skip_whitespace(&mut self) -> bool {
        let start = self.at;
        while self.peek().is_some_and(is_css_whitespace) {
            self.at += 1;
        }
        self.at > start
    }

    fn eat(&mut self, expected: char) -> bool {
        if self.peek() == Some(expected) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// `complex (',' complex)*`; `relative` allows a leading combinator (inside `:has()`).
    fn selector_list(&mut self, relative: bool) -> Step {
        loop {
            self.skip_whitespace();
            self.complex(relative)?;
            self.skip_whitespace();
            if !self.eat(',') {
                return Ok(());
            }
        }
    }

    fn complex(&mut self, relative: bool) -> Step {
        if relative && self.combinator_char().is_some() {
            self.at += 1;
            self.skip_whitespace();
        }
        self.compound()?;
        loop {
            let had_space = self.skip_whitespace();
            if self.combinator_char().is_some() {
                self.at += 1;
                self.skip_whitespace();
                self.compound()?;
            } else if had_space && self.starts_compound() {
                self.compound()?;
            } else {
                return Ok(());
            }
        }
    }

    fn combinator_char(&self) -> Option<char> {
        self.peek().filter(|c| matches!(c, '>' | '+' | '~'))
    }

    fn starts_compound(&self) -> bool {
        self.peek().is_some_and(|c| matches!(c, '*' | '#' | '.' | '[' | ':') || starts_identifier(c))
    }

    fn compound(&mut self) -> Step {
        let start = self.at;
        if self.eat('*') {
            self.refuse_namespace()?;
        } else if self.peek().is_some_and(starts_identifier) {
            self.identifier("element name")?;
            self.refuse_namespace()?;
        }
        loop {
            match self.peek() {
                Some('#') => {
                    self.at += 1;
                    self.identifier("id")?;
                }
                Some('.') => {
                    self.at += 1;
                    self.identifier("class name")?;
                }
                Some('[') => self.attribute()?,
                Some(':') => self.pseudo_class()?,
                _ => break,
            }
        }
        if self.at == start {
            return Err(match self.peek() {
                None => self.error("selector ends where a selector was expected"),
                Some(c) => self.error(format!("unexpected '{c}' where a selector was expected")),
            });
        }
        Ok(())
    }

    fn refuse_namespace(&self) -> Step {
        if self.peek() == Some('|') && self.peek_at(1) != Some('=') {
            return Err(self.error("namespaces are not supported"));
        }
        Ok(())
    }

    fn identifier(&mut self, what: &str) -> Step {
        let start = self.at;
        if self.peek() == Some('\\') {
            return Err(self.error("escapes are not supported"));
        }
        if self.peek() == Some('-') {
            self.at += 1;
        }
        let first_ok = self.peek().is_some_and(|c| starts_identifier(c) || (c == '-' && self.at > start));
        if !first_ok {
            self.at = start;
            return Err(self.error(format!("expected a {what}")));
        }
        while let Some(c) = self.peek() {
            if c == '\\' {
                return Err(self.error("escapes are not supported"));
            }
            if !continues_identifier(c) {
                break;
            }
            self.at += 1;
        }
        Ok(())
    }

    fn attribute(&mut self) -> Step {
        self.at += 1; // '['
        self.skip_whitespace();
        self.identifier("attribute name")?;
        self.refuse_namespace()?;
        self.skip_whitespace();
        if self.eat(']') {
            return Ok(());
        }
        self.attribute_operator()?;
        self.skip_whitespace();
        match self.peek() {
            Some('"') | Some('\'') => self.string()?,
            _ => self.identifier("attribute value (an identifier or a quoted string)")?,
        }
        self.skip_whitespace();
        if matches!(self.peek(), Some('i' | 'I' | 's' | 'S'))
            && self.peek_at(1).is_some_and(|c| c == ']' || is_css_whitespace(c))
        {
            self.at += 1;
            self.skip_whitespace();
        }
        if !self.eat(']') {
            return Err(self.error("expected ']' to close the attribute selector"));
        }
        Ok(())
    }

    fn attribute_operator(&mut self) -> Step {
        if self.eat('=') {
            return Ok(());
        }
        let is_prefixed_equals =
            matches!(self.peek(), Some('~' | '^' | '$' | '*' | '|')) && self.peek_at(1) == Some('=');
        if is_prefixed_equals {
            self.at += 2;
            return Ok(());
        }
        Err(self.error("expected an attribute operator (=, ~=, ^=, $=, *=, |=) or ']'"))
    }

    fn string(&mut self) -> Step {
        let Some(quote) = self.peek() else { return Err(self.error("expected a string")) };
        self.at += 1;
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                '\\' => match self.peek() {
                    Some('\n' | '\r') | None => return Err(self.error("a string may not end with a backslash")),
                    Some(_) => self.at += 1,
                },
                '\n' | '\r' => return Err(self.error("a string may not contain a line break")),
                c if c == quote => return Ok(()),
                _ => {}
            }
        }
        Err(self.error(format!("unclosed string starting with {quote}")))
    }

    fn pseudo_class(&mut self) -> Step {
        self.at += 1; // ':'
        if self.peek() == Some(':') {
            return Err(self.error("pseudo-elements (::) are not supported"));
        }
        let start = self.at;
        self.identifier("pseudo-class name")?;
        let name: String = self.chars[start..self.at].iter().collect::<String>().to_ascii_lowercase();
        let has_arguments = self.peek() == Some('(');
        match (name.as_str(), has_arguments) {
            (
                "scope" | "first-child" | "last-child" | "only-child" | "first-of-type" | "last-of-type"
                | "only-of-type" | "empty",
                false,
            ) => Ok(()),
            ("is" | "not" | "where" | "has", true) => self.nested_list(name == "has"),
            ("nth-child" | "nth-last-child" | "nth-of-type" | "nth-last-of-type", true) => self.nth_arguments(),
            (
                "is" | "not" | "where" | "has" | "nth-child" | "nth-last-child" | "nth-of-type" | "nth-last-of-type",
                false,
            ) => Err(self.error(format!("':{name}' needs arguments in parentheses"))),
            (_, true) | (_, false) if is_known_simple(&name) => {
                Err(self.error(format!("':{name}' takes no arguments")))
            }
            _ => Err(SelectorError { position: start - 1, reason: format!("unsupported pseudo-class ':{name}'") }),
        }
    }

    fn nested_list(&mut self, relative: bool) -> Step {
        if self.depth >= MAX_NESTING {
            return Err(self.error(format!("pseudo-classes are nested more than {MAX_NESTING} deep")));
        }
        self.at += 1; // '('
        self.depth += 1;
        self.selector_list(relative)?;
        self.depth -= 1;
        self.skip_whitespace();
        if !self.eat(')') {
            return Err(self.error("expected ')'"));
        }
        Ok(())
    }

    fn nth_arguments(&mut self) -> Step {
        self.at += 1; // '('
        self.skip_whitespace();
        let start = self.at;
        while self.peek().is_some_and(|c| c != ')') {
            self.at += 1;
        }
        let argument: String = self.chars[start..self.at].iter().collect();
        if !is_nth_expression(argument.trim()) {
            return Err(SelectorError {
                position: start,
                reason: format!("'{}' is not odd, even or An+B", argument.trim()),
            });
        }
        if !self.eat(')') {
            return Err(self.error("expected ')'"));
        }
        Ok(())
    }
}

fn is_known_simple(name: &str) -> bool {
    matches!(
        name,
        "scope"
            | "first-child"
            | "last-child"
            | "only-child"
            | "first-of-type"
            | "last-of-type"
            | "only-of-type"
            | "empty"
    )
}

fn is_css_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

fn starts_identifier(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || !c.is_ascii()
}

fn continues_identifier(c: char) -> bool {
    starts_identifier(c) || c.is_ascii_digit() || c == '-'
}

/// `odd`, `even`, `B`, `An`, `An+B`, `An-B` (A and B integers, signs and spaces allowed around
/// the middle sign only).
fn is_nth_expression(expression: &str) -> bool {
    let lowered = expression.to_ascii_lowercase();
    if lowered == "odd" || lowered == "even" {
        return true;
    }
    let Some((a, b)) = lowered.split_once('n') else {
        return is_signed_integer(&lowered);
    };
    let a_ok = a.is_empty() || a == "+" || a == "-" || is_signed_integer(a);
    let b = b.trim_start();
    let b_ok = b.is_empty()
        || b.strip_prefix(['+', '-']).is_some_and(|digits| {
            let digits = digits.trim_start();
            !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
        });
    a_ok && b_ok
}

fn is_signed_integer(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    !digits.is_empty() && digits.len() <= 9 && digits.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(selector: &str) -> String {
        match validate_selector(selector) {
            Ok(()) => panic!("{selector:?} should be refused"),
            Err(error) => error.reason,
        }
    }

    #[test]
    fn site_markers_are_accepted() {
        for selector in [
            r#"article[data-testid="tweet"]"#,
            r#"[aria-label="Timeline: Conversation"] [data-testid="cellInnerDiv"]"#,
            "ytd-comment-thread-renderer > ytd-comment-view-model",
            "#replies > ytd-comment-replies-renderer",
            r#"div[role=textbox][data-lexical-editor=true]"#,
            ".thing.comment[data-author]",
            r#"[itemtype*=Comment i], li.comment, [id^=comment-]"#,
            "a:has(> time)",
            ":scope > .comment-body",
            "li:nth-child(2n + 1):not(.hidden, :first-child)",
            "p:is(.a, .b):where(:last-of-type) ~ span + em",
            "[lang|=fr]",
            "*",
            "shreddit-comment[depth=\"1\"]",
        ] {
            assert_eq!(validate_selector(selector), Ok(()), "{selector}");
        }
    }

    #[test]
    fn an_unclosed_bracket_is_named() {
        assert_eq!(refusal("a[href"), "unbalanced '['");
        assert_eq!(refusal("a:not(.x"), "unbalanced '('");
        assert_eq!(refusal("a]"), "unbalanced ']'");
    }

    #[test]
    fn pseudo_elements_and_state_pseudo_classes_are_refused() {
        assert_eq!(refusal("p::before"), "pseudo-elements (::) are not supported");
        assert_eq!(refusal("a:hover"), "unsupported pseudo-class ':hover'");
        assert_eq!(refusal("a:first-child(2)"), "':first-child' takes no arguments");
    }

    #[test]
    fn malformed_pieces_are_refused() {
        assert!(refusal("").contains("selector"));
        assert!(refusal("a >").contains("selector was expected"));
        assert!(refusal("a,,b").contains("unexpected ','"));
        assert!(refusal("[a==b]").contains("attribute value"));
        assert!(refusal("li:nth-child(first)").contains("An+B"));
        assert!(refusal("svg|a").contains("namespaces"));
        assert!(refusal(r".a\:b").contains("escapes"));
        assert!(refusal("a /* x */").contains("unexpected '/'"));
    }

    #[test]
    fn deep_nesting_and_long_selectors_are_refused() {
        let deep = format!("{}a{}", ":is(".repeat(20), ")".repeat(20));
        assert!(refusal(&deep).contains("nested"));
        assert!(refusal(&"a".repeat(1_001)).contains("limit is 1000"));
    }

    #[test]
    fn nth_expressions_follow_css() {
        for ok in ["odd", "EVEN", "3", "-n+3", "2n", "2n+1", "2n - 1", "+n"] {
            assert!(is_nth_expression(ok), "{ok}");
        }
        for bad in ["", "n+", "2x", "1.5", "n++1"] {
            assert!(!is_nth_expression(bad), "{bad}");
        }
    }
}
