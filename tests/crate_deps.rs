//! The crate split holds: the AST crate and the build library compile only what their job needs
//! (`cargo tree -e normal`, the dependencies a library user gets).

use std::collections::BTreeSet;

/// The normal dependencies of `package` with its default features, by name.
fn normal_deps(package: &str) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["tree", "--offline", "-e", "normal", "--prefix", "none", "-p", package])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(out.status.success(), "cargo tree -p {package}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| l.split_whitespace().next()).map(str::to_string).collect()
}

fn found<'a>(deps: &BTreeSet<String>, banned: &[&'a str]) -> Vec<&'a str> {
    banned.iter().copied().filter(|b| deps.contains(*b)).collect()
}

/// The AST crate: no highlighter, no HTML tokenizer or sanitiser, no renderer, no compression, no
/// C build (raw HTML parsing is its opt-in `raw-html` feature, which the renderers turn on). TeX
/// is read here, once, by pulldown-latex (a parser; one parse feeds MathML and the PDF).
#[test]
fn the_ast_crate_has_no_renderer_machinery() {
    let deps = normal_deps("quire-core");
    assert!(deps.contains("pulldown-cmark") && deps.contains("quire-core"), "the tree was read: {deps:?}");
    let banned = [
        "html5gum", "syntect", "onig", "onig_sys", "fancy-regex", "printpdf", "epub-builder", "flate2",
        "miniz_oxide", "zip", "zopfli", "rustybuzz", "ttf-parser", "quire-xhtml", "quire-highlight", "quire-html", "quire-epub",
        "quire-pdf", "cc",
    ];
    assert!(found(&deps, &banned).is_empty(), "quire-core pulls in {:?}", found(&deps, &banned));
    let c_builds: Vec<_> = deps.iter().filter(|d| d.ends_with("-sys") || d.ends_with("_sys")).collect();
    assert!(c_builds.is_empty(), "quire-core builds C: {c_builds:?}");
    assert!(deps.len() < 60, "quire-core has {} crates: {deps:?}", deps.len());
}

/// The build library: no command-line, progress, file-watching or allocator crate.
#[test]
fn the_build_library_has_no_cli_crates() {
    let deps = normal_deps("quire");
    assert!(deps.contains("quire-pdf") && deps.contains("rayon"), "the tree was read: {deps:?}");
    let banned = ["clap", "clap_complete", "indicatif", "notify", "mimalloc", "libmimalloc-sys", "anyhow", "quire-cli"];
    assert!(found(&deps, &banned).is_empty(), "quire pulls in {:?}", found(&deps, &banned));
    // The renderers' raw HTML nodes need the AST crate's parser.
    assert!(deps.contains("html5gum"), "the build library parses raw HTML: {deps:?}");
}
