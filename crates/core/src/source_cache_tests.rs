//! Unit tests of the source cache: a load through it reads and expands only what changed, and
//! gives the book a load without it gives.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use crate::load::{load_raw, load_raw_cached};
use crate::raw_book::RawBook;
use std::time::Duration;

/// A scratch book folder with the given files; returns its canonical path.
fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("quire-source-cache-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (p, text) in files {
        write(&dir, p, text);
    }
    std::fs::canonicalize(&dir).unwrap()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

/// A book of three chapters: `a.md` includes `parts/common.md`, `c.md` includes `later.md`,
/// which is not there yet.
fn book(name: &str) -> PathBuf {
    scratch(
        name,
        &[
            ("book.toml", "[book]\ntitle = \"Cache\"\n"),
            ("src/SUMMARY.md", "- [A](a.md)\n- [B](b.md)\n- [C](c.md)\n"),
            ("src/a.md", "# A\n\nBefore.\n\n{{#include parts/common.md}}\n\nAfter.\n"),
            ("src/parts/common.md", "Common text.\n"),
            ("src/b.md", "# B\n\nBody of b.\n"),
            ("src/c.md", "# C\n\n{{#include later.md}}\n"),
        ],
    )
}

/// Sets `rel`'s modification time `secs` seconds after the Unix epoch.
fn set_mtime(dir: &Path, rel: &str, secs: u64) {
    let f = std::fs::File::options().write(true).open(dir.join(rel)).unwrap();
    f.set_modified(std::time::UNIX_EPOCH + Duration::from_secs(secs)).unwrap();
}

/// The cached load equals a fresh one: chapter texts, span maps, files read, diagnostics.
fn assert_fresh(dir: &Path, cached: &RawBook) {
    let fresh = load_raw(dir).unwrap();
    assert_eq!(cached.sources, fresh.sources, "the expanded chapters");
    assert_eq!(cached.titles, fresh.titles);
    let files = |r: &RawBook| r.sources().files().map(|(_, f)| (f.path.clone(), f.text.clone())).collect::<Vec<_>>();
    assert_eq!(files(cached), files(&fresh), "the files read, in order");
    assert_eq!(cached.diagnostics(), fresh.diagnostics(), "the diagnostics, in order");
    assert_eq!(cached.timestamp, fresh.timestamp);
}

fn text_of(raw: &RawBook, i: usize) -> String {
    raw.chapters()[i].text.unwrap_or_default().to_string()
}

fn stats(cache: &SourceCache) -> (usize, usize, usize, usize) {
    let s = cache.stats();
    (s.read, s.reused, s.expanded, s.replayed)
}

#[test]
fn unchanged_files_are_not_read_or_expanded_again() {
    let dir = book("unchanged");
    let mut cache = SourceCache::new();
    let first = load_raw_cached(&dir, &mut cache).unwrap();
    // book.toml, SUMMARY.md, three chapters and the included file; `later.md` is missing.
    assert_eq!(stats(&cache), (6, 0, 3, 0));
    assert_fresh(&dir, &first);
    let again = load_raw_cached(&dir, &mut cache).unwrap();
    assert_eq!(stats(&cache), (0, 6, 0, 3), "only metadata asked for; every expansion replayed");
    assert_fresh(&dir, &again);
    let shared = |i: usize| matches!((&first.sources[i], &again.sources[i]), (Some(a), Some(b)) if Arc::ptr_eq(a, b));
    assert!((0..3).all(shared), "the kept texts are shared, not copied (the parse memo compares them by address)");
    assert!(again.diagnostics().iter().any(|d| d.message.contains("later.md")), "the kept expansion's diagnostic is there");
    assert_eq!((cache.files(), cache.expansions()), (6, 3));
}

#[test]
fn a_new_size_or_time_reads_the_file_again() {
    let dir = book("stamp");
    let mut cache = SourceCache::new();
    load_raw_cached(&dir, &mut cache).unwrap();
    // A longer text: read and expanded again, the others not.
    write(&dir, "src/b.md", "# B\n\nBody of b, longer now.\n");
    let raw = load_raw_cached(&dir, &mut cache).unwrap();
    assert_eq!(stats(&cache), (1, 5, 1, 2));
    assert!(text_of(&raw, 1).contains("longer now"));
    assert_fresh(&dir, &raw);
    // The same size, another time: read again; the text is the same, so the expansion stays.
    set_mtime(&dir, "src/b.md", 1_000_000);
    let raw = load_raw_cached(&dir, &mut cache).unwrap();
    assert_eq!(stats(&cache), (1, 5, 0, 3));
    assert_fresh(&dir, &raw);
    // The same size and time (an edit within the clock's tick): only the caller's word that it
    // changed makes the load read it.
    write(&dir, "src/b.md", "# B\n\nBody of B, longer now.\n");
    set_mtime(&dir, "src/b.md", 1_000_000);
    let stale = load_raw_cached(&dir, &mut cache).unwrap();
    assert_eq!(stats(&cache), (0, 6, 0, 3), "size and time alone say unchanged");
    assert!(text_of(&stale, 1).contains("Body of b"));
    cache.mark_changed([dir.join("src/b.md")]);
    let raw = load_raw_cached(&dir, &mut cache).unwrap();
    assert_eq!(stats(&cache), (1, 5, 1, 2));
    assert!(text_of(&raw, 1).contains("Body of B"));
    assert_fresh(&dir, &raw);
    // Named once: the next load trusts the stamp again.
    load_raw_cached(&dir, &mut cache).unwrap();
    assert_eq!(stats(&cache), (0, 6, 0, 3));
}

#[test]
fn a_chapter_that_includes_an_edited_file_is_expanded_again() {
    let dir = book("include");
    let mut cache = SourceCache::new();
    load_raw_cached(&dir, &mut cache).unwrap();
    write(&dir, "src/parts/common.md", "Common text, edited and longer.\n");
    let raw = load_raw_cached(&dir, &mut cache).unwrap();
    assert_eq!(stats(&cache), (1, 5, 1, 2), "the included file read, its chapter expanded");
    assert!(text_of(&raw, 0).contains("edited and longer"));
    assert_fresh(&dir, &raw);
    // The included file appears: the chapter that looked for it is expanded again.
    write(&dir, "src/later.md", "Now here.\n");
    let raw = load_raw_cached(&dir, &mut cache).unwrap();
    assert_eq!(stats(&cache), (1, 6, 1, 2));
    assert!(text_of(&raw, 2).contains("Now here."));
    assert!(!raw.diagnostics().iter().any(|d| d.message.contains("later.md")));
    assert_fresh(&dir, &raw);
}

#[test]
fn deleted_and_renamed_files_are_seen() {
    let dir = book("deleted");
    let mut cache = SourceCache::new();
    load_raw_cached(&dir, &mut cache).unwrap();
    // The included file renamed, and the include with it.
    std::fs::rename(dir.join("src/parts/common.md"), dir.join("src/parts/shared.md")).unwrap();
    let raw = load_raw_cached(&dir, &mut cache).unwrap();
    assert!(raw.diagnostics().iter().any(|d| d.message.contains("parts/common.md")), "the old name is missing");
    assert_fresh(&dir, &raw);
    write(&dir, "src/a.md", "# A\n\nBefore.\n\n{{#include parts/shared.md}}\n\nAfter.\n");
    let raw = load_raw_cached(&dir, &mut cache).unwrap();
    assert!(text_of(&raw, 0).contains("Common text."));
    assert_fresh(&dir, &raw);
    assert!(!cache.files.contains_key(&dir.join("src/parts/common.md")), "what the book no longer reads is dropped");
    // A chapter deleted: the load reports it as a fresh load does.
    std::fs::remove_file(dir.join("src/b.md")).unwrap();
    let raw = load_raw_cached(&dir, &mut cache).unwrap();
    assert!(raw.chapters()[1].text.is_none());
    assert_fresh(&dir, &raw);
    assert!(!cache.expansions.contains_key(&dir.join("src/b.md")));
    // And back, with the same text: read again.
    write(&dir, "src/b.md", "# B\n\nBody of b.\n");
    let raw = load_raw_cached(&dir, &mut cache).unwrap();
    assert_eq!(text_of(&raw, 1), "# B\n\nBody of b.\n");
    assert_fresh(&dir, &raw);
}

#[test]
fn a_summary_edit_that_moves_file_ids_expands_again_and_stays_right() {
    let dir = book("reorder");
    let mut cache = SourceCache::new();
    load_raw_cached(&dir, &mut cache).unwrap();
    // B first: the file ids of every chapter after it move, so their kept expansions (whose
    // pieces name the old ids) are not used.
    write(&dir, "src/SUMMARY.md", "- [B](b.md)\n- [A](a.md)\n- [C](c.md)\n");
    let raw = load_raw_cached(&dir, &mut cache).unwrap();
    assert_eq!(cache.stats().read, 1, "only SUMMARY.md read");
    assert_fresh(&dir, &raw);
    let raw = load_raw_cached(&dir, &mut cache).unwrap();
    assert_eq!(stats(&cache), (0, 6, 0, 3));
    assert_fresh(&dir, &raw);
}
