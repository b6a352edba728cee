//! Reading manuscript files for the loader: every file goes into the book's [`SourceMap`] once
//! (by canonical path), a UTF-8 BOM is stripped, a UTF-16 or UTF-32 BOM (either byte order) is
//! decoded with a note naming the encoding, invalid UTF-8 is decoded lossily with a warning,
//! paths are checked against the book root (and `[quire] allow-paths`), every read goes through
//! the book's [`Source`] (on disk [`crate::safe_read::read_file`]: regular files only, size cap),
//! and the newest modification time is tracked for the build timestamp.

use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::source::{DiskSource, Source, SourceError};
use crate::source_cache::{KeptFile, Noted, SourceCache, Stamp, Step};
use crate::span::{FileId, SourceFile, SourceMap, Span};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// The loader's file reader: owns the source map while the book is being loaded.
#[derive(Debug)]
pub struct Files<'s> {
    /// Where the files are read from.
    pub source: Box<dyn Source + 's>,
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
    /// The largest file that may be read (`[quire] max-file-size`).
    pub max_file_size: u64,
    /// The most text one chapter may grow to by its includes (`[quire] max-include-size`).
    pub max_include_size: u64,
    /// Files and expansions kept from an earlier load ([`crate::load::load_raw_cached`]).
    pub(crate) kept: Option<SourceCache>,
    /// The steps of the expansion being kept (see [`crate::source_cache`]).
    pub(crate) journal: Option<Vec<Noted>>,
}

/// A file read from disk but not yet added to the source map.
#[derive(Debug)]
struct Loaded {
    file: Arc<SourceFile>,
    lossy: bool,
    encoding: Option<&'static str>,
    mtime: Option<i64>,
    /// Its size and modification time when it was read (`None`: the source has no times).
    stamp: Option<Stamp>,
    /// Taken from the kept files, not read.
    reused: bool,
}

/// Reads and decodes the file at `canonical`, recording it under its path relative to `root`;
/// with `kept`, takes the kept text when the file's metadata says it is current (see
/// [`crate::source_cache`]).
fn load(source: &dyn Source, root: &Path, canonical: &Path, max: u64, kept: Option<&SourceCache>) -> Result<Loaded, SourceError> {
    let shown = display_path(root, canonical);
    // The metadata before the bytes: a file changed in between is read again next time.
    let meta = source.metadata(canonical).ok();
    if let (Some(k), Some(m)) = (kept, meta.as_ref()) {
        if let Some(f) = k.current(canonical, m, max, &shown) {
            return Ok(Loaded { file: f.file.clone(), lossy: f.lossy, encoding: f.encoding, mtime: f.mtime, stamp: Some(f.stamp), reused: true });
        }
    }
    let bytes = source.read(canonical, max)?;
    let mtime = meta.as_ref().and_then(|m| m.modified);
    let Decoded { text, lossy, encoding } = decode_text(bytes);
    let file = SourceFile::new(shown, text);
    let file = kept.and_then(|k| k.same_text(canonical, &file)).unwrap_or_else(|| Arc::new(file));
    Ok(Loaded { file, lossy, encoding, mtime, stamp: meta.as_ref().and_then(Stamp::of), reused: false })
}

fn display_path(root: &Path, canonical: &Path) -> PathBuf {
    match canonical.strip_prefix(root) {
        Ok(rel) => PathBuf::from(slash_path(rel)),
        Err(_) => canonical.to_path_buf(),
    }
}

impl Files<'static> {
    /// A reader for the book on disk whose canonical root is `root`.
    pub fn new(root: PathBuf) -> Self {
        Files::with_source(Box::new(DiskSource::new(root.clone())), root)
    }
}

impl<'s> Files<'s> {
    /// A reader for the book in `source` whose canonical root is `root`.
    pub fn with_source(source: Box<dyn Source + 's>, root: PathBuf) -> Self {
        Files {
            source,
            root,
            allow: Vec::new(),
            sources: SourceMap::default(),
            diagnostics: Vec::new(),
            included: HashSet::new(),
            cache: HashMap::new(),
            pending: HashMap::new(),
            newest_mtime: None,
            max_file_size: crate::safe_read::DEFAULT_MAX_FILE_SIZE,
            max_include_size: crate::safe_read::DEFAULT_MAX_INCLUDE_SIZE,
            kept: None,
            journal: None,
        }
    }

    /// The canonical form of `path`, through the source.
    pub fn canonicalize(&self, path: &Path) -> Result<PathBuf, SourceError> {
        self.source.canonicalize(path)
    }

    /// Sets the folders outside the root that may be read (made absolute against the root and
    /// canonicalized; folders that do not exist are skipped).
    pub fn set_allow_paths(&mut self, paths: &[PathBuf]) {
        self.allow = paths
            .iter()
            .filter_map(|p| self.source.canonicalize(&self.root.join(p)).ok())
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
                let canon = self.source.canonicalize(p).ok()?;
                if !self.is_allowed(&canon) || self.cache.contains_key(&canon) || !self.source.is_file(&canon) {
                    return None;
                }
                let file = load(&*self.source, &self.root, &canon, self.max_file_size, self.kept.as_ref()).ok()?;
                Some((canon, file))
            })
            .collect();
        self.pending.extend(loaded);
    }

    /// Reads the file at canonical path `canonical` (once; later calls return the same id).
    pub fn read(&mut self, canonical: &Path) -> Result<FileId, SourceError> {
        let since = self.diagnostics.len();
        let result = self.read_once(canonical);
        if self.journal.is_some() {
            let got = result.as_ref().ok().and_then(|id| Some((*id, self.sources.shared(*id)?.clone())));
            self.note(Step::Read { path: canonical.to_path_buf(), got }, since);
        }
        result
    }

    fn read_once(&mut self, canonical: &Path) -> Result<FileId, SourceError> {
        if let Some(id) = self.cache.get(canonical) {
            return Ok(*id);
        }
        let Loaded { file, lossy, encoding, mtime, stamp, reused } = match self.pending.remove(canonical) {
            Some(loaded) => loaded,
            None => load(&*self.source, &self.root, canonical, self.max_file_size, self.kept.as_ref())?,
        };
        if let Some(secs) = mtime {
            self.newest_mtime = Some(self.newest_mtime.map_or(secs, |n| n.max(secs)));
        }
        if let Some(k) = self.kept.as_mut() {
            let keep = stamp.map(|stamp| KeptFile { stamp, file: file.clone(), lossy, encoding, mtime });
            k.keep_file(canonical, keep, reused);
        }
        let path = file.path.clone();
        let id = self.sources.add_shared(file);
        if lossy {
            self.diagnostics.push(
                Diagnostic::warning(
                    Code::InvalidUtf8,
                    format!("{} is not valid UTF-8; invalid bytes were replaced", path.display()),
                )
                .with_span(Span::file_start(id))
                .with_hint("save the file as UTF-8"),
            );
        }
        if let Some(enc) = encoding {
            self.diagnostics.push(
                Diagnostic::note(Code::TextEncoding, format!("{} is {enc} (it starts with a byte-order mark); decoded as such", path.display()))
                    .with_span(Span::file_start(id))
                    .with_hint("save the file as UTF-8 so that other tools read it too"),
            );
        }
        self.cache.insert(canonical.to_path_buf(), id);
        Ok(id)
    }

    /// Records an included path looked up while an expansion is kept, and what it resolved to.
    pub(crate) fn note_lookup(&mut self, target: &Path, found: Option<&PathBuf>) {
        if self.journal.is_some() {
            let since = self.diagnostics.len();
            self.note(Step::Lookup { target: target.to_path_buf(), found: found.cloned() }, since);
        }
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

/// Decodes file bytes: strips a UTF-8 BOM, and decodes invalid UTF-8 lossily. The flag is true
/// when bytes were replaced. UTF-16 and UTF-32 are not recognised here; see [`decode_text`].
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

/// Text decoded from a file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text (BOM removed).
    pub text: String,
    /// True when invalid sequences were replaced with U+FFFD.
    pub lossy: bool,
    /// The encoding a UTF-16 or UTF-32 byte-order mark named (`None` for UTF-8).
    pub encoding: Option<&'static str>,
}

/// Decodes file bytes by their byte-order mark: UTF-32 LE/BE (checked first, since the UTF-32LE
/// mark begins with the UTF-16LE one), UTF-16 LE/BE, else UTF-8 as in [`decode`].
pub fn decode_text(bytes: Vec<u8>) -> Decoded {
    let utf32 = |rest: &[u8], be: bool| -> (String, bool) {
        let mut lossy = !rest.len().is_multiple_of(4);
        let text = rest
            .chunks_exact(4)
            .map(|c| {
                let b = [c[0], c[1], c[2], c[3]];
                let n = if be { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) };
                char::from_u32(n).unwrap_or_else(|| {
                    lossy = true;
                    char::REPLACEMENT_CHARACTER
                })
            })
            .collect();
        (text, lossy)
    };
    let utf16 = |rest: &[u8], be: bool| -> (String, bool) {
        let mut lossy = !rest.len().is_multiple_of(2);
        let units = rest.chunks_exact(2).map(|c| if be { u16::from_be_bytes([c[0], c[1]]) } else { u16::from_le_bytes([c[0], c[1]]) });
        let text = char::decode_utf16(units)
            .map(|r| {
                r.unwrap_or_else(|_| {
                    lossy = true;
                    char::REPLACEMENT_CHARACTER
                })
            })
            .collect();
        (text, lossy)
    };
    let (decoded, encoding) = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE, 0, 0]) {
        (utf32(rest, false), "UTF-32LE")
    } else if let Some(rest) = bytes.strip_prefix(&[0, 0, 0xFE, 0xFF]) {
        (utf32(rest, true), "UTF-32BE")
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (utf16(rest, false), "UTF-16LE")
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (utf16(rest, true), "UTF-16BE")
    } else {
        let (text, lossy) = decode(bytes);
        return Decoded { text, lossy, encoding: None };
    };
    Decoded { text: decoded.0, lossy: decoded.1, encoding: Some(encoding) }
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
    fn utf16_and_utf32_boms_are_decoded() {
        let text = "# Tïtle 中𝄞\n";
        let u16le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let u16be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        let u32le: Vec<u8> = [0xFF, 0xFE, 0, 0].into_iter().chain(text.chars().flat_map(|c| (c as u32).to_le_bytes())).collect();
        let u32be: Vec<u8> = [0, 0, 0xFE, 0xFF].into_iter().chain(text.chars().flat_map(|c| (c as u32).to_be_bytes())).collect();
        for (bytes, enc) in [(u16le, "UTF-16LE"), (u16be, "UTF-16BE"), (u32le, "UTF-32LE"), (u32be, "UTF-32BE")] {
            assert_eq!(decode_text(bytes), Decoded { text: text.to_string(), lossy: false, encoding: Some(enc) });
        }
        // A lone surrogate and an odd trailing byte are replaced, and flagged.
        let d = decode_text(vec![0xFF, 0xFE, 0x00, 0xD8, b'a', 0, 7]);
        assert_eq!((d.text.as_str(), d.lossy), ("\u{FFFD}a", true));
        assert_eq!(decode_text(b"plain".to_vec()).encoding, None);
    }

    #[test]
    fn normalizing() {
        assert_eq!(normalize(Path::new("./a/../b/./c.md")), PathBuf::from("b/c.md"));
        assert_eq!(normalize(Path::new("../x.md")), PathBuf::from("../x.md"));
        assert_eq!(slash_path(Path::new("a/b/c.md")), "a/b/c.md");
    }
}
