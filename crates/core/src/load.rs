//! Loading a book folder: layout detection (mdBook, GitBook/HonKit, WaBook, plain folder), config,
//! SUMMARY.md, chapter files and includes; then parallel parsing and resolution.

use crate::reading_order::{self, Entry, EntryKind, Plan};
use crate::ast::ChapterId;
use crate::book::{Book, Chapter, ChapterRole};
use crate::config::BookConfig;
use crate::config_load::{load_config, LoadedConfig};
use crate::diag::Diagnostic;
use crate::error::LoadError;
use crate::expand::ExpandedSource;
use crate::files::{slash_path, Files};
use crate::include::expand_chapter;
use crate::folder_layout::Layout;
use crate::names::StemAllocator;
use crate::parse::{parse_chapter, ParseOptions, ParsedChapter};
use crate::raw_book::{ChapterEdit, RawBook};
use crate::resolve::{resolve, ResolveOptions};
use crate::safe_read::{error_code, error_hint};
use crate::span::Span;
use crate::summary::parse_summary;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Loads, parses and resolves the book at `path` (a folder, or a `book.toml`/`book.json`/
/// `book.ini`/`SUMMARY.md` inside one).
pub fn load_book(path: &Path) -> Result<Book, LoadError> {
    let raw = load_raw(path)?;
    Ok(raw.finish(&[]))
}

/// Loads the book at `path` up to its chapter texts (config, SUMMARY.md, chapter files with their
/// includes expanded), without parsing them: see [`RawBook`].
pub fn load_raw(path: &Path) -> Result<RawBook, LoadError> {
    let root = find_root(path)?;
    let layout = Layout::detect(&root);
    let mut files = Files::new(root.clone());
    let LoadedConfig { mut config, summary, readme, glossary } = load_config(layout, &mut files)?;
    let config_file = layout.config_file().and_then(|name| files.sources.find(Path::new(name)));
    let src_rel = config.book.src.clone().unwrap_or_else(|| PathBuf::from(layout.default_src()));
    config.book.src = Some(src_rel.clone());
    files.set_allow_paths(&config.quire.allow_paths);
    files.max_file_size = config.quire.max_file_size();
    files.max_include_size = config.quire.max_include_size();
    let src_dir = std::fs::canonicalize(root.join(&src_rel)).map_err(|_| LoadError::NotFound {
        path: root.join(&src_rel),
        reason: format!("the source folder `{}` does not exist", src_rel.display()),
    })?;
    if !files.is_allowed(&src_dir) {
        // `[book] src` may name a folder outside the root: its files are the book's own.
        files.allow.push(src_dir.clone());
    }
    let gitbook = config.quire.gitbook_compat.unwrap_or(layout == Layout::GitBook);
    let build_dir = config.build.build_dir.as_ref().and_then(|p| p.file_name()).map(|s| s.to_string_lossy().into_owned());
    let summary_name = summary.unwrap_or_else(|| "SUMMARY.md".to_string());

    let summary_path = src_dir.join(&summary_name);
    // Anything but a folder counts: a FIFO or device there is refused by `Files::read`.
    let has_summary = summary_path.exists() && !summary_path.is_dir();
    let entries = if has_summary {
        let id = files.read(&summary_path).map_err(|source| LoadError::Io { path: summary_path.clone(), source })?;
        let text = files.text(id).to_string();
        let (parsed, diags) = parse_summary(&text, id, gitbook);
        files.diagnostics.extend(diags);
        let mut entries = reading_order::entries_from_summary(&parsed, id);
        if layout == Layout::GitBook {
            gitbook_extras(&mut entries, &src_dir, readme.as_deref(), glossary.as_deref(), &mut files);
        }
        if !entries.iter().any(|e| matches!(&e.kind, EntryKind::Chapter { path: Some(_), .. })) {
            files.diagnostics.push(empty_summary(&summary_name, &text, id));
        }
        entries
    } else {
        let paths = reading_order::scan_markdown(&src_dir, build_dir.as_deref());
        if paths.is_empty() {
            return Err(LoadError::NotFound {
                path: root,
                reason: "no book.toml, book.json, SUMMARY.md or Markdown files".into(),
            });
        }
        files.diagnostics.push(
            Diagnostic::warning("no-summary", format!("no {summary_name} found; chapters are the Markdown files in name order"))
                .with_hint(format!("add a {summary_name} listing the chapters, e.g. `- [Title](file.md)`")),
        );
        reading_order::plain_entries(&paths, |p| file_title(&src_dir, p, &mut files))
    };
    let plan = reading_order::build(&entries);

    let (sources, titles, listed) = read_chapters(&plan, &src_dir, gitbook, &mut files);
    if has_summary {
        warn_unlisted(&src_dir, &summary_name, build_dir.as_deref(), &listed, &mut files);
    }
    if config.book.title.is_none() && matches!(layout, Layout::GitBook | Layout::Plain) {
        config.book.title = intro_title(&plan, &sources);
    }
    let timestamp = timestamp(&files);
    Ok(RawBook {
        config,
        root,
        layout,
        gitbook,
        plan,
        sources,
        titles,
        source_map: std::mem::take(&mut files.sources),
        diagnostics: std::mem::take(&mut files.diagnostics),
        timestamp,
        config_file,
    })
}

impl RawBook {
    /// Parses and resolves the book, with the texts of some chapters replaced (a preprocessor's
    /// output): see [`RawBook::finish_many`].
    pub fn finish(&self, edits: &[ChapterEdit]) -> Book {
        let mut books = self.finish_many(&[edits.to_vec()]);
        // `finish_many` returns one book per variant; the fallback is never taken.
        books.pop().unwrap_or_else(|| self.assemble(Vec::new(), self.source_map.clone()))
    }

    /// One parsed and resolved [`Book`] per list of edits (one list per renderer whose
    /// preprocessors changed different things). A chapter whose text is the same in several
    /// variants is parsed once. An edited chapter's text is a source file of its own, named
    /// after the chapter file and what produced it, so diagnostics inside it point there.
    pub fn finish_many(&self, variants: &[Vec<ChapterEdit>]) -> Vec<Book> {
        let mut source_map = self.source_map.clone();
        // Every distinct edited text, with its source; index 0.. in first-seen order.
        let mut edited: Vec<(usize, &str, ExpandedSource)> = Vec::new();
        let mut choice: Vec<Vec<Option<usize>>> = Vec::with_capacity(variants.len());
        for edits in variants {
            let mut per = vec![None; self.plan.chapters.len()];
            for e in edits {
                let Some(slot) = per.get_mut(e.chapter) else { continue };
                let same = self.sources.get(e.chapter).and_then(|s| s.as_ref()).is_some_and(|s| s.text == e.text);
                if same {
                    continue;
                }
                let found = edited.iter().position(|(c, t, _)| *c == e.chapter && *t == e.text.as_str());
                let idx = found.unwrap_or_else(|| {
                    let shown = self.plan.chapters[e.chapter]
                        .path
                        .as_ref()
                        .map(|p| slash_path(&self.config.book.src.clone().unwrap_or_default().join(p)))
                        .unwrap_or_else(|| self.plan.chapters[e.chapter].title.clone());
                    let id = source_map.add(crate::span::SourceFile::new(format!("{shown} (after {})", e.by), e.text.clone()));
                    edited.push((e.chapter, e.text.as_str(), ExpandedSource::single(id, e.text.clone())));
                    edited.len() - 1
                });
                *slot = Some(idx);
            }
            choice.push(per);
        }
        let popts = parse_options(&self.config, self.layout);
        let original: Vec<ParsedChapter> = self
            .sources
            .par_iter()
            .map(|s| s.as_ref().map(|s| parse_chapter(s, &popts)).unwrap_or_default())
            .collect();
        let changed: Vec<ParsedChapter> = edited.par_iter().map(|(_, _, s)| parse_chapter(s, &popts)).collect();
        choice
            .iter()
            .map(|per| {
                let parsed = per
                    .iter()
                    .enumerate()
                    .map(|(i, c)| match c {
                        Some(j) => changed[*j].clone(),
                        None => original[i].clone(),
                    })
                    .collect();
                self.assemble(parsed, source_map.clone())
            })
            .collect()
    }

    fn assemble(&self, parsed: Vec<ParsedChapter>, sources: crate::span::SourceMap) -> Book {
        let mut book = Book {
            config: self.config.clone(),
            root: self.root.clone(),
            sources,
            toc: self.plan.toc.clone(),
            chapters: Vec::with_capacity(self.plan.chapters.len()),
            assets: Vec::new(),
            cover: None,
            diagnostics: self.diagnostics.clone(),
            timestamp: self.timestamp,
        };
        let mut stems = StemAllocator::new();
        let mut parse_diags = Vec::new();
        for (i, ((p, parsed), title)) in self.plan.chapters.iter().zip(parsed).zip(&self.titles).enumerate() {
            let output_stem = match &p.path {
                Some(path) => stems.for_path(path),
                None => stems.for_draft(),
            };
            parse_diags.extend(parsed.diagnostics);
            let file_span = self.sources.get(i).and_then(|s| s.as_ref()).and_then(|s| s.pieces.first()).map(|pc| Span::file_start(pc.file));
            book.chapters.push(Chapter {
                id: ChapterId(i),
                title: title.clone().unwrap_or_else(|| p.title.clone()),
                number: p.number.clone(),
                depth: p.depth,
                parent: p.parent.map(ChapterId),
                role: p.role,
                source_path: p.path.clone(),
                output_stem,
                draft: p.path.is_none(),
                blocks: parsed.blocks,
                footnotes: parsed.footnotes,
                span: p.span.or(file_span).unwrap_or_default(),
            });
        }
        book.diagnostics.extend(parse_diags);
        if book.config.book.language.as_deref().is_none_or(|l| l.trim().is_empty()) {
            // Guessed once here, so every renderer sets the book in the same language.
            book.config.book.language = Some(crate::language::guess_book_language(&book.chapters).to_string());
        }
        let ropts = resolve_options(&book.config, self.gitbook, &self.root);
        resolve(&mut book, &ropts);
        book
    }
}

/// The book root for a user-given path.
fn find_root(path: &Path) -> Result<PathBuf, LoadError> {
    let not_found = |reason: &str| LoadError::NotFound { path: path.to_path_buf(), reason: reason.to_string() };
    let canon = std::fs::canonicalize(path).map_err(|e| not_found(&e.to_string()))?;
    if canon.is_dir() {
        return Ok(canon);
    }
    let name = canon.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if matches!(name.as_str(), "book.toml" | "book.json" | "book.ini" | "SUMMARY.md") {
        if let Some(parent) = canon.parent() {
            let parent = if name == "SUMMARY.md" && !parent.join("book.toml").exists() {
                match parent.parent() {
                    Some(pp) if parent.file_name().is_some_and(|n| n == "src") && pp.join("book.toml").is_file() => pp,
                    _ => parent,
                }
            } else {
                parent
            };
            return Ok(parent.to_path_buf());
        }
    }
    Err(not_found("not a folder"))
}

/// GitBook: README as the introduction if SUMMARY.md does not list it, GLOSSARY as a suffix.
fn gitbook_extras(entries: &mut Vec<Entry>, src: &Path, readme: Option<&str>, glossary: Option<&str>, files: &mut Files) {
    let listed: HashSet<PathBuf> = entries
        .iter()
        .filter_map(|e| match &e.kind {
            EntryKind::Chapter { path: Some(p), .. } => Some(p.clone()),
            _ => None,
        })
        .collect();
    let readme = PathBuf::from(readme.unwrap_or("README.md"));
    if src.join(&readme).is_file() && !listed.iter().any(|p| same_name(p, &readme)) {
        let title = file_title(src, &readme, files);
        let title = if title.eq_ignore_ascii_case("readme") { "Introduction".to_string() } else { title };
        let kind = EntryKind::Chapter { title, path: Some(readme), role: ChapterRole::Prefix, number: vec![] };
        entries.insert(0, Entry { kind, depth: 0, span: None });
    }
    let glossary = PathBuf::from(glossary.unwrap_or("GLOSSARY.md"));
    if src.join(&glossary).is_file() && !listed.iter().any(|p| same_name(p, &glossary)) {
        let title = file_title(src, &glossary, files);
        let title = if title.eq_ignore_ascii_case("glossary") { "Glossary".to_string() } else { title };
        let kind = EntryKind::Chapter { title, path: Some(glossary), role: ChapterRole::Suffix, number: vec![] };
        entries.push(Entry { kind, depth: 0, span: None });
    }
}

fn same_name(a: &Path, b: &Path) -> bool {
    a.to_string_lossy().eq_ignore_ascii_case(&b.to_string_lossy())
}

/// A file's first heading, else its file stem.
fn file_title(src: &Path, rel: &Path, files: &mut Files) -> String {
    let fallback = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let Ok(canon) = std::fs::canonicalize(src.join(rel)) else { return fallback };
    match files.read(&canon) {
        Ok(id) => reading_order::first_heading(files.text(id)).unwrap_or(fallback),
        Err(_) => fallback,
    }
}

type ChapterSources = (Vec<Option<ExpandedSource>>, Vec<Option<String>>, HashSet<PathBuf>);

/// Reads and expands every chapter file; reports missing, escaping and duplicate files.
fn read_chapters(plan: &Plan, src: &Path, gitbook: bool, files: &mut Files) -> ChapterSources {
    let mut sources = Vec::with_capacity(plan.chapters.len());
    let mut titles = Vec::with_capacity(plan.chapters.len());
    let mut listed = HashSet::new();
    let paths: Vec<PathBuf> = plan.chapters.iter().filter_map(|c| Some(src.join(c.path.as_ref()?))).collect();
    files.prefetch(&paths);
    for ch in &plan.chapters {
        let (mut source, mut title) = (None, None);
        if let Some(rel) = &ch.path {
            let shown = slash_path(rel);
            let at = |d: Diagnostic| match ch.span {
                Some(s) => d.with_span(s),
                None => d,
            };
            match std::fs::canonicalize(src.join(rel)) {
                Err(_) => files.diagnostics.push(at(Diagnostic::error(
                    "missing-chapter",
                    format!("chapter file `{shown}` does not exist"),
                )
                .with_hint("create the file, fix the link in SUMMARY.md, or make it a draft with `[Title]()`"))),
                Ok(canon) if !files.is_allowed(&canon) => files.diagnostics.push(at(Diagnostic::error(
                    "path-escape",
                    format!("chapter file `{shown}`: path escapes the book root"),
                )
                .with_hint("move the file into the book, or add its folder to `allow-paths` in `[quire]`"))),
                Ok(canon) if canon.is_dir() => files.diagnostics.push(at(Diagnostic::error(
                    "missing-chapter",
                    format!("chapter `{shown}` is a folder, not a Markdown file"),
                )
                .with_hint("link to a file such as `folder/README.md`"))),
                Ok(canon) => {
                    if !listed.insert(canon.clone()) {
                        files.diagnostics.push(at(Diagnostic::warning(
                            "duplicate-chapter",
                            format!("`{shown}` is listed more than once in SUMMARY.md"),
                        )
                        .with_hint("each copy becomes its own page; remove one entry if that is not intended")));
                    }
                    match files.read(&canon) {
                        Ok(id) => {
                            let e = expand_chapter(files, id, &canon, gitbook);
                            source = Some(e.source);
                            title = e.title;
                        }
                        Err(e) => files.diagnostics.push(at(Diagnostic::error(
                            error_code(&e, "unreadable-chapter"),
                            format!("cannot read chapter file `{shown}`: {e}"),
                        )
                        .with_hint(error_hint(&e, "check that it is a readable file")))),
                    }
                }
            }
        }
        sources.push(source);
        titles.push(title);
    }
    (sources, titles, listed)
}

/// The warning for a SUMMARY.md that links no chapter file: at its last line (where the list
/// would go), so that the book still loads with no chapters.
fn empty_summary(name: &str, text: &str, id: crate::span::FileId) -> Diagnostic {
    let trimmed = text.trim_end().len();
    let at = text[..trimmed].rfind('\n').map_or(0, |i| i + 1);
    let what = if text.trim().is_empty() { "is empty" } else { "links no chapter file" };
    Diagnostic::warning("empty-summary", format!("{name} {what}; the book has no chapters"))
        .with_span(Span::new(id, at, trimmed.max(at)))
        .with_hint(format!("list the chapters in {name} as `- [Title](file.md)`, one per line"))
}

/// Warns about Markdown files under the source folder that are neither listed nor included.
fn warn_unlisted(src: &Path, summary: &str, build_dir: Option<&str>, listed: &HashSet<PathBuf>, files: &mut Files) {
    for rel in reading_order::scan_markdown(src, build_dir) {
        let name = slash_path(&rel);
        if name.eq_ignore_ascii_case(summary) || name.eq_ignore_ascii_case("GLOSSARY.md") {
            continue;
        }
        let Ok(canon) = std::fs::canonicalize(src.join(&rel)) else { continue };
        if listed.contains(&canon) || files.included.contains(&canon) {
            continue;
        }
        let id = files.add_unread(&canon);
        files.diagnostics.push(
            Diagnostic::warning("unlisted-file", format!("`{name}` is not listed in {summary}"))
                .with_span(Span::file_start(id))
                .with_hint(format!("add it to {summary}, or delete it if it is not part of the book")),
        );
    }
}

/// A title for a GitBook/plain book without one: the introduction's first heading.
fn intro_title(plan: &Plan, sources: &[Option<ExpandedSource>]) -> Option<String> {
    let i = plan.chapters.iter().position(|c| {
        c.path.as_ref().is_some_and(|p| {
            p.components().count() == 1
                && p.file_stem().is_some_and(|s| s.eq_ignore_ascii_case("readme") || s.eq_ignore_ascii_case("index"))
        })
    })?;
    reading_order::first_heading(&sources.get(i)?.as_ref()?.text)
}

fn parse_options(config: &BookConfig, layout: Layout) -> ParseOptions {
    let q = &config.quire;
    let html = &config.output.html;
    ParseOptions {
        gitbook_compat: q.gitbook_compat.unwrap_or(layout == Layout::GitBook),
        cjk_emphasis: q.cjk_emphasis.unwrap_or_else(|| config.is_cjk()),
        smart_punctuation: q.smart_punctuation.or(html.smart_punctuation).unwrap_or(false),
        mathjax: html.mathjax_support.unwrap_or(false),
        hidelines: html.code.hidelines.clone(),
        html_nodes: true,
    }
}

/// Resolution settings. Nothing is numbered unless `[quire.numbering]` asks: mdBook and GitBook
/// number nothing, and a book that numbers its listings in its captions must not get a second
/// number from Quire.
fn resolve_options(config: &BookConfig, gitbook: bool, root: &Path) -> ResolveOptions {
    let n = &config.quire.numbering;
    ResolveOptions {
        gitbook_compat: gitbook,
        number_figures: n.figures.unwrap_or(false),
        number_tables: n.tables.unwrap_or(false),
        number_listings: n.listings.unwrap_or(false),
        number_sections: n.sections.unwrap_or(false),
        allow_paths: config.quire.allow_paths.iter().map(|p| root.join(p)).collect(),
        allowed_url_schemes: config.quire.allowed_url_schemes.clone(),
    }
}

/// `SOURCE_DATE_EPOCH` if set and valid, else the newest mtime of the files read, else 0.
fn timestamp(files: &Files) -> i64 {
    timestamp_from(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref(), files.newest_mtime())
}

fn timestamp_from(epoch: Option<&str>, newest_mtime: Option<i64>) -> i64 {
    epoch
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|v| *v >= 0)
        .or(newest_mtime)
        .unwrap_or(0)
}

#[cfg(test)]
#[path = "load_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "load_props.rs"]
mod props;
