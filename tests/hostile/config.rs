//! Hostile input: Config values and terminal output: out-of-range and non-finite numbers in `[output.*]`, unknown keys, control characters echoed from source lines.
//!
//! Bad numbers in `book.toml` are errors at the value's line and column with the allowed range
//! as the hint, the build exits non-zero and the PDF, if written, uses only finite numbers; an
//! unknown key is a note naming it at its line; a chapter line with an OSC sequence and a NUL
//! is echoed escaped by the human printer, and the JSON output stays JSON.

use crate::support;
use std::path::Path;

/// Runs `publish` with `args`; returns (status, stdout, stderr).
fn publish(args: &[&str]) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut io = quire_cli::cli::Io { stdout: &mut out, stderr: &mut err, stderr_is_terminal: false };
    let code = quire_cli::cli::run_with(std::iter::once("publish").chain(args.iter().copied()), &mut io);
    (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}

/// An mdBook book with `toml` as its book.toml and `chapter` as its one chapter.
fn book(dir: &Path, toml: &str, chapter: &str) {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).expect("mkdir");
    std::fs::write(dir.join("book.toml"), toml).expect("toml");
    std::fs::write(src.join("SUMMARY.md"), "# Summary\n\n- [One](one.md)\n").expect("summary");
    std::fs::write(src.join("one.md"), chapter).expect("chapter");
}

fn json(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}")))
        .collect()
}

/// Every real operand of every page's content stream and every number of every page's
/// MediaBox is finite.
fn pdf_numbers_are_finite(pdf: &Path) -> Result<(), String> {
    let doc = lopdf::Document::load(pdf).map_err(|e| format!("lopdf: {e}"))?;
    for (_, id) in doc.get_pages() {
        let content = doc.get_and_decode_page_content(id).map_err(|e| format!("content: {e}"))?;
        for op in &content.operations {
            for o in &op.operands {
                if let lopdf::Object::Real(r) = o {
                    if !r.is_finite() {
                        return Err(format!("operator {} has operand {r}", op.operator));
                    }
                }
            }
        }
        let page = doc.get_dictionary(id).map_err(|e| format!("page: {e}"))?;
        if let Ok(b) = page.get(b"MediaBox").and_then(|b| b.as_array()) {
            for v in b {
                let n = v.as_float().map_err(|e| format!("MediaBox: {e}"))?;
                if !n.is_finite() || n.abs() > 14_400.0 {
                    return Err(format!("MediaBox holds {n}"));
                }
            }
        }
    }
    Ok(())
}

#[test]
fn bad_numbers_are_errors_at_the_value_and_no_broken_pdf_is_written() {
    let cases: &[(&str, &str, &str)] = &[
        ("output.pdf", "margin-top", "inf"),
        ("output.pdf", "margin-inner", "-inf"),
        ("output.pdf", "font-size", "-5"),
        ("output.pdf", "font-size", "0"),
        ("output.pdf", "margin-bottom", "nan"),
        ("output.pdf", "margin-outer", "1e9"),
        ("output.pdf.print", "bleed", "inf"),
        ("output.pdf.print", "paper-ppi", "nan"),
        ("output.pdf.print", "caliper", "1e9"),
        ("output.pdf.print", "signature", "0"),
    ];
    for (i, (table, key, value)) in cases.iter().enumerate() {
        let dir = support::out_dir(&format!("hostile-config-{i}"));
        let toml = format!("[book]\ntitle = \"Bad numbers\"\n\n[{table}]\n{key} = {value}\n");
        book(&dir, &toml, "# One\n\nText.\n");
        let out = dir.join("out");
        let mut args = vec!["build", dir.to_str().expect("utf-8"), "-o", out.to_str().expect("utf-8"), "-f", "pdf", "--message-format", "json"];
        if table.ends_with("print") {
            args.extend(["--profile", "print"]);
        }
        let (code, stdout, stderr) = publish(&args);
        assert_ne!(code, 0, "{key} = {value} must fail the build: {stdout}{stderr}");
        let diags = json(&stdout);
        let hit = diags.iter().find(|d| d["code"] == "config-out-of-range");
        let Some(d) = hit else { panic!("{key} = {value}: no config-out-of-range in {diags:?}") };
        assert_eq!(d["severity"], "error");
        assert_eq!(d["file"], "book.toml");
        assert_eq!(d["line"], 5, "{key} = {value}: {d}");
        assert_eq!(d["column"].as_u64(), Some(key.len() as u64 + 4), "the column of the value: {d}");
        let hint = d["hint"].as_str().unwrap_or("");
        assert!(hint.contains(" from ") && hint.contains(" to "), "the hint gives the range: {hint}");
        if let Some(pdf) = std::fs::read_dir(&out).ok().into_iter().flatten().flatten().map(|e| e.path()).find(|p| p.extension().is_some_and(|x| x == "pdf")) {
            if let Err(e) = pdf_numbers_are_finite(&pdf) {
                panic!("{key} = {value}: broken PDF {}: {e}", pdf.display());
            }
        }
    }
}

#[test]
fn unknown_output_keys_are_notes_naming_the_key_and_line() {
    let dir = support::out_dir("hostile-config-unknown");
    let toml = "[book]\ntitle = \"Unknown keys\"\n\n[output.pdf]\nmargin-top = 12\nlandscape = true\n\n[output.epub]\ncover-image = \"c.png\"\n";
    book(&dir, toml, "# One\n\nText.\n");
    let (code, stdout, stderr) = publish(&["check", dir.to_str().expect("utf-8"), "--message-format", "json"]);
    assert_eq!(code, 0, "an unknown key does not fail the check: {stdout}{stderr}");
    let diags = json(&stdout);
    let unknown: Vec<(String, u64)> = diags
        .iter()
        .filter(|d| d["message"].as_str().is_some_and(|m| m.contains("landscape") || m.contains("cover-image")))
        .map(|d| (format!("{}/{}", d["severity"].as_str().unwrap_or(""), d["code"].as_str().unwrap_or("")), d["line"].as_u64().unwrap_or(0)))
        .collect();
    assert_eq!(unknown, vec![("note/config-unknown-key".to_string(), 6), ("note/config-unknown-key".to_string(), 9)], "{diags:?}");
}

#[test]
fn control_characters_in_source_lines_are_echoed_escaped() {
    let dir = support::out_dir("hostile-config-terminal");
    book(&dir, "[book]\ntitle = \"Terminal\"\n", "# One\n\nTitle \x1b]0;pwned\x07 and \0 here ![x](<missing-\x1b[2J.png>)\n");
    let path = dir.to_str().expect("utf-8");
    let (_, _, stderr) = publish(&["check", path]);
    assert!(stderr.contains("missing-image") || stderr.contains("missing"), "the missing image is reported: {stderr}");
    let raw: Vec<char> = stderr.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\t')).collect();
    assert!(raw.is_empty(), "raw control characters reach the terminal: {raw:?} in {stderr:?}");
    assert!(stderr.contains("Title \\x1b]0;pwned\\x07 and \\x00 here"), "the line is echoed escaped: {stderr}");
    assert!(stderr.contains("missing-\\x1b[2J.png"), "the message is escaped too: {stderr}");

    let (_, stdout, _) = publish(&["check", path, "--message-format", "json"]);
    let diags = json(&stdout);
    assert!(!stdout.contains('\x1b') && !stdout.contains('\0'), "JSON escapes control characters");
    assert!(diags.iter().any(|d| d["message"].as_str().is_some_and(|m| m.contains("missing-\x1b[2J.png"))), "JSON keeps the exact text: {diags:?}");
}
