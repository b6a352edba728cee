//! Property test of the whole loader: a random SUMMARY.md and random chapters (headings, links
//! with anchors, images, includes, footnotes, CJK emphasis, GitBook quirks) built in memory under
//! each layout, and the same files written to a scratch folder. `Book::load` must never panic,
//! every diagnostic's span and every block's span must lie within the file it names, and the
//! book read from memory must equal the one read from disk (chapters, diagnostics, assets).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use crate::book::Book;
use crate::pipeline::{load_book, load_book_from};
use crate::ast::visit::visit_blocks;
use crate::source::MemorySource;
use proptest::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Chapter files a random book may hold (and its SUMMARY.md may name).
const NAMES: &[&str] = &["a.md", "dir/b.md", "c d.md", "中文.md", "README.md", "dir/README.md"];

fn piece() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "# Title\n", "## Sub {#sub}\n", "#无空格标题\n", "### Same\n### Same\n", "\n", "\n\n", "text ", "中文",
        "**单元（unit）**。", "*", "[link](a.md#title)", "[up](../a.md)", "[x](dir/b.html#sub)", "[gone](nope.md)",
        "[anchor](#missing)", "[](<c d.md>)", "[ext](https://example.com)", "![img](pic.png)", "![FIXME]()",
        "![remote](http://x.org/a.png)", "![sp](my pic.png)", "<img src=\"pic.png\">", "<img src=\"../../x.png\">",
        "{{#include a.md}}", "{{#include dir/b.md:2:3}}", "{{#include a.md:anchor}}", "{{#rustdoc_include c d.md}}",
        "{{#include ../../../etc/passwd}}", "{% include \"a.md\" %}", "{% raw %}{{#include a.md}}{% endraw %}",
        "// ANCHOR: anchor\n", "// ANCHOR_END: anchor\n", "[^1]", "[^1]: note\n", "$x^2$", "$$\n", "\\\\(a\\\\)",
        "> [!NOTE]\n> hi\n", "| a | b |\n|---|---|\n| 1 | 2 |\n", "```rust\nfn f() {}\n```\n", "- item\n", "1. one\n",
        "term\n: def\n", "<div>", "</div>", "\r\n", "\u{FEFF}",
    ])
    .prop_map(str::to_string)
}

fn chapter() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..24).prop_map(|p| p.concat())
}

fn summary_entry() -> impl Strategy<Value = String> {
    let indent = prop::sample::select(vec!["", "  ", "    ", "\t"]);
    let marker = prop::sample::select(vec!["- ", "* ", "1. ", ""]);
    let mut dests: Vec<&str> = NAMES.to_vec();
    dests.extend(["", "missing.md", "dir", "c%20d.md", "<c d.md>", "../outside.md", "https://example.com"]);
    let dest = prop::sample::select(dests);
    let other = prop::sample::select(vec!["# Summary", "# Part", "## Part", "---", "text", "- no link", "<!-- c -->"]);
    prop_oneof![
        4 => (indent, marker, dest).prop_map(|(i, m, d)| format!("{i}{m}[T {d}]({d})\n")),
        1 => other.prop_map(|o| format!("{o}\n")),
    ]
}

/// A book: layout (0 mdBook, 1 GitBook, 2 plain folder), language, SUMMARY.md, and the text of
/// each of [`NAMES`] (`None`: the file is absent).
fn book() -> impl Strategy<Value = (u8, bool, String, Vec<Option<String>>)> {
    (
        0u8..3,
        any::<bool>(),
        prop::collection::vec(summary_entry(), 0..12).prop_map(|l| l.concat()),
        prop::collection::vec(prop::option::weighted(0.8, chapter()), NAMES.len()),
    )
}

static CASE: AtomicUsize = AtomicUsize::new(0);

/// The book in memory.
fn memory(layout: u8, zh: bool, summary: &str, chapters: &[Option<String>]) -> MemorySource {
    let lang = if zh { "zh-CN" } else { "en" };
    let (mut mem, src) = match layout {
        0 => (
            MemorySource::new()
                .file("book.toml", format!("[book]\ntitle = \"P\"\nlanguage = \"{lang}\"\n[output.html]\nmathjax-support = true\n")),
            "src/",
        ),
        1 => (MemorySource::new().file("book.json", format!("{{\"title\": \"P\", \"language\": \"{lang}\"}}")), ""),
        _ => (MemorySource::new(), ""),
    };
    if layout != 2 {
        mem.insert(format!("{src}SUMMARY.md"), summary);
    }
    for (name, text) in NAMES.iter().zip(chapters) {
        if let Some(text) = text {
            mem.insert(format!("{src}{name}"), text.as_str());
        }
    }
    mem.insert(format!("{src}pic.png"), &b"\x89PNG\r\n\x1a\nnot really"[..]);
    mem.insert(format!("{src}my pic.png"), &b"\xFF\xD8\xFFjpeg in a png"[..]);
    mem
}

/// Writes the in-memory book into a fresh scratch folder and returns it.
fn materialise(mem: &MemorySource) -> PathBuf {
    let n = CASE.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("quire-load-props-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for rel in mem.paths() {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, mem.read(&Path::new(MemorySource::ROOT).join(rel), u64::MAX).unwrap()).unwrap();
    }
    dir
}

/// What must be the same whether the book is read from memory or from disk: the chapters, and
/// every diagnostic's code and message. An include of `/etc/passwd` is the exception: on disk
/// the file exists (an escape), in memory it does not (missing).
fn summary_of(book: &Book) -> (Vec<String>, Vec<(&'static str, String)>, usize) {
    let titles = book.chapters.iter().map(|c| c.title.clone()).collect();
    let diags = book
        .diagnostics
        .iter()
        .filter(|d| !d.message.contains("etc/passwd"))
        .map(|d| (d.code.name(), d.message.clone()))
        .collect();
    (titles, diags, book.assets.len())
}

fn check(book: &Book) -> Result<(), TestCaseError> {
    let within = |span: Span| book.sources.get(span.file).is_some_and(|f| span.start <= span.end && span.end as usize <= f.text.len());
    for d in &book.diagnostics {
        if let Some(span) = d.span {
            prop_assert!(within(span), "{} `{}` has span {:?} outside its file", d.code, d.message, span);
            prop_assert!(d.location(&book.sources).is_some());
        }
    }
    for ch in &book.chapters {
        let mut blocks = ch.blocks.clone();
        let mut bad = None;
        visit_blocks(&mut blocks, &mut |b| {
            if !within(b.span) && !ch.draft {
                bad = Some(b.span);
            }
        });
        prop_assert!(bad.is_none(), "chapter {:?}: block span {:?} outside its file", ch.source_path, bad);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]
    #[test]
    fn random_books_load_without_panic((layout, zh, summary, chapters) in book()) {
        let mem = memory(layout, zh, &summary, &chapters);
        let dir = materialise(&mem);
        let loaded = load_book(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        let in_memory = load_book_from(&mem);
        match (loaded, in_memory) {
            (Ok(book), Ok(from_memory)) => {
                check(&book)?;
                check(&from_memory)?;
                prop_assert_eq!(summary_of(&book), summary_of(&from_memory));
            }
            // Only a plain folder with no Markdown at all may fail to load.
            (Err(e), Err(_)) => prop_assert!(layout == 2 && chapters.iter().all(Option::is_none), "{e}"),
            (disk, memory) => prop_assert!(false, "disk {:?} but memory {:?}", disk.err(), memory.err()),
        }
    }
}
