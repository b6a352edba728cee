//! Heading ids as mdBook makes them (so links into an existing mdBook site keep working), and a
//! registry that makes ids unique within one page.

use std::collections::{HashMap, HashSet};

/// mdBook's id for a heading's text: trimmed; letters, digits, `-` and `_` of any script kept,
/// ASCII letters lower-cased (other scripts keep their case, as in mdBook); each whitespace
/// character becomes `-`; everything else is dropped: `"Hello, World!"` → `hello-world`,
/// `"单元 测试"` → `单元-测试`, `"Über"` → `Über`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            out.push(c.to_ascii_lowercase());
        } else if c.is_whitespace() {
            out.push('-');
        }
    }
    out
}

/// mdBook's per-page counter: the n-th heading (from 0) whose text gives `base` gets `base` for
/// n = 0 and `base-n` after. Where mdBook would write an id a second time (it is an explicit
/// `{#id}`, or a heading's text reads `base-1`), that one heading gets the next free `id-1`
/// instead, so a page never holds an id twice and every other heading keeps mdBook's id.
#[derive(Debug, Default, Clone)]
pub struct PageIds {
    counts: HashMap<String, usize>,
    taken: Ids,
}

impl PageIds {
    /// Reserves an id written by the author; returns whether it was free.
    pub fn reserve(&mut self, id: &str) -> bool {
        self.taken.reserve(id)
    }

    /// The next id for a heading whose text slugs to `base` (an empty base becomes `section`).
    pub fn next(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let n = self.counts.entry(base.to_string()).or_insert(0);
        let cand = if *n == 0 { base.to_string() } else { format!("{base}-{n}") };
        *n += 1;
        if self.taken.reserve(&cand) {
            cand
        } else {
            self.taken.unique(&cand)
        }
    }

    /// `base` if free on the page, else the first free `base-1`, `base-2` …, without counting
    /// it as a heading (for ids mdBook does not give, so the headings' ids stay as mdBook's).
    pub fn unique(&mut self, base: &str) -> String {
        self.taken.unique(base)
    }
}

/// Ids handed out so far; [`Ids::unique`] appends `-1`, `-2` … to taken ones.
#[derive(Debug, Default, Clone)]
pub struct Ids {
    taken: HashSet<String>,
    /// Per base, the last suffix [`Ids::unique`] handed out: every `base-k` below it is taken (ids
    /// are never released), so the search resumes there instead of at 1. Without it a heading
    /// repeated in each of n chapters costs O(n²).
    last_suffix: HashMap<String, usize>,
}

impl Ids {
    /// Reserves `id` if free; returns whether it was.
    pub fn reserve(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_string())
    }

    /// True if `id` is taken.
    pub fn is_taken(&self, id: &str) -> bool {
        self.taken.contains(id)
    }

    /// `base` if free, else the first free `base-1`, `base-2` …; reserves and returns it. An
    /// empty base becomes `section`.
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        let last = self.last_suffix.entry(base.to_string()).or_insert(0);
        let mut n = *last + 1;
        loop {
            let cand = format!("{base}-{n}");
            if self.taken.insert(cand.clone()) {
                *last = n;
                return cand;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("Mesos 集群搭建（一）"), "mesos-集群搭建一");
        // mdBook: only ASCII is lower-cased; every whitespace character (the ideographic space
        // too) becomes `-`.
        assert_eq!(slugify("Über\u{3000}Straße"), "Über-straße");
        assert_eq!(slugify("`--passes`: add more rustdoc passes"), "--passes-add-more-rustdoc-passes");
        assert_eq!(slugify("a_b-c d"), "a_b-c-d");
        assert_eq!(slugify("  Trim  "), "trim");
    }

    #[test]
    fn page_ids_count_like_mdbook() {
        let mut ids = PageIds::default();
        assert!(ids.reserve("x"));
        assert_eq!(ids.next("summary"), "summary");
        assert_eq!(ids.next("summary"), "summary-1");
        // mdBook would write `summary-1` twice; only this heading moves aside.
        assert_eq!(ids.next("summary-1"), "summary-1-1");
        assert_eq!(ids.next("summary"), "summary-2");
        assert_eq!(ids.next("x"), "x-1");
        assert_eq!(ids.next(""), "section");
        // Ids mdBook does not give come after, around the counted ones.
        assert_eq!(ids.unique("summary"), "summary-3");
    }

    #[test]
    fn unique_ids() {
        let mut ids = Ids::default();
        assert_eq!(ids.unique("a"), "a");
        assert_eq!(ids.unique("a"), "a-1");
        assert_eq!(ids.unique("a"), "a-2");
        assert_eq!(ids.unique(""), "section");
    }

    #[test]
    fn suffixes_skip_ids_taken_in_between() {
        let mut ids = Ids::default();
        assert_eq!(ids.unique("a"), "a");
        assert!(ids.reserve("a-2"));
        assert_eq!(ids.unique("a"), "a-1");
        assert_eq!(ids.unique("a"), "a-3");
        assert_eq!(ids.unique("a-1"), "a-1-1");
        assert!(ids.reserve("a-5"));
        assert_eq!(ids.unique("a"), "a-4");
        assert_eq!(ids.unique("a"), "a-6");
    }

    #[test]
    fn many_repeats_stay_fast_and_distinct() {
        let mut ids = Ids::default();
        let got: HashSet<String> = (0..20_000).map(|_| ids.unique("x")).collect();
        assert_eq!(got.len(), 20_000);
        assert!(got.contains("x-19999"));
    }
}
