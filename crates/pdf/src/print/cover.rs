//! The cover (`book-cover.pdf`): one sheet with the back, the spine and the front side by side
//! plus bleed, imposed like the interior (boxes, marks, slug). Its trim width is
//! `2 × trim width + spine`, so its BleedBox is `2 × trim + spine + 2 × bleed` wide; the spine
//! width comes from the interior's final page count ([`PrintOptions::spine_mm`]). The front has
//! the title, the authors and the book's cover image (`[book] cover`), if any; the spine has
//! the title and the authors turned to read top to bottom; the background tint runs into the
//! bleed.

use quire_core::Book;

use super::{text, PrintOptions};
use crate::fonts::{Family, FontBook, Style};
use crate::layout::page::MM;
use crate::model::{Color, Document, Item, Metadata, Page, Rect, TurnedRun};

/// Background tint of the cover (a warm paper tone; written as CMYK).
const TINT: Color = Color { r: 0.95, g: 0.93, b: 0.88 };

/// The cover document for an interior of `pages` pages on a `trim` (w, h) page, in points.
pub fn cover(book: &Book, fonts: &FontBook, opts: &PrintOptions, trim: (f32, f32), pages: usize) -> Document {
    let (w, h) = trim;
    let spine = opts.spine_mm(pages) * MM;
    let mut page = Page { width: 2.0 * w + spine, height: h, ..Page::default() };
    page.items.push(Item::Fill { rect: Rect { x: 0.0, y: 0.0, w: page.width, h }, color: TINT });
    let title = book.title();
    let authors = book.config.book.authors.join(", ");
    let front = w + spine;
    let margin = 15.0 * MM;
    // Title: bold sans, made smaller until it fits the front between the margins.
    let bold = Style { bold: true, ..Style::regular(Family::Sans) };
    let mut size = 26.0;
    let (mut runs, mut width) = text::line(fonts, title, bold, size, Color::BLACK);
    while width > w - 2.0 * margin && size > 10.0 {
        size -= 1.0;
        (runs, width) = text::line(fonts, title, bold, size, Color::BLACK);
    }
    let title_y = h * 0.28;
    page.items.extend(text::placed(runs, front + (w - width) / 2.0, title_y).into_iter().map(Item::Text));
    let (runs, aw) = text::line(fonts, &authors, Style::regular(Family::Sans), 12.0, Color::BLACK);
    page.items.extend(text::placed(runs, front + (w - aw.min(w)) / 2.0, title_y + size + 14.0).into_iter().map(Item::Text));
    if let Some(image) = book.cover.and_then(|id| book.asset(id)) {
        if let Some((iw, ih)) = crate::layout::figure::asset_size(book, image) {
            let top = title_y + size + 40.0;
            let (bw, bh) = (w - 2.0 * margin, h - top - margin);
            let scale = (bw / iw.max(1.0)).min(bh / ih.max(1.0));
            if scale > 0.0 {
                let (dw, dh) = (iw * scale, ih * scale);
                page.items.push(Item::Image { asset: image.id, rect: Rect { x: front + (w - dw) / 2.0, y: top, w: dw, h: dh } });
            }
        }
    }
    // Spine: title and authors on one line, turned to read top to bottom, centred.
    let size = (spine * 0.5).min(11.0);
    if size >= 4.0 {
        let line = if authors.is_empty() { title.to_string() } else { format!("{title}  \u{2022}  {authors}") };
        let (mut runs, mut len) = text::line(fonts, &line, Style::regular(Family::Sans), size, Color::BLACK);
        if len > h - 2.0 * margin {
            (runs, len) = text::line(fonts, title, Style::regular(Family::Sans), size, Color::BLACK);
        }
        // Turned -90°: glyph tops point to the front; centre the cap height across the spine.
        let x = w + spine / 2.0 - size * 0.35;
        let y = (h - len) / 2.0;
        for run in runs {
            let along = run.x;
            page.turned.push(TurnedRun { run: crate::model::GlyphRun { x, baseline: y + along, ..run }, angle: -90.0 });
        }
    }
    let metadata = Metadata {
        title: format!("{title} (cover)"),
        author: authors,
        language: book.language().to_string(),
        subject: book.config.book.description.clone().unwrap_or_default(),
        timestamp: book.timestamp,
    };
    let mut doc = Document { pages: vec![page], outline: Vec::new(), labels: Vec::new(), metadata, structure: Vec::new() };
    let slug = format!("{title} \u{2014} cover, spine {:.2} mm for {pages} pages \u{2014} {}", opts.spine_mm(pages), crate::write::iso_day(book.timestamp));
    if let Some(p) = doc.pages.first_mut() {
        super::impose_page(p, fonts, opts, opts.slug.then_some(slug.as_str()));
    }
    doc
}
