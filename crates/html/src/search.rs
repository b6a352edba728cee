//! The build-time search index and a Rust query engine that ranks exactly like the site's
//! JavaScript client (`theme/book.js`), so tests can search a built site without a browser.
//!
//! Each chapter is cut into sections at its headings; a section is a document with the page,
//! the heading anchor to jump to, a title and its plain text. Terms are lower-cased Latin words
//! and, for Chinese/Japanese text, character bigrams (a lone CJK character is its own term).
//! The index is shipped as a script (`searchindex-<hash>.js` setting
//! `window.QUIRE_SEARCH_INDEX`) so the search works from `file://` without `fetch`.

use crate::links::page_path;
use quire_core::ast::{plain_text, Block, BlockKind};
use quire_highlight::BuildCache;
use quire_core::Book;
use quire_core::script::is_indexed_as_bigrams;
use quire_xhtml::escape;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap};

/// The variable the index script assigns.
pub const JS_VARIABLE: &str = "window.QUIRE_SEARCH_INDEX";

/// Longest stored text of one section (for snippets), in bytes.
const MAX_DOC_TEXT: usize = 20_000;

/// Words in a snippet when `teaser-word-count` is unset (mdBook's default).
pub const DEFAULT_TEASER_WORDS: usize = 30;

/// `[output.html.search]` as the index and the query read it (mdBook's keys; unset ones keep
/// Quire's defaults).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchSettings {
    /// Most hits a query returns (`limit-results`).
    #[serde(rename = "limit")]
    pub limit: usize,
    /// Words in a snippet (`teaser-word-count`); a word of Chinese, Japanese or Korean text is
    /// two characters.
    #[serde(rename = "teaser")]
    pub teaser_words: usize,
    /// `use-boolean-and`: `Some(true)` every query word, `Some(false)` any of them; `None`: every
    /// word, else any when no section has every word.
    #[serde(rename = "and")]
    pub boolean_and: Option<bool>,
    /// A query word also finds the words it begins (`expand`).
    pub expand: bool,
    /// Weight of a match in a section's heading (`boost-title`).
    #[serde(skip)]
    pub boost_title: u32,
    /// Weight of a match in the chapter title above a section (`boost-hierarchy`).
    #[serde(skip)]
    pub boost_hierarchy: u32,
    /// Weight of a match in a section's text (`boost-paragraph`).
    #[serde(skip)]
    pub boost_paragraph: u32,
    /// Headings of this level or higher start a section (`heading-split-level`).
    #[serde(skip)]
    pub split_level: u8,
}

impl Default for SearchSettings {
    fn default() -> Self {
        SearchSettings {
            limit: MAX_HITS,
            teaser_words: DEFAULT_TEASER_WORDS,
            boolean_and: None,
            expand: true,
            boost_title: 2,
            boost_hierarchy: 1,
            boost_paragraph: 1,
            split_level: 6,
        }
    }
}

/// A heading's and a chapter title's weight are this many times their boost, so that with
/// mdBook's default boosts a word in a heading weighs ten times one in the text.
pub const TITLE_WEIGHT: u32 = 5;

impl SearchSettings {
    /// The settings of `book` (`[output.html.search]`).
    pub fn of(book: &Book) -> Self {
        let c = &book.config.output.html.search;
        let d = SearchSettings::default();
        SearchSettings {
            limit: c.limit_results.map_or(d.limit, |n| (n as usize).max(1)),
            teaser_words: c.teaser_word_count.map_or(d.teaser_words, |n| (n as usize).max(1)),
            boolean_and: c.use_boolean_and,
            expand: c.expand.unwrap_or(d.expand),
            boost_title: c.boost_title.map_or(d.boost_title, u32::from),
            boost_hierarchy: c.boost_hierarchy.map_or(d.boost_hierarchy, u32::from),
            boost_paragraph: c.boost_paragraph.map_or(d.boost_paragraph, u32::from),
            split_level: c.heading_split_level.unwrap_or(d.split_level),
        }
    }

    /// What the site's script needs (limit, teaser, and, expand), as JSON for the page.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    /// Whether `ch` is searchable: `[output.html.search.chapter]` may turn a chapter file or a
    /// folder of them off (the longest matching entry decides, as in mdBook).
    pub fn searchable(book: &Book, ch: &quire_core::Chapter) -> bool {
        let Some(path) = ch.source_path.as_deref() else { return true };
        let path = quire_core::files::slash_path(path);
        book.config
            .output
            .html
            .search
            .chapter
            .iter()
            .filter(|(k, _)| {
                let k = k.trim_matches('/');
                path == k || path.starts_with(&format!("{k}/")) || k.is_empty()
            })
            .max_by_key(|(k, _)| k.trim_matches('/').len())
            .is_none_or(|(_, c)| c.enable != Some(false))
    }
}

/// A searchable section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Doc {
    /// Page path from the site root (`ch1/intro.html`).
    #[serde(rename = "u")]
    pub page: String,
    /// Heading anchor to jump to (empty: the top of the page).
    #[serde(rename = "a")]
    pub anchor: String,
    /// "Chapter › Section" title.
    #[serde(rename = "t")]
    pub title: String,
    /// Plain text, for snippets.
    #[serde(rename = "b")]
    pub text: String,
}

/// The whole index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchIndex {
    /// Documents (sections).
    pub docs: Vec<Doc>,
    /// Term → postings `(doc index, weight)`, weight = count in text + 10 × count in title.
    pub terms: BTreeMap<String, Vec<(u32, u32)>>,
}

/// A search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index into [`SearchIndex::docs`].
    pub doc: usize,
    /// `page#anchor` from the site root.
    pub url: String,
    /// Section title.
    pub title: String,
    /// Escaped text around the first match, matches wrapped in `<mark>`.
    pub snippet: String,
    /// Relevance.
    pub score: f64,
}

/// Splits text into search terms: lower-cased words, CJK bigrams (a lone CJK character alone).
pub fn tokenize(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    for_each_term(text, |t| terms.push(t.into_owned()));
    terms
}

/// Calls `f` with each term of `text`, in order, as [`tokenize`] would return them; borrowed from
/// `text` where no lower-casing was needed, so indexing a book allocates little.
pub fn for_each_term<'a>(text: &'a str, mut f: impl FnMut(Cow<'a, str>)) {
    // The CJK run and the word being read, as byte ranges of `text`.
    let mut run: Option<(usize, usize)> = None;
    let mut word: Option<(usize, usize)> = None;
    let emit_run = |run: &mut Option<(usize, usize)>, f: &mut dyn FnMut(Cow<'a, str>)| {
        let Some((start, end)) = run.take() else { return };
        let piece = &text[start..end];
        let mut chars = piece.char_indices().peekable();
        if piece.chars().nth(1).is_none() {
            f(Cow::Borrowed(piece));
            return;
        }
        while let Some((i, _)) = chars.next() {
            let Some(&(j, c2)) = chars.peek() else { break };
            f(Cow::Borrowed(&piece[i..j + c2.len_utf8()]));
        }
    };
    let emit_word = |word: &mut Option<(usize, usize)>, f: &mut dyn FnMut(Cow<'a, str>)| {
        let Some((start, end)) = word.take() else { return };
        let w = &text[start..end];
        if w.chars().any(|c| c.to_lowercase().ne(std::iter::once(c))) {
            let mut lower = String::with_capacity(w.len());
            for c in w.chars() {
                lower.extend(c.to_lowercase());
            }
            f(Cow::Owned(lower));
        } else {
            f(Cow::Borrowed(w));
        }
    };
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if is_indexed_as_bigrams(c) {
            emit_word(&mut word, &mut f);
            run = Some(run.map_or((i, end), |(s, _)| (s, end)));
        } else if c.is_alphanumeric() || c == '_' {
            emit_run(&mut run, &mut f);
            word = Some(word.map_or((i, end), |(s, _)| (s, end)));
        } else {
            emit_run(&mut run, &mut f);
            emit_word(&mut word, &mut f);
        }
    }
    emit_run(&mut run, &mut f);
    emit_word(&mut word, &mut f);
}

/// A section of a chapter as the index cuts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Section {
    anchor: String,
    title: String,
    /// The section's own heading (weighted by `boost-title`).
    heading: String,
    /// The chapter title above it, when the heading is not the chapter title itself (weighted by
    /// `boost-hierarchy`).
    hierarchy: String,
    text: String,
}

fn push_text(out: &mut String, s: &str) {
    if out.len() >= MAX_DOC_TEXT {
        return;
    }
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(s.trim());
}

fn walk(blocks: &[Block], chapter_title: &str, split: u8, sections: &mut Vec<Section>) {
    for b in blocks {
        let cur = |sections: &mut Vec<Section>| -> usize { sections.len() - 1 };
        match &b.kind {
            // A heading deeper than `heading-split-level` is text of the section above.
            BlockKind::Heading { inlines, level, .. } if *level > split => {
                let i = cur(sections);
                push_text(&mut sections[i].text, &plain_text(inlines));
            }
            BlockKind::Heading { id, inlines, .. } => {
                let h = plain_text(inlines);
                let (title, heading, hierarchy) = if h.trim() == chapter_title.trim() || h.trim().is_empty() {
                    (chapter_title.to_string(), chapter_title.to_string(), String::new())
                } else {
                    (format!("{chapter_title} › {}", h.trim()), h.trim().to_string(), chapter_title.to_string())
                };
                let section = Section { anchor: id.clone(), title, heading, hierarchy, text: String::new() };
                if sections.len() == 1 && sections[0].text.is_empty() && sections[0].anchor.is_empty() {
                    sections[0] = section;
                } else {
                    sections.push(section);
                }
            }
            BlockKind::Paragraph(inl) => {
                let i = cur(sections);
                push_text(&mut sections[i].text, &plain_text(inl));
            }
            BlockKind::CodeBlock { code, hidden, .. } => {
                let i = cur(sections);
                push_text(&mut sections[i].text, &quire_core::ast::visible_code(code, hidden));
            }
            BlockKind::Math { formula, .. } => {
                let i = cur(sections);
                push_text(&mut sections[i].text, formula.tex());
            }
            BlockKind::BlockQuote(bs) | BlockKind::Admonition { blocks: bs, .. } => walk(bs, chapter_title, split, sections),
            BlockKind::List { items, .. } => {
                for it in items {
                    walk(&it.blocks, chapter_title, split, sections);
                }
            }
            BlockKind::Table { head, rows, .. } => {
                let i = cur(sections);
                for c in head.iter().chain(rows.iter().flatten()) {
                    push_text(&mut sections[i].text, &plain_text(&c.inlines));
                }
            }
            BlockKind::DefinitionList(items) => {
                for it in items {
                    let i = cur(sections);
                    push_text(&mut sections[i].text, &plain_text(&it.term));
                    for d in &it.definitions {
                        walk(d, chapter_title, split, sections);
                    }
                }
            }
            BlockKind::Figure { caption, image, .. } => {
                let i = cur(sections);
                let c = plain_text(caption);
                push_text(&mut sections[i].text, if c.is_empty() { &image.alt } else { &c });
            }
            BlockKind::HtmlElement { blocks, .. } => walk(blocks, chapter_title, split, sections),
            BlockKind::Html(_) | BlockKind::ThematicBreak => {}
        }
    }
}

/// Appends JSON text to a script: `</` becomes `<\/` (so `</script>` cannot close it) and
/// U+2028/U+2029 are escaped (old parsers end lines there). One pass, copying runs.
pub(crate) fn push_script_safe(out: &mut String, json: &str) {
    let mut start = 0;
    for (i, c) in json.char_indices() {
        let escaped = match c {
            '/' if json[..i].ends_with('<') => "\\/",
            '\u{2028}' => "\\u2028",
            '\u{2029}' => "\\u2029",
            _ => continue,
        };
        out.push_str(&json[start..i]);
        out.push_str(escaped);
        start = i + c.len_utf8();
    }
    out.push_str(&json[start..]);
}

/// The kind under which the index script is kept in the build cache.
const CACHE_KIND: &str = "search-index";

/// Bump when the index script changes for the same sections (format, tokenising, weights).
const INDEX_FORMAT: u32 = 2;

/// The site's search index script ([`SearchIndex::to_js`]). Its inputs are the sections of the
/// live chapters (page, anchor, title, text), so their digest is the cache key: when the book's
/// searchable text is unchanged, the script the `cache` holds from the last build is reused
/// (the same bytes).
pub fn index_js(book: &Book, cache: &BuildCache) -> String {
    use sha2::{Digest, Sha256};
    let settings = SearchSettings::of(book);
    let live = searchable_chapters(book);
    let sections: Vec<Vec<Section>> = live.par_iter().map(|ch| chapter_sections(ch, settings.split_level)).collect();
    let mut hasher = Sha256::new();
    let mut field = |s: &str| {
        hasher.update((s.len() as u64).to_le_bytes());
        hasher.update(s.as_bytes());
    };
    field(concat!(env!("CARGO_PKG_VERSION"), "/"));
    field(&INDEX_FORMAT.to_string());
    // The boosts are in the weights (the split level is in the sections).
    field(&format!("{}/{}/{}", settings.boost_title, settings.boost_hierarchy, settings.boost_paragraph));
    for (ch, secs) in live.iter().zip(&sections) {
        field(&page_path(book, ch));
        for s in secs {
            field(&s.anchor);
            field(&s.title);
            field(&s.text);
        }
    }
    let digest = hasher.finalize();
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    if let Some(js) = cache.artifact(CACHE_KIND, key).and_then(|b| String::from_utf8(b).ok()) {
        return js;
    }
    let js = SearchIndex::from_sections(book, &live, &sections, &settings).to_js();
    cache.store_artifact(CACHE_KIND, key, js.as_bytes());
    js
}

/// The chapters the index holds: those with a page, less those `[output.html.search.chapter]`
/// turns off.
pub(crate) fn searchable_chapters(book: &Book) -> Vec<&quire_core::Chapter> {
    book.chapters.iter().filter(|c| !c.draft && SearchSettings::searchable(book, c)).collect()
}

/// The sections of one chapter, cut at headings of level `split` or higher.
pub(crate) fn chapter_sections(ch: &quire_core::Chapter, split: u8) -> Vec<Section> {
    let mut sections = vec![Section { anchor: String::new(), title: ch.title.clone(), heading: ch.title.clone(), hierarchy: String::new(), text: String::new() }];
    walk(&ch.blocks, &ch.title, split, &mut sections);
    for f in &ch.footnotes {
        walk(&f.blocks, &ch.title, split, &mut sections);
    }
    sections
}

/// Postings of one chapter's sections, numbered from `first_doc`; terms borrow from the text.
pub(crate) type Postings<'a> = FxHashMap<Cow<'a, str>, Vec<(u32, u32)>>;

/// Postings of one chapter's sections: a term's weight in a section is its count in the text ×
/// `boost-paragraph`, plus its count in the heading × [`TITLE_WEIGHT`] × `boost-title`, plus its
/// count in the chapter title above × [`TITLE_WEIGHT`] × `boost-hierarchy`.
pub(crate) fn chapter_postings<'a>(sections: &'a [Section], first_doc: u32, settings: &SearchSettings) -> Postings<'a> {
    let mut terms: Postings<'_> = FxHashMap::default();
    let mut counts: FxHashMap<Cow<'_, str>, u32> = FxHashMap::default();
    let (text, heading, hierarchy) = (settings.boost_paragraph, TITLE_WEIGHT * settings.boost_title, TITLE_WEIGHT * settings.boost_hierarchy);
    for (i, s) in sections.iter().enumerate() {
        counts.clear();
        for_each_term(&s.text, |t| *counts.entry(t).or_default() += text);
        for_each_term(&s.heading, |t| *counts.entry(t).or_default() += heading);
        for_each_term(&s.hierarchy, |t| *counts.entry(t).or_default() += hierarchy);
        // A boost of 0 can leave a term with no weight: it is not indexed there.
        counts.retain(|_, n| *n > 0);
        let doc = first_doc + i as u32;
        for (t, n) in counts.drain() {
            terms.entry(t).or_default().push((doc, n));
        }
    }
    terms
}

/// The document of a section on `page`, its text cut at [`MAX_DOC_TEXT`].
pub(crate) fn doc_of(page: &str, s: &Section) -> Doc {
    let mut cut = s.text.len().min(MAX_DOC_TEXT);
    while !s.text.is_char_boundary(cut) {
        cut -= 1;
    }
    Doc { page: page.to_string(), anchor: s.anchor.clone(), title: s.title.clone(), text: s.text[..cut].to_string() }
}

impl SearchIndex {
    /// Indexes every non-draft chapter of `book`. Chapters are cut into sections and tokenised
    /// in parallel, and merged in reading order, so the index does not depend on scheduling.
    pub fn build(book: &Book) -> SearchIndex {
        let settings = SearchSettings::of(book);
        let live = searchable_chapters(book);
        let sections: Vec<Vec<Section>> = live.par_iter().map(|ch| chapter_sections(ch, settings.split_level)).collect();
        Self::from_sections(book, &live, &sections, &settings)
    }

    fn from_sections(book: &Book, live: &[&quire_core::Chapter], sections: &[Vec<Section>], settings: &SearchSettings) -> SearchIndex {
        let mut first_doc = Vec::with_capacity(sections.len());
        let mut n = 0u32;
        for s in sections {
            first_doc.push(n);
            n += s.len() as u32;
        }
        let (postings, docs): (Vec<Postings<'_>>, Vec<Vec<Doc>>) = rayon::join(
            || sections.par_iter().zip(&first_doc).map(|(s, &first)| chapter_postings(s, first, settings)).collect(),
            || {
                live.par_iter()
                    .zip(sections)
                    .map(|(ch, secs)| {
                        let page = page_path(book, ch);
                        secs.iter().map(|s| doc_of(&page, s)).collect()
                    })
                    .collect()
            },
        );
        // Chapters in order, so every postings list stays sorted by document.
        let mut merged: Postings<'_> = FxHashMap::default();
        for part in postings {
            for (t, list) in part {
                match merged.get_mut(&t) {
                    Some(all) => all.extend(list),
                    None => {
                        merged.insert(t, list);
                    }
                }
            }
        }
        let mut terms: Vec<_> = merged.into_iter().collect();
        terms.par_sort_unstable_by(|a: &(Cow<'_, str>, _), b| a.0.cmp(&b.0));
        SearchIndex {
            docs: docs.into_iter().flatten().collect(),
            terms: terms.into_iter().map(|(t, v)| (t.into_owned(), v)).collect(),
        }
    }

    /// The index as a script for the site.
    pub fn to_js(&self) -> String {
        // The two halves are serialised on both cores; the result is what `serde_json` gives
        // for the whole struct (fields in declaration order).
        let (docs, terms) = rayon::join(|| serde_json::to_string(&self.docs), || serde_json::to_string(&self.terms));
        let (docs, terms) = (docs.unwrap_or_else(|_| "[]".into()), terms.unwrap_or_else(|_| "{}".into()));
        let mut out = String::with_capacity(docs.len() + terms.len() + 64);
        out.push_str(JS_VARIABLE);
        out.push_str(" = {\"docs\":");
        push_script_safe(&mut out, &docs);
        out.push_str(",\"terms\":");
        push_script_safe(&mut out, &terms);
        out.push_str("};\n");
        out
    }

    /// Reads an index back from the script [`SearchIndex::to_js`] wrote.
    pub fn from_js(js: &str) -> Option<SearchIndex> {
        let json = js.trim().strip_prefix(JS_VARIABLE)?.trim_start().strip_prefix('=')?.trim().trim_end_matches(';');
        serde_json::from_str(json).ok()
    }

    /// Postings of a query term: exact, else (with `expand`) every term that starts with it (at
    /// most 50).
    fn postings(&self, term: &str, expand: bool) -> Vec<(u32, u32)> {
        if let Some(p) = self.terms.get(term) {
            return p.clone();
        }
        let mut out = Vec::new();
        if !expand {
            return out;
        }
        for (_, p) in self.terms.range(term.to_string()..).take_while(|(k, _)| k.starts_with(term)).take(50) {
            out.extend_from_slice(p);
        }
        out
    }
}

/// Most hits a query returns.
pub const MAX_HITS: usize = 30;
/// Most hits from one page.
pub const MAX_PER_PAGE: usize = 3;

/// Searches `index` for `q` with the default settings: documents with every term (else with
/// any term), best first, at most [`MAX_PER_PAGE`] per page and [`MAX_HITS`] in all.
pub fn query(index: &SearchIndex, q: &str) -> Vec<Hit> {
    query_with(index, q, &SearchSettings::default())
}

/// Searches `index` for `q` as the site's script does with `settings` (`limit-results`,
/// `teaser-word-count`, `use-boolean-and`, `expand`).
pub fn query_with(index: &SearchIndex, q: &str, settings: &SearchSettings) -> Vec<Hit> {
    let mut qterms = tokenize(q);
    qterms.dedup();
    if qterms.is_empty() {
        return Vec::new();
    }
    let n = index.docs.len().max(1) as f64;
    let mut scores: HashMap<u32, (f64, usize)> = HashMap::new();
    for t in &qterms {
        let postings = index.postings(t, settings.expand);
        let mut seen: HashMap<u32, u32> = HashMap::new();
        for (d, w) in postings {
            *seen.entry(d).or_default() += w;
        }
        let idf = (1.0 + n / (seen.len().max(1) as f64)).ln();
        for (d, w) in seen {
            let e = scores.entry(d).or_insert((0.0, 0));
            e.0 += f64::from(w).sqrt() * idf;
            e.1 += 1;
        }
    }
    let all: Vec<(u32, f64)> = scores.iter().filter(|(_, (_, c))| *c == qterms.len()).map(|(d, (s, _))| (*d, *s)).collect();
    let any = || scores.iter().map(|(d, (s, _))| (*d, *s)).collect();
    let mut ranked: Vec<(u32, f64)> = match settings.boolean_and {
        Some(true) => all,
        Some(false) => any(),
        None if all.is_empty() => any(),
        None => all,
    };
    ranked.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal).then(a.0.cmp(&b.0)));
    // At most three sections per page, so one long chapter does not crowd out the others.
    let mut per_page: HashMap<&str, usize> = HashMap::new();
    ranked
        .into_iter()
        .filter(|(d, _)| {
            let page = index.docs.get(*d as usize).map(|doc| doc.page.as_str()).unwrap_or("");
            let n = per_page.entry(page).or_default();
            *n += 1;
            *n <= MAX_PER_PAGE
        })
        .take(settings.limit)
        .filter_map(|(d, score)| {
            let doc = index.docs.get(d as usize)?;
            let url = if doc.anchor.is_empty() { doc.page.clone() } else { format!("{}#{}", doc.page, doc.anchor) };
            Some(Hit { doc: d as usize, url, title: doc.title.clone(), snippet: snippet_words(&doc.text, q, &qterms, settings.teaser_words), score })
        })
        .collect()
}

/// Escaped text around the first match of the query (or of a term), matches in `<mark>`:
/// [`DEFAULT_TEASER_WORDS`] words ([`snippet_words`]).
pub fn snippet(text: &str, q: &str, terms: &[String]) -> String {
    snippet_words(text, q, terms, DEFAULT_TEASER_WORDS)
}

/// Where the words of `chars` start, as a snippet counts them: a run of letters, digits and `_`
/// is a word, and so is every second character of a run of Chinese, Japanese or Korean text
/// (the search's bigrams).
fn word_starts(chars: &[char]) -> Vec<usize> {
    let mut starts = Vec::new();
    let (mut in_word, mut run) = (false, 0usize);
    for (i, &c) in chars.iter().enumerate() {
        if is_indexed_as_bigrams(c) {
            if run % 2 == 0 {
                starts.push(i);
            }
            run += 1;
            in_word = false;
        } else if c.is_alphanumeric() || c == '_' {
            if !in_word {
                starts.push(i);
            }
            in_word = true;
            run = 0;
        } else {
            in_word = false;
            run = 0;
        }
    }
    starts
}

/// [`snippet`] of `words` words (`teaser-word-count`): from a quarter of them before the first
/// match; `…` where the text goes on.
pub fn snippet_words(text: &str, q: &str, terms: &[String], words: usize) -> String {
    let lower: Vec<char> = text.chars().flat_map(|c| c.to_lowercase().next()).collect();
    let chars: Vec<char> = text.chars().collect();
    let words = words.max(1);
    let starts = word_starts(&chars);
    // The window of `words` words from the word `from`.
    let window = |from: usize| -> (usize, usize) {
        let start = if from == 0 { 0 } else { starts[from] };
        let mut end = starts.get(from + words).copied().unwrap_or(chars.len());
        while end > start && matches!(chars[end - 1], ' ' | '\t' | '\n' | '\r') {
            end -= 1;
        }
        (start, end)
    };
    if lower.len() != chars.len() {
        let (_, end) = window(0);
        return escape::text(&chars[..end].iter().collect::<String>());
    }
    let find = |needle: &str| -> Option<usize> {
        let n: Vec<char> = needle.chars().collect();
        if n.is_empty() || n.len() > lower.len() {
            return None;
        }
        (0..=lower.len() - n.len()).find(|&i| lower[i..i + n.len()] == n[..])
    };
    let q = q.trim().to_lowercase();
    let first = find(&q).or_else(|| terms.iter().filter_map(|t| find(t)).min()).unwrap_or(0);
    let word = starts.partition_point(|&s| s <= first).saturating_sub(1);
    let (start, end) = window(word.saturating_sub(words / 4));
    let mut needles: Vec<Vec<char>> = std::iter::once(q.chars().collect::<Vec<_>>()).chain(terms.iter().map(|t| t.chars().collect())).filter(|n: &Vec<char>| !n.is_empty()).collect();
    needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut i = start;
    while i < end {
        if let Some(n) = needles.iter().find(|n| i + n.len() <= end && lower[i..i + n.len()] == n[..]) {
            out.push_str("<mark>");
            escape::text_into(&mut out, &chars[i..i + n.len()].iter().collect::<String>());
            out.push_str("</mark>");
            i += n.len();
        } else {
            escape::text_into(&mut out, chars[i].encode_utf8(&mut [0; 4]));
            i += 1;
        }
    }
    if end < chars.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn index_script_is_reused_only_for_the_same_text() {
        let mut book = crate::testbook::book();
        let cache = BuildCache::new();
        let first = index_js(&book, &cache);
        assert_eq!(first, SearchIndex::build(&book).to_js(), "the script is the index's");
        assert_eq!(index_js(&book, &cache), first, "the same book gives the same script (from the cache)");
        book.chapters[0].title.push_str(" renamed");
        let changed = index_js(&book, &cache);
        assert_ne!(changed, first, "a changed title is a new key");
        assert!(changed.contains("renamed"));
        assert_eq!(changed, SearchIndex::build(&book).to_js());
    }

    #[test]
    fn snippets_count_words_and_cjk_character_pairs() {
        let chars: Vec<char> = "ab, cd 调度器 e".chars().collect();
        assert_eq!(word_starts(&chars), vec![0, 4, 7, 9, 11]);
        let text = "one two three four five six seven eight nine ten";
        assert_eq!(snippet_words(text, "six", &["six".into()], 4), "…five <mark>six</mark> seven eight…");
        assert_eq!(snippet_words(text, "one", &["one".into()], 3), "<mark>one</mark> two three…");
        assert_eq!(snippet_words(text, "ten", &["ten".into()], 100), "one two three four five six seven eight nine <mark>ten</mark>");
        assert_eq!(snippet(text, "two", &["two".into()]), "one <mark>two</mark> three four five six seven eight nine ten");
        assert_eq!(snippet_words("甲乙丙丁戊己庚辛", "戊己", &["戊己".into()], 2), "…<mark>戊己</mark>庚辛");
    }

    #[test]
    fn query_settings_limit_and_match_words() {
        let mut idx = SearchIndex::default();
        let docs = ["red fox", "red", "fox", "redder"];
        for (i, b) in docs.iter().enumerate() {
            idx.docs.push(Doc { page: format!("p{i}.html"), anchor: String::new(), title: String::new(), text: b.to_string() });
            for term in tokenize(b) {
                idx.terms.entry(term).or_default().push((i as u32, 1));
            }
        }
        let urls = |s: &SearchSettings, q: &str| query_with(&idx, q, s).into_iter().map(|h| h.url).collect::<Vec<_>>();
        let d = SearchSettings::default();
        assert_eq!(urls(&d, "red fox"), ["p0.html"], "every word, when some section has every word");
        assert_eq!(urls(&d, "red cat"), ["p0.html", "p1.html"], "else any");
        let and = SearchSettings { boolean_and: Some(true), ..d.clone() };
        assert!(urls(&and, "red cat").is_empty());
        let or = SearchSettings { boolean_and: Some(false), ..d.clone() };
        assert_eq!(urls(&or, "red fox").len(), 3);
        assert_eq!(urls(&SearchSettings { limit: 1, ..or.clone() }, "red fox").len(), 1);
        assert_eq!(urls(&d, "redd"), ["p3.html"], "expand: a word's beginning finds it");
        assert!(urls(&SearchSettings { expand: false, ..d.clone() }, "redd").is_empty());
        assert_eq!(d.to_json(), r#"{"limit":30,"teaser":30,"and":null,"expand":true}"#);
    }

    #[test]
    fn heading_split_level_and_boosts_shape_the_index() {
        let mut book = crate::testbook::book();
        let sp = quire_core::Span::default();
        let h = |level: u8, text: &str| Block {
            kind: BlockKind::Heading { level, id: text.to_lowercase(), classes: vec![], number: None, inlines: vec![quire_core::ast::Inline::text(text, sp)], from_html: false },
            span: sp,
        };
        book.chapters[0].blocks.extend([h(2, "Kiwi"), h(3, "Mango")]);
        let pages = |b: &Book| SearchIndex::build(b).docs.iter().filter(|d| d.page == "intro.html").map(|d| d.anchor.clone()).collect::<Vec<_>>();
        assert_eq!(pages(&book), ["intro-title", "kiwi", "mango"]);
        book.config.output.html.search.heading_split_level = Some(2);
        assert_eq!(pages(&book), ["intro-title", "kiwi"], "the h3 is text of the h2's section");
        let idx = SearchIndex::build(&book);
        assert_eq!(idx.terms["mango"], [(1, 1)]);
        assert_eq!(idx.terms["kiwi"], [(1, 10)], "5 × boost-title (2)");
        assert!(idx.terms["intro"].contains(&(1, 5)), "5 × boost-hierarchy (1): {:?}", idx.terms["intro"]);
        book.config.output.html.search.boost_title = Some(0);
        let mut off = quire_core::config::SearchChapterConfig::default();
        off.enable = Some(false);
        book.config.output.html.search.chapter.insert("ch1/".into(), off);
        let idx = SearchIndex::build(&book);
        assert!(!idx.terms.contains_key("kiwi"), "a heading with boost-title 0 is not indexed");
        assert!(idx.docs.iter().all(|d| !d.page.starts_with("ch1/")), "the folder's chapters are not searchable");
    }

    #[test]
    fn cjk_bigrams_and_latin_words() {
        assert_eq!(tokenize("Mesos 的调度器, v1.0"), vec!["mesos", "的调", "调度", "度器", "v1", "0"]);
        assert_eq!(tokenize("中"), vec!["中"]);
        assert_eq!(tokenize("ÄRGER über Straße_1 中文"), vec!["ärger", "über", "straße_1", "中文"]);
        assert_eq!(tokenize("《调度》a中b"), vec!["调度", "a", "中", "b"]);
        assert!(tokenize("").is_empty() && tokenize(" ，。 ").is_empty());
    }

    #[test]
    fn query_ranks_and_snippets() {
        let mut idx = SearchIndex::default();
        let docs = [("a.html", "Intro", "Marathon 是一个调度框架。"), ("b.html", "Other", "nothing here about it")];
        for (i, (p, t, b)) in docs.iter().enumerate() {
            idx.docs.push(Doc { page: p.to_string(), anchor: "x".into(), title: t.to_string(), text: b.to_string() });
            for term in tokenize(b) {
                idx.terms.entry(term).or_default().push((i as u32, 1));
            }
        }
        let hits = query(&idx, "调度");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].url, "a.html#x");
        assert!(hits[0].snippet.contains("<mark>调度</mark>"), "{}", hits[0].snippet);
        let hits = query(&idx, "marathon");
        assert_eq!(hits[0].doc, 0);
        assert!(hits[0].snippet.contains("<mark>Marathon</mark>"));
        assert_eq!(query(&idx, "mara")[0].doc, 0, "prefix match");
        let back = SearchIndex::from_js(&idx.to_js()).expect("round trip");
        assert_eq!(back, idx);
        // The script is the JSON of the whole index, made safe for a <script>.
        idx.docs[1].text = "a </script> b \u{2028} c".into();
        let js = idx.to_js();
        assert!(!js.contains("</") && !js.contains('\u{2028}'), "{js}");
        let whole = serde_json::to_string(&idx).expect("json");
        let safe = whole.replace("</", "<\\/").replace('\u{2028}', "\\u2028");
        assert_eq!(js, format!("{JS_VARIABLE} = {safe};\n"));
        assert_eq!(SearchIndex::from_js(&js).expect("round trip"), idx);
    }

    #[test]
    fn japanese_and_korean_are_found_by_their_words() {
        let mut idx = SearchIndex::default();
        let docs = [("ja.html", "所有権", "所有権とは、ムーブのことです。"), ("ko.html", "소유권", "러스트의 소유권을 이해하기")];
        for (i, (p, t, b)) in docs.iter().enumerate() {
            idx.docs.push(Doc { page: p.to_string(), anchor: "x".into(), title: t.to_string(), text: b.to_string() });
            for term in tokenize(b) {
                idx.terms.entry(term).or_default().push((i as u32, 1));
            }
        }
        // Kana and kanji runs are bigrams: a word inside a run is found.
        assert_eq!(query(&idx, "ムーブ").first().map(|h| h.doc), Some(0));
        assert_eq!(query(&idx, "所有権").first().map(|h| h.doc), Some(0));
        // Hangul too: the stem finds the word with its particle (소유권을 by 소유권).
        let hits = query(&idx, "소유권");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].doc, 1);
        assert!(hits[0].snippet.contains("<mark>소유권</mark>"), "{}", hits[0].snippet);
    }
}
