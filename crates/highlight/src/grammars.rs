//! The syntect half of highlighting (the `syntect` feature): Sublime grammars, run by
//! Oniguruma, for the languages the built-in lexer does not know, and the stock colour themes
//! the embedded stylesheets were generated from.
//!
//! The syntax and theme sets are read-only data, loaded once per process on first use.

use crate::{TokenKind, TokenLine, CLASS_STYLE};
#[cfg(test)]
use crate::{contrast, Theme};
use std::sync::OnceLock;
#[cfg(test)]
use syntect::highlighting::ThemeSet;
#[cfg(test)]
use syntect::html::css_for_theme_with_class_style;
use syntect::html::ClassedHTMLGenerator;
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

#[cfg(test)]
fn theme_set() -> &'static ThemeSet {
    static SET: OnceLock<ThemeSet> = OnceLock::new();
    SET.get_or_init(ThemeSet::load_defaults)
}

/// Common aliases that syntect's default set does not know by token (languages the lexer knows
/// never get here).
fn canonical_lang(lang: &str) -> &str {
    match lang {
        "hbs" | "handlebars" | "vue" | "svelte" | "xhtml" => "html",
        "s" | "asm" | "nasm" => "plain-no-such",
        other => other,
    }
}

/// The syntax for a fenced-code language, `None` when unknown (render as plain text).
fn find_syntax(lang: &str) -> Option<&'static SyntaxReference> {
    let lang = lang.trim();
    if lang.is_empty() {
        return None;
    }
    let lower = lang.to_ascii_lowercase();
    let set = syntax_set();
    set.find_syntax_by_token(canonical_lang(&lower))
        .filter(|s| s.name != "Plain Text")
}

/// True when syntect has a grammar for `lang`.
pub(crate) fn knows(lang: &str) -> bool {
    find_syntax(lang).is_some()
}

/// Highlights `code` as `lang` into classed HTML, `None` when unknown or on a grammar error.
pub(crate) fn html(code: &str, lang: &str) -> Option<String> {
    let syntax = find_syntax(lang)?;
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, syntax_set(), CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        gen.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(gen.finalize())
}

/// Lines of classified tokens from syntect's grammar for `lang`; `None` for a language it does
/// not know or a grammar error (the caller sets the code plain).
pub(crate) fn lines<'a>(code: &'a str, lang: &str) -> Option<Vec<TokenLine<'a>>> {
    let syntax = find_syntax(lang)?;
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut out = Vec::new();
    for line in LinesWithEndings::from(code) {
        let Ok(ops) = state.parse_line(line, syntax_set()) else { return None };
        let content_len = line.trim_end_matches(['\n', '\r']).len();
        let mut ranges: Vec<(TokenKind, usize, usize)> = Vec::new();
        let mut push = |kind: TokenKind, from: usize, to: usize| {
            let to = to.min(content_len);
            if to <= from {
                return;
            }
            match ranges.last_mut() {
                Some((k, _, end)) if *k == kind && *end == from => *end = to,
                _ => ranges.push((kind, from, to)),
            }
        };
        let mut cur = 0;
        for (i, op) in ops {
            if i > cur {
                push(of_stack(&stack), cur, i);
                cur = i;
            }
            if stack.apply(&op).is_err() {
                return None;
            }
        }
        push(of_stack(&stack), cur, line.len());
        let tokens: TokenLine<'a> = ranges.into_iter().map(|(k, a, b)| (k, &line[a..b])).collect();
        out.push(tokens);
    }
    Some(out)
}

/// The kind of the innermost scope of `stack` that maps to one.
fn of_stack(stack: &ScopeStack) -> TokenKind {
    for scope in stack.as_slice().iter().rev() {
        if let Some(k) = of_scope(*scope) {
            return k;
        }
    }
    TokenKind::Plain
}

fn of_scope(scope: Scope) -> Option<TokenKind> {
    let name = scope.build_string();
    let first = name.split('.').next().unwrap_or("");
    let kind = match first {
        "comment" => TokenKind::Comment,
        "string" => TokenKind::String,
        "constant" => TokenKind::Constant,
        "keyword" if name.starts_with("keyword.operator") => TokenKind::Operator,
        "keyword" | "storage" => {
            if name.starts_with("storage.type") && !name.contains("function") {
                TokenKind::Type
            } else {
                TokenKind::Keyword
            }
        }
        "entity" => {
            if name.starts_with("entity.name.function") {
                TokenKind::Function
            } else if name.starts_with("entity.name.tag") || name.starts_with("entity.other.attribute") {
                TokenKind::Tag
            } else if name.starts_with("entity.name") {
                TokenKind::Type
            } else {
                return None;
            }
        }
        "support" => {
            if name.starts_with("support.function") {
                TokenKind::Function
            } else if name.starts_with("support.type") || name.starts_with("support.class") {
                TokenKind::Type
            } else {
                TokenKind::Constant
            }
        }
        "variable" => {
            if name.starts_with("variable.function") {
                TokenKind::Function
            } else {
                TokenKind::Variable
            }
        }
        "punctuation" => {
            if name.starts_with("punctuation.definition.comment") {
                TokenKind::Comment
            } else if name.starts_with("punctuation.definition.string") {
                TokenKind::String
            } else {
                TokenKind::Operator
            }
        }
        "markup" | "meta" if name.starts_with("meta.tag") => TokenKind::Tag,
        _ => return None,
    };
    Some(kind)
}

/// The CSS syntect writes for `theme`'s stock colours, brought to WCAG AA contrast
/// ([`contrast`]). The embedded stylesheets are this, byte for byte (a test checks).
#[cfg(test)]
pub(crate) fn theme_css(theme: Theme) -> String {
    let name = match theme {
        Theme::Light => "InspiredGitHub",
        Theme::Dark => "base16-ocean.dark",
    };
    let Some(t) = theme_set().themes.get(name) else { return String::new() };
    let t = contrast::accessible(t);
    css_for_theme_with_class_style(&t, CLASS_STYLE).unwrap_or_default()
}
