//! The handbook's compatibility chapter (`manuscript/src/compatibility.md`) against what the
//! config loader does: every example row is loaded in a book of its own, honoured and mapped keys
//! must get no note, noted keys must get one naming them; every key the loader reads is a row
//! (or, for Quire's own keys, documented in the configuration chapter); the counts are right.

use crate::support;
use quire_core::config_load::{BOOK, BUILD, HTML, TOP};

/// One row of a compatibility table: the example (a TOML dotted-key line or a JSON member) and
/// its status.
struct Row {
    example: String,
    status: String,
}

fn chapter() -> String {
    std::fs::read_to_string(support::root().join("manuscript/src/compatibility.md")).expect("the compatibility chapter")
}

/// The rows between `<!-- compat:NAME -->` and `<!-- /compat -->`.
fn rows(text: &str, name: &str) -> Vec<Row> {
    let start = text.find(&format!("<!-- compat:{name} -->")).expect("table start marker");
    let end = start + text[start..].find("<!-- /compat -->").expect("table end marker");
    text[start..end]
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
            Row { example: cells[0].trim_matches('`').to_string(), status: cells[1].to_string() }
        })
        .collect()
}

/// The config notes of a book whose config file is `config`.
fn config_notes(case: &str, file: &str, config: &str) -> Vec<String> {
    let dir = support::scratch_book(
        &format!("compat-{case}"),
        &[(file, config.as_bytes()), ("src/SUMMARY.md", b"# S\n\n- [A](a.md)\n"), ("src/a.md", b"# A\n"),
          ("SUMMARY.md", b"# S\n\n- [A](a.md)\n"), ("a.md", b"# A\n"), ("TOC.md", b"# S\n\n- [A](a.md)\n"),
          ("docs/SUMMARY.md", b"# S\n\n- [A](a.md)\n"), ("docs/a.md", b"# A\n")],
    );
    let book = quire_core::Book::load(&dir).map_err(|e| format!("{e}")).expect("the book loads");
    book.diagnostics
        .iter()
        .filter(|d| matches!(d.code.to_string().as_str(), "config-ignored" | "config-unknown-key" | "config-invalid"))
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}

/// The key words of an example a note would name: each dotted segment, or the JSON member name.
fn words(example: &str) -> Vec<String> {
    let key = example.split(['=', ':']).next().unwrap_or("").trim().trim_matches('"');
    key.split('.').filter(|w| !matches!(*w, "output" | "html" | "book" | "build")).map(str::to_string).collect()
}

fn check(table: &str, file: &str, to_config: impl Fn(&str) -> String) -> (usize, usize, usize) {
    let rows = rows(&chapter(), table);
    assert!(rows.len() > 10, "{table}: {} rows", rows.len());
    let mut counts = (0, 0, 0);
    let mut wrong = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let notes = config_notes(&format!("{table}-{i}"), file, &to_config(&row.example));
        let named = notes.iter().any(|n| words(&row.example).iter().any(|w| n.contains(w.as_str())));
        match row.status.as_str() {
            "honoured" | "mapped" if !notes.is_empty() => wrong.push(format!("{}: {notes:?}", row.example)),
            "noted" if !named => wrong.push(format!("{}: no note names it ({notes:?})", row.example)),
            "honoured" => counts.0 += 1,
            "mapped" => counts.1 += 1,
            "noted" => counts.2 += 1,
            other => wrong.push(format!("{}: unknown status `{other}`", row.example)),
        }
    }
    assert!(wrong.is_empty(), "{table}: the chapter says otherwise than the loader:\n{}", wrong.join("\n"));
    counts
}

#[test]
fn book_toml_rows_say_what_the_loader_does() {
    let counts = check("mdbook", "book.toml", |example| format!("{example}\n"));
    let line = format!("book.toml {} honoured, {} mapped, {} noted", counts.0, counts.1, counts.2);
    assert!(chapter().contains(&line), "the counts line should say: {line}");
}

#[test]
fn book_json_rows_say_what_the_loader_does() {
    let counts = check("gitbook", "book.json", |example| format!("{{\"title\": \"T\", {example}}}\n"));
    let line = format!("book.json {} honoured, {} mapped, {} noted", counts.0, counts.1, counts.2);
    assert!(chapter().contains(&line), "the counts line should say: {line}");
}

#[test]
fn every_key_the_loader_reads_is_in_a_chapter() {
    let text = chapter();
    let examples: Vec<String> = rows(&text, "mdbook").into_iter().map(|r| r.example).collect();
    let has = |prefix: &str| examples.iter().any(|e| e.starts_with(prefix));
    let configuration = std::fs::read_to_string(support::root().join("manuscript/src/configuration.md")).expect("configuration chapter");
    // Quire's own keys are documented with the others in the configuration chapter.
    const QUIRE_ONLY: &[&str] = &["publisher", "subjects", "identifier", "cover", "raw-html", "sidebar-links", "quire"];
    let mut missing = Vec::new();
    for (table, keys) in [("book", BOOK), ("build", BUILD), ("output.html", HTML)] {
        for key in keys {
            let documented = if QUIRE_ONLY.contains(key) {
                configuration.contains(&format!("`{key}`"))
            } else {
                has(&format!("{table}.{key}"))
            };
            if !documented {
                missing.push(format!("{table}.{key}"));
            }
        }
    }
    for key in TOP {
        if !(has(&format!("{key}.")) || QUIRE_ONLY.contains(key) || *key == "preprocessor") {
            missing.push((*key).to_string());
        }
    }
    assert!(missing.is_empty(), "keys the loader reads that no chapter lists: {missing:?}");
}
