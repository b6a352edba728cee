//! The language of the site: the book's (configured, or guessed from the text when loading,
//! see [`quire_core::language`]).

use quire_core::Book;

/// The BCP 47 tag for `<html lang>`.
pub fn site_language(book: &Book) -> String {
    book.language().trim().to_string()
}

/// The language of `text` by its letters (re-exported from [`quire_core::language::guess`]).
pub use quire_core::language::guess;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_from_text() {
        assert_eq!(guess("Mesos 是一个分布式系统内核，调度资源。"), "zh");
        assert_eq!(guess("The quick brown fox 中"), "en");
        assert_eq!(guess("これは日本語の文章です"), "ja");
        assert_eq!(guess(""), "en");
    }
}
