//! Unit tests of the loader on scratch folders and (when present) the shared corpora.

use super::*;

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
