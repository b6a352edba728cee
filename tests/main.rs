//! Quire's integration tests: one binary, fixture folders under `tests/<feature>/<case>/`.

#[test]
fn workspace_links() {
    let err = quire_core::Book::load("/nonexistent/book");
    assert!(err.is_err());
}
