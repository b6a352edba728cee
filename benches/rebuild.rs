//! Criterion benches for `publish serve`'s rebuild after a one-chapter edit of the handbook
//! (issue 3's goal: under 100 ms from "the file settled" to "the new page is in the served
//! site"). The server reloads the whole book (links and numbering are book-wide) and renders
//! only the edited chapter's page; the full render that refreshes `print.html` and the search
//! index runs later, off that path, and is measured separately.
//!
//! Run: `cargo bench -p quire-suite --bench rebuild`.

use criterion::{criterion_group, criterion_main, Criterion};
use quire_core::{Book, ChapterId};
use std::path::{Path, PathBuf};

fn handbook() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("manuscript")
}

/// The chapter a writer edits in the bench: the handbook's HTML chapter.
fn edited_chapter(book: &Book) -> ChapterId {
    book.chapters
        .iter()
        .find(|c| c.source_path.as_deref() == Some(Path::new("html.md")))
        .or_else(|| book.chapters.iter().find(|c| !c.draft))
        .map(|c| c.id)
        .unwrap_or(ChapterId(0))
}

fn one_chapter(id: ChapterId) -> quire_html::Options {
    quire_html::Options { only_chapters: Some(vec![id]), ..Default::default() }
}

fn rebuild(c: &mut Criterion) {
    let dir = handbook();
    // The handbook ships with the repository: a bench that measured nothing would look like a
    // fast one, so a handbook that does not load stops it.
    let book = Book::load(&dir).unwrap_or_else(|e| panic!("the handbook at {} does not load: {e}", dir.display()));
    let id = edited_chapter(&book);
    let mut group = c.benchmark_group("rebuild");
    group.sample_size(30);
    // The fast path of `publish serve`: what the 100 ms goal is about.
    group.bench_function("handbook load + render one chapter", |b| {
        b.iter(|| {
            let book = Book::load(&dir).ok()?;
            quire_html::render(&book, &one_chapter(id)).ok().map(|r| r.files.len())
        })
    });
    group.bench_function("handbook load", |b| b.iter(|| Book::load(&dir).ok().map(|b| b.chapters.len())));
    group.bench_function("render one chapter", |b| b.iter(|| quire_html::render(&book, &one_chapter(id)).ok().map(|r| r.files.len())));
    // The settle pass after it (print page, search index, other pages), off the fast path.
    group.bench_function("render whole site", |b| {
        b.iter(|| quire_html::render(&book, &quire_html::Options::default()).ok().map(|r| r.files.len()))
    });
    group.finish();
}

criterion_group!(benches, rebuild);
criterion_main!(benches);
