//! The structure tree of a tagged PDF: one `StructElem` per element of the page model's
//! structure that has content (empty ones are left out), its marked-content kids by MCID, the
//! `StructTreeRoot` with a `ParentTree` (page `StructParents` → the element of each MCID),
//! `/MarkInfo <</Marked true>>`, and `/Tabs /S` on every page (tab order by structure).
//! `/Lang` and `/ViewerPreferences /DisplayDocTitle` are set for every PDF by `post`.
//!
//! The tree is planned against the lopdf document ([`structure`]: object numbers, the pages'
//! and annotations' keys) and serialised element by element straight into the file
//! ([`StructTree::write`]): a book's elements never exist as lopdf dictionaries all at once.

use lopdf::{Dictionary, Object, ObjectId};

use super::file::{write_dictionary, PdfFile};
use crate::model::{Role, StructElem, StructId};

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// The structure tree of a document, planned against its lopdf document (object numbers
/// taken, pages and annotations given their keys) and written by [`StructTree::write`]
/// straight into the file: no lopdf object per element is ever made.
pub(crate) struct StructTree {
    /// The `StructTreeRoot`'s object.
    root: ObjectId,
    /// The parent tree's object.
    parent_tree: ObjectId,
    /// The object of each element kept (`None`: left out, it has no content).
    ids: Vec<Option<ObjectId>>,
    /// The marked content of each element: (page, MCID), in page and MCID order.
    content: Vec<Vec<(u32, u32)>>,
    /// The elements inside each element, in order.
    children: Vec<Vec<u32>>,
    /// The link annotations of each element: (page, annotation object).
    annots: Vec<Vec<(u32, ObjectId)>>,
    /// The page objects, in order.
    pages: Vec<ObjectId>,
    /// The element of each MCID, per page.
    mcids: Vec<Vec<StructId>>,
    /// The parent-tree key of the first annotation (the keys after it go in element order).
    first_annot_key: i64,
}

/// Plans the structure tree for `structure`; `mcids[page][n]` is the element marked-content
/// sequence `n` of that page belongs to, `links[page][n]` the `Link` element of the page's
/// link annotation `n` (in the order of its `/Annots`). Sets what pages, annotations and the
/// catalog say about it; `None` when no element has content (nothing is tagged).
pub(crate) fn structure(
    pdf: &mut lopdf::Document,
    structure: &[StructElem],
    mcids: Vec<Vec<StructId>>,
    links: &[Vec<Option<StructId>>],
) -> Result<Option<StructTree>, lopdf::Error> {
    let n = structure.len();
    let pages: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    // Each tagged annotation: (page, annotation object), under its element; an OBJR kid of that
    // element and a ParentTree entry of its own (keys after the pages').
    let mut annots: Vec<Vec<(u32, ObjectId)>> = vec![Vec::new(); n];
    for (page, tags) in links.iter().enumerate() {
        let Some(pg) = pages.get(page) else { continue };
        let list = indirect_annots(pdf, *pg);
        for (annot, tag) in list.into_iter().zip(tags) {
            if let Some(a) = tag.and_then(|t| annots.get_mut(t.0 as usize)) {
                a.push((page as u32, annot));
            }
        }
    }
    // The marked content of each element, in page and MCID order.
    let mut content: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
    for (page, list) in mcids.iter().enumerate() {
        for (mcid, id) in list.iter().enumerate() {
            if let Some(c) = content.get_mut(id.0 as usize) {
                c.push((page as u32, mcid as u32));
            }
        }
    }
    // An element is kept when it or an element inside it has content (parents come first).
    let mut kept: Vec<bool> = content.iter().map(|c| !c.is_empty()).collect();
    for e in (0..n).rev() {
        if let Some(p) = structure[e].parent.map(|p| p.0 as usize).filter(|&p| p < e) {
            if kept[e] {
                kept[p] = true;
            }
        }
    }
    if !kept.first().copied().unwrap_or(false) {
        return Ok(None);
    }
    let mut children: Vec<Vec<u32>> = vec![Vec::new(); n];
    for e in 1..n {
        if let Some(p) = structure[e].parent.map(|p| p.0 as usize).filter(|&p| p < e && kept[e]) {
            children[p].push(e as u32);
        }
    }
    let root = pdf.new_object_id();
    let ids: Vec<Option<ObjectId>> = kept.iter().map(|&k| k.then(|| pdf.new_object_id())).collect();
    let parent_tree = pdf.new_object_id();
    // Annotations get their parent-tree keys after the pages', in element order.
    let first_annot_key = mcids.len() as i64;
    let mut key = first_annot_key;
    for (e, list) in annots.iter().enumerate() {
        if ids[e].is_none() {
            continue;
        }
        for &(page, annot) in list {
            if pages.get(page as usize).is_none() {
                continue;
            }
            if let Ok(a) = pdf.get_dictionary_mut(annot) {
                a.set("StructParent", Object::Integer(key));
            }
            key += 1;
        }
    }
    for (page, list) in mcids.iter().enumerate() {
        let Some(pg) = pages.get(page) else { continue };
        if let Ok(dict) = pdf.get_dictionary_mut(*pg) {
            dict.set("Tabs", name("S"));
            if !list.is_empty() {
                dict.set("StructParents", Object::Integer(page as i64));
            }
        }
    }
    let catalog = pdf.catalog_mut()?;
    catalog.set("StructTreeRoot", Object::Reference(root));
    catalog.set("MarkInfo", Object::Dictionary(Dictionary::from_iter(vec![("Marked", Object::Boolean(true))])));
    Ok(Some(StructTree { root, parent_tree, ids, content, children, annots, pages, mcids, first_annot_key }))
}

impl StructTree {
    /// Writes every element, the parent tree and the root into `file`.
    pub(crate) fn write<W: std::io::Write>(&self, structure: &[StructElem], file: &mut PdfFile<'_, W>) -> std::io::Result<()> {
        let mut key = self.first_annot_key;
        let mut annot_nums: Vec<(i64, ObjectId)> = Vec::new();
        let mut bytes = Vec::new();
        for (e, el) in structure.iter().enumerate() {
            let Some(id) = self.ids.get(e).copied().flatten() else { continue };
            let mut d = Dictionary::new();
            d.set("Type", name("StructElem"));
            d.set("S", name(&el.role.name()));
            let parent = el.parent.and_then(|p| self.ids.get(p.0 as usize).copied().flatten()).unwrap_or(self.root);
            d.set("P", Object::Reference(parent));
            // Kids: the element's own marked content (MCIDs on its /Pg page as numbers, others
            // as marked-content references), then the elements inside it.
            let first_page = self.content[e].first().map(|(p, _)| *p);
            if let Some(pg) = first_page.and_then(|p| self.pages.get(p as usize)) {
                d.set("Pg", Object::Reference(*pg));
            }
            let mut kids = Vec::with_capacity(self.content[e].len() + self.children[e].len());
            for &(page, mcid) in &self.content[e] {
                if Some(page) == first_page {
                    kids.push(Object::Integer(i64::from(mcid)));
                } else if let Some(pg) = self.pages.get(page as usize) {
                    let mut mcr = Dictionary::new();
                    mcr.set("Type", name("MCR"));
                    mcr.set("Pg", Object::Reference(*pg));
                    mcr.set("MCID", Object::Integer(i64::from(mcid)));
                    kids.push(Object::Dictionary(mcr));
                }
            }
            for &(page, annot) in &self.annots[e] {
                let Some(pg) = self.pages.get(page as usize) else { continue };
                let objr = Dictionary::from_iter(vec![("Type", name("OBJR")), ("Obj", Object::Reference(annot)), ("Pg", Object::Reference(*pg))]);
                kids.push(Object::Dictionary(objr));
                annot_nums.push((key, id));
                key += 1;
            }
            kids.extend(self.children[e].iter().filter_map(|&c| self.ids.get(c as usize).copied().flatten()).map(Object::Reference));
            d.set("K", Object::Array(kids));
            if let Some(alt) = &el.alt {
                d.set("Alt", super::post::text(alt));
            }
            if let Some(lang) = &el.lang {
                d.set("Lang", super::post::text(lang));
            }
            if el.role == Role::TH {
                let attrs = Dictionary::from_iter(vec![("O", name("Table")), ("Scope", name("Column"))]);
                d.set("A", Object::Dictionary(attrs));
            }
            bytes.clear();
            write_dictionary(&mut bytes, &d);
            file.serialized(id.0, &bytes)?;
        }
        // The parent tree: for each page with marked content, the element of each of its MCIDs,
        // then the element of each annotation.
        let reference = |out: &mut Vec<u8>, id: Option<ObjectId>| match id {
            Some((n, g)) => out.extend_from_slice(format!("{n} {g} R").as_bytes()),
            None => out.extend_from_slice(b"null"),
        };
        bytes.clear();
        bytes.extend_from_slice(b"<</Nums[");
        let mut first = true;
        for (page, list) in self.mcids.iter().enumerate() {
            if list.is_empty() || self.pages.get(page).is_none() {
                continue;
            }
            if !first {
                bytes.push(b' ');
            }
            first = false;
            bytes.extend_from_slice(format!("{page}[").as_bytes());
            for (i, id) in list.iter().enumerate() {
                if i > 0 {
                    bytes.push(b' ');
                }
                reference(&mut bytes, self.ids.get(id.0 as usize).copied().flatten());
            }
            bytes.push(b']');
        }
        for (key, id) in annot_nums {
            if !first {
                bytes.push(b' ');
            }
            first = false;
            bytes.extend_from_slice(format!("{key} ").as_bytes());
            reference(&mut bytes, Some(id));
        }
        bytes.extend_from_slice(b"]>>");
        file.serialized(self.parent_tree.0, &bytes)?;
        let mut tree = Dictionary::new();
        tree.set("Type", name("StructTreeRoot"));
        tree.set("K", self.ids.first().copied().flatten().map_or(Object::Null, Object::Reference));
        tree.set("ParentTree", Object::Reference(self.parent_tree));
        tree.set("ParentTreeNextKey", Object::Integer(key));
        bytes.clear();
        write_dictionary(&mut bytes, &tree);
        file.serialized(self.root.0, &bytes)
    }
}

/// The page's annotations as indirect objects, in `/Annots` order: printpdf writes them as
/// direct dictionaries, which an `OBJR` cannot name, so each becomes an object of its own.
fn indirect_annots(pdf: &mut lopdf::Document, page: ObjectId) -> Vec<ObjectId> {
    let Ok(Object::Array(list)) = pdf.get_dictionary(page).and_then(|d| d.get(b"Annots")).cloned() else { return Vec::new() };
    let mut ids = Vec::with_capacity(list.len());
    let mut refs = Vec::with_capacity(list.len());
    for o in list {
        let id = match o {
            Object::Reference(r) => r,
            other => pdf.add_object(other),
        };
        ids.push(id);
        refs.push(Object::Reference(id));
    }
    if let Ok(d) = pdf.get_dictionary_mut(page) {
        d.set("Annots", Object::Array(refs));
    }
    ids
}

/// Claims PDF/UA-1 in the XMP packet (`pdfuaid:part` 1); `dc:title`, `/DisplayDocTitle` and
/// `/Lang` are there for every PDF (see `post`).
pub(crate) fn ua_identification(pdf: &mut lopdf::Document) -> Result<(), lopdf::Error> {
    let id = pdf.catalog()?.get(b"Metadata")?.as_reference()?;
    let stream = pdf.get_object_mut(id)?.as_stream_mut()?;
    let xmp = String::from_utf8_lossy(&stream.content).into_owned();
    let ua = "<rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\
              <pdfuaid:part>1</pdfuaid:part></rdf:Description>";
    let out = xmp.replacen("</rdf:RDF>", &format!("{ua}</rdf:RDF>"), 1);
    stream.set_content(out.into_bytes());
    Ok(())
}
