//! Reading the manuscript's files safely from the disk: the one function every read of
//! [`crate::source::DiskSource`] (hence every loader and resolver read of a book on disk) goes
//! through ([`read_file`]). It refuses what is not a regular file (a FIFO, socket or device is
//! never opened: opening a FIFO blocks) and files over the size cap (`[quire] max-file-size`),
//! both judged from symlink-resolved metadata before anything is opened, and reads at most the
//! cap even if the file grows meanwhile. Images are also checked for their declared size
//! ([`check_image_pixels`], `[quire] max-image-pixels`) before any renderer decodes them.
//!
//! Errors are [`ReadError`]s wrapped in [`std::io::Error`] (so callers keep `io::Result`);
//! [`error_code`] gives the diagnostic code of a refusal.

use crate::diag::Code;
use std::io::Read;
use std::path::Path;

pub use crate::config::{DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_IMAGE_PIXELS, DEFAULT_MAX_INCLUDE_SIZE};

/// Why a file was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// A FIFO, socket, device or other non-regular file.
    #[error("it is a {0}, not a regular file")]
    NotAFile(&'static str),
    /// Larger than the cap.
    #[error("it is {size} bytes, over the limit of {max} bytes ([quire] max-file-size)")]
    TooLarge {
        /// The file's size.
        size: u64,
        /// The cap.
        max: u64,
    },
    /// An image whose header declares more pixels than allowed.
    #[error("it declares {width}×{height} pixels, over the limit of {max} pixels ([quire] max-image-pixels)")]
    TooManyPixels {
        /// Declared width.
        width: u64,
        /// Declared height.
        height: u64,
        /// The cap (width × height).
        max: u64,
    },
    /// An SVG that embeds a raster image (a `data:` URL) declaring more pixels than allowed.
    #[error("it embeds an image that declares {width}×{height} pixels, over the limit of {max} pixels ([quire] max-image-pixels)")]
    EmbedsTooManyPixels {
        /// Declared width of the embedded image.
        width: u64,
        /// Declared height of the embedded image.
        height: u64,
        /// The cap (width × height).
        max: u64,
    },
}

impl ReadError {
    /// The diagnostic code for this refusal.
    pub fn code(&self) -> Code {
        match self {
            ReadError::NotAFile(_) => Code::NotAFile,
            ReadError::TooLarge { .. } => Code::FileTooLarge,
            ReadError::TooManyPixels { .. } | ReadError::EmbedsTooManyPixels { .. } => Code::ImageTooLarge,
        }
    }

    /// A hint for the author.
    pub fn hint(&self) -> &'static str {
        match self {
            ReadError::NotAFile(_) => "point the path at a regular file",
            ReadError::TooLarge { .. } => "shrink the file, or raise `max-file-size` in [quire] of book.toml",
            ReadError::TooManyPixels { .. } | ReadError::EmbedsTooManyPixels { .. } => {
                "scale the image down, or raise `max-image-pixels` in [quire] of book.toml"
            }
        }
    }

    fn io(self) -> std::io::Error {
        let kind = match self {
            ReadError::NotAFile(_) => std::io::ErrorKind::InvalidInput,
            ReadError::TooLarge { .. } => std::io::ErrorKind::FileTooLarge,
            ReadError::TooManyPixels { .. } | ReadError::EmbedsTooManyPixels { .. } => std::io::ErrorKind::InvalidData,
        };
        std::io::Error::new(kind, self)
    }
}

/// The [`ReadError`] inside an I/O error made by this module, if it is one.
pub fn refusal(e: &std::io::Error) -> Option<&ReadError> {
    e.get_ref().and_then(|inner| inner.downcast_ref::<ReadError>())
}

/// The diagnostic code for an error of [`read_file`]: the refusal's own code, else `fallback`.
pub fn error_code(e: &std::io::Error, fallback: Code) -> Code {
    refusal(e).map_or(fallback, ReadError::code)
}

/// A hint for an error of [`read_file`]: the refusal's own, else `fallback`.
pub fn error_hint<'a>(e: &std::io::Error, fallback: &'a str) -> &'a str {
    refusal(e).map_or(fallback, |r| r.hint())
}

/// What kind of non-regular file this is, for messages.
pub(crate) fn kind_name(ft: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "FIFO (named pipe)";
        }
        if ft.is_socket() {
            return "socket";
        }
        if ft.is_char_device() {
            return "character device";
        }
        if ft.is_block_device() {
            return "block device";
        }
    }
    if ft.is_dir() {
        return "folder";
    }
    "special file"
}

/// Checks, from symlink-resolved metadata and without opening it, that `path` is a regular file
/// of at most `max` bytes.
pub fn check_file(path: &Path, max: u64) -> std::io::Result<u64> {
    let meta = std::fs::metadata(path)?;
    if !meta.file_type().is_file() {
        return Err(ReadError::NotAFile(kind_name(meta.file_type())).io());
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge { size: meta.len(), max }.io());
    }
    Ok(meta.len())
}

/// Reads the regular file at `path` (symlinks followed) if it is at most `max` bytes; see the
/// module documentation.
pub fn read_file(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    let len = check_file(path, max)?;
    let file = std::fs::File::open(path)?;
    // The path may have been swapped between the check and the open: check what was opened.
    let meta = file.metadata()?;
    if !meta.file_type().is_file() {
        return Err(ReadError::NotAFile(kind_name(meta.file_type())).io());
    }
    let cap = usize::try_from(len.min(max)).unwrap_or(usize::MAX);
    let mut bytes = Vec::with_capacity(cap);
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge { size: bytes.len() as u64, max }.io());
    }
    Ok(bytes)
}

mod svg_size;

/// Checks an image's declared size against `max` pixels: a raster image's header, or an SVG's
/// declared size in CSS px and every raster image it embeds (the `svg_size` submodule). Formats with no
/// readable size pass.
pub fn check_image_pixels(bytes: &[u8], max: u64) -> std::io::Result<()> {
    image_pixels(bytes, max).map_err(ReadError::io)
}

/// [`check_image_pixels`] with the typed refusal.
pub fn image_pixels(bytes: &[u8], max: u64) -> Result<(), ReadError> {
    if let Ok(size) = imagesize::blob_size(bytes) {
        return pixels_within(size.width as u64, size.height as u64, max);
    }
    if !svg_size::looks_like_svg(bytes) {
        return Ok(());
    }
    let Some(svg) = svg_size::declared(bytes) else { return Ok(()) };
    if let Some((w, h)) = svg.size {
        // Saturating float-to-int casts: an absurd length is as large as it gets.
        pixels_within(w.ceil() as u64, h.ceil() as u64, max)?;
    }
    for image in &svg.embedded {
        // An embedded SVG is judged by its size alone: data inside data is not followed.
        let size = match imagesize::blob_size(image) {
            Ok(s) => Some((s.width as u64, s.height as u64)),
            Err(_) => svg_size::looks_like_svg(image).then(|| svg_size::declared(image)).flatten().and_then(|d| d.size).map(|(w, h)| (w.ceil() as u64, h.ceil() as u64)),
        };
        if let Some((width, height)) = size {
            pixels_within(width, height, max).map_err(|_| ReadError::EmbedsTooManyPixels { width, height, max })?;
        }
    }
    Ok(())
}

/// `width × height` against the cap.
fn pixels_within(width: u64, height: u64, max: u64) -> Result<(), ReadError> {
    if width.saturating_mul(height) > max {
        return Err(ReadError::TooManyPixels { width, height, max });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("quire-safe-read-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn reads_regular_files_under_the_cap() {
        let dir = scratch("ok");
        let p = dir.join("a.txt");
        std::fs::write(&p, b"hello").unwrap();
        assert_eq!(read_file(&p, 5).unwrap(), b"hello");
        let e = read_file(&p, 4).unwrap_err();
        assert_eq!(error_code(&e, Code::UnreadableChapter), "file-too-large");
        let e = read_file(&dir, 100).unwrap_err();
        assert_eq!(error_code(&e, Code::UnreadableChapter), "not-a-file");
        let e = read_file(&dir.join("missing"), 100).unwrap_err();
        assert_eq!(error_code(&e, Code::UnreadableChapter), Code::UnreadableChapter);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn image_headers_are_bounded() {
        // A PNG signature and IHDR claiming 100000 × 100000 (the CRC is not checked here).
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        let e = check_image_pixels(&png, DEFAULT_MAX_IMAGE_PIXELS).unwrap_err();
        assert_eq!(error_code(&e, Code::UnreadableChapter), "image-too-large");
        assert!(check_image_pixels(&png, 10_000_000_000).is_ok());
        assert!(check_image_pixels(b"<svg/>", 1).is_ok());
    }

    #[test]
    fn svg_declared_and_embedded_sizes_are_bounded() {
        let ns = r#"xmlns="http://www.w3.org/2000/svg""#;
        let huge = format!(r#"<svg {ns} width="1000000" height="1000000" viewBox="0 0 10 10"/>"#);
        assert!(matches!(image_pixels(huge.as_bytes(), DEFAULT_MAX_IMAGE_PIXELS), Err(ReadError::TooManyPixels { width: 1_000_000, .. })));
        let inches = format!(r#"<svg {ns} width="200in" height="200in"/>"#);
        assert!(image_pixels(inches.as_bytes(), DEFAULT_MAX_IMAGE_PIXELS).is_err(), "19200 px square");
        let fine = format!(r#"<svg {ns} width="2000" height="1000"/>"#);
        assert!(image_pixels(fine.as_bytes(), DEFAULT_MAX_IMAGE_PIXELS).is_ok());
        let absurd = format!(r#"<svg {ns} width="1e300" height="1e300"/>"#);
        assert!(image_pixels(absurd.as_bytes(), DEFAULT_MAX_IMAGE_PIXELS).is_err());
        // A small SVG carrying a PNG that claims 100000 × 100000.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &png);
        let inner = format!(r#"<svg {ns} width="10" height="10"><image width="10" height="10" href="data:image/png;base64,{b64}"/></svg>"#);
        let e = image_pixels(inner.as_bytes(), DEFAULT_MAX_IMAGE_PIXELS).unwrap_err();
        assert!(matches!(e, ReadError::EmbedsTooManyPixels { width: 100_000, height: 100_000, .. }), "{e}");
        assert_eq!(e.code(), Code::ImageTooLarge);
        assert!(image_pixels(inner.as_bytes(), 10_000_000_000).is_ok());
    }
}
