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

struct Section {
    anchor: String,
    title: String,
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

fn walk(blocks: &[Block], chapter_title: &str, sections: &mut Vec<Section>) {
    for b in blocks {
        let cur = |sections: &mut Vec<Section>| -> usize { sections.len() - 1 };
        match &b.kind {
            BlockKind::Heading { id, inlines, .. } => {
                let h = plain_text(inlines);
                let title = if h.trim() == chapter_title.trim() || h.trim().is_empty() {
                    chapter_title.to_string()
                } else {
                    format!("{chapter_title} › {}", h.trim())
                };
                if sections.len() == 1 && sections[0].text.is_empty() && sections[0].anchor.is_empty() {
                    sections[0] = Section { anchor: id.clone(), title, text: String::new() };
                } else {
                    sections.push(Section { anchor: id.clone(), title, text: String::new() });
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
            BlockKind::BlockQuote(bs) | BlockKind::Admonition { blocks: bs, .. } => walk(bs, chapter_title, sections),
            BlockKind::List { items, .. } => {
                for it in items {
                    walk(&it.blocks, chapter_title, sections);
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
                        walk(d, chapter_title, sections);
                    }
                }
            }
            BlockKind::Figure { caption, image, .. } => {
                let i = cur(sections);
                let c = plain_text(caption);
                push_text(&mut sections[i].text, if c.is_empty() { &image.alt } else { &c });
            }
            BlockKind::HtmlElement { blocks, .. } => walk(blocks, chapter_title, sections),
            BlockKind::Html(_) | BlockKind::ThematicBreak => {}
        }
    }
}

/// Appends JSON text to a script: `</` becomes `<\/` (so `</script>` cannot close it) and
/// U+2028/U+2029 are escaped (old parsers end lines there). One pass, copying runs.
fn push_script_safe(out: &mut String, json: &str) {
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
const INDEX_FORMAT: u32 = 1;

/// The site's search index script ([`SearchIndex::to_js`]). Its inputs are the sections of the
/// live chapters (page, anchor, title, text), so their digest is the cache key: when the book's
/// searchable text is unchanged, the script the `cache` holds from the last build is reused
/// (the same bytes).
pub fn index_js(book: &Book, cache: &BuildCache) -> String {
    use sha2::{Digest, Sha256};
    let live: Vec<&quire_core::Chapter> = book.chapters.iter().filter(|c| !c.draft).collect();
    let sections: Vec<Vec<Section>> = live.par_iter().map(|ch| chapter_sections(ch)).collect();
    let mut hasher = Sha256::new();
    let mut field = |s: &str| {
        hasher.update((s.len() as u64).to_le_bytes());
        hasher.update(s.as_bytes());
    };
    field(concat!(env!("CARGO_PKG_VERSION"), "/"));
    field(&INDEX_FORMAT.to_string());
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
    let js = SearchIndex::from_sections(book, &live, &sections).to_js();
    cache.store_artifact(CACHE_KIND, key, js.as_bytes());
    js
}

/// The sections of one chapter.
fn chapter_sections(ch: &quire_core::Chapter) -> Vec<Section> {
    let mut sections = vec![Section { anchor: String::new(), title: ch.title.clone(), text: String::new() }];
    walk(&ch.blocks, &ch.title, &mut sections);
    for f in &ch.footnotes {
        walk(&f.blocks, &ch.title, &mut sections);
    }
    sections
}

/// Postings of one chapter's sections, numbered from `first_doc`; terms borrow from the text.
type Postings<'a> = FxHashMap<Cow<'a, str>, Vec<(u32, u32)>>;

fn chapter_postings(sections: &[Section], first_doc: u32) -> Postings<'_> {
    let mut terms: Postings<'_> = FxHashMap::default();
    let mut counts: FxHashMap<Cow<'_, str>, u32> = FxHashMap::default();
    for (i, s) in sections.iter().enumerate() {
        counts.clear();
        for_each_term(&s.text, |t| *counts.entry(t).or_default() += 1);
        for_each_term(&s.title, |t| *counts.entry(t).or_default() += 10);
        let doc = first_doc + i as u32;
        for (t, n) in counts.drain() {
            terms.entry(t).or_default().push((doc, n));
        }
    }
    terms
}

fn doc_of(page: &str, s: &Section) -> Doc {
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
        let live: Vec<&quire_core::Chapter> = book.chapters.iter().filter(|c| !c.draft).collect();
        let sections: Vec<Vec<Section>> = live.par_iter().map(|ch| chapter_sections(ch)).collect();
        Self::from_sections(book, &live, &sections)
    }

    fn from_sections(book: &Book, live: &[&quire_core::Chapter], sections: &[Vec<Section>]) -> SearchIndex {
        let mut first_doc = Vec::with_capacity(sections.len());
        let mut n = 0u32;
        for s in sections {
            first_doc.push(n);
            n += s.len() as u32;
        }
        let (postings, docs): (Vec<Postings<'_>>, Vec<Vec<Doc>>) = rayon::join(
            || sections.par_iter().zip(&first_doc).map(|(s, &first)| chapter_postings(s, first)).collect(),
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

    /// Postings of a query term: exact, else every term that starts with it (at most 50).
    fn postings(&self, term: &str) -> Vec<(u32, u32)> {
        if let Some(p) = self.terms.get(term) {
            return p.clone();
        }
        let mut out = Vec::new();
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

/// Searches `index` for `q`: documents with every term (else with any term), best first, at
/// most [`MAX_PER_PAGE`] per page and [`MAX_HITS`] in all.
pub fn query(index: &SearchIndex, q: &str) -> Vec<Hit> {
    let mut qterms = tokenize(q);
    qterms.dedup();
    if qterms.is_empty() {
        return Vec::new();
    }
    let n = index.docs.len().max(1) as f64;
    let mut scores: HashMap<u32, (f64, usize)> = HashMap::new();
    for t in &qterms {
        let postings = index.postings(t);
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
    let mut ranked = if all.is_empty() { scores.iter().map(|(d, (s, _))| (*d, *s)).collect() } else { all };
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
        .take(MAX_HITS)
        .filter_map(|(d, score)| {
            let doc = index.docs.get(d as usize)?;
            let url = if doc.anchor.is_empty() { doc.page.clone() } else { format!("{}#{}", doc.page, doc.anchor) };
            Some(Hit { doc: d as usize, url, title: doc.title.clone(), snippet: snippet(&doc.text, q, &qterms), score })
        })
        .collect()
}

/// Escaped text around the first match of the query (or of a term), matches in `<mark>`.
pub fn snippet(text: &str, q: &str, terms: &[String]) -> String {
    let lower: Vec<char> = text.chars().flat_map(|c| c.to_lowercase().next()).collect();
    let chars: Vec<char> = text.chars().collect();
    if lower.len() != chars.len() {
        return escape::text(&chars.iter().take(120).collect::<String>());
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
    let start = first.saturating_sub(30);
    let end = (first + 90).min(chars.len());
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
