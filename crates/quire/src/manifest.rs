//! The output manifest, `<out>/.quire-manifest.json`: every file Quire wrote into an output
//! folder, by format. A build replaces or removes only files listed there (see
//! [`crate::write::write_outputs_with`]); anything else in the way is the user's and the build
//! refuses to touch it unless asked to with `--force`.
//!
//! ```json
//! { "about": "…", "version": 1,
//!   "formats": { "epub": ["my-book.epub"], "html": ["html/index.html", "…"] } }
//! ```

use crate::error::Result;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The manifest's file name in the output folder.
pub const FILE_NAME: &str = ".quire-manifest.json";

/// The build cache's folder name in the output folder (see [`crate::cache`]).
pub const CACHE_DIR: &str = ".quire-cache";

const VERSION: u64 = 1;
const ABOUT: &str = "The files Quire wrote in this folder. A build replaces or removes only these; it refuses to touch anything else unless run with --force. Written by Quire: do not edit.";

/// What Quire wrote into one output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Manifest {
    /// Format name (`epub`, `pdf`, `html`) → `/`-separated paths relative to the output folder.
    pub formats: BTreeMap<String, BTreeSet<String>>,
}

impl Manifest {
    /// The manifest's path in the output folder `out`.
    pub fn path(out: &Path) -> PathBuf {
        out.join(FILE_NAME)
    }

    /// The manifest of `out`; empty when there is none, or when it is damaged (then nothing in
    /// the folder counts as Quire's, and a build asks for `--force` before replacing anything).
    pub fn load(out: &Path) -> Manifest {
        std::fs::read(Self::path(out)).ok().and_then(|b| Self::from_json(&b)).unwrap_or_default()
    }

    /// Parses a manifest; `None` when it is not one. Paths that are absolute or climb out of the
    /// folder are dropped: a manifest can only vouch for files inside its own folder.
    pub fn from_json(bytes: &[u8]) -> Option<Manifest> {
        let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
        if value.get("version")?.as_u64()? != VERSION {
            return None;
        }
        let mut formats = BTreeMap::new();
        for (format, paths) in value.get("formats")?.as_object()? {
            let set: BTreeSet<String> = paths
                .as_array()?
                .iter()
                .filter_map(|p| p.as_str())
                .filter(|p| crate::write::safe_relative(p).is_ok() && !p.contains("/./") && !p.starts_with("./"))
                .map(str::to_string)
                .collect();
            formats.insert(format.clone(), set);
        }
        Some(Manifest { formats })
    }

    /// The manifest as pretty-printed JSON, paths sorted: the same build writes the same bytes.
    pub fn to_json(&self) -> Vec<u8> {
        let formats: serde_json::Map<String, serde_json::Value> = self
            .formats
            .iter()
            .filter(|(_, paths)| !paths.is_empty())
            .map(|(f, paths)| (f.clone(), paths.iter().cloned().collect()))
            .collect();
        let value = serde_json::json!({ "about": ABOUT, "version": VERSION, "formats": formats });
        let mut bytes = serde_json::to_vec_pretty(&value).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// True when Quire wrote the file at `rel` (relative to the output folder, `/`-separated).
    pub fn contains(&self, rel: &str) -> bool {
        self.formats.values().any(|paths| paths.contains(rel))
    }

    /// Writes the manifest into `out`, atomically.
    ///
    /// # Errors
    /// [`crate::Error::Io`] when it cannot be written.
    pub fn save(&self, out: &Path) -> Result<()> {
        crate::write::write_file_atomic(&Self::path(out), &self.to_json())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_round_trips_and_vouches_only_inside_its_folder() {
        let mut m = Manifest::default();
        m.formats.entry("html".into()).or_default().extend(["html/index.html".to_string(), "html/a/b.html".to_string()]);
        m.formats.entry("pdf".into()).or_default().insert("x.pdf".into());
        let json = m.to_json();
        assert_eq!(Manifest::from_json(&json), Some(m.clone()));
        assert!(m.contains("html/a/b.html") && m.contains("x.pdf") && !m.contains("html"));

        let hostile = br#"{"version": 1, "formats": {"html": ["../../etc/passwd", "/etc/passwd", "html/ok.html", "./html/x"]}}"#;
        let parsed = Manifest::from_json(hostile).unwrap_or_default();
        assert_eq!(parsed.formats["html"].iter().collect::<Vec<_>>(), ["html/ok.html"]);
        assert_eq!(Manifest::from_json(b"{\"version\": 2, \"formats\": {}}"), None, "another version is not trusted");
        assert_eq!(Manifest::from_json(b"\x00damaged"), None);
    }
}
