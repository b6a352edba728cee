//! mdBook preprocessors, run as mdBook 0.5 runs them: each `[preprocessor.NAME]` of book.toml is
//! the command `mdbook-NAME` (or its `command`, shell-split, relative to the book root). For each
//! renderer (`html`, `epub`, `pdf`) it is asked `<cmd> supports <renderer>` (exit 0 = yes) unless
//! its `renderers` list decides; it gets `[context, book]` as JSON on stdin and prints the book
//! back on stdout. Its stderr is passed on to the user. `before`/`after` order them; `optional`
//! turns a missing command into a warning; `links` and `index` are built in (Quire expands
//! `{{#include}}` and names README pages itself).
//!
//! Running processes is disk and process access: it lives here, in the build library, between
//! [`quire_core::RawBook::load`] and [`quire_core::RawBook::finish_many`], never in a renderer.

mod config;
pub(crate) mod json;
mod load;
mod order;
pub(crate) mod run;

pub use config::{Preprocessor, BUILT_IN, READ_NATIVELY};
pub use load::{load, load_memo, load_raw, reload_memo, LoadFailure, Loaded, Reload};
pub use run::PreprocessError;

use quire_core::Code;
use quire_core::{ChapterEdit, Diagnostic, OutlineEntry, RawBook};
use std::collections::BTreeMap;

/// The mdBook version Quire reports to preprocessors (`mdbook_version` of the context). The book
/// is sent in this version's shape (`items`) and, for plugins built on mdBook 0.4, also as
/// `sections`; either comes back.
pub const MDBOOK_VERSION: &str = "0.5.0";

/// What the preprocessors did for one renderer.
#[derive(Debug, Clone, Default)]
pub struct RendererRun {
    /// The renderer (`html`, `epub`, `pdf`).
    pub renderer: String,
    /// Chapter texts they changed (when the chapters themselves stayed the same).
    pub edits: Vec<ChapterEdit>,
    /// The book's new chapter list, when they added, removed, renamed or moved chapters (see
    /// [`RawBook::restructured`]); `edits` is then empty.
    pub outline: Option<Restructure>,
    /// The names of the preprocessors that ran, in order.
    pub ran: Vec<String>,
    /// The book's items (mdBook's JSON) as the last preprocessor returned them, when any ran:
    /// what an external renderer ([`crate::renderers`]) is given.
    pub items: Option<Vec<serde_json::Value>>,
}

/// A chapter list a renderer's preprocessors returned, and which of them changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restructure {
    /// The chapters in reading order, with their texts.
    pub entries: Vec<OutlineEntry>,
    /// What produced it (`preprocessor `toc``, `preprocessors `a`, `b``).
    pub by: String,
}

/// The outcome of running the book's preprocessors for some renderers.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Preprocessed {
    /// One run per renderer asked for, in the order asked.
    pub runs: Vec<RendererRun>,
    /// Notes and warnings (a preprocessor skipped, an optional one missing …).
    pub diagnostics: Vec<Diagnostic>,
    /// What each preprocessor wrote on stderr, in the order they ran (passed on to the user).
    pub stderr: Vec<(String, String)>,
}

/// Where `[preprocessor.<name>]` is in book.toml, for diagnostics about it.
pub fn span_of(raw: &RawBook, name: &str) -> Option<quire_core::Span> {
    let id = raw.sources().find(std::path::Path::new("book.toml"))?;
    let text = raw.sources().get(id)?.text.as_str();
    let r = quire_core::config_load::key_span(text, &["preprocessor"], name)?;
    Some(quire_core::Span::new(id, r.start, r.end))
}

fn at(raw: &RawBook, name: &str, d: Diagnostic) -> Diagnostic {
    match span_of(raw, name) {
        Some(s) => d.with_span(s),
        None => d,
    }
}

/// The book's `[preprocessor.*]` tables, ordered by `before`/`after`; the built-ins (`links`,
/// `index`) are left out: Quire's loading does their work.
pub fn configured(raw: &RawBook) -> Result<Vec<Preprocessor>, PreprocessError> {
    let list: Vec<Preprocessor> = raw
        .config
        .preprocessor
        .iter()
        .filter(|(name, _)| !BUILT_IN.contains(&name.as_str()))
        .map(|(name, v)| Preprocessor::from_table(name, v))
        .collect::<Result<_, _>>()?;
    order::sort(list)
}

/// Runs the book's preprocessors once for each renderer in `renderers` (each asks with its own
/// name), returning the chapter texts they changed, or the new chapter list when they added,
/// removed, renamed or moved chapters (each preprocessor gets the book the one before returned,
/// as in mdBook). A failure stops everything: the error names the preprocessor, with the tail of
/// its stderr.
pub fn run_for(raw: &RawBook, renderers: &[&str]) -> Result<Preprocessed, PreprocessError> {
    let list = configured(raw)?;
    let mut out = Preprocessed::default();
    if list.is_empty() {
        out.runs = renderers.iter().map(|r| RendererRun { renderer: (*r).to_string(), ..Default::default() }).collect();
        return Ok(out);
    }
    let timeout = raw.config.quire.preprocessor_timeout();
    let config = json::config_json(raw);
    // Whether each preprocessor supports each renderer: asked once per pair.
    let mut supports: BTreeMap<(String, String), bool> = BTreeMap::new();
    // Preprocessors whose command is missing and the book builds without: said once.
    let mut missing: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let original_items = json::book_items(raw);
    // The loaded book's own items always read back (every chapter has a text; nesting is bounded
    // when SUMMARY.md is read).
    let original = json::outline(&original_items).unwrap_or_default();
    let chapter_count = json::texts(&original).count();
    for renderer in renderers {
        let mut items = original_items.clone();
        let mut current = original.clone();
        let mut changed_by: Vec<Vec<String>> = vec![Vec::new(); chapter_count];
        let mut restructured_by: Vec<String> = Vec::new();
        let mut run = RendererRun { renderer: (*renderer).to_string(), ..Default::default() };
        for p in &list {
            if missing.contains(&p.name) {
                continue;
            }
            let key = (p.name.clone(), (*renderer).to_string());
            let yes = match supports.get(&key) {
                Some(y) => *y,
                None => {
                    let y = match p.runs_for(renderer, &raw.root, timeout) {
                        Ok(y) => y,
                        Err(PreprocessError::Missing { .. }) if builds_without(p) => {
                            if missing.insert(p.name.clone()) {
                                out.diagnostics.push(missing_command(raw, p));
                            }
                            supports.insert(key, false);
                            continue;
                        }
                        Err(e) => return Err(e),
                    };
                    if !y && !p.optional {
                        out.diagnostics.push(at(
                            raw,
                            &p.name,
                            Diagnostic::note(
                                Code::PreprocessorSkipped,
                                format!("preprocessor `{}` does not support the {renderer} renderer; not run for it", p.name),
                            ),
                        ));
                    }
                    supports.insert(key, y);
                    y
                }
            };
            if !yes {
                continue;
            }
            let input = json::input(raw, &config, renderer, &items);
            let result = match p.run(&input, &raw.root, timeout) {
                // With a `renderers` list nobody asked `supports`: a missing command shows here.
                Err(PreprocessError::Missing { .. }) if builds_without(p) => {
                    if missing.insert(p.name.clone()) {
                        out.diagnostics.push(missing_command(raw, p));
                    }
                    continue;
                }
                other => other?,
            };
            if !result.stderr.is_empty() {
                out.stderr.push((p.name.clone(), result.stderr.clone()));
            }
            let not_a_book = |why: String| PreprocessError::NotABook { name: p.name.clone(), why, stderr: run::tail(&result.stderr) };
            let returned_items = json::returned_items(&result.stdout).map_err(not_a_book)?;
            let returned = json::outline(&returned_items).map_err(not_a_book)?;
            if json::same_shape(&current, &returned) {
                for (i, (old, new)) in json::texts(&current).zip(json::texts(&returned)).enumerate() {
                    if old != new && !changed_by[i].contains(&p.name) {
                        changed_by[i].push(p.name.clone());
                    }
                }
            } else {
                // Chapters added, removed, renamed or moved: the book is the returned one, as in
                // mdBook; per-chapter authorship no longer lines up.
                changed_by = vec![Vec::new(); json::texts(&returned).count()];
                if !restructured_by.contains(&p.name) {
                    restructured_by.push(p.name.clone());
                }
            }
            items = returned_items;
            current = returned;
            run.ran.push(p.name.clone());
        }
        if !json::same_shape(&original, &current) {
            let mut names = restructured_by;
            for by in changed_by.iter().flatten() {
                if !names.contains(by) {
                    names.push(by.clone());
                }
            }
            run.outline = Some(Restructure { entries: current, by: by_words(&names) });
        } else {
            for (i, ((new, old), by)) in json::texts(&current).zip(json::texts(&original)).zip(&changed_by).enumerate() {
                if !by.is_empty() && new != old {
                    run.edits.push(ChapterEdit { chapter: i, text: new.to_string(), by: by_words(by) });
                }
            }
        }
        if !run.ran.is_empty() {
            run.items = Some(items);
        }
        out.runs.push(run);
    }
    Ok(out)
}

/// Whether the book builds when `p`'s command is not installed: Quire reads its blocks itself
/// ([`READ_NATIVELY`]), or it is `optional`.
fn builds_without(p: &Preprocessor) -> bool {
    READ_NATIVELY.contains(&p.name.as_str()) || p.optional
}

/// What to say when `p`'s command is not installed and [`builds_without`] it: a note when Quire
/// reads its blocks itself, a warning when it is `optional`.
fn missing_command(raw: &RawBook, p: &Preprocessor) -> Diagnostic {
    let d = if p.name == "mermaid" {
        // Quire draws no diagram itself: the site gets mdbook-mermaid's markup, paper the source.
        Diagnostic::note(
            Code::PreprocessorNative,
            format!("preprocessor `mermaid`: command `{}` not found; the site draws ```mermaid blocks with the book's mermaid script, the EPUB and the PDF show their source", p.command),
        )
        .with_hint("`mdbook-mermaid install` puts mermaid.min.js in the book and names it in [output.html] additional-js")
    } else if READ_NATIVELY.contains(&p.name.as_str()) {
        Diagnostic::note(Code::PreprocessorNative, format!("preprocessor `{}`: command `{}` not found; Quire reads its blocks itself", p.name, p.command))
            .with_hint(format!("install it (e.g. `cargo install mdbook-{}`) for its own HTML on the site", p.name))
    } else {
        Diagnostic::warning(Code::PreprocessorMissing, format!("preprocessor `{}`: command `{}` not found; skipped (optional = true)", p.name, p.command))
            .with_hint(format!("install it (e.g. `cargo install mdbook-{}`) to get its output", p.name))
    };
    at(raw, &p.name, d)
}

/// `preprocessor `a``, `preprocessors `a`, `b``.
fn by_words(names: &[String]) -> String {
    let list = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let word = if names.len() == 1 { "preprocessor" } else { "preprocessors" };
    format!("{word} {list}")
}
