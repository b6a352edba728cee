//! GitBook/HonKit `book.json` keys beyond the book's metadata, mapped onto Quire's settings:
//!
//! - `variables` → the template variables of `{{ book.NAME }}` (see [`crate::include`]);
//! - `styles` → `website` to the site's `additional-css`, `ebook` and `epub` to the EPUB's
//!   `additional-css`; `pdf`, `mobi` and `print` get a note (the PDF is not set from CSS: its
//!   page size, margins, font size and fonts come from the `pdf` key);
//! - `pdf` → `[output.pdf]`: `paperSize`, `margin.top`/`bottom`/`left`/`right` (points, as in
//!   GitBook), `fontSize` and `fontFamily`; a note for each other key;
//! - `links.sidebar` → `[output.html] sidebar-links`, in the order book.json lists them; a note
//!   for the other `links` keys (`sharing`, `gitbook` …).

use crate::config_load::{json_key_span, LoadedConfig};
use crate::diag::{Code, Diagnostic};
use crate::span::FileId;
use serde_json::{Map, Value};
use std::path::PathBuf;

/// Points per millimetre.
const PT_PER_MM: f64 = 72.0 / 25.4;

/// Maps the keys above from `obj` (book.json) into `out`, with notes and warnings in `diags`.
pub fn map(obj: &Map<String, Value>, text: &str, file: FileId, out: &mut LoadedConfig, diags: &mut Vec<Diagnostic>) {
    let mut note = |key: &str, msg: String| diags.push(Diagnostic::note(Code::ConfigIgnored, msg).with_span(json_key_span(text, file, key)));
    for (k, v) in obj {
        if let Some(s) = v.as_str() {
            out.variables.insert(format!("config.{k}"), s.to_string());
        }
    }
    match obj.get("variables") {
        Some(Value::Object(vars)) => flatten("book", vars, &mut out.variables, 0),
        Some(Value::Null) | None => {}
        Some(_) => note("variables", "book.json `variables` should be an object of names; it is ignored".to_string()),
    }
    if let Some(styles) = obj.get("styles").and_then(Value::as_object) {
        for (k, v) in styles {
            let Some(path) = v.as_str().filter(|p| !p.trim().is_empty()) else { continue };
            let path = PathBuf::from(path);
            match k.as_str() {
                "website" => push_unique(&mut out.config.output.html.additional_css, path),
                "ebook" | "epub" => push_unique(&mut out.config.output.epub.additional_css, path),
                "pdf" | "print" => note(
                    k,
                    format!("book.json `styles.{k}`: the PDF is not set from CSS; its page size, margins, font size and fonts come from book.json `pdf` (or `[output.pdf]` in a book.toml)"),
                ),
                _ => note(k, format!("book.json `styles.{k}`: Quire makes no {k} edition; the stylesheet is not used")),
            }
        }
    }
    if let Some(pdf) = obj.get("pdf").and_then(Value::as_object) {
        map_pdf(pdf, out, &mut note);
    }
    if let Some(links) = obj.get("links").and_then(Value::as_object) {
        for (k, v) in links {
            match (k.as_str(), v) {
                ("sidebar", Value::Object(side)) => {
                    let from = text.find("\"sidebar\"").unwrap_or(0);
                    let mut list: Vec<(usize, String, String)> = side
                        .iter()
                        .filter_map(|(title, url)| {
                            let at = text.get(from..).and_then(|t| t.find(&format!("\"{title}\""))).unwrap_or(usize::MAX);
                            Some((at, title.clone(), url.as_str()?.to_string()))
                        })
                        .collect();
                    list.sort();
                    for (_, title, url) in list {
                        let link = crate::config::SidebarLink::new(title, url);
                        if link.is_safe() {
                            out.config.output.html.sidebar_links.push(link);
                        } else {
                            note("sidebar", format!("book.json `links.sidebar`: `{}` leads to `{}`, which is not an http(s), mailto or relative URL; left out", link.title, link.url));
                        }
                    }
                }
                (_, Value::Bool(false)) | (_, Value::Null) => {}
                _ => note(k, format!("book.json `links.{k}`: Quire's site has no such links; it is ignored")),
            }
        }
    }
}

/// GitBook's `pdf` options onto `[output.pdf]`.
fn map_pdf(pdf: &Map<String, Value>, out: &mut LoadedConfig, note: &mut impl FnMut(&str, String)) {
    let p = &mut out.config.output.pdf;
    for (k, v) in pdf {
        match (k.as_str(), v) {
            ("paperSize", Value::String(s)) => match paper_size(s) {
                Some(size) => p.page_size = Some(size),
                None => note(k, format!("book.json `pdf.paperSize` \"{s}\" is not a GitBook paper size (a0–a6, b0–b6, legal, letter); the default is used")),
            },
            ("fontSize", Value::Number(n)) => p.font_size = n.as_f64().map(|f| f as f32),
            ("fontFamily", Value::String(f)) => p.fonts = crate::config_fonts::FontChoice::from_list(vec![f.clone()]),
            ("margin", Value::Object(m)) => {
                for (side, v) in m {
                    let Some(mm) = v.as_f64().map(|pt| (pt / PT_PER_MM) as f32) else { continue };
                    match side.as_str() {
                        "top" => p.margin_top = Some(mm),
                        "bottom" => p.margin_bottom = Some(mm),
                        // GitBook's PDF has no binding side: its left margin is the inner one.
                        "left" => p.margin_inner = Some(mm),
                        "right" => p.margin_outer = Some(mm),
                        _ => note(side, format!("book.json `pdf.margin.{side}` is not a margin; it is ignored")),
                    }
                }
            }
            _ => note(k, format!("book.json `pdf.{k}` has no Quire counterpart; it is ignored (Quire's PDF sets its own headers, footers, page numbers and table of contents)")),
        }
    }
}

/// GitBook's paper size names as `WIDTHxHEIGHTmm`.
fn paper_size(name: &str) -> Option<String> {
    let (w, h): (f64, f64) = match name.to_ascii_lowercase().as_str() {
        "a0" => (841.0, 1189.0),
        "a1" => (594.0, 841.0),
        "a2" => (420.0, 594.0),
        "a3" => (297.0, 420.0),
        "a4" => (210.0, 297.0),
        "a5" => (148.0, 210.0),
        "a6" => (105.0, 148.0),
        "b0" => (1000.0, 1414.0),
        "b1" => (707.0, 1000.0),
        "b2" => (500.0, 707.0),
        "b3" => (353.0, 500.0),
        "b4" => (250.0, 353.0),
        "b5" => (176.0, 250.0),
        "b6" => (125.0, 176.0),
        "letter" => (215.9, 279.4),
        "legal" => (215.9, 355.6),
        _ => return None,
    };
    Some(format!("{w}x{h}mm"))
}

fn push_unique(list: &mut Vec<PathBuf>, p: PathBuf) {
    if !list.contains(&p) {
        list.push(p);
    }
}

/// `prefix.name` for each scalar of `vars`, nested objects as dotted names (bounded depth).
fn flatten(prefix: &str, vars: &Map<String, Value>, out: &mut crate::include::Variables, depth: usize) {
    if depth > 16 {
        return;
    }
    for (k, v) in vars {
        let name = format!("{prefix}.{k}");
        match v {
            Value::String(s) => {
                out.insert(name, s.clone());
            }
            Value::Number(_) | Value::Bool(_) => {
                out.insert(name, v.to_string());
            }
            Value::Null => {
                out.insert(name, String::new());
            }
            Value::Object(inner) => flatten(&name, inner, out, depth + 1),
            Value::Array(_) => {
                out.insert(name, v.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(json: &str) -> (LoadedConfig, Vec<String>) {
        let obj: Map<String, Value> = serde_json::from_str(json).unwrap_or_default();
        let mut out = LoadedConfig::default();
        let mut diags = Vec::new();
        map(&obj, json, FileId(0), &mut out, &mut diags);
        (out, diags.into_iter().map(|d| d.message).collect())
    }

    #[test]
    fn variables_styles_pdf_and_links_map() {
        let (c, notes) = load(
            r#"{"title": "T", "variables": {"version": "2.1", "n": 3, "deep": {"x": true}},
            "styles": {"website": "styles/site.css", "ebook": "styles/ebook.css", "pdf": "styles/pdf.css"},
            "pdf": {"paperSize": "letter", "fontSize": 11, "fontFamily": "Noto Serif", "margin": {"top": 72, "left": 36}, "headerTemplate": "x"},
            "links": {"sidebar": {"Zeta home": "https://z.example", "Alpha": "../a.html", "Bad": "javascript:alert(1)"}, "sharing": {"twitter": true}}}"#,
        );
        assert_eq!(c.variables.get("book.version").map(String::as_str), Some("2.1"));
        assert_eq!(c.variables.get("book.n").map(String::as_str), Some("3"));
        assert_eq!(c.variables.get("book.deep.x").map(String::as_str), Some("true"));
        assert_eq!(c.variables.get("config.title").map(String::as_str), Some("T"));
        assert_eq!(c.config.output.html.additional_css, [PathBuf::from("styles/site.css")]);
        assert_eq!(c.config.output.epub.additional_css, [PathBuf::from("styles/ebook.css")]);
        let p = &c.config.output.pdf;
        assert_eq!(p.page_size.as_deref(), Some("215.9x279.4mm"));
        assert_eq!((p.font_size, p.fonts.all.clone()), (Some(11.0), vec!["Noto Serif".to_string()]));
        assert!(p.margin_top.is_some_and(|m| (m - 25.4).abs() < 0.01) && p.margin_inner.is_some_and(|m| (m - 12.7).abs() < 0.01));
        let links: Vec<&str> = c.config.output.html.sidebar_links.iter().map(|l| l.title.as_str()).collect();
        assert_eq!(links, ["Zeta home", "Alpha"], "in book.json's order, unsafe URLs left out");
        for word in ["styles.pdf", "pdf.headerTemplate", "javascript:", "links.sharing"] {
            assert!(notes.iter().any(|n| n.contains(word)), "{word}: {notes:?}");
        }
    }
}
