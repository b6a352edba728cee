//! Font files for the PDF and EPUB renderers: every `*.otf`, `*.ttf` and `*.ttc` of a folder,
//! sorted by file name (so the fallback order is stable and can be set by naming files
//! `01-…`, `02-…`), and where a build's fonts come from ([`FontSources`]): a folder the user
//! names, then the default set — the fonts built into the binary (cargo feature
//! `embedded-fonts`, on by default), or a shipped folder next to an installed binary.

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
/// if it exists (an installed Quire), else the `fonts/` folder of the Quire source tree this was
/// compiled in. A build with the `embedded-fonts` feature needs no folder: see
/// [`FontSources::discover`], which `publish` uses.
pub fn default_dir() -> PathBuf {
    if let Some(dir) = env_dir() {
        return dir;
    }
    if let Some(dir) = installed_dir().filter(|d| d.is_dir()) {
        return dir;
    }
    source_tree_dir()
}

fn env_dir() -> Option<PathBuf> {
    std::env::var_os(FONTS_DIR_ENV).filter(|v| !v.is_empty()).map(PathBuf::from)
}

fn source_tree_dir() -> PathBuf {
    let repo = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fonts"));
    repo.canonicalize().unwrap_or(repo)
}

/// The set of fonts every build has after the user's folder.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DefaultSet {
    /// The fonts built into the binary (cargo feature `embedded-fonts`).
    BuiltIn,
    /// The fonts of a folder: a shipped `<bin>/../share/quire/fonts`, or, in a build without the
    /// `embedded-fonts` feature, the `fonts/` folder of the source tree it was compiled in.
    Folder(PathBuf),
    /// None: only the user's folder (and the installed system fonts, added later).
    Nothing,
}

impl DefaultSet {
    /// The shipped folder next to the executable when there is one (a packager's choice wins),
    /// else the built-in fonts, else (without the feature) the source tree's `fonts/`.
    pub fn discover() -> DefaultSet {
        if let Some(dir) = installed_dir().filter(|d| d.is_dir()) {
            return DefaultSet::Folder(dir);
        }
        if cfg!(feature = "embedded-fonts") {
            DefaultSet::BuiltIn
        } else {
            DefaultSet::Folder(source_tree_dir())
        }
    }
}

/// Where a build's fonts come from, in fallback order: the user's `folder` first (its faces win
/// where both have one), then the [`DefaultSet`]. Installed system fonts come after both (see
/// [`crate::system_fonts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FontSources {
    /// A folder the user named (`--fonts`, else `$QUIRE_FONTS_DIR`).
    pub folder: Option<PathBuf>,
    /// The fonts after it.
    pub default_set: DefaultSet,
}

/// What one source gave (for `publish build --verbose`).
#[derive(Debug)]
#[non_exhaustive]
pub struct LoadedPart {
    /// The folder the fonts came from; `None` for the fonts built into the binary.
    pub folder: Option<PathBuf>,
    /// How many font files it gave.
    pub files: usize,
    /// Why a folder could not be read (it then gave none).
    pub error: Option<Error>,
}

impl FontSources {
    /// Fonts from `folder` (if any) and then `default_set`.
    pub fn new(folder: Option<PathBuf>, default_set: DefaultSet) -> FontSources {
        FontSources { folder, default_set }
    }

    /// What `publish` uses: `folder` (from `--fonts`), else `$QUIRE_FONTS_DIR`; then
    /// [`DefaultSet::discover`].
    pub fn discover(folder: Option<PathBuf>) -> FontSources {
        FontSources { folder: folder.or_else(env_dir), default_set: DefaultSet::discover() }
    }

    /// Reads the fonts, the folder's first. A default-set file with the same name and size as
    /// one of the folder's is not read twice. A folder that cannot be read gives no fonts and
    /// says why in its [`LoadedPart`].
    pub fn load(&self) -> (Vec<FontFile>, Vec<LoadedPart>) {
        let mut files: Vec<FontFile> = Vec::new();
        let mut parts = Vec::new();
        let mut read = |dir: &Path, files: &mut Vec<FontFile>| {
            let (got, error) = match try_load_dir(dir) {
                Ok(f) => (f, None),
                Err(e) => (Vec::new(), Some(e)),
            };
            let n = add_new(files, got);
            parts.push(LoadedPart { folder: Some(dir.to_path_buf()), files: n, error });
        };
        if let Some(dir) = &self.folder {
            read(dir, &mut files);
        }
        match &self.default_set {
            DefaultSet::BuiltIn => {
                let n = add_new(&mut files, built_in());
                parts.push(LoadedPart { folder: None, files: n, error: None });
            }
            DefaultSet::Folder(dir) => read(dir, &mut files),
            DefaultSet::Nothing => {}
        }
        (files, parts)
    }
}

/// Appends the files of `new` that `files` does not hold yet (same name and size); returns how
/// many.
fn add_new(files: &mut Vec<FontFile>, new: Vec<FontFile>) -> usize {
    let before = files.len();
    for f in new {
        if !files.iter().any(|(n, d)| *n == f.0 && d.len() == f.1.len()) {
            files.push(f);
        }
    }
    files.len() - before
}

/// The font files built into the binary (the default set, see [`DefaultSet::BuiltIn`]); empty
/// without the `embedded-fonts` feature.
pub fn built_in() -> Vec<FontFile> {
    #[cfg(feature = "embedded-fonts")]
    {
        crate::fonts_builtin::files()
    }
    #[cfg(not(feature = "embedded-fonts"))]
    {
        Vec::new()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_comes_first_and_the_default_set_is_not_read_twice() {
        let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fonts"));
        let n = load_dir(&dir).len();
        let twice = FontSources::new(Some(dir.clone()), DefaultSet::Folder(dir.clone()));
        let (files, parts) = twice.load();
        assert_eq!(files.len(), n);
        assert_eq!((parts[0].files, parts[1].files), (n, 0));
        let (none, parts) = FontSources::new(Some(dir.join("missing")), DefaultSet::Nothing).load();
        assert!(none.is_empty() && parts[0].error.is_some());
    }

    #[cfg(feature = "embedded-fonts")]
    #[test]
    fn the_built_in_set_needs_no_folder() {
        let (files, parts) = FontSources::new(None, DefaultSet::BuiltIn).load();
        assert!(files.len() >= 14, "{}", files.len());
        assert_eq!(parts[0].folder, None);
    }
}
