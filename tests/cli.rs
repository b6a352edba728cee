//! Integration tests: cli. The `publish` program is driven through `quire_cli::cli::run_with` (the
//! binary is a one-line `main` over it), plus the library API: `build`, `write_outputs`,
//! `fonts::load_dir` and `init_book`. Fixture books live in `tests/cli/<case>/`.

use crate::support;
use quire::{BuildReport, Format, FormatResult};
use quire_core::{OutputFile, Rendered, Severity};
use std::path::{Path, PathBuf};

/// Runs `publish` with `args` (without the program name); returns (status, stdout, stderr).
fn publish(args: &[&str]) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut io = quire_cli::cli::Io { stdout: &mut out, stderr: &mut err, stderr_is_terminal: false };
    let code = quire_cli::cli::run_with(std::iter::once("publish").chain(args.iter().copied()), &mut io);
    (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 test path")
}

fn fixture(case: &str) -> PathBuf {
    support::fixture("cli", case)
}

/// Every line of stdout parsed as a JSON object.
fn json_lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}")))
        .collect()
}

fn rendered(files: &[(&str, &[u8])]) -> Rendered {
    Rendered {
        files: files.iter().map(|(p, d)| OutputFile { path: p.to_string(), data: d.to_vec() }).collect(),
        ..Default::default()
    }
}

fn report(results: Vec<(Format, Result<Rendered, quire::Error>)>) -> BuildReport {
    BuildReport {
        name: "test-book".into(),
        results: results.into_iter().map(|(format, rendered)| FormatResult { format, rendered }).collect(),
    }
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn empty_book(root: &Path) -> quire_core::Book {
    quire_core::Book {
        config: Default::default(),
        root: root.to_path_buf(),
        sources: quire_core::SourceMap::new(),
        toc: Vec::new(),
        chapters: Vec::new(),
        assets: Vec::new(),
        cover: None,
        diagnostics: Vec::new(),
        timestamp: 0,
        asset_reader: None,
        not_found: None,
    }
}

// ---- argument parsing -------------------------------------------------------------------------

#[test]
fn help_lists_every_command_with_examples() {
    let (code, out, _) = publish(&["--help"]);
    assert_eq!(code, 0);
    for word in ["build", "check", "init", "completions", "--quiet", "--deny-warnings", "--message-format", "Examples:"] {
        assert!(out.contains(word), "`{word}` missing from --help:\n{out}");
    }
    let (code, out, _) = publish(&["build", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("--format") && out.contains("--out") && out.contains("epub"), "{out}");
}

#[test]
fn version_prints_the_version() {
    let (code, out, _) = publish(&["--version"]);
    assert_eq!(code, 0);
    assert!(out.contains(env!("CARGO_PKG_VERSION")), "{out}");
}

#[test]
fn bad_command_lines_exit_with_status_2() {
    let (code, _, err) = publish(&["build", "--format", "docx"]);
    assert_eq!(code, 2);
    assert!(err.contains("docx"), "{err}");
    assert_eq!(publish(&["frobnicate"]).0, 2);
    let (code, _, err) = publish(&["--format", "epub", "check"]);
    assert_eq!(code, 2, "build options before a subcommand are refused, not dropped: {err}");
    assert!(err.contains("--format"), "{err}");
    assert_eq!(publish(&["check", "--quiet", "--verbose"]).0, 2, "--quiet and --verbose conflict");
}

#[test]
fn formats_parse_from_strings() {
    assert_eq!("EPUB".parse::<Format>(), Ok(Format::Epub));
    assert_eq!(" html ".parse::<Format>(), Ok(Format::Html));
    assert!("docx".parse::<Format>().is_err());
    assert_eq!(Format::Pdf.to_string(), "pdf");
    assert_eq!(quire::slug("Go 语言高级编程"), "go");
    assert_eq!(quire::slug("《中文》"), "book");
    assert_eq!(quire::slug("  Rust -- the Book!  "), "rust-the-book");
}

#[test]
fn completions_are_written_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, out, _) = publish(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        assert!(out.contains("publish"), "{shell}: {out}");
    }
    assert_eq!(publish(&["completions", "tcsh"]).0, 2);
}

// ---- check ------------------------------------------------------------------------------------

#[test]
fn check_of_a_missing_book_is_an_error() {
    let (code, out, err) = publish(&["check", "tests/cli/no-such-book"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error["), "{err}");
    assert!(err.contains("1 error"), "{err}");
    let (code, out_json, _) = publish(&["check", "tests/cli/no-such-book", "--message-format", "json"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    let lines = json_lines(&out_json);
    assert_eq!(lines.len(), 1, "{out_json}");
    assert_eq!(lines[0]["severity"], "error");
}

#[test]
fn check_of_a_clean_book_reports_nothing() {
    let dir = fixture("minimal");
    let (code, out, err) = publish(&["check", path_str(&dir), "--message-format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "no diagnostics expected:\n{out}");
    let (code, _, err) = publish(&["check", path_str(&dir), "--deny-warnings"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 errors, 0 warnings"), "{err}");
    let (code, _, err) = publish(&["--quiet", "check", path_str(&dir)]);
    assert_eq!((code, err.as_str()), (0, ""), "--quiet prints nothing for a clean book");
}

#[test]
fn check_reports_warnings_as_json_lines_and_denies_them() {
    let dir = fixture("broken");
    let (code, out, err) = publish(&["check", path_str(&dir), "--message-format", "json"]);
    let lines = json_lines(&out);
    assert!(!lines.is_empty(), "the broken fixture should have diagnostics; stderr:\n{err}");
    for l in &lines {
        assert!(l["code"].as_str().is_some_and(|c| !c.is_empty()), "{l}");
        assert!(l["message"].as_str().is_some(), "{l}");
        assert!(["error", "warning", "note"].contains(&l["severity"].as_str().unwrap_or("")), "{l}");
    }
    let errors = lines.iter().filter(|l| l["severity"] == "error").count();
    let warnings = lines.iter().filter(|l| l["severity"] == "warning").count();
    assert!(warnings + errors > 0, "{out}");
    assert_eq!(code, u8::from(errors > 0), "exit status without --deny-warnings");
    let located = lines.iter().find(|l| l["file"].as_str().is_some_and(|f| f.ends_with("chapter.md")));
    let located = located.unwrap_or_else(|| panic!("a diagnostic should point into chapter.md:\n{out}"));
    assert!(located["line"].as_u64().is_some_and(|n| n >= 3), "{located}");

    let (code, _, err) = publish(&["check", path_str(&dir), "-D"]);
    assert_eq!(code, 1, "--deny-warnings fails on warnings:\n{err}");
    assert!(err.contains("warnings denied") || errors > 0, "{err}");
}

#[test]
fn check_prints_rustc_style_snippets() {
    let dir = fixture("broken");
    let (_, _, err) = publish(&["check", path_str(&dir), "--color", "never"]);
    assert!(err.contains("chapter.md:"), "{err}");
    assert!(err.contains("  --> ") || err.contains(" --> "), "{err}");
    assert!(err.contains(" | "), "{err}");
    assert!(err.contains('^'), "{err}");
    assert!(!err.contains('\u{1b}'), "no colour with --color never:\n{err}");
    let summary = err.lines().last().unwrap_or("");
    assert!(summary.contains("error") && summary.contains("warning"), "summary line: {summary}");
    // The caret under the image sits below the `!`, after two CJK characters (two columns each).
    let lines: Vec<&str> = err.lines().collect();
    let at = lines.iter().position(|l| l.contains("中文 ![")).unwrap_or_else(|| panic!("no snippet line:\n{err}"));
    let (src, carets) = (lines[at], lines[at + 1]);
    let bang_col = quire_cli::diag_print::display_width(&src[..src.find('!').expect("a `!`")]);
    assert_eq!(carets.find('^'), Some(bang_col), "carets misplaced:\n{src}\n{carets}");
    let (_, _, coloured) = publish(&["check", path_str(&dir), "--color", "always"]);
    assert!(coloured.contains('\u{1b}'), "colour with --color always");
}

// ---- init -------------------------------------------------------------------------------------

#[test]
fn init_writes_a_book_that_checks_and_builds() {
    let out = support::out_dir("cli-init");
    let dir = out.join("field-notes");
    let (code, _, err) = publish(&["init", path_str(&dir)]);
    assert_eq!(code, 0, "{err}");
    for f in ["book.toml", "src/SUMMARY.md", "src/chapter_1.md"] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    let toml = std::fs::read_to_string(dir.join("book.toml")).expect("book.toml");
    assert!(toml.contains("title = \"Field Notes\""), "{toml}");

    let (code, out_json, err) = publish(&["check", path_str(&dir), "--message-format", "json", "-D"]);
    assert_eq!(code, 0, "the new book checks clean:\n{out_json}\n{err}");
    assert!(out_json.is_empty(), "{out_json}");

    let target = out.join("built");
    let (code, _, err) = publish(&["build", path_str(&dir), "--out", path_str(&target), "--format", "html,epub,pdf"]);
    assert_eq!(code, 0, "the new book builds:\n{err}");
    assert!(target.join("html/index.html").is_file(), "{:?}", entries(&target));
    assert!(target.join("field-notes.epub").is_file(), "{:?}", entries(&target));
    assert!(target.join("field-notes.pdf").is_file(), "{:?}", entries(&target));
}

#[test]
fn init_refuses_a_folder_with_files() {
    let dir = support::out_dir("cli-init-nonempty");
    std::fs::write(dir.join("notes.txt"), "keep me").expect("write");
    let (code, _, err) = publish(&["init", path_str(&dir)]);
    assert_eq!(code, 1);
    assert!(err.contains("not empty"), "{err}");
    assert_eq!(entries(&dir), ["notes.txt"]);
    assert!(matches!(quire::init_book(&dir, None), Err(quire::Error::NotEmpty { .. })));
    let (code, _, err) = publish(&["init", path_str(&dir.join("fresh")), "--title", "Título \"x\""]);
    assert_eq!(code, 0, "{err}");
    let toml = std::fs::read_to_string(dir.join("fresh/book.toml")).expect("book.toml");
    assert!(toml.contains(r#"title = "Título \"x\"""#), "{toml}");
}

// ---- build ------------------------------------------------------------------------------------

#[test]
fn build_renders_each_requested_format_once_in_order() {
    let root = support::out_dir("cli-build-order");
    let book = empty_book(&root);
    let request = quire::BuildRequest::new(vec![Format::Pdf, Format::Html, Format::Pdf, Format::Epub]);
    let report = quire::build(&book, &request);
    let formats: Vec<Format> = report.results.iter().map(|r| r.format).collect();
    assert_eq!(formats, [Format::Pdf, Format::Html, Format::Epub]);
    assert_eq!(report.name, "untitled");
    let events = std::sync::Mutex::new(Vec::new());
    let _ = quire::build_with_progress(&book, &request, &|e| events.lock().expect("lock").push(e));
    let events = events.into_inner().expect("lock");
    assert_eq!(events.len(), 6, "a start and a finish per format: {events:?}");
}

#[test]
fn build_writes_the_output_layout() {
    let out = support::out_dir("cli-build-handbook");
    let (code, _, err) = publish(&["build", path_str(&fixture("minimal")), "--out", path_str(&out), "-q"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "", "--quiet prints nothing for a clean build");
    assert_eq!(entries(&out), [".quire-cache", ".quire-manifest.json", "html", "minimal-book.epub", "minimal-book.pdf"], "no temporary files left");
    let epub = std::fs::read(out.join("minimal-book.epub")).expect("epub");
    assert!(epub.starts_with(b"PK"), "an EPUB is a zip");
    let pdf = std::fs::read(out.join("minimal-book.pdf")).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"));
}

/// Every file under `dir` (relative path → bytes), skipping the build cache.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            let rel = p.strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/");
            if rel.starts_with(".quire-cache") {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(rel, std::fs::read(&p).expect("read file"));
            }
        }
    }
    out
}

/// The build cache is a value each build owns (issue 12), so this test shares nothing with the
/// builds other tests run in the same process, and the rewritten cache is compared byte for byte.
#[test]
fn build_cache_changes_nothing_but_time() {
    // First build from nothing writes the cache; a rebuild uses it; a damaged cache is
    // refused and replaced; --no-cache neither reads nor writes it. All outputs identical.
    let out = support::out_dir("cli-build-cache");
    let book = fixture("minimal");
    let build = |extra: &[&str]| {
        let mut args = vec!["build", path_str(&book), "--out", path_str(&out), "--format", "html,epub", "-q"];
        args.extend_from_slice(extra);
        let (code, _, err) = publish(&args);
        assert_eq!(code, 0, "{err}");
        tree(&out)
    };
    let cache = out.join(".quire-cache/highlight.bin");
    let cold = build(&[]);
    let saved = std::fs::read(&cache).expect("the first build saves a cache");
    assert!(saved.windows(4).any(|w| w == b"fn m"), "the cache holds the fixture's Rust block");
    assert!(cold.keys().any(|k| k.ends_with(".html")) && cold.keys().any(|k| k.ends_with(".epub")));
    assert_eq!(build(&[]), cold, "a build from the cache is byte-identical");
    std::fs::write(&cache, b"\x00damaged").expect("damage the cache");
    assert_eq!(build(&[]), cold, "a damaged cache is ignored");
    // Replaced by a good one: the rebuild exports exactly what the first build did.
    let rewritten = std::fs::read(&cache).expect("cache rewritten");
    assert_eq!(rewritten, saved, "and replaced by a good one, byte for byte");
    std::fs::remove_dir_all(out.join(".quire-cache")).expect("remove cache");
    assert_eq!(build(&["--no-cache"]), cold);
    assert!(!out.join(".quire-cache").exists(), "--no-cache writes no cache");
}

#[test]
fn default_output_folder_is_book_or_build_dir() {
    let root = PathBuf::from("/books/x");
    let mut book = empty_book(&root);
    assert_eq!(quire_cli::cli::out_dir(None, &book), root.join("book"));
    book.config.build.build_dir = Some("dist".into());
    assert_eq!(quire_cli::cli::out_dir(None, &book), root.join("dist"));
    assert_eq!(quire_cli::cli::out_dir(Some("o".into()), &book), PathBuf::from("o"));
    let here = std::path::Path::new("");
    assert_eq!(quire_cli::cli::book_dir(Some("b".into()), here).ok(), Some(PathBuf::from("b")));
    let book = fixture("minimal");
    assert_eq!(quire_cli::cli::book_dir(None, &book).ok(), Some(book.clone()), "a folder with a book is the default");
    let empty = support::out_dir("cli-no-book");
    let e = quire_cli::cli::book_dir(None, &empty).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(e.contains(path_str(&empty)) && e.contains("book.toml, book.json, book.ini and SUMMARY.md"), "{e}");
}

/// Runs `publish` as if started in `cwd`; returns (status, stdout, stderr).
fn publish_in(cwd: &Path, args: &[&str]) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut io = quire_cli::cli::Io { stdout: &mut out, stderr: &mut err, stderr_is_terminal: false };
    let code = quire_cli::cli::run_in(std::iter::once("publish").chain(args.iter().copied()), &mut io, cwd);
    (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}

#[test]
fn publish_with_no_subcommand_builds_the_book_in_the_current_folder() {
    // A copy, so that the default output folder (`book/` beside book.toml) is a scratch one.
    let dir = support::out_dir("cli-cwd-book");
    support::copy_dir(&fixture("minimal"), &dir);
    let (code, _, err) = publish_in(&dir, &["--format", "epub,html", "-q"]);
    assert_eq!(code, 0, "{err}");
    let made = entries(&dir.join("book"));
    assert!(made.iter().any(|f| f.ends_with(".epub")) && made.contains(&"html".to_string()), "{made:?}");
    assert!(!made.iter().any(|f| f.ends_with(".pdf")), "only the formats asked for: {made:?}");
    // `build` and `check` with no BOOK take the current folder too.
    let (code, _, err) = publish_in(&dir, &["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(path_str(&dir)), "{err}");
    let (code, _, err) = publish_in(&dir, &["build", "-f", "html", "-o", "out2", "-q"]);
    assert_eq!(code, 0, "{err}");
    assert!(dir.join("out2/html/index.html").is_file(), "relative --out is taken from the current folder");
}

#[test]
fn a_normal_build_prints_one_note_per_ignored_key_or_preprocessor() {
    let out = support::out_dir("cli-ignored-config");
    let book = fixture("ignored-config");
    let (code, _, err) = publish(&["build", path_str(&book), "-o", path_str(&out), "-f", "html", "--color", "never"]);
    assert_eq!(code, 0, "{err}");
    for needle in [
        "note[config-ignored]: `hash-files` in [output.html] is not used by Quire",
        "note[config-ignored]: `copy-js` in [output.html.search] is not used by Quire",
        "`[output.markdown]` is mdBook's built-in Markdown renderer",
        "note[preprocessor-skipped]: preprocessor `never` does not support the html renderer",
    ] {
        assert_eq!(err.matches(needle).count(), 1, "`{needle}` once, without -v:\n{err}");
    }
    assert!(err.contains("book.toml:6:1"), "at the key: {err}");
    let (_, _, quiet) = publish(&["build", path_str(&book), "-o", path_str(&out), "-f", "html", "-q"]);
    assert!(!quiet.contains("note["), "-q prints only errors and warnings: {quiet}");
    let (_, _, check) = publish(&["check", path_str(&book), "--color", "never"]);
    // `check` runs preprocessors as `build` does: it asks this one too, for each renderer.
    assert!(check.contains("note[preprocessor-skipped]: preprocessor `never` does not support the html renderer"), "{check}");
    assert!(!check.contains("preprocessor-not-run"), "{check}");
}

#[test]
fn a_folder_without_a_book_is_an_error_saying_where_it_looked() {
    let dir = support::out_dir("cli-cwd-empty");
    for args in [&["--format", "epub"][..], &["build"], &["check"]] {
        let (code, _, err) = publish_in(&dir, args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(err.contains("no book in") && err.contains(path_str(&dir)) && err.contains("SUMMARY.md"), "{args:?}: {err}");
    }
    let (code, _, err) = publish_in(&dir, &["--format", "docx"]);
    assert_eq!(code, 2, "bad values are still refused: {err}");
}

// ---- atomic writes ----------------------------------------------------------------------------

#[test]
fn write_outputs_puts_each_format_in_place() {
    let out = support::out_dir("cli-write-layout");
    let r = report(vec![
        (Format::Html, Ok(rendered(&[("index.html", b"<p>i</p>"), ("ch/one.html", b"1"), ("images/a.png", b"png")]))),
        (Format::Epub, Ok(rendered(&[("book.epub", b"PK-epub")]))),
        (Format::Pdf, Ok(rendered(&[("book.pdf", b"%PDF-1.7")]))),
    ]);
    let written = quire::write_outputs(&r, &out).expect("writes");
    assert_eq!(written.len(), 3);
    assert_eq!(entries(&out), [".quire-manifest.json", "html", "test-book.epub", "test-book.pdf"]);
    assert_eq!(std::fs::read(out.join("html/ch/one.html")).expect("read"), b"1");
    assert_eq!(std::fs::read(out.join("test-book.pdf")).expect("read"), b"%PDF-1.7");
    let html = written.iter().find(|w| w.format == Format::Html).expect("html written");
    assert_eq!((html.files, html.bytes), (3, 12));
}

#[test]
fn a_failed_write_leaves_the_previous_site_whole() {
    let out = support::out_dir("cli-write-atomic");
    let first = report(vec![(Format::Html, Ok(rendered(&[("index.html", b"old"), ("a.html", b"old-a")])))]);
    quire::write_outputs(&first, &out).expect("first build writes");
    // `a.html` is a file and also a folder: the second write fails half-way through.
    let second = report(vec![(Format::Html, Ok(rendered(&[("index.html", b"new"), ("a.html", b"x"), ("a.html/b.html", b"y")])))]);
    let err = quire::write_outputs(&second, &out).expect_err("conflicting paths cannot be written");
    assert!(matches!(err, quire::Error::Io { .. }), "{err}");
    assert_eq!(std::fs::read(out.join("html/index.html")).expect("read"), b"old");
    assert_eq!(entries(&out.join("html")), ["a.html", "index.html"]);
    assert_eq!(entries(&out), [".quire-manifest.json", "html"], "no temporary folder left behind");
    // The manifest still owns the previous site: the next build replaces it without --force.
    quire::write_outputs(&first, &out).expect("a rebuild over the previous site");
}

#[test]
fn a_failed_render_keeps_the_previous_output() {
    let out = support::out_dir("cli-write-failed-render");
    let first = report(vec![
        (Format::Epub, Ok(rendered(&[("book.epub", b"old epub")]))),
        (Format::Html, Ok(rendered(&[("index.html", b"old site")]))),
    ]);
    quire::write_outputs(&first, &out).expect("writes");
    let failing = |format| quire::Error::Render { format, message: "injected failure".into() };
    let second = report(vec![
        (Format::Epub, Err(failing(Format::Epub))),
        (Format::Html, Err(failing(Format::Html))),
        (Format::Pdf, Ok(rendered(&[("book.pdf", b"%PDF new")]))),
    ]);
    assert!(!second.is_ok());
    assert_eq!(second.failures().count(), 2);
    let written = quire::write_outputs(&second, &out).expect("the PDF is written");
    assert_eq!(written.len(), 1);
    assert_eq!(std::fs::read(out.join("test-book.epub")).expect("read"), b"old epub");
    assert_eq!(std::fs::read(out.join("html/index.html")).expect("read"), b"old site");
    assert_eq!(entries(&out), [".quire-manifest.json", "html", "test-book.epub", "test-book.pdf"]);
    let manifest = std::fs::read_to_string(out.join(".quire-manifest.json")).expect("manifest");
    for owned in ["\"html/index.html\"", "\"test-book.epub\"", "\"test-book.pdf\""] {
        assert!(manifest.contains(owned), "the manifest keeps what is still there: {manifest}");
    }
}

#[test]
fn unsafe_output_paths_write_nothing() {
    let out = support::out_dir("cli-write-unsafe");
    for bad in ["../escape.html", "/etc/passwd", "a/../../b", "c:/x"] {
        let r = report(vec![
            (Format::Pdf, Ok(rendered(&[("book.pdf", b"%PDF")]))),
            (Format::Html, Ok(rendered(&[("index.html", b"ok"), (bad, b"bad")]))),
        ]);
        let err = quire::write_outputs(&r, &out).expect_err(bad);
        assert!(matches!(err, quire::Error::UnsafePath { .. }), "{bad}: {err}");
        assert!(entries(&out).is_empty(), "{bad}: nothing may be written: {:?}", entries(&out));
    }
    assert!(!out.parent().expect("parent").join("escape.html").exists());
}

#[test]
fn atomic_file_writes_replace_whole_files() {
    let out = support::out_dir("cli-write-file");
    let p = out.join("deep/er/x.pdf");
    quire::write_file_atomic(&p, b"one").expect("write");
    quire::write_file_atomic(&p, b"two").expect("rewrite");
    assert_eq!(std::fs::read(&p).expect("read"), b"two");
    assert_eq!(entries(&out.join("deep/er")), ["x.pdf"]);
}

// ---- fonts ------------------------------------------------------------------------------------

#[test]
fn fonts_are_read_from_a_folder_in_name_order() {
    let dir = support::out_dir("cli-fonts");
    for (name, data) in [("b.ttf", "B"), ("a.otf", "A"), ("notes.txt", "no"), ("c.TTC", "C"), ("d.woff2", "no")] {
        std::fs::write(dir.join(name), data).expect("write");
    }
    std::fs::create_dir(dir.join("z.ttf")).expect("a folder named like a font is skipped");
    let fonts = quire::fonts::load_dir(&dir);
    let names: Vec<&str> = fonts.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["a.otf", "b.ttf", "c.TTC"]);
    assert_eq!(&*fonts[1].1, b"B");
    assert!(quire::fonts::load_dir(dir.join("missing")).is_empty());
    assert!(quire::fonts::try_load_dir(dir.join("missing")).is_err());
    let req = quire::BuildRequest::new(vec![Format::Pdf]).with_fonts(fonts);
    assert_eq!((req.pdf.fonts.len(), req.epub.fonts.len()), (3, 3));
}

// ---- the handbook -----------------------------------------------------------------------------

#[test]
fn the_handbook_loads_without_warnings() {
    let dir = support::root().join("manuscript");
    let book = quire_core::Book::load(&dir).unwrap_or_else(|e| panic!("the handbook does not load: {e}"));
    let bad: Vec<String> = book
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| quire_cli::diag_print::render_human(d, &book.sources, false))
        .collect();
    assert!(bad.is_empty(), "the handbook must have no warnings:\n{}", bad.join("\n"));
    assert_eq!(book.title(), "The Quire Handbook");
    assert!(book.chapters.len() >= 8, "{} chapters", book.chapters.len());
    assert!(book.assets.len() >= 2, "the PNG and the SVG figures");
    let (code, out, err) = publish(&["check", path_str(&dir), "--deny-warnings", "--message-format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn the_handbook_builds_in_every_format_without_warnings() {
    let out = support::out_dir("cli-handbook");
    let dir = support::root().join("manuscript");
    let (code, json, err) =
        publish(&["build", path_str(&dir), "--out", path_str(&out), "--deny-warnings", "--message-format", "json"]);
    assert_eq!(code, 0, "{json}{err}");
    assert_eq!(json, "", "no diagnostics at all");
    assert_eq!(entries(&out), [".quire-cache", ".quire-manifest.json", "html", "the-quire-handbook.epub", "the-quire-handbook.pdf"]);
    for page in ["index.html", "markdown.html", "zh/quickstart.html", "zh/typesetting.html", "print.html"] {
        assert!(out.join("html").join(page).is_file(), "{page} missing: {:?}", entries(&out.join("html")));
    }
}

#[test]
fn the_configured_cover_is_read_for_the_epub() {
    let dir = fixture("cover");
    let mut book = quire_core::Book::load(&dir).unwrap_or_else(|e| panic!("cover fixture: {e}"));
    let png = std::fs::read(dir.join("src/cover.png")).expect("cover.png");
    let cover = quire::cover::configured_cover(&book).expect("the cover is found");
    assert_eq!(&*cover, png.as_slice());
    let req = quire::BuildRequest::new(vec![Format::Epub]).with_configured_cover(&book);
    assert!(req.epub.cover.is_some());
    book.config.book.cover = Some("../../minimal/book.toml".into());
    assert!(quire::cover::configured_cover(&book).is_none(), "nothing outside the book folder is read");
    book.config.book.cover = None;
    assert!(quire::cover::configured_cover(&book).is_none());

    let out = support::out_dir("cli-cover");
    let (code, json, err) = publish(&["build", path_str(&dir), "-o", path_str(&out), "-f", "epub", "-D", "--message-format", "json"]);
    assert_eq!(code, 0, "{json}{err}");
    assert_eq!(json, "", "no cover warning");
}

#[test]
fn verbose_builds_say_where_fonts_and_outputs_are() {
    let out = support::out_dir("cli-verbose");
    let fonts = support::out_dir("cli-verbose-fonts");
    let (code, _, err) = publish(&["build", path_str(&fixture("minimal")), "-o", path_str(&out), "-f", "html", "-v"]);
    assert_eq!(code, 0, "{err}");
    for word in ["Building", "Loaded", "Wrote", "Finished", "0 errors, 0 warnings"] {
        assert!(err.contains(word), "`{word}` missing:\n{err}");
    }
    assert!(!err.contains("Fonts"), "no fonts are loaded for HTML only:\n{err}");
    let (_, _, err) = publish(&["build", path_str(&fixture("minimal")), "-o", path_str(&out), "-f", "epub", "-v", "--fonts", path_str(&fonts)]);
    assert!(err.contains("Fonts 0 files from"), "{err}");
}

/// The default fonts travel with the binary (feature `embedded-fonts`): `publish` builds a
/// Latin + Chinese book with no font folder named and no installed fonts, and the built-in set
/// (not a folder of the source tree) covers every character. The library API takes the sources
/// as a value, so the same build is proved with no folder at all.
#[test]
fn publish_finds_its_built_in_fonts_without_a_fonts_folder() {
    assert!(std::env::var_os(quire::fonts::FONTS_DIR_ENV).is_none(), "unset $QUIRE_FONTS_DIR: with it the built-in fonts are not the first source");
    let shipped = std::fs::read_dir(support::root().join("fonts"))
        .expect("fonts/")
        .flatten()
        .filter(|e| matches!(e.path().extension().and_then(|x| x.to_str()), Some("otf" | "ttf")))
        .count();
    let book_dir = support::fixture("pdf", "mixed");
    let out = support::out_dir("cli-built-in-fonts");
    let (code, json, err) = publish(&["build", path_str(&book_dir), "-o", path_str(&out), "-f", "pdf", "--no-system-fonts", "-v", "--message-format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(&format!("Fonts {shipped} files built in")), "{err}");
    assert!(!err.contains("files from"), "a font folder was read: {err}");
    assert!(!json.contains("pdf-missing-glyph"), "{json}");

    let (fonts, parts) = quire::fonts::FontSources::new(None, quire::fonts::DefaultSet::BuiltIn).load();
    assert!(parts.iter().all(|p| p.folder.is_none()));
    let book = support::load_fixture("pdf", "mixed");
    let report = quire::build(&book, &quire::BuildRequest::new(vec![quire::Format::Pdf]).with_fonts(fonts));
    let missing: Vec<_> = report.diagnostics().filter(|d| d.code == "pdf-missing-glyph").collect();
    assert!(missing.is_empty(), "{missing:?}");
    assert!(report.failures().next().is_none());
}

#[test]
fn a_gitbook_multi_language_book_builds_each_language_into_its_own_folder() {
    let dir = support::out_dir("cli-langs");
    support::copy_dir(&fixture("langs"), &dir);
    let (code, _, err) = publish_in(&dir, &["--format", "epub,pdf,html", "--color", "never"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("(English, en)") && err.contains("(中文, zh)"), "each language is announced:\n{err}");
    for (lang, own, other) in [("en", "English body text.", "中文正文"), ("zh", "中文正文。", "English body")] {
        let out = dir.join("book").join(lang);
        let made = entries(&out);
        assert!(made.iter().any(|f| f.ends_with(".epub")) && made.iter().any(|f| f.ends_with(".pdf")), "{lang}: {made:?}");
        let page = std::fs::read_to_string(out.join("html/chapter.html")).unwrap_or_else(|e| panic!("{lang}: {e}"));
        assert!(page.contains(&format!("<html lang=\"{lang}\"")), "{lang}: the folder names the language:\n{page}");
        assert!(page.contains(own) && !page.contains(other), "{lang}: only its own chapters:\n{page}");
        assert!(page.contains("<img") && out.join("html").read_dir().map(|d| d.count()).unwrap_or(0) > 0, "{lang}: the shared image");
        // The root's book.json is every language's configuration.
        let index = std::fs::read_to_string(out.join("html/index.html")).unwrap_or_default();
        assert!(index.contains("Two Languages"), "{lang}: the title from the root's book.json");
    }
    assert!(!dir.join("book/html").exists(), "no mixed book at the root");
    let (code, _, err) = publish_in(&dir, &["check"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.matches("Checked Two Languages: 2 chapters, 1 image").count(), 2, "{err}");
}
