//! Reading the book's configuration into [`BookConfig`]: mdBook's `book.toml`, WaBook's
//! `book.ini` (TOML-like; a tiny INI reader is the fallback) and GitBook/HonKit's `book.json`.
//!
//! Syntax errors are fatal ([`LoadError::Invalid`]); a type error or an unknown key in `[quire]`
//! is an Error diagnostic with the span of the bad key and that table falls back to defaults; a
//! number out of its range ([`crate::config_ranges`]) is an Error at the value and that key falls
//! back to its default; an unknown key in `[output.*]`, and tables and keys Quire does not use,
//! get a Note naming the key at its line.

use crate::diag::Code;
use crate::config::BookConfig;
use crate::diag::Diagnostic;
use crate::error::LoadError;
use crate::files::Files;
use crate::folder_layout::Layout;
use crate::span::{FileId, Span};
use std::ops::Range;
use std::path::PathBuf;

/// The config plus the layout facts it decides.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct LoadedConfig {
    /// The configuration.
    pub config: BookConfig,
    /// SUMMARY file name relative to the source folder (GitBook's `structure.summary`).
    pub summary: Option<String>,
    /// README file name (GitBook's `structure.readme`).
    pub readme: Option<String>,
    /// GLOSSARY file name (GitBook's `structure.glossary`).
    pub glossary: Option<String>,
    /// GitBook's template variables: `book.NAME` for each of book.json's `variables` (nested
    /// objects give dotted names), `config.KEY` for its top-level strings.
    pub variables: crate::include::Variables,
}

/// Top-level tables Quire reads. Keys Quire accepts but would not act on are left out of these
/// lists on purpose, so that they get a note (the handbook's compatibility chapter lists them).
pub const TOP: &[&str] = &["book", "build", "quire", "output", "preprocessor", "rust"];
/// Keys of `[book]` Quire acts on.
pub const BOOK: &[&str] =
    &["title", "authors", "description", "language", "src", "text-direction", "publisher", "subjects", "identifier", "cover"];
/// Keys of `[build]` Quire acts on.
pub const BUILD: &[&str] = &["build-dir"];
/// Keys of mdBook's `[output.html]` Quire acts on (besides `curly-quotes`, the old name of
/// `smart-punctuation`).
pub const HTML: &[&str] =
    &["smart-punctuation", "mathjax-support", "git-repository-url", "edit-url-template", "site-url", "raw-html", "code", "additional-css", "additional-js", "redirect", "sidebar-links", "playground", "playpen", "cname", "print", "fold", "search", "input-404"];
/// Keys of mdBook's `[output.html.fold]` Quire acts on.
pub const HTML_FOLD: &[&str] = &["enable", "level"];
/// Keys of mdBook's `[output.html.search]` Quire acts on (`copy-js` gets a note: Quire's search
/// code is part of its own script).
pub const HTML_SEARCH: &[&str] =
    &["enable", "limit-results", "teaser-word-count", "use-boolean-and", "boost-title", "boost-hierarchy", "boost-paragraph", "expand", "heading-split-level", "chapter"];

/// Loads the configuration of a book with the given layout (defaults when it has no config file).
pub fn load_config(layout: Layout, files: &mut Files<'_>) -> Result<LoadedConfig, LoadError> {
    let Some(name) = layout.config_file() else { return Ok(LoadedConfig::default()) };
    let path = files.root.join(name);
    // A FIFO or device named like the config is refused by `Files::read`, not taken as absent.
    if !files.source.exists(&path) || files.source.is_dir(&path) {
        if layout == Layout::GitBook && files.source.is_file(&files.root.join("book.js")) {
            files.diagnostics.push(
                Diagnostic::note(Code::ConfigIgnored, "book.js is JavaScript and is not read; defaults apply")
                    .with_hint("put the settings in book.json (title, author, language, root, structure)"),
            );
        }
        return Ok(LoadedConfig::default());
    }
    let id = files.read(&path).map_err(|source| LoadError::Io { path: path.clone(), source })?;
    let text = files.text(id).to_string();
    let mut diags = Vec::new();
    let loaded = match layout {
        Layout::GitBook => from_json(&text, id, &mut diags),
        Layout::WaBook => from_toml(&text, id, name, true, &mut diags),
        _ => from_toml(&text, id, name, false, &mut diags),
    };
    match loaded {
        Some(l) => {
            files.diagnostics.extend(diags);
            Ok(l)
        }
        None => {
            let mut all = std::mem::take(&mut files.diagnostics);
            all.extend(diags);
            Err(LoadError::Invalid { diagnostics: all, sources: files.sources.clone() })
        }
    }
}

fn from_toml(text: &str, file: FileId, name: &str, ini: bool, diags: &mut Vec<Diagnostic>) -> Option<LoadedConfig> {
    let table: toml::Table = match text.parse::<toml::Table>() {
        Ok(t) => t,
        Err(e) => match ini.then(|| ini_table(text)).flatten() {
            Some(t) => t,
            None => {
                let span = e.span().map_or(Span::file_start(file), |r| Span::new(file, r.start, r.end));
                diags.push(
                    Diagnostic::error(Code::ConfigSyntax, format!("{name} is not valid TOML: {}", e.message().trim()))
                        .with_span(span)
                        .with_hint(format!("fix the syntax of {name} (strings need quotes, tables are `[name]`)")),
                );
                return None;
            }
        },
    };
    let mut table = table;
    let foreign = strip_foreign_renderer_keys(&mut table, text, file, name, diags);
    let strict = toml::from_str::<BookConfig>(text);
    let foreign_only = match &strict {
        Err(e) => foreign.iter().any(|k| e.message().contains(&format!("`{k}`"))),
        Ok(_) => false,
    };
    if foreign_only {
        if let Err(e) = toml::Value::Table(table.clone()).try_into::<BookConfig>() {
            diags.push(
                Diagnostic::error(Code::ConfigInvalid, format!("{name}: {}", e.message().trim()))
                    .with_span(unknown_field_span(text, e.message()).map_or(Span::file_start(file), |r| Span::new(file, r.start, r.end)))
                    .with_hint("check the key's spelling and value type"),
            );
            drop_bad_tables(&mut table, text, file, name, diags);
        }
    } else if let Err(e) = strict {
        let span = e.span().map_or(Span::file_start(file), |r| Span::new(file, r.start, r.end));
        diags.push(
            Diagnostic::error(Code::ConfigInvalid, format!("{name}: {}", e.message().trim()))
                .with_span(span)
                .with_hint("check the key's spelling and value type; Quire's own tables ([quire], [output.epub], [output.pdf]) accept only documented keys"),
        );
        drop_bad_tables(&mut table, text, file, name, diags);
    }
    note_unused(&table, text, file, name, diags);
    let mut config: BookConfig = toml::Value::Table(table).try_into().unwrap_or_default();
    crate::config_ranges::check_ranges(&mut config, text, file, name, diags);
    note_unknown_labels(&mut config, text, file, name, diags);
    if let Some(toml::Value::Boolean(b)) = config.output.html.other.get("curly-quotes") {
        config.output.html.smart_punctuation.get_or_insert(*b);
    }
    Some(LoadedConfig { config, ..LoadedConfig::default() })
}

/// Keys of `[quire.labels]` that name no word Quire writes: a note each, and the key is dropped.
fn note_unknown_labels(config: &mut BookConfig, text: &str, file: FileId, name: &str, diags: &mut Vec<Diagnostic>) {
    let unknown: Vec<String> = config.quire.labels.keys().filter(|k| !crate::i18n::Words::is_key(k)).cloned().collect();
    for k in unknown {
        config.quire.labels.remove(&k);
        let span = key_span(text, &["quire", "labels"], &k).map_or(Span::file_start(file), |r| Span::new(file, r.start, r.end));
        diags.push(
            Diagnostic::note(Code::ConfigUnknownKey, format!("`{k}` in [quire.labels] of {name} names no label; it is ignored"))
                .with_span(span)
                .with_hint(format!("the labels are: {}", crate::i18n::Words::keys().collect::<Vec<_>>().join(", "))),
        );
    }
}

const EPUB: &[&str] = &["embed-fonts", "cover", "additional-css"];
const PDF: &[&str] =
    &["page-size", "font-size", "margin-inner", "margin-outer", "margin-top", "margin-bottom", "fonts", "system-fonts", "line-break", "running-head", "print", "math-font", "tagged", "cover-page", "standard"];
const PRINT: &[&str] = &["enabled", "bleed", "marks", "slug", "signature", "pdfx", "paper-ppi", "caliper", "cover"];

/// Unknown keys in `[output.epub]`, `[output.pdf]` and `[output.pdf.print]` (often the settings
/// of mdBook's own epub/pdf backends) are removed before the strict tables are read, each with a
/// Note naming it at its line. Returns the removed key names.
fn strip_foreign_renderer_keys(
    table: &mut toml::Table,
    text: &str,
    file: FileId,
    name: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut removed = Vec::new();
    let Some(toml::Value::Table(out)) = table.get_mut("output") else { return removed };
    let tables: [(&[&str], &[&str]); 3] = [(&["epub"], EPUB), (&["pdf"], PDF), (&["pdf", "print"], PRINT)];
    for (path, known) in tables {
        let target = match path {
            [a] => out.get_mut(*a),
            [a, b] => match out.get_mut(*a) {
                Some(toml::Value::Table(inner)) => inner.get_mut(*b),
                _ => None,
            },
            _ => None,
        };
        let Some(toml::Value::Table(t)) = target else { continue };
        let header = format!("output.{}", path.join("."));
        let full: Vec<&str> = std::iter::once("output").chain(path.iter().copied()).collect();
        let foreign: Vec<String> = t.keys().filter(|k| !known.contains(&k.as_str())).cloned().collect();
        for k in &foreign {
            let span = key_span(text, &full, k).map_or(Span::file_start(file), |r| Span::new(file, r.start, r.end));
            diags.push(
                Diagnostic::note(Code::ConfigUnknownKey, format!("`{k}` in [{header}] of {name} is not a Quire setting; it is ignored"))
                    .with_span(span)
                    .with_hint(format!("check the spelling; Quire's keys in [{header}] are: {}", known.join(", "))),
            );
            t.remove(k);
        }
        removed.extend(foreign);
    }
    removed
}

/// The line of the key named in an "unknown field `x`" message (first `x = …` line).
fn unknown_field_span(text: &str, message: &str) -> Option<Range<usize>> {
    let key = message.split("unknown field `").nth(1)?.split('`').next()?;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('=')) {
            let start = offset + line.len() - t.len();
            return Some(start..start + key.len());
        }
        offset += line.len();
    }
    None
}

/// Removes the tables that do not deserialize (so the rest of the config still applies).
fn drop_bad_tables(table: &mut toml::Table, text: &str, file: FileId, name: &str, diags: &mut Vec<Diagnostic>) {
    let ok = |t: toml::Table| toml::Value::Table(t).try_into::<BookConfig>().is_ok();
    let mut bad: Vec<Vec<String>> = Vec::new();
    for (k, v) in table.iter() {
        if k == "output" {
            if let toml::Value::Table(out) = v {
                for (ok_key, ov) in out {
                    let mut inner = toml::Table::new();
                    inner.insert(ok_key.clone(), ov.clone());
                    let mut t = toml::Table::new();
                    t.insert("output".into(), toml::Value::Table(inner));
                    if !ok(t) {
                        bad.push(vec!["output".into(), ok_key.clone()]);
                    }
                }
                continue;
            }
        }
        let mut t = toml::Table::new();
        t.insert(k.clone(), v.clone());
        if !ok(t) {
            bad.push(vec![k.clone()]);
        }
    }
    for path in bad {
        let header = path.join(".");
        let parts: Vec<&str> = path.iter().map(String::as_str).collect();
        let (last, parents) = parts.split_last().map_or(("", &[][..]), |(l, p)| (*l, p));
        let span = key_span(text, parents, last);
        diags.push(
            Diagnostic::note(Code::ConfigIgnored, format!("[{header}] in {name} is ignored because of the error above"))
                .with_span(span.map_or(Span::file_start(file), |r| Span::new(file, r.start, r.end))),
        );
        match path.as_slice() {
            [top] => {
                table.remove(top);
            }
            [top, sub] => {
                if let Some(toml::Value::Table(t)) = table.get_mut(top) {
                    t.remove(sub);
                }
            }
            _ => {}
        }
    }
}

/// Notes for tables and keys that load but that Quire does not use.
fn note_unused(table: &toml::Table, text: &str, file: FileId, name: &str, diags: &mut Vec<Diagnostic>) {
    let mut note = |path: &[&str], key: &str, msg: String| {
        let span = key_span(text, path, key).map_or(Span::file_start(file), |r| Span::new(file, r.start, r.end));
        diags.push(Diagnostic::note(Code::ConfigIgnored, msg).with_span(span));
    };
    for (k, v) in table {
        if !TOP.contains(&k.as_str()) {
            note(&[], k, format!("`{k}` in {name} is not used by Quire"));
        }
        let (known, sub): (&[&str], &str) = match k.as_str() {
            "book" => (BOOK, "book"),
            "build" => (BUILD, "build"),
            // mdBook's `[rust]`: the playground's edition.
            "rust" => (&["edition"], "rust"),
            _ => (&[], ""),
        };
        if let (false, toml::Value::Table(t)) = (sub.is_empty(), v) {
            for key in t.keys().filter(|key| !known.contains(&key.as_str())) {
                note(&[sub], key, format!("`{sub}.{key}` in {name} is not used by Quire"));
            }
        }
    }
    // `[preprocessor.*]` tables are run by the build (the `quire` crate), which notes the ones
    // it does not run.
    if let Some(toml::Value::Table(out)) = table.get("output") {
        // Other `[output.NAME]` tables are external renderers, run by the build (the `quire`
        // crate) as mdBook runs them; mdBook's built-in `markdown` renderer is not one Quire has.
        if out.contains_key("markdown") {
            note(&["output"], "markdown", "`[output.markdown]` is mdBook's built-in Markdown renderer, which Quire does not have; it is ignored".to_string());
        }
        if let Some(toml::Value::Table(html)) = out.get("html") {
            // One note per key, at the key, so that each thing that did not happen is visible.
            for k in html.keys().map(String::as_str).filter(|k| !HTML.contains(k) && *k != "curly-quotes") {
                note(&["output", "html"], k, format!("`{k}` in [output.html] is not used by Quire; it is ignored"));
            }
            // The keys of the sub-tables Quire reads, one note per key it does not act on.
            for (sub, known) in [("fold", HTML_FOLD), ("search", HTML_SEARCH)] {
                let Some(toml::Value::Table(t)) = html.get(sub) else { continue };
                for k in t.keys().map(String::as_str).filter(|k| !known.contains(k)) {
                    let why = match (sub, k) {
                        ("search", "copy-js") => "Quire's search code is part of the site's own script, which is always written".to_string(),
                        _ => format!("Quire's keys there are: {}", known.join(", ")),
                    };
                    note(&["output", "html", sub], k, format!("`{k}` in [output.html.{sub}] is not used by Quire ({why}); it is ignored"));
                }
            }
        }
    }
}

/// Byte range of `key` in table `table` (`[]` for the root), found textually: a `[table.key…]`
/// header, or a `key = …` line under the `[table]` header.
pub fn key_span(text: &str, table: &[&str], key: &str) -> Option<Range<usize>> {
    let table_name = table.join(".");
    let full = if table_name.is_empty() { key.to_string() } else { format!("{table_name}.{key}") };
    let mut current = String::new();
    let mut offset = 0usize;
    let mut header_of_table = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(h) = trimmed.strip_prefix('[') {
            let h = h.trim_start_matches('[');
            let inner = h.split(']').next().unwrap_or("").trim().to_string();
            if inner == full || inner.starts_with(&format!("{full}.")) {
                return Some(offset + indent..offset + trimmed.trim_end().len() + indent);
            }
            if inner == table_name {
                header_of_table = Some(offset + indent..offset + indent + trimmed.trim_end().len());
            }
            current = inner;
        } else if current == table_name {
            let bare = trimmed.trim_start_matches('"');
            if let Some(after) = bare.strip_prefix(key) {
                if after.starts_with([' ', '\t', '=', '.', '"']) {
                    let start = offset + indent;
                    return Some(start..start + key.len() + (trimmed.len() - bare.len()));
                }
            }
        }
        offset += line.len();
    }
    header_of_table
}

/// A tiny INI reader: `[section]`, `key = value` (quotes stripped), `#`/`;` comments.
fn ini_table(text: &str) -> Option<toml::Table> {
    let mut root = toml::Table::new();
    let mut section: Option<String> = None;
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') || l.starts_with(';') {
            continue;
        }
        if let Some(name) = l.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            section = Some(name.trim().to_string());
            continue;
        }
        let (k, v) = l.split_once('=')?;
        let v = v.trim();
        let value = match v {
            "true" => toml::Value::Boolean(true),
            "false" => toml::Value::Boolean(false),
            _ => toml::Value::String(v.trim_matches('"').trim_matches('\'').to_string()),
        };
        let target = match &section {
            None => &mut root,
            Some(s) => {
                let mut t = &mut root;
                for part in s.split('.') {
                    let entry = t.entry(part.to_string()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
                    t = match entry {
                        toml::Value::Table(inner) => inner,
                        _ => return None,
                    };
                }
                t
            }
        };
        target.insert(k.trim().to_string(), value);
    }
    if let Some(toml::Value::Table(book)) = root.get_mut("book") {
        if let Some(toml::Value::String(a)) = book.get("authors").cloned() {
            book.insert("authors".into(), toml::Value::Array(vec![toml::Value::String(a)]));
        }
    }
    Some(root)
}

/// GitBook/HonKit's `book.json`.
fn from_json(text: &str, file: FileId, diags: &mut Vec<Diagnostic>) -> Option<LoadedConfig> {
    let value: serde_json::Value = if text.trim().is_empty() {
        serde_json::Value::Object(serde_json::Map::new())
    } else {
        match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                let off = line_col_offset(text, e.line(), e.column());
                diags.push(
                    Diagnostic::error(Code::ConfigSyntax, format!("book.json is not valid JSON: {e}"))
                        .with_span(Span::new(file, off, off))
                        .with_hint("fix the JSON syntax (no trailing commas, keys in double quotes)"),
                );
                return None;
            }
        }
    };
    let mut out = LoadedConfig::default();
    let Some(obj) = value.as_object() else {
        diags.push(
            Diagnostic::error(Code::ConfigInvalid, "book.json must be a JSON object")
                .with_span(Span::file_start(file))
                .with_hint("write `{}` for an empty configuration"),
        );
        return Some(out);
    };
    for k in ["title", "description", "language", "author", "root", "cover"] {
        if obj.get(k).is_some_and(|v| !v.is_string() && !v.is_null()) {
            diags.push(
                Diagnostic::warning(Code::ConfigInvalid, format!("book.json: \"{k}\" should be a string; it is ignored"))
                    .with_span(json_key_span(text, file, k))
                    .with_hint(format!("write \"{k}\": \"…\"")),
            );
        }
    }
    let s = |k: &str| obj.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let b = &mut out.config.book;
    b.title = s("title");
    b.description = s("description");
    b.language = s("language");
    b.authors = s("author").into_iter().collect();
    b.src = s("root").map(PathBuf::from);
    b.cover = s("cover").map(PathBuf::from);
    if let Some(st) = obj.get("structure").and_then(|v| v.as_object()) {
        let g = |k: &str| st.get(k).and_then(|v| v.as_str()).map(str::to_string);
        out.readme = g("readme");
        out.summary = g("summary");
        out.glossary = g("glossary");
    }
    if let Some(q) = obj.get("quire") {
        match serde_json::from_value(q.clone()) {
            Ok(qc) => out.config.quire = qc,
            Err(e) => diags.push(
                Diagnostic::error(Code::ConfigInvalid, format!("book.json: \"quire\": {e}"))
                    .with_span(json_key_span(text, file, "quire"))
                    .with_hint("check the key names and value types of the \"quire\" object"),
            ),
        }
    }
    crate::config_gitbook::map(obj, text, file, &mut out, diags);
    crate::config_gitbook_plugins::notes(obj, text, file, diags);
    const KNOWN: &[&str] = &["title", "description", "language", "author", "root", "cover", "structure", "quire", "variables", "styles", "pdf", "links", "plugins"];
    for k in obj.keys().filter(|k| !KNOWN.contains(&k.as_str())) {
        let empty = match obj.get(k) {
            Some(serde_json::Value::Array(a)) => a.is_empty(),
            Some(serde_json::Value::Object(o)) => o.is_empty(),
            _ => false,
        };
        if !empty {
            let msg = match k.as_str() {
                "pluginsConfig" => format!("book.json `{k}`: GitBook plugins are not run by Quire, so their settings are not used"),
                _ => format!("book.json `{k}` is not used by Quire"),
            };
            diags.push(Diagnostic::note(Code::ConfigIgnored, msg).with_span(json_key_span(text, file, k)));
        }
    }
    Some(out)
}

pub(crate) fn json_key_span(text: &str, file: FileId, key: &str) -> Span {
    let quoted = format!("\"{key}\"");
    text.find(&quoted).map_or(Span::file_start(file), |i| Span::new(file, i, i + quoted.len()))
}

/// Byte offset of a 1-based line and column (clamped).
fn line_col_offset(text: &str, line: usize, col: usize) -> usize {
    let mut off = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within: usize = l.chars().take(col.saturating_sub(1)).map(char::len_utf8).sum();
            return off + within;
        }
        off += l.len();
    }
    text.len()
}

#[cfg(test)]
#[path = "config_load_tests.rs"]
mod tests;
