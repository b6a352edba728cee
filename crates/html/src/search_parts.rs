//! The site's search index kept by chapter, so that a preview (`publish serve`) brings it up to
//! date after an edit by re-indexing only the chapters whose searchable text changed, then
//! writing the script again from the parts, instead of cutting and tokenising the whole book.
//!
//! [`SearchParts::to_js`] is byte for byte the script [`crate::search::index_js`] makes for the
//! same book (the index format is one file: a page loads it whole). What it keeps per chapter:
//! its sections (to tell whether an edit changed them), its documents already written as JSON,
//! and which terms it holds; book-wide, each term's postings by chapter, with document numbers
//! local to the chapter (a chapter that gains a section renumbers the documents after it when
//! the script is written, with nothing indexed again).

use crate::links::page_path;
use crate::search::{chapter_postings, chapter_sections, doc_of, push_script_safe, searchable_chapters, SearchSettings, Section, JS_VARIABLE};
use quire_core::{Book, ChapterId};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One chapter's postings of one term: `(document number within the chapter, weight)`.
type Local = Box<[(u32, u32)]>;

/// A term and its postings by chapter, as [`SearchParts::to_js`] writes them.
type TermEntry<'a> = (&'a Arc<str>, &'a Vec<(u32, Local)>);

/// The search index of a book, by chapter (see the module docs).
#[derive(Debug, Clone)]
pub struct SearchParts {
    settings: SearchSettings,
    /// The searchable chapters, in reading order.
    parts: Vec<Part>,
    /// Term → the chapters (their index in `parts`, ascending) that hold it, with its postings
    /// there.
    terms: BTreeMap<Arc<str>, Term>,
    /// The script [`SearchParts::write_js`] wrote last, and the first document number of each
    /// chapter in it: the terms whose postings did not change since are copied from it.
    last: Option<(Arc<str>, Vec<u32>)>,
}

/// A term's postings by chapter, and where [`SearchParts::write_js`] last wrote them.
#[derive(Debug, Clone, Default)]
struct Term {
    /// `(chapter, postings)`, chapters ascending.
    chapters: Vec<(u32, Local)>,
    /// The bytes of `"term":[…]` in the last script; `None` when not written since a change.
    written: Option<std::ops::Range<usize>>,
}

/// One searchable chapter's share of the index.
#[derive(Debug, Clone)]
struct Part {
    id: ChapterId,
    /// The chapter's page path.
    page: String,
    /// What the index was made from: when a reload gives the same, nothing is indexed again.
    sections: Vec<Section>,
    /// Its documents as the index's JSON writes them (script-safe), `,`-separated.
    docs_json: String,
    /// The terms it holds (keys of [`SearchParts::terms`]).
    terms: Vec<Arc<str>>,
}

/// A chapter indexed anew, before it is put into the parts.
struct Fresh {
    part: Part,
    postings: Vec<(String, Local)>,
}

/// What [`SearchParts::update`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Updated {
    /// These many chapters were indexed again (0: the index is as it was).
    Chapters(usize),
    /// The whole book was indexed again (the searchable chapters, their pages or the search
    /// settings changed).
    Whole,
}

impl SearchParts {
    /// Indexes every searchable chapter of `book` (in parallel).
    pub fn new(book: &Book) -> SearchParts {
        let settings = SearchSettings::of(book);
        let live = searchable_chapters(book);
        let fresh: Vec<Fresh> = live.par_iter().map(|ch| index_chapter(book, ch, chapter_sections(ch, settings.split_level), &settings)).collect();
        let mut parts = SearchParts { settings, parts: Vec::with_capacity(fresh.len()), terms: BTreeMap::new(), last: None };
        for (slot, f) in fresh.into_iter().enumerate() {
            parts.parts.push(Part { id: f.part.id, page: String::new(), sections: Vec::new(), docs_json: String::new(), terms: Vec::new() });
            parts.put(slot, f);
        }
        parts
    }

    /// Brings the index up to `book`, a later version of the book it was made from. `changed`:
    /// the only chapters whose content may differ (a patched book), or `None` to look at every
    /// chapter (a book loaded whole). A chapter is indexed again only when its sections or page
    /// differ; a change to the searchable chapters or the search settings indexes everything.
    pub fn update(&mut self, book: &Book, changed: Option<&[ChapterId]>) -> Updated {
        let settings = SearchSettings::of(book);
        let live = searchable_chapters(book);
        let same_chapters = settings == self.settings && live.len() == self.parts.len() && live.iter().zip(&self.parts).all(|(c, p)| c.id == p.id);
        if !same_chapters {
            *self = SearchParts::new(book);
            return Updated::Whole;
        }
        let wanted: Vec<usize> = match changed {
            Some(ids) => (0..live.len()).filter(|&i| ids.contains(&live[i].id)).collect(),
            None => (0..live.len()).collect(),
        };
        let split = self.settings.split_level;
        let fresh: Vec<(usize, Fresh)> = wanted
            .par_iter()
            .filter_map(|&slot| {
                let ch = live[slot];
                let sections = chapter_sections(ch, split);
                let old = &self.parts[slot];
                if old.sections == sections && old.page == page_path(book, ch) {
                    return None;
                }
                Some((slot, index_chapter(book, ch, sections, &self.settings)))
            })
            .collect();
        let n = fresh.len();
        for (slot, f) in fresh {
            self.put(slot, f);
        }
        Updated::Chapters(n)
    }

    /// Puts a chapter indexed anew at `slot`, taking its old postings out.
    fn put(&mut self, slot: usize, fresh: Fresh) {
        let Some(old) = self.parts.get_mut(slot) else { return };
        let at = slot as u32;
        for t in std::mem::take(&mut old.terms) {
            let Some(term) = self.terms.get_mut(&t) else { continue };
            term.written = None;
            if let Ok(i) = term.chapters.binary_search_by_key(&at, |(s, _)| *s) {
                term.chapters.remove(i);
            }
            if term.chapters.is_empty() {
                self.terms.remove(&t);
            }
        }
        let mut keys = Vec::with_capacity(fresh.postings.len());
        for (t, postings) in fresh.postings {
            let key = match self.terms.get_key_value(t.as_str()) {
                Some((k, _)) => k.clone(),
                None => Arc::from(t),
            };
            let term = self.terms.entry(key.clone()).or_default();
            term.written = None;
            let list = &mut term.chapters;
            match list.binary_search_by_key(&at, |(s, _)| *s) {
                Ok(i) => list[i].1 = postings,
                Err(i) => list.insert(i, (at, postings)),
            }
            keys.push(key);
        }
        *old = Part { terms: keys, ..fresh.part };
    }

    /// The index script: the same bytes as [`crate::search::index_js`] for the book last given.
    /// The documents are the parts' JSON joined; the terms are written in slices on every core
    /// (each term's postings renumbered by the documents before its chapters), joined in order.
    pub fn to_js(&self) -> String {
        self.to_js_in(TERMS_PER_TASK)
    }

    /// The script, as [`SearchParts::to_js`] writes it, written by copying what did not change
    /// from the script this method wrote last: the documents are the parts' JSON joined, and each
    /// term whose postings did not change since (and whose chapters' documents kept their
    /// numbers) is copied as it was, runs of them at once; only the terms an edit touched are
    /// written. The first call, and one after the documents were renumbered (a chapter gained or
    /// lost a section), write every term.
    pub fn write_js(&mut self) -> Arc<str> {
        let first = self.first_documents();
        let old = match self.last.take() {
            Some((script, was)) if was == first => Some(script),
            _ => None,
        };
        let docs = self.docs_json();
        let mut out = String::with_capacity(old.as_ref().map_or(docs.len() * 3, |o| o.len() + o.len() / 64) + 64);
        out.push_str(JS_VARIABLE);
        out.push_str(" = {\"docs\":[");
        out.push_str(&docs);
        drop(docs);
        out.push_str("],\"terms\":{");
        let mut num = itoa::Buffer::new();
        // The run of unchanged terms being copied: its bytes in the old script, and how far the
        // new script is ahead of the old one there.
        let mut run: Option<(std::ops::Range<usize>, isize)> = None;
        for (i, (key, term)) in self.terms.iter_mut().enumerate() {
            let kept = match (&old, &term.written) {
                (Some(_), Some(r)) => Some(r.clone()),
                _ => None,
            };
            if let (Some(r), Some((span, shift))) = (&kept, run.as_mut()) {
                // The next term of the old script (after its `,`): the run goes on.
                if span.end + 1 == r.start {
                    span.end = r.end;
                    term.written = Some(shift_range(r, *shift));
                    continue;
                }
            }
            if let (Some((span, _)), Some(o)) = (run.take(), &old) {
                out.push_str(&o[span]);
            }
            if i > 0 {
                out.push(',');
            }
            match kept {
                Some(r) => {
                    let shift = out.len() as isize - r.start as isize;
                    term.written = Some(shift_range(&r, shift));
                    run = Some((r, shift));
                }
                None => {
                    let start = out.len();
                    write_term(&mut out, key, &term.chapters, &first, &mut num);
                    term.written = Some(start..out.len());
                }
            }
        }
        if let (Some((span, _)), Some(o)) = (run.take(), &old) {
            out.push_str(&o[span]);
        }
        out.push_str("}};\n");
        let script: Arc<str> = out.into();
        self.last = Some((script.clone(), first));
        script
    }

    /// The first document number of each chapter.
    fn first_documents(&self) -> Vec<u32> {
        let mut first = Vec::with_capacity(self.parts.len());
        let mut n = 0u32;
        for p in &self.parts {
            first.push(n);
            n += p.sections.len() as u32;
        }
        first
    }

    /// The documents: the parts' JSON joined.
    fn docs_json(&self) -> String {
        let mut out = String::with_capacity(self.parts.iter().map(|p| p.docs_json.len() + 1).sum());
        for (i, p) in self.parts.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&p.docs_json);
        }
        out
    }

    /// [`SearchParts::to_js`], `per_task` terms written by each task.
    fn to_js_in(&self, per_task: usize) -> String {
        let first = self.first_documents();
        let terms: Vec<TermEntry<'_>> = self.terms.iter().map(|(k, t)| (k, &t.chapters)).collect();
        let (docs, terms) = rayon::join(|| self.docs_json(), || terms.par_chunks(per_task.max(1)).map(|chunk| write_terms(chunk, &first)).collect::<Vec<String>>());
        let mut out = String::with_capacity(JS_VARIABLE.len() + docs.len() + terms.iter().map(String::len).sum::<usize>() + 32);
        out.push_str(JS_VARIABLE);
        out.push_str(" = {\"docs\":[");
        out.push_str(&docs);
        drop(docs);
        out.push_str("],\"terms\":{");
        for (i, t) in terms.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(t);
        }
        out.push_str("}};\n");
        out
    }
}

/// Terms written by one task of [`SearchParts::to_js`].
const TERMS_PER_TASK: usize = 16 * 1024;

/// `"term":[[doc,weight],…]` for each term, `,`-separated, as serde_json writes a map entry
/// (script-safe); documents numbered from `first[chapter]`.
fn write_terms(terms: &[TermEntry<'_>], first: &[u32]) -> String {
    let mut out = String::with_capacity(terms.len() * 40);
    let mut num = itoa::Buffer::new();
    for (i, (t, chapters)) in terms.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_term(&mut out, t, chapters, first, &mut num);
    }
    out
}

/// A range moved by `shift` bytes.
fn shift_range(r: &std::ops::Range<usize>, shift: isize) -> std::ops::Range<usize> {
    r.start.saturating_add_signed(shift)..r.end.saturating_add_signed(shift)
}

/// `"term":[[doc,weight],…]` for one term (see [`write_terms`]).
fn write_term(out: &mut String, t: &Arc<str>, chapters: &[(u32, Local)], first: &[u32], num: &mut itoa::Buffer) {
    // Terms are letters, digits, `_` and CJK text: nothing to escape, but stay exact if not.
    if t.chars().all(|c| c.is_alphanumeric() || c == '_') {
        out.push('"');
        out.push_str(t);
        out.push('"');
    } else {
        push_script_safe(out, &serde_json::to_string(&**t).unwrap_or_else(|_| "\"\"".into()));
    }
    out.push_str(":[");
    let mut sep = false;
    for (slot, list) in chapters.iter() {
        let base = first.get(*slot as usize).copied().unwrap_or(0);
        for (d, w) in list.iter() {
            if sep {
                out.push(',');
            }
            sep = true;
            out.push('[');
            out.push_str(num.format(base + d));
            out.push(',');
            out.push_str(num.format(*w));
            out.push(']');
        }
    }
    out.push(']');
}

/// Indexes one chapter: its documents as JSON and its postings, numbered within the chapter.
fn index_chapter(book: &Book, ch: &quire_core::Chapter, sections: Vec<Section>, settings: &SearchSettings) -> Fresh {
    let page = page_path(book, ch);
    let mut docs_json = String::new();
    for (i, s) in sections.iter().enumerate() {
        if i > 0 {
            docs_json.push(',');
        }
        let json = serde_json::to_string(&doc_of(&page, s)).unwrap_or_else(|_| "{}".into());
        push_script_safe(&mut docs_json, &json);
    }
    let postings = chapter_postings(&sections, 0, settings).into_iter().map(|(t, list)| (t.into_owned(), list.into_boxed_slice())).collect();
    Fresh { part: Part { id: ch.id, page, sections, docs_json, terms: Vec::new() }, postings }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::search::{index_js, SearchIndex};
    use quire_core::ast::{Block, BlockKind, Inline};
    use quire_highlight::BuildCache;

    fn para(text: &str) -> Block {
        Block { kind: BlockKind::Paragraph(vec![Inline::text(text, quire_core::Span::default())]), span: quire_core::Span::default() }
    }

    fn heading(text: &str) -> Block {
        let sp = quire_core::Span::default();
        Block { kind: BlockKind::Heading { level: 2, id: text.to_lowercase(), classes: vec![], number: None, inlines: vec![Inline::text(text, sp)], from_html: false }, span: sp }
    }

    /// The script a whole build makes, without the cache.
    fn whole(book: &Book) -> String {
        index_js(book, &BuildCache::new())
    }

    #[test]
    fn the_parts_write_the_script_a_whole_build_writes() {
        let book = crate::testbook::book();
        let parts = SearchParts::new(&book);
        assert_eq!(parts.to_js(), whole(&book));
        assert_eq!(parts.to_js(), SearchIndex::build(&book).to_js());
        assert_eq!(parts.to_js_in(2), parts.to_js(), "the terms written in slices are joined in order");
        // A book with nothing searchable: `[]` and `{}`, as serde_json writes them.
        let mut empty = book.clone();
        empty.chapters.retain(|c| c.draft);
        assert_eq!(SearchParts::new(&empty).to_js(), whole(&empty));
    }

    #[test]
    fn an_edit_reindexes_only_its_chapter_and_gives_the_whole_builds_script() {
        let mut book = crate::testbook::book();
        let mut parts = SearchParts::new(&book);
        // A new word, and a section more: the documents after it are renumbered.
        book.chapters[1].blocks.push(para("Quokka </script> \u{2028} words"));
        book.chapters[1].blocks.push(heading("Wombat"));
        book.chapters[1].blocks.push(para("burrow 调度 again"));
        assert_eq!(parts.update(&book, Some(&[ChapterId(1)])), Updated::Chapters(1));
        let js = parts.to_js();
        assert_eq!(js, whole(&book));
        assert!(js.contains("\"quokka\"") && js.contains("wombat"), "the new words are indexed");
        // A word taken out of the only chapter that had it is no term any more.
        book.chapters[1].blocks.truncate(2);
        assert_eq!(parts.update(&book, None), Updated::Chapters(1), "the other chapters are the same: not indexed again");
        assert_eq!(parts.to_js(), whole(&book));
        assert!(!parts.to_js().contains("quokka"));
        // The same book: nothing to do.
        assert_eq!(parts.update(&book, None), Updated::Chapters(0));
        // A chapter's title is in its sections (and in the other chapters' pager, not here).
        book.chapters[2].title = "Renamed 标题".into();
        assert_eq!(parts.update(&book, None), Updated::Chapters(1));
        assert_eq!(parts.to_js(), whole(&book));
    }

    #[test]
    fn the_script_written_from_the_last_one_is_the_whole_builds() {
        let mut book = crate::testbook::book();
        let mut parts = SearchParts::new(&book);
        assert_eq!(&*parts.write_js(), whole(&book), "the first script: every term written");
        // A new word, a word in more chapters, a word gone: only those terms written.
        book.chapters[1].blocks.push(para("Quokka numbat </script> 调度"));
        parts.update(&book, Some(&[ChapterId(1)]));
        assert_eq!(&*parts.write_js(), whole(&book));
        let kept = parts.terms.values().filter(|t| t.written.is_some()).count();
        assert_eq!(kept, parts.terms.len(), "every term's place is known");
        book.chapters[2].blocks.push(para("numbat again, and a zzzz at the end"));
        parts.update(&book, Some(&[ChapterId(2)]));
        assert_eq!(&*parts.write_js(), whole(&book));
        book.chapters[1].blocks.pop();
        parts.update(&book, Some(&[ChapterId(1)]));
        assert_eq!(&*parts.write_js(), whole(&book), "quokka is no term any more");
        // A section more: the documents after it are renumbered, every term written again.
        book.chapters[1].blocks.push(heading("Wombat"));
        parts.update(&book, Some(&[ChapterId(1)]));
        assert_eq!(&*parts.write_js(), whole(&book));
        // Nothing changed: the same bytes, copied.
        assert_eq!(&*parts.write_js(), whole(&book));
        assert_eq!(&*parts.write_js(), parts.to_js());
    }

    #[test]
    fn new_settings_or_chapters_index_everything() {
        let mut book = crate::testbook::book();
        let mut parts = SearchParts::new(&book);
        book.config.output.html.search.boost_title = Some(7);
        assert_eq!(parts.update(&book, Some(&[])), Updated::Whole);
        assert_eq!(parts.to_js(), whole(&book));
        book.chapters[3].draft = false;
        book.chapters[3].source_path = Some("draft.md".into());
        book.chapters[3].blocks.push(para("no longer a draft"));
        assert_eq!(parts.update(&book, None), Updated::Whole);
        assert_eq!(parts.to_js(), whole(&book));
    }

    #[test]
    fn chapters_not_named_are_not_looked_at() {
        let mut book = crate::testbook::book();
        let mut parts = SearchParts::new(&book);
        let before = parts.to_js();
        book.chapters[0].blocks.push(para("unseen"));
        assert_eq!(parts.update(&book, Some(&[ChapterId(1)])), Updated::Chapters(0), "chapter 1 is as it was");
        assert_eq!(parts.to_js(), before, "chapter 0 was not named");
    }
}
