//! Printing diagnostics the way rustc does:
//!
//! ```text
//! warning[missing-image]: image not found: foo.png
//!   --> chapter1.md:12:5
//!    |
//! 12 | See ![the diagram](foo.png) below.
//!    |     ^^^^^^^^^^^^^^^^^^^^^^^
//!    = help: check the path, relative to the chapter file
//! ```
//!
//! Carets are placed by display width (a CJK character is two columns, a tab four), so they line
//! up under the text in a terminal. Control characters (C0 but tab, DEL, C1, and the bidi
//! overrides) in the echoed line, the message, the path and the hint are shown escaped (`\x1b`,
//! `\x00`, `\u{9b}`), so a source line cannot drive the terminal (no ESC/OSC sequences reach it);
//! the JSON format escapes them as JSON does. Colours are added only when asked for (the CLI asks when
//! stderr is a terminal and `NO_COLOR` is unset). `--message-format json` prints one
//! [`Diagnostic::to_json`] object per line instead. Only the CLI prints; the core and the
//! renderers only collect.

use anstyle::{AnsiColor, Style};
use quire_core::{Diagnostic, Severity, SourceMap};
use std::borrow::Cow;
use std::fmt::Write as _;
use unicode_width::UnicodeWidthChar;

/// Columns a tab is expanded to.
const TAB_WIDTH: usize = 4;

/// A source line wider than this (in columns) is shown as a window around the span, cut with
/// `…` at either end: a one-line 2 MB chapter gets a readable excerpt, not 2 MB on the terminal.
const MAX_LINE_COLUMNS: usize = 120;

/// Columns of the line kept before the span when the line is cut.
const CONTEXT_COLUMNS: usize = 30;

/// Styles used for one diagnostic; all plain when colour is off.
#[derive(Debug, Clone, Copy, Default)]
struct Palette {
    level: Style,
    message: Style,
    gutter: Style,
}

impl Palette {
    fn new(severity: Severity, color: bool) -> Self {
        if !color {
            return Palette::default();
        }
        let c = match severity {
            Severity::Error => AnsiColor::BrightRed,
            Severity::Warning => AnsiColor::BrightYellow,
            Severity::Note => AnsiColor::BrightCyan,
        };
        Palette {
            level: Style::new().bold().fg_color(Some(c.into())),
            message: Style::new().bold(),
            gutter: Style::new().bold().fg_color(Some(AnsiColor::BrightBlue.into())),
        }
    }
}

fn paint(out: &mut String, style: Style, text: &str) {
    if style == Style::new() {
        out.push_str(text);
    } else {
        let _ = write!(out, "{style}{text}{style:#}");
    }
}

/// The word rustc uses for a severity.
pub fn severity_label(severity: Severity) -> &'static str {
    severity.name()
}

/// Renders one diagnostic in rustc's human format, ending with a newline.
pub fn render_human(d: &Diagnostic, sources: &SourceMap, color: bool) -> String {
    let p = Palette::new(d.severity, color);
    let mut out = String::new();
    paint(&mut out, p.level, &format!("{}[{}]", severity_label(d.severity), d.code));
    paint(&mut out, p.message, &format!(": {}", escape_controls(&d.message, true)));
    out.push('\n');

    let located = d.span.and_then(|span| {
        let file = sources.get(span.file)?;
        let (path, lc) = sources.locate(span)?;
        Some((span, file, path, lc))
    });
    let mut gutter_width = 1;
    if let Some((span, file, path, lc)) = located {
        gutter_width = lc.line.to_string().len();
        let pad = " ".repeat(gutter_width);
        paint(&mut out, p.gutter, &format!("{pad}--> "));
        let shown = path.display().to_string().replace('\\', "/");
        let _ = writeln!(out, "{}:{}:{}", escape_controls(&shown, false), lc.line, lc.column);
        paint(&mut out, p.gutter, &format!("{pad} |"));
        out.push('\n');

        let text = file.text.as_str();
        let start = floor_boundary(text, span.start as usize);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[line_start..line_end].trim_end_matches('\r');
        let line_stop = (line_start + line.len()).max(start);
        let end = floor_boundary(text, (span.end as usize).clamp(start, line_stop));

        let (from, to) = window(line, start - line_start);
        let (from, to) = (line_start + from, line_start + to);
        let (lead, trail) = (if from > line_start { "…" } else { "" }, if to < line_start + line.len() { "…" } else { "" });
        paint(&mut out, p.gutter, &format!("{} | ", lc.line));
        out.push_str(lead);
        out.push_str(&expand_tabs(&escape_controls(&text[from..to], false)));
        out.push_str(trail);
        out.push('\n');

        let before = display_width(lead) + display_width(&text[from..start]);
        let carets = display_width(&text[start..end.min(to).max(start)]).max(1);
        paint(&mut out, p.gutter, &format!("{pad} | "));
        out.push_str(&" ".repeat(before));
        paint(&mut out, p.level, &"^".repeat(carets));
        out.push('\n');
    }
    if let Some(hint) = &d.hint {
        let pad = " ".repeat(gutter_width);
        paint(&mut out, p.gutter, &format!("{pad} = "));
        paint(&mut out, p.message, "help");
        let _ = writeln!(out, ": {}", escape_controls(hint, true));
    }
    out
}

/// Renders one diagnostic as a single line of JSON (no trailing newline).
pub fn render_json(d: &Diagnostic, sources: &SourceMap) -> String {
    serde_json::to_string(&d.to_json(sources)).unwrap_or_else(|_| {
        format!("{{\"severity\":\"{}\",\"code\":\"{}\"}}", severity_label(d.severity), d.code)
    })
}

/// `"N errors, M warnings"` with singulars where they belong.
pub fn summary_line(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
    format!("{}, {}", plural(errors, "error"), plural(warnings, "warning"))
}

/// The part of `line` shown for a span starting at byte `at` of it: the whole line when it fits in
/// [`MAX_LINE_COLUMNS`], else [`CONTEXT_COLUMNS`] before the span and as much after as fits.
fn window(line: &str, at: usize) -> (usize, usize) {
    if line.len() <= MAX_LINE_COLUMNS || display_width(line) <= MAX_LINE_COLUMNS {
        return (0, line.len());
    }
    let at = floor_boundary(line, at);
    let mut from = at;
    let mut used = 0;
    for (i, c) in line[..at].char_indices().rev() {
        used += char_width(c);
        if used > CONTEXT_COLUMNS {
            break;
        }
        from = i;
    }
    let budget = MAX_LINE_COLUMNS - 2;
    let mut used = display_width(&line[from..at]);
    let mut to = at;
    for (i, c) in line[at..].char_indices() {
        used += char_width(c);
        if used > budget {
            break;
        }
        to = at + i + c.len_utf8();
    }
    (from, to)
}

/// Columns one character takes as printed (see [`display_width`]).
fn char_width(c: char) -> usize {
    match c {
        '\t' => TAB_WIDTH,
        c => control_escape(c).map_or_else(|| c.width().unwrap_or(0), |e| e.len()),
    }
}

/// Width in terminal columns as printed: CJK and other wide characters count 2, tabs 4, control
/// characters the width of their escape (`\x1b` is 4).
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// The escape a control character is shown as (`\x1b`, `\x00`, `\x7f`, `\u{9b}`, `\u{202e}`),
/// `None` for a character shown as itself (tab included).
fn control_escape(c: char) -> Option<String> {
    match c {
        '\t' => None,
        '\0'..='\u{1f}' | '\u{7f}' => Some(format!("\\x{:02x}", c as u32)),
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Some(format!("\\u{{{:x}}}", c as u32)),
        _ => None,
    }
}

/// `s` with control characters escaped (see `control_escape`); newlines are kept when
/// `keep_newlines` (messages may span lines; an echoed source line has none).
pub fn escape_controls(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let keep = |c: char| (keep_newlines && c == '\n') || control_escape(c).is_none();
    if s.chars().all(keep) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match control_escape(c).filter(|_| !keep(c)) {
            Some(e) => out.push_str(&e),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn expand_tabs(s: &str) -> String {
    s.replace('\t', &" ".repeat(TAB_WIDTH))
}

fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use quire_core::{Code, SourceFile, Span};

    fn map(text: &str) -> (SourceMap, quire_core::FileId) {
        let mut m = SourceMap::new();
        let id = m.add(SourceFile::new("ch1.md", text.to_string()));
        (m, id)
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_span() {
        let text = format!("{}{}{}\n", "a".repeat(5000), "BAD", "b".repeat(5000));
        let (m, id) = map(&text);
        let d = Diagnostic::warning(Code::MissingImage, "m").with_span(Span::new(id, 5000, 5003));
        let out = render_human(&d, &m, false);
        let lines: Vec<&str> = out.lines().collect();
        let shown = lines.iter().find(|l| l.starts_with("1 | ")).expect("the source line");
        assert!(shown.contains("…aaa") && shown.contains("BADbbb") && shown.ends_with('…'), "{shown}");
        assert!(display_width(shown) <= MAX_LINE_COLUMNS + 8, "{} columns", display_width(shown));
        let carets = lines.iter().find(|l| l.contains('^')).expect("carets");
        assert_eq!(carets.find('^'), shown.find("BAD").map(|b| display_width(&shown[..b])), "{out}");
        assert_eq!(carets.matches('^').count(), 3);
    }

    #[test]
    fn carets_sit_under_the_span() {
        let text = "# T\n\nSee ![x](foo.png) here.\n";
        let (m, id) = map(text);
        let s = text.find("![x]").unwrap_or(0);
        let d = Diagnostic::warning(Code::MissingImage, "image not found: foo.png")
            .with_span(Span::new(id, s, s + "![x](foo.png)".len()))
            .with_hint("check the path");
        let out = render_human(&d, &m, false);
        assert_eq!(
            out,
            "warning[missing-image]: image not found: foo.png\n \
             --> ch1.md:3:5\n  |\n3 | See ![x](foo.png) here.\n  |     ^^^^^^^^^^^^^\n  = help: check the path\n"
        );
    }

    #[test]
    fn cjk_characters_are_two_columns_wide() {
        let text = "中文标题 ![图](a.png)\n";
        let (m, id) = map(text);
        let s = text.find('!').unwrap_or(0);
        let d = Diagnostic::error(Code::MissingImage, "x").with_span(Span::new(id, s, s + "![图".len()));
        let out = render_human(&d, &m, false);
        let caret_line = out.lines().nth(4).unwrap_or("");
        assert_eq!(caret_line, format!("  |{}^^^^", " ".repeat(10)), "{out}");
    }

    #[test]
    fn empty_and_out_of_range_spans_do_not_panic() {
        let (m, id) = map("ab\n");
        for (s, e) in [(0, 0), (99, 120), (2, 1)] {
            let d = Diagnostic::note(Code::UnusedFootnote, "y").with_span(Span::new(id, s, e));
            assert!(render_human(&d, &m, true).contains('^'));
        }
        let (m2, id2) = map("ab\r\ncd\r\n");
        for (s, e) in [(2, 3), (3, 9), (2, 2), (7, 8)] {
            let d = Diagnostic::note(Code::UnusedFootnote, "y").with_span(Span::new(id2, s, e));
            assert!(render_human(&d, &m2, false).contains('^'), "CRLF span {s}..{e}");
        }
        let d = Diagnostic::note(Code::UnusedFootnote, "y").with_span(Span::new(quire_core::FileId(7), 0, 1));
        assert_eq!(render_human(&d, &m, false), "note[unused-footnote]: y\n");
    }

    #[test]
    fn every_span_of_a_mixed_text_renders() {
        let text = "中文\tab\r\n\n😀 x\r\nend";
        let (m, id) = map(text);
        for s in 0..text.len() + 2 {
            for e in 0..text.len() + 2 {
                let d = Diagnostic::warning(Code::MissingImage, "y").with_span(Span::new(id, s, e)).with_hint("h");
                let out = render_human(&d, &m, s % 2 == 0);
                assert!(out.contains('^') && out.contains("help"), "{s}..{e}: {out}");
            }
        }
    }

    #[test]
    fn control_characters_are_shown_escaped_and_carets_follow() {
        let text = "a\x1b]0;pwned\x07b\0c ![x](y.png)\u{9b}\n";
        let (m, id) = map(text);
        let s = text.find('!').unwrap_or(0);
        let d = Diagnostic::warning(Code::MissingImage, "image `\x1b[2J` not found")
            .with_span(Span::new(id, s, s + 2))
            .with_hint("no \x07 bell");
        let out = render_human(&d, &m, true);
        assert!(!out.chars().any(|c| (c.is_control() && c != '\n' && c != '\x1b') || c == '\u{9b}'), "{out:?}");
        let plain = render_human(&d, &m, false);
        assert!(!plain.contains('\x1b') && !plain.contains('\0') && !plain.contains('\x07'), "{plain:?}");
        assert!(plain.contains("a\\x1b]0;pwned\\x07b\\x00c ![x](y.png)\\u{9b}"), "{plain}");
        assert!(plain.contains("image `\\x1b[2J` not found") && plain.contains("no \\x07 bell"), "{plain}");
        let line = plain.lines().find(|l| l.contains("pwned")).unwrap_or("");
        let caret = plain.lines().find(|l| l.contains('^')).unwrap_or("");
        assert_eq!(caret.find('^'), line.find('!'), "{plain}");
        assert_eq!(escape_controls("tab\there\nnl", true), "tab\there\nnl");
        assert_eq!(escape_controls("nl\n", false), "nl\\x0a");
    }

    #[test]
    fn summary_is_pluralised() {
        assert_eq!(summary_line(1, 0), "1 error, 0 warnings");
        assert_eq!(summary_line(2, 1), "2 errors, 1 warning");
    }
}
