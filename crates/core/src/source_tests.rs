//! Unit tests of the sources: a book built in memory loads, parses and resolves as the same book
//! written to disk does (same chapters, same diagnostics codes), and nothing escapes the root.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use crate::ast::{BlockKind, ImageSource, InlineKind};
use crate::book::Book;
use crate::ast::visit::{visit_all_inlines, visit_blocks};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x02\0\0\0\x02\x08\x06\0\0\0";

/// An mdBook book: nested SUMMARY, an include, an image, and the problems given in `extra`.
fn book(extra: &str) -> MemorySource {
    MemorySource::new()
        .file("book.toml", "[book]\ntitle = \"Mem\"\nlanguage = \"en\"\n")
        .file(
            "src/SUMMARY.md",
            format!("# Summary\n\n[Intro](intro.md)\n\n- [One](one.md)\n  - [Two](part/two.md)\n- [Three](three.md)\n{extra}"),
        )
        .file("src/intro.md", "# Intro\n\nWelcome.\n")
        .file("src/one.md", "# One\n\n```rust\n{{#include snippets/code.rs}}\n```\n\n![pic](img/pic.png)\n")
        .file("src/part/two.md", "# Two\n\nSee [one](../one.md).\n")
        .file("src/three.md", "# Three\n")
        .file("src/snippets/code.rs", "fn included() {}\n")
        .file("src/img/pic.png", PNG)
}

/// Writes `mem` under a fresh scratch folder.
fn on_disk(mem: &MemorySource, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("quire-source-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for rel in mem.paths() {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, mem.read(&Path::new(MemorySource::ROOT).join(rel), u64::MAX).unwrap()).unwrap();
    }
    dir
}

fn codes(book: &Book) -> Vec<&'static str> {
    let mut c: Vec<&'static str> = book.diagnostics.iter().map(|d| d.code.name()).collect();
    c.sort_unstable();
    c
}

fn text_of(book: &Book, chapter: usize) -> String {
    let mut blocks = book.chapters[chapter].blocks.clone();
    let mut out = String::new();
    visit_blocks(&mut blocks, &mut |b| {
        if let BlockKind::CodeBlock { code, .. } = &b.kind {
            out.push_str(code);
        }
    });
    out
}

fn image_sources(book: &Book, chapter: usize) -> Vec<ImageSource> {
    let mut blocks = book.chapters[chapter].blocks.clone();
    let mut out = Vec::new();
    visit_blocks(&mut blocks, &mut |b| {
        if let BlockKind::Figure { image, .. } = &b.kind {
            out.push(image.source.clone());
        }
    });
    visit_all_inlines(&mut blocks, &mut |i| {
        if let InlineKind::Image(img) = &i.kind {
            out.push(img.source.clone());
        }
    });
    out
}

#[test]
fn a_book_in_memory_loads_parses_and_resolves() {
    let book = Book::load_from(&book("")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(book.root, Path::new(MemorySource::ROOT));
    assert_eq!(book.config.book.title.as_deref(), Some("Mem"));
    let titles: Vec<&str> = book.chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Intro", "One", "Two", "Three"]);
    // SUMMARY nesting: Two is 1.1, under One.
    assert_eq!(book.chapters[2].number, vec![1, 1]);
    assert_eq!(book.chapters[2].parent, Some(crate::ast::ChapterId(1)));
    // The include is expanded, and located in its own file.
    assert!(text_of(&book, 1).contains("fn included() {}"), "{:?}", book.chapters[1].blocks);
    assert!(book.sources.find(Path::new("src/snippets/code.rs")).is_some());
    // The image is an asset with its bytes.
    assert_eq!(book.assets.len(), 1);
    assert_eq!(book.asset_bytes(&book.assets[0]).expect("readable").as_ref(), PNG);
    assert_eq!(image_sources(&book, 1), vec![ImageSource::Asset(book.assets[0].id)]);
    assert!(book.diagnostics.iter().all(|d| d.severity != crate::diag::Severity::Error), "{:?}", book.diagnostics);
    // No file, no modification time: the timestamp is fixed (unless SOURCE_DATE_EPOCH says).
    if std::env::var_os("SOURCE_DATE_EPOCH").is_none() {
        assert_eq!(book.timestamp, 0);
    }
}

#[test]
fn memory_and_disk_give_the_same_book_and_the_same_codes() {
    // A missing chapter, a missing include, a missing image, an unlisted file.
    let mem = book("- [Gone](gone.md)\n- [Four](four.md)\n")
        .file("src/four.md", "# Four\n\n{{#include nothing.rs}}\n\n![x](img/none.png)\n")
        .file("src/stray.md", "# Stray\n");
    let from_mem = Book::load_from(&mem).unwrap_or_else(|e| panic!("{e}"));
    let dir = on_disk(&mem, "same");
    let from_disk = Book::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_dir_all(&dir).ok();
    for code in ["missing-chapter", "include-missing", "missing-image", "unlisted-file"] {
        assert!(codes(&from_mem).contains(&code), "{code} missing from {:?}", codes(&from_mem));
    }
    assert_eq!(codes(&from_mem), codes(&from_disk));
    let titles = |b: &Book| b.chapters.iter().map(|c| c.title.clone()).collect::<Vec<_>>();
    assert_eq!(titles(&from_mem), titles(&from_disk));
    let messages = |b: &Book| b.diagnostics.iter().map(|d| d.message.clone()).collect::<Vec<_>>();
    assert_eq!(messages(&from_mem), messages(&from_disk));
    assert_eq!(text_of(&from_mem, 1), text_of(&from_disk, 1));
    assert_eq!(from_mem.assets.len(), from_disk.assets.len());
    assert_eq!(from_mem.assets[0].output_path, from_disk.assets[0].output_path);
}

#[test]
fn escapes_are_refused_in_memory() {
    let mem = MemorySource::new()
        .file("SUMMARY.md", "- [A](a.md)\n- [Out](../outside.md)\n")
        .file("a.md", "# A\n\n{{#include ../../secret.txt}}\n\n![x](../../x.png)\n")
        // Beside the book: there, but refused.
        .file("../outside.md", "# Outside\n")
        .file("../secret.txt", "secret");
    let book = Book::load_from(&mem).unwrap_or_else(|e| panic!("{e}"));
    let escapes: Vec<&str> =
        book.diagnostics.iter().filter(|d| d.code == "path-escape").map(|d| d.message.as_str()).collect();
    assert_eq!(escapes.len(), 3, "{:?}", book.diagnostics);
    assert!(book.sources.files().all(|(_, f)| f.text != "secret" && f.text != "# Outside\n"), "nothing outside was read");
    assert!(book.assets.is_empty());
    assert_eq!(mem.canonicalize(Path::new("/book/../outside.md")).unwrap(), Path::new("/outside.md"));
    // A `../` path to nothing is missing, as on disk.
    let gone = MemorySource::new().file("SUMMARY.md", "- [Out](../gone.md)\n");
    let book = Book::load_from(&gone).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(codes(&book), ["missing-chapter"]);
}

#[test]
fn allow_paths_reach_beside_the_book_in_memory_too() {
    let mem = MemorySource::new()
        .file("book.toml", "[book]\nsrc = \".\"\n[quire]\nallow-paths = [\"../shared\"]\n")
        .file("SUMMARY.md", "- [A](a.md)\n")
        .file("a.md", "# A\n\n```\n{{#include ../shared/code.rs}}\n```\n\n![x](../shared/x.png)\n")
        .file("../shared/code.rs", "shared()\n")
        .file("../shared/x.png", PNG);
    let book = Book::load_from(&mem).unwrap_or_else(|e| panic!("{e}"));
    assert!(book.diagnostics.iter().all(|d| d.code != "path-escape"), "{:?}", book.diagnostics);
    assert!(text_of(&book, 0).contains("shared()"));
    assert_eq!(book.assets.len(), 1);
    assert_eq!(book.asset_bytes(&book.assets[0]).expect("readable").as_ref(), PNG);
}

#[test]
fn memory_refusals_have_the_disk_codes() {
    let mem = MemorySource::new().file("SUMMARY.md", "- [Big](big.md)\n- [Dir](dir/x.md)\n").file("big.md", "x".repeat(100)).file("dir/x.md/y", "");
    let e = mem.read(Path::new("/book/big.md"), 10).unwrap_err();
    assert_eq!(e.code(crate::diag::Code::UnreadableImage), "file-too-large");
    let e = mem.read(Path::new("/book/dir"), 10).unwrap_err();
    assert_eq!(e.code(crate::diag::Code::UnreadableImage), "not-a-file");
    assert_eq!(e.to_string(), "it is a folder, not a regular file");
    let toml = "[book]\ntitle = \"B\"\nsrc = \".\"\n[quire]\nmax-file-size = 50\n";
    let book = Book::load_from(&mem.file("book.toml", toml)).unwrap_or_else(|e| panic!("{e}"));
    let c = codes(&book);
    assert!(c.contains(&"file-too-large"), "{c:?}");
    // A chapter path naming a folder.
    assert!(book.diagnostics.iter().any(|d| d.code == "missing-chapter" && d.message.contains("is a folder")), "{c:?}");
}

#[test]
fn memory_listings_and_metadata() {
    let mem = MemorySource::new().file("a.md", "A").file("d/b.md", "BB").file("d/e/c.md", "").file("d b.md", "");
    let root = Path::new(MemorySource::ROOT);
    let mut names: Vec<(String, FileKind)> =
        mem.read_dir(root).unwrap().into_iter().map(|e| (e.name.to_string_lossy().into_owned(), e.kind)).collect();
    names.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(names, [("a.md".into(), FileKind::File), ("d".into(), FileKind::Dir), ("d b.md".into(), FileKind::File)]);
    let sub: Vec<String> = mem.read_dir(&root.join("d")).unwrap().into_iter().map(|e| e.name.to_string_lossy().into_owned()).collect();
    assert_eq!(sub, ["b.md", "e"]);
    assert_eq!(mem.metadata(&root.join("d/b.md")).unwrap(), Metadata::new(FileKind::File, 2));
    assert!(mem.is_dir(&root.join("d/e")) && !mem.exists(&root.join("d/f")));
    assert!(mem.read_dir(&root.join("a.md")).is_err());
    assert_eq!(mem.canonicalize(&root.join("d/./e/../b.md")).unwrap(), root.join("d/b.md"));
    assert!(mem.canonicalize(&root.join("nope.md")).is_err_and(|e| e.is_not_found()));
    // Relative and rooted builder paths name the same file.
    let twice = MemorySource::new().file("/x.md", "1").file("./x.md", "2");
    assert_eq!(twice.paths().count(), 1);
}

#[test]
fn a_raw_book_in_memory_resolves_from_memory() {
    let raw = crate::raw_book::RawBook::load_from(book("")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(raw.chapters().len(), 4);
    let book = raw.finish(&[]);
    assert_eq!(book.assets.len(), 1, "{:?}", book.diagnostics);
    assert_eq!(book.asset_bytes(&book.assets[0]).expect("readable").as_ref(), PNG);
}

#[test]
fn disk_errors_keep_their_refusal() {
    let dir = std::env::temp_dir().join(format!("quire-source-{}-refusal", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.md"), "hello").unwrap();
    let disk = DiskSource::new(&dir);
    let e = disk.read(&dir.join("a.md"), 2).unwrap_err();
    assert_eq!(e.code(crate::diag::Code::UnreadableImage), "file-too-large");
    assert!(matches!(e, SourceError::Refused(ReadError::TooLarge { size: 5, max: 2 })));
    assert_eq!(disk.read(&dir, 10).unwrap_err().code(crate::diag::Code::UnreadableImage), "not-a-file");
    assert!(disk.read(&dir.join("none"), 10).unwrap_err().is_not_found());
    let kinds: Vec<FileKind> = disk.read_dir(&dir).unwrap().into_iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [FileKind::File]);
    assert!(disk.metadata(&dir.join("a.md")).unwrap().modified.is_some());
    std::fs::remove_dir_all(&dir).ok();
}
