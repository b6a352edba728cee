//! Integration test: the site's parity with mdBook 0.5, in headless Chromium (as
//! `html_browser.rs` runs it). The books in `tests/site_parity/` are rendered, a copy of a page
//! gets the probe `tests/site_parity/probe.js`, and the DOM after the scripts ran says: code
//! blocks at the body's size; the playground's Run buttons (not on `ignore`/`noplayground` or
//! non-Rust blocks), editable blocks with line numbers, the edition; the current page's headings
//! in the sidebar; the `s` and `?` keys; admonition titles at WCAG AA contrast in dark mode; a
//! favicon; a search typed before the index loaded answered when it arrives; CJK text not
//! justified on a 390 px screen (and justified on a wide one); a folding sidebar
//! (`[output.html.fold]`) that hides folded entries, opens the way to the current page and
//! opens an entry at its toggle.

use crate::html_browser::{chromium_dump_with, file_url, probe_result};
use crate::support;
use std::path::{Path, PathBuf};

/// Renders fixture `case` into `target/test-out/site-parity-<case>/` and writes `probe.html`, a
/// copy of `page` with the probe script before `</body>`.
fn probed(case: &str, page: &str) -> (PathBuf, PathBuf) {
    let book = support::load_fixture("site_parity", case);
    let site = quire_html::render(&book, &quire_html::Options::default()).expect("the site renders");
    let out = support::out_dir(&format!("site-parity-{case}"));
    support::write_rendered(&out, &site);
    let html = std::fs::read_to_string(out.join(page)).expect("the page");
    let probe = std::fs::read_to_string(support::fixture("site_parity", "probe.js")).expect("the probe");
    let probe_page = out.join("probe.html");
    std::fs::write(&probe_page, html.replacen("</body>", &format!("<script>{probe}</script></body>"), 1)).expect("write probe page");
    (out, probe_page)
}

fn run(out: &Path, page: &Path, name: &str, size: &str) -> serde_json::Value {
    let (dom, err) = chromium_dump_with(out, name, &file_url(page, ""), None, &[&format!("--window-size={size}")]);
    assert!(!err.contains("Uncaught"), "a script threw:\n{err}");
    probe_result(&dom)
}

#[test]
fn the_site_matches_mdbook_in_a_browser() {
    let (out, page) = probed("mdbook", "start.html");
    let r = run(&out, &page, "mdbook", "1280,900");
    assert_eq!(r["codeSize"], r["bodySize"], "code blocks at the body's size: {r}");
    assert_eq!(r["playgrounds"], 2, "Run on `rust` and `rust,editable`, not on ignore/noplayground/python: {r}");
    assert_eq!(r["runButtons"], 2, "{r}");
    assert_eq!(r["editable"], 1, "{r}");
    assert_eq!(r["lineNumbers"], 1, "line numbers on the editable block: {r}");
    assert_eq!(r["editions"], serde_json::json!(["2018", "2021"]), "[rust] edition, or the block's own: {r}");
    assert_eq!(r["pageHeadings"], serde_json::json!(["#running-code", "#a-deeper-heading", "#searching"]), "{r}");
    assert_eq!(r["currentHeading"], true, "{r}");
    assert_eq!(r["favicon"], "favicon.svg", "{r}");
    assert!(out.join("favicon.svg").is_file());
    assert_eq!(r["sFocusesSearch"], true, "{r}");
    assert_eq!((r["helpShown"].as_bool(), r["helpClosed"].as_bool()), (Some(true), Some(true)), "{r}");
    let contrast: Vec<f64> = r["darkContrast"].as_array().expect("contrasts").iter().filter_map(|v| v.as_f64()).collect();
    assert_eq!(contrast.len(), 2, "{r}");
    assert!(contrast.iter().all(|c| *c >= 4.5), "admonition titles in dark mode: {contrast:?}");
    assert_eq!(r["searchShown"], true, "a query typed before the index loaded is run when it arrives: {r}");
}

#[test]
fn cjk_text_is_justified_only_on_wide_screens() {
    let (out, page) = probed("cjk", "one.html");
    let narrow = run(&out, &page, "cjk-390", "390,844");
    assert_ne!(narrow["textAlign"], "justify", "{narrow}");
    let wide = run(&out, &page, "cjk-1280", "1280,900");
    assert_eq!(wide["textAlign"], "justify", "{wide}");
}

#[test]
fn the_sidebar_folds_in_a_browser() {
    // `[output.html.fold] enable = true` (level 0), on a page two levels down.
    let (out, page) = probed("fold", "linux.html");
    let r = run(&out, &page, "fold", "1280,900");
    assert_eq!(r["foldedCount"], 1, "Reference's sub-chapters are folded, Guide's and Setup's open: {r}");
    assert_eq!(r["foldedHidden"], 1, "{r}");
    assert_eq!(r["currentShown"], true, "{r}");
    assert_eq!(r["toggleOpens"], true, "{r}");
}
