//! The allowed ranges of the lengths, sizes and counts in `[output.*]`, checked when the config
//! is loaded: a value out of its range, or not finite (`inf`, `nan`), is an Error diagnostic at
//! the value in `book.toml` with the range as the hint, and the key falls back to its default, so
//! no renderer ever sees it.

use crate::diag::Code;
use crate::config::BookConfig;
use crate::config_load::key_span;
use crate::diag::Diagnostic;
use crate::span::{FileId, Span};
use std::ops::Range;

/// One checked key: where it lives, its range and its unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// Table path (`["output", "pdf"]`).
    pub table: &'static [&'static str],
    /// Key name.
    pub key: &'static str,
    /// Smallest allowed value.
    pub min: f64,
    /// Largest allowed value.
    pub max: f64,
    /// Unit for the hint ("mm", "pt" …).
    pub unit: &'static str,
}

const PDF: &[&str] = &["output", "pdf"];
const PRINT: &[&str] = &["output", "pdf", "print"];

/// Every numeric key of `[output.*]` with its range.
pub const BOUNDS: &[Bound] = &[
    Bound { table: PDF, key: "font-size", min: 5.0, max: 30.0, unit: "pt" },
    Bound { table: PDF, key: "margin-inner", min: 0.0, max: 100.0, unit: "mm" },
    Bound { table: PDF, key: "margin-outer", min: 0.0, max: 100.0, unit: "mm" },
    Bound { table: PDF, key: "margin-top", min: 0.0, max: 100.0, unit: "mm" },
    Bound { table: PDF, key: "margin-bottom", min: 0.0, max: 100.0, unit: "mm" },
    Bound { table: PRINT, key: "bleed", min: 0.0, max: 20.0, unit: "mm" },
    Bound { table: PRINT, key: "signature", min: 1.0, max: 128.0, unit: "pages" },
    Bound { table: PRINT, key: "paper-ppi", min: 100.0, max: 2000.0, unit: "pages per inch" },
    Bound { table: PRINT, key: "caliper", min: 0.01, max: 2.0, unit: "mm per leaf" },
];

impl Bound {
    /// True when `v` is finite and within the range.
    pub fn contains(&self, v: f64) -> bool {
        v.is_finite() && (self.min..=self.max).contains(&v)
    }
}

/// The number a key holds, as `f64`, to check and clear.
enum Slot<'a> {
    F32(&'a mut Option<f32>),
    U32(&'a mut Option<u32>),
}

impl Slot<'_> {
    fn get(&self) -> Option<f64> {
        match self {
            Slot::F32(v) => v.map(f64::from),
            Slot::U32(v) => v.map(f64::from),
        }
    }

    fn clear(&mut self) {
        match self {
            Slot::F32(v) => **v = None,
            Slot::U32(v) => **v = None,
        }
    }
}

fn slot<'a>(config: &'a mut BookConfig, b: &Bound) -> Option<Slot<'a>> {
    let pdf = &mut config.output.pdf;
    Some(match (b.table.len(), b.key) {
        (2, "font-size") => Slot::F32(&mut pdf.font_size),
        (2, "margin-inner") => Slot::F32(&mut pdf.margin_inner),
        (2, "margin-outer") => Slot::F32(&mut pdf.margin_outer),
        (2, "margin-top") => Slot::F32(&mut pdf.margin_top),
        (2, "margin-bottom") => Slot::F32(&mut pdf.margin_bottom),
        (3, key) => {
            let print = pdf.print.as_mut()?;
            match key {
                "bleed" => Slot::F32(&mut print.bleed),
                "signature" => Slot::U32(&mut print.signature),
                "paper-ppi" => Slot::F32(&mut print.paper_ppi),
                "caliper" => Slot::F32(&mut print.caliper),
                _ => return None,
            }
        }
        _ => return None,
    })
}

/// Checks every key of [`BOUNDS`] in `config` (read from `text`, file `file` named `name`);
/// each bad value is an error at the value and is cleared to its default.
pub fn check_ranges(config: &mut BookConfig, text: &str, file: FileId, name: &str, diags: &mut Vec<Diagnostic>) {
    for b in BOUNDS {
        let Some(mut s) = slot(config, b) else { continue };
        let Some(v) = s.get() else { continue };
        if b.contains(v) {
            continue;
        }
        s.clear();
        let span = value_span(text, b.table, b.key).map_or(Span::file_start(file), |r| Span::new(file, r.start, r.end));
        let shown = if v.is_nan() { "nan".to_string() } else { format!("{v}") };
        diags.push(
            Diagnostic::error(
                Code::ConfigOutOfRange,
                format!("`[{}] {}` in {name} is {shown}, outside its range; the default is used", b.table.join("."), b.key),
            )
            .with_span(span)
            .with_hint(format!("{} is in {}, from {} to {}", b.key, b.unit, b.min, b.max)),
        );
    }
}

/// Byte range of the value of `key = value` in `table` (the key's span when the value cannot be
/// found, e.g. in an inline table).
pub fn value_span(text: &str, table: &[&str], key: &str) -> Option<Range<usize>> {
    let k = key_span(text, table, key)?;
    let rest = &text[k.end..];
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let Some(eq) = line.find('=').filter(|i| line[..*i].trim().trim_matches('"').is_empty()) else { return Some(k) };
    let after = &line[eq + 1..];
    let value = after.split('#').next().unwrap_or("").trim();
    if value.is_empty() {
        return Some(k);
    }
    let start = k.end + eq + 1 + (after.len() - after.trim_start().len());
    Some(start..start + value.len())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found() {
        let t = "[output.pdf]\nmargin-top = inf # no\nfont-size=-5\n[output.pdf.print]\nbleed = 1e9\n";
        assert_eq!(value_span(t, PDF, "margin-top").map(|r| &t[r]), Some("inf"));
        assert_eq!(value_span(t, PDF, "font-size").map(|r| &t[r]), Some("-5"));
        assert_eq!(value_span(t, PRINT, "bleed").map(|r| &t[r]), Some("1e9"));
    }

    #[test]
    fn bad_numbers_are_errors_and_cleared() {
        let t = "[output.pdf]\nmargin-top = inf\nfont-size = 0\nmargin-inner = 12\n[output.pdf.print]\ncaliper = nan\nsignature = 0\n";
        let mut c: BookConfig = toml::from_str(t).unwrap();
        let mut d = Vec::new();
        check_ranges(&mut c, t, FileId(0), "book.toml", &mut d);
        let got: Vec<(&str, &str)> =
            d.iter().map(|x| (x.code.name(), x.span.map_or("", |s| &t[s.start as usize..s.end as usize]))).collect();
        let want = ["0", "inf", "0", "nan"].map(|v| ("config-out-of-range", v));
        assert_eq!(got, want);
        assert!(d.iter().all(|x| x.severity == crate::diag::Severity::Error && x.hint.is_some()));
        assert_eq!((c.output.pdf.margin_top, c.output.pdf.font_size, c.output.pdf.margin_inner), (None, None, Some(12.0)));
        let p = c.output.pdf.print.unwrap();
        assert_eq!((p.caliper, p.signature), (None, None));
    }
}
