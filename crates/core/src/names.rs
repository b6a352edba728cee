//! Output stems and file ordering: every chapter gets a stable, ASCII, file-system and URL safe
//! stem that is unique in the book; plain folders are ordered by natural sort.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::path::Path;

/// Hands out unique output stems.
#[derive(Debug, Default)]
pub struct StemAllocator {
    used: HashSet<String>,
    drafts: usize,
}

impl StemAllocator {
    /// A new allocator with nothing taken.
    pub fn new() -> Self {
        Self::default()
    }

    /// The stem for a chapter whose source is `path` (relative to the source root).
    pub fn for_path(&mut self, path: &Path) -> String {
        self.unique(stem_for(path))
    }

    /// The stem for the next draft chapter: `draft-1`, `draft-2` …
    pub fn for_draft(&mut self) -> String {
        self.drafts += 1;
        self.unique(format!("draft-{}", self.drafts))
    }

    fn unique(&mut self, base: String) -> String {
        // Compare case-insensitively: output may land on a case-insensitive file system.
        if self.used.insert(base.to_ascii_lowercase()) {
            return base;
        }
        let mut n = 2usize;
        loop {
            let candidate = format!("{base}-{n}");
            if self.used.insert(candidate.to_ascii_lowercase()) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// The safe stem for a source path, before uniqueness: extension dropped, `README` becomes
/// `index`, characters outside `[A-Za-z0-9_-]` are mapped (ASCII ones to `-`, runs of other
/// characters to `_` plus a short hash).
pub fn stem_for(path: &Path) -> String {
    let without_ext = path.with_extension("");
    let mut parts: Vec<String> = Vec::new();
    for c in without_ext.components() {
        if let std::path::Component::Normal(s) = c {
            parts.push(sanitize(&s.to_string_lossy()));
        }
    }
    if let Some(last) = parts.last_mut() {
        if last.eq_ignore_ascii_case("readme") {
            *last = "index".to_string();
        }
    }
    let joined = parts.join("/");
    if joined.is_empty() {
        "chapter".to_string()
    } else {
        joined
    }
}

/// Maps one path component to `[A-Za-z0-9_-]`.
fn sanitize(s: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if !run.is_empty() {
            out.push('_');
            out.push_str(&format!("{:08x}", fnv1a(run.as_bytes())));
            run.clear();
        }
    };
    for ch in s.chars() {
        if ch.is_ascii_alphanumeric() || ch == '-' || ch == '_' {
            flush(&mut run, &mut out);
            out.push(ch);
        } else if ch.is_ascii() {
            flush(&mut run, &mut out);
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            run.push(ch);
        }
    }
    flush(&mut run, &mut out);
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "_".to_string()
    } else {
        trimmed.to_string()
    }
}

/// 32-bit FNV-1a: a short stable hash (not for security).
pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Natural ordering: runs of digits compare by value (`ch2` < `ch10`), the rest by text.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    natural_cmp_ci(a, b).then_with(|| a.cmp(b))
}

fn natural_cmp_ci(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let na = take_digits(&mut a);
                let nb = take_digits(&mut b);
                let (ta, tb) = (na.trim_start_matches('0'), nb.trim_start_matches('0'));
                let ord = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb)).then(na.len().cmp(&nb.len()));
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            (Some(x), Some(y)) => {
                let ord = x.to_lowercase().cmp(y.to_lowercase());
                if ord != Ordering::Equal {
                    return ord;
                }
                a.next();
                b.next();
            }
        }
    }
}

fn take_digits(it: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut s = String::new();
    while let Some(c) = it.peek().copied().filter(char::is_ascii_digit) {
        s.push(c);
        it.next();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn stems_are_safe() {
        assert_eq!(stem_for(Path::new("ch1-basic/ch1-01-genesis.md")), "ch1-basic/ch1-01-genesis");
        assert_eq!(stem_for(Path::new("README.md")), "index");
        assert_eq!(stem_for(Path::new("mesos/README.md")), "mesos/index");
        assert_eq!(stem_for(Path::new("my file.md")), "my-file");
        let cjk = stem_for(Path::new("第一章.md"));
        assert!(cjk.starts_with('_') && cjk.len() == 9, "{cjk}");
        assert!(stem_for(Path::new("a/中文 b.md")).chars().all(|c| c.is_ascii_alphanumeric() || "-_/".contains(c)));
    }

    #[test]
    fn stems_are_unique() {
        let mut s = StemAllocator::new();
        assert_eq!(s.for_path(&PathBuf::from("a.md")), "a");
        assert_eq!(s.for_path(&PathBuf::from("a.md")), "a-2");
        assert_eq!(s.for_path(&PathBuf::from("A.md")), "A-3");
        assert_eq!(s.for_path(&PathBuf::from("index.md")), "index");
        assert_eq!(s.for_path(&PathBuf::from("README.md")), "index-2");
        assert_eq!(s.for_draft(), "draft-1");
        assert_eq!(s.for_draft(), "draft-2");
    }

    #[test]
    fn natural_sort() {
        let mut v = vec!["ch10.md", "ch2.md", "ch1.md", "appendix.md", "Ch3.md"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, vec!["appendix.md", "ch1.md", "ch2.md", "Ch3.md", "ch10.md"]);
    }
}
