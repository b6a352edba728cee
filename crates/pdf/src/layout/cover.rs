//! The screen PDF's cover page: the book's cover image ([`Book::cover`]: the configured cover,
//! or one found by convention) as the first page, scaled to fit the whole page with its aspect
//! kept and centred, with no running head or folio. When chapters open on rectos (a two-sided
//! book) the cover is followed by its blank inside page, so the title page stays a recto.
//!
//! The print profile never calls this: its cover is the separate `book-cover.pdf`
//! ([`crate::print::cover`]). `[output.pdf] cover-page = false` turns it off.

use super::LineInfo;
use crate::model::{Document, Item, LabelStyle, LinkDest, OutlineItem, Page, PageLabel, Rect};
use quire_core::Book;

/// The cover image of `book` scaled to fit a `width` × `height` page, centred; `None` when the
/// book has no cover or its size cannot be read.
pub(crate) fn cover_item(book: &Book, width: f32, height: f32) -> Option<Item> {
    let image = book.cover.and_then(|id| book.asset(id))?;
    let (iw, ih) = super::figure::asset_size(book, image)?;
    if !(iw > 0.0 && ih > 0.0) {
        return None;
    }
    let scale = (width / iw).min(height / ih);
    let (w, h) = (iw * scale, ih * scale);
    Some(Item::Image { asset: image.id, rect: Rect { x: (width - w) / 2.0, y: (height - h) / 2.0, w, h } })
}

/// Puts the cover page (and, when `two_sided`, its blank inside page) before the pages of `doc`:
/// every page index after it (outline, links, page labels, `lines`) moves by the pages added. The
/// cover pages are labelled with the word `cover`. Does nothing when the book has no usable
/// cover image.
pub(crate) fn prepend(doc: &mut Document, lines: &mut [LineInfo], book: &Book, two_sided: bool) {
    let Some((width, height)) = doc.pages.first().map(|p| (p.width, p.height)) else { return };
    let Some(item) = cover_item(book, width, height) else { return };
    let mut added = vec![Page { width, height, items: vec![item], ..Page::default() }];
    if two_sided {
        added.push(Page { width, height, ..Page::default() });
    }
    let n = added.len();
    for page in &mut doc.pages {
        for link in &mut page.links {
            if let LinkDest::Page { page, .. } = &mut link.dest {
                *page += n;
            }
        }
    }
    shift_outline(&mut doc.outline, n);
    for label in &mut doc.labels {
        label.first_page += n;
    }
    let word = super::words(book).cover;
    doc.labels.insert(0, PageLabel { first_page: 0, style: LabelStyle::None, start: 1, prefix: word });
    for line in lines.iter_mut() {
        line.page += n;
    }
    doc.pages.splice(0..0, added);
}

fn shift_outline(items: &mut [OutlineItem], n: usize) {
    for it in items {
        it.page += n;
        shift_outline(&mut it.children, n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::expect_used, clippy::panic)]
    fn a_wide_cover_fits_the_width_and_is_centred_vertically() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&800u32.to_be_bytes());
        png.extend_from_slice(&400u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0]);
        let source = quire_core::MemorySource::new().file("SUMMARY.md", "- [A](a.md)\n").file("a.md", "# A\n").file("cover.jpg", png);
        let book = quire_core::Book::load_from(&source).expect("loads");
        assert!(book.cover.is_some(), "cover.jpg is the cover by convention: {:?}", book.diagnostics);
        let Some(Item::Image { rect, .. }) = cover_item(&book, 400.0, 600.0) else { panic!("no cover item") };
        assert!((rect.w - 400.0).abs() < 0.01 && (rect.h - 200.0).abs() < 0.01, "{rect:?}");
        assert!((rect.y - 200.0).abs() < 0.01 && rect.x.abs() < 0.01, "{rect:?}");
        let mut none = book.clone();
        none.cover = None;
        assert!(cover_item(&none, 400.0, 600.0).is_none());
    }
}
