//! GitHub-style heading slugs that keep CJK (and all other) letters, and a book-wide registry that
//! makes ids unique.

use std::collections::{HashMap, HashSet};

/// Lower-cases, turns each space into `-`, keeps letters, digits, `-` and `_` (any script) and
/// drops everything else: `"Hello, World!"` → `hello-world`, `"单元 测试"` → `单元-测试`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            out.extend(c.to_lowercase());
        } else if c == ' ' || c == '\t' || c == '\n' {
            out.push('-');
        }
    }
    out
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
        assert_eq!(slugify("a_b-c d"), "a_b-c-d");
        assert_eq!(slugify("  Trim  "), "trim");
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
