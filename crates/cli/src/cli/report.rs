//! Everything the CLI prints to the user goes through the [`Reporter`]: diagnostics (human or
//! JSON), status lines, the summary, and the exit code they add up to.

use quire_core::Code;
use super::args::{GlobalArgs, MessageFormat};
use super::Io;
use crate::diag_print::{render_human, render_json, summary_line};
use anstyle::{AnsiColor, Style};
use quire_core::{Diagnostic, LoadError, Severity, SourceMap};
use std::collections::{HashMap, HashSet};

/// Notes shown without `--verbose` (unless `--quiet`): what the build did not do (ignored
/// configuration, preprocessors not run), so that an author knows.
pub const ALWAYS_SHOWN: [Code; 3] = [Code::ConfigIgnored, Code::ConfigUnknownKey, Code::PreprocessorSkipped];

/// Prints diagnostics and status lines and counts errors and warnings.
pub struct Reporter<'a, 'io> {
    io: &'a mut Io<'io>,
    global: GlobalArgs,
    color: bool,
    errors: usize,
    warnings: usize,
    seen: HashSet<Diagnostic>,
    /// Problems shown, by what they say and the line they point at (see [`problem_key`]), and
    /// whether that was in a preprocessor's copy of a chapter.
    problems: HashMap<ProblemKey, bool>,
    /// Preprocessor stderr texts passed on already.
    passed: HashSet<(String, String)>,
}

/// What makes two diagnostics one problem: code, message, the chapter file (a preprocessor's copy
/// of it, `src/a.md (after preprocessor `x`)`, counts as the file) and the text of the line.
type ProblemKey = (Code, String, String, String);

/// The problem a located diagnostic reports, and whether it points into a preprocessor's copy.
fn problem_key(d: &Diagnostic, sources: &SourceMap) -> Option<(ProblemKey, bool)> {
    let span = d.span?;
    let file = sources.get(span.file)?;
    let path = file.path.to_string_lossy();
    let base = path.split(" (after ").next().unwrap_or(&path).to_string();
    let derived = base.len() != path.len();
    let line = file.line_text(file.line_col(span.start as usize).line).trim().to_string();
    Some(((d.code, d.message.clone(), base, line), derived))
}

impl<'a, 'io> Reporter<'a, 'io> {
    /// A reporter writing to `io` with the user's global options.
    pub fn new(io: &'a mut Io<'io>, global: GlobalArgs, color: bool) -> Self {
        Reporter { io, global, color, errors: 0, warnings: 0, seen: HashSet::new(), problems: HashMap::new(), passed: HashSet::new() }
    }

    /// Standard output (for completions and the like).
    pub fn stdout(&mut self) -> &mut dyn std::io::Write {
        &mut *self.io.stdout
    }

    /// Reports one diagnostic (each distinct one once; a problem found both in a chapter and in
    /// a preprocessor's copy of it, for another format, once). Notes are shown only with
    /// `--verbose` in human mode; JSON mode prints them all.
    pub fn diagnostic(&mut self, d: &Diagnostic, sources: &SourceMap) {
        if !self.seen.insert(d.clone()) {
            return;
        }
        if let Some((key, derived)) = problem_key(d, sources) {
            match self.problems.get(&key) {
                Some(&was) if was || derived => return,
                _ => {
                    self.problems.insert(key, derived);
                }
            }
        }
        match d.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Note => {}
        }
        match self.global.message_format {
            MessageFormat::Json => {
                let line = render_json(d, sources);
                let _ = writeln!(self.io.stdout, "{line}");
            }
            MessageFormat::Human => {
                if d.severity == Severity::Note && !self.global.verbose && (self.global.quiet || !ALWAYS_SHOWN.contains(&d.code)) {
                    return;
                }
                let text = render_human(d, sources, self.color);
                let _ = writeln!(self.io.stderr, "{text}");
            }
        }
    }

    /// Passes on what a preprocessor wrote on stderr, as it wrote it (as mdBook does); the same
    /// text from the same preprocessor (run once per format) once.
    pub fn passthrough(&mut self, from: &str, text: &str) {
        if !self.passed.insert((from.to_string(), text.to_string())) {
            return;
        }
        let _ = write!(self.io.stderr, "{text}");
        if !text.ends_with('\n') {
            let _ = writeln!(self.io.stderr);
        }
    }

    /// Reports every diagnostic of a list.
    pub fn diagnostics<'d>(&mut self, ds: impl IntoIterator<Item = &'d Diagnostic>, sources: &SourceMap) {
        for d in ds {
            self.diagnostic(d, sources);
        }
    }

    /// Reports an error with no location.
    pub fn error(&mut self, code: Code, message: impl Into<String>) {
        self.diagnostic(&Diagnostic::error(code, message), &SourceMap::new());
    }

    /// Reports an error of the library API, with its hint if it has one.
    pub fn api_error(&mut self, code: Code, e: &quire::Error) {
        let mut d = Diagnostic::error(code, e.to_string());
        if let Some(hint) = e.hint() {
            d = d.with_hint(hint);
        }
        self.diagnostic(&d, &SourceMap::new());
    }

    /// Reports why a book did not load.
    pub fn load_error(&mut self, e: &LoadError) {
        match e {
            LoadError::Invalid { diagnostics, sources } => {
                self.diagnostics(diagnostics, sources);
                if self.errors == 0 {
                    self.error(Code::LoadFailed, e.to_string());
                }
            }
            LoadError::NotFound { .. } => self.error(Code::BookNotFound, e.to_string()),
            _ => self.error(Code::LoadFailed, e.to_string()),
        }
    }

    /// A cargo-style status line (`    Finished …`) on stderr, unless `--quiet`.
    pub fn status(&mut self, label: &str, message: impl AsRef<str>) {
        if self.global.quiet {
            return;
        }
        let style = if self.color { Style::new().bold().fg_color(Some(AnsiColor::BrightGreen.into())) } else { Style::new() };
        let _ = writeln!(self.io.stderr, "{style}{label:>12}{style:#} {}", message.as_ref());
    }

    /// A status line shown only with `--verbose`.
    pub fn verbose(&mut self, label: &str, message: impl AsRef<str>) {
        if self.global.verbose {
            self.status(label, message);
        }
    }

    /// Errors so far, counting warnings under `--deny-warnings`.
    pub fn failed(&self) -> bool {
        self.errors > 0 || (self.global.deny_warnings && self.warnings > 0)
    }

    /// Prints the summary line and returns the exit status: 0, or 1 when there were errors (or
    /// warnings with `--deny-warnings`).
    pub fn finish(self) -> u8 {
        let failed = self.failed();
        let has_any = self.errors + self.warnings > 0;
        if !self.global.quiet || has_any {
            let mut line = summary_line(self.errors, self.warnings);
            if self.global.deny_warnings && self.warnings > 0 {
                line.push_str(" (warnings denied)");
            }
            let style = match (self.color, self.errors > 0, self.warnings > 0) {
                (false, _, _) => Style::new(),
                (true, true, _) => Style::new().bold().fg_color(Some(AnsiColor::BrightRed.into())),
                (true, false, true) => Style::new().bold().fg_color(Some(AnsiColor::BrightYellow.into())),
                (true, false, false) => Style::new().bold(),
            };
            let _ = writeln!(self.io.stderr, "{style}{line}{style:#}");
        }
        u8::from(failed)
    }
}
