//! Build-time syntax highlighting: a fast table-driven lexer ([`lexer`], [`langs`]) for the
//! common programming languages, syntect (Sublime grammars, Oniguruma) for everything else.
//!
//! Two views of the same work:
//! - [`highlight_html`] gives HTML with `<span class="hl-…">` classes (for the site and EPUB),
//!   styled by [`theme_css`];
//! - [`highlight_lines`] gives tokens with a coarse [`TokenKind`] per piece of text (for the PDF
//!   renderer, which picks its own colours).
//!
//! The syntax and theme sets are loaded once per process. An unknown language is plain text. Both
//! highlighters use the same scope classes, so one theme (from syntect's theme set) styles both.
//! Theme colours are brought to WCAG AA contrast with their background ([`contrast`]).

pub mod contrast;
mod langs;
mod lexer;

use lexer::Class;

use std::sync::OnceLock;
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// The CSS class prefix of highlighted tokens.
pub const CLASS_PREFIX: &str = "hl-";

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: CLASS_PREFIX };

fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

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

/// True when `lang` is a language the highlighter knows.
pub fn knows(lang: &str) -> bool {
    langs::find(lang).is_some() || find_syntax(lang).is_some()
}

/// The name of the lexer language for a fence name, `None` when syntect (or nothing) highlights
/// it.
pub fn lexer_language(lang: &str) -> Option<&'static str> {
    langs::find(lang).map(|l| l.name)
}

/// Highlights `code` as HTML: escaped text with `<span class="hl-…">` tokens (polyglot-safe:
/// only `&amp; &lt; &gt; &quot;` and `&#39;` escapes). `None` for an unknown language or a
/// syntax error in the highlighter (the caller escapes the code itself).
pub fn highlight_html(code: &str, lang: &str) -> Option<String> {
    if let Some(l) = langs::find(lang) {
        return Some(lexed_html(code, l));
    }
    // The same code is highlighted for every page that shows it (chapter page, print page, EPUB
    // chapter), so results are memoised per (language, code); see [`crate::cache`], which can also carry
    // the memo from one build to the next.
    if let Some(hit) = crate::cache::lookup(lang, code) {
        return hit;
    }
    let out = highlight_html_uncached(code, lang);
    crate::cache::store(lang, code, &out);
    out
}

/// Highlights every code block of the book's non-draft chapters into the memo, one block per
/// task, longest first. Renderers then only look results up. Rendering highlights per page,
/// so one code-heavy chapter would keep one core busy while the other idles; this balances the
/// work across cores. Blocks already memoised (or cached from the last build) cost a lookup.
pub fn prewarm(book: &crate::Book) {
    use rayon::prelude::*;
    let mut blocks: Vec<(&str, &str)> = Vec::new();
    for ch in book.chapters.iter().filter(|c| !c.draft) {
        collect_code(&ch.blocks, &mut blocks);
        for f in &ch.footnotes {
            collect_code(&f.blocks, &mut blocks);
        }
    }
    // The lexer is faster than a memo lookup; only syntect's languages are worth prewarming.
    blocks.retain(|(lang, _)| langs::find(lang).is_none());
    blocks.sort_unstable_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.cmp(b)));
    blocks.dedup();
    blocks.par_iter().with_max_len(1).for_each(|(lang, code)| {
        let _ = highlight_html(code, lang);
    });
}

fn collect_code<'a>(blocks: &'a [crate::ast::Block], out: &mut Vec<(&'a str, &'a str)>) {
    use crate::ast::BlockKind;
    for b in blocks {
        match &b.kind {
            BlockKind::CodeBlock { lang: Some(lang), code, .. } if !lang.is_empty() => out.push((lang, code)),
            BlockKind::BlockQuote(bs) | BlockKind::Admonition { blocks: bs, .. } => collect_code(bs, out),
            BlockKind::List { items, .. } => items.iter().for_each(|it| collect_code(&it.blocks, out)),
            BlockKind::DefinitionList(items) => {
                items.iter().flat_map(|it| &it.definitions).for_each(|d| collect_code(d, out));
            }
            _ => {}
        }
    }
}

/// The HTML of `code` lexed as `lang`: classed spans, text escaped as element content.
fn lexed_html(code: &str, lang: &langs::Lang) -> String {
    let mut out = String::with_capacity(code.len() * 2);
    for (class, a, b) in lexer::lex(code, lang) {
        match class.css() {
            Some(css) => {
                out.push_str("<span class=\"");
                out.push_str(css);
                out.push_str("\">");
                crate::markup::escape::text_into(&mut out, &code[a..b]);
                out.push_str("</span>");
            }
            None => crate::markup::escape::text_into(&mut out, &code[a..b]),
        }
    }
    out
}

impl Class {
    /// The `hl-` classes of a lexer class: the scope names syntect would give such a token, so
    /// the themes' rules apply (see the test `every_lexer_class_is_styled`).
    fn css(self) -> Option<&'static str> {
        Some(match self {
            Class::Plain => return None,
            Class::Comment => "hl-comment",
            Class::String => "hl-string",
            Class::Escape => "hl-constant hl-character hl-escape",
            Class::Number => "hl-constant hl-numeric",
            Class::Constant => "hl-constant hl-language",
            Class::Keyword => "hl-keyword",
            Class::Storage => "hl-storage",
            Class::BuiltinType => "hl-storage hl-type",
            Class::Type => "hl-entity hl-name hl-class",
            Class::FunctionDef => "hl-entity hl-name hl-function",
            Class::FunctionCall => "hl-variable hl-function",
            Class::Builtin => "hl-support hl-function",
            Class::Operator => "hl-keyword hl-operator",
            Class::Meta => "hl-entity hl-other hl-attribute-name",
            Class::Key => "hl-entity hl-name hl-tag",
            Class::Variable => "hl-variable hl-other",
        })
    }

    /// The coarse kind for print.
    fn kind(self) -> TokenKind {
        match self {
            Class::Plain => TokenKind::Plain,
            Class::Comment => TokenKind::Comment,
            Class::String | Class::Escape => TokenKind::String,
            Class::Number | Class::Constant => TokenKind::Constant,
            Class::Keyword | Class::Storage => TokenKind::Keyword,
            Class::BuiltinType | Class::Type => TokenKind::Type,
            Class::FunctionDef | Class::FunctionCall | Class::Builtin => TokenKind::Function,
            Class::Operator => TokenKind::Operator,
            Class::Meta | Class::Key => TokenKind::Tag,
            Class::Variable => TokenKind::Variable,
        }
    }
}

/// Lines of `(kind, text)` from the lexer: tokens split at line ends, line endings dropped.
fn lexed_lines<'a>(code: &'a str, lang: &langs::Lang) -> Vec<TokenLine<'a>> {
    // Byte ranges first (adjacent pieces of one kind merged), slices at the end of each line.
    let mut out: Vec<TokenLine<'a>> = Vec::new();
    let mut line: Vec<(TokenKind, usize, usize)> = Vec::new();
    let finish = |line: &mut Vec<(TokenKind, usize, usize)>| -> TokenLine<'a> {
        line.drain(..).map(|(k, a, b)| (k, &code[a..b])).collect()
    };
    for (class, a, b) in lexer::lex(code, lang) {
        let kind = class.kind();
        let mut from = a;
        loop {
            let nl = code[from..b].find('\n').map(|p| from + p);
            let end = nl.unwrap_or(b);
            let end_text = if nl.is_some() && code[from..end].ends_with('\r') { end - 1 } else { end };
            if end_text > from {
                match line.last_mut() {
                    Some((k, _, e)) if *k == kind && *e == from => *e = end_text,
                    _ => line.push((kind, from, end_text)),
                }
            }
            let Some(nl) = nl else { break };
            out.push(finish(&mut line));
            from = nl + 1;
        }
    }
    // `str::lines` has no line after a final line ending.
    if !code.is_empty() && !code.ends_with('\n') {
        out.push(finish(&mut line));
    }
    out
}

fn highlight_html_uncached(code: &str, lang: &str) -> Option<String> {
    let syntax = find_syntax(lang)?;
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, syntax_set(), CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        gen.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(gen.finalize())
}

/// A coarse token class, enough to colour code in print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Anything else.
    Plain,
    /// Comments.
    Comment,
    /// String and character literals.
    String,
    /// Numbers and language constants (`true`, `nil`).
    Constant,
    /// Keywords and storage modifiers.
    Keyword,
    /// Type and class names.
    Type,
    /// Function names (definitions and calls).
    Function,
    /// Operators and punctuation.
    Operator,
    /// Markup tags, attribute names, macros.
    Tag,
    /// Variables and parameters.
    Variable,
}

impl TokenKind {
    /// A stable lower-case name (usable as a CSS class suffix).
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Plain => "plain",
            TokenKind::Comment => "comment",
            TokenKind::String => "string",
            TokenKind::Constant => "constant",
            TokenKind::Keyword => "keyword",
            TokenKind::Type => "type",
            TokenKind::Function => "function",
            TokenKind::Operator => "operator",
            TokenKind::Tag => "tag",
            TokenKind::Variable => "variable",
        }
    }

    /// The kind of the innermost scope of `stack` that maps to one.
    fn of_stack(stack: &ScopeStack) -> TokenKind {
        for scope in stack.as_slice().iter().rev() {
            if let Some(k) = Self::of_scope(*scope) {
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
}

/// One highlighted line: `(kind, text)` pieces whose texts concatenate to the line (without its
/// line ending).
pub type TokenLine<'a> = Vec<(TokenKind, &'a str)>;

/// Splits `code` into lines of classified tokens. An unknown language (or a highlighter error)
/// gives one [`TokenKind::Plain`] token per line.
pub fn highlight_lines<'a>(code: &'a str, lang: &str) -> Vec<TokenLine<'a>> {
    let plain = || {
        code.lines().map(|l| if l.is_empty() { Vec::new() } else { vec![(TokenKind::Plain, l)] }).collect()
    };
    if let Some(l) = langs::find(lang) {
        return lexed_lines(code, l);
    }
    let Some(syntax) = find_syntax(lang) else { return plain() };
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut out = Vec::new();
    for line in LinesWithEndings::from(code) {
        let Ok(ops) = state.parse_line(line, syntax_set()) else { return plain() };
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
                push(TokenKind::of_stack(&stack), cur, i);
                cur = i;
            }
            if stack.apply(&op).is_err() {
                return plain();
            }
        }
        push(TokenKind::of_stack(&stack), cur, line.len());
        let tokens: TokenLine<'a> = ranges.into_iter().map(|(k, a, b)| (k, &line[a..b])).collect();
        out.push(tokens);
    }
    out
}

/// Which colour scheme to emit CSS for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Light background (InspiredGitHub).
    Light,
    /// Dark background (base16-ocean.dark).
    Dark,
}

/// CSS rules for the `hl-` classes in `theme`. Every selector is prefixed with `scope` (e.g.
/// `"html.dark "`, or `""` for none), so a dark theme can be switched on by a class. Every
/// colour has at least [`contrast::TARGET`] contrast with the theme's code background.
pub fn theme_css(theme: Theme, scope: &str) -> String {
    let name = match theme {
        Theme::Light => "InspiredGitHub",
        Theme::Dark => "base16-ocean.dark",
    };
    let Some(t) = theme_set().themes.get(name) else { return String::new() };
    let t = contrast::accessible(t);
    let Ok(css) = css_for_theme_with_class_style(&t, CLASS_STYLE) else { return String::new() };
    if scope.is_empty() {
        return css;
    }
    let mut out = String::with_capacity(css.len() * 2);
    for line in css.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('.') {
            // A selector line, possibly a comma list.
            let sel: Vec<String> = trimmed.split(", ").map(|s| format!("{scope}{s}")).collect();
            out.push_str(&sel.join(", "));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn rust_is_highlighted_with_prefixed_classes() {
        let html = highlight_html("fn main() { let x = \"<a>\"; }\n", "rust").expect("known");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("&lt;a&gt;"), "{html}");
        assert!(!html.contains("<a>"));
    }

    #[test]
    fn unknown_language_is_none() {
        assert!(highlight_html("x", "no-such-lang").is_none());
        assert!(highlight_html("x", "").is_none());
        assert!(knows("go") && knows("sh") && knows("RUST") && knows("toml") && knows("hbs"));
        assert!(!knows("asm") && !knows("s"), "Go assembly is not the R language");
    }

    #[test]
    fn tokens_cover_each_line() {
        let code = "// hi\nfn main() {\n    println!(\"x\");\n}\n";
        let lines = highlight_lines(code, "rust");
        assert_eq!(lines.len(), 4);
        for (l, src) in lines.iter().zip(code.lines()) {
            let joined: String = l.iter().map(|(_, t)| *t).collect();
            assert_eq!(joined, src);
        }
        assert!(lines[0].iter().any(|(k, _)| *k == TokenKind::Comment));
        assert!(lines[1].iter().any(|(k, _)| *k == TokenKind::Keyword));
        assert!(lines[2].iter().any(|(k, _)| *k == TokenKind::String));
        let plain = highlight_lines("a\nb\n", "nope");
        assert_eq!(plain, vec![vec![(TokenKind::Plain, "a")], vec![(TokenKind::Plain, "b")]]);
    }

    #[test]
    fn css_for_both_themes() {
        let light = theme_css(Theme::Light, "");
        let dark = theme_css(Theme::Dark, "html.dark ");
        assert!(light.contains(".hl-"));
        assert!(dark.contains("html.dark .hl-"));
    }

    /// The `(colour, background)` pairs of a theme's CSS: each rule's `color` with the rule's own
    /// `background-color`, else the `hl-code` rule's.
    fn colour_pairs(css: &str) -> Vec<(syntect::highlighting::Color, syntect::highlighting::Color)> {
        let hex = |v: &str| {
            let v = v.trim().trim_start_matches('#').trim_end_matches(';');
            let n = u32::from_str_radix(v, 16).expect("hex colour");
            syntect::highlighting::Color { r: (n >> 16) as u8, g: (n >> 8) as u8, b: n as u8, a: 0xFF }
        };
        let mut rules: Vec<(bool, Option<_>, Option<_>)> = Vec::new();
        for line in css.lines().map(str::trim) {
            if line.ends_with('{') {
                rules.push((line.ends_with(".hl-code {"), None, None));
            } else if let (Some(v), Some(r)) = (line.strip_prefix("background-color:"), rules.last_mut()) {
                r.2 = Some(hex(v));
            } else if let (Some(v), Some(r)) = (line.strip_prefix("color:"), rules.last_mut()) {
                r.1 = Some(hex(v));
            }
        }
        let code_bg = rules.iter().find(|r| r.0).and_then(|r| r.2).expect("a code background");
        rules.iter().filter_map(|r| Some((r.1?, r.2.unwrap_or(code_bg)))).collect()
    }

    /// Every class the lexer emits is coloured by both themes: some rule's selector (a single
    /// compound like `.hl-storage.hl-type`) names only classes the token has, and sets `color`.
    #[test]
    fn every_lexer_class_is_styled() {
        use lexer::Class::*;
        let classes = [Comment, String, Escape, Number, Constant, Keyword, Storage, BuiltinType, Type, FunctionDef,
            FunctionCall, Builtin, Operator, Meta, Key, Variable];
        for theme in [Theme::Light, Theme::Dark] {
            let css = theme_css(theme, "");
            let mut rules: Vec<(Vec<&str>, bool)> = Vec::new();
            let mut block = 0;
            for line in css.lines().map(str::trim) {
                if let Some(sel) = line.strip_suffix('{') {
                    block = rules.len();
                    for compound in sel.split(", ").map(str::trim).filter(|c| !c.contains(' ')) {
                        rules.push((compound.split('.').filter(|c| !c.is_empty()).collect(), false));
                    }
                } else if line.starts_with("color:") {
                    rules[block..].iter_mut().for_each(|r| r.1 = true);
                }
            }
            for class in classes {
                let have: Vec<&str> = class.css().expect("styled class").split(' ').collect();
                let styled = rules.iter().any(|(sel, colour)| *colour && sel.iter().all(|c| have.contains(c)));
                assert!(styled, "{theme:?}: no colour for {class:?} ({have:?})");
            }
        }
    }

    #[test]
    fn lexer_languages_give_escaped_html_and_exact_lines() {
        let code = "// a < b && c\r\nif x := \"<i>\"; x != \"\" {\n\n\treturn\n}";
        let html = highlight_html(code, "golang").expect("known");
        assert!(html.starts_with("<span class=\"hl-comment\">// a &lt; b &amp;&amp; c</span>"), "{html}");
        assert!(html.contains("<span class=\"hl-string\">\"&lt;i&gt;\"</span>"), "{html}");
        assert!(!html.contains("<i>"));
        let lines = highlight_lines(code, "go");
        let joined: Vec<std::string::String> =
            lines.iter().map(|l| l.iter().map(|(_, t)| *t).collect()).collect();
        assert_eq!(joined, code.lines().collect::<Vec<_>>());
        assert_eq!(lines[0], vec![(TokenKind::Comment, "// a < b && c")]);
        assert!(lines[1].contains(&(TokenKind::Keyword, "if")));
        assert_eq!(highlight_lines("x\n", "go").len(), 1);
        assert!(highlight_lines("", "go").is_empty());
    }

    #[test]
    fn every_theme_colour_meets_wcag_aa() {
        for theme in [Theme::Light, Theme::Dark] {
            let pairs = colour_pairs(&theme_css(theme, ""));
            assert!(pairs.len() > 5, "{theme:?}");
            for (fg, bg) in pairs {
                let r = contrast::ratio(fg, bg);
                assert!(r >= contrast::AA, "{theme:?}: {fg:?} on {bg:?} is {r:.2}:1");
            }
        }
    }
}
