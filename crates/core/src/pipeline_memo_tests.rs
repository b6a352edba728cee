//! A book loaded through a [`ParseMemo`] is the book loaded without it, and the memo parses
//! again only what changed: an edited chapter, the chapters that include an edited file, and
//! everything whose file ids moved when SUMMARY.md changed.

use crate::book::Book;
use crate::parse::memo::ParseMemo;
use crate::raw_book::RawBook;
use crate::source::MemorySource;

fn book() -> MemorySource {
    MemorySource::new()
        .file("book.toml", "[book]\ntitle = \"Memo\"\n")
        .file("src/SUMMARY.md", "# Summary\n\n- [A](a.md)\n- [B](b.md)\n- [C](c.md)\n")
        .file("src/a.md", "# A\n\nSee [B](b.md#part) and [C](c.md).\n")
        .file("src/b.md", "# B\n\n{{#include part.md}}\n\nAfter.\n")
        .file("src/part.md", "## Part\n\nIncluded text.\n")
        .file("src/c.md", "# C\n\nFootnote[^1].\n\n[^1]: Note.\n")
}

/// Loads `source` through `memo`, and without one; checks both books are the same.
fn load(source: &MemorySource, memo: &mut ParseMemo) -> Book {
    let raw = RawBook::load_from(source.clone()).unwrap_or_else(|e| panic!("{e}"));
    let through = raw.finish_many_memo(&[Vec::new()], memo).pop().unwrap_or_else(|| panic!("one book"));
    let fresh = RawBook::load_from(source.clone()).unwrap_or_else(|e| panic!("{e}")).finish(&[]);
    assert_same(&through, &fresh);
    through
}

fn assert_same(a: &Book, b: &Book) {
    let show = |b: &Book| format!("{:#?}\n{:#?}\n{:#?}\n{:#?}\n{:#?}\n{:#?}\n{:?}\n{}", b.config, b.toc, b.chapters, b.assets, b.diagnostics, b.sources, b.cover, b.timestamp);
    assert_eq!(show(a), show(b));
}

#[test]
fn an_edit_parses_only_that_chapter() {
    let mut source = book();
    let mut memo = ParseMemo::new();
    load(&source, &mut memo);
    assert_eq!((memo.parsed(), memo.reused()), (3, 0));
    load(&source, &mut memo);
    assert_eq!((memo.parsed(), memo.reused()), (0, 3), "nothing changed");
    source.insert("src/c.md", "# C\n\nFootnote[^1], edited.\n\n[^1]: Note.\n");
    let edited = load(&source, &mut memo);
    assert_eq!((memo.parsed(), memo.reused()), (1, 2));
    assert!(format!("{:?}", edited.chapters[2].blocks).contains("edited"));
}

#[test]
fn an_included_file_s_edit_parses_its_includers() {
    let mut source = book();
    let mut memo = ParseMemo::new();
    load(&source, &mut memo);
    source.insert("src/part.md", "## Part\n\nIncluded text, changed.\n");
    let edited = load(&source, &mut memo);
    assert_eq!((memo.parsed(), memo.reused()), (1, 2), "b.md includes part.md");
    assert!(format!("{:?}", edited.chapters[1].blocks).contains("changed"));
}

#[test]
fn a_summary_edit_loads_everything_again() {
    let mut source = book();
    let mut memo = ParseMemo::new();
    load(&source, &mut memo);
    // C first: the chapter files are read in the new order, so their file ids move.
    source.insert("src/SUMMARY.md", "# Summary\n\n- [C](c.md)\n- [A](a.md)\n- [B](b.md)\n");
    let reordered = load(&source, &mut memo);
    assert_eq!(memo.parsed(), 3);
    assert_eq!(reordered.chapters.iter().map(|c| c.title.as_str()).collect::<Vec<_>>(), ["C", "A", "B"]);
    // A title only: the same files in the same order; the parses are reused, the book is new.
    source.insert("src/SUMMARY.md", "# Summary\n\n- [See](c.md)\n- [A](a.md)\n- [B](b.md)\n");
    let renamed = load(&source, &mut memo);
    assert_eq!((memo.parsed(), renamed.chapters[0].title.as_str()), (0, "See"));
    // A chapter removed: its parse is dropped from the memo.
    source.insert("src/SUMMARY.md", "# Summary\n\n- [A](a.md)\n- [B](b.md)\n");
    load(&source, &mut memo);
    assert_eq!(memo.len(), 2);
}
