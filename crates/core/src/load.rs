//! Loading a book folder: layout detection (mdBook, GitBook/HonKit, WaBook, plain folder), config,
//! SUMMARY.md, chapter files and includes, up to a [`RawBook`] of chapter texts (parsing and
//! resolution follow in [`crate::pipeline`]). Every file is read through a [`Source`] (the disk,
//! or memory).

use crate::diag::Code;
use crate::reading_order::{self, Entry, EntryKind, Plan};
use crate::book::ChapterRole;
use crate::config_load::{load_config, LoadedConfig};
use crate::diag::Diagnostic;
use crate::error::LoadError;
use crate::expand::ExpandedSource;
use crate::files::{slash_path, Files};
use crate::include::expand_shared;
use crate::folder_layout::Layout;
use crate::raw_book::RawBook;
use crate::source::{DiskSource, Source};
use crate::source_cache::SourceCache;
use crate::span::Span;
use crate::summary::parse_summary;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Loads the book at `path` up to its chapter texts (config, SUMMARY.md, chapter files with their
/// includes expanded), without parsing them: see [`RawBook`].
pub fn load_raw(path: &Path) -> Result<RawBook, LoadError> {
    load_raw_from(&DiskSource::new(path))
}

/// Loads the book in `source` up to its chapter texts, as [`load_raw`] does. The [`RawBook`]
/// resolves (reads its images) from the disk at its root unless a source is set on it
/// ([`RawBook::load_from`] does).
pub fn load_raw_from(source: &dyn Source) -> Result<RawBook, LoadError> {
    load_raw_with(source, None)
}

/// Loads one language of a GitBook multi-language book ([`crate::gitbook_langs`]): the book at
/// `path` with its source folder `lang.dir` (inside the root's source folder) and, when the
/// folder's name is a language tag, that language.
pub fn load_raw_language(path: &Path, lang: &crate::gitbook_langs::Language) -> Result<RawBook, LoadError> {
    load_raw_with(&DiskSource::new(path), Some(lang))
}

/// Loads the book at `path` up to its chapter texts, as [`load_raw`] does, through `cache`, kept
/// from earlier loads of the same book (`publish serve` reloads it after each edit): files whose
/// size and modification time did not change, and that [`SourceCache::mark_changed`] did not
/// name, are not read again, and chapters none of whose files changed are not expanded again
/// (see [`crate::source_cache`]). The book is the one [`load_raw`] makes.
pub fn load_raw_cached(path: &Path, cache: &mut SourceCache) -> Result<RawBook, LoadError> {
    let source = DiskSource::new(path);
    let root = find_root(&source)?;
    let mut files = Files::with_source(Box::new(&source), root.clone());
    let mut kept = std::mem::take(cache);
    kept.begin();
    files.kept = Some(kept);
    let raw = load_raw_in(&source, root, &mut files, None);
    if let Some(mut kept) = files.kept.take() {
        kept.end(raw.is_ok());
        *cache = kept;
    }
    raw
}

fn load_raw_with(source: &dyn Source, lang: Option<&crate::gitbook_langs::Language>) -> Result<RawBook, LoadError> {
    let root = find_root(source)?;
    let mut files = Files::with_source(Box::new(source), root.clone());
    load_raw_in(source, root, &mut files, lang)
}

fn load_raw_in(source: &dyn Source, root: PathBuf, files: &mut Files<'_>, lang: Option<&crate::gitbook_langs::Language>) -> Result<RawBook, LoadError> {
    let layout = Layout::detect(source, &root);
    let LoadedConfig { mut config, summary, readme, glossary, variables } = load_config(layout, files)?;
    let config_file = layout.config_file().and_then(|name| files.sources.find(Path::new(name)));
    if let Some(lang) = lang {
        let base = config.book.src.clone().unwrap_or_else(|| PathBuf::from(layout.default_src()));
        config.book.src = Some(if base == Path::new(".") { lang.dir.clone() } else { base.join(&lang.dir) });
        if let Some(tag) = lang.tag() {
            config.book.language = Some(tag);
        }
    }
    let src_rel = config.book.src.clone().unwrap_or_else(|| PathBuf::from(layout.default_src()));
    config.book.src = Some(src_rel.clone());
    files.set_allow_paths(&config.quire.allow_paths);
    files.max_file_size = config.quire.max_file_size();
    files.max_include_size = config.quire.max_include_size();
    let src_dir = files.canonicalize(&root.join(&src_rel)).map_err(|_| LoadError::NotFound {
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
    let has_summary = files.source.exists(&summary_path) && !files.source.is_dir(&summary_path);
    let entries = if has_summary {
        let id = files.read(&summary_path).map_err(|source| LoadError::Io { path: summary_path.clone(), source })?;
        let text = files.text(id).to_string();
        let (parsed, diags) = parse_summary(&text, id, gitbook);
        files.diagnostics.extend(diags);
        let mut entries = reading_order::entries_from_summary(&parsed, id);
        if layout == Layout::GitBook {
            gitbook_extras(&mut entries, &src_dir, readme.as_deref(), glossary.as_deref(), files);
        }
        if !entries.iter().any(|e| matches!(&e.kind, EntryKind::Chapter { path: Some(_), .. })) {
            files.diagnostics.push(empty_summary(&summary_name, &text, id));
        }
        entries
    } else {
        let paths = reading_order::scan_markdown(&*files.source, &src_dir, build_dir.as_deref());
        if paths.is_empty() {
            return Err(LoadError::NotFound {
                path: root,
                reason: "no book.toml, book.json, SUMMARY.md or Markdown files".into(),
            });
        }
        files.diagnostics.push(
            Diagnostic::warning(Code::NoSummary, format!("no {summary_name} found; chapters are the Markdown files in name order"))
                .with_hint(format!("add a {summary_name} listing the chapters, e.g. `- [Title](file.md)`")),
        );
        reading_order::plain_entries(&paths, |p| file_title(&src_dir, p, files))
    };
    let plan = reading_order::build(&entries);

    let (sources, titles, mut listed) = read_chapters(&plan, &src_dir, gitbook, &variables, files);
    let not_found = not_found_page(&config, has_summary, &src_dir, gitbook, &variables, config_file, files);
    if let Some((_, canon, _)) = &not_found {
        // The 404 page is the site's, not a chapter left out of SUMMARY.md.
        listed.insert(canon.clone());
    }
    if has_summary {
        warn_unlisted(&src_dir, &summary_name, build_dir.as_deref(), &listed, files);
    }
    if config.book.title.is_none() && matches!(layout, Layout::GitBook | Layout::Plain) {
        config.book.title = intro_title(&plan, &sources);
    }
    let tex_macros = crate::katex_macros::load(&config, &root, config_file, files);
    let timestamp = timestamp(files);
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
        source: None,
        not_found: not_found.map(|(rel, _, text)| (rel, text)),
        tex_macros,
    })
}

/// mdBook's 404 page: the `input-404` file of `[output.html]` (from the source folder), else
/// `404.md` when the book has a SUMMARY.md and that file exists. Read and expanded like a
/// chapter; a configured file that cannot be read is a warning at the key. Returns its path from
/// the source folder, its canonical path and its text.
fn not_found_page(
    config: &crate::config::BookConfig,
    has_summary: bool,
    src: &Path,
    gitbook: bool,
    variables: &crate::include::Variables,
    config_file: Option<crate::span::FileId>,
    files: &mut Files<'_>,
) -> Option<(PathBuf, PathBuf, Arc<ExpandedSource>)> {
    let configured = config.output.html.input_404.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if configured.is_none() && !has_summary {
        return None;
    }
    let rel = PathBuf::from(configured.unwrap_or("404.md"));
    let shown = slash_path(&rel);
    let problem = match files.canonicalize(&src.join(&rel)) {
        Ok(canon) if !files.is_allowed(&canon) => format!("`{shown}` lies outside the book"),
        Ok(canon) if files.source.is_file(&canon) => match files.read(&canon) {
            Ok(id) => {
                let (source, _) = expand_shared(files, id, &canon, gitbook, variables);
                return Some((rel, canon, source));
            }
            Err(e) => format!("`{shown}` cannot be read: {e}"),
        },
        Ok(_) => format!("`{shown}` is not a file"),
        Err(_) => format!("`{shown}` does not exist in the source folder"),
    };
    // Only a file the author named is missed; the default `404.md` is optional.
    configured?;
    let d = Diagnostic::warning(Code::NotFoundPageMissing, format!("input-404: {problem}; the site's 404 page is Quire's own"))
        .with_hint("create the file in the source folder, or fix the path (it is relative to the source folder)");
    warn_at_key(files, config_file, &["output", "html"], "input-404", d);
    None
}

/// Reports `d` at `key` of `table` in the config file, when the file has it (else without a
/// place).
pub(crate) fn warn_at_key(files: &mut Files<'_>, config_file: Option<crate::span::FileId>, table: &[&str], key: &str, d: Diagnostic) {
    let span = config_file.and_then(|id| {
        let text = files.sources.get(id)?.text.as_str();
        let r = crate::config_load::key_span(text, table, key)?;
        Some(Span::new(id, r.start, r.end))
    });
    files.diagnostics.push(match span {
        Some(s) => d.with_span(s),
        None => d,
    });
}

/// The book root for the path a source was asked for ([`Source::root`]).
fn find_root(source: &dyn Source) -> Result<PathBuf, LoadError> {
    let path = source.root();
    let not_found = |reason: &str| LoadError::NotFound { path: path.to_path_buf(), reason: reason.to_string() };
    let canon = source.canonicalize(path).map_err(|e| not_found(&e.to_string()))?;
    if source.is_dir(&canon) {
        return Ok(canon);
    }
    let name = canon.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if matches!(name.as_str(), "book.toml" | "book.json" | "book.ini" | "SUMMARY.md") {
        if let Some(parent) = canon.parent() {
            let parent = if name == "SUMMARY.md" && !source.exists(&parent.join("book.toml")) {
                match parent.parent() {
                    Some(pp) if parent.file_name().is_some_and(|n| n == "src") && source.is_file(&pp.join("book.toml")) => pp,
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
fn gitbook_extras(entries: &mut Vec<Entry>, src: &Path, readme: Option<&str>, glossary: Option<&str>, files: &mut Files<'_>) {
    let listed: HashSet<PathBuf> = entries
        .iter()
        .filter_map(|e| match &e.kind {
            EntryKind::Chapter { path: Some(p), .. } => Some(p.clone()),
            _ => None,
        })
        .collect();
    let readme = PathBuf::from(readme.unwrap_or("README.md"));
    if files.source.is_file(&src.join(&readme)) && !listed.iter().any(|p| same_name(p, &readme)) {
        let title = file_title(src, &readme, files);
        let title = if title.eq_ignore_ascii_case("readme") { "Introduction".to_string() } else { title };
        let kind = EntryKind::Chapter { title, path: Some(readme), role: ChapterRole::Prefix, number: vec![] };
        entries.insert(0, Entry { kind, depth: 0, span: None, anchor: None });
    }
    let glossary = PathBuf::from(glossary.unwrap_or("GLOSSARY.md"));
    if files.source.is_file(&src.join(&glossary)) && !listed.iter().any(|p| same_name(p, &glossary)) {
        let title = file_title(src, &glossary, files);
        let title = if title.eq_ignore_ascii_case("glossary") { "Glossary".to_string() } else { title };
        let kind = EntryKind::Chapter { title, path: Some(glossary), role: ChapterRole::Suffix, number: vec![] };
        entries.push(Entry { kind, depth: 0, span: None, anchor: None });
    }
}

fn same_name(a: &Path, b: &Path) -> bool {
    a.to_string_lossy().eq_ignore_ascii_case(&b.to_string_lossy())
}

/// A file's first heading, else its file stem.
fn file_title(src: &Path, rel: &Path, files: &mut Files<'_>) -> String {
    let fallback = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let Ok(canon) = files.canonicalize(&src.join(rel)) else { return fallback };
    match files.read(&canon) {
        Ok(id) => reading_order::first_heading(files.text(id)).unwrap_or(fallback),
        Err(_) => fallback,
    }
}

type ChapterSources = (Vec<Option<Arc<ExpandedSource>>>, Vec<Option<String>>, HashSet<PathBuf>);

/// Reads and expands every chapter file; reports missing, escaping and duplicate files.
fn read_chapters(plan: &Plan, src: &Path, gitbook: bool, variables: &crate::include::Variables, files: &mut Files<'_>) -> ChapterSources {
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
            match files.canonicalize(&src.join(rel)) {
                Err(_) => files.diagnostics.push(at(Diagnostic::error(
                    Code::MissingChapter,
                    format!("chapter file `{shown}` does not exist"),
                )
                .with_hint("create the file, fix the link in SUMMARY.md, or make it a draft with `[Title]()`"))),
                Ok(canon) if !files.is_allowed(&canon) => files.diagnostics.push(at(Diagnostic::error(
                    Code::PathEscape,
                    format!("chapter file `{shown}`: path escapes the book root"),
                )
                .with_hint("move the file into the book, or add its folder to `allow-paths` in `[quire]`"))),
                Ok(canon) if files.source.is_dir(&canon) => files.diagnostics.push(at(Diagnostic::error(
                    Code::MissingChapter,
                    format!("chapter `{shown}` is a folder, not a Markdown file"),
                )
                .with_hint("link to a file such as `folder/README.md`"))),
                Ok(canon) => {
                    if !listed.insert(canon.clone()) {
                        files.diagnostics.push(at(Diagnostic::warning(
                            Code::DuplicateChapter,
                            format!("`{shown}` is listed more than once in SUMMARY.md"),
                        )
                        .with_hint("each copy becomes its own page; remove one entry if that is not intended")));
                    }
                    match files.read(&canon) {
                        Ok(id) => {
                            let (text, t) = expand_shared(files, id, &canon, gitbook, variables);
                            source = Some(text);
                            title = t;
                        }
                        Err(e) => files.diagnostics.push(at(Diagnostic::error(
                            e.code(Code::UnreadableChapter),
                            format!("cannot read chapter file `{shown}`: {e}"),
                        )
                        .with_hint(e.hint("check that it is a readable file")))),
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
    Diagnostic::warning(Code::EmptySummary, format!("{name} {what}; the book has no chapters"))
        .with_span(Span::new(id, at, trimmed.max(at)))
        .with_hint(format!("list the chapters in {name} as `- [Title](file.md)`, one per line"))
}

/// Warns about Markdown files under the source folder that are neither listed nor included.
fn warn_unlisted(src: &Path, summary: &str, build_dir: Option<&str>, listed: &HashSet<PathBuf>, files: &mut Files<'_>) {
    for rel in reading_order::scan_markdown(&*files.source, src, build_dir) {
        let name = slash_path(&rel);
        if name.eq_ignore_ascii_case(summary) || name.eq_ignore_ascii_case("GLOSSARY.md") {
            continue;
        }
        let Ok(canon) = files.canonicalize(&src.join(&rel)) else { continue };
        if listed.contains(&canon) || files.included.contains(&canon) {
            continue;
        }
        let id = files.add_unread(&canon);
        files.diagnostics.push(
            Diagnostic::warning(Code::UnlistedFile, format!("`{name}` is not listed in {summary}"))
                .with_span(Span::file_start(id))
                .with_hint(format!("add it to {summary}, or delete it if it is not part of the book")),
        );
    }
}

/// A title for a GitBook/plain book without one: the introduction's first heading.
fn intro_title(plan: &Plan, sources: &[Option<Arc<ExpandedSource>>]) -> Option<String> {
    let i = plan.chapters.iter().position(|c| {
        c.path.as_ref().is_some_and(|p| {
            p.components().count() == 1
                && p.file_stem().is_some_and(|s| s.eq_ignore_ascii_case("readme") || s.eq_ignore_ascii_case("index"))
        })
    })?;
    reading_order::first_heading(&sources.get(i)?.as_ref()?.text)
}

/// `SOURCE_DATE_EPOCH` if set and valid, else the newest mtime of the files read, else 0.
fn timestamp(files: &Files<'_>) -> i64 {
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
