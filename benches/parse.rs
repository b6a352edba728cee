//! Criterion benches for load + parse + resolve (issue 2's goal: the ~700 KB
//! `advanced-go-programming-book` in ≤ 30 ms on the 2-core machine, linear in size).
//!
//! Run: `cargo bench -p quire-suite --bench parse`. Generated books (1, 2.5 and 5 MB of mixed
//! Chinese/English Markdown) are written under `target/bench-books/` so the throughput figures
//! show whether time grows linearly with size.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Total bytes of Markdown under `dir`.
fn markdown_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                total += e.metadata().map(|m| m.len()).unwrap_or(0);
            }
        }
    }
    total
}

const CHAPTER: &str = r#"## 调度与资源分配 {#sched-N}

Mesos 的两级调度（two-level scheduling）把**资源分配**和*任务调度*分开：master 向 framework
提供 offer，framework 决定在哪里运行任务。See [the overview](chapter-0.md#sched-0) and the
footnote[^n].

| 组件 | 作用 | Port |
|:-----|:----:|-----:|
| master | 管理 offer | 5050 |
| agent | 运行任务 | 5051 |

- 第一项，with `inline code` and ~~strike~~
- 第二项
  1. nested *emphasis* item
  2. another one with $x^2 + y^2$

```rust
fn main() {
    println!("你好, {}", 42);
}
```

> [!NOTE]
> 一个提示：Quire 会把 GitHub 风格的提示块变成 admonition。

The quick brown fox jumps over the lazy dog, repeatedly, to give the English line breaker and the
hyphenation patterns some long words: internationalisation, incomprehensibilities.

[^n]: 脚注内容 with a [link](https://example.org).

"#;

/// Writes a generated mdBook-style book of about `bytes` bytes and returns its folder.
fn generated_book(bytes: usize) -> PathBuf {
    let dir = root().join(format!("target/bench-books/gen-{bytes}"));
    if dir.join("src/SUMMARY.md").exists() {
        return dir;
    }
    let src = dir.join("src");
    std::fs::create_dir_all(&src).expect("create bench book");
    std::fs::write(dir.join("book.toml"), "[book]\ntitle = \"生成的书\"\nlanguage = \"zh\"\n")
        .expect("write book.toml");
    let per_chapter = 50_000;
    let chapters = bytes.div_ceil(per_chapter).max(1);
    let mut summary = String::from("# Summary\n\n");
    for c in 0..chapters {
        let _ = writeln!(summary, "- [第 {c} 章](chapter-{c}.md)");
        let mut text = format!("# 第 {c} 章\n\n");
        let mut n = 0;
        while text.len() < per_chapter {
            text.push_str(&CHAPTER.replace("sched-N", &format!("sched-{n}")).replace("[^n]", &format!("[^n{n}]")));
            n += 1;
        }
        std::fs::write(src.join(format!("chapter-{c}.md")), text).expect("write chapter");
    }
    std::fs::write(src.join("SUMMARY.md"), summary).expect("write summary");
    dir
}

fn bench_load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load+parse+resolve");
    group.sample_size(20);
    let corpus = root().join("../shared/corpora/advanced-go-programming-book");
    if corpus.is_dir() {
        group.throughput(Throughput::Bytes(markdown_bytes(&corpus)));
        group.bench_function("advanced-go-programming-book", |b| {
            b.iter(|| quire_core::Book::load(&corpus).map(|book| book.chapters.len()))
        });
    } else {
        eprintln!("SKIPPED advanced-go-programming-book: {} is absent", corpus.display());
    }
    for size in [1_000_000usize, 2_500_000, 5_000_000] {
        let dir = generated_book(size);
        group.throughput(Throughput::Bytes(markdown_bytes(&dir)));
        group.bench_with_input(BenchmarkId::new("generated", size), &dir, |b, dir| {
            b.iter(|| quire_core::Book::load(dir).map(|book| book.chapters.len()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_load);
criterion_main!(benches);
