//! Unit tests of include expansion.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::type_complexity)]

use super::*;
use crate::span::SourceMap;

/// A scratch folder with the given files; returns its canonical path.
fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("quire-include-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (p, text) in files {
        let path = dir.join(p);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, text).unwrap();
    }
    std::fs::canonicalize(&dir).unwrap()
}

fn run(dir: &Path, chapter: &str, gitbook: bool) -> (Expansion, Files<'static>) {
    let mut files = Files::new(dir.to_path_buf());
    let path = dir.join(chapter);
    let id = files.read(&path).unwrap();
    let e = expand_chapter(&mut files, id, &path, gitbook, &Variables::new());
    (e, files)
}

fn codes(files: &Files) -> Vec<&'static str> {
    files.diagnostics.iter().map(|d| d.code.name()).collect()
}

fn loc(files: &Files, i: usize) -> String {
    let sources: &SourceMap = &files.sources;
    files.diagnostics[i].location(sources).unwrap_or_default()
}

#[test]
fn file_args() {
    assert_eq!(parse_file_arg("a.rs"), ("a.rs", Select::Lines(0, None)));
    assert_eq!(parse_file_arg("a.rs:5"), ("a.rs", Select::Lines(4, Some(5))));
    assert_eq!(parse_file_arg("a.rs:2:4"), ("a.rs", Select::Lines(1, Some(4))));
    assert_eq!(parse_file_arg("a.rs::3"), ("a.rs", Select::Lines(0, Some(3))));
    assert_eq!(parse_file_arg("a.rs:3:"), ("a.rs", Select::Lines(2, None)));
    assert_eq!(parse_file_arg("a.rs:main"), ("a.rs", Select::Anchor("main".into())));
}

#[test]
fn line_ranges_and_anchors() {
    let text = "l1\nl2\r\nl3\nl4\n";
    let pick = |r: Vec<Range<usize>>| r.iter().map(|r| &text[r.clone()]).collect::<String>();
    assert_eq!(pick(take_lines(text, 1, Some(3))), "l2\r\nl3");
    assert_eq!(pick(take_lines(text, 3, None)), "l4");
    assert_eq!(pick(take_lines(text, 9, Some(20))), "");
    assert_eq!(pick(take_lines(text, 3, Some(1))), "");
    let src = "a\n// ANCHOR: x\nb\n// ANCHOR: y\nc\n// ANCHOR_END: y\nd\n// ANCHOR_END: x\ne\n";
    let got: String = take_anchor(src, "x").unwrap_or_default().iter().map(|r| &src[r.clone()]).collect();
    assert_eq!(got, "b\nc\nd");
    assert!(take_anchor(src, "zzz").is_none());
}

#[test]
fn directives_are_recognised() {
    assert_eq!(find_directive("{{#include a.md}}x", 0, false), Some((Directive::Mustache { name: "include".into(), args: "a.md".into() }, 17)));
    assert_eq!(find_directive("{{ #title  Hi }}", 0, false).map(|d| d.1), Some(16));
    assert_eq!(find_directive("\\{{#include a}} b}}\nz", 0, false).map(|d| d.1), Some(19));
    assert_eq!(find_directive("{{#include}}", 0, false), None);
    assert_eq!(find_directive("{{ x }}", 0, false), None);
    assert_eq!(find_directive("{% include \"a.md\" %}", 0, true).map(|d| d.0), Some(Directive::GbInclude("a.md".into())));
    assert_eq!(find_directive("{% include \"a.md\" %}", 0, false), None);
    assert_eq!(find_directive("{%raw%}", 0, true).map(|d| d.0), Some(Directive::GbRaw));
}

#[test]
fn includes_ranges_anchors_and_spans() {
    let dir = scratch("ranges", &[
        ("ch.md", "# T\n\n```rust\n{{#include code/a.rs:2:3}}\n```\n{{#include code/a.rs:main}}\n"),
        ("code/a.rs", "l1\nl2\nl3\n// ANCHOR: main\nfn main() {}\n// ANCHOR_END: main\n"),
    ]);
    let (e, files) = run(&dir, "ch.md", false);
    assert!(files.diagnostics.is_empty(), "{:?}", files.diagnostics);
    assert_eq!(e.source.text, "# T\n\n```rust\nl2\nl3\n```\nfn main() {}\n");
    let at = e.source.text.find("fn main").unwrap();
    let span = e.source.span(at..at + 7);
    assert_eq!(files.sources.snippet(span), "fn main");
    assert_eq!(files.sources.locate(span).map(|(p, lc)| (p.display().to_string(), lc.line)), Some(("code/a.rs".into(), 5)));
    assert!(files.included.contains(&dir.join("code/a.rs")));
}

#[test]
fn nested_includes_are_relative_to_the_including_file() {
    let dir = scratch("nested", &[
        ("ch.md", "A {{#include parts/one.md}} Z"),
        ("parts/one.md", "1 {{#include two.md}}"),
        ("parts/two.md", "2\n"),
    ]);
    let (e, files) = run(&dir, "ch.md", false);
    assert!(files.diagnostics.is_empty(), "{:?}", files.diagnostics);
    assert_eq!(e.source.text, "A 1 2 Z");
}

#[test]
fn cycles_are_errors_not_hangs() {
    let dir = scratch("cycle", &[("a.md", "a {{#include b.md}}"), ("b.md", "b {{#include a.md}}")]);
    let (e, files) = run(&dir, "a.md", false);
    assert_eq!(codes(&files), vec!["include-cycle"]);
    assert_eq!(loc(&files, 0), "b.md:1:3");
    assert!(files.diagnostics[0].message.contains("a.md -> b.md -> a.md"));
    assert_eq!(e.source.text, "a b {{#include a.md}}");
    let dir = scratch("self", &[("a.md", "{{#include a.md}}")]);
    let (_, files) = run(&dir, "a.md", false);
    assert_eq!(codes(&files), vec!["include-cycle"]);
}

#[test]
fn missing_and_escaping_includes() {
    let dir = scratch("escape", &[("book/ch.md", "x\n  {{#include nope.md}}\n{{#include /etc/passwd}}\n{{#include ../secret.md}}\n"), ("secret.md", "s")]);
    let book = dir.join("book");
    let (_, files) = run(&book, "ch.md", false);
    assert_eq!(codes(&files), vec!["include-missing", "path-escape", "path-escape"]);
    assert_eq!(loc(&files, 0), "ch.md:2:3");
    assert!(files.diagnostics[1].message.contains("path escapes the book root"));
    assert!(files.diagnostics[1].hint.as_deref().unwrap_or("").contains("allow-paths"));
    let mut allowed = Files::new(book.clone());
    allowed.set_allow_paths(&[PathBuf::from("..")]);
    let id = allowed.read(&book.join("ch.md")).unwrap();
    let e = expand_chapter(&mut allowed, id, &book.join("ch.md"), false, &Variables::new());
    assert!(e.source.text.contains("\ns\n"), "{:?}", e.source.text);
}

#[test]
fn escapes_titles_and_playground() {
    let dir = scratch("misc", &[
        ("ch.md", "\\{{#include x.rs}}\n{{#title Custom}}\n{{#playground ex.rs editable}}"),
        ("ex.rs", "fn main() {}"),
    ]);
    let (e, files) = run(&dir, "ch.md", false);
    assert!(files.diagnostics.is_empty(), "{:?}", files.diagnostics);
    assert_eq!(e.title.as_deref(), Some("Custom"));
    assert_eq!(e.source.text, "{{#include x.rs}}\n\n```rust,editable\nfn main() {}\n```\n");
}

#[test]
fn gitbook_include_and_raw() {
    let dir = scratch("gitbook", &[
        ("ch.md", "{% include \"./part.md\" %}\n{% raw %}{{#include part.md}} {% include \"part.md\" %}{% endraw %}\n"),
        ("part.md", "P"),
    ]);
    let (e, files) = run(&dir, "ch.md", true);
    assert!(files.diagnostics.is_empty(), "{:?}", files.diagnostics);
    assert_eq!(e.source.text, "P\n{{#include part.md}} {% include \"part.md\" %}\n");
}

#[test]
fn depth_is_limited() {
    let mut files: Vec<(String, String)> = (0..15).map(|i| (format!("f{i}.md"), format!("{i} {{{{#include f{}.md}}}}", i + 1))).collect();
    files.push(("f15.md".into(), "end".into()));
    let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let dir = scratch("depth", &refs);
    let (_, files) = run(&dir, "f0.md", false);
    assert_eq!(codes(&files), vec!["include-depth"]);
}

proptest::proptest! {
    #[test]
    fn directive_scanning_never_panics(src in "[{}#%\\\\a-z: \n\"中]{0,120}") {
        for gitbook in [false, true] {
            let mut at = 0;
            while at < src.len() {
                if src.is_char_boundary(at) {
                    let _ = find_directive(&src, at, gitbook);
                }
                at += 1;
            }
        }
        let text = src.clone();
        let _ = take_lines(&text, 0, Some(3));
        let _ = take_anchor(&text, "a");
    }
}

#[test]
fn rustdoc_include_hides_the_lines_outside_the_selection() {
    let dir = scratch("rustdoc", &[
        ("ch.md", "```rust\n{{#rustdoc_include code/a.rs:2:3}}\n```\n\n```rust\n{{#rustdoc_include code/b.rs:body}}\n```\n"),
        ("code/a.rs", "fn main() {\n    let x = 1;\n    println!(\"{x}\");\n}\n"),
        ("code/b.rs", "use std::fmt;\n// ANCHOR: body\nfn f() {}\n// ANCHOR_END: body\n\nfn main() { f() }\n"),
    ]);
    let (e, files) = run(&dir, "ch.md", false);
    assert!(files.diagnostics.is_empty(), "{:?}", files.diagnostics);
    assert_eq!(
        e.source.text,
        "```rust\n# fn main() {\n    let x = 1;\n    println!(\"{x}\");\n# }\n```\n\n```rust\n# use std::fmt;\nfn f() {}\n# \n# fn main() { f() }\n```\n"
    );
    // Spans still point into the included file, the `# ` prefixes at their line's start.
    let at = e.source.text.find("println").unwrap();
    let span = e.source.span(at..at + 7);
    assert_eq!(files.sources.locate(span).map(|(p, lc)| (p.display().to_string(), lc.line)), Some(("code/a.rs".into(), 3)));
}

#[test]
fn gitbook_variables_are_replaced_outside_code_and_raw() {
    let dir = scratch(
        "vars",
        &[("ch.md", "Version {{ book.version }} of {{book.name}}.\n\n`{{ book.version }}`\n\n```\n{{ book.version }}\n```\n\n{% raw %}{{ book.version }}{% endraw %} and {{ book.nope }} and {{ book.version | upper }}.\n")],
    );
    let mut files = Files::new(dir.clone());
    let path = dir.join("ch.md");
    let id = files.read(&path).unwrap();
    let vars: Variables = [("book.version".to_string(), "2.1".to_string()), ("book.name".to_string(), "Q".to_string())].into();
    let e = expand_chapter(&mut files, id, &path, true, &vars);
    assert_eq!(
        e.source.text,
        "Version 2.1 of Q.\n\n`{{ book.version }}`\n\n```\n{{ book.version }}\n```\n\n{{ book.version }} and {{ book.nope }} and {{ book.version | upper }}.\n"
    );
    assert_eq!(codes(&files), ["template-unknown-variable"]);
    assert_eq!(loc(&files, 0), "ch.md:9:45");
    // mdBook books: no templating.
    let mut files = Files::new(dir.clone());
    let id = files.read(&path).unwrap();
    let e = expand_chapter(&mut files, id, &path, false, &vars);
    assert!(e.source.text.starts_with("Version {{ book.version }}"));
    assert!(files.diagnostics.is_empty());
}
