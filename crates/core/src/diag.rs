//! Diagnostics: what went wrong (or looks wrong) in a manuscript, where, and how to fix it.
//!
//! The core and the renderers only *collect* diagnostics; the CLI prints them (rustc-style, or as
//! JSON). A diagnostic with no span concerns the book as a whole. Its [`Code`] comes from the one
//! list in [`codes`].

pub mod codes;
#[cfg(test)]
mod handbook_table;

pub use codes::{Code, Stage};

use crate::span::{SourceMap, Span};
use serde::Serialize;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a build.
    Note,
    /// Probably a mistake; fails the build only with `--deny-warnings`.
    Warning,
    /// The output is wrong or incomplete; the build exits non-zero.
    Error,
}

impl Severity {
    /// The severity's name in lower case, as printed (`warning[…]`) and serialised.
    pub const fn name(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One problem found in a book.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// What kind of problem it is; prints as a short stable name, e.g. `missing-image`.
    pub code: Code,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where it is, if it is in a file.
    pub span: Option<Span>,
    /// How to fix it, if we can say.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A new diagnostic with no span and no hint.
    pub fn new(severity: Severity, code: Code, message: impl Into<String>) -> Self {
        Diagnostic { severity, code, message: message.into(), span: None, hint: None }
    }

    /// An error.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A warning.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    /// A note.
    pub fn note(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, message)
    }

    /// Attaches a span.
    pub fn with_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    /// Attaches a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `file:line:col` of the span, if it has one.
    pub fn location(&self, sources: &SourceMap) -> Option<String> {
        let (path, lc) = sources.locate(self.span?)?;
        Some(format!("{}:{}:{}", path.display(), lc.line, lc.column))
    }

    /// A serialisable view with the span resolved to file/line/column.
    pub fn to_json(&self, sources: &SourceMap) -> DiagnosticJson {
        let loc = self.span.and_then(|s| sources.locate(s));
        DiagnosticJson {
            severity: self.severity,
            code: self.code,
            message: self.message.clone(),
            file: loc.map(|(p, _)| p.to_string_lossy().replace('\\', "/")),
            line: loc.map(|(_, lc)| lc.line),
            column: loc.map(|(_, lc)| lc.column),
            hint: self.hint.clone(),
        }
    }
}

/// A diagnostic with its location spelled out, as `--message-format json` prints it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DiagnosticJson {
    /// Severity.
    pub severity: Severity,
    /// Stable code (serialised as its name).
    pub code: Code,
    /// Message.
    pub message: String,
    /// Root-relative file path.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    /// Hint.
    pub hint: Option<String>,
}

/// A growing list of diagnostics.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// True if any is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number at `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.0.iter().filter(|d| d.severity == severity).count()
    }

    /// Adds all of `other`.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }
}
