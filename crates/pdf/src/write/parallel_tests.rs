//! The page content streams are written on several threads, straight from the page model
//! (`content`): the file must be the same bytes on one thread as on several, on every run, and
//! each stream the bytes printpdf writes for the same operations.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::sync::Arc;

use quire_core::{AssetId, Book, MemorySource};

use super::content::tests::printpdf_bytes;
use super::*;

use crate::layout::parallel_tests::all_fonts;

/// A Chinese book with Latin words, code, a table, footnotes, links, compressed punctuation
/// (`），`, `。」`) and ligatures.
fn book(n: usize) -> Book {
    let mut src = MemorySource::new().file("book.toml", "[book]\ntitle = \"并行写\"\nlanguage = \"zh-CN\"\n");
    let mut summary = String::new();
    for i in 0..n {
        summary.push_str(&format!("- [第{i}章](c{i}.md)\n"));
        let next = (i + 1) % n;
        let body = format!(
            "# 第{i}章 Writing {i}\n\n这是第{i}章（正文），讨论 Go 语言的 goroutine（协程）、channel 与「内存」。\
             见[下一章](c{next}.md)与脚注[^n{i}]。The office fits a fine first file of {i}.\n\n\
             ```go\nfunc main() {{ fmt.Println(\"章{i}\") }}\n```\n\n\
             | 名 | 值 |\n|---|---|\n| a{i} | 一（二），三。 |\n\n\
             > **注意**：引用（quoted）文字。\n\n[^n{i}]: 脚注 {i}。\n"
        );
        src = src.file(&format!("src/c{i}.md"), body);
    }
    Book::load_from(&src.file("src/SUMMARY.md", summary)).expect("loads")
}

fn render(book: &Book, fonts: &[(String, Arc<[u8]>)]) -> Vec<u8> {
    let options = crate::Options { fonts: fonts.to_vec(), ..Default::default() };
    crate::render(book, &options).expect("renders").files.swap_remove(0).data
}

fn on_threads<T: Send>(n: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new().num_threads(n).build().unwrap().install(f)
}

#[test]
fn pages_written_in_parallel_give_the_bytes_of_one_thread_on_every_run() {
    let fonts = all_fonts();
    let book = book(10);
    let serial = on_threads(1, || render(&book, &fonts));
    assert!(serial.starts_with(b"%PDF-"));
    let parsed = lopdf::Document::load_mem(&serial).expect("parses");
    assert!(parsed.get_pages().len() >= 10);
    for run in 0..3 {
        assert!(on_threads(4, || render(&book, &fonts)) == serial, "run {run} on four threads differs from one thread");
    }
}

/// Every page's content stream is what printpdf writes for the same operations: text with
/// kerns and merged runs, CID-keyed CFF codes, marked content, rules, images.
#[test]
fn content_streams_are_printpdfs() {
    let fonts = crate::fonts::FontBook::new(&all_fonts()).expect("fonts");
    let book = book(3);
    let (doc, _) = crate::layout::layout(&book, &fonts, &crate::layout::LayoutOptions::default());
    let drawing: Vec<(&[Item], &[model::TurnedRun])> = doc.pages.iter().map(|p| (p.items.as_slice(), p.turned.as_slice())).collect();
    let embedded = embed::embed_all(&drawing, &fonts).expect("embeds");
    assert!(embedded.values().any(|e| e.codes.is_some()), "no CID-keyed face was used");
    // Images need no XObject for their placement to be written.
    let images: BTreeMap<AssetId, Option<XObjectId>> = (0..4).map(|a| (AssetId(a), Some(XObjectId(format!("Im{a}"))))).collect();
    let ctx = PageContext { fonts: &embedded, images: &images, mode: ColorMode::Rgb, structure: &doc.structure };
    let mut spans = 0;
    for (n, page) in doc.pages.iter().enumerate() {
        let (mut c, _) = ctx.content(page.height, &page.items, &page.turned);
        let ops = std::mem::take(&mut c.ops);
        let (ours, _) = c.finish();
        spans += ours.windows(11).filter(|w| w == b"/ActualText").count();
        let theirs = printpdf_bytes(&embedded, ops);
        assert!(ours == theirs, "page {n} differs:\n{}\n---- printpdf:\n{}", String::from_utf8_lossy(&ours), String::from_utf8_lossy(&theirs));
    }
    assert!(spans > 0, "no /ActualText span was written");
}

/// Turned runs and CMYK colours too.
#[test]
fn turned_runs_and_cmyk_are_printpdfs() {
    let fonts = crate::math::tests::book();
    let run = |x: f32| {
        let mut r = model::GlyphRun::new(fonts.ids().next().unwrap(), 11.0, x, 40.0, Color::gray(0.2));
        for (i, ch) in "Spine".chars().enumerate() {
            r.push(3 + i as u16, i as f32 * 6.5, 0.0, ch.to_string().as_str());
        }
        r
    };
    let items = vec![Item::Text(run(10.0)), Item::Fill { rect: Rect { x: 1.0, y: 2.0, w: 30.0, h: 0.5 }, color: Color::gray(0.5) }];
    let turned = vec![model::TurnedRun { angle: 90.0, run: run(50.0) }];
    let drawing: Vec<(&[Item], &[model::TurnedRun])> = vec![(&items, &turned)];
    let embedded = embed::embed_all(&drawing, &fonts).expect("embeds");
    let images = BTreeMap::new();
    for mode in [ColorMode::Rgb, ColorMode::Cmyk] {
        let ctx = PageContext { fonts: &embedded, images: &images, mode, structure: &[] };
        let (mut c, _) = ctx.content(300.0, &items, &turned);
        let ops = std::mem::take(&mut c.ops);
        let (ours, used) = c.finish();
        assert!(!used.is_empty());
        assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&printpdf_bytes(&embedded, ops)));
    }
}
