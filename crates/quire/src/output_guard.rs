//! What a build may touch in its output folder, checked before anything is written:
//!
//! - an output folder that holds a manuscript file (a chapter, an include, an image, SUMMARY.md,
//!   book.toml: anything the loaded book read) is refused, `--force` or not;
//! - a file in the way of an output (anything under `<out>/html/`, which is replaced whole, and
//!   the EPUB and PDF files) that the output manifest does not list is refused unless the build
//!   is forced. Other files beside the outputs are never touched, so they are allowed.

use crate::error::{Error, Result};
use crate::manifest::Manifest;
use quire_core::Book;
use std::path::{Path, PathBuf};

/// Every file of `book`'s manuscript, as absolute (or root-joined) paths: the files the loader
/// read (config, SUMMARY.md, chapters, includes), the images, the configured cover.
pub fn manuscript_files(book: &Book) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = book.sources.files().map(|(_, f)| book.root.join(&f.path)).collect();
    files.extend(book.assets.iter().map(|a| book.root.join(&a.path)));
    let src = book.root.join(book.config.book.src.clone().unwrap_or_default());
    for cover in [book.config.output.epub.cover.as_ref(), book.config.book.cover.as_ref()].into_iter().flatten() {
        files.extend([src.join(cover), book.root.join(cover)]);
    }
    for name in ["book.toml", "book.json", "book.ini", "SUMMARY.md"] {
        files.push(book.root.join(name));
    }
    files
}

/// Refuses an output folder `out` that holds (at any depth) one of the `manuscript` files.
pub fn check_manuscript(out: &Path, manuscript: &[PathBuf]) -> Result<()> {
    let Ok(out_real) = out.canonicalize() else {
        return Ok(()); // Not there yet: it holds nothing.
    };
    for file in manuscript {
        let Ok(real) = file.canonicalize() else { continue };
        if let Ok(inside) = real.strip_prefix(&out_real) {
            return Err(Error::OutputHoldsManuscript { out: out.to_path_buf(), file: out.join(inside) });
        }
    }
    Ok(())
}

/// Refuses to replace anything at the `targets` (paths relative to `out`; a folder is replaced
/// with everything in it) that `manifest` does not list.
pub fn check_owned(out: &Path, targets: &[String], manifest: &Manifest) -> Result<()> {
    let mut foreign = Vec::new();
    for target in targets {
        let path = out.join(target);
        let Ok(meta) = path.symlink_metadata() else { continue };
        if !meta.is_dir() {
            if !manifest.contains(target) {
                foreign.push(target.clone());
            }
            continue;
        }
        // An explicit stack: the depth of the folder is the user's, not bounded by Quire.
        let mut stack = vec![(path, target.clone())];
        while let Some((dir, rel)) = stack.pop() {
            let entries = std::fs::read_dir(&dir).map_err(|e| Error::io("cannot read", &dir, e))?;
            for entry in entries {
                let entry = entry.map_err(|e| Error::io("cannot read", &dir, e))?;
                let child = format!("{rel}/{}", entry.file_name().to_string_lossy());
                let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                if is_dir {
                    stack.push((entry.path(), child));
                } else if !manifest.contains(&child) {
                    foreign.push(child);
                }
            }
        }
    }
    foreign.sort();
    match foreign.first() {
        None => Ok(()),
        Some(first) => Err(Error::NotWrittenByQuire {
            path: out.join(first),
            manifest: Manifest::path(out),
            more: foreign.len() - 1,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("quire-guard-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::create_dir_all(dir.join("html/deep"));
        dir
    }

    #[test]
    fn only_listed_files_may_be_replaced() {
        let out = scratch("owned");
        for f in ["html/index.html", "html/deep/a.html", "html/deep/b.txt", "x.pdf", "beside.txt"] {
            let _ = std::fs::write(out.join(f), f);
        }
        let mut m = Manifest::default();
        m.formats.entry("html".into()).or_default().extend(["html/index.html".into(), "html/deep/a.html".into()]);
        let targets = ["html".to_string(), "x.pdf".to_string(), "y.epub".to_string()];
        match check_owned(&out, &targets, &m) {
            Err(Error::NotWrittenByQuire { path, more, .. }) => {
                assert_eq!((path.strip_prefix(&out).ok(), more), (Some(Path::new("html/deep/b.txt")), 1));
            }
            other => panic!("{other:?}"),
        }
        m.formats.entry("pdf".into()).or_default().insert("x.pdf".into());
        m.formats.entry("html".into()).or_default().insert("html/deep/b.txt".into());
        assert!(check_owned(&out, &targets, &m).is_ok(), "beside.txt is not in the way");
        let _ = std::fs::remove_dir_all(&out);
    }

    #[test]
    fn a_folder_holding_a_manuscript_file_is_refused() {
        let out = scratch("manuscript");
        let chapter = out.join("html/deep/guide.md");
        let _ = std::fs::write(&chapter, "# Guide");
        assert!(matches!(check_manuscript(&out, &[chapter.clone()]), Err(Error::OutputHoldsManuscript { .. })));
        assert!(check_manuscript(&out.join("html/other"), &[chapter.clone()]).is_ok(), "missing folders hold nothing");
        assert!(check_manuscript(&out.join("html/deep/sub"), std::slice::from_ref(&chapter)).is_ok());
        let _ = std::fs::remove_dir_all(&out);
    }
}
