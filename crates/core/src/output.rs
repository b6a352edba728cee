//! What a renderer returns: files as bytes (and book assets to copy) plus diagnostics.
//! Renderers never touch the disk; the caller writes the files (atomically).

use crate::diag::Diagnostic;

/// One output file, relative to the format's output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// `/`-separated relative path, e.g. `index.html`, `book.epub`.
    pub path: String,
    /// The bytes to write.
    pub data: Vec<u8>,
}

/// A book asset to copy to `path` in the output, its bytes read when it is written (a
/// renderer lists the assets the book does not hold instead of copying their bytes).
#[derive(Debug, Clone)]
pub struct OutputAsset {
    /// `/`-separated relative path.
    pub path: String,
    /// The asset.
    pub asset: crate::book::Asset,
    /// Where its bytes are read from ([`crate::Book::asset_reader`]).
    pub reader: std::sync::Arc<dyn crate::book::AssetBytes>,
}

impl OutputAsset {
    /// The asset's bytes (an error when it cannot be read or changed size since loading).
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        let bytes = self.reader.read(&self.asset)?;
        if bytes.len() as u64 != self.asset.size {
            let msg = format!("`{}` changed since the book was loaded", self.asset.path.display());
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, msg));
        }
        Ok(bytes)
    }
}

/// A file the caller had a renderer write straight to disk, under a temporary name, to be
/// renamed to its output path (its bytes are not held).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpooledFile {
    /// `/`-separated relative path, e.g. `book.pdf`.
    pub path: String,
    /// Where it was written.
    pub temp: std::path::PathBuf,
    /// Its size in bytes.
    pub size: u64,
}

/// The result of rendering one format.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Files to write.
    pub files: Vec<OutputFile>,
    /// Book assets to copy (read when written).
    pub assets: Vec<OutputAsset>,
    /// Files already written under a temporary name, to rename into place.
    pub spooled: Vec<SpooledFile>,
    /// Problems found while rendering (e.g. a character no font covers).
    pub diagnostics: Vec<Diagnostic>,
}

impl Rendered {
    /// Reads the [`Rendered::assets`] into [`Rendered::files`] (for a caller that keeps the
    /// output in memory, such as a preview server).
    pub fn read_assets(&mut self) -> std::io::Result<()> {
        for a in std::mem::take(&mut self.assets) {
            let data = a.read()?;
            self.files.push(OutputFile { path: a.path, data });
        }
        Ok(())
    }
}
