//! Writing a build to disk, atomically and only over Quire's own files: every file is written to
//! a temporary name in the same folder and renamed into place; the HTML site is written whole into
//! a temporary folder and then swapped in. A failed build or a failed write never leaves a
//! half-written book: each output is either the previous one or the complete new one.
//!
//! Before anything is written, the output folder is checked (see [`crate::output_guard`]): one that holds
//! a manuscript file is refused, and so is a file in the way of an output that the folder's
//! manifest ([`crate::manifest`]) does not list, unless [`WriteOptions::force`] is set. Temporary
//! names a killed build left are removed first.
//!
//! Layout: `<out>/html/…`, `<out>/<name>.epub`, `<out>/<name>.pdf`, `<out>/.quire-manifest.json`.

use crate::build::{BuildReport, Format};
use crate::error::{Error, Result};
use crate::output_guard;
use crate::manifest::Manifest;
use crate::temp_files::{parent_dir, remove_stale, temp_sibling};
use quire_core::{Book, Rendered};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// How [`write_outputs_with`] treats what it finds in the output folder.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct WriteOptions {
    /// Replace files in the way of an output that Quire did not write (`publish build --force`).
    /// Manuscript files are never replaced: an output folder holding one is refused regardless.
    pub force: bool,
    /// The book's manuscript files (see [`WriteOptions::for_book`]): an output folder holding any
    /// of them is refused.
    pub manuscript: Vec<PathBuf>,
}

impl WriteOptions {
    /// Options protecting every file `book` was made from: the files the loader read (config,
    /// SUMMARY.md, chapters, includes), its images and its configured cover.
    pub fn for_book(book: &Book) -> Self {
        WriteOptions { force: false, manuscript: output_guard::manuscript_files(book) }
    }

    /// The same options with [`WriteOptions::force`] set to `force`.
    pub fn force(mut self, force: bool) -> Self {
        self.force = force;
        self
    }
}

/// Where a successful format went.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
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
/// atomically, with [`WriteOptions::default`]: nothing Quire did not write is replaced. See
/// [`write_outputs_with`].
pub fn write_outputs(report: &BuildReport, out_dir: &Path) -> Result<Vec<Written>> {
    write_outputs_with(report, out_dir, &WriteOptions::default())
}

/// Writes every format of `report` that rendered into `out_dir` (created if missing), each one
/// atomically, and records what it wrote in `<out>/.quire-manifest.json`. Formats whose renderer
/// failed are skipped and their previous output is left as it was.
///
/// Everything is checked before anything is written: an unsafe output path (absolute, or with
/// `..`), an output folder holding one of `options.manuscript`, or a file in the way that the
/// manifest does not list (unless `options.force`) writes nothing at all.
///
/// # Errors
/// [`Error::UnsafePath`], [`Error::OutputHoldsManuscript`], [`Error::NotWrittenByQuire`] before
/// writing; [`Error::Io`] when a write fails (that output keeps its previous version).
pub fn write_outputs_with(report: &BuildReport, out_dir: &Path, options: &WriteOptions) -> Result<Vec<Written>> {
    let result = write_all_outputs(report, out_dir, options);
    // A file rendered straight to disk and not renamed into place (the folder was refused, or
    // a write failed) is removed.
    for r in &report.results {
        for s in r.rendered.iter().flat_map(|x| &x.spooled) {
            if s.temp.exists() {
                let _ = fs::remove_file(&s.temp);
            }
        }
    }
    result
}

fn write_all_outputs(report: &BuildReport, out_dir: &Path, options: &WriteOptions) -> Result<Vec<Written>> {
    let ok: Vec<(Format, &Rendered)> =
        report.results.iter().filter_map(|r| r.rendered.as_ref().ok().map(|x| (r.format, x))).collect();
    // What each format will write, relative to `out_dir`, `/`-separated.
    let mut planned: Vec<(Format, BTreeSet<String>)> = Vec::new();
    for (format, rendered) in &ok {
        let mut files = BTreeSet::new();
        for path in rendered.files.iter().map(|f| &f.path).chain(rendered.assets.iter().map(|a| &a.path)) {
            let rel = slash(&safe_relative(path)?);
            if *format == Format::Html {
                files.insert(format!("html/{rel}"));
            }
        }
        if *format != Format::Html {
            for (name, _) in single_files(report, *format, rendered)? {
                files.insert(name);
            }
        }
        planned.push((*format, files));
    }
    output_guard::check_manuscript(out_dir, &options.manuscript)?;
    remove_stale(out_dir);
    let previous = Manifest::load(out_dir);
    if !options.force {
        let mut targets: Vec<String> = Vec::new();
        for (format, files) in &planned {
            match format {
                Format::Html => targets.push("html".to_string()),
                _ => targets.extend(files.iter().cloned()),
            }
        }
        output_guard::check_owned(out_dir, &targets, &previous)?;
    }
    fs::create_dir_all(out_dir).map_err(|e| Error::io("cannot create", out_dir, e))?;
    if ok.is_empty() {
        return Ok(Vec::new());
    }
    // Listed before they exist, so a build killed half-way still owns what it wrote.
    let mut during = previous.clone();
    for (format, files) in &planned {
        during.formats.entry(format.as_str().to_string()).or_default().extend(files.iter().cloned());
    }
    if during != previous {
        during.save(out_dir)?;
    }

    let mut written = Vec::new();
    for (format, rendered) in ok {
        let target = output_path(out_dir, &report.name, format);
        let w = match format {
            Format::Html => write_site(rendered, &target)?,
            Format::Epub | Format::Pdf => {
                let (mut files, mut bytes) = (0, 0);
                for (name, data) in single_files(report, format, rendered)? {
                    let path = out_dir.join(name);
                    let size = match data {
                        FileData::Bytes(data) => {
                            write_file_atomic(&path, data)?;
                            data.len() as u64
                        }
                        FileData::Spooled(s) => {
                            fs::rename(&s.temp, &path).map_err(|e| Error::io("cannot write", &path, e))?;
                            s.size
                        }
                    };
                    (files, bytes) = (files + 1, bytes + size);
                }
                Written { format, path: target, files, bytes }
            }
        };
        written.push(Written { format, ..w });
    }

    // What is there now: this build's files, and those of earlier builds still on disk.
    let mut after = Manifest::default();
    for (format, paths) in &previous.formats {
        let kept: BTreeSet<String> = paths.iter().filter(|p| out_dir.join(p).symlink_metadata().is_ok()).cloned().collect();
        after.formats.insert(format.clone(), kept);
    }
    for (format, files) in planned {
        after.formats.insert(format.as_str().to_string(), files);
    }
    if after != during {
        after.save(out_dir)?;
    }
    Ok(written)
}

/// Where a file's bytes are: in memory, or already on disk under a temporary name.
enum FileData<'r> {
    Bytes(&'r [u8]),
    Spooled(&'r quire_core::SpooledFile),
}

/// The files an EPUB or PDF result becomes, relative to the output folder: the format's file as
/// `<name>.<ext>` (the one rendered straight to disk, if any), and (PDF) more files of the
/// format, such as the print profile's `book-cover.pdf`, beside it as `<name>-cover.pdf`.
fn single_files<'r>(report: &BuildReport, format: Format, rendered: &'r Rendered) -> Result<Vec<(String, FileData<'r>)>> {
    let ext = format.as_str();
    if let Some(s) = rendered.spooled.first() {
        let mut out = vec![(format!("{}.{ext}", report.name), FileData::Spooled(s))];
        for extra in rendered.files.iter().filter(|_| format == Format::Pdf) {
            let suffix = extra.path.strip_prefix("book-").unwrap_or(&extra.path);
            let name = format!("{}-{suffix}", report.name);
            safe_relative(&name)?;
            out.push((name, FileData::Bytes(extra.data.as_slice())));
        }
        return Ok(out);
    }
    let file = rendered
        .files
        .iter()
        .find(|f| f.path.rsplit('.').next().is_some_and(|e| e.eq_ignore_ascii_case(ext)))
        .or_else(|| rendered.files.first())
        .ok_or(Error::NoOutput { format })?;
    let mut out = vec![(format!("{}.{ext}", report.name), FileData::Bytes(file.data.as_slice()))];
    for extra in rendered.files.iter().filter(|f| format == Format::Pdf && !std::ptr::eq(*f, file)) {
        let suffix = extra.path.strip_prefix("book-").unwrap_or(&extra.path);
        let name = format!("{}-{suffix}", report.name);
        safe_relative(&name)?;
        out.push((name, FileData::Bytes(extra.data.as_slice())));
    }
    Ok(out)
}

fn slash(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
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
    let bytes: u64 = rendered.files.iter().map(|f| f.data.len() as u64).sum::<u64>() + rendered.assets.iter().map(|a| a.asset.size).sum::<u64>();
    let filled = (|| -> Result<()> {
        fs::create_dir_all(&tmp).map_err(|e| Error::io("cannot create", &tmp, e))?;
        let mut paths = Vec::with_capacity(rendered.files.len());
        let mut dirs = std::collections::BTreeSet::new();
        for f in &rendered.files {
            let p = tmp.join(safe_relative(&f.path)?);
            dirs.insert(parent_dir(&p));
            paths.push(p);
        }
        let mut asset_paths = Vec::with_capacity(rendered.assets.len());
        for a in &rendered.assets {
            let p = tmp.join(safe_relative(&a.path)?);
            dirs.insert(parent_dir(&p));
            asset_paths.push(p);
        }
        for dir in dirs {
            fs::create_dir_all(&dir).map_err(|e| Error::io("cannot create", &dir, e))?;
        }
        // Files are independent; writing them from both cores halves the wall time of a big site.
        paths.par_iter().zip(&rendered.files).try_for_each(|(p, f)| {
            fs::write(p, &f.data).map_err(|e| Error::io("cannot write", target.join(&f.path), e))
        })?;
        // Images are read one at a time on each core and dropped once written.
        asset_paths.par_iter().zip(&rendered.assets).try_for_each(|(p, a)| {
            let data = a.read().map_err(|e| Error::io("cannot read", &a.asset.path, e))?;
            fs::write(p, &data).map_err(|e| Error::io("cannot write", target.join(&a.path), e))
        })
    })();
    if let Err(e) = filled {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    swap_dir_in(&tmp, target)?;
    Ok(Written { format: Format::Html, path: target.to_path_buf(), files: rendered.files.len() + rendered.assets.len(), bytes })
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

/// Checks a renderer's `/`-separated output path and turns it into a relative [`PathBuf`].
pub(crate) fn safe_relative(path: &str) -> Result<PathBuf> {
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
