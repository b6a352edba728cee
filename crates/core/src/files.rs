//! Reading manuscript files for the loader: every file goes into the book's [`SourceMap`] once
//! (by canonical path), a UTF-8 BOM is stripped, invalid UTF-8 is decoded lossily with a warning,
//! paths are checked against the book root (and `[quire] allow-paths`), and the newest
//! modification time is tracked for the build timestamp.

use crate::diag::Diagnostic;
use crate::span::{FileId, SourceFile, SourceMap, Span};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// The loader's file reader: owns the source map while the book is being loaded.
#[derive(Debug, Default)]
pub struct Files {
    /// Canonical book root.
    pub root: PathBuf,
    /// Canonical folders outside the root that may be read.
    pub allow: Vec<PathBuf>,
    /// Every file read so far.
    pub sources: SourceMap,
    /// Problems found while reading (invalid UTF-8).
    pub diagnostics: Vec<Diagnostic>,
    /// Canonical paths of files read as includes.
    pub included: HashSet<PathBuf>,
    cache: HashMap<PathBuf, FileId>,
    /// Files read ahead by [`Files::prefetch`], not yet given an id.
    pending: HashMap<PathBuf, Loaded>,
    newest_mtime: Option<i64>,
}

/// A file read from disk but not yet added to the source map.
#[derive(Debug)]
struct Loaded {
    file: SourceFile,
    lossy: bool,
    mtime: Option<i64>,
}

/// Reads and decodes the file at `canonical`, recording it under its path relative to `root`.
fn load(root: &Path, canonical: &Path) -> std::io::Result<Loaded> {
    let bytes = std::fs::read(canonical)?;
    let mtime = std::fs::metadata(canonical).ok().and_then(|m| mtime_secs(&m));
    let (text, lossy) = decode(bytes);
    Ok(Loaded { file: SourceFile::new(display_path(root, canonical), text), lossy, mtime })
}

fn display_path(root: &Path, canonical: &Path) -> PathBuf {
    match canonical.strip_prefix(root) {
        Ok(rel) => PathBuf::from(slash_path(rel)),
        Err(_) => canonical.to_path_buf(),
    }
}

impl Files {
    /// A reader for the book whose canonical root is `root`.
    pub fn new(root: PathBuf) -> Self {
        Files { root, ..Files::default() }
    }

    /// Sets the folders outside the root that may be read (made absolute against the root and
    /// canonicalized; folders that do not exist are skipped).
    pub fn set_allow_paths(&mut self, paths: &[PathBuf]) {
        self.allow = paths
            .iter()
            .filter_map(|p| std::fs::canonicalize(self.root.join(p)).ok())
            .collect();
    }

    /// True when a canonical path lies inside the root or an allowed folder.
    pub fn is_allowed(&self, canonical: &Path) -> bool {
        canonical.starts_with(&self.root) || self.allow.iter().any(|a| canonical.starts_with(a))
    }

    /// The path to record for a file: relative to the root with `/` separators, or the absolute
    /// path for a file outside it.
    pub fn display_path(&self, canonical: &Path) -> PathBuf {
        display_path(&self.root, canonical)
    }

    /// Reads the files at `paths` ahead, in parallel (rayon), so that later [`Files::read`] calls
    /// find them in memory. Paths that do not exist, are folders, lie outside the allowed folders
    /// or were read already are skipped. Ids, diagnostics and the timestamp are still assigned by
    /// `read`, in the order it is called, so the result does not depend on prefetching.
    pub fn prefetch(&mut self, paths: &[PathBuf]) {
        use rayon::prelude::*;
        let loaded: Vec<(PathBuf, Loaded)> = paths
            .par_iter()
            .filter_map(|p| {
                let canon = std::fs::canonicalize(p).ok()?;
                if !self.is_allowed(&canon) || self.cache.contains_key(&canon) || !canon.is_file() {
                    return None;
                }
                let file = load(&self.root, &canon).ok()?;
                Some((canon, file))
            })
            .collect();
        self.pending.extend(loaded);
    }

    /// Reads the file at canonical path `canonical` (once; later calls return the same id).
    pub fn read(&mut self, canonical: &Path) -> std::io::Result<FileId> {
        if let Some(id) = self.cache.get(canonical) {
            return Ok(*id);
        }
        let Loaded { file, lossy, mtime } = match self.pending.remove(canonical) {
            Some(loaded) => loaded,
            None => load(&self.root, canonical)?,
        };
        if let Some(secs) = mtime {
            self.newest_mtime = Some(self.newest_mtime.map_or(secs, |n| n.max(secs)));
        }
        let path = file.path.clone();
        let id = self.sources.add(file);
        if lossy {
            self.diagnostics.push(
                Diagnostic::warning(
                    "invalid-utf8",
                    format!("{} is not valid UTF-8; invalid bytes were replaced", path.display()),
                )
                .with_span(Span::file_start(id))
                .with_hint("save the file as UTF-8"),
            );
        }
        self.cache.insert(canonical.to_path_buf(), id);
        Ok(id)
    }

    /// Records a file that is only named in a diagnostic (its text is not needed).
    pub fn add_unread(&mut self, canonical: &Path) -> FileId {
        if let Some(id) = self.cache.get(canonical) {
            return *id;
        }
        let path = self.display_path(canonical);
        let id = self.sources.add(SourceFile::new(path, String::new()));
        self.cache.insert(canonical.to_path_buf(), id);
        id
    }

    /// The text of a file read before (empty if unknown).
    pub fn text(&self, id: FileId) -> &str {
        self.sources.get(id).map(|f| f.text.as_str()).unwrap_or("")
    }

    /// The newest modification time of the files read, in Unix seconds.
    pub fn newest_mtime(&self) -> Option<i64> {
        self.newest_mtime
    }
}

fn mtime_secs(meta: &std::fs::Metadata) -> Option<i64> {
    let t = meta.modified().ok()?;
    let d = t.duration_since(std::time::UNIX_EPOCH).ok()?;
    i64::try_from(d.as_secs()).ok()
}

/// Decodes file bytes: strips a UTF-8 BOM, and decodes invalid UTF-8 lossily. The flag is true
/// when bytes were replaced.
pub fn decode(bytes: Vec<u8>) -> (String, bool) {
    let bytes = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(s) => (s, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    }
}

/// A relative path with `/` separators.
pub fn slash_path(p: &Path) -> String {
    let parts: Vec<String> = p
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".to_string()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

/// Removes `.` components and folds `x/..` pairs, without touching the file system. Leading `..`
/// components are kept.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir) | Some(Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// Decodes `%XX` escapes: the one decoder of the crate, [`crate::resolve::paths::percent_decode`].
pub fn percent_decode(s: &str) -> String {
    crate::resolve::paths::percent_decode(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_stripped_and_bad_utf8_is_lossy() {
        assert_eq!(decode(b"\xEF\xBB\xBFhi".to_vec()), ("hi".to_string(), false));
        let (s, lossy) = decode(b"a\xFFb".to_vec());
        assert!(lossy);
        assert_eq!(s, "a\u{FFFD}b");
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("my%20file.md"), "my file.md");
        assert_eq!(percent_decode("%E4%B8%AD.md"), "中.md");
        assert_eq!(percent_decode("100%.md"), "100%.md");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn normalizing() {
        assert_eq!(normalize(Path::new("./a/../b/./c.md")), PathBuf::from("b/c.md"));
        assert_eq!(normalize(Path::new("../x.md")), PathBuf::from("../x.md"));
        assert_eq!(slash_path(Path::new("a/b/c.md")), "a/b/c.md");
    }
}
