//! The search index a preview keeps between rebuilds: the index by chapter
//! ([`SearchParts`]) and the script last written from it. After a chapter edit only the edited
//! chapters are indexed again and the script is written from the parts, copying the terms the
//! edit did not touch from the last script ([`SearchParts::write_js`]); a full render is given
//! the script instead of building the index ([`quire_html::Options::search_script`]).

use quire_core::{Book, ChapterId};
use quire_html::search_parts::{SearchParts, Updated};
use std::sync::Arc;

/// Which chapters' search entries may be out of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Stale {
    /// Only these (the book was patched: no other chapter changed).
    Chapters(Vec<ChapterId>),
    /// Any (the book was loaded whole: resolving may have changed text in other chapters).
    All,
}

impl Stale {
    /// Both `self` and `other` are owed.
    pub(super) fn and(self, other: Stale) -> Stale {
        match (self, other) {
            (Stale::Chapters(mut a), Stale::Chapters(b)) => {
                for id in b {
                    if !a.contains(&id) {
                        a.push(id);
                    }
                }
                Stale::Chapters(a)
            }
            _ => Stale::All,
        }
    }
}

/// The kept index and its script.
#[derive(Debug)]
pub(super) struct KeptIndex {
    parts: SearchParts,
    script: Arc<str>,
}

impl KeptIndex {
    /// Brings `kept` up to `book` (`stale`: which chapters may differ; `None` for a book not
    /// indexed before) and returns the script, or `None` when the site has no search. Also says
    /// how many chapters were indexed again (`None`: the whole book).
    pub(super) fn bring_up(kept: &mut Option<KeptIndex>, book: &Book, stale: &Stale) -> Option<(Arc<str>, Option<usize>)> {
        if book.config.output.html.search.enable == Some(false) {
            *kept = None;
            return None;
        }
        let Some(k) = kept.as_mut() else {
            let mut parts = SearchParts::new(book);
            let script = parts.write_js();
            *kept = Some(KeptIndex { parts, script: script.clone() });
            return Some((script, None));
        };
        let hint = match stale {
            Stale::Chapters(ids) => Some(ids.as_slice()),
            Stale::All => None,
        };
        let done = match k.parts.update(book, hint) {
            Updated::Chapters(0) => Some(0),
            Updated::Chapters(n) => {
                k.script = k.parts.write_js();
                Some(n)
            }
            Updated::Whole => {
                k.script = k.parts.write_js();
                None
            }
        };
        Some((k.script.clone(), done))
    }
}
