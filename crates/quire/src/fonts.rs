//! Font files for the PDF and EPUB renderers: every `*.otf`, `*.ttf` and `*.ttc` of a folder,
//! sorted by file name (so the fallback order is stable and can be set by naming files
//! `01-…`, `02-…`).

use crate::error::{Error, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The environment variable that overrides the default font folder.
pub const FONTS_DIR_ENV: &str = "QUIRE_FONTS_DIR";

/// A font file: its file name and bytes.
pub type FontFile = (String, Arc<[u8]>);

/// Reads every font file in `dir`, sorted by file name. A missing folder or an unreadable file
/// yields fewer fonts rather than an error; use [`try_load_dir`] to see errors.
pub fn load_dir(dir: impl AsRef<Path>) -> Vec<FontFile> {
    let dir = dir.as_ref();
    let mut fonts = Vec::new();
    for path in font_paths(dir).unwrap_or_default() {
        if let (Some(name), Ok(bytes)) = (file_name(&path), std::fs::read(&path)) {
            fonts.push((name, Arc::from(bytes)));
        }
    }
    fonts
}

/// Like [`load_dir`], but fails when the folder or a font file cannot be read.
pub fn try_load_dir(dir: impl AsRef<Path>) -> Result<Vec<FontFile>> {
    let dir = dir.as_ref();
    let paths = font_paths(dir).map_err(|e| Error::io("cannot read", dir, e))?;
    // 15 MB of shipped fonts: read them from both cores (order kept).
    let read: Vec<Result<Option<FontFile>>> = paths
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|e| Error::io("cannot read", path, e))?;
            Ok(file_name(path).map(|name| (name, Arc::from(bytes))))
        })
        .collect();
    read.into_iter().filter_map(Result::transpose).collect()
}

/// The default font folder: `$QUIRE_FONTS_DIR` if set, else `<executable's folder>/../share/quire/fonts`
/// if it exists (an installed Quire), else the `fonts/` folder of the Quire source tree.
pub fn default_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(FONTS_DIR_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    if let Some(dir) = installed_dir().filter(|d| d.is_dir()) {
        return dir;
    }
    let repo = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fonts"));
    repo.canonicalize().unwrap_or(repo)
}

fn installed_dir() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.join("../share/quire/fonts"))
}

fn is_font(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["otf", "ttf", "ttc"].iter().any(|x| e.eq_ignore_ascii_case(x)))
}

fn file_name(path: &Path) -> Option<String> {
    path.file_name().map(|n| n.to_string_lossy().into_owned())
}

fn font_paths(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && is_font(p))
        .collect();
    paths.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(paths)
}
