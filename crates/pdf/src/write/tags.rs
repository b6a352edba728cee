//! The structure tree of a tagged PDF: one `StructElem` per element of the page model's
//! structure that has content (empty ones are left out), its marked-content kids by MCID, the
//! `StructTreeRoot` with a `ParentTree` (page `StructParents` → the element of each MCID),
//! `/MarkInfo <</Marked true>>`, and `/Tabs /S` on every page (tab order by structure).
//! `/Lang` and `/ViewerPreferences /DisplayDocTitle` are set for every PDF by `post`.

use lopdf::{Dictionary, Object, ObjectId};

use crate::model::{Role, StructElem, StructId};

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// Adds the structure tree for `structure`; `mcids[page][n]` is the element marked-content
/// sequence `n` of that page belongs to, `links[page][n]` the `Link` element of the page's
/// link annotation `n` (in the order of its `/Annots`).
pub(crate) fn structure(
    pdf: &mut lopdf::Document,
    structure: &[StructElem],
    mcids: &[Vec<StructId>],
    links: &[Vec<Option<StructId>>],
) -> Result<(), lopdf::Error> {
    let n = structure.len();
    let pages: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    // Each tagged annotation: (page, annotation object, its element); an OBJR kid of that
    // element and a ParentTree entry of its own (keys after the pages').
    let mut annots: Vec<Vec<(usize, ObjectId)>> = vec![Vec::new(); n];
    for (page, tags) in links.iter().enumerate() {
        let Some(pg) = pages.get(page) else { continue };
        let list = indirect_annots(pdf, *pg);
        for (annot, tag) in list.into_iter().zip(tags) {
            if let Some(a) = tag.and_then(|t| annots.get_mut(t.0 as usize)) {
                a.push((page, annot));
            }
        }
    }
    // The marked content of each element, in page and MCID order.
    let mut content: Vec<Vec<(usize, i64)>> = vec![Vec::new(); n];
    for (page, list) in mcids.iter().enumerate() {
        for (mcid, id) in list.iter().enumerate() {
            if let Some(c) = content.get_mut(id.0 as usize) {
                c.push((page, mcid as i64));
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
        return Ok(());
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in 1..n {
        if let Some(p) = structure[e].parent.map(|p| p.0 as usize).filter(|&p| p < e && kept[e]) {
            children[p].push(e);
        }
    }
    let mut parent_key = mcids.len() as i64;
    let mut annot_nums: Vec<(i64, ObjectId)> = Vec::new();
    let root = pdf.new_object_id();
    let ids: Vec<Option<ObjectId>> = kept.iter().map(|&k| k.then(|| pdf.new_object_id())).collect();
    for e in 0..n {
        let Some(id) = ids[e] else { continue };
        let el = &structure[e];
        let mut d = Dictionary::new();
        d.set("Type", name("StructElem"));
        d.set("S", name(&el.role.name()));
        let parent = el.parent.and_then(|p| ids.get(p.0 as usize).copied().flatten()).unwrap_or(root);
        d.set("P", Object::Reference(parent));
        // Kids: the element's own marked content (MCIDs on its /Pg page as numbers, others as
        // marked-content references), then the elements inside it.
        let first_page = content[e].first().map(|(p, _)| *p);
        if let Some(pg) = first_page.and_then(|p| pages.get(p)) {
            d.set("Pg", Object::Reference(*pg));
        }
        let mut kids = Vec::with_capacity(content[e].len() + children[e].len());
        for &(page, mcid) in &content[e] {
            if Some(page) == first_page {
                kids.push(Object::Integer(mcid));
            } else if let Some(pg) = pages.get(page) {
                let mut mcr = Dictionary::new();
                mcr.set("Type", name("MCR"));
                mcr.set("Pg", Object::Reference(*pg));
                mcr.set("MCID", Object::Integer(mcid));
                kids.push(Object::Dictionary(mcr));
            }
        }
        for &(page, annot) in &annots[e] {
            let Some(pg) = pages.get(page) else { continue };
            let key = parent_key;
            parent_key += 1;
            if let Ok(a) = pdf.get_dictionary_mut(annot) {
                a.set("StructParent", Object::Integer(key));
            }
            let objr = Dictionary::from_iter(vec![("Type", name("OBJR")), ("Obj", Object::Reference(annot)), ("Pg", Object::Reference(*pg))]);
            kids.push(Object::Dictionary(objr));
            annot_nums.push((key, id));
        }
        kids.extend(children[e].iter().filter_map(|&c| ids[c]).map(Object::Reference));
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
        pdf.objects.insert(id, Object::Dictionary(d));
    }
    // The parent tree: for each page with marked content, the element of each of its MCIDs.
    let mut nums = Vec::new();
    for (page, list) in mcids.iter().enumerate() {
        let Some(pg) = pages.get(page) else { continue };
        if let Ok(dict) = pdf.get_dictionary_mut(*pg) {
            dict.set("Tabs", name("S"));
            if !list.is_empty() {
                dict.set("StructParents", Object::Integer(page as i64));
            }
        }
        if list.is_empty() {
            continue;
        }
        let refs = list.iter().map(|id| ids.get(id.0 as usize).copied().flatten().map_or(Object::Null, Object::Reference)).collect();
        nums.push(Object::Integer(page as i64));
        nums.push(Object::Array(refs));
    }
    for (key, id) in annot_nums {
        nums.push(Object::Integer(key));
        nums.push(Object::Reference(id));
    }
    let parent_tree = pdf.add_object(Dictionary::from_iter(vec![("Nums", Object::Array(nums))]));
    let mut tree = Dictionary::new();
    tree.set("Type", name("StructTreeRoot"));
    tree.set("K", ids[0].map_or(Object::Null, Object::Reference));
    tree.set("ParentTree", Object::Reference(parent_tree));
    tree.set("ParentTreeNextKey", Object::Integer(parent_key));
    pdf.objects.insert(root, Object::Dictionary(tree));
    let catalog = pdf.catalog_mut()?;
    catalog.set("StructTreeRoot", Object::Reference(root));
    catalog.set("MarkInfo", Object::Dictionary(Dictionary::from_iter(vec![("Marked", Object::Boolean(true))])));
    Ok(())
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
