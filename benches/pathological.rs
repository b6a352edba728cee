//! Criterion benches for the pathological inputs of issue 11, item 5, modelled on
//! pulldown-cmark's `bench/`: each case at size N and 2N, so the report shows whether time
//! doubles (linear) or quadruples (quadratic). The books are written by
//! `benches/pathological.py` (the same generator `benches/pathological.sh` counts instructions
//! on) under `target/bench-books/pathological/<N>/<case>/`.
//!
//! Run: `cargo bench -p quire-suite --bench pathological` (add a case name to filter). Each
//! iteration loads the book and renders the HTML site and the PDF, as `publish build` does.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The generated books at size `n` (written once).
fn books(n: usize) -> PathBuf {
    let dir = root().join(format!("target/bench-books/pathological/{n}"));
    if !dir.join("long-word").is_dir() {
        let status = std::process::Command::new("python3")
            .arg(root().join("benches/pathological.py"))
            .arg(&dir)
            .arg(n.to_string())
            .status();
        assert!(status.is_ok_and(|s| s.success()), "benches/pathological.py failed");
    }
    dir
}

/// The committed fonts, as the CLI passes them.
fn fonts() -> Vec<(String, Arc<[u8]>)> {
    quire::fonts::load_dir(root().join("fonts"))
}

fn build(dir: &Path, fonts: &[(String, Arc<[u8]>)]) -> usize {
    let Ok(book) = quire_core::Book::load(dir) else { return 0 };
    let site = quire_html::render(&book, &quire_html::Options::default());
    let pdf = quire_pdf::render(&book, &quire_pdf::Options { fonts: fonts.to_vec(), ..Default::default() });
    site.map_or(0, |s| s.files.len()) + pdf.map_or(0, |p| p.files.len())
}

fn bench_pathological(c: &mut Criterion) {
    let fonts = fonts();
    let cases = [
        "math-nested", "math-seq", "divs-nested", "divs-flat", "html-misnested", "html-attributes", "long-word", "backticks", "backtick-run",
        "guillemets", "summary-deep", "summary-wide", "emphasis-open", "links-open",
    ];
    let mut group = c.benchmark_group("pathological");
    group.sample_size(10);
    for n in [5_000usize, 10_000] {
        let dir = books(n);
        for case in cases {
            group.bench_with_input(BenchmarkId::new(case, n), &dir.join(case), |b, dir| b.iter(|| build(dir, &fonts)));
        }
    }
    group.finish();
}

criterion_group!(benches, bench_pathological);
criterion_main!(benches);
