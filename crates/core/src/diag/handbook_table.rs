//! The handbook's table of diagnostic codes (`manuscript/src/diagnostics.md`, between the
//! `diagnostic-codes` marker comments) is generated from [`Code::ALL`]; the test here fails when
//! the chapter and the list differ, and `UPDATE_SNAPSHOTS=1` rewrites the table in place.

use super::Code;

/// The comment that opens the generated table.
const START: &str = "<!-- diagnostic-codes: generated from crates/core/src/diag/codes.rs; \
                     `UPDATE_SNAPSHOTS=1 cargo test -p quire-core --lib handbook` rewrites it -->";

/// The comment that closes it.
const END: &str = "<!-- /diagnostic-codes -->";

/// The chapters that hold the table, relative to the workspace root.
const CHAPTERS: [&str; 1] = ["manuscript/src/diagnostics.md"];

/// The Markdown table: code, stage, default severity, meaning; columns padded to line up.
fn table() -> String {
    let head = ["Code", "Stage", "Severity", "Meaning"];
    let rows: Vec<[String; 4]> = Code::ALL
        .iter()
        .map(|c| {
            [format!("`{}`", c.name()), c.stage().name().to_string(), format!("`{}`", c.default_severity().name()), c.doc().to_string()]
        })
        .collect();
    let mut width = head.map(|h| h.chars().count());
    for r in &rows {
        for (w, cell) in width.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 4]| -> String {
        let mut s = String::from("|");
        for (i, cell) in cells.iter().enumerate() {
            if i == 3 {
                s.push_str(&format!(" {cell} |"));
            } else {
                s.push_str(&format!(" {cell:<w$} |", w = width[i]));
            }
        }
        s.push('\n');
        s
    };
    let mut out = line(head);
    let rule: Vec<String> = (0..4).map(|i| format!(":{}", "-".repeat(if i == 3 { 3 } else { width[i] - 1 }))).collect();
    out.push_str(&line([rule[0].as_str(), rule[1].as_str(), rule[2].as_str(), rule[3].as_str()]));
    for r in &rows {
        out.push_str(&line([r[0].as_str(), r[1].as_str(), r[2].as_str(), r[3].as_str()]));
    }
    out
}

/// `text` with the part between the markers replaced by `table`, or `None` without both markers.
fn with_table(text: &str, table: &str) -> Option<String> {
    let start = text.find(START)? + START.len();
    let end = start + text[start..].find(END)?;
    Some(format!("{}\n{}{}", &text[..start], table, &text[end..]))
}

#[test]
fn the_handbook_table_of_codes_matches_the_list() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let table = table();
    for rel in CHAPTERS {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let want = with_table(&text, &table).unwrap_or_else(|| panic!("{rel} lacks the markers {START} … {END}"));
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            if want != text {
                std::fs::write(&path, &want).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            }
        } else {
            assert!(want == text, "{rel}: the table of codes differs from crates/core/src/diag/codes.rs; run with UPDATE_SNAPSHOTS=1");
        }
    }
}

#[test]
fn the_table_has_a_row_per_code_and_replaces_only_between_the_markers() {
    let t = table();
    assert_eq!(t.lines().count(), Code::ALL.len() + 2);
    assert!(t.contains("| `path-escape` ") && t.contains("| load ") && !t.contains("path-escapes-root"), "{t}");
    let doc = format!("# D\n\nbefore\n{START}\nold\n{END}\nafter\n");
    assert_eq!(with_table(&doc, "new\n").as_deref(), Some(format!("# D\n\nbefore\n{START}\nnew\n{END}\nafter\n").as_str()));
    assert_eq!(with_table("no markers", "x"), None);
}
