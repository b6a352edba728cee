//! What `publish serve` prints: cargo-style status lines and diagnostics, through the CLI's
//! printer ([`crate::diag_print`]). Tests capture the lines with a sink instead of stderr.

use quire_core::Code;
use crate::diag_print::{render_human, render_json};
use anstyle::{AnsiColor, Style};
use quire_core::{Diagnostic, Severity, SourceMap};
use std::fmt;
use std::io::Write;
use std::sync::Arc;

/// A receiver for every printed line (status lines and rendered diagnostics).
pub type Sink = Arc<dyn Fn(&str) + Send + Sync>;

/// How and where the server prints.
#[derive(Clone, Default)]
pub struct Printer {
    /// Colour the output (ANSI).
    pub color: bool,
    /// Print only warnings and errors, no status lines.
    pub quiet: bool,
    /// Print notes too.
    pub verbose: bool,
    /// Diagnostics as JSON lines on stdout instead of text on stderr.
    pub json: bool,
    /// Where lines go instead of stdout/stderr (tests).
    pub sink: Option<Sink>,
}

impl fmt::Debug for Printer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Printer")
            .field("color", &self.color)
            .field("quiet", &self.quiet)
            .field("verbose", &self.verbose)
            .field("json", &self.json)
            .field("sink", &self.sink.is_some())
            .finish()
    }
}

impl Printer {
    fn emit(&self, text: &str, stdout: bool) {
        match &self.sink {
            Some(sink) => sink(text),
            None if stdout => {
                let _ = writeln!(std::io::stdout().lock(), "{text}");
            }
            None => {
                let _ = writeln!(std::io::stderr().lock(), "{text}");
            }
        }
    }

    /// A status line: `     Serving http://127.0.0.1:3000/`; nothing with `quiet`.
    pub fn status(&self, label: &str, message: impl AsRef<str>) {
        if self.quiet {
            return;
        }
        let style = if self.color { Style::new().bold().fg_color(Some(AnsiColor::BrightGreen.into())) } else { Style::new() };
        self.emit(&format!("{style}{label:>12}{style:#} {}", message.as_ref()), false);
    }

    /// An error with no location, printed like a diagnostic.
    pub fn error(&self, code: Code, message: impl Into<String>) {
        self.diagnostic(&Diagnostic::error(code, message), &SourceMap::new());
    }

    /// One diagnostic, the way `publish build` prints it (notes only when verbose or JSON).
    pub fn diagnostic(&self, d: &Diagnostic, sources: &SourceMap) {
        if self.json {
            self.emit(&render_json(d, sources), true);
        } else if d.severity != Severity::Note || self.verbose || (!self.quiet && crate::cli::ALWAYS_SHOWN.contains(&d.code)) {
            self.emit(render_human(d, sources, self.color).trim_end_matches('\n'), false);
        }
    }

    /// What a preprocessor wrote on stderr, passed on as it is (not with `json`, whose stdout is
    /// for tools; stderr still is).
    pub fn passthrough(&self, text: &str) {
        self.emit(text.trim_end_matches('\n'), false);
    }

    /// Prints why the book did not load or a preprocessor failed (`hint`: what that means for
    /// the preview); returns the same report without colour.
    pub fn load_failure(&self, failure: &quire::preprocess::LoadFailure, hint: &str) -> String {
        use quire::preprocess::LoadFailure;
        match failure {
            LoadFailure::Load(quire_core::LoadError::Invalid { diagnostics, sources }) if !diagnostics.is_empty() => {
                self.diagnostics(diagnostics, sources);
                diagnostics.iter().map(|d| render_human(d, sources, false)).collect::<Vec<_>>().join("\n")
            }
            LoadFailure::Preprocess { error, span, diagnostics, sources } => {
                self.diagnostics(diagnostics, sources);
                let mut d = Diagnostic::error(Code::PreprocessorFailed, error.to_string()).with_hint(hint);
                if let Some(span) = span {
                    d = d.with_span(*span);
                }
                self.diagnostic(&d, sources);
                render_human(&d, sources, false)
            }
            other => {
                self.error(Code::LoadFailed, other.to_string());
                format!("error[{}]: {other}", Code::LoadFailed)
            }
        }
    }

    /// Several diagnostics, sorted by place.
    pub fn diagnostics<'d>(&self, ds: impl IntoIterator<Item = &'d Diagnostic>, sources: &SourceMap) {
        let mut sorted: Vec<&Diagnostic> = ds.into_iter().collect();
        sorted.sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
        for d in sorted {
            self.diagnostic(d, sources);
        }
    }
}
