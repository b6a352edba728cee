//! # quire-highlight
//!
//! Build-time syntax highlighting: a fast table-driven lexer (`lexer`, `langs`) for the
//! common programming languages, always there, and syntect (Sublime grammars run by Oniguruma, a
//! C library) for everything else, behind the `syntect` feature (on for the `publish` binary).
//! Without it, languages the lexer does not know are plain text.
//!
//! Two views of the same work:
//! - [`highlight_html`] gives HTML with `<span class="hl-…">` classes (for the site and EPUB),
//!   styled by [`theme_css`];
//! - [`highlight_lines`] gives tokens with a coarse [`TokenKind`] per piece of text (for the PDF
//!   renderer, which picks its own colours).
//!
//! Both highlighters use the same scope classes, so one theme styles both. The two themes'
//! stylesheets are embedded (generated from syntect's stock themes, with colours brought to WCAG
//! AA contrast with their background); a test checks they are what syntect gives.
//!
//! Results of the slow highlighter are memoised in a [`BuildCache`] the caller passes in:
//!
//! ```
//! use quire_highlight::{highlight_html, highlight_lines, BuildCache, TokenKind};
//! let cache = BuildCache::new();
//! let html = highlight_html("let x = \"<b>\";\n", "rust", &cache).expect("Rust is known");
//! assert!(html.contains("<span class=\"hl-string\">\"&lt;b&gt;\"</span>"), "{html}");
//! let lines = highlight_lines("// hi\n", "rust");
//! assert_eq!(lines, vec![vec![(TokenKind::Comment, "// hi")]]);
//! assert_eq!(highlight_html("x", "no-such-language", &cache), None);
//! ```

pub mod cache;
#[cfg(feature = "syntect")]
pub mod contrast;
pub mod escape;
#[cfg(feature = "syntect")]
mod grammars;
mod langs;
mod lexer;

pub use cache::{BuildCache, CacheError};
use lexer::Class;

#[cfg(feature = "syntect")]
use syntect::html::ClassStyle;

/// The CSS class prefix of highlighted tokens.
pub const CLASS_PREFIX: &str = "hl-";

#[cfg(feature = "syntect")]
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: CLASS_PREFIX };

/// Without the `syntect` feature: no grammar knows any language.
#[cfg(not(feature = "syntect"))]
mod grammars {
    use crate::TokenLine;

    pub(crate) fn knows(_lang: &str) -> bool {
        false
    }

    pub(crate) fn html(_code: &str, _lang: &str) -> Option<String> {
        None
    }

    pub(crate) fn lines<'a>(_code: &'a str, _lang: &str) -> Option<Vec<TokenLine<'a>>> {
        None
    }
}

/// True when `lang` is a language the highlighter knows.
pub fn knows(lang: &str) -> bool {
    langs::find(lang).is_some() || grammars::knows(lang)
}

/// The name of the lexer language for a fence name, `None` when syntect (or nothing) highlights
/// it.
pub fn lexer_language(lang: &str) -> Option<&'static str> {
    langs::find(lang).map(|l| l.name)
}

/// Highlights `code` as HTML: escaped text with `<span class="hl-…">` tokens (polyglot-safe:
/// only `&amp; &lt; &gt; &quot;` and `&#39;` escapes). `None` for an unknown language or a
/// syntax error in the highlighter (the caller escapes the code itself).
pub fn highlight_html(code: &str, lang: &str, cache: &BuildCache) -> Option<String> {
    if let Some(l) = langs::find(lang) {
        return Some(lexed_html(code, l));
    }
    // The same code is highlighted for every page that shows it (chapter page, print page, EPUB
    // chapter), so results are memoised per (language, code) in the caller's [`BuildCache`],
    // which can also carry them from one build to the next.
    if let Some(hit) = cache.lookup(lang, code) {
        return hit;
    }
    let out = grammars::html(code, lang);
    cache.store(lang, code, &out);
    out
}

/// Highlights every code block of the book's non-draft chapters into the memo, one block per
/// task, longest first. Renderers then only look results up. Rendering highlights per page,
/// so one code-heavy chapter would keep one core busy while the other idles; this balances the
/// work across cores. Blocks already memoised (or cached from the last build) cost a lookup.
pub fn prewarm(book: &quire_core::Book, cache: &BuildCache) {
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
        let _ = highlight_html(code, lang, cache);
    });
}

fn collect_code<'a>(blocks: &'a [quire_core::ast::Block], out: &mut Vec<(&'a str, &'a str)>) {
    use quire_core::ast::BlockKind;
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
                escape::text_into(&mut out, &code[a..b]);
                out.push_str("</span>");
            }
            None => escape::text_into(&mut out, &code[a..b]),
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
    grammars::lines(code, lang).unwrap_or_else(plain)
}

/// Which colour scheme to emit CSS for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Theme {
    /// Light background (InspiredGitHub).
    Light,
    /// Dark background (base16-ocean.dark).
    Dark,
}

/// The embedded stylesheet of `theme` (see the crate documentation).
fn embedded_css(theme: Theme) -> &'static str {
    match theme {
        Theme::Light => include_str!("themes/light.css"),
        Theme::Dark => include_str!("themes/dark.css"),
    }
}

/// CSS rules for the `hl-` classes in `theme`. Every selector is prefixed with `scope` (e.g.
/// `"html.dark "`, or `""` for none), so a dark theme can be switched on by a class. Every
/// colour has at least WCAG AA contrast (4.5:1) with the theme's code background.
pub fn theme_css(theme: Theme, scope: &str) -> String {
    let css = embedded_css(theme);
    if scope.is_empty() {
        return css.to_string();
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
        let html = highlight_html("fn main() { let x = \"<a>\"; }\n", "rust", &BuildCache::new()).expect("known");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("&lt;a&gt;"), "{html}");
        assert!(!html.contains("<a>"));
    }

    #[test]
    fn unknown_language_is_none() {
        assert!(highlight_html("x", "no-such-lang", &BuildCache::new()).is_none());
        assert!(highlight_html("x", "", &BuildCache::new()).is_none());
        assert!(knows("go") && knows("sh") && knows("RUST") && knows("toml"));
        assert!(!knows("asm") && !knows("s"), "Go assembly is not the R language");
        assert_eq!(knows("hbs"), cfg!(feature = "syntect"), "Handlebars is syntect's (as HTML)");
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

    /// The embedded stylesheets are what syntect's stock themes give, with colours brought to
    /// WCAG AA; `UPDATE_SNAPSHOTS=1` rewrites them.
    #[cfg(feature = "syntect")]
    #[test]
    fn embedded_theme_css_is_what_syntect_gives() {
        for (theme, file) in [(Theme::Light, "light.css"), (Theme::Dark, "dark.css")] {
            let generated = grammars::theme_css(theme);
            assert!(generated.contains(".hl-"), "{theme:?}");
            if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
                let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/themes").join(file);
                std::fs::write(path, &generated).expect("writes the stylesheet");
            } else {
                assert_eq!(embedded_css(theme), generated, "{theme:?}: run with UPDATE_SNAPSHOTS=1");
            }
        }
    }

    /// The `(colour, background)` pairs of a theme's CSS: each rule's `color` with the rule's own
    /// `background-color`, else the `hl-code` rule's.
    #[cfg(feature = "syntect")]
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
        let html = highlight_html(code, "golang", &BuildCache::new()).expect("known");
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

    #[cfg(feature = "syntect")]
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
