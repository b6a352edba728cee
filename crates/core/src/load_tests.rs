//! Unit tests of the loader on scratch folders and (when present) the shared corpora.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::type_complexity)]

use super::*;
use crate::book::Book;
use crate::pipeline::load_book;

fn corpora() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora");
    dir.is_dir().then_some(dir)
}

#[test]
fn corpora_load_without_panic() {
    let Some(dir) = corpora() else { return };
    for name in ["mdbook-guide", "mesos-in-action", "advanced-go-programming-book"] {
        let book = match load_book(&dir.join(name)) {
            Ok(b) => b,
            Err(e) => panic!("{name}: {e}"),
        };
        assert!(book.chapters.len() > 10, "{name}: {} chapters", book.chapters.len());
        if std::env::var_os("QUIRE_SHOW").is_some() {
            eprintln!("== {name}: {} chapters, title {:?} ts {}", book.chapters.len(), book.title(), book.timestamp);
            for c in &book.chapters {
                eprintln!("  {:?} {:?} d{} p{:?} {} [{}] {:?}", c.role, c.number, c.depth, c.parent.map(|p| p.0), c.title, c.output_stem, c.source_path);
            }
            for d in &book.diagnostics {
                eprintln!("  {:?} {} {} @ {:?}", d.severity, d.code, d.message, d.location(&book.sources));
            }
        }
    }
}

#[test]
fn timestamp_prefers_source_date_epoch() {
    assert_eq!(timestamp_from(Some("1700000000"), Some(5)), 1_700_000_000);
    assert_eq!(timestamp_from(Some("garbage"), Some(5)), 5);
    assert_eq!(timestamp_from(Some("-3"), Some(5)), 5);
    assert_eq!(timestamp_from(None, None), 0);
}

#[test]
fn odd_inputs_do_not_panic() {
    let dir = std::env::temp_dir().join(format!("quire-load-odd-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let write = |p: &str, t: &[u8]| {
        let path = dir.join(p);
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(path, t);
    };
    write("book.toml", b"[book]\ntitle = 5\n[quire]\nnumbering = 3\n");
    write("src/SUMMARY.md", b"# S\n- [a](../../../../etc/passwd)\n- [b](sub/)\n- [c](c.md)\n- [c again](./c.md)\n- [x](http://example.com)\n\xFF");
    write("src/sub/README.md", b"# Sub\n{{#include ../sub/README.md}}");
    write("src/c.md", b"{{#include}} {{#include c.md:1:0}} {{#title}} \\{{#");
    let book = load_book(&dir);
    assert!(book.is_ok());
    let book = book.unwrap_or_else(|_| unreachable!());
    assert_eq!(book.chapters.len(), 4, "the external link is left out");
    assert!(book.diagnostics.iter().any(|d| d.code == "config-invalid"));
    assert!(book.diagnostics.iter().any(|d| d.code == "path-escape" || d.code == "missing-chapter"));
    assert!(load_book(&dir.join("src/c.md")).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn loading_is_deterministic() {
    let Some(dir) = corpora() else { return };
    for name in ["mesos-in-action", "mdbook-guide"] {
        let show = |b: &Book| {
            format!(
                "{:?}\n{:?}\n{:?}\n{}\n{:?}",
                b.chapters.iter().map(|c| (&c.title, &c.output_stem, &c.blocks, &c.footnotes)).collect::<Vec<_>>(),
                b.toc,
                b.diagnostics,
                b.timestamp,
                b.assets.iter().map(|a| (&a.path, &a.output_path)).collect::<Vec<_>>()
            )
        };
        let a = load_book(&dir.join(name)).map(|b| show(&b)).unwrap_or_default();
        let b = load_book(&dir.join(name)).map(|b| show(&b)).unwrap_or_default();
        assert!(a == b, "{name}: two loads differ");
    }
}
