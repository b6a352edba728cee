//! Integration tests: corpora. Every real-world book in `../shared/corpora` loads and resolves
//! without a panic, and the diagnostics it yields are pinned in
//! `tests/snapshots/corpora/<book>.diagnostics.txt` (one `severity code file:line:col message`
//! line each, sorted; regenerate with `UPDATE_SNAPSHOTS=1`). When the corpora are absent the tests
//! are ignored (see `build.rs`).

use crate::support;
use quire_core::{Book, Diagnostic, LoadError, SourceMap};
use std::path::Path;

/// One line per diagnostic, sorted, with the corpus folder replaced by `<book>`.
fn diagnostic_lines(diagnostics: &[Diagnostic], sources: &SourceMap, root: &Path) -> String {
    let root_str = root.to_string_lossy().into_owned();
    let mut lines: Vec<String> = diagnostics
        .iter()
        .map(|d| {
            let sev = quire_cli::diag_print::severity_label(d.severity);
            let loc = d.location(sources).unwrap_or_else(|| "-".into());
            let msg = d.message.replace(&root_str, "<book>").replace('\n', "\\n");
            format!("{sev} {} {loc} {msg}", d.code)
        })
        .collect();
    lines.sort();
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

fn load(dir: &Path) -> Result<Book, LoadError> {
    match std::panic::catch_unwind(|| Book::load(dir)) {
        Ok(r) => r,
        Err(_) => panic!("Book::load panicked on {}", dir.display()),
    }
}

#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn corpora_load_and_their_diagnostics_are_pinned() {
    let names = support::corpus_names();
    for name in &names {
        let dir = support::corpus(name);
        let text = match load(&dir) {
            Ok(book) => diagnostic_lines(&book.diagnostics, &book.sources, &dir),
            Err(LoadError::Invalid { diagnostics, sources }) => {
                format!("LOAD FAILED\n{}", diagnostic_lines(&diagnostics, &sources, &dir))
            }
            Err(e) => format!("LOAD FAILED: {}\n", e.to_string().replace(&*dir.to_string_lossy(), "<book>")),
        };
        support::snapshot(&format!("corpora/{name}.diagnostics.txt"), &text);
    }
}

#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn corpora_diagnostics_print_in_both_formats() {
    for name in support::corpus_names() {
        let dir = support::corpus(&name);
        let Ok(book) = load(&dir) else { continue };
        for d in &book.diagnostics {
            let human = quire_cli::diag_print::render_human(d, &book.sources, true);
            assert!(human.contains(d.code.name()), "{name}: {human}");
            let json: serde_json::Value =
                serde_json::from_str(&quire_cli::diag_print::render_json(d, &book.sources)).expect("valid JSON");
            assert_eq!(json["code"], d.code.name());
        }
        let dir_arg = dir.to_string_lossy().into_owned();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut io = quire_cli::cli::Io { stdout: &mut out, stderr: &mut err, stderr_is_terminal: false };
        let code = quire_cli::cli::run_with(["publish", "check", dir_arg.as_str(), "--message-format", "json"], &mut io);
        let has_errors = book.diagnostics.iter().any(|d| d.severity == quire_core::Severity::Error);
        assert_eq!(code, u8::from(has_errors), "{name}");
        // Every diagnostic of the load is printed once; `check` may add what running the
        // preprocessors reports (one that supports no renderer, an optional one missing), never
        // anything else.
        let printed: Vec<(String, String)> = String::from_utf8_lossy(&out)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .map(|j| (j["code"].as_str().unwrap_or("").to_string(), j["message"].as_str().unwrap_or("").to_string()))
            .collect();
        let loaded: Vec<(String, String)> = book.diagnostics.iter().map(|d| (d.code.to_string(), d.message.clone())).collect();
        for d in &loaded {
            let times = loaded.iter().filter(|l| *l == d).count();
            assert_eq!(printed.iter().filter(|p| *p == d).count(), times, "{name}: printed as often as found: {d:?}");
        }
        let extra: Vec<&(String, String)> = printed.iter().filter(|p| !loaded.contains(*p)).collect();
        assert!(extra.iter().all(|(code, _)| matches!(code.as_str(), "preprocessor-skipped" | "preprocessor-missing")), "{name}: {extra:?}");
    }
}
