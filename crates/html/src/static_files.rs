//! Static files of the site: the stylesheet and scripts (file names carry a content hash so
//! browsers may cache them forever) and the book's images, copied once to their output paths.

use crate::theme;
use quire_highlight::{theme_css, Theme};
use quire_core::{Book, OutputFile};

/// A 32-bit digest of `bytes` as 8 hex digits: enough to tell versions of a file apart. XXH3
/// (64-bit, folded to 32): it runs at memory speed, so the 30 MB search index of a large book
/// is hashed in milliseconds (`publish serve` names a new index after each edit).
pub fn short_hash(bytes: &[u8]) -> String {
    let h = xxhash_rust::xxh3::xxh3_64(bytes);
    format!("{:08x}", (h >> 32) ^ (h & 0xffff_ffff))
}

/// `stem-<hash>.ext` for `data`.
pub fn hashed_name(stem: &str, ext: &str, data: &[u8]) -> String {
    format!("{stem}-{}.{ext}", short_hash(data))
}

/// The site's static files and their (hashed) names.
#[derive(Debug, Clone)]
pub struct StaticFiles {
    /// `style-<hash>.css`
    pub style: String,
    /// `book-<hash>.js`
    pub script: String,
    /// The files themselves.
    pub files: Vec<OutputFile>,
}

/// The full stylesheet: layout, typography, print rules and both highlighting themes.
pub fn stylesheet() -> String {
    let mut css = String::from(theme::STYLE_CSS);
    css.push_str("\n/* Code highlighting: light */\n");
    css.push_str(&theme_css(Theme::Light, ""));
    css.push_str("\n/* Code highlighting: dark (chosen) */\n");
    css.push_str(&theme_css(Theme::Dark, ":root[data-theme=\"dark\"] "));
    css.push_str("\n/* Code highlighting: dark (system) */\n@media (prefers-color-scheme: dark) {\n");
    css.push_str(&theme_css(Theme::Dark, ":root:not([data-theme=\"light\"]) "));
    css.push_str("}\n");
    // The light theme's white code background gives way to the page's code grey.
    css.push_str(":root pre.hl-code { background-color: var(--code-bg); }\n");
    css
}

/// The site's icon, at the site's root (as mdBook names it).
pub const FAVICON: &str = "favicon.svg";

/// Builds the stylesheet and script with hashed names, and the icon.
pub fn static_files() -> StaticFiles {
    let css = stylesheet().into_bytes();
    let js = format!("{}\n{}", theme::SEARCH_JS, theme::BOOK_JS).into_bytes();
    let style = hashed_name("style", "css", &css);
    let script = hashed_name("book", "js", &js);
    StaticFiles {
        files: vec![
            OutputFile { path: style.clone(), data: css },
            OutputFile { path: script.clone(), data: js },
            OutputFile { path: FAVICON.to_string(), data: theme::FAVICON_SVG.as_bytes().to_vec() },
        ],
        style,
        script,
    }
}

/// Every asset of the book, once, at its output path: those the book holds as files, the
/// others as assets to copy, read one at a time when the site is written (so a site's images
/// are never all in memory).
pub fn images(book: &Book) -> (Vec<OutputFile>, Vec<quire_core::OutputAsset>) {
    let mut seen = std::collections::HashSet::new();
    let (mut held, mut read) = (Vec::new(), Vec::new());
    for a in book.assets.iter().filter(|a| seen.insert(a.output_path.clone())) {
        match (&a.data, &book.asset_reader) {
            (None, Some(reader)) => {
                read.push(quire_core::OutputAsset { path: a.output_path.clone(), asset: a.clone(), reader: reader.clone() });
            }
            (data, _) => held.push(OutputFile { path: a.output_path.clone(), data: data.as_deref().map(<[u8]>::to_vec).unwrap_or_default() }),
        }
    }
    (held, read)
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_a_stable_hash() {
        assert_eq!(short_hash(b"abc"), short_hash(b"abc"));
        assert_ne!(short_hash(b"abc"), short_hash(b"abd"));
        // One byte changed anywhere in a long file (word or tail) changes the name.
        let long: Vec<u8> = (0..1003u32).map(|i| (i % 251) as u8).collect();
        for at in [0, 7, 8, 500, 1000, 1002] {
            let mut other = long.clone();
            other[at] ^= 1;
            assert_ne!(short_hash(&long), short_hash(&other), "byte {at}");
        }
        assert_ne!(short_hash(b""), short_hash(b"\0"));
        let n = hashed_name("style", "css", b"x");
        assert!(n.starts_with("style-") && n.ends_with(".css") && n.len() == "style-12345678.css".len(), "{n}");
        let s = static_files();
        assert!(s.files.iter().any(|f| f.path == s.style));
        assert!(stylesheet().contains(":root[data-theme=\"dark\"] .hl-"));
    }
}
