//! The pipeline: a book's files are loaded ([`crate::load`]), its chapters parsed in parallel
//! ([`crate::parse`]) and the whole book resolved ([`crate::resolve`]). This is the one module
//! that calls every stage; each stage imports only from the stages before it.

use crate::ast::ChapterId;
use crate::book::{Book, Chapter, Page};
use crate::config::BookConfig;
use crate::error::LoadError;
use crate::expand::ExpandedSource;
use crate::files::slash_path;
use crate::folder_layout::Layout;
use crate::load::load_raw_from;
use crate::names::StemAllocator;
use crate::parse::memo::{MemoKey, ParseMemo};
use crate::parse::{parse_chapter, ParseOptions, ParsedChapter};
use crate::raw_book::{ChapterEdit, RawBook};
use crate::resolve::{resolve_from, ResolveOptions};
use crate::source::{DiskSource, Source};
use crate::span::Span;
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;

mod patch;

/// Loads, parses and resolves the book at `path` (a folder, or a `book.toml`/`book.json`/
/// `book.ini`/`SUMMARY.md` inside one).
pub fn load_book(path: &Path) -> Result<Book, LoadError> {
    load_book_from(&DiskSource::new(path))
}

/// Loads, parses and resolves the book in `source`.
pub fn load_book_from(source: &dyn Source) -> Result<Book, LoadError> {
    let raw = load_raw_from(source)?;
    let mut books = raw.finish_many_from(source, &[Vec::new()], None, None);
    Ok(books.pop().unwrap_or_else(|| raw.assemble(Vec::new(), raw.source_map.clone(), source, None)))
}

impl RawBook {
    /// Parses and resolves the book, with the texts of some chapters replaced (a preprocessor's
    /// output): see [`RawBook::finish_many`].
    pub fn finish(&self, edits: &[ChapterEdit]) -> Book {
        let mut books = self.finish_many(&[edits.to_vec()]);
        // `finish_many` returns one book per variant; the fallback is never taken.
        books.pop().unwrap_or_else(|| {
            let source = self.shared_source();
            self.assemble(Vec::new(), self.source_map.clone(), &*source, Some(source.clone()))
        })
    }

    /// The source resolution reads from: the one set on the book, else the disk. The books made
    /// keep it and read their images from it on use, so they do not hold the images' bytes.
    fn shared_source(&self) -> Arc<dyn Source> {
        match &self.source {
            Some(source) => source.clone(),
            None => Arc::new(DiskSource::new(self.root.clone())),
        }
    }

    /// One parsed and resolved [`Book`] per list of edits (one list per renderer whose
    /// preprocessors changed different things). A chapter whose text is the same in several
    /// variants is parsed once. An edited chapter's text is a source file of its own, named
    /// after the chapter file and what produced it, so diagnostics inside it point there.
    pub fn finish_many(&self, variants: &[Vec<ChapterEdit>]) -> Vec<Book> {
        let source = self.shared_source();
        self.finish_many_from(&*source, variants, Some(source.clone()), None)
    }

    /// [`RawBook::finish_many`] through a [`ParseMemo`] kept from an earlier load of the same
    /// book: only the chapters whose expanded text changed since (the edited file and the
    /// chapters that include it) are parsed again; the books are the same as without it.
    pub fn finish_many_memo(&self, variants: &[Vec<ChapterEdit>], memo: &mut ParseMemo) -> Vec<Book> {
        let source = self.shared_source();
        self.finish_many_from(&*source, variants, Some(source.clone()), Some(memo))
    }

    /// [`RawBook::finish_many`], resolving (reading images) from `source`; with `keep`, the books
    /// read their images from it on use instead of holding them.
    pub(crate) fn finish_many_from(&self, source: &dyn Source, variants: &[Vec<ChapterEdit>], keep: Option<Arc<dyn Source>>, memo: Option<&mut ParseMemo>) -> Vec<Book> {
        let mut source_map = self.source_map.clone();
        // Every distinct edited text, with its source; index 0.. in first-seen order.
        let mut edited: Vec<(usize, &str, Arc<ExpandedSource>, &str)> = Vec::new();
        let mut choice: Vec<Vec<Option<usize>>> = Vec::with_capacity(variants.len());
        for edits in variants {
            let mut per = vec![None; self.plan.chapters.len()];
            for e in edits {
                let Some(slot) = per.get_mut(e.chapter) else { continue };
                let same = self.sources.get(e.chapter).and_then(|s| s.as_ref()).is_some_and(|s| s.text == e.text);
                if same {
                    continue;
                }
                let found = edited.iter().position(|(c, t, _, _)| *c == e.chapter && *t == e.text.as_str());
                let idx = found.unwrap_or_else(|| {
                    let shown = self.plan.chapters[e.chapter]
                        .path
                        .as_ref()
                        .map(|p| slash_path(&self.config.book.src.clone().unwrap_or_default().join(p)))
                        .unwrap_or_else(|| self.plan.chapters[e.chapter].title.clone());
                    let id = source_map.add(crate::span::SourceFile::new(format!("{shown} (after {})", e.by), e.text.clone()));
                    edited.push((e.chapter, e.text.as_str(), Arc::new(ExpandedSource::single(id, e.text.clone())), e.by.as_str()));
                    edited.len() - 1
                });
                *slot = Some(idx);
            }
            choice.push(per);
        }
        let popts = parse_options(&self.config, self.layout, &self.tex_macros);
        let (mut original, mut changed, mut not_found_parsed): (Vec<ParsedChapter>, Vec<ParsedChapter>, Option<ParsedChapter>) = match memo {
            None => (
                self.sources.par_iter().map(|s| s.as_ref().map(|s| parse_chapter(s, &popts)).unwrap_or_default()).collect(),
                edited.par_iter().map(|(_, _, s, _)| parse_chapter(s, &popts)).collect(),
                None,
            ),
            Some(memo) => self.parse_through(memo, &edited, &popts),
        };
        // The 404 page is no chapter: no preprocessor edits it, so it is parsed once.
        let not_found = self.not_found.as_ref().map(|(path, s)| {
            let parsed = not_found_parsed.take().unwrap_or_else(|| parse_chapter(s, &popts));
            (path.clone(), parsed, s.pieces.first().map(|pc| Span::file_start(pc.file)))
        });
        // How many variants still use each parse: the last one takes it, the others clone it,
        // so a single book (the usual case) never holds its chapters twice.
        let mut uses_original = vec![0usize; original.len()];
        let mut uses_changed = vec![0usize; changed.len()];
        for per in &choice {
            for (i, c) in per.iter().enumerate() {
                match c {
                    Some(j) => uses_changed[*j] += 1,
                    None => uses_original[i] += 1,
                }
            }
        }
        let take = |parses: &mut [ParsedChapter], uses: &mut [usize], k: usize| {
            uses[k] = uses[k].saturating_sub(1);
            if uses[k] == 0 {
                std::mem::take(&mut parses[k])
            } else {
                parses[k].clone()
            }
        };
        let mut not_found = not_found;
        let last = choice.len().saturating_sub(1);
        choice
            .iter()
            .enumerate()
            .map(|(v, per)| {
                let parsed = per
                    .iter()
                    .enumerate()
                    .map(|(i, c)| match c {
                        Some(j) => take(&mut changed, &mut uses_changed, *j),
                        None => take(&mut original, &mut uses_original, i),
                    })
                    .collect();
                let page = if v == last { not_found.take() } else { not_found.clone() };
                let map = if v == last { std::mem::take(&mut source_map) } else { source_map.clone() };
                let mut book = self.assemble_with(parsed, page, map);
                self.resolve_book(&mut book, source, keep.clone());
                book
            })
            .collect()
    }

    /// The parses of the chapters' own texts (one per chapter, empty for drafts) and of the
    /// edited texts, through `memo`: each keyed by its chapter file (and, for an edited text,
    /// what produced it), and of the 404 page.
    fn parse_through(&self, memo: &mut ParseMemo, edited: &[(usize, &str, Arc<ExpandedSource>, &str)], popts: &ParseOptions) -> (Vec<ParsedChapter>, Vec<ParsedChapter>, Option<ParsedChapter>) {
        let key = |chapter: usize, by: Option<&str>| {
            let path = self.plan.chapters.get(chapter)?.path.clone()?;
            Some(MemoKey { path, by: by.map(str::to_string) })
        };
        let own: Vec<(usize, &Arc<ExpandedSource>)> = self.sources.iter().enumerate().filter_map(|(i, s)| Some((i, s.as_ref()?))).collect();
        let mut items: Vec<(Option<MemoKey>, &Arc<ExpandedSource>)> = own.iter().map(|(i, s)| (key(*i, None), *s)).collect();
        items.extend(edited.iter().map(|(c, _, s, by)| (key(*c, Some(by)), s)));
        if let Some((_, s)) = &self.not_found {
            items.push((patch::not_found_key(self), s));
        }
        let mut parsed = memo.parse_all(&items, popts).into_iter();
        let mut original = vec![ParsedChapter::default(); self.sources.len()];
        for ((i, _), p) in own.iter().zip(parsed.by_ref()) {
            original[*i] = p;
        }
        let mut changed: Vec<ParsedChapter> = parsed.by_ref().take(edited.len()).collect();
        let not_found = self.not_found.as_ref().and_then(|_| parsed.next());
        changed.extend(parsed);
        (original, changed, not_found)
    }

    fn assemble(&self, parsed: Vec<ParsedChapter>, sources: crate::span::SourceMap, source: &dyn Source, keep: Option<Arc<dyn Source>>) -> Book {
        let mut book = self.assemble_with(parsed, None, sources);
        self.resolve_book(&mut book, source, keep);
        book
    }

    /// The book of these parsed chapters (and 404 page), before resolution.
    fn assemble_with(&self, parsed: Vec<ParsedChapter>, not_found: Option<(std::path::PathBuf, ParsedChapter, Option<Span>)>, sources: crate::span::SourceMap) -> Book {
        let mut book = Book {
            config: self.config.clone(),
            root: self.root.clone(),
            sources,
            toc: self.plan.toc.clone(),
            chapters: Vec::with_capacity(self.plan.chapters.len()),
            assets: Vec::new(),
            cover: None,
            asset_reader: None,
            not_found: None,
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
                title: p.title.clone(),
                page_title: title.clone(),
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
                html_origins: parsed.html_origins,
            });
        }
        book.diagnostics.extend(parse_diags);
        book.not_found = not_found.map(|(source_path, parsed, span)| {
            book.diagnostics.extend(parsed.diagnostics);
            let title = parsed.blocks.iter().find_map(|b| match &b.kind {
                crate::ast::BlockKind::Heading { inlines, .. } => Some(crate::ast::plain_text(inlines).trim().to_string()),
                _ => None,
            });
            Page {
                source_path,
                title: title.unwrap_or_default(),
                blocks: parsed.blocks,
                footnotes: parsed.footnotes,
                span: span.unwrap_or_default(),
                html_origins: parsed.html_origins,
            }
        });
        if book.config.book.language.as_deref().is_none_or(|l| l.trim().is_empty()) {
            // Guessed once here, so every renderer sets the book in the same language.
            book.config.book.language = Some(crate::language::guess_book_language(&book.chapters).to_string());
        }
        book
    }

    /// Resolves `book` (links, ids, images), reading from `source`.
    fn resolve_book(&self, book: &mut Book, source: &dyn Source, keep: Option<Arc<dyn Source>>) {
        let mut ropts = resolve_options(&book.config, self.gitbook, &self.root);
        ropts.asset_source = keep;
        resolve_from(book, &ropts, source);
    }
}

fn parse_options(config: &BookConfig, layout: Layout, tex_macros: &crate::ast::tex_macros::TexMacros) -> ParseOptions {
    let q = &config.quire;
    let html = &config.output.html;
    ParseOptions {
        gitbook_compat: q.gitbook_compat.unwrap_or(layout == Layout::GitBook),
        cjk_emphasis: q.cjk_emphasis.unwrap_or_else(|| config.is_cjk()),
        smart_punctuation: q.smart_punctuation.or(html.smart_punctuation).unwrap_or(false),
        mathjax: html.mathjax_support.unwrap_or(false),
        admonish: config.preprocessor.contains_key(crate::parse::admonish::TAG),
        hidelines: html.code.hidelines.clone(),
        html_nodes: true,
        tex_macros: tex_macros.clone(),
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
        number_equations: n.equations.unwrap_or(false),
        allow_paths: config.quire.allow_paths.iter().map(|p| root.join(p)).collect(),
        allowed_url_schemes: config.quire.allowed_url_schemes.clone(),
        asset_source: None,
    }
}

#[cfg(test)]
#[allow(clippy::panic)]
#[path = "pipeline_memo_tests.rs"]
mod memo_tests;

#[cfg(test)]
#[allow(clippy::expect_used, clippy::panic)]
mod tests {
    /// The stages in order, with the modules of each: a module may import from its own stage and
    /// the ones before it, never from a later one. `shared` modules (the AST, spans,
    /// diagnostics, words, text helpers) belong to no stage and import from none.
    const STAGES: &[(&str, &[&str])] = &[
        ("shared", &["ast", "book", "byte_size", "config", "config_fonts", "depth", "diag", "i18n", "names", "output", "percent", "script", "slug", "span", "text_lang", "lang_tag"]),
        ("load", &["config_gitbook", "config_gitbook_plugins", "config_load", "config_ranges", "error", "expand", "files", "folder_layout", "front_matter", "gitbook_langs", "include", "katex_macros", "load", "outline", "raw_book", "reading_order", "safe_read", "source", "source_cache", "summary"]),
        ("parse", &["parse", "rawhtml"]),
        ("resolve", &["language", "resolve"]),
        ("pipeline", &["pipeline"]),
    ];

    fn stage_of(module: &str) -> Option<usize> {
        STAGES.iter().position(|(_, mods)| mods.contains(&module))
    }

    /// Every `crate::<module>` a source file names outside its tests and comments.
    fn imports(text: &str) -> Vec<String> {
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let mut out = Vec::new();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            let mut rest = line;
            while let Some(i) = rest.find("crate::") {
                rest = &rest[i + 7..];
                let name: String = rest.chars().take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_').collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
        }
        out
    }

    #[test]
    fn no_module_imports_from_a_later_stage() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        let mut stack = vec![src.clone()];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).expect("src is readable").flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    files.push(p);
                }
            }
        }
        let mut wrong = Vec::new();
        let mut checked = 0;
        for path in files {
            let rel = path.strip_prefix(&src).expect("under src");
            let module = rel.iter().next().and_then(|m| m.to_str()).unwrap_or("").trim_end_matches(".rs").to_string();
            let name = rel.to_string_lossy();
            if module == "lib" || name.contains("tests") || name.ends_with("props.rs") {
                continue;
            }
            let Some(own) = stage_of(&module) else { panic!("{name}: module `{module}` is in no stage of STAGES") };
            checked += 1;
            let text = std::fs::read_to_string(&path).expect("source is readable");
            for dep in imports(&text) {
                match stage_of(&dep) {
                    Some(s) if s > own || (own == 0 && s > 0) => wrong.push(format!("{name} ({}) imports {dep} ({})", STAGES[own].0, STAGES[s].0)),
                    _ => {}
                }
            }
        }
        assert!(checked > 40, "only {checked} files checked");
        assert!(wrong.is_empty(), "imports against the flow load → parse → resolve:\n{}", wrong.join("\n"));
    }

    #[test]
    fn the_check_sees_an_import_from_a_later_stage() {
        assert_eq!(imports("use crate::resolve::x;\n// crate::parse\nfn f() { crate::ast::g(crate::i18n::W) }\n#[cfg(test)]\nuse crate::pipeline;"), ["resolve", "ast", "i18n"]);
    }
}
