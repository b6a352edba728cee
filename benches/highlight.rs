//! Criterion benches for build-time highlighting: the code blocks of
//! `advanced-go-programming-book` (8 800 lines, mostly Go, C and shell), through the lexer that
//! handles those languages, and the same volume of CSS through syntect for comparison. The
//! issue 3 goal this serves: a first (cold) HTML build of that book in ≤ 1/3 of mdBook's time,
//! which `benches/compare.sh` times end to end.
//!
//! Run: `cargo bench -p quire-suite --bench highlight`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use quire_core::{Block, BlockKind, Book};
use quire_highlight as highlight;
use quire_highlight::BuildCache;
use std::path::PathBuf;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/advanced-go-programming-book")
}

fn code_blocks(blocks: &[Block], out: &mut Vec<(String, String)>) {
    for b in blocks {
        match &b.kind {
            BlockKind::CodeBlock { lang: Some(lang), code, .. } => out.push((lang.clone(), code.clone())),
            BlockKind::BlockQuote(bs) => code_blocks(bs, out),
            BlockKind::List { items, .. } => items.iter().for_each(|it| code_blocks(&it.blocks, out)),
            _ => {}
        }
    }
}

fn bench(c: &mut Criterion) {
    let dir = corpus();
    let Ok(book) = Book::load(&dir) else {
        eprintln!("SKIPPED: {} is absent (clone ../shared beside the project)", dir.display());
        return;
    };
    let mut blocks = Vec::new();
    for ch in &book.chapters {
        code_blocks(&ch.blocks, &mut blocks);
    }
    blocks.retain(|(lang, _)| highlight::lexer_language(lang).is_some());
    let bytes: usize = blocks.iter().map(|(_, c)| c.len()).sum();
    let cache = BuildCache::new();
    let mut group = c.benchmark_group("highlight");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("lexer: advanced-go code blocks to HTML", |b| {
        b.iter(|| blocks.iter().filter_map(|(l, c)| highlight::highlight_html(c, l, &cache)).map(|h| h.len()).sum::<usize>())
    });
    group.bench_function("lexer: advanced-go code blocks to lines (PDF)", |b| {
        b.iter(|| blocks.iter().map(|(l, c)| highlight::highlight_lines(c, l).len()).sum::<usize>())
    });
    // syntect on as many bytes of CSS (a language the lexer leaves to it), once each: the memo
    // would turn repeats into lookups, so every iteration gets fresh text (a fresh cache too).
    let cache = BuildCache::new();
    let rule = ".note > p:first-child { margin: 0 0 1em; color: #333; font: 14px/1.5 sans-serif; }\n";
    let css_block = rule.repeat(bytes / rule.len() / 50 + 1);
    let mut round = 0u64;
    group.sample_size(10);
    group.bench_function("syntect: as many bytes of CSS", |b| {
        b.iter(|| {
            round += 1;
            (0..50).filter_map(|i| highlight::highlight_html(&format!("/* {round}.{i} */\n{css_block}"), "css", &cache)).count()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
