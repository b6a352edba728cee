//! Integration tests: core_fixtures.

#[test]
fn a_missing_book_is_an_error() {
    assert!(quire_core::Book::load("/nonexistent/book").is_err());
}
