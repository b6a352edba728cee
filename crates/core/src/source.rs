//! Where a book's files come from: the [`Source`] trait, through which loading and resolution
//! read every file (the config, `SUMMARY.md`, chapters, includes, folder listings, images and the
//! cover), as typst's `World` does for a document. [`DiskSource`] reads a book folder on disk;
//! [`MemorySource`] holds a book in memory (tests, fuzzing, a tool that builds a book it never
//! writes out) and never touches the disk.
//!
//! **Paths.** Every path the loader passes is absolute: it is the canonical root (what
//! [`Source::canonicalize`] makes of [`Source::root`]) joined with a path from the book. Relative
//! paths would not do: `[book] src` and `[quire] allow-paths` may name folders outside the root,
//! which a root-relative path could only reach with `..`, and the loader keys its files, its
//! root checks and its messages by the canonical path.
//!
//! **Safety rules.** The loader, not the source, decides which paths may be read: it
//! canonicalizes a path through the source, then refuses it unless it lies under the root or an
//! `allow-paths` folder ([`crate::files::Files::is_allowed`], `path-escape`). A source refuses
//! what it cannot read safely: [`DiskSource`] keeps [`crate::safe_read`]'s rules (regular files
//! only, symlinks followed, at most `max` bytes), and [`MemorySource`] refuses folders and files
//! over `max` with the same [`ReadError`]s, hence the same diagnostic codes.

use crate::safe_read::ReadError;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Why a source could not give a file.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// An error of the operating system (disk sources).
    #[error(transparent)]
    Io(std::io::Error),
    /// The file was refused: not a regular file, or over a size cap.
    #[error(transparent)]
    Refused(ReadError),
    /// Nothing at this path (in-memory sources).
    #[error("no file at {}", .0.display())]
    NotFound(PathBuf),
}

impl From<std::io::Error> for SourceError {
    /// An I/O error, unwrapping a [`ReadError`] that [`crate::safe_read`] put inside one.
    fn from(e: std::io::Error) -> Self {
        if crate::safe_read::refusal(&e).is_none() {
            return SourceError::Io(e);
        }
        let kind = e.kind();
        match e.into_inner().map(|inner| inner.downcast::<ReadError>()) {
            Some(Ok(r)) => SourceError::Refused(*r),
            Some(Err(other)) => SourceError::Io(std::io::Error::new(kind, other)),
            None => SourceError::Io(kind.into()),
        }
    }
}

impl From<ReadError> for SourceError {
    fn from(r: ReadError) -> Self {
        SourceError::Refused(r)
    }
}

impl SourceError {
    /// The refusal inside, if the file was refused rather than missing or unreadable.
    pub fn refusal(&self) -> Option<&ReadError> {
        match self {
            SourceError::Refused(r) => Some(r),
            _ => None,
        }
    }

    /// The diagnostic code of this error: the refusal's own ([`ReadError::code`]), else
    /// `fallback`.
    pub fn code(&self, fallback: crate::diag::Code) -> crate::diag::Code {
        self.refusal().map_or(fallback, ReadError::code)
    }

    /// A hint for the author: the refusal's own, else `fallback`.
    pub fn hint<'a>(&self, fallback: &'a str) -> &'a str {
        self.refusal().map_or(fallback, |r| r.hint())
    }

    /// True when nothing is at the path.
    pub fn is_not_found(&self) -> bool {
        match self {
            SourceError::Io(e) => e.kind() == std::io::ErrorKind::NotFound,
            SourceError::NotFound(_) => true,
            SourceError::Refused(_) => false,
        }
    }
}

/// What is at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileKind {
    /// A regular file.
    File,
    /// A folder.
    Dir,
    /// A symbolic link (only in [`Source::read_dir`] listings, which do not follow links).
    Symlink,
    /// Anything else (a FIFO, socket or device), named for messages.
    Other(&'static str),
}

/// What [`Source::metadata`] tells about a path (symbolic links followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Metadata {
    /// File, folder or something else.
    pub kind: FileKind,
    /// The size in bytes.
    pub len: u64,
    /// The modification time in Unix seconds, when the source has one (it feeds the build
    /// timestamp when `SOURCE_DATE_EPOCH` is not set).
    pub modified: Option<i64>,
    /// The modification time in full precision, when the source has one: with the size, what
    /// tells a [`crate::source_cache::SourceCache`] that a file is unchanged.
    pub modified_at: Option<std::time::SystemTime>,
}

impl Metadata {
    /// Metadata of the given kind and size, without a modification time.
    pub fn new(kind: FileKind, len: u64) -> Self {
        Metadata { kind, len, modified: None, modified_at: None }
    }

    /// True for a regular file.
    pub fn is_file(&self) -> bool {
        self.kind == FileKind::File
    }

    /// True for a folder.
    pub fn is_dir(&self) -> bool {
        self.kind == FileKind::Dir
    }
}

/// One entry of a folder listing.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DirEntry {
    /// The entry's file name.
    pub name: OsString,
    /// What it is, symbolic links not followed.
    pub kind: FileKind,
}

/// The files of a book, as the loader reads them. See the [module documentation](self) for the
/// path convention and who enforces which rule.
///
/// `Book::load_from` takes `&impl Source` (a `&dyn Source` works too: `dyn Source` implements
/// it); inside, the loader holds a `&dyn Source`, so the loader is compiled once, not once per
/// source type.
pub trait Source: std::fmt::Debug + Send + Sync {
    /// Where the book was asked for: a folder, or a `book.toml`, `book.json`, `book.ini` or
    /// `SUMMARY.md` inside one. The loader canonicalizes it and finds the book's root from it.
    fn root(&self) -> &Path;

    /// The canonical form of an absolute `path`: `.` and `..` folded and symbolic links followed.
    /// An error when nothing is there.
    fn canonicalize(&self, path: &Path) -> Result<PathBuf, SourceError>;

    /// What is at `path` (symbolic links followed).
    fn metadata(&self, path: &Path) -> Result<Metadata, SourceError>;

    /// The bytes of the regular file at `path`, refused ([`ReadError`]) when it is not a regular
    /// file or holds more than `max` bytes.
    fn read(&self, path: &Path, max: u64) -> Result<Vec<u8>, SourceError>;

    /// The entries of the folder at `path`, in any order.
    fn read_dir(&self, path: &Path) -> Result<Vec<DirEntry>, SourceError>;

    /// True when something is at `path`.
    fn exists(&self, path: &Path) -> bool {
        self.metadata(path).is_ok()
    }

    /// True when a regular file is at `path`.
    fn is_file(&self, path: &Path) -> bool {
        self.metadata(path).is_ok_and(|m| m.is_file())
    }

    /// True when a folder is at `path`.
    fn is_dir(&self, path: &Path) -> bool {
        self.metadata(path).is_ok_and(|m| m.is_dir())
    }
}

/// A reference or a shared pointer to a source is a source.
macro_rules! forward_source {
    ($($ty:ty),*) => {$(
        impl<S: Source + ?Sized> Source for $ty {
            fn root(&self) -> &Path {
                (**self).root()
            }
            fn canonicalize(&self, path: &Path) -> Result<PathBuf, SourceError> {
                (**self).canonicalize(path)
            }
            fn metadata(&self, path: &Path) -> Result<Metadata, SourceError> {
                (**self).metadata(path)
            }
            fn read(&self, path: &Path, max: u64) -> Result<Vec<u8>, SourceError> {
                (**self).read(path, max)
            }
            fn read_dir(&self, path: &Path) -> Result<Vec<DirEntry>, SourceError> {
                (**self).read_dir(path)
            }
        }
    )*};
}

forward_source!(&S, Arc<S>);

/// A book folder on disk. Reads go through [`crate::safe_read::read_file`]: symbolic links are
/// followed, anything but a regular file is refused without being opened, and at most `max`
/// bytes are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskSource {
    root: PathBuf,
}

impl DiskSource {
    /// The book at `path`: a folder, or a `book.toml`, `book.json`, `book.ini` or `SUMMARY.md`
    /// inside one.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        DiskSource { root: path.into() }
    }
}

impl Source for DiskSource {
    fn root(&self) -> &Path {
        &self.root
    }

    fn canonicalize(&self, path: &Path) -> Result<PathBuf, SourceError> {
        Ok(std::fs::canonicalize(path)?)
    }

    fn metadata(&self, path: &Path) -> Result<Metadata, SourceError> {
        let meta = std::fs::metadata(path)?;
        let ft = meta.file_type();
        let kind = if ft.is_file() {
            FileKind::File
        } else if ft.is_dir() {
            FileKind::Dir
        } else {
            FileKind::Other(crate::safe_read::kind_name(ft))
        };
        Ok(Metadata { kind, len: meta.len(), modified: mtime_secs(&meta), modified_at: meta.modified().ok() })
    }

    fn read(&self, path: &Path, max: u64) -> Result<Vec<u8>, SourceError> {
        Ok(crate::safe_read::read_file(path, max)?)
    }

    fn read_dir(&self, path: &Path) -> Result<Vec<DirEntry>, SourceError> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(path)?.flatten() {
            let Ok(ft) = entry.file_type() else { continue };
            let kind = if ft.is_symlink() {
                FileKind::Symlink
            } else if ft.is_dir() {
                FileKind::Dir
            } else if ft.is_file() {
                FileKind::File
            } else {
                FileKind::Other(crate::safe_read::kind_name(ft))
            };
            out.push(DirEntry { name: entry.file_name(), kind });
        }
        Ok(out)
    }
}

fn mtime_secs(meta: &std::fs::Metadata) -> Option<i64> {
    let t = meta.modified().ok()?;
    let d = t.duration_since(std::time::UNIX_EPOCH).ok()?;
    i64::try_from(d.as_secs()).ok()
}

/// A book held in memory: a map from paths relative to the book root to bytes. It never touches
/// the disk. Its root is the virtual folder [`MemorySource::ROOT`]; folders exist implicitly
/// (every folder on the way to a file), files have no modification time (the build timestamp is
/// `SOURCE_DATE_EPOCH`, else 0).
///
/// Files beside the book may be given as `../x` (they stand for `/x` next to the root `/book`):
/// as on disk, the loader refuses to read them (`path-escape`) unless `[quire] allow-paths`
/// names their folder, and a `../` path to a file that is not there is simply missing.
///
/// ```
/// use quire_core::source::MemorySource;
/// let book = MemorySource::new()
///     .file("SUMMARY.md", "- [One](one.md)\n")
///     .file("one.md", "# One\n\nText.\n");
/// let book = quire_core::Book::load_from(&book).expect("loads");
/// assert_eq!(book.chapters[0].title, "One");
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemorySource {
    files: BTreeMap<PathBuf, Arc<[u8]>>,
}

impl MemorySource {
    /// The virtual root folder of every in-memory book (what [`Book::root`](crate::Book::root)
    /// is for it, and what messages show in front of a missing file's path).
    pub const ROOT: &'static str = "/book";

    /// An empty book.
    pub fn new() -> Self {
        MemorySource::default()
    }

    /// Adds (or replaces) the file at `path`, relative to the book root (`src/chapter.md`).
    pub fn file(mut self, path: impl AsRef<Path>, bytes: impl Into<Vec<u8>>) -> Self {
        self.insert(path, bytes);
        self
    }

    /// Adds (or replaces) the file at `path`, relative to the book root (a leading `/` is
    /// dropped; `../x` is a file beside the book).
    pub fn insert(&mut self, path: impl AsRef<Path>, bytes: impl Into<Vec<u8>>) {
        let rel: PathBuf = path.as_ref().components().filter(|c| !matches!(c, Component::RootDir | Component::Prefix(_))).collect();
        self.files.insert(Self::key(&rel), Arc::from(bytes.into()));
    }

    /// The paths of the files, relative to the root, in order.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.keys().map(PathBuf::as_path)
    }

    /// The map key of a path (absolute, or relative to the root): relative to the root, with
    /// one leading `..` for a path beside it.
    fn key(path: &Path) -> PathBuf {
        let abs = fold(&Path::new(Self::ROOT).join(path));
        match abs.strip_prefix(Self::ROOT) {
            Ok(rel) => rel.to_path_buf(),
            Err(_) => Path::new("..").join(abs.strip_prefix("/").unwrap_or(&abs)),
        }
    }

    /// The files under the folder `key` (and `key` itself, if it is a file): a range of the
    /// map, since paths order component by component.
    fn under<'a>(&'a self, key: &'a Path) -> impl Iterator<Item = &'a PathBuf> + 'a {
        use std::ops::Bound;
        self.files
            .range::<Path, _>((Bound::Included(key), Bound::Unbounded))
            .map(|(k, _)| k)
            .take_while(move |k| k.starts_with(key))
    }

    fn is_folder(&self, key: &Path) -> bool {
        key.as_os_str().is_empty() || self.under(key).any(|k| k != key)
    }
}

/// Folds `.` and `x/..` lexically; `..` above a root stays at the root, and a leading `..` of a
/// relative path is kept.
fn fold(path: &Path) -> PathBuf {
    crate::files::normalize(path)
}

impl Source for MemorySource {
    fn root(&self) -> &Path {
        Path::new(Self::ROOT)
    }

    fn canonicalize(&self, path: &Path) -> Result<PathBuf, SourceError> {
        let abs = fold(&Path::new(Self::ROOT).join(path));
        let key = Self::key(path);
        if self.files.contains_key(&key) || self.is_folder(&key) {
            Ok(abs)
        } else {
            Err(SourceError::NotFound(abs))
        }
    }

    fn metadata(&self, path: &Path) -> Result<Metadata, SourceError> {
        let not_found = || SourceError::NotFound(path.to_path_buf());
        let key = Self::key(path);
        match self.files.get(&key) {
            Some(bytes) => Ok(Metadata::new(FileKind::File, bytes.len() as u64)),
            None if self.is_folder(&key) => Ok(Metadata::new(FileKind::Dir, 0)),
            None => Err(not_found()),
        }
    }

    fn read(&self, path: &Path, max: u64) -> Result<Vec<u8>, SourceError> {
        let not_found = || SourceError::NotFound(path.to_path_buf());
        let key = Self::key(path);
        match self.files.get(&key) {
            Some(bytes) if bytes.len() as u64 > max => Err(ReadError::TooLarge { size: bytes.len() as u64, max }.into()),
            Some(bytes) => Ok(bytes.to_vec()),
            None if self.is_folder(&key) => Err(ReadError::NotAFile("folder").into()),
            None => Err(not_found()),
        }
    }

    fn read_dir(&self, path: &Path) -> Result<Vec<DirEntry>, SourceError> {
        let not_found = || SourceError::NotFound(path.to_path_buf());
        let key = Self::key(path);
        if !self.is_folder(&key) {
            return Err(not_found());
        }
        let mut out: Vec<DirEntry> = Vec::new();
        for k in self.under(&key) {
            let Ok(rest) = k.strip_prefix(&key) else { continue };
            let mut parts = rest.components();
            let Some(Component::Normal(name)) = parts.next() else { continue };
            let kind = if parts.next().is_some() { FileKind::Dir } else { FileKind::File };
            // Siblings are contiguous in the map: a repeat is always the last entry.
            if out.last().is_none_or(|e| e.name != name) {
                out.push(DirEntry { name: name.to_os_string(), kind });
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
#[path = "source_tests.rs"]
mod tests;
