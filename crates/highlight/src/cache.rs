//! The build cache in memory ([`BuildCache`]): the memo of highlighted HTML, per (language,
//! code), shared by the renderers of one build (and by the rebuilds of `publish serve`), other
//! results derived from the book ([`BuildCache::artifact`]), and their persistent form.
//!
//! It is a value the caller creates and passes in (renderer options hold an `Arc` of it), not
//! process-wide state: two builds in one process share it only when their caller says so.
//!
//! Highlighting with syntect's grammars is slow (about 80 000 lines a second), and from one build
//! to the next almost all code blocks are unchanged. (The languages of the lexer in
//! [`crate`] are fast enough that they are neither memoised nor cached.) [`BuildCache::export`] turns the entries used since the cache was made (or since
//! [`BuildCache::import`]) into bytes; a later build hands them to [`BuildCache::import`] and highlights only the code
//! that changed. The CLI keeps these bytes in `<out>/.quire-cache/` (this module does no I/O).
//!
//! Renderers may keep other results here that depend only on the book ([`BuildCache::artifact`],
//! [`BuildCache::store_artifact`]: one per kind, found by a digest of its inputs), e.g. the HTML search
//! index.
//!
//! The bytes carry a version stamp (this crate's version and the highlighter's data version);
//! bytes of another version, or damaged ones, are refused as a whole, never trusted in part. A
//! cached result is exactly what highlighting would give, so a build with a cache is
//! byte-identical to one without. The memo is bounded: past [`LIMIT`] bytes it starts afresh, so a
//! long-running `publish serve` cannot grow without limit.

use bincode::Options as _;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The most bytes (code plus HTML) the memo holds before it is cleared.
pub const LIMIT: usize = 64 << 20;

/// Identifies the producer of cached HTML. Bump the last part when the HTML of a highlighted block
/// changes for the same input (class style, syntect upgrade in `Cargo.lock`, aliases).
const STAMP: &str = concat!("quire-highlight/", env!("CARGO_PKG_VERSION"), "/syntect-5.3/3");

struct Entry {
    html: Option<String>,
    used: bool,
}

/// A derived result kept by kind and input digest (see [`BuildCache::artifact`]).
struct Artifact {
    key: [u8; 16],
    bytes: Vec<u8>,
    used: bool,
}

#[derive(Default)]
struct Memo {
    bytes: usize,
    map: HashMap<(String, String), Entry>,
    /// At most one artifact per kind: the latest.
    artifacts: HashMap<String, Artifact>,
    /// Entries stored (highlighted) since the last import or export: the cache file changes.
    fresh: usize,
}

impl Memo {
    fn insert(&mut self, lang: String, code: String, html: Option<String>, used: bool) {
        let cost = lang.len() + code.len() + html.as_ref().map_or(0, String::len);
        if self.bytes + cost > LIMIT {
            self.map.clear();
            self.bytes = 0;
        }
        self.bytes += cost;
        self.map.insert((lang, code), Entry { html, used });
    }
}

/// The build cache: a memo of highlighted code and of other derived results, safe to share
/// between threads. Create one per build, or one for a series of builds of the same book
/// (`publish serve` keeps one across rebuilds), and hand it to the renderers' options.
#[derive(Default)]
pub struct BuildCache {
    memo: Mutex<Memo>,
}

impl std::fmt::Debug for BuildCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let memo = self.memo();
        f.debug_struct("BuildCache").field("entries", &memo.map.len()).field("bytes", &memo.bytes).finish()
    }
}

impl BuildCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    fn memo(&self) -> MutexGuard<'_, Memo> {
        self.memo.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The memoised result for (`lang`, `code`): `Some(result)` on a hit (the result itself may be
    /// `None`: an unknown language), `None` on a miss.
    pub(crate) fn lookup(&self, lang: &str, code: &str) -> Option<Option<String>> {
        let mut memo = self.memo();
        let entry = memo.map.get_mut(&(lang.to_string(), code.to_string()))?;
        entry.used = true;
        Some(entry.html.clone())
    }

    /// Remembers the result of highlighting (`lang`, `code`).
    pub(crate) fn store(&self, lang: &str, code: &str, html: &Option<String>) {
        let mut memo = self.memo();
        memo.fresh += 1;
        memo.insert(lang.to_string(), code.to_string(), html.clone(), true);
    }

    /// The result of kind `kind` (e.g. `"search-index"`) whose inputs have digest `key`, if a build
    /// stored it (with this cache, or in the bytes [`BuildCache::import`]ed). A renderer uses this for work
    /// that depends only on the book, not on highlighting: the key must cover every input.
    pub fn artifact(&self, kind: &str, key: [u8; 16]) -> Option<Vec<u8>> {
        let mut memo = self.memo();
        let a = memo.artifacts.get_mut(kind).filter(|a| a.key == key)?;
        a.used = true;
        Some(a.bytes.clone())
    }

    /// Remembers `bytes` as the result of kind `kind` for inputs with digest `key`, replacing any
    /// other result of that kind.
    pub fn store_artifact(&self, kind: &str, key: [u8; 16], bytes: &[u8]) {
        let mut memo = self.memo();
        memo.fresh += 1;
        memo.artifacts.insert(kind.to_string(), Artifact { key, bytes: bytes.to_vec(), used: true });
    }

    /// The entries looked up or stored since the cache was made or since the last [`BuildCache::import`],
    /// sorted, as bytes for [`BuildCache::import`]. Entries imported but not used are left out, so the cache
    /// follows the book as code blocks are edited or removed.
    pub fn export(&self) -> Vec<u8> {
        let mut memo = self.memo();
        memo.fresh = 0;
        let mut entries: Vec<(&str, &str, Option<&str>)> = memo
            .map
            .iter()
            .filter(|(_, e)| e.used)
            .map(|((lang, code), e)| (lang.as_str(), code.as_str(), e.html.as_deref()))
            .collect();
        entries.sort_unstable();
        let mut artifacts: Vec<(&str, [u8; 16], &[u8])> =
            memo.artifacts.iter().filter(|(_, a)| a.used).map(|(k, a)| (k.as_str(), a.key, &a.bytes[..])).collect();
        artifacts.sort_unstable();
        let file = FileOut { stamp: STAMP, entries, artifacts };
        // Serialising strings into a Vec cannot fail; an empty Vec is an empty (refused) cache.
        codec(u64::MAX).serialize(&file).unwrap_or_default()
    }

    /// False when [`BuildCache::export`] would write what the last [`BuildCache::import`] read: nothing was highlighted
    /// since, and every imported entry was used. A build can then leave its cache file alone.
    pub fn changed_since_import(&self) -> bool {
        let memo = self.memo();
        memo.fresh > 0 || memo.map.values().any(|e| !e.used) || memo.artifacts.values().any(|a| !a.used)
    }

    /// Adds the entries of `bytes` (from [`BuildCache::export`]) to the memo, marked unused; returns how many.
    ///
    /// # Errors
    /// [`CacheError::Stale`] for another version's bytes, [`CacheError::Damaged`] for anything that
    /// is not a complete cache. Nothing is added then.
    pub fn import(&self, bytes: &[u8]) -> Result<usize, CacheError> {
        // Strings are read from the slice, so a length prefix can never ask for more than it holds.
        let limit = (bytes.len() as u64).saturating_mul(2).max(64);
        let file: FileIn = codec(limit).deserialize(bytes).map_err(|e| CacheError::Damaged(e.to_string()))?;
        if file.stamp != STAMP {
            return Err(CacheError::Stale(file.stamp));
        }
        let n = file.entries.len();
        let mut memo = self.memo();
        memo.fresh = 0;
        for (lang, code, html) in file.entries {
            memo.insert(lang, code, html, false);
        }
        for (kind, key, bytes) in file.artifacts {
            memo.artifacts.insert(kind, Artifact { key, bytes, used: false });
        }
        Ok(n)
    }
}

/// The persistent form./// The persistent form. Field order is the byte layout; change [`STAMP`] with it.
#[derive(Serialize)]
struct FileOut<'a> {
    stamp: &'a str,
    entries: Vec<(&'a str, &'a str, Option<&'a str>)>,
    artifacts: Vec<(&'a str, [u8; 16], &'a [u8])>,
}

#[derive(Deserialize)]
struct FileIn {
    stamp: String,
    entries: Vec<(String, String, Option<String>)>,
    artifacts: Vec<(String, [u8; 16], Vec<u8>)>,
}

fn codec(limit: u64) -> impl bincode::Options {
    bincode::DefaultOptions::new().with_limit(limit)
}

/// Why [`BuildCache::import`] refused its bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CacheError {
    /// The bytes were written by another version of Quire or of the highlighter.
    #[error("the highlight cache was written by another version (`{0}`)")]
    Stale(String),
    /// The bytes are not a highlight cache (truncated, or not ours).
    #[error("the highlight cache is damaged: {0}")]
    Damaged(String),
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;
    #[cfg(feature = "syntect")]
    use crate::highlight_html;

    // These use CSS, which syntect highlights: the lexer's languages are not memoised.
    #[cfg(feature = "syntect")]
    #[test]
    fn imported_results_are_used_and_exported_again() {
        let c = BuildCache::new();
        // A code string no other test uses, with a result highlighting would never give: if it
        // comes back, it came from the cache.
        let code = ".cache_test_marker_7f3a { color: red }\n";
        let fake = codec(u64::MAX)
            .serialize(&FileOut { stamp: STAMP, entries: vec![("css", code, Some("FROM-CACHE"))], artifacts: Vec::new() })
            .unwrap_or_default();
        assert_eq!(c.import(&fake), Ok(1));
        assert!(c.changed_since_import(), "an imported entry is not used yet");
        assert_eq!(highlight_html(code, "css", &c).as_deref(), Some("FROM-CACHE"));
        // Used, so exported; the export is importable.
        let again = c.export();
        let file: FileIn = codec(u64::MAX).deserialize(&again).expect("own export reads back");
        assert!(file.entries.iter().any(|(l, c, h)| l == "css" && c == code && h.as_deref() == Some("FROM-CACHE")));
    }

    #[test]
    fn unused_imports_are_not_exported() {
        let c = BuildCache::new();
        let code = ".cache_test_unused_91bc { color: blue }\n";
        let bytes = codec(u64::MAX)
            .serialize(&FileOut { stamp: STAMP, entries: vec![("css", code, None)], artifacts: Vec::new() })
            .unwrap_or_default();
        assert_eq!(c.import(&bytes), Ok(1));
        let file: FileIn = codec(u64::MAX).deserialize(&c.export()).expect("own export reads back");
        assert!(!file.entries.iter().any(|(_, c, _)| c == code));
    }

    #[test]
    fn other_versions_and_garbage_are_refused() {
        let c = BuildCache::new();
        let stale = codec(u64::MAX)
            .serialize(&FileOut { stamp: "quire-highlight/0.0.0/x", entries: vec![("css", "cache_test_stale", Some("X"))], artifacts: Vec::new() })
            .unwrap_or_default();
        assert!(matches!(c.import(&stale), Err(CacheError::Stale(_))));
        assert_eq!(c.lookup("css", "cache_test_stale"), None);
        assert!(matches!(c.import(b"not a cache"), Err(CacheError::Damaged(_))));
        assert!(matches!(c.import(&[]), Err(CacheError::Damaged(_))));
        // A length prefix claiming gigabytes is an error, not an allocation.
        assert!(matches!(c.import(&[0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]), Err(CacheError::Damaged(_))));
        // Truncated: every prefix of a valid cache is refused.
        let good = c.export();
        for cut in [1, good.len() / 2, good.len().saturating_sub(1)] {
            if cut < good.len() {
                assert!(c.import(&good[..cut]).is_err(), "prefix of {cut} bytes accepted");
            }
        }
    }

    #[test]
    fn artifacts_are_kept_by_kind_and_key_and_travel_in_the_cache() {
        let c = BuildCache::new();
        let (k1, k2) = ([1u8; 16], [2u8; 16]);
        assert_eq!(c.artifact("cache-test-kind", k1), None);
        c.store_artifact("cache-test-kind", k1, b"one");
        assert_eq!(c.artifact("cache-test-kind", k1).as_deref(), Some(&b"one"[..]));
        assert_eq!(c.artifact("cache-test-kind", k2), None, "another key is a miss");
        c.store_artifact("cache-test-kind", k2, b"two");
        assert_eq!(c.artifact("cache-test-kind", k1), None, "one result per kind: the latest");
        let file: FileIn = codec(u64::MAX).deserialize(&c.export()).expect("own export reads back");
        assert!(file.artifacts.iter().any(|(k, key, b)| k == "cache-test-kind" && *key == k2 && b == b"two"));
        let bytes = codec(u64::MAX)
            .serialize(&FileOut { stamp: STAMP, entries: Vec::new(), artifacts: vec![("cache-test-other", k1, b"imported")] })
            .unwrap_or_default();
        assert_eq!(c.import(&bytes), Ok(0));
        assert_eq!(c.artifact("cache-test-other", k1).as_deref(), Some(&b"imported"[..]));
    }

    #[cfg(feature = "syntect")]
    #[test]
    fn memo_hit_equals_fresh_result() {
        let c = BuildCache::new();
        let code = ".cache-test-fresh > a { margin: 0 42px }\n";
        let first = highlight_html(code, "css", &c);
        assert!(first.as_deref().is_some_and(|h| h.contains("hl-")));
        assert_eq!(highlight_html(code, "css", &c), first);
    }
}
