//! Integration tests: external renderers (`[output.NAME]` with a command), run as mdBook 0.5 runs
//! them. Each case in `tests/renderer/<case>/` is a two-chapter book whose renderer is the tiny
//! script `tests/renderer/render.py` in one mode, or a command that is not installed.

use crate::support;
use std::path::{Path, PathBuf};

/// Runs `publish build <case> -o <out> -f html`; returns (status, stderr, out dir).
fn build(name: &str, out: &Path) -> (u8, String) {
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let mut io = quire_cli::cli::Io { stdout: &mut o, stderr: &mut e, stderr_is_terminal: false };
    let book = support::fixture("renderer", name);
    let args = ["publish", "build", path(&book), "-o", path(out), "-f", "html", "--color", "never"];
    let code = quire_cli::cli::run_with(args, &mut io);
    (code, format!("{}{}", String::from_utf8_lossy(&o), String::from_utf8_lossy(&e)))
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn out(name: &str) -> PathBuf {
    support::out_dir(&format!("renderer-{name}"))
}

#[test]
fn a_script_renderer_gets_mdbooks_render_context_in_its_folder() {
    let out = out("check");
    let (code, err) = build("check", &out);
    assert_eq!(code, 0, "{err}");
    // render.py checks version, root, destination = working folder = <out>/check, the book in
    // 0.5's and 0.4's shapes with the preprocessors run for `check`, and the config's tables.
    let report = std::fs::read_to_string(out.join("check/report.txt")).unwrap_or_default();
    assert_eq!(report, "Renderer check: 2 chapters\n", "{err}");
    assert!(err.contains("render.py: checked"), "its stderr is passed on: {err}");
    assert!(out.join("html/index.html").is_file(), "Quire's own outputs are written too");
}

#[test]
fn a_failing_checker_fails_the_build_and_writes_nothing() {
    let out = out("linkcheck");
    std::fs::write(out.join("previous.txt"), "before").expect("write");
    let (code, err) = build("linkcheck", &out);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error[renderer-failed]: renderer `linkcheck` failed (exit status 1)"), "{err}");
    assert!(err.contains("one.md: broken link to gone.md"), "the end of its stderr is shown: {err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!out.join("html").exists(), "no site was written");
    assert_eq!(std::fs::read_to_string(out.join("previous.txt")).ok().as_deref(), Some("before"));
}

#[test]
fn a_missing_renderer_is_an_error_unless_optional() {
    let out1 = out("missing");
    let (code, err) = build("missing", &out1);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("renderer `quire-test-absent`: command `mdbook-quire-test-absent` not found"), "{err}");
    assert!(err.contains("optional = true"), "the error says how to build without it: {err}");
    assert!(err.contains("--> book.toml:5:1"), "the error points at the renderer's table: {err}");
    let out2 = out("optional");
    let (code, err) = build("optional", &out2);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning[renderer-missing]"), "{err}");
    assert!(out2.join("html/index.html").is_file());
}
