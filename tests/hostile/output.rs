//! Hostile input: The output folder: Quire never deletes or overwrites a file it did not write; stale temporary folders are cleaned.
//!
//! Issue 11, items 1 and 10 (first part): `publish build book -o book/src` deleted the book's own
//! chapter `src/html/guide.md`; `build-dir = "src"` did the same; any `-o DIR` with a `DIR/html/`
//! of the user's lost its files; a build killed during the site swap left `.html.tmp-…/` for good.
//! Every case drives the `publish` command line in-process, as `tests/cli.rs` does.

use crate::support;
use std::path::{Path, PathBuf};

/// Runs `publish` with `args` (without the program name); returns (status, stderr).
fn publish(args: &[&str]) -> (u8, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut io = quire_cli::cli::Io { stdout: &mut out, stderr: &mut err, stderr_is_terminal: false };
    let code = quire_cli::cli::run_with(std::iter::once("publish").chain(args.iter().copied()), &mut io);
    (code, format!("{}{}", String::from_utf8_lossy(&out), String::from_utf8_lossy(&err)))
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 test path")
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

const GUIDE: &str = "# Guide\n\nThe author's only copy of this chapter.\n";

/// An mdBook book whose sources have a chapter in `src/html/`, the folder name of the site.
fn book_with_html_chapter(scratch: &str, book_toml_extra: &str) -> PathBuf {
    let root = support::out_dir(scratch).join("book");
    write(&root.join("book.toml"), &format!("[book]\ntitle = \"Careless\"\n{book_toml_extra}"));
    write(&root.join("src/SUMMARY.md"), "# Summary\n\n- [Intro](intro.md)\n- [Guide](html/guide.md)\n");
    write(&root.join("src/intro.md"), "# Intro\n\nHello.\n");
    write(&root.join("src/html/guide.md"), GUIDE);
    root
}

/// Every path under `dir`, relative, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            out.push(p.strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/"));
            if e.file_type().expect("file type").is_dir() {
                stack.push(p);
            }
        }
    }
    out.sort();
    out
}

fn assert_manuscript_intact(root: &Path, before: &[String]) {
    assert_eq!(std::fs::read_to_string(root.join("src/html/guide.md")).expect("the chapter is still there"), GUIDE);
    assert_eq!(listing(&root.join("src")), before, "nothing was added to or removed from the sources");
    let (code, err) = publish(&["check", s(root)]);
    assert_eq!(code, 0, "the book still checks clean:\n{err}");
}

#[test]
fn output_into_the_source_folder_is_refused_before_anything_is_touched() {
    let root = book_with_html_chapter("hostile-output-src", "");
    let before = listing(&root.join("src"));
    for force in [false, true] {
        let src = root.join("src");
        let mut args = vec!["build", s(&root), "-o", s(&src), "-f", "html,epub"];
        if force {
            args.push("--force");
        }
        let (code, err) = publish(&args);
        assert_eq!(code, 1, "force={force}: the build must fail:\n{err}");
        assert!(err.contains("output-holds-manuscript"), "force={force}: one clear diagnostic:\n{err}");
        assert!(err.contains("manuscript file") && err.contains("src"), "force={force}: it names the file:\n{err}");
        assert!(err.contains("help:") && err.contains("not even with --force"), "force={force}: with a hint:\n{err}");
        assert_manuscript_intact(&root, &before);
    }
}

#[test]
fn build_dir_in_the_sources_is_refused() {
    let root = book_with_html_chapter("hostile-output-build-dir", "\n[build]\nbuild-dir = \"src\"\n");
    let before = listing(&root.join("src"));
    let (code, err) = publish(&["build", s(&root), "-f", "html"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("output-holds-manuscript"), "{err}");
    assert_manuscript_intact(&root, &before);
    // The book's parent folder holds the manuscript too.
    let parent = root.parent().expect("parent").to_path_buf();
    let (code, err) = publish(&["build", s(&root), "-o", s(&parent), "-f", "html"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("output-holds-manuscript"), "{err}");
    assert_manuscript_intact(&root, &before);
}

#[test]
fn a_users_file_in_the_site_folder_is_kept_unless_forced() {
    let root = book_with_html_chapter("hostile-output-user-file", "");
    let out = root.parent().expect("parent").join("dist");
    write(&out.join("html/notes.txt"), "my notes");
    write(&out.join("README.txt"), "beside the outputs, never touched");
    let (code, err) = publish(&["build", s(&root), "-o", s(&out), "-f", "html"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("output-not-owned") && err.contains("notes.txt"), "names the file:\n{err}");
    assert!(err.contains("--force"), "the hint says how to go on:\n{err}");
    assert_eq!(std::fs::read_to_string(out.join("html/notes.txt")).expect("kept"), "my notes");
    assert_eq!(listing(&out), ["README.txt", "html", "html/notes.txt"], "nothing at all was written");

    let (code, err) = publish(&["build", s(&root), "-o", s(&out), "-f", "html", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.join("html/notes.txt").exists(), "--force clears what Quire did not write");
    assert!(out.join("html/index.html").is_file());
    assert_eq!(std::fs::read_to_string(out.join("README.txt")).expect("kept"), "beside the outputs, never touched");
}

#[test]
fn a_file_in_the_place_of_the_epub_is_kept() {
    let root = book_with_html_chapter("hostile-output-user-epub", "");
    let out = root.parent().expect("parent").join("dist");
    write(&out.join("careless.epub"), "the user's own e-book");
    let (code, err) = publish(&["build", s(&root), "-o", s(&out), "-f", "epub"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("output-not-owned") && err.contains("careless.epub"), "{err}");
    assert_eq!(std::fs::read_to_string(out.join("careless.epub")).expect("kept"), "the user's own e-book");
}

#[test]
fn a_rebuild_into_its_own_output_is_silent_and_a_refused_one_keeps_it() {
    let root = book_with_html_chapter("hostile-output-rebuild", "");
    let out = root.parent().expect("parent").join("dist");
    let (code, err) = publish(&["build", s(&root), "-o", s(&out), "-f", "html,epub"]);
    assert_eq!(code, 0, "{err}");
    let manifest = std::fs::read_to_string(out.join(".quire-manifest.json")).expect("a manifest is written");
    let json: serde_json::Value = serde_json::from_str(&manifest).expect("the manifest is JSON");
    let html = json["formats"]["html"].as_array().expect("html files listed");
    assert!(html.iter().any(|p| p == "html/index.html") && html.iter().any(|p| p.as_str().is_some_and(|p| p.ends_with("guide.html"))), "{manifest}");
    assert_eq!(json["formats"]["epub"], serde_json::json!(["careless.epub"]));

    let (code, err) = publish(&["build", s(&root), "-o", s(&out), "-f", "html,epub"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("error[") && !err.contains("warning["), "a rebuild says nothing about the folder:\n{err}");

    // A refused build is a failed build: every previous output stays as it was.
    let site = std::fs::read(out.join("html/index.html")).expect("site");
    let epub = std::fs::read(out.join("careless.epub")).expect("epub");
    write(&out.join("html/extra/mine.css"), "body {}");
    let (code, err) = publish(&["build", s(&root), "-o", s(&out), "-f", "html,epub"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("mine.css"), "{err}");
    assert_eq!(std::fs::read(out.join("html/index.html")).expect("site"), site);
    assert_eq!(std::fs::read(out.join("careless.epub")).expect("epub"), epub);
    assert_eq!(std::fs::read_to_string(out.join(".quire-manifest.json")).expect("manifest"), manifest);
}

/// A process id no process has now.
fn dead_pid() -> u32 {
    (99_999..).find(|p| !Path::new(&format!("/proc/{p}")).exists()).unwrap_or(99_999)
}

#[test]
fn temporary_folders_of_a_killed_build_are_removed_by_the_next() {
    let root = book_with_html_chapter("hostile-output-stale", "");
    let out = root.parent().expect("parent").join("dist");
    let (code, err) = publish(&["build", s(&root), "-o", s(&out), "-f", "html"]);
    assert_eq!(code, 0, "{err}");
    let dead = dead_pid();
    // What a `kill -9` leaves: the new site half-written, the old one renamed aside, an EPUB
    // half-written.
    write(&out.join(format!(".html.tmp-{dead}-0/index.html")), "half");
    write(&out.join(format!(".html.old-{dead}-3/index.html")), "old");
    write(&out.join(format!(".careless.epub.tmp-{dead}-1")), "PK half");
    // Not Quire's, or a build still running (pid 1 is alive): kept.
    write(&out.join(".html.tmp-notes"), "the user's");
    write(&out.join(".html.tmp-1-0/index.html"), "another build's, still running");
    let (code, err) = publish(&["build", s(&root), "-o", s(&out), "-f", "html"]);
    assert_eq!(code, 0, "{err}");
    let mut left: Vec<String> = std::fs::read_dir(&out).expect("read").flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    assert_eq!(left, [".html.tmp-1-0", ".html.tmp-notes", ".quire-cache", ".quire-manifest.json", "html"]);
}

#[test]
fn a_site_renamed_aside_by_a_killed_build_is_put_back() {
    let root = book_with_html_chapter("hostile-output-restore", "");
    let out = root.parent().expect("parent").join("dist");
    let (code, err) = publish(&["build", s(&root), "-o", s(&out), "-f", "html"]);
    assert_eq!(code, 0, "{err}");
    // Killed between the two renames of the swap: no `html/`, the previous site aside.
    let aside = out.join(format!(".html.old-{}-0", dead_pid()));
    std::fs::rename(out.join("html"), &aside).expect("rename");
    let (code, err) = publish(&["build", s(&root), "-o", s(&out), "-f", "epub"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.join("html/index.html").is_file(), "the previous site is back");
    assert!(!aside.exists());
}

#[test]
fn a_gitbook_books_default_output_inside_its_root_builds_twice() {
    let root = support::out_dir("hostile-output-gitbook").join("gb");
    write(&root.join("book.json"), "{\"title\": \"Git Book\"}\n");
    write(&root.join("README.md"), "# Introduction\n\nHi.\n");
    write(&root.join("SUMMARY.md"), "# Summary\n\n* [Introduction](README.md)\n* [One](one.md)\n");
    write(&root.join("one.md"), "# One\n\nText.\n");
    for out in [None, Some(root.join("_book"))] {
        for round in 0..2 {
            let mut args = vec!["build", s(&root), "-f", "html", "-D"];
            if let Some(o) = &out {
                args.extend(["-o", s(o)]);
            }
            let (code, err) = publish(&args);
            assert_eq!(code, 0, "{out:?} round {round}:\n{err}");
        }
        let dir = out.clone().unwrap_or_else(|| root.join("book"));
        assert!(dir.join("html/index.html").is_file() && dir.join(".quire-manifest.json").is_file());
        let (code, err) = publish(&["check", s(&root), "-D"]);
        assert_eq!(code, 0, "the output folder is not scanned as manuscript:\n{err}");
    }
}
