//! Unit tests of config loading.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::type_complexity)]

use super::*;
use crate::span::{SourceFile, SourceMap};

fn toml_cfg(text: &str) -> (Option<LoadedConfig>, Vec<Diagnostic>, SourceMap) {
    let mut sources = SourceMap::new();
    let id = sources.add(SourceFile::new("book.toml", text.to_string()));
    let mut d = Vec::new();
    let c = from_toml(text, id, "book.toml", false, &mut d);
    (c, d, sources)
}

fn loc(d: &Diagnostic, s: &SourceMap) -> String {
    d.location(s).unwrap_or_default()
}

#[test]
fn mdbook_config_with_foreign_tables_loads() {
    let text = "[book]\ntitle = \"T\"\nauthors = [\"A\"]\nmultilingual = false\n\n[rust]\nedition = \"2021\"\n\n[output.html]\nsmart-punctuation = true\nmathjax-support = true\nadditional-css = [\"x.css\"]\n\n[output.html.fold]\nenable = true\nlevel = 1\n\n[output.html.search]\ncopy-js = false\nlimit-results = 5\nsparkle = 1\n\n[output.markdown]\n\n[preprocessor.links]\n\n[preprocessor.toc]\ncommand = \"mdbook-toc\"\n";
    let (c, d, s) = toml_cfg(text);
    let c = c.map(|c| c.config).unwrap_or_default();
    assert_eq!(c.book.title.as_deref(), Some("T"));
    assert_eq!(c.output.html.smart_punctuation, Some(true));
    assert_eq!(c.output.html.mathjax_support, Some(true));
    assert!(d.iter().all(|d| d.severity == crate::diag::Severity::Note), "{d:?}");
    let msgs: Vec<(String, String)> = d.iter().map(|x| (x.message.clone(), loc(x, &s))).collect();
    // Preprocessors are run by the build, which notes what it does not run; not noted here.
    assert!(!msgs.iter().any(|(m, _)| m.contains("preprocessor")), "{msgs:?}");
    // External renderers are run by the build; mdBook's built-in markdown renderer is noted.
    assert!(msgs.iter().any(|(m, l)| m.contains("[output.markdown]") && l == "book.toml:23:1"), "{msgs:?}");
    // One note per ignored [output.html] key, at the key; honoured keys get none.
    assert!(!msgs.iter().any(|(m, _)| ["`fold`", "`enable`", "`level`", "`limit-results`"].iter().any(|k| m.starts_with(k))), "{msgs:?}");
    assert_eq!((c.output.html.fold.enable, c.output.html.fold.level), (Some(true), Some(1)));
    assert_eq!(c.output.html.search.limit_results, Some(5));
    // A key of [output.html.search] with no meaning in Quire is noted, saying why.
    let copy = msgs.iter().find(|(m, _)| m.contains("`copy-js` in [output.html.search]")).expect("copy-js noted");
    assert!(copy.0.contains("part of the site's own script") && copy.1 == "book.toml:19:1", "{copy:?}");
    assert!(msgs.iter().any(|(m, l)| m.contains("`sparkle` in [output.html.search]") && l == "book.toml:21:1"), "{msgs:?}");
    assert!(!msgs.iter().any(|(m, _)| m.contains("additional-css")), "{msgs:?}");
    assert_eq!(c.output.html.additional_css, [std::path::PathBuf::from("x.css")]);
    assert!(!msgs.iter().any(|(m, _)| m.contains("`links`")), "{msgs:?}");
    // Keys mdBook has that Quire would not act on are noted, never silently accepted.
    assert!(msgs.iter().any(|(m, l)| m.contains("`book.multilingual`") && l == "book.toml:4:1"), "{msgs:?}");
    // `[rust] edition` is the playground's edition: no note.
    assert!(!msgs.iter().any(|(m, _)| m.contains("`rust`")), "{msgs:?}");
}

#[test]
fn syntax_error_is_fatal_with_span() {
    let (c, d, s) = toml_cfg("[book]\ntitle = \"x\nsrc = 1\n");
    assert!(c.is_none());
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "config-syntax");
    assert!(loc(&d[0], &s).starts_with("book.toml:2:"), "{}", loc(&d[0], &s));
    assert!(d[0].hint.is_some());
}

#[test]
fn type_error_and_unknown_quire_key_point_at_the_key() {
    let (c, d, s) = toml_cfg("[book]\ntitle = \"Kept\"\n\n[quire]\ngitbook-compat = true\nfigure-numbers = true\n");
    let c = c.map(|c| c.config).unwrap_or_default();
    assert_eq!(c.book.title.as_deref(), Some("Kept"), "other tables still apply");
    assert_eq!(c.quire.gitbook_compat, None, "the broken table falls back to defaults");
    assert_eq!(d[0].code, "config-invalid");
    assert_eq!(d[0].severity, crate::diag::Severity::Error);
    assert_eq!(loc(&d[0], &s), "book.toml:6:1");
    assert!(d[0].message.contains("figure-numbers"), "{}", d[0].message);
    let (_, d, s) = toml_cfg("[book]\ntitle = 5\n");
    assert_eq!(d[0].code, "config-invalid");
    assert_eq!(loc(&d[0], &s), "book.toml:2:9");
}

#[test]
fn curly_quotes_is_smart_punctuation() {
    let (c, _, _) = toml_cfg("[output.html]\ncurly-quotes = true\n");
    assert_eq!(c.map(|c| c.config.output.html.smart_punctuation), Some(Some(true)));
}

#[test]
fn wabook_ini_parses_and_falls_back() {
    let mut d = Vec::new();
    let c = from_toml("[book]\ntitle = \"Go\"\nsrc = \".\"\n[custom]\nx = \"y\"\n", FileId(0), "book.ini", true, &mut d);
    assert_eq!(c.map(|c| c.config.book.title), Some(Some("Go".into())));
    let mut d = Vec::new();
    let c = from_toml("; comment\n[book]\ntitle = My Book\nauthors = Me\n", FileId(0), "book.ini", true, &mut d);
    let c = c.map(|c| c.config).unwrap_or_default();
    assert_eq!(c.book.title.as_deref(), Some("My Book"));
    assert_eq!(c.book.authors, vec!["Me".to_string()]);
}

#[test]
fn gitbook_json() {
    let mut d = Vec::new();
    let c = from_json("{}", FileId(0), &mut d).unwrap_or_default();
    assert_eq!(c.config, BookConfig::default());
    assert!(d.is_empty());
    let text = r#"{"title":"G","author":"Me","language":"zh-hans","root":"./docs","structure":{"summary":"TOC.md"},"plugins":["katex"]}"#;
    let c = from_json(text, FileId(0), &mut d).unwrap_or_default();
    assert_eq!(c.config.book.title.as_deref(), Some("G"));
    assert_eq!(c.config.book.authors, vec!["Me".to_string()]);
    assert!(c.config.is_cjk());
    assert_eq!(c.config.book.src, Some(PathBuf::from("./docs")));
    assert_eq!(c.summary.as_deref(), Some("TOC.md"));
    assert_eq!(d.len(), 1);
    assert!(d[0].message.contains("plugin `katex`") && d[0].message.contains("math"), "{}", d[0].message);
    let mut d = Vec::new();
    let c = from_json("{\"title\": 5, \"author\": \"X\"}", FileId(0), &mut d).unwrap_or_default();
    assert_eq!(c.config.book.title, None);
    assert_eq!(d.iter().map(|x| (x.code.name(), x.severity)).collect::<Vec<_>>(), vec![("config-invalid", crate::diag::Severity::Warning)]);
    let mut d = Vec::new();
    assert!(from_json("{\n  \"title\": ,\n}", FileId(0), &mut d).is_none());
    assert_eq!(d[0].code, "config-syntax");
}

#[test]
fn key_spans() {
    let t = "[book]\ntitle = 1\n[output.html]\nfoo = 2\n[output.html.search]\nx = 1\n";
    assert_eq!(key_span(t, &["book"], "title"), Some(7..12));
    assert_eq!(key_span(t, &["output", "html"], "search").map(|r| &t[r]), Some("[output.html.search]"));
    assert_eq!(key_span(t, &["output"], "html").map(|r| &t[r]), Some("[output.html]"));
    assert_eq!(key_span(t, &[], "nothing"), None);
}

#[test]
fn unknown_epub_and_pdf_keys_are_notes_at_their_line() {
    let (c, d, s) = toml_cfg("[output.epub]\ncover-image = \"c.png\"\nembed-fonts = false\n\n[output.pdf]\nlandscape = true\n");
    let c = c.map(|c| c.config).unwrap_or_default();
    assert_eq!(c.output.epub.embed_fonts, Some(false), "Quire's own keys still apply");
    let got: Vec<(&str, String)> = d.iter().map(|x| (x.code.name(), loc(x, &s))).collect();
    assert_eq!(got, vec![("config-unknown-key", "book.toml:2:1".into()), ("config-unknown-key", "book.toml:6:1".into())]);
    assert!(d.iter().all(|x| x.severity == crate::diag::Severity::Note));
    assert!(d[0].message.contains("`cover-image`") && d[1].message.contains("`landscape`"), "{d:?}");
    // A typo in [quire] next to foreign keys is still an error.
    let (_, d, s) = toml_cfg("[output.epub]\ncover-image = \"c.png\"\n[quire]\nbogus = 1\n");
    let err: Vec<(&str, String)> = d.iter().filter(|x| x.code == "config-invalid").map(|x| (x.code.name(), loc(x, &s))).collect();
    assert_eq!(err, vec![("config-invalid", "book.toml:4:1".to_string())], "{d:?}");
}

#[test]
fn quire_labels_replace_words_and_unknown_ones_are_noted() {
    let (c, d, _) = toml_cfg("[book]\nlanguage = \"ja\"\n\n[quire.labels]\nlisting = \"コード\"\nlistng = \"x\"\n");
    let c = c.expect("loads").config;
    assert_eq!(crate::i18n::Words::for_config(&c).listing, "コード");
    assert!(!c.quire.labels.contains_key("listng"));
    assert_eq!(d.iter().filter(|d| d.code == "config-unknown-key").count(), 1, "{d:#?}");
    assert!(d.iter().any(|d| d.message.contains("`listng`")), "{d:#?}");
}
