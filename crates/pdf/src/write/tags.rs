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
use super::links::Annots;
use crate::model::{Role, StructElem, StructId};

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// The structure tree of a document, planned against its lopdf document (object numbers
/// taken, pages and annotations given their keys) and written by [`StructTree::write`]
/// straight into the file: no lopdf object per element is ever made. A book has hundreds of
/// thousands of elements, so what is kept per element is flat: each list below is one vector
/// sorted by element with the start of each element's run in an offset table (no vector per
/// element).
pub(crate) struct StructTree {
    /// The `StructTreeRoot`'s object.
    root: ObjectId,
    /// The parent tree's object.
    parent_tree: ObjectId,
    /// The object number of each element kept (0: left out, it has no content; the
    /// generation is always 0).
    ids: Vec<u32>,
    /// The marked content of each element: (page, MCID), in page and MCID order.
    content: Runs<(u32, u32)>,
    /// The elements inside each element, in order.
    children: Runs<u32>,
    /// The link annotations of each element: (page, annotation object).
    annots: Runs<(u32, ObjectId)>,
    /// The page objects, in order.
    pages: Vec<ObjectId>,
    /// The element of each MCID, per page.
    mcids: Vec<Vec<StructId>>,
    /// The parent-tree key of the first annotation (the keys after it go in element order).
    first_annot_key: i64,
}

/// Values grouped by element: element `e`'s are `values[start[e]..start[e + 1]]`.
struct Runs<T> {
    start: Vec<u32>,
    values: Vec<T>,
}

impl<T: Copy + Default> Runs<T> {
    /// Groups `(element, value)` pairs (each element below `n`; others are dropped) by element,
    /// keeping their order within an element (a counting sort: linear).
    fn group(n: usize, pairs: impl Iterator<Item = (usize, T)> + Clone) -> Self {
        let mut start = vec![0u32; n + 1];
        for (e, _) in pairs.clone() {
            if e < n {
                start[e + 1] += 1;
            }
        }
        for e in 0..n {
            start[e + 1] += start[e];
        }
        let mut next: Vec<u32> = start[..n].to_vec();
        let mut values: Vec<T> = vec![T::default(); start[n] as usize];
        for (e, v) in pairs {
            if let Some(at) = next.get_mut(e) {
                if let Some(slot) = values.get_mut(*at as usize) {
                    *slot = v;
                }
                *at += 1;
            }
        }
        Runs { start, values }
    }

    /// Element `e`'s values.
    fn of(&self, e: usize) -> &[T] {
        match (self.start.get(e), e.checked_add(1).and_then(|n| self.start.get(n))) {
            (Some(&a), Some(&b)) => self.values.get(a as usize..b as usize).unwrap_or_default(),
            _ => &[],
        }
    }
}

/// Plans the structure tree for `structure`; `mcids[page][n]` is the element marked-content
/// sequence `n` of that page belongs to, `links[page][n]` the `Link` element of the page's
/// link annotation `n`. Each annotation of those pages is made an indirect object (an `OBJR`
/// must name it; see [`Annots`]). Sets what pages, annotations and the catalog say about it;
/// `None` when no element has content (nothing is tagged).
pub(crate) fn structure(
    pdf: &mut lopdf::Document,
    structure: &[StructElem],
    mcids: Vec<Vec<StructId>>,
    links: &[Vec<Option<StructId>>],
    annot_objects: &mut Annots,
) -> Result<Option<StructTree>, lopdf::Error> {
    let n = structure.len();
    let pages: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    // Each tagged annotation: (element, (page, annotation object)); an OBJR kid of that element
    // and a ParentTree entry of its own (keys after the pages').
    let mut tagged_annots: Vec<(usize, (u32, ObjectId))> = Vec::new();
    for (page, tags) in links.iter().enumerate() {
        let Some(pg) = pages.get(page) else { continue };
        let list = annot_objects.reserve(pdf, page, *pg, tags.len());
        for (annot, tag) in list.into_iter().zip(tags) {
            if let Some(t) = tag.filter(|t| (t.0 as usize) < n) {
                tagged_annots.push((t.0 as usize, (page as u32, annot)));
            }
        }
    }
    let annots = Runs::group(n, tagged_annots.iter().copied());
    drop(tagged_annots);
    // The marked content of each element, in page and MCID order.
    let content = Runs::group(
        n,
        mcids.iter().enumerate().flat_map(|(page, list)| list.iter().enumerate().map(move |(mcid, id)| (id.0 as usize, (page as u32, mcid as u32)))),
    );
    // An element is kept when it or an element inside it has content (parents come first).
    let mut kept: Vec<bool> = (0..n).map(|e| !content.of(e).is_empty()).collect();
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
    let children = Runs::group(
        n,
        (1..n).filter_map(|e| structure[e].parent.map(|p| p.0 as usize).filter(|&p| p < e && kept[e]).map(|p| (p, e as u32))),
    );
    let root = pdf.new_object_id();
    let ids: Vec<u32> = kept.iter().map(|&k| if k { pdf.new_object_id().0 } else { 0 }).collect();
    drop(kept);
    let parent_tree = pdf.new_object_id();
    // Annotations get their parent-tree keys after the pages', in element order.
    let first_annot_key = mcids.len() as i64;
    let mut key = first_annot_key;
    for (e, &id) in ids.iter().enumerate() {
        if id == 0 {
            continue;
        }
        for &(page, annot) in annots.of(e) {
            if pages.get(page as usize).is_none() {
                continue;
            }
            annot_objects.set_key(annot, key);
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
    /// The object of element `e`, if it is kept.
    fn id(&self, e: usize) -> Option<ObjectId> {
        self.ids.get(e).copied().filter(|&n| n != 0).map(|n| (n, 0))
    }

    /// Writes every element, the parent tree and the root into `file`.
    pub(crate) fn write<W: std::io::Write>(&self, structure: &[StructElem], file: &mut PdfFile<'_, W>) -> std::io::Result<()> {
        let mut key = self.first_annot_key;
        let mut annot_nums: Vec<(i64, ObjectId)> = Vec::new();
        let mut bytes = Vec::new();
        for (e, el) in structure.iter().enumerate() {
            let Some(id) = self.id(e) else { continue };
            let mut d = Dictionary::new();
            d.set("Type", name("StructElem"));
            d.set("S", name(&el.role.name()));
            let parent = el.parent.and_then(|p| self.id(p.0 as usize)).unwrap_or(self.root);
            d.set("P", Object::Reference(parent));
            // Kids: the element's own marked content (MCIDs on its /Pg page as numbers, others
            // as marked-content references), then the elements inside it.
            let (content, annots, children) = (self.content.of(e), self.annots.of(e), self.children.of(e));
            let first_page = content.first().map(|(p, _)| *p);
            if let Some(pg) = first_page.and_then(|p| self.pages.get(p as usize)) {
                d.set("Pg", Object::Reference(*pg));
            }
            let mut kids = Vec::with_capacity(content.len() + children.len());
            for &(page, mcid) in content {
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
            for &(page, annot) in annots {
                let Some(pg) = self.pages.get(page as usize) else { continue };
                let objr = Dictionary::from_iter(vec![("Type", name("OBJR")), ("Obj", Object::Reference(annot)), ("Pg", Object::Reference(*pg))]);
                kids.push(Object::Dictionary(objr));
                annot_nums.push((key, id));
                key += 1;
            }
            kids.extend(children.iter().filter_map(|&c| self.id(c as usize)).map(Object::Reference));
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
                reference(&mut bytes, self.id(id.0 as usize));
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
        tree.set("K", self.id(0).map_or(Object::Null, Object::Reference));
        tree.set("ParentTree", Object::Reference(self.parent_tree));
        tree.set("ParentTreeNextKey", Object::Integer(key));
        bytes.clear();
        write_dictionary(&mut bytes, &tree);
        file.serialized(self.root.0, &bytes)
    }
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// Values are grouped by element in the order they came (a stable counting sort); an
    /// element out of range is dropped, one without values has none.
    #[test]
    fn runs_group_in_order() {
        let pairs = vec![(2, 'a'), (0, 'b'), (2, 'c'), (9, 'x'), (0, 'd'), (3, 'e')];
        let runs = Runs::group(4, pairs.iter().copied());
        assert_eq!(runs.of(0), &['b', 'd']);
        assert_eq!(runs.of(1), &[] as &[char]);
        assert_eq!(runs.of(2), &['a', 'c']);
        assert_eq!(runs.of(3), &['e']);
        assert_eq!(runs.of(4), &[] as &[char]);
        assert_eq!(runs.of(usize::MAX), &[] as &[char]);
    }
}
