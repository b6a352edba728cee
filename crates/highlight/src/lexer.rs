//! A table-driven lexer for common programming languages: one pass over the bytes, no regular
//! expressions, no backtracking.
//!
//! syntect's Sublime grammars are exact but slow: about 80 000 lines a second here, so a
//! code-heavy book (advanced-go-programming-book: 8 800 lines in 620 blocks) spends more CPU
//! highlighting than doing everything else in an HTML build. The languages that make up most of
//! the code in books (see [`super::langs`]) are lexed here instead, at tens of megabytes a
//! second, the way highlight.js or Prism do: comments, strings with escapes, numbers, keywords
//! and builtins from tables, and a few context rules (a name before `(` is a call, the name after
//! `func`/`def`/`fn` is a definition, the name after `type`/`class`/`struct` is a type, keys in
//! JSON/YAML/TOML). Everything else (markup, embedded languages) stays with syntect.
//!
//! Tokens cover the input exactly, in order, and never split a UTF-8 character: every boundary
//! is at an ASCII byte or at the end of a run of non-ASCII bytes.

use super::langs::{Keys, Lang};

/// What a piece of code is, finer than [`super::TokenKind`] so the HTML can use the theme's
/// scope classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    /// Whitespace, punctuation, names without a role.
    Plain,
    /// A comment.
    Comment,
    /// A string or character literal.
    String,
    /// An escape sequence inside a string.
    Escape,
    /// A numeric literal.
    Number,
    /// A language constant (`true`, `nil`, `None`) or a symbol.
    Constant,
    /// A control or other keyword.
    Keyword,
    /// A declaration keyword (`var`, `func`, `struct`, `static`).
    Storage,
    /// A built-in type (`int`, `string`).
    BuiltinType,
    /// A user type: the name after `type`/`class`, or a capitalised name where that means a type.
    Type,
    /// The name of a function being defined.
    FunctionDef,
    /// The name of a function being called.
    FunctionCall,
    /// A built-in function or command.
    Builtin,
    /// An operator.
    Operator,
    /// A preprocessor directive, attribute, annotation or decorator.
    Meta,
    /// A key in a map or config file.
    Key,
    /// A variable with a sigil (`$HOME`, `@name`).
    Variable,
}

/// Lexes `code` as `lang`: `(class, start, end)` byte ranges that cover `code` in order, adjacent
/// ranges of one class merged.
pub fn lex(code: &str, lang: &Lang) -> Vec<(Class, usize, usize)> {
    let mut lx = Lexer {
        s: code.as_bytes(),
        lang,
        i: 0,
        out: Vec::with_capacity(code.len() / 4),
        line_blank: true,
        pending: None,
        heredocs: Vec::new(),
        folded: String::new(),
    };
    lx.run();
    lx.out
}

struct Lexer<'a> {
    s: &'a [u8],
    lang: &'a Lang,
    i: usize,
    out: Vec<(Class, usize, usize)>,
    /// Only whitespace (and YAML's `- `) so far on this line.
    line_blank: bool,
    /// The class of the next name, after `func`, `class` and the like.
    pending: Option<Class>,
    /// Here-documents opened on this line: terminator and whether leading tabs are stripped.
    heredocs: Vec<(&'a [u8], bool)>,
    /// Scratch for case-folding keywords.
    folded: String,
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

impl<'a> Lexer<'a> {
    fn push(&mut self, class: Class, from: usize, to: usize) {
        if to <= from {
            return;
        }
        match self.out.last_mut() {
            Some((c, _, end)) if *c == class && *end == from => *end = to,
            _ => self.out.push((class, from, to)),
        }
    }

    fn at(&self, j: usize) -> u8 {
        self.s.get(j).copied().unwrap_or(0)
    }

    fn eol(&self, from: usize) -> usize {
        self.s[from..].iter().position(|&c| c == b'\n').map_or(self.s.len(), |p| from + p)
    }

    fn run(&mut self) {
        let n = self.s.len();
        while self.i < n {
            let c = self.s[self.i];
            if c == b'\n' {
                self.push(Class::Plain, self.i, self.i + 1);
                self.i += 1;
                self.line_blank = true;
                self.pending = None;
                if !self.heredocs.is_empty() {
                    self.heredoc_bodies();
                }
                continue;
            }
            if matches!(c, b' ' | b'\t' | b'\r') {
                self.push(Class::Plain, self.i, self.i + 1);
                self.i += 1;
                continue;
            }
            let line_start = std::mem::replace(&mut self.line_blank, false);
            if self.comment() {
                continue;
            }
            self.token(c, line_start);
        }
    }

    /// One token that is not whitespace or a comment.
    fn token(&mut self, c: u8, line_start: bool) {
        let lang = self.lang;
        let i = self.i;
        if c == b'#' && line_start && lang.preprocessor {
            self.preprocessor();
        } else if c == b'#' && lang.hash_attributes && matches!(self.at(i + 1), b'[' | b'!') {
            self.bracketed(i + 1, Class::Meta);
        } else if c == b'[' && line_start && lang.keys == Keys::Ini {
            self.bracketed(i, Class::Type);
        } else if Some(c) == lang.annotation && is_ident_start(self.at(i + 1)) {
            let mut j = i + 1;
            while is_ident(self.at(j)) || (self.at(j) == b'.' && is_ident_start(self.at(j + 1))) {
                j += 1;
            }
            self.push(Class::Meta, i, j);
            self.i = j;
        } else if c == b'@' && lang.verbatim_at && self.at(i + 1) == b'"' {
            self.string(i, i + 1, true);
        } else if lang.sigils.contains(&c) && self.variable() {
        } else if lang.quotes.contains(&c) || lang.raw_quotes.contains(&c) {
            self.string(i, i, false);
        } else if c.is_ascii_digit() || (c == b'.' && self.at(i + 1).is_ascii_digit()) {
            self.number();
        } else if is_ident_start(c) || lang.ident_start.contains(&c) {
            self.word(line_start);
        } else if lang.heredocs && c == b'<' && self.heredoc_start() {
        } else if c == b'-' && lang.keys == Keys::Yaml && line_start && matches!(self.at(i + 1), b' ' | b'\n' | 0) {
            self.push(Class::Operator, i, i + 1);
            self.i += 1;
            self.line_blank = true;
        } else if lang.operators.contains(&c) {
            let mut j = i + 1;
            while lang.operators.contains(&self.at(j)) && !self.comment_at(j) {
                j += 1;
            }
            self.push(Class::Operator, i, j);
            self.i = j;
        } else {
            if matches!(c, b'{' | b';' | b'=') {
                self.pending = None;
            }
            self.push(Class::Plain, i, i + 1);
            self.i += 1;
        }
    }

    /// Whether a comment starts at `j`.
    fn comment_at(&self, j: usize) -> bool {
        self.block_comment_at(j).is_some() || self.line_comment_at(j)
    }

    /// The block comment delimiters when one opens at `j`.
    fn block_comment_at(&self, j: usize) -> Option<(&'static [u8], &'static [u8])> {
        let (open, close) = self.lang.block_comment?;
        self.s[j..].starts_with(open.as_bytes()).then_some((open.as_bytes(), close.as_bytes()))
    }

    /// Whether a line comment starts at `j`.
    fn line_comment_at(&self, j: usize) -> bool {
        let rest = &self.s[j..];
        self.lang.line_comments.iter().any(|m| rest.starts_with(m.as_bytes())) && self.comment_may_start(j)
    }

    /// Shell-like languages only start a comment at the start of a word (`$#` and `a#b` are not).
    fn comment_may_start(&self, j: usize) -> bool {
        !self.lang.comment_after_space || j == 0 || matches!(self.s[j - 1], b' ' | b'\t' | b'\n' | b';' | b'(' | b'&' | b'|')
    }

    fn comment(&mut self) -> bool {
        let (s, i) = (self.s, self.i);
        if let Some((open, close)) = self.block_comment_at(i) {
            let mut depth = 1;
            let mut j = i + open.len();
            while j < s.len() {
                if self.lang.nested_comments && s[j..].starts_with(open) {
                    depth += 1;
                    j += open.len();
                } else if s[j..].starts_with(close) {
                    j += close.len();
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            let j = j.min(s.len());
            self.push(Class::Comment, i, j);
            self.i = j;
            return true;
        }
        if self.line_comment_at(i) {
            let end = self.eol(i);
            let end = if s[i..end].ends_with(b"\r") { end - 1 } else { end };
            self.push(Class::Comment, i, end);
            self.i = end;
            return true;
        }
        false
    }

    /// `#include <x>`, `#define`, … at a line start: the directive, and an include's path as a
    /// string. The rest of the line is lexed as code.
    fn preprocessor(&mut self) {
        let i = self.i;
        let mut j = i + 1;
        while matches!(self.at(j), b' ' | b'\t') {
            j += 1;
        }
        let word = j;
        while self.at(j).is_ascii_alphabetic() {
            j += 1;
        }
        self.push(Class::Meta, i, j);
        let s = self.s;
        let directive = &s[word..j];
        self.i = j;
        if directive == b"include" || directive == b"import" {
            while matches!(self.at(j), b' ' | b'\t') {
                j += 1;
            }
            if self.at(j) == b'<' {
                let end = self.s[j..].iter().position(|&c| c == b'>' || c == b'\n').map_or(self.s.len(), |p| j + p);
                let end = if self.at(end) == b'>' { end + 1 } else { end };
                self.push(Class::Plain, self.i, j);
                self.push(Class::String, j, end);
                self.i = end;
            }
        }
    }

    /// From the `[` at `open` to its matching `]` (Rust attributes, INI sections), as `class`.
    fn bracketed(&mut self, open: usize, class: Class) {
        let mut depth = 0usize;
        let mut j = open;
        while j < self.s.len() {
            match self.s[j] {
                b'[' => depth += 1,
                b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        j += 1;
                        break;
                    }
                }
                b'\n' if class == Class::Type => break,
                _ => {}
            }
            j += 1;
        }
        self.push(class, self.i, j);
        self.i = j;
    }

    /// `$name`, `${…}`, `$1`, `@ivar`: true when one was consumed.
    fn variable(&mut self) -> bool {
        let i = self.i;
        let Some(end) = self.variable_end(i) else { return false };
        self.push(Class::Variable, i, end);
        self.i = end;
        true
    }

    fn variable_end(&self, i: usize) -> Option<usize> {
        let sigil = self.s[i];
        let mut j = i + 1;
        while self.at(j) == sigil && sigil == b'@' {
            j += 1;
        }
        let c = self.at(j);
        if c == b'{' && sigil == b'$' {
            let close = self.s[j..].iter().position(|&c| c == b'}' || c == b'\n')?;
            return Some(if self.s[j + close] == b'}' { j + close + 1 } else { j + close });
        }
        if is_ident_start(c) {
            while is_ident(self.at(j)) {
                j += 1;
            }
            return Some(j);
        }
        if sigil == b'$' && (c.is_ascii_digit() || matches!(c, b'@' | b'*' | b'#' | b'?' | b'$' | b'!')) {
            return Some(j + 1);
        }
        None
    }

    fn number(&mut self) {
        let i = self.i;
        let hex = self.s[i] == b'0' && matches!(self.at(i + 1), b'x' | b'X');
        let mut j = i + 1;
        loop {
            let c = self.at(j);
            if c.is_ascii_alphanumeric() || c == b'_' {
                j += 1;
                if !hex && matches!(c, b'e' | b'E') && matches!(self.at(j), b'+' | b'-') {
                    j += 1;
                }
            } else if c == b'.' && self.at(j + 1).is_ascii_digit() {
                j += 1;
            } else {
                break;
            }
        }
        self.push(Class::Number, i, j);
        self.i = j;
    }

    /// A string whose text starts at `start` (a prefix such as `r`, `b`, `@`) and whose opening
    /// quote is at `quote`. `raw`: no escapes.
    fn string(&mut self, start: usize, quote: usize, raw: bool) {
        let lang = self.lang;
        let q = self.s[quote];
        if q == b'\'' && lang.lifetimes && !self.is_char_literal(quote) {
            let mut j = quote + 1;
            while is_ident(self.at(j)) {
                j += 1;
            }
            self.push(Class::Storage, start, j);
            self.i = j;
            return;
        }
        let triple = lang.triple_quotes && self.s[quote..].starts_with(&[q, q, q]);
        let is_raw_quote = lang.raw_quotes.contains(&q);
        let close_len = if triple { 3 } else { 1 };
        let multiline = triple || is_raw_quote || lang.multiline_strings;
        let escapes = !raw && !is_raw_quote;
        let body = quote + close_len;
        // Only where quoted keys exist is the string scanned first, to see what follows it.
        if matches!(lang.keys, Keys::Json | Keys::Yaml) {
            let end = self.scan_string(body, q, close_len, multiline, escapes, false);
            if self.next_non_blank(end) == b':' {
                self.push(Class::Key, start, end);
                self.i = end;
                return;
            }
        }
        self.push(Class::String, start, body);
        self.i = self.scan_string(body, q, close_len, multiline, escapes, true);
    }

    /// Scans a string body from `j` to just past its closing quote (or the end of the line or
    /// input when unterminated); with `emit`, pushes its pieces.
    fn scan_string(&mut self, mut j: usize, q: u8, close_len: usize, multiline: bool, escapes: bool, emit: bool) -> usize {
        let n = self.s.len();
        let interpolate = self.lang.interpolate && q == b'"';
        let mut seg = j;
        while j < n {
            let c = self.s[j];
            if escapes && c == b'\\' && j + 1 < n {
                let e = self.escape_end(j);
                if emit {
                    self.push(Class::String, seg, j);
                    self.push(Class::Escape, j, e);
                }
                j = e;
                seg = j;
            } else if c == q && (close_len == 1 || self.s[j..].starts_with(&[q, q, q])) {
                j += close_len;
                break;
            } else if c == b'\n' && !multiline {
                break;
            } else if interpolate && c == b'$' {
                match self.variable_end(j) {
                    Some(e) => {
                        if emit {
                            self.push(Class::String, seg, j);
                            self.push(Class::Variable, j, e);
                        }
                        j = e;
                        seg = j;
                    }
                    None => j += 1,
                }
            } else {
                j += 1;
            }
        }
        if emit {
            self.push(Class::String, seg, j);
        }
        j
    }

    /// The end of the escape sequence whose backslash is at `j`.
    fn escape_end(&self, j: usize) -> usize {
        let c = self.at(j + 1);
        let hex_run = |from: usize, max: usize| {
            let mut k = from;
            while k < from + max && self.at(k).is_ascii_hexdigit() {
                k += 1;
            }
            k
        };
        match c {
            b'x' => hex_run(j + 2, 2),
            b'u' if self.at(j + 2) == b'{' => {
                let k = hex_run(j + 3, 6);
                if self.at(k) == b'}' {
                    k + 1
                } else {
                    k
                }
            }
            b'u' => hex_run(j + 2, 4),
            b'U' => hex_run(j + 2, 8),
            b'0'..=b'7' => {
                let mut k = j + 2;
                while k < j + 4 && matches!(self.at(k), b'0'..=b'7') {
                    k += 1;
                }
                k
            }
            c if c >= 0x80 => {
                let mut k = j + 2;
                while (0x80..0xC0).contains(&self.at(k)) {
                    k += 1;
                }
                k
            }
            _ => j + 2,
        }
    }

    /// Rust: `'a'`, `'\n'` are characters; `'a` and `'static` are lifetimes.
    fn is_char_literal(&self, quote: usize) -> bool {
        if self.at(quote + 1) == b'\\' {
            return true;
        }
        let Some(ch) = std::str::from_utf8(&self.s[quote + 1..]).ok().and_then(|t| t.chars().next()) else {
            // Not at a character boundary only if the input is not UTF-8, which a `&str` is.
            return false;
        };
        self.at(quote + 1 + ch.len_utf8()) == b'\''
    }

    fn word(&mut self, line_start: bool) {
        let (lang, s) = (self.lang, self.s);
        let i = self.i;
        let mut j = i + 1;
        while is_ident(self.at(j)) || lang.ident_extra.contains(&self.at(j)) || lang.ident_start.contains(&self.at(j)) {
            j += 1;
        }
        let w = &s[i..j];
        let next = self.at(j);
        if (lang.quotes.contains(&next) || lang.raw_quotes.contains(&next)) && lang.string_prefixes.iter().any(|p| p.as_bytes() == w) {
            let raw = w.contains(&b'r') || w.contains(&b'R');
            self.string(i, j, raw);
            return;
        }
        if lang.rust_raw_strings && (w == b"r" || w == b"br") && (next == b'#' || next == b'"') && self.rust_raw(i, j) {
            return;
        }
        let found = if lang.line_start_keywords && !line_start { None } else { self.lookup(i, j) };
        let class = match found {
            Some(class) => {
                if lang.func_decl.iter().any(|k| k.as_bytes() == w) {
                    self.pending = Some(Class::FunctionDef);
                } else if lang.type_decl.iter().any(|k| k.as_bytes() == w) {
                    self.pending = Some(Class::Type);
                }
                class
            }
            None => self.name_class(i, j, next, line_start),
        };
        let j = if class == Class::FunctionCall && lang.bang_macros && next == b'!' { j + 1 } else { j };
        self.push(class, i, j);
        self.i = j;
    }

    /// The class of a name that is not in the language's tables.
    fn name_class(&mut self, i: usize, j: usize, next: u8, line_start: bool) -> Class {
        let lang = self.lang;
        match self.pending {
            Some(Class::Type) => {
                self.pending = None;
                return Class::Type;
            }
            Some(Class::FunctionDef) if matches!(self.next_non_blank(j), b'(' | b'<' | b'[' | b'{' | b':') => {
                self.pending = None;
                return Class::FunctionDef;
            }
            _ => {}
        }
        if next == b'(' {
            return Class::FunctionCall;
        }
        if lang.bang_macros && next == b'!' && self.at(j + 1) != b'=' {
            return Class::FunctionCall;
        }
        if line_start && lang.keys != Keys::None && lang.keys != Keys::Json {
            let k = self.skip_blank(j);
            let sep = self.at(k);
            let is_key = match lang.keys {
                Keys::Yaml => sep == b':' && matches!(self.at(k + 1), b' ' | b'\t' | b'\n' | b'\r' | 0),
                Keys::Ini => sep == b'=' || sep == b':',
                _ => false,
            };
            if is_key {
                return Class::Key;
            }
        }
        if lang.capitalized_types && self.s[i].is_ascii_uppercase() && self.s[i..j].iter().any(u8::is_ascii_lowercase) {
            return Class::Type;
        }
        Class::Plain
    }

    /// The first index at or after `j` whose byte is not a space or tab.
    fn skip_blank(&self, mut j: usize) -> usize {
        while matches!(self.at(j), b' ' | b'\t') {
            j += 1;
        }
        j
    }

    /// The first byte at or after `j` that is not a space or tab (0 at the end).
    fn next_non_blank(&self, j: usize) -> u8 {
        self.at(self.skip_blank(j))
    }

    fn lookup(&mut self, i: usize, j: usize) -> Option<Class> {
        let w = &self.s[i..j];
        if w.len() > 24 {
            return None;
        }
        let w = std::str::from_utf8(w).ok()?;
        if self.lang.case_insensitive {
            self.folded.clear();
            self.folded.extend(w.chars().map(|c| c.to_ascii_lowercase()));
            return self.lang.words().get(self.folded.as_str()).copied();
        }
        self.lang.words().get(w).copied()
    }

    /// Rust's `r"…"`, `r#"…"#`, `br"…"`: true when one was consumed.
    fn rust_raw(&mut self, i: usize, mut j: usize) -> bool {
        let hashes_from = j;
        while self.at(j) == b'#' {
            j += 1;
        }
        if self.at(j) != b'"' {
            return false;
        }
        let hashes = j - hashes_from;
        let mut k = j + 1;
        let end = loop {
            match self.s[k.min(self.s.len())..].iter().position(|&c| c == b'"') {
                None => break self.s.len(),
                Some(p) => {
                    k += p + 1;
                    if self.s[k..].iter().take(hashes).filter(|&&c| c == b'#').count() == hashes {
                        break k + hashes;
                    }
                }
            }
        };
        self.push(Class::String, i, end);
        self.i = end;
        true
    }

    /// `<<EOF`, `<<-'EOF'` (shell): true when one was consumed. The body is lexed after the
    /// line ends ([`Self::heredoc_bodies`]).
    fn heredoc_start(&mut self) -> bool {
        let i = self.i;
        if self.at(i + 1) != b'<' || self.at(i + 2) == b'<' {
            return false;
        }
        let mut j = i + 2;
        let strip = self.at(j) == b'-';
        if strip {
            j += 1;
        }
        let op_end = j;
        while self.at(j) == b' ' {
            j += 1;
        }
        let word_start = j;
        let quote = matches!(self.at(j), b'\'' | b'"').then(|| self.at(j));
        if quote.is_some() {
            j += 1;
        }
        let name_start = j;
        while is_ident(self.at(j)) {
            j += 1;
        }
        if j == name_start {
            return false;
        }
        let s = self.s;
        let name = &s[name_start..j];
        if let Some(q) = quote {
            if self.at(j) != q {
                return false;
            }
            j += 1;
        }
        self.push(Class::Operator, i, op_end);
        self.push(Class::Plain, op_end, word_start);
        self.push(Class::String, word_start, j);
        self.heredocs.push((name, strip));
        self.i = j;
        true
    }

    /// The bodies of the here-documents opened on the line just ended, up to and including each
    /// terminator line.
    fn heredoc_bodies(&mut self) {
        let docs = std::mem::take(&mut self.heredocs);
        for (name, strip) in docs {
            while self.i < self.s.len() {
                let end = self.eol(self.i);
                let line = &self.s[self.i..end];
                let line = if strip { line.trim_ascii_start() } else { line };
                let done = line.strip_suffix(b"\r").unwrap_or(line) == name;
                self.push(Class::String, self.i, end);
                self.push(Class::Plain, end, (end + 1).min(self.s.len()));
                self.i = (end + 1).min(self.s.len());
                if done {
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
#[path = "lexer_tests.rs"]
mod tests;
