//! `publish init`: a new book skeleton that builds as is.

use crate::error::{Error, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// Writes a new book into `dir` (created if missing): `book.toml`, `src/SUMMARY.md` and
/// `src/chapter_1.md`. Refuses a folder that already has anything in it. Returns the files
/// written. The title defaults to the folder name.
pub fn init_book(dir: &Path, title: Option<&str>) -> Result<Vec<PathBuf>> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(|e| Error::io("cannot read", dir, e))?;
        if entries.next().is_some() {
            return Err(Error::NotEmpty { path: dir.to_path_buf() });
        }
    }
    let title = match title {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        _ => default_title(dir),
    };
    let files = [
        ("book.toml", book_toml(&title)),
        ("src/SUMMARY.md", summary()),
        ("src/chapter_1.md", chapter_1()),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
        }
        fs::write(&path, text).map_err(|e| Error::io("cannot write", &path, e))?;
        written.push(path);
    }
    Ok(written)
}

fn default_title(dir: &Path) -> String {
    let name = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let words: Vec<String> = name
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
        })
        .collect();
    if words.is_empty() {
        "My Book".to_string()
    } else {
        words.join(" ")
    }
}

fn book_toml(title: &str) -> String {
    let quoted = toml_string(title);
    format!(
        "[book]\n\
         title = {quoted}\n\
         authors = []\n\
         language = \"en\"\n\
         src = \"src\"\n\
         \n\
         [build]\n\
         build-dir = \"book\"\n"
    )
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn summary() -> String {
    "# Summary\n\n- [Chapter 1](./chapter_1.md)\n".to_string()
}

fn chapter_1() -> String {
    "# Chapter 1\n\n\
     Write your book here, in Markdown. Add chapters to `SUMMARY.md`, then run:\n\n\
     ```bash\n\
     publish build\n\
     ```\n"
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_folder_names() {
        assert_eq!(default_title(Path::new("my-first_book")), "My First Book");
        assert_eq!(toml_string("a \"b\""), "\"a \\\"b\\\"\"");
    }
}
