//! The language of the site: the book's (configured, or guessed from the text when loading,
//! see [`quire_core::language`]).

use quire_core::Book;

/// The BCP 47 tag for `<html lang>`.
pub fn site_language(book: &Book) -> String {
    book.language().trim().to_string()
}
