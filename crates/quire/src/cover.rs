//! The configured cover image (`[output.epub] cover`, else `[book] cover`), read from disk for the
//! EPUB renderer, which reads no files itself and uses these bytes when the loader did not bring
//! the cover in as an asset.

use quire_core::Book;
use std::path::Path;
use std::sync::Arc;

/// The bytes of the book's configured cover, if one is configured and found inside the book
/// folder: first relative to the source folder (`[book] src`), then to the book root. A path
/// leading outside the book folder is not read.
pub fn configured_cover(book: &Book) -> Option<Arc<[u8]>> {
    let cfg = book.config.output.epub.cover.as_ref().or(book.config.book.cover.as_ref())?;
    let src = book.config.book.src.clone().unwrap_or_default();
    let root = book.root.canonicalize().ok()?;
    [book.root.join(&src).join(cfg), book.root.join(cfg)]
        .iter()
        .find_map(|p| read_inside(&root, p, &book.config.quire))
}

/// Reads the file through core's checked reader: inside the book, a regular file within
/// `max-file-size`, declaring at most `max-image-pixels`.
fn read_inside(root: &Path, path: &Path, quire: &quire_core::config::QuireConfig) -> Option<Arc<[u8]>> {
    let real = path.canonicalize().ok()?;
    if !real.starts_with(root) {
        return None;
    }
    let bytes = quire_core::resolve::assets::read_image_file(&real, quire.max_file_size()).ok()?;
    quire_core::safe_read::check_image_pixels(&bytes, quire.max_image_pixels()).ok()?;
    Some(bytes)
}
