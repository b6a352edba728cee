//! Writing a build to disk, atomically: every file is written to a temporary name in the same
//! folder and renamed into place; the HTML site is written whole into a temporary folder and then
//! swapped in. A failed build or a failed write never leaves a half-written book: each output is
//! either the previous one or the complete new one.
//!
//! Layout: `<out>/html/…`, `<out>/<name>.epub`, `<out>/<name>.pdf`.

use crate::build::{BuildReport, Format};
use crate::error::{Error, Result};
use quire_core::Rendered;
use rayon::prelude::*;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Where a successful format went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The format.
    pub format: Format,
    /// The file (EPUB, PDF) or folder (HTML) that now holds it.
    pub path: PathBuf,
    /// Number of files written.
    pub files: usize,
    /// Total bytes written.
    pub bytes: u64,
}

/// The path of a format's output under `out_dir` for a book named `name`.
pub fn output_path(out_dir: &Path, name: &str, format: Format) -> PathBuf {
    match format {
        Format::Html => out_dir.join("html"),
        Format::Epub => out_dir.join(format!("{name}.epub")),
        Format::Pdf => out_dir.join(format!("{name}.pdf")),
    }
}

/// Writes every format of `report` that rendered into `out_dir` (created if missing), each one
/// atomically. Formats whose renderer failed are skipped and their previous output is left as it
/// was. All output paths are checked before anything is written, so an unsafe path (absolute,
/// or with `..`) writes nothing at all.
pub fn write_outputs(report: &BuildReport, out_dir: &Path) -> Result<Vec<Written>> {
    let ok: Vec<(Format, &Rendered)> =
        report.results.iter().filter_map(|r| r.rendered.as_ref().ok().map(|x| (r.format, x))).collect();
    for (_, rendered) in &ok {
        for f in &rendered.files {
            safe_relative(&f.path)?;
        }
    }
    fs::create_dir_all(out_dir).map_err(|e| Error::io("cannot create", out_dir, e))?;
    let mut written = Vec::new();
    for (format, rendered) in ok {
        let target = output_path(out_dir, &report.name, format);
        let w = match format {
            Format::Html => write_site(rendered, &target)?,
            Format::Epub | Format::Pdf => {
                let ext = format.as_str();
                let file = rendered
                    .files
                    .iter()
                    .find(|f| f.path.rsplit('.').next().is_some_and(|e| e.eq_ignore_ascii_case(ext)))
                    .or_else(|| rendered.files.first())
                    .ok_or(Error::NoOutput { format })?;
                write_file_atomic(&target, &file.data)?;
                // More files of the format (the print profile's `book-cover.pdf`) go beside it
                // as `<name>-cover.pdf`.
                let (mut files, mut bytes) = (1, file.data.len() as u64);
                for extra in rendered.files.iter().filter(|f| format == Format::Pdf && !std::ptr::eq(*f, file)) {
                    let suffix = extra.path.strip_prefix("book-").unwrap_or(&extra.path);
                    write_file_atomic(&out_dir.join(format!("{}-{suffix}", report.name)), &extra.data)?;
                    (files, bytes) = (files + 1, bytes + extra.data.len() as u64);
                }
                Written { format, path: target, files, bytes }
            }
        };
        written.push(Written { format, ..w });
    }
    Ok(written)
}

/// Writes `data` to `path` atomically: a temporary file in the same folder, flushed to disk, then
/// renamed over `path`. On failure the temporary file is removed and `path` is untouched.
pub fn write_file_atomic(path: &Path, data: &[u8]) -> Result<()> {
    let dir = parent_dir(path);
    fs::create_dir_all(&dir).map_err(|e| Error::io("cannot create", &dir, e))?;
    let tmp = temp_sibling(path, "tmp");
    let result = (|| -> std::io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(data)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io("cannot write", path, e)
    })
}

/// Writes a whole site into a temporary folder next to `target`, then swaps it in.
fn write_site(rendered: &Rendered, target: &Path) -> Result<Written> {
    let tmp = temp_sibling(target, "tmp");
    let bytes: u64 = rendered.files.iter().map(|f| f.data.len() as u64).sum();
    let filled = (|| -> Result<()> {
        fs::create_dir_all(&tmp).map_err(|e| Error::io("cannot create", &tmp, e))?;
        let mut paths = Vec::with_capacity(rendered.files.len());
        let mut dirs = std::collections::BTreeSet::new();
        for f in &rendered.files {
            let p = tmp.join(safe_relative(&f.path)?);
            dirs.insert(parent_dir(&p));
            paths.push(p);
        }
        for dir in dirs {
            fs::create_dir_all(&dir).map_err(|e| Error::io("cannot create", &dir, e))?;
        }
        // Files are independent; writing them from both cores halves the wall time of a big site.
        paths.par_iter().zip(&rendered.files).try_for_each(|(p, f)| {
            fs::write(p, &f.data).map_err(|e| Error::io("cannot write", target.join(&f.path), e))
        })
    })();
    if let Err(e) = filled {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    swap_dir_in(&tmp, target)?;
    Ok(Written { format: Format::Html, path: target.to_path_buf(), files: rendered.files.len(), bytes })
}

/// Replaces `target` (if any) by the folder `new`: the old one is renamed aside, the new one
/// renamed into place, the old one removed. If the second rename fails, the old one is put back.
fn swap_dir_in(new: &Path, target: &Path) -> Result<()> {
    let old = temp_sibling(target, "old");
    let had_old = target.symlink_metadata().is_ok();
    if had_old {
        if let Err(e) = fs::rename(target, &old) {
            let _ = fs::remove_dir_all(new);
            return Err(Error::io("cannot replace", target, e));
        }
    }
    if let Err(e) = fs::rename(new, target) {
        if had_old {
            let _ = fs::rename(&old, target);
        }
        let _ = fs::remove_dir_all(new);
        return Err(Error::io("cannot replace", target, e));
    }
    if had_old {
        if old.is_dir() {
            let _ = fs::remove_dir_all(&old);
        } else {
            let _ = fs::remove_file(&old);
        }
    }
    Ok(())
}

/// `.<file name>.<kind>-<pid>-<n>` next to `path`: hidden, unique in this process.
fn temp_sibling(path: &Path, kind: &str) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    parent_dir(path).join(format!(".{name}.{kind}-{}-{n}", std::process::id()))
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Checks a renderer's `/`-separated output path and turns it into a relative [`PathBuf`].
fn safe_relative(path: &str) -> Result<PathBuf> {
    let unsafe_path = || Error::UnsafePath { path: path.to_string() };
    if path.starts_with('/') || path.contains('\\') || path.contains('\0') {
        return Err(unsafe_path());
    }
    let mut out = PathBuf::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(unsafe_path()),
            p if p.contains(':') => return Err(unsafe_path()),
            p => out.push(p),
        }
    }
    if out.as_os_str().is_empty() {
        return Err(unsafe_path());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        assert!(safe_relative("../x").is_err());
        assert!(safe_relative("/etc/passwd").is_err());
        assert!(safe_relative("a/../../b").is_err());
        assert!(safe_relative("").is_err());
        assert!(safe_relative("C:/x").is_err());
        assert_eq!(safe_relative("a/b.html").ok(), Some(PathBuf::from("a/b.html")));
        assert_eq!(safe_relative("./index.html").ok(), Some(PathBuf::from("index.html")));
    }
}
