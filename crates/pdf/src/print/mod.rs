//! The print profile (`publish build --format pdf --profile print`, `[output.pdf.print]`): what
//! a print shop's preflight accepts.
//!
//! The laid-out document (chapters already open on rectos with blank versos, see
//! [`crate::layout::LayoutOptions::chapters_recto`]) is imposed for the press ([`impose`]): the
//! page count is padded with blank pages to a multiple of the signature, every page gets a
//! MediaBox with room for marks, a TrimBox at the trim size and a BleedBox `bleed` outside it,
//! fills and images touching the trim edge are extended into the bleed, crop and registration
//! marks and a slug line are added ([`marks`]) and links are dropped (no annotations in print).
//! The writer then sets colours in CMYK ([`color`]) and makes the file PDF/X-4 or PDF/X-1a
//! (`pdfx`). A separate cover (`book-cover.pdf`) is set by [`cover`].

pub mod color;
pub mod cover;
pub mod marks;
pub(crate) mod pdfx;
mod text;

use quire_core::config::PrintConfig;
use quire_core::{Book, OutputFile, Rendered};

pub use quire_core::config::PdfX;

use crate::fonts::FontBook;
use crate::layout::page::MM;
use crate::model::{Document, Item, OutlineItem, Page, Rect};
use crate::write::{ColorMode, WriteOptions};
use crate::RenderError;

/// Room outside the bleed for crop marks, registration marks and the slug line, in mm.
pub const MARK_AREA_MM: f32 = 12.0;

/// Settings of the print profile, in the book's units (mm).
#[derive(Debug, Clone, PartialEq)]
pub struct PrintOptions {
    /// Bleed on each side of the trim, mm (default 3).
    pub bleed_mm: f32,
    /// Crop and registration marks (default on).
    pub marks: bool,
    /// Slug line: title, page and the book's date (default on).
    pub slug: bool,
    /// Pages per signature (default 16); the page count is padded to a multiple of it.
    pub signature: u32,
    /// PDF/X flavour (default PDF/X-4).
    pub pdfx: PdfX,
    /// Paper bulk in pages per inch (default 444, a 50–60 lb uncoated offset).
    pub paper_ppi: f32,
    /// Paper caliper in mm per leaf; when set it wins over `paper_ppi`.
    pub caliper_mm: Option<f32>,
    /// Also write the cover PDF (default on).
    pub cover: bool,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions { bleed_mm: 3.0, marks: true, slug: true, signature: 16, pdfx: PdfX::X4, paper_ppi: 444.0, caliper_mm: None, cover: true }
    }
}

impl PrintOptions {
    /// Options from `[output.pdf.print]`; unset or out-of-range keys take the defaults.
    pub fn from_config(cfg: &PrintConfig) -> Self {
        let d = PrintOptions::default();
        PrintOptions {
            bleed_mm: cfg.bleed.filter(|b| (0.0..=20.0).contains(b)).unwrap_or(d.bleed_mm),
            marks: cfg.marks.unwrap_or(d.marks),
            slug: cfg.slug.unwrap_or(d.slug),
            signature: cfg.signature.filter(|s| *s >= 1).unwrap_or(d.signature),
            pdfx: cfg.pdfx.unwrap_or(d.pdfx),
            paper_ppi: cfg.paper_ppi.filter(|p| p.is_finite() && *p > 0.0).unwrap_or(d.paper_ppi),
            caliper_mm: cfg.caliper.filter(|c| c.is_finite() && *c > 0.0),
            cover: cfg.cover.unwrap_or(d.cover),
        }
    }

    /// Bleed in points.
    pub fn bleed(&self) -> f32 {
        self.bleed_mm * MM
    }

    /// Distance from the media edge to the trim edge, in points: bleed plus the mark area.
    pub fn slack(&self) -> f32 {
        (self.bleed_mm + MARK_AREA_MM) * MM
    }

    /// Spine width in mm for `pages` pages: `pages / PPI × 25.4` (PPI counts pages, two per
    /// leaf), or `pages / 2 × caliper` when the caliper is given.
    pub fn spine_mm(&self, pages: usize) -> f32 {
        match self.caliper_mm {
            Some(c) => pages.div_ceil(2) as f32 * c,
            None => pages as f32 / self.paper_ppi * 25.4,
        }
    }
}

/// The print profile of a book: the options from `[output.pdf.print]` when it is enabled there.
pub fn configured(book: &Book) -> Option<PrintOptions> {
    let cfg = book.config.output.pdf.print.as_ref()?;
    (cfg.enabled == Some(true)).then(|| PrintOptions::from_config(cfg))
}

/// Renders the interior (`book.pdf`) and, unless turned off, the cover (`book-cover.pdf`).
pub fn render(book: &Book, fonts: &FontBook, layout: &crate::layout::LayoutOptions, opts: &PrintOptions) -> Result<Rendered, RenderError> {
    let mut data = Vec::new();
    let mut rendered = render_to(book, fonts, layout, opts, &mut data)?;
    rendered.files.insert(0, OutputFile { path: "book.pdf".into(), data });
    Ok(rendered)
}

/// [`render`] with the interior written into `out`; the returned files are the cover only.
pub fn render_to<W: std::io::Write>(book: &Book, fonts: &FontBook, layout: &crate::layout::LayoutOptions, opts: &PrintOptions, out: &mut W) -> Result<Rendered, RenderError> {
    // The cover is `book-cover.pdf`, never a page of the interior.
    let layout = crate::layout::LayoutOptions { chapters_recto: true, cover_page: false, ..layout.clone() };
    let (mut doc, mut diagnostics) = crate::layout::layout(book, fonts, &layout);
    let trim = doc.pages.first().map(|p| (p.width, p.height)).unwrap_or((432.0, 648.0));
    impose(&mut doc, fonts, opts);
    let write = WriteOptions { color: ColorMode::Cmyk, pdfx: Some(opts.pdfx) };
    let page_count = doc.pages.len();
    let image_diags = crate::write::write_owned_to(doc, fonts, book, &write, out)?;
    diagnostics.extend(image_diags);
    let mut files = Vec::new();
    if opts.cover {
        let cover = cover::cover(book, fonts, opts, trim, page_count);
        files.push(OutputFile { path: "book-cover.pdf".into(), data: crate::write::write_with(&cover, fonts, book, &write)? });
    }
    Ok(Rendered { files, diagnostics, ..Default::default() })
}

/// Imposes a laid-out document for the press: pads to the signature, adds the boxes, extends
/// edge fills into the bleed, drops links, adds marks and the slug line.
pub fn impose(doc: &mut Document, fonts: &FontBook, opts: &PrintOptions) {
    let Some(first) = doc.pages.first() else { return };
    let (w, h) = (first.width, first.height);
    let sig = opts.signature.max(1) as usize;
    while !doc.pages.len().is_multiple_of(sig) {
        doc.pages.push(Page { width: w, height: h, ..Page::default() });
    }
    let total = doc.pages.len();
    let date = crate::write::iso_day(doc.metadata.timestamp);
    for (i, page) in doc.pages.iter_mut().enumerate() {
        let slug = opts.slug.then(|| format!("{} \u{2014} page {} of {} \u{2014} {}", doc.metadata.title, i + 1, total, date));
        impose_page(page, fonts, opts, slug.as_deref());
    }
    shift_outline(&mut doc.outline, opts.slack());
}

pub(crate) fn impose_page(page: &mut Page, fonts: &FontBook, opts: &PrintOptions, slug: Option<&str>) {
    let (w, h) = (page.width, page.height);
    let (bleed, slack) = (opts.bleed(), opts.slack());
    for item in &mut page.items {
        if let Item::Fill { rect, .. } | Item::Image { rect, .. } = item {
            *rect = to_bleed(*rect, w, h, bleed);
        }
        crate::layout::chunk::shift_item(item, slack, slack);
    }
    for t in &mut page.turned {
        t.run.x += slack;
        t.run.baseline += slack;
    }
    // Annotations are not allowed inside the bleed and mean nothing on paper.
    page.links.clear();
    let trim = Rect { x: slack, y: slack, w, h };
    page.width = w + 2.0 * slack;
    page.height = h + 2.0 * slack;
    page.trim_box = Some(trim);
    page.bleed_box = Some(Rect { x: slack - bleed, y: slack - bleed, w: w + 2.0 * bleed, h: h + 2.0 * bleed });
    // Marks and slug are artifacts, whatever the page ended with.
    page.items.push(Item::Mark(None));
    if opts.marks {
        marks::crop_marks(page, trim, bleed);
        marks::registration_marks(page, trim, bleed);
    }
    if let Some(slug) = slug {
        marks::slug_line(page, fonts, trim, bleed, slug);
    }
}

/// A rectangle touching a trim edge (within half a point) grown by `bleed` past that edge.
pub fn to_bleed(mut r: Rect, w: f32, h: f32, bleed: f32) -> Rect {
    const EPS: f32 = 0.5;
    if r.x + r.w >= w - EPS {
        r.w += bleed;
    }
    if r.x <= EPS {
        r.x -= bleed;
        r.w += bleed;
    }
    if r.y + r.h >= h - EPS {
        r.h += bleed;
    }
    if r.y <= EPS {
        r.y -= bleed;
        r.h += bleed;
    }
    r
}

fn shift_outline(items: &mut [OutlineItem], dy: f32) {
    for item in items {
        item.y += dy;
        shift_outline(&mut item.children, dy);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn spine_and_bleed() {
        let o = PrintOptions::default();
        assert!((o.spine_mm(444) - 25.4).abs() < 1e-3);
        let c = PrintOptions { caliper_mm: Some(0.1), ..o.clone() };
        assert!((c.spine_mm(200) - 10.0).abs() < 1e-3);
        let r = to_bleed(Rect { x: 0.0, y: 10.0, w: 100.0, h: 20.0 }, 100.0, 200.0, 5.0);
        assert_eq!(r, Rect { x: -5.0, y: 10.0, w: 110.0, h: 20.0 });
        let inner = Rect { x: 10.0, y: 10.0, w: 10.0, h: 10.0 };
        assert_eq!(to_bleed(inner, 100.0, 200.0, 5.0), inner);
    }

    #[test]
    fn impose_pads_boxes_marks_and_drops_links() {
        use crate::model::{Color, LinkArea, LinkDest};
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fonts/NotoSans-Regular.ttf");
        let data: std::sync::Arc<[u8]> = std::fs::read(path).expect("font").into();
        let fonts = FontBook::new(&[("NotoSans-Regular.ttf".to_string(), data)]).expect("font book");
        let page = Page {
            width: 100.0,
            height: 200.0,
            items: vec![Item::Fill { rect: Rect { x: 0.0, y: 0.0, w: 100.0, h: 20.0 }, color: Color::gray(0.5) }],
            links: vec![LinkArea { rect: Rect::default(), dest: LinkDest::Uri("x".into()), tag: None }],
            ..Page::default()
        };
        let outline = vec![OutlineItem { title: "A".into(), page: 0, y: 10.0, children: Vec::new() }];
        let mut doc = Document { pages: vec![page.clone(), page.clone(), page], outline, ..Document::default() };
        let opts = PrintOptions { signature: 4, slug: false, ..PrintOptions::default() };
        impose(&mut doc, &fonts, &opts);
        assert_eq!(doc.pages.len(), 4);
        let (s, b) = (opts.slack(), opts.bleed());
        let p = &doc.pages[0];
        assert!(p.links.is_empty());
        assert_eq!(p.trim_box, Some(Rect { x: s, y: s, w: 100.0, h: 200.0 }));
        assert_eq!(p.bleed_box, Some(Rect { x: s - b, y: s - b, w: 100.0 + 2.0 * b, h: 200.0 + 2.0 * b }));
        assert!((p.width - (100.0 + 2.0 * s)).abs() < 1e-3);
        // The full-width band at the top runs into the bleed on three sides.
        assert_eq!(p.items[0], Item::Fill { rect: Rect { x: s - b, y: s - b, w: 100.0 + 2.0 * b, h: 20.0 + b }, color: Color::gray(0.5) });
        assert!(p.items.len() > 1, "marks");
        assert!((doc.outline[0].y - (10.0 + s)).abs() < 1e-3);
    }

    #[test]
    fn config_defaults_and_overrides() {
        let mut cfg = PrintConfig::default();
        (cfg.bleed, cfg.signature, cfg.pdfx) = (Some(5.0), Some(32), Some(PdfX::X1a));
        let o = PrintOptions::from_config(&cfg);
        assert_eq!((o.bleed_mm, o.signature, o.pdfx, o.marks), (5.0, 32, PdfX::X1a, true));
    }
}
