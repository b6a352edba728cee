//! Hostile input: linear time and output size on pathological inputs (issue 11, item 5).
//!
//! Time is measured in `benches/` (`benches/pathological.rs` with criterion, and
//! `benches/pathological.sh`, which counts instructions with callgrind at N and 2N); these
//! tests check what can be checked without a clock: output sizes that must grow linearly, and
//! the cap on what includes may add to a chapter.

use crate::support;
use quire_core::Book;

/// Seven files, each including the next ten times: unbounded, the chapter would grow to
/// 10^6 copies of the last file. The cap stops it with one error, not one per include.
#[test]
fn include_fan_out_is_capped_with_one_error() {
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("book.toml".into(), b"[book]\ntitle = \"fan\"\n[quire]\nmax-include-size = \"256 KiB\"\n".to_vec()),
        ("src/SUMMARY.md".into(), b"- [A](a.md)\n".to_vec()),
        ("src/a.md".into(), "# A\n\n{{#include f1.md}}\n".repeat(1).into_bytes()),
    ];
    for level in 1..7 {
        files.push((format!("src/f{level}.md"), format!("{{{{#include f{}.md}}}}\n", level + 1).repeat(10).into_bytes()));
    }
    files.push(("src/f7.md".into(), "line of text that repeats\n".repeat(100).into_bytes()));
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(p, d)| (p.as_str(), d.as_slice())).collect();
    let dir = support::scratch_book("hostile-scaling-fan-out", &refs);
    let book = Book::load(&dir).expect("the book loads");
    let too_large: Vec<_> = book.diagnostics.iter().filter(|d| d.code == "include-too-large").collect();
    assert_eq!(too_large.len(), 1, "one error for the chapter: {:?}", book.diagnostics);
    assert!(too_large[0].message.contains("256 KiB") && too_large[0].message.contains("later includes"), "{}", too_large[0].message);
    let loc = too_large[0].location(&book.sources).unwrap_or_default();
    assert!(loc.contains("f6.md") || loc.contains("f7.md") || loc.contains(".md:"), "points at an include: {loc}");
    let text: usize = book.chapters.iter().flat_map(|c| &c.blocks).map(|b| match &b.kind {
        quire_core::BlockKind::Paragraph(inlines) => quire_core::plain_text(inlines).len(),
        _ => 0,
    }).sum();
    assert!(text > 100 * 1024, "what fits under the cap is kept: {text} bytes of text");
    assert!(text < 300 * 1024, "the chapter stays near the cap: {text} bytes of text");
}

/// The bytes of the HTML site of a book of `chapters` one-line chapters listed in a SUMMARY.md
/// `depth` levels deep (then flat).
fn site_bytes(name: &str, chapters: usize, depth: usize) -> usize {
    let mut summary = String::from("# Summary\n\n");
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..chapters {
        summary.push_str(&format!("{}- [Chapter {i}](c{i}.md)\n", "  ".repeat(i.min(depth))));
        files.push((format!("c{i}.md"), format!("# Chapter {i}\n\nText of chapter {i}.\n").into_bytes()));
    }
    files.push(("SUMMARY.md".into(), summary.into_bytes()));
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(p, d)| (p.as_str(), d.as_slice())).collect();
    let dir = support::scratch_book(name, &refs);
    let book = Book::load(&dir).expect("the book loads");
    let site = quire_html::render(&book, &quire_html::Options::default()).expect("the site renders");
    assert!(site.files.iter().any(|f| f.path == "toc.html"), "a sidebar this long is written once, in toc.html");
    site.files.iter().map(|f| f.data.len()).sum()
}

/// The sidebar of a long SUMMARY.md is written once, not into every page: doubling the chapters
/// doubles the site, where a sidebar in every page would quadruple it.
#[test]
fn site_size_is_linear_in_the_number_of_chapters() {
    for (label, depth) in [("flat", 0), ("deep", 60)] {
        let small = site_bytes(&format!("hostile-scaling-site-{label}-1"), 1500, depth);
        let large = site_bytes(&format!("hostile-scaling-site-{label}-2"), 3000, depth);
        let ratio = large as f64 / small as f64;
        assert!(ratio < 2.3, "{label}: 1500 chapters {small} bytes, 3000 chapters {large} bytes ({ratio:.2}×)");
    }
}
