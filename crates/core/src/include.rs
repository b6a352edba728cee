//! Include expansion, done before parsing so that spans of included text point into the included
//! file: mdBook's `{{#include path[:range|:anchor]}}`, `{{#rustdoc_include …}}`,
//! `{{#playground file}}` and `{{#title X}}` (expanded everywhere, code fences included, as mdBook
//! does; `\{{#…}}` stays literal), and in GitBook mode `{% include "x.md" %}` plus removal of the
//! `{% raw %}`/`{% endraw %}` markers. Cycles, depth over 10, missing files and paths escaping the
//! book root are diagnostics, never hangs or panics.

use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::expand::ExpandedSource;
use crate::files::Files;
use crate::span::{FileId, Span};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// GitBook's template variables: a dotted name (`book.version`) → its text.
pub type Variables = std::collections::BTreeMap<String, String>;

/// How deep includes may nest.
pub const MAX_DEPTH: usize = 10;

/// A chapter after expansion.
#[derive(Debug, Clone, Default)]
pub struct Expansion {
    /// The text the parser sees, with its span map.
    pub source: ExpandedSource,
    /// A title set by `{{#title …}}`.
    pub title: Option<String>,
}

/// Expands the chapter file `file` (already read; its canonical path is `path`).
///
/// In GitBook mode, `{{ book.name }}` is replaced by the variable's text from `variables` (those
/// of book.json's `variables`, and `config.title` … of its top-level strings), as GitBook and
/// HonKit do, except inside code (fenced blocks and inline spans, which stay verbatim) and between
/// `{% raw %}` and `{% endraw %}`. A name with no variable is left as written, with a
/// `template-unknown-variable` warning at it.
///
/// With a [`crate::SourceCache`] on the loader, an expansion still current is taken from it
/// (see [`crate::source_cache`]), and one made afresh is kept.
pub fn expand_chapter(files: &mut Files<'_>, file: FileId, path: &Path, gitbook: bool, variables: &Variables) -> Expansion {
    let (source, title) = expand_shared(files, file, path, gitbook, variables);
    Expansion { source: Arc::unwrap_or_clone(source), title }
}

/// [`expand_chapter`], the text shared with the cache (a kept expansion is not copied).
pub(crate) fn expand_shared(files: &mut Files<'_>, file: FileId, path: &Path, gitbook: bool, variables: &Variables) -> (Arc<ExpandedSource>, Option<String>) {
    if let Some(kept) = files.replay_expansion(file, path, gitbook, variables) {
        return kept;
    }
    let start = files.start_expansion();
    let Expansion { source, title } = expand_afresh(files, file, path, gitbook, variables);
    let source = Arc::new(source);
    files.keep_expansion(file, path, gitbook, variables, start, &source, &title);
    (source, title)
}

fn expand_afresh(files: &mut Files<'_>, file: FileId, path: &Path, gitbook: bool, variables: &Variables) -> Expansion {
    let text = files.text(file).to_string();
    let src = ExpandedSource::single(file, text);
    let mut cx = Cx { files, gitbook, variables, title: None, too_large: 0, first_too_large: None };
    let mut out = ExpandedSource::default();
    let mut stack = vec![path.to_path_buf()];
    cx.expand(&src, &mut stack, &mut out);
    cx.report_too_large();
    Expansion { source: out, title: cx.title }
}

struct Cx<'f, 's, 'v> {
    files: &'f mut Files<'s>,
    gitbook: bool,
    /// GitBook's template variables (`book.name` → its text), for `{{ book.name }}`.
    variables: &'v Variables,
    title: Option<String>,
    /// Includes left out because the chapter reached `max-include-size`.
    too_large: usize,
    /// The first of them: where, and which file.
    first_too_large: Option<(Span, String)>,
}

/// A directive found in the text.
#[derive(Debug, Clone, PartialEq)]
enum Directive {
    /// `\{{#…}}`: output without the backslash.
    Escaped,
    /// `{{#name args}}`
    Mustache { name: String, args: String },
    /// `{% include "path" %}`
    GbInclude(String),
    /// `{% raw %}`
    GbRaw,
    /// `{% endraw %}`
    GbEndRaw,
    /// GitBook's `{{ book.name }}`: a variable of book.json.
    GbVariable(String),
}

/// How much of an included file goes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The selected lines, expanded (`{{#include}}`).
    Selected,
    /// Every line, expanded, those outside the selection marked hidden with rustdoc's `# `
    /// (`{{#rustdoc_include}}`: the example still compiles, the reader sees the selection).
    HideRest,
    /// The whole text as it is (`{{#playground}}`).
    Verbatim,
}

/// Which lines of an included file to take.
#[derive(Debug, Clone, PartialEq)]
enum Select {
    /// 0-based line range, end exclusive (`None` = to the end).
    Lines(usize, Option<usize>),
    /// Between `ANCHOR: name` and `ANCHOR_END: name`.
    Anchor(String),
}

impl Cx<'_, '_, '_> {
    fn expand(&mut self, src: &ExpandedSource, stack: &mut Vec<PathBuf>, out: &mut ExpandedSource) {
        let text = src.text.as_str();
        let code = if self.gitbook && text.contains("{{") { code_ranges(text) } else { Vec::new() };
        let in_code = |at: usize| {
            let i = code.partition_point(|r| r.end <= at);
            code.get(i).is_some_and(|r| r.start <= at)
        };
        let (mut pos, mut copied, mut in_raw, mut raw_from) = (0usize, 0usize, false, 0usize);
        while let Some(rel) = text.get(pos..).and_then(|t| t.find(['{', '\\'])) {
            let at = pos + rel;
            let Some((d, end)) = find_directive(text, at, self.gitbook) else {
                pos = at + 1;
                continue;
            };
            if (in_raw && d != Directive::GbEndRaw) || (matches!(d, Directive::GbVariable(_)) && in_code(at)) {
                pos = at + 1;
                continue;
            }
            copy_mapped(src, copied..at, out);
            let here = src.span(at..end);
            let base = stack.last().and_then(|p| p.parent()).map(Path::to_path_buf).unwrap_or_default();
            match d {
                Directive::Escaped => copy_mapped(src, at + 1..end, out),
                Directive::GbRaw => {
                    in_raw = true;
                    raw_from = out.text.len();
                }
                Directive::GbVariable(name) => match self.variables.get(&name) {
                    Some(value) => out.push(value, here.file, here.start as usize),
                    None => {
                        copy_mapped(src, at..end, out);
                        self.files.diagnostics.push(
                            Diagnostic::warning(
                                Code::TemplateUnknownVariable,
                                format!("`{{{{ {name} }}}}`: book.json defines no variable `{name}`; it is left as written"),
                            )
                            .with_span(here)
                            .with_hint(format!("add it to \"variables\" in book.json, or write {{% raw %}}{{{{ {name} }}}}{{% endraw %}} to keep it as text")),
                        );
                    }
                },
                Directive::GbEndRaw => {
                    in_raw = false;
                    out.verbatim.push(raw_from..out.text.len());
                }
                Directive::GbInclude(p) => {
                    if !self.include(&base, &p, Select::Lines(0, None), Mode::Selected, here, stack, out) {
                        copy_mapped(src, at..end, out);
                    }
                }
                Directive::Mustache { name, args } => {
                    if !self.mustache(&name, &args, &base, here, stack, out) {
                        copy_mapped(src, at..end, out);
                    }
                }
            }
            copied = end;
            pos = end;
        }
        copy_mapped(src, copied..text.len(), out);
        if in_raw {
            out.verbatim.push(raw_from..out.text.len());
        }
    }

    /// Handles `{{#name args}}`; false when the directive stays in the text as written.
    fn mustache(
        &mut self,
        name: &str,
        args: &str,
        base: &Path,
        here: Span,
        stack: &mut Vec<PathBuf>,
        out: &mut ExpandedSource,
    ) -> bool {
        if name == "title" {
            self.title = Some(args.trim().to_string());
            return true;
        }
        let mut words = args.split_whitespace();
        let Some(file_arg) = words.next() else { return false };
        let props: Vec<&str> = words.collect();
        match name {
            "include" | "rustdoc_include" => {
                let (path, sel) = parse_file_arg(file_arg);
                let mode = if name == "include" { Mode::Selected } else { Mode::HideRest };
                self.include(base, path, sel, mode, here, stack, out)
            }
            "playground" | "playpen" => {
                let fence = if props.is_empty() { "```rust\n".to_string() } else { format!("```rust,{}\n", props.join(",")) };
                let mut inner = ExpandedSource::default();
                if !self.include(base, file_arg, Select::Lines(0, None), Mode::Verbatim, here, stack, &mut inner) {
                    return false;
                }
                let at = here.start as usize;
                out.push(&fence, here.file, at);
                append(out, &inner);
                if !inner.text.ends_with('\n') {
                    out.push("\n", here.file, at);
                }
                out.push("```\n", here.file, at);
                true
            }
            _ => false,
        }
    }

    /// Includes a file (selected lines, see [`Mode`]), expanding its directives in turn. Returns
    /// false on error.
    #[allow(clippy::too_many_arguments)]
    fn include(
        &mut self,
        base: &Path,
        rel: &str,
        sel: Select,
        mode: Mode,
        here: Span,
        stack: &mut Vec<PathBuf>,
        out: &mut ExpandedSource,
    ) -> bool {
        let target = base.join(rel);
        let found = self.files.canonicalize(&target);
        self.files.note_lookup(&target, found.as_ref().ok());
        let Ok(canon) = found else {
            self.error(here, Code::IncludeMissing, format!("included file `{rel}` not found"),
                format!("the path is relative to the including file; looked for {}", target.display()));
            return false;
        };
        if !self.files.is_allowed(&canon) {
            self.error(here, Code::PathEscape, format!("`{rel}`: path escapes the book root"),
                "add its folder to `allow-paths` in `[quire]` of book.toml to allow it".to_string());
            return false;
        }
        if stack.contains(&canon) {
            let chain: Vec<String> = stack.iter().chain(std::iter::once(&canon))
                .map(|p| self.files.display_path(p).display().to_string()).collect();
            self.error(here, Code::IncludeCycle, format!("include cycle: {}", chain.join(" -> ")),
                "remove one of the includes".to_string());
            return false;
        }
        if stack.len() > MAX_DEPTH {
            self.error(here, Code::IncludeDepth, format!("includes nest deeper than {MAX_DEPTH} levels at `{rel}`"),
                "flatten the includes".to_string());
            return false;
        }
        let id = match self.files.read(&canon) {
            Ok(id) => id,
            Err(e) => {
                let code = e.code(Code::IncludeUnreadable);
                let hint = e.hint("check that it is a readable file").to_string();
                self.error(here, code, format!("cannot read included file `{rel}`: {e}"), hint);
                return false;
            }
        };
        self.files.included.insert(canon.clone());
        let max = self.files.max_include_size;
        if (out.text.len() as u64).saturating_add(self.files.text(id).len() as u64) > max {
            self.too_large += 1;
            self.first_too_large.get_or_insert((here, rel.to_string()));
            return false;
        }
        let text = self.files.text(id).to_string();
        let mut inc = ExpandedSource::default();
        if mode == Mode::Verbatim {
            inc.push(&text, id, 0);
            append(out, &inc);
            return true;
        }
        let runs = match &sel {
            Select::Lines(s, e) => take_lines(&text, *s, *e),
            Select::Anchor(name) => {
                let runs = take_anchor(&text, name);
                if runs.is_none() {
                    self.files.diagnostics.push(
                        Diagnostic::warning(Code::IncludeAnchorMissing, format!("anchor `{name}` not found in `{rel}`"))
                            .with_span(here)
                            .with_hint(format!("mark the lines with `ANCHOR: {name}` and `ANCHOR_END: {name}` comments")),
                    );
                }
                runs.unwrap_or_default()
            }
        };
        if mode == Mode::HideRest {
            hide_rest(&text, &runs, id, &mut inc);
        } else {
            for r in runs {
                if let Some(t) = text.get(r.clone()) {
                    inc.push(t, id, r.start);
                }
            }
        }
        stack.push(canon);
        self.expand(&inc, stack, out);
        stack.pop();
        true
    }

    /// One error for every include left out by the size cap (not one per include).
    fn report_too_large(&mut self) {
        let Some((span, rel)) = self.first_too_large.take() else { return };
        let max = crate::byte_size::ByteSize(self.files.max_include_size);
        let more = match self.too_large {
            0 | 1 => String::new(),
            n => format!(" and {} later includes", n - 1),
        };
        self.error(span, Code::IncludeTooLarge,
            format!("the chapter would grow past {max} through its includes: `{rel}`{more} left out"),
            "include less, or raise `max-include-size` in `[quire]` of book.toml".to_string());
    }

    fn error(&mut self, span: Span, code: Code, msg: String, hint: String) {
        self.files.diagnostics.push(Diagnostic::error(code, msg).with_span(span).with_hint(hint));
    }
}

/// Copies `range` of `src` to `out`, keeping the span map.
fn copy_mapped(src: &ExpandedSource, range: Range<usize>, out: &mut ExpandedSource) {
    if range.start >= range.end {
        return;
    }
    for p in &src.pieces {
        let (ps, pe) = (p.at, p.at + p.len);
        let (s, e) = (ps.max(range.start), pe.min(range.end));
        if s < e {
            if let Some(t) = src.text.get(s..e) {
                out.push(t, p.file, p.file_start + (s - ps));
            }
        }
    }
}

fn append(out: &mut ExpandedSource, inner: &ExpandedSource) {
    copy_mapped(inner, 0..inner.text.len(), out);
}

/// `path`, `path:5`, `path:5:10`, `path::10`, `path:5:`, `path:anchor` (mdBook's rules: line
/// numbers are 1-based and inclusive; one number alone means that line only).
fn parse_file_arg(arg: &str) -> (&str, Select) {
    let mut parts = arg.splitn(2, ':');
    let path = parts.next().unwrap_or("");
    let Some(spec) = parts.next() else { return (path, Select::Lines(0, None)) };
    let mut nums = spec.splitn(3, ':');
    let first = nums.next().unwrap_or("");
    let start = match first.parse::<usize>() {
        Ok(n) => Some(n.saturating_sub(1)),
        Err(_) if first.is_empty() => None,
        Err(_) => return (path, Select::Anchor(first.to_string())),
    };
    let end = nums.next().map(|s| s.parse::<usize>());
    let sel = match (start, end) {
        (Some(s), Some(Ok(e))) => Select::Lines(s, Some(e)),
        (Some(s), Some(Err(_))) => Select::Lines(s, None),
        (Some(s), None) => Select::Lines(s, Some(s + 1)),
        (None, Some(Ok(e))) => Select::Lines(0, Some(e)),
        (None, _) => Select::Lines(0, None),
    };
    (path, sel)
}

/// Lines of `text`: (start, end without terminator, start of next line).
fn lines(text: &str) -> Vec<(usize, usize, usize)> {
    let mut v = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let next = text.get(start..).and_then(|t| t.find('\n')).map_or(text.len(), |i| start + i + 1);
        let mut end = if text.as_bytes().get(next.wrapping_sub(1)) == Some(&b'\n') { next - 1 } else { next };
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        v.push((start, end, next));
        start = next;
    }
    v
}

/// Byte runs of the kept lines, joined by their own line ends; the last has no line end.
/// `{{#rustdoc_include}}`: every line of `text` but anchor markers, those outside `runs` with
/// rustdoc's hidden-line prefix `# ` (see [`crate::parse::hidelines`]). Like the selected runs,
/// the result has no final line ending.
fn hide_rest(text: &str, runs: &[Range<usize>], id: FileId, out: &mut ExpandedSource) {
    let all = lines(text);
    let kept: Vec<&(usize, usize, usize)> = all
        .iter()
        .filter(|(s, e, _)| {
            let line = text.get(*s..*e).unwrap_or("");
            anchor_name(line, "ANCHOR:").is_none() && anchor_name(line, "ANCHOR_END:").is_none()
        })
        .collect();
    for (i, &&(s, e, next)) in kept.iter().enumerate() {
        let end = if i + 1 == kept.len() { e } else { next.min(text.len()) };
        if !runs.iter().any(|r| r.contains(&s)) {
            out.push("# ", id, s);
        }
        if let Some(t) = text.get(s..end) {
            out.push(t, id, s);
        }
    }
}

fn runs_of(text: &str, kept: &[(usize, usize, usize)]) -> Vec<Range<usize>> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    let n = kept.len();
    for (i, &(s, e, next)) in kept.iter().enumerate() {
        let end = if i + 1 == n { e } else { next.min(text.len()) };
        match runs.last_mut() {
            Some(last) if last.end == s => last.end = end,
            _ => runs.push(s..end),
        }
    }
    runs
}

fn take_lines(text: &str, start: usize, end: Option<usize>) -> Vec<Range<usize>> {
    let all = lines(text);
    let end = end.unwrap_or(all.len()).min(all.len());
    let kept = all.get(start.min(end)..end).unwrap_or(&[]);
    runs_of(text, kept)
}

/// Lines between the anchors (anchor lines of any name removed); `None` if it is not found.
fn take_anchor(text: &str, name: &str) -> Option<Vec<Range<usize>>> {
    let mut kept = Vec::new();
    let mut found = false;
    for l in lines(text) {
        let line = text.get(l.0..l.1).unwrap_or("");
        if found {
            if let Some(n) = anchor_name(line, "ANCHOR_END:") {
                if n == name {
                    break;
                }
            } else if anchor_name(line, "ANCHOR:").is_none() {
                kept.push(l);
            }
        } else if anchor_name(line, "ANCHOR:") == Some(name) {
            found = true;
        }
    }
    found.then(|| runs_of(text, &kept))
}

fn anchor_name<'t>(line: &'t str, marker: &str) -> Option<&'t str> {
    let i = line.find(marker)?;
    let rest = line.get(i + marker.len()..)?.trim_start();
    let len: usize = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
        .map(char::len_utf8)
        .sum();
    (len > 0).then(|| rest.get(..len)).flatten()
}

/// GitBook's `{{ book.name }}` (`after` is the text after `{{` at byte `at`): a dotted name and
/// `}}` on the same line; anything else (filters, expressions) is not a variable.
fn gitbook_variable(after: &str, at: usize) -> Option<(Directive, usize)> {
    let lead = after.len() - after.trim_start_matches([' ', '\t']).len();
    let body = after.get(lead..)?;
    let len = body.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.').count();
    let name = body.get(..len)?;
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit() || c == '.') || name.ends_with('.') || name.contains("..") {
        return None;
    }
    let rest = body.get(len..)?;
    let trail = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    rest.get(trail..)?.starts_with("}}").then(|| (Directive::GbVariable(name.to_string()), at + 2 + lead + len + trail + 2))
}

/// The byte ranges of fenced code blocks and inline code spans in `text`, in order: GitBook
/// variables inside them stay as written (code is verbatim in every format).
fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut fence: Option<(u8, usize, usize)> = None; // (char, length, start)
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start_matches([' ', '\t', '>']);
        let c = t.bytes().next().unwrap_or(0);
        let run = t.bytes().take_while(|b| *b == c).count();
        match fence {
            Some((fc, n, start)) => {
                if c == fc && run >= n && t[run..].trim().is_empty() {
                    out.push(start..offset + line.len());
                    fence = None;
                }
            }
            None if (c == b'`' || c == b'~') && run >= 3 => fence = Some((c, run, offset)),
            None => inline_code(line, offset, &mut out),
        }
        offset += line.len();
    }
    if let Some((_, _, start)) = fence {
        out.push(start..text.len());
    }
    out
}

/// Inline code spans of one line: a run of backticks up to the next run of the same length.
fn inline_code(line: &str, offset: usize, out: &mut Vec<Range<usize>>) {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let n = b[i..].iter().take_while(|x| **x == b'`').count();
        let mut j = i + n;
        let mut close = None;
        while j < b.len() {
            if b[j] == b'`' {
                let m = b[j..].iter().take_while(|x| **x == b'`').count();
                if m == n {
                    close = Some(j + m);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => {
                out.push(offset + i..offset + end);
                i = end;
            }
            None => i += n,
        }
    }
}

/// The directive starting at byte `at`, and where it ends.
fn find_directive(text: &str, at: usize, gitbook: bool) -> Option<(Directive, usize)> {
    let rest = text.get(at..)?;
    if rest.starts_with("\\{{#") {
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let close = rest.get(4..line_end)?.rfind("}}")?;
        return Some((Directive::Escaped, at + 4 + close + 2));
    }
    if let Some(after) = rest.strip_prefix("{{") {
        let lead = after.len() - after.trim_start().len();
        let Some(body) = after.get(lead..)?.strip_prefix('#') else {
            return if gitbook { gitbook_variable(after, at) } else { None };
        };
        let name_len = body.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').count();
        if name_len == 0 {
            return None;
        }
        let name = body.get(..name_len)?;
        let args_part = body.get(name_len..)?;
        if !args_part.starts_with(char::is_whitespace) {
            return None;
        }
        let close = args_part.find('}')?;
        if !args_part.get(close..)?.starts_with("}}") || args_part.get(..close)?.trim().is_empty() {
            return None;
        }
        let args = args_part.get(..close)?.trim().to_string();
        let end = at + 2 + lead + 1 + name_len + close + 2;
        return Some((Directive::Mustache { name: name.to_string(), args }, end));
    }
    if gitbook {
        let inner_start = rest.strip_prefix("{%")?;
        let line_end = inner_start.find('\n').unwrap_or(inner_start.len());
        let close = inner_start.get(..line_end)?.find("%}")?;
        let inner = inner_start.get(..close)?.trim().trim_matches('-').trim();
        let end = at + 2 + close + 2;
        if inner == "raw" {
            return Some((Directive::GbRaw, end));
        }
        if inner == "endraw" {
            return Some((Directive::GbEndRaw, end));
        }
        let arg = inner.strip_prefix("include")?.trim_start();
        let q = arg.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let body = arg.get(1..)?;
        let path = body.get(..body.find(q)?)?;
        return Some((Directive::GbInclude(path.to_string()), end));
    }
    None
}

#[cfg(test)]
#[path = "include_tests.rs"]
mod tests;
