//! Chapters set on several threads share the faces set up for the shaper and a shaping cache
//! (`shape::SharedShapes`): the PDF must be the same bytes as when they are set one after the
//! other, and the same on every run, whichever thread shapes a word first.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use quire_core::{Book, MemorySource};

/// Every font of the repository's `fonts/` folder (CJK faces too), sorted by name.
pub(crate) fn all_fonts() -> Vec<(String, Arc<[u8]>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fonts");
    let mut files: Vec<(String, Arc<[u8]>)> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ttf" || x == "otf"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), Arc::from(std::fs::read(&p).unwrap())))
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// A Chinese book of `n` chapters mixing Han, Latin words, code, footnotes and links to later
/// chapters (their page numbers are known only once every chapter is set).
fn book(n: usize) -> Book {
    let mut src = MemorySource::new().file("book.toml", "[book]\ntitle = \"并行\"\nlanguage = \"zh-CN\"\n");
    let mut summary = String::new();
    for i in 0..n {
        summary.push_str(&format!("- [第{i}章](c{i}.md)\n"));
        let next = (i + 1) % n;
        let body = format!(
            "# 第{i}章 Chapter {i}\n\n这是第{i}章的正文，讨论 Go 语言的 goroutine 与 channel，以及 memory layout 和 pages。\
             见[下一章](c{next}.md)与脚注[^n{i}]。\n\n```go\nfunc main() {{ fmt.Println(\"章{i}\") }}\n```\n\n\
             English words repeat here: the quick brown fox jumps over lazy dogs in chapter {i}.\n\n[^n{i}]: 脚注 {i}。\n"
        );
        src = src.file(&format!("src/c{i}.md"), body);
    }
    Book::load_from(&src.file("src/SUMMARY.md", summary)).expect("loads")
}

fn pdf(book: &Book, fonts: &[(String, Arc<[u8]>)], parallel: bool) -> Vec<u8> {
    let options = crate::Options {
        fonts: fonts.to_vec(),
        layout: crate::layout::LayoutOptions { parallel, ..Default::default() },
        ..Default::default()
    };
    crate::render(book, &options).expect("renders").files.swap_remove(0).data
}

#[test]
fn chapters_set_in_parallel_give_the_bytes_of_a_serial_layout_on_every_run() {
    let fonts = all_fonts();
    let book = book(12);
    let serial = pdf(&book, &fonts, false);
    assert!(serial.starts_with(b"%PDF-"));
    for run in 0..3 {
        assert!(pdf(&book, &fonts, true) == serial, "parallel run {run} differs from the serial layout");
    }
}
