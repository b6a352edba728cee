//! Link and image destinations: scheme detection, fragments, percent-decoding and lexical path
//! normalisation (no file-system access).

use std::path::{Component, Path, PathBuf};

/// True for `scheme:` destinations (`https:`, `mailto:`, `data:` …) and `//host` ones.
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    let Some(colon) = dest.find(':') else { return false };
    let scheme = &dest[..colon];
    scheme.len() >= 2
        && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// True for `http:`, `https:` and `//` destinations.
pub fn is_remote(dest: &str) -> bool {
    let l = dest.to_ascii_lowercase();
    l.starts_with("http:") || l.starts_with("https:") || l.starts_with("//") || l.starts_with("ftp:")
}

/// Splits `path?query#fragment` into the path and the fragment (query dropped).
pub fn split_fragment(dest: &str) -> (&str, Option<&str>) {
    let (rest, frag) = match dest.find('#') {
        Some(i) => (&dest[..i], Some(&dest[i + 1..])),
        None => (dest, None),
    };
    let path = rest.find('?').map_or(rest, |i| &rest[..i]);
    (path, frag)
}

pub use crate::percent::{percent_decode, percent_decode_strict};


/// Lexically normalises a path: drops `.`, resolves `..` (never above the root or the first
/// component).
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `dest` (decoded, `/`-separated) relative to the folder `base`; a leading `/` means `root`.
/// Both folders should be absolute; the result is normalised.
pub fn join(root: &Path, base: &Path, dest: &str) -> PathBuf {
    match dest.strip_prefix('/') {
        Some(abs) => normalize(&root.join(abs)),
        None => normalize(&base.join(dest)),
    }
}

/// A `/`-separated string of a relative path.
pub fn slash(p: &Path) -> String {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn externals() {
        assert!(is_external("https://a.com") && is_external("mailto:x@y") && is_external("//cdn/x"));
        assert!(!is_external("a.md") && !is_external("#x") && !is_external("c:foo"));
    }

    #[test]
    fn decode_and_split() {
        assert_eq!(percent_decode("a%20b%E4%B8%AD.png"), "a b中.png");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%aé%"), "%aé%", "a lone `%` before a multi-byte char");
        assert_eq!(percent_decode("a%FFb"), "a%FFb", "not UTF-8: kept as written");
        assert_eq!(percent_decode_strict("a%20b%E4%B8%AD"), Some("a b中".into()));
        for bad in ["%zz", "100%", "%4", "%+1", "%%41", "%FF", "%aé"] {
            assert_eq!(percent_decode_strict(bad), None, "{bad}");
        }
        assert_eq!(split_fragment("a.md?x=1#top"), ("a.md", Some("top")));
        assert_eq!(split_fragment("#top"), ("", Some("top")));
    }

    #[test]
    fn joins() {
        let (root, base) = (Path::new("/b/src"), Path::new("/b/src/ch1"));
        assert_eq!(join(root, base, "../img/a.png"), PathBuf::from("/b/src/img/a.png"));
        assert_eq!(join(root, base, "./a.png"), PathBuf::from("/b/src/ch1/a.png"));
        assert_eq!(join(root, base, "../../../x"), PathBuf::from("/x"));
        assert_eq!(join(root, base, "/img/a.png"), PathBuf::from("/b/src/img/a.png"));
    }
}
