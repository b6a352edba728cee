//! GitBook's multi-language books: a `LANGS.md` beside `book.json` lists one folder per
//! language (`* [English](en/)`), each a whole book with its own `SUMMARY.md` and `README.md`,
//! sharing the root's `book.json`. GitBook and HonKit build each language as its own book into
//! `_book/<folder>/`; Quire builds each into `<out>/<folder>/` the same way
//! ([`crate::raw_book::RawBook::load_language`]).

use std::path::{Path, PathBuf};

/// One language of a multi-language book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// Its folder, relative to the book root (no trailing `/`).
    pub dir: PathBuf,
    /// Its name as `LANGS.md` gives it (`English`, `中文`).
    pub title: String,
}

impl Language {
    /// The folder name when it reads as a BCP 47 language tag (`en`, `zh-hans`, `pt-BR`): GitBook
    /// uses it as the book's language.
    pub fn tag(&self) -> Option<String> {
        let name = self.dir.file_name()?.to_str()?;
        let mut parts = name.split(['-', '_']);
        let primary = parts.next()?;
        let ok = (2..=3).contains(&primary.len())
            && primary.chars().all(|c| c.is_ascii_alphabetic())
            && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
        ok.then(|| name.replace('_', "-"))
    }
}

/// The languages listed in `LANGS.md` (its links, in order; a link that is not a relative folder
/// inside the book is skipped).
pub fn parse_langs(text: &str) -> Vec<Language> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for ev in Parser::new(text) {
        match ev {
            Event::Start(Tag::Link { dest_url, .. }) => current = Some((dest_url.to_string(), String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title)) = &mut current {
                    title.push_str(&t);
                }
            }
            Event::End(TagEnd::Link) => {
                let Some((dest, title)) = current.take() else { continue };
                let dest = dest.trim().trim_start_matches("./").trim_end_matches('/');
                let dest = dest.strip_suffix("/README.md").unwrap_or(dest);
                let inside = !dest.is_empty()
                    && !dest.contains("://")
                    && !dest.starts_with('/')
                    && !dest.starts_with('#')
                    && Path::new(dest).components().all(|c| matches!(c, std::path::Component::Normal(_)));
                if inside && !out.iter().any(|l: &Language| l.dir == Path::new(dest)) {
                    out.push(Language { dir: PathBuf::from(dest), title: title.trim().to_string() });
                }
            }
            _ => {}
        }
    }
    out
}

/// The languages of the book at `root` when it is a GitBook multi-language book: a `LANGS.md`
/// and no `SUMMARY.md` at the root, no `book.toml`; only listed folders that exist. Empty for
/// any other book.
pub fn gitbook_languages(root: &Path) -> Vec<Language> {
    if root.join("book.toml").is_file() || root.join("SUMMARY.md").is_file() {
        return Vec::new();
    }
    let Ok(bytes) = crate::safe_read::read_file(&root.join("LANGS.md"), 1 << 20) else { return Vec::new() };
    parse_langs(&String::from_utf8_lossy(&bytes)).into_iter().filter(|l| root.join(&l.dir).is_dir()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn langs_md_lists_relative_folders() {
        let text = "# Languages\n\n* [English](en/)\n* [中文](./zh-hans/)\n* [日本語](ja/README.md)\n* [Web](https://x.org/)\n* [Up](../x/)\n* [Again](en)\n";
        let l = parse_langs(text);
        let dirs: Vec<&str> = l.iter().map(|l| l.dir.to_str().unwrap_or("")).collect();
        assert_eq!(dirs, ["en", "zh-hans", "ja"]);
        assert_eq!(l[1].title, "中文");
        assert_eq!(l[1].tag().as_deref(), Some("zh-hans"));
        assert_eq!(Language { dir: "pt_BR".into(), title: String::new() }.tag().as_deref(), Some("pt-BR"));
        assert_eq!(Language { dir: "english-version".into(), title: String::new() }.tag(), None);
    }
}
