//! The build cache in `<out>/.quire-cache/`: results that a later build of the same book may
//! reuse. Today it holds the highlighted HTML of code blocks ([`quire_highlight::cache`]),
//! the largest cost of an HTML or EPUB build of a code-heavy book, and the site's search index.
//! A cached result is exactly what the work would give, so the outputs are byte-identical with
//! or without a cache; delete the folder (or pass `--no-cache`) to build from nothing.

use crate::error::{Error, Result};
use quire_highlight::BuildCache;
use std::path::{Path, PathBuf};

/// The cache folder of the output folder `out`.
pub fn dir(out: &Path) -> PathBuf {
    out.join(".quire-cache")
}

fn highlight_file(out: &Path) -> PathBuf {
    dir(out).join("highlight.bin")
}

/// What [`load`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// No cache yet.
    Absent,
    /// This many highlighted blocks were loaded.
    Entries(usize),
    /// The file was refused (another version, or damaged); the build highlights from scratch and
    /// [`save`] replaces it.
    Refused(String),
}

/// Loads the cache of the output folder `out` into `cache`.
pub fn load(out: &Path, cache: &BuildCache) -> Loaded {
    let path = highlight_file(out);
    match std::fs::read(&path) {
        Ok(bytes) => match cache.import(&bytes) {
            Ok(n) => Loaded::Entries(n),
            Err(e) => Loaded::Refused(e.to_string()),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Loaded::Absent,
        Err(e) => Loaded::Refused(format!("cannot read {}: {e}", path.display())),
    }
}

/// Saves what the builds that used `cache` used into the cache folder of `out`, unless `loaded` (what [`load`]
/// found) says it already holds exactly that. Written to a temporary file
/// and renamed, not flushed to disk (a torn cache file is refused as damaged by the next build,
/// which then works from scratch).
///
/// # Errors
/// [`Error::Io`] when the folder or file cannot be written.
pub fn save(out: &Path, cache: &BuildCache, loaded: &Loaded) -> Result<()> {
    let path = highlight_file(out);
    if matches!(loaded, Loaded::Entries(_)) && !cache.changed_since_import() {
        return Ok(());
    }
    let bytes = cache.export();
    let folder = dir(out);
    std::fs::create_dir_all(&folder).map_err(|e| Error::io("cannot create", &folder, e))?;
    let tmp = folder.join(format!(".highlight.bin.tmp-{}", std::process::id()));
    std::fs::write(&tmp, &bytes)
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::io("cannot write", &path, e)
        })
}
