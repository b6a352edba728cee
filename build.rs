//! Build script of the test package: tells the tests whether the shared corpora are beside the
//! project (`../shared/corpora`). Tests that need them carry
//! `#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]`, so a clone without them
//! counts those tests as ignored, not passed, and says so once here.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(has_corpora)");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    println!("cargo::rerun-if-changed={}", dir.display());
    if dir.is_dir() {
        println!("cargo::rustc-cfg=has_corpora");
    } else {
        println!("cargo::warning=../shared/corpora is absent: the corpus tests are compiled as ignored");
    }
}
