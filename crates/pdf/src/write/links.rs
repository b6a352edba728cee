//! Link annotations, made from the page model when they are written rather than held as lopdf
//! dictionaries for the whole book (a 10 MB book has tens of thousands of links, each a dozen
//! small objects in lopdf's form).
//!
//! The dictionaries are those printpdf 0.12 made for its `Op::LinkAnnotation` (its private
//! `link_annotation_to_dict`): `/Type /Annot /Subtype /Link /Rect […] /A <<…>> /Border [0 0 0]
//! /C [] /H /I`, in that order, so the file is byte for byte what it was when printpdf made them.
//! In a tagged PDF each annotation is an indirect object (an `OBJR` must name it): its number is
//! taken when the structure tree is planned ([`Annots::reserve`]), a placeholder holds its place
//! in the document, and [`Annots::dict`] makes its dictionary (with its `/StructParent`) when
//! the file writer reaches it. Otherwise they are direct objects in `/Annots` ([`direct`]).

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use crate::model::{LinkArea, LinkDest, Page};

/// Where an indirect annotation comes from.
#[derive(Debug, Clone, Copy)]
struct Annot {
    /// Its page (index in the document).
    page: u32,
    /// Its place among the page's links.
    link: u32,
    /// Its parent-tree key (`/StructParent`), when its text is tagged.
    key: Option<i64>,
}

/// The link annotations written as indirect objects, by object number.
#[derive(Debug, Default)]
pub(crate) struct Annots {
    by_id: BTreeMap<u32, Annot>,
}

impl Annots {
    /// Takes an object number for each of the `count` links of page `page` (object `page_id`),
    /// in order, each holding its place in `pdf` with a placeholder, and points the page's
    /// `/Annots` at them. The numbers, in order.
    pub(crate) fn reserve(&mut self, pdf: &mut lopdf::Document, page: usize, page_id: ObjectId, count: usize) -> Vec<ObjectId> {
        let ids: Vec<ObjectId> = (0..count).map(|_| pdf.add_object(Object::Null)).collect();
        for (link, id) in ids.iter().enumerate() {
            self.by_id.insert(id.0, Annot { page: page as u32, link: link as u32, key: None });
        }
        if let Ok(d) = pdf.get_dictionary_mut(page_id) {
            d.set("Annots", Object::Array(ids.iter().copied().map(Object::Reference).collect()));
        }
        ids
    }

    /// Gives annotation `id` its parent-tree key.
    pub(crate) fn set_key(&mut self, id: ObjectId, key: i64) {
        if let Some(a) = self.by_id.get_mut(&id.0) {
            a.key = Some(key);
        }
    }

    /// The dictionary of annotation object `n`, if it is one; `pages` are the page objects in
    /// order.
    pub(crate) fn dict(&self, n: u32, doc_pages: &[Page], pages: &[ObjectId]) -> Option<Dictionary> {
        let a = self.by_id.get(&n)?;
        let page = doc_pages.get(a.page as usize)?;
        let link = page.links.get(a.link as usize)?;
        let mut d = link_dict(link, page.height, doc_pages, pages);
        if let Some(key) = a.key {
            d.set("StructParent", Object::Integer(key));
        }
        Some(d)
    }
}

/// Puts every page's links in its `/Annots` as direct dictionaries (an untagged PDF).
pub(crate) fn direct(pdf: &mut lopdf::Document, doc_pages: &[Page], pages: &[ObjectId]) -> Result<(), lopdf::Error> {
    for (page, id) in doc_pages.iter().zip(pages) {
        let list = page.links.iter().map(|l| Object::Dictionary(link_dict(l, page.height, doc_pages, pages))).collect();
        pdf.get_dictionary_mut(*id)?.set("Annots", Object::Array(list));
    }
    Ok(())
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// The annotation of `link` on a page of height `h`; the target page's height flips its y.
fn link_dict(link: &LinkArea, h: f32, doc_pages: &[Page], pages: &[ObjectId]) -> Dictionary {
    let [x, y, w, rh] = super::pdf_rect(link.rect, h);
    let mut action = Dictionary::new();
    match &link.dest {
        LinkDest::Page { page, y: at } => {
            action.set("S", name("GoTo"));
            let top = doc_pages.get(*page).map_or(h, |p| p.height) - at;
            let target = pages.get(*page).copied().map_or(Object::Null, Object::Reference);
            action.set("D", Object::Array(vec![target, name("XYZ"), Object::Null, Object::Real(top), Object::Null]));
        }
        LinkDest::Uri(uri) => {
            action.set("S", name("URI"));
            action.set("URI", Object::String(uri.clone().into_bytes(), StringFormat::Literal));
        }
    }
    let mut d = Dictionary::new();
    d.set("Type", name("Annot"));
    d.set("Subtype", name("Link"));
    d.set("Rect", Object::Array(vec![Object::Real(x), Object::Real(y), Object::Real(x + w), Object::Real(y + rh)]));
    d.set("A", Object::Dictionary(action));
    d.set("Border", Object::Array(vec![Object::Real(0.0); 3]));
    d.set("C", Object::Array(Vec::new()));
    d.set("H", name("I"));
    d
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::model::Rect;
    use printpdf::{Actions, BorderArray, ColorArray, Destination, HighlightingMode, LinkAnnotation, Op, PdfDocument, PdfPage, PdfSaveOptions, Pt};

    /// The annotation as printpdf 0.12 made it from our links (what the writer did before).
    fn printpdf_annotation(link: &LinkArea, h: f32, heights: &[f32]) -> LinkAnnotation {
        let actions = match &link.dest {
            LinkDest::Page { page, y } => Actions::Goto(Destination::Xyz {
                page: page + 1,
                left: None,
                top: Some(heights.get(*page).copied().unwrap_or(h) - y),
                zoom: None,
            }),
            LinkDest::Uri(uri) => Actions::Uri(uri.clone()),
        };
        let [x, y, w, rh] = super::super::pdf_rect(link.rect, h);
        LinkAnnotation::new(
            printpdf::Rect::from_xywh(Pt(x), Pt(y), Pt(w), Pt(rh)),
            actions,
            Some(BorderArray::Solid([0.0, 0.0, 0.0])),
            Some(ColorArray::Transparent),
            Some(HighlightingMode::Invert),
        )
    }

    /// The dictionaries made here are exactly those printpdf made for the same links: internal
    /// (to a page of another height, and past the last page) and external ones.
    #[test]
    fn dictionaries_are_printpdfs() {
        let rect = Rect { x: 72.3, y: 100.7, w: 55.25, h: 12.1 };
        let links = vec![
            LinkArea { rect, dest: LinkDest::Page { page: 1, y: 33.3 }, tag: None },
            LinkArea { rect, dest: LinkDest::Page { page: 7, y: 10.0 }, tag: None },
            LinkArea { rect, dest: LinkDest::Uri("https://example.com/a(b)\\c".into()), tag: None },
        ];
        let pages = vec![
            Page { width: 500.0, height: 700.5, links, ..Page::default() },
            Page { width: 400.0, height: 600.25, ..Page::default() },
        ];
        let heights: Vec<f32> = pages.iter().map(|p| p.height).collect();
        let mut pdf = PdfDocument::new("t");
        pdf.pages = pages
            .iter()
            .map(|p| {
                let media = printpdf::Rect::from_wh(Pt(p.width), Pt(p.height));
                let ops = p.links.iter().map(|l| Op::LinkAnnotation { link: printpdf_annotation(l, p.height, &heights) }).collect();
                PdfPage { media_box: media.clone(), trim_box: media.clone(), crop_box: media, ops }
            })
            .collect();
        let opts = PdfSaveOptions { optimize: false, subset_fonts: false, secure: true, image_optimization: None };
        let lo = printpdf::serialize::to_lopdf_doc(&pdf, &opts, &mut Vec::new());
        let ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
        let theirs = lo.get_dictionary(ids[0]).unwrap().get(b"Annots").unwrap().as_array().unwrap().clone();
        assert_eq!(theirs.len(), 3);
        let ours: Vec<Object> = pages[0].links.iter().map(|l| Object::Dictionary(link_dict(l, pages[0].height, &pages, &ids))).collect();
        assert_eq!(ours, theirs);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        super::super::file::serialize(&mut a, &Object::Array(ours));
        super::super::file::serialize(&mut b, &Object::Array(theirs));
        assert_eq!(a, b);
    }

    /// A reserved annotation is made with its parent-tree key last; other numbers are not annotations.
    #[test]
    fn reserved_annotations_are_made_when_asked() {
        let rect = Rect { x: 1.0, y: 2.0, w: 3.0, h: 4.0 };
        let pages = vec![Page {
            width: 100.0,
            height: 200.0,
            links: vec![LinkArea { rect, dest: LinkDest::Uri("u".into()), tag: None }; 2],
            ..Page::default()
        }];
        let mut pdf = lopdf::Document::with_version("1.7");
        let page = pdf.add_object(Dictionary::from_iter(vec![("Annots", Object::Array(Vec::new()))]));
        let mut annots = Annots::default();
        let ids = annots.reserve(&mut pdf, 0, page, 2);
        assert_eq!(ids.len(), 2);
        annots.set_key(ids[1], 42);
        let refs = pdf.get_dictionary(page).unwrap().get(b"Annots").unwrap().as_array().unwrap().clone();
        assert_eq!(refs, ids.iter().map(|&i| Object::Reference(i)).collect::<Vec<_>>());
        let page_ids = [page];
        let first = annots.dict(ids[0].0, &pages, &page_ids).unwrap();
        assert!(first.get(b"StructParent").is_err());
        let second = annots.dict(ids[1].0, &pages, &page_ids).unwrap();
        assert_eq!(second.iter().last().map(|(k, v)| (k.clone(), v.as_i64().unwrap())), Some((b"StructParent".to_vec(), 42)));
        assert!(annots.dict(page.0, &pages, &page_ids).is_none());
    }
}
