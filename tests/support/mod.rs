//! Shared helpers for the integration tests: fixture folders, the shared corpora, snapshots and
//! external validators.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/<feature>/<case>/`.
pub fn fixture(feature: &str, case: &str) -> PathBuf {
    root().join("tests").join(feature).join(case)
}

/// Loads a fixture book; panics with the error if it does not load.
pub fn load_fixture(feature: &str, case: &str) -> quire_core::Book {
    let dir = fixture(feature, case);
    match quire_core::Book::load(&dir) {
        Ok(b) => b,
        Err(e) => panic!("fixture {} does not load: {e}", dir.display()),
    }
}

/// `../shared/corpora`. Tests that need it are compiled as ignored when it is absent (see
/// `build.rs`: `#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]`); a test that
/// runs and does not find it fails, so a missing corpus is never a silent pass.
pub fn corpora() -> PathBuf {
    let dir = root().join("../shared/corpora");
    assert!(dir.is_dir(), "{} is absent although the build script saw it", dir.display());
    dir
}

/// One shared corpus book by folder name. Panics if it is absent: the corpus tests name only books
/// that `../shared/corpora` holds, or iterate over [`corpus_names`].
pub fn corpus(name: &str) -> PathBuf {
    let dir = corpora().join(name);
    assert!(dir.is_dir(), "corpus {} is absent", dir.display());
    dir
}

/// Every corpus book (folder names), sorted.
pub fn corpus_names() -> Vec<String> {
    let dir = corpora();
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().filter(|e| e.path().is_dir()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// Compares `actual` with the snapshot file `tests/snapshots/<name>`; with `UPDATE_SNAPSHOTS=1`
/// writes it instead.
pub fn snapshot(name: &str, actual: &str) {
    let path = root().join("tests/snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).expect("snapshot dir");
        }
        std::fs::write(&path, actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("no snapshot {} (run with UPDATE_SNAPSHOTS=1)", path.display()));
    if expected != actual {
        let tmp = path.with_extension("new");
        let _ = std::fs::write(&tmp, actual);
        panic!("snapshot {} differs; new output in {} (accept with UPDATE_SNAPSHOTS=1)", path.display(), tmp.display());
    }
}

/// A scratch folder under `target/test-out/<name>`, emptied first.
pub fn out_dir(name: &str) -> PathBuf {
    let dir = root().join("target/test-out").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create test output dir");
    dir
}

/// A book made at run time in a fresh scratch folder ([`out_dir`]): `files` are (path relative
/// to the book, content).
pub fn scratch_book(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = out_dir(name);
    for (rel, data) in files {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, data).expect("write fixture file");
    }
    dir
}

/// Where `make tools` installs npm packages (vnu-jar, commonmark-spec).
pub fn tools_dir() -> PathBuf {
    root().join("target/tools")
}

/// A command for an external tool that the test suite needs. Panics (never skips) when it is not
/// installed: `make tools` installs every one of them.
pub fn tool(name: &str) -> Command {
    let found = Command::new("sh").arg("-c").arg(format!("command -v {name}")).output().map(|o| o.status.success()).unwrap_or(false);
    assert!(found, "external validator `{name}` is not installed: run `make tools` (see .ci/run)");
    Command::new(name)
}

/// Runs a command, returning (success, stdout, stderr).
pub fn run(cmd: &mut Command) -> (bool, String, String) {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Writes rendered files under `dir`.
pub fn write_rendered(dir: &Path, rendered: &quire_core::Rendered) {
    for f in &rendered.files {
        let p = dir.join(&f.path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, &f.data).expect("write output");
    }
}

/// Debian's Chromium, headless and offline-minded, with a fresh profile in `profile` (emptied
/// first): the flags every browser test shares. Callers add their own and the URL.
pub fn chromium(profile: &Path) -> Command {
    let _ = std::fs::remove_dir_all(profile);
    std::fs::create_dir_all(profile).expect("profile dir");
    let mut cmd = tool("chromium");
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

/// Copies the folder `from` (a fixture) into `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read fixture").flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}
