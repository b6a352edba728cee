//! Images: destinations resolved relative to the chapter's folder, files read once into
//! [`Book::assets`](crate::Book::assets) with a safe, unique, content-typed output path.
//!
//! Every image file is read through `AssetLoader::read`, from the book's [`Source`]: symlinks
//! are resolved before the root check ([`locate`]), the read itself refuses anything but a
//! regular file and files over `[quire] max-file-size` (on disk [`crate::safe_read::read_file`]),
//! and the image's header must declare at most
//! `[quire] max-image-pixels`; a refused image is left out of the assets (every renderer shows
//! its placeholder for [`ImageSource::Missing`]) with one diagnostic at the reference.

use crate::diag::Code;
use super::paths::{is_external, is_remote, join, normalize, percent_decode, slash, split_fragment};
use super::schemes::SchemePolicy;
use crate::ast::{AssetId, BlockKind, Image, ImageSource, InlineKind};
use crate::book::{Asset, Chapter, MediaType};
use crate::diag::Diagnostic;
use crate::ast::visit::{visit_all_inlines, visit_blocks};
use crate::source::{Source, SourceError};
use crate::span::Span;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Loads images and hands out asset ids.
pub struct AssetLoader<'a> {
    /// Where the image files are read from.
    pub source: &'a dyn Source,
    /// Absolute book root.
    pub root: &'a Path,
    /// Absolute source root.
    pub src_root: &'a Path,
    /// Absolute folders outside the root that may be read.
    pub allow: Vec<PathBuf>,
    /// GitBook quirks.
    pub gitbook: bool,
    /// The assets so far.
    pub assets: Vec<Asset>,
    /// Files read ahead in parallel ([`super::prefetch::image_files`]), taken on first use
    /// instead of reading the disk.
    pub prefetched: HashMap<PathBuf, Result<Checked, SourceError>>,
    /// Keep each image's bytes in its [`Asset`] (else only its size: the book reads it on use).
    pub keep_bytes: bool,
    /// The URL schemes image sources may use.
    pub schemes: SchemePolicy,
    /// The largest image file that may be read (`[quire] max-file-size`).
    pub max_file_size: u64,
    /// The most pixels an image may declare (`[quire] max-image-pixels`).
    pub max_image_pixels: u64,
    by_path: HashMap<PathBuf, AssetId>,
    outputs: HashSet<String>,
}

impl<'a> AssetLoader<'a> {
    /// A loader starting from `existing` assets.
    pub fn new(source: &'a dyn Source, root: &'a Path, src_root: &'a Path, allow: Vec<PathBuf>, gitbook: bool, existing: Vec<Asset>) -> Self {
        let by_path = existing.iter().map(|a| (normalize(&root.join(&a.path)), a.id)).collect();
        let outputs = existing.iter().map(|a| a.output_path.clone()).collect();
        AssetLoader {
            source,
            root,
            src_root,
            allow: allow.iter().map(|p| normalize(p)).collect(),
            gitbook,
            assets: existing,
            prefetched: HashMap::new(),
            keep_bytes: true,
            schemes: SchemePolicy::default(),
            max_file_size: crate::safe_read::DEFAULT_MAX_FILE_SIZE,
            max_image_pixels: crate::safe_read::DEFAULT_MAX_IMAGE_PIXELS,
            by_path,
            outputs,
        }
    }

    /// Where `raw`, written in a chapter whose folder is `dir`, leads ([`locate`] with this
    /// loader's source, roots and allowed folders).
    pub fn locate(&self, dir: &Path, raw: &str) -> Lookup {
        locate(self.source, self.root, self.src_root, &self.allow, self.gitbook, dir, raw)
    }

    /// True when the file at absolute, normalised path `abs` is already an asset.
    pub fn is_loaded(&self, abs: &Path) -> bool {
        self.by_path.contains_key(abs)
    }

    /// The checked file at `abs` (read ahead, else from the source), refused when the image
    /// declares more than `max_image_pixels`.
    fn read(&mut self, abs: &Path) -> Result<Checked, SourceError> {
        match self.prefetched.remove(abs) {
            Some(read) => read,
            None => self.check(abs),
        }
    }

    /// Reads the file at `abs` and checks it (`AssetLoader::read`); its bytes are kept only
    /// with [`AssetLoader::keep_bytes`]. Safe to call from several threads.
    pub fn check(&self, abs: &Path) -> Result<Checked, SourceError> {
        let bytes = self.source.read(abs, self.max_file_size)?;
        crate::safe_read::image_pixels(&bytes, self.max_image_pixels)?;
        let media_type = MediaType::sniff(&bytes);
        let size = bytes.len() as u64;
        let pixels = header_pixels(&bytes);
        Ok(Checked { media_type, size, pixels, bytes: self.keep_bytes.then(|| Arc::from(bytes)) })
    }

    /// Resolves one image written in a chapter whose folder is `dir`.
    pub fn image(&mut self, img: &mut Image, dir: &Path, span: Span, diags: &mut Vec<Diagnostic>) {
        if let ImageSource::Embedded(bytes) = &img.source {
            img.source = ImageSource::Asset(self.embedded(bytes.clone()));
            return;
        }
        let raw = img.raw_src.trim();
        if raw.is_empty() {
            img.source = ImageSource::Missing(String::new());
            diags.push(
                Diagnostic::warning(Code::EmptyImage, "image has no path")
                    .with_span(span)
                    .with_hint("put the image file's path between the parentheses"),
            );
            return;
        }
        if let Some(scheme) = self.schemes.refused(raw) {
            img.source = ImageSource::Refused(raw.to_string());
            diags.push(
                Diagnostic::warning(Code::UrlSchemeRefused, format!("`{scheme}:` image sources are not allowed; the alt text is shown instead"))
                    .with_span(span)
                    .with_hint(format!(
                        "images may come from the book's files or http(s); if `{scheme}:` is safe, add it to [quire] allowed-url-schemes"
                    )),
            );
            return;
        }
        if is_external(raw) {
            img.source = ImageSource::Remote(raw.to_string());
            let msg = if is_remote(raw) { format!("remote image `{raw}` is not downloaded") } else { format!("image `{raw}` is not a local file") };
            diags.push(
                Diagnostic::warning(Code::RemoteImage, msg)
                    .with_span(span)
                    .with_hint("download the image into the book and link the local copy"),
            );
            return;
        }
        let decoded = percent_decode(split_fragment(raw).0);
        let found = match self.locate(dir, raw) {
            Lookup::Found(p) => p,
            Lookup::Escapes(target) => {
                img.source = ImageSource::Missing(decoded);
                diags.push(escape_diagnostic(&format!("image `{raw}`"), &target, span));
                return;
            }
            Lookup::NotFound(first) => {
                img.source = ImageSource::Missing(decoded);
                diags.push(
                    Diagnostic::warning(Code::MissingImage, format!("image `{raw}` not found"))
                        .with_span(span)
                        .with_hint(format!("no file at {}", first.display())),
                );
                return;
            }
            Lookup::Empty | Lookup::External => return,
        };
        if let Some(id) = self.by_path.get(&found).copied() {
            img.source = ImageSource::Asset(id);
            self.size_from_style(img, id);
            return;
        }
        match self.read(&found) {
            Ok(bytes) => {
                let id = self.add(&found, bytes);
                img.source = ImageSource::Asset(id);
                self.size_from_style(img, id);
            }
            Err(e) => {
                img.source = ImageSource::Missing(percent_decode(split_fragment(raw).0));
                diags.push(read_diagnostic(&format!("image `{raw}`"), &e, span));
            }
        }
    }

    /// Gives an `<img>` sized by its `style` the `width`/`height` attributes every renderer
    /// reads: `style="width: 300px"` → `width="300"` (a percentage stays one), and Typora's
    /// `style="zoom: 50%"` → half the image's pixel width. Attributes the author wrote win.
    fn size_from_style(&self, img: &mut Image, id: AssetId) {
        if img.attr("style").is_none() || img.attr("width").is_some() || img.attr("height").is_some() {
            return;
        }
        let mut add: Vec<(String, String)> = Vec::new();
        for side in ["width", "height"] {
            if let Some(v) = img.css(side).and_then(crate::ast::css_length) {
                add.push((side.to_string(), v));
            }
        }
        if add.is_empty() {
            let zoom = img.css("zoom").and_then(crate::ast::css_zoom);
            let px = self.assets.get(id.0).and_then(|a| a.pixels);
            if let (Some(z), Some((w, _))) = (zoom, px) {
                let w = (f64::from(w) * z).round().max(1.0);
                add.push(("width".to_string(), format!("{w}")));
            }
        }
        img.attrs.extend(add);
    }

    /// Loads the local file an `<img src>` in raw HTML names (relative to `dir`), if it exists.
    /// Remote and empty sources are left alone; a missing or escaping file gets a diagnostic.
    pub fn raw_html_image(&mut self, src: &str, dir: &Path, span: Span, diags: &mut Vec<Diagnostic>) {
        match self.locate(dir, src) {
            Lookup::Found(p) => {
                if self.by_path.contains_key(&p) {
                    return;
                }
                match self.read(&p) {
                    Ok(bytes) => {
                        self.add(&p, bytes);
                    }
                    Err(e) => diags.push(read_diagnostic(&format!("image `{src}` in raw HTML"), &e, span)),
                }
            }
            Lookup::NotFound(first) => diags.push(
                Diagnostic::warning(Code::MissingImage, format!("image `{src}` in raw HTML not found"))
                    .with_span(span)
                    .with_hint(format!("no file at {}", first.display())),
            ),
            Lookup::Escapes(target) => diags.push(escape_diagnostic(&format!("image `{src}` in raw HTML"), &target, span)),
            Lookup::Empty | Lookup::External => {}
        }
    }

    /// Loads the file at `abs` (absolute, normalised, already checked to be allowed) as an
    /// asset, or returns the asset it was already loaded as.
    pub fn load_file(&mut self, abs: &Path) -> Result<AssetId, SourceError> {
        if let Some(id) = self.by_path.get(abs) {
            return Ok(*id);
        }
        let bytes = self.read(abs)?;
        Ok(self.add(abs, bytes))
    }

    /// Loads the file at `abs` (absolute, normalised, already checked to be allowed) as a file
    /// of the book that is not an image (a download, a video): its type is not sniffed and its
    /// bytes are read only when the loader keeps bytes (else its size is checked and the book
    /// reads it on use); it goes to `files/` on the site. An image already loaded is reused.
    pub fn file(&mut self, abs: &Path) -> Result<AssetId, SourceError> {
        if let Some(id) = self.by_path.get(abs) {
            return Ok(*id);
        }
        let (size, bytes) = if self.keep_bytes {
            let b = self.source.read(abs, self.max_file_size)?;
            (b.len() as u64, Some(Arc::from(b)))
        } else {
            let meta = self.source.metadata(abs)?;
            if !meta.is_file() {
                return Err(SourceError::Refused(crate::safe_read::ReadError::NotAFile("folder")));
            }
            if meta.len > self.max_file_size {
                return Err(SourceError::Refused(crate::safe_read::ReadError::TooLarge { size: meta.len, max: self.max_file_size }));
            }
            (meta.len, None)
        };
        let id = AssetId(self.assets.len());
        let rel = abs.strip_prefix(self.root).unwrap_or(abs).to_path_buf();
        let output_path = self.output_path_in("files", &rel, MediaType::Other);
        self.assets.push(Asset { id, path: PathBuf::from(slash(&rel)), output_path, media_type: MediaType::Other, data: bytes, size, pixels: None });
        self.by_path.insert(abs.to_path_buf(), id);
        Ok(id)
    }

    /// An image written in a chapter (an `<svg>` element) as an asset: one per distinct content,
    /// named by its hash (`inline/<hash>.svg`, which is no file of the book), its bytes held.
    fn embedded(&mut self, bytes: Arc<[u8]>) -> AssetId {
        let media_type = MediaType::sniff(&bytes);
        let rel = PathBuf::from(format!("inline/{:016x}.{}", fnv1a(&bytes), media_type.extension()));
        let key = self.root.join(&rel);
        if let Some(id) = self.by_path.get(&key) {
            return *id;
        }
        let size = bytes.len() as u64;
        let pixels = header_pixels(&bytes);
        self.add(&key, Checked { media_type, size, pixels, bytes: Some(bytes) })
    }

    /// `abs` relative to the book root, for messages.
    pub fn display(&self, abs: &Path) -> String {
        slash(abs.strip_prefix(self.root).unwrap_or(abs))
    }

    fn add(&mut self, abs: &Path, file: Checked) -> AssetId {
        let id = AssetId(self.assets.len());
        let rel = abs.strip_prefix(self.root).map(Path::to_path_buf).unwrap_or_else(|_| abs.to_path_buf());
        let media_type = file.media_type;
        let output_path = self.output_path(&rel, media_type);
        self.assets.push(Asset { id, path: PathBuf::from(slash(&rel)), output_path, media_type, data: file.bytes, size: file.size, pixels: file.pixels });
        self.by_path.insert(abs.to_path_buf(), id);
        id
    }

    /// `images/<hash>-<ascii-stem>.<ext>`, unique, extension from the content.
    fn output_path(&mut self, rel: &Path, mt: MediaType) -> String {
        self.output_path_in("images", rel, mt)
    }

    /// `<dir>/<hash>-<ascii-stem>.<ext>`, unique, extension from the content (from the name
    /// for other types).
    fn output_path_in(&mut self, dir: &str, rel: &Path, mt: MediaType) -> String {
        let ext = match mt {
            MediaType::Other => rel
                .extension()
                .and_then(|e| e.to_str())
                .filter(|e| !e.is_empty() && e.len() <= 8 && e.chars().all(|c| c.is_ascii_alphanumeric()))
                .map(str::to_ascii_lowercase)
                .unwrap_or_else(|| "bin".into()),
            _ => mt.extension().to_string(),
        };
        let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let mut ascii = String::new();
        for c in stem.chars() {
            if c.is_ascii_alphanumeric() {
                ascii.push(c.to_ascii_lowercase());
            } else if !ascii.ends_with('-') && !ascii.is_empty() {
                ascii.push('-');
            }
        }
        let ascii = ascii.trim_end_matches('-');
        let hash = format!("{:08x}", fnv1a(slash(rel).as_bytes()) as u32);
        let base = if ascii.is_empty() { format!("{dir}/{hash}") } else { format!("{dir}/{hash}-{ascii}") };
        let mut cand = format!("{base}.{ext}");
        let mut n = 1;
        while !self.outputs.insert(cand.clone()) {
            cand = format!("{base}-{n}.{ext}");
            n += 1;
        }
        cand
    }
}

/// An image file read and checked: its type, size and (when kept) bytes.
#[derive(Debug)]
pub struct Checked {
    media_type: MediaType,
    size: u64,
    bytes: Option<Arc<[u8]>>,
    pixels: Option<(u32, u32)>,
}

/// The pixel size a raster image's header declares.
fn header_pixels(bytes: &[u8]) -> Option<(u32, u32)> {
    let s = imagesize::blob_size(bytes).ok()?;
    Some((u32::try_from(s.width).ok()?, u32::try_from(s.height).ok()?))
}

/// Reads assets on use from the source the book was loaded from (see
/// [`super::ResolveOptions::asset_source`]), with the same size bound as loading.
#[derive(Debug)]
pub struct SourceAssets {
    /// The book's source.
    pub source: Arc<dyn Source>,
    /// The absolute book root asset paths are relative to.
    pub root: PathBuf,
    /// The largest file that may be read (`[quire] max-file-size`).
    pub max: u64,
}

impl crate::book::AssetBytes for SourceAssets {
    fn read(&self, asset: &Asset) -> std::io::Result<Vec<u8>> {
        self.source.read(&self.root.join(&asset.path), self.max).map_err(std::io::Error::other)
    }
}

/// Reads an image file from the disk with [`crate::safe_read::read_file`] (regular files of at
/// most `max` bytes), for callers outside loading (the loader reads through its [`Source`]).
pub fn read_image_file(path: &Path, max: u64) -> std::io::Result<Arc<[u8]>> {
    crate::safe_read::read_file(path, max).map(Arc::from)
}

/// The error for an image outside the book root (`target`: where it leads).
pub(super) fn escape_diagnostic(what: &str, target: &Path, span: Span) -> Diagnostic {
    Diagnostic::error(Code::PathEscape, format!("{what} is outside the book folder"))
        .with_span(span)
        .with_hint(format!(
            "it leads to {}, which is not read; copy the file into the book, or list its folder in [quire] allow-paths",
            target.display()
        ))
}

/// The diagnostic for an image that could not be read or was refused ([`crate::safe_read`]):
/// an image over the pixel bound is a warning (a placeholder takes its place), the rest as
/// before.
fn read_diagnostic(what: &str, e: &SourceError, span: Span) -> Diagnostic {
    let code = e.code(Code::UnreadableImage);
    let msg = match code {
        Code::ImageTooLarge => format!("{what} is not used: {e}; a placeholder takes its place"),
        _ => format!("{what} cannot be read: {e}"),
    };
    let d = Diagnostic::warning(code, msg).with_span(span);
    match e.refusal() {
        Some(r) => d.with_hint(r.hint()),
        None => d,
    }
}

/// Where a local image destination leads.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Lookup {
    /// Empty destination.
    Empty,
    /// A URL with a scheme.
    External,
    /// Outside the book root and every allowed folder (the first candidate path, or where the
    /// symbolic link found leads).
    Escapes(PathBuf),
    /// No file (the first candidate path).
    NotFound(PathBuf),
    /// The file (absolute, normalised).
    Found(PathBuf),
}

/// Finds the file `raw` names, relative to the folder `dir` (absolute); tries the percent-decoded
/// path, the path as written, and (GitBook) `+` as a space. The path must stay inside `root` or
/// an `allow` folder both as written and with symbolic links resolved (by `source`). Anything but
/// a folder is found (a FIFO or device is refused when read, never opened).
pub fn locate(source: &dyn Source, root: &Path, src_root: &Path, allow: &[PathBuf], gitbook: bool, dir: &Path, raw: &str) -> Lookup {
    let cands = match candidates(root, src_root, allow, gitbook, dir, raw) {
        Ok(cands) => cands,
        Err(lookup) => return lookup,
    };
    let first = cands.first().cloned().unwrap_or_default();
    let Some(found) = cands.into_iter().find(|p| source.exists(p) && !source.is_dir(p)) else { return Lookup::NotFound(first) };
    match source.canonicalize(&found) {
        // No link on the way: the lexical check above holds.
        Ok(real) if real == found => Lookup::Found(found),
        Ok(real) => {
            let inside = |dir: &Path| source.canonicalize(dir).is_ok_and(|d| real.starts_with(d));
            if inside(root) || allow.iter().any(|a| inside(a.as_path())) {
                Lookup::Found(found)
            } else {
                Lookup::Escapes(real)
            }
        }
        Err(_) => Lookup::NotFound(first),
    }
}

/// The paths `raw` may name, in the order [`locate`] tries them (absolute, normalised), or the
/// lookup when it needs no file: empty, a URL, or outside the root as written.
pub fn candidates(root: &Path, src_root: &Path, allow: &[PathBuf], gitbook: bool, dir: &Path, raw: &str) -> Result<Vec<PathBuf>, Lookup> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Lookup::Empty);
    }
    if is_external(raw) {
        return Err(Lookup::External);
    }
    let (path, _) = split_fragment(raw);
    let decoded = percent_decode(path);
    let mut cands = vec![join(src_root, dir, &decoded)];
    if decoded != path {
        cands.push(join(src_root, dir, path));
    }
    if gitbook && decoded.contains('+') {
        cands.push(join(src_root, dir, &decoded.replace('+', " ")));
    }
    let first = cands.first().cloned().unwrap_or_default();
    if !(first.starts_with(root) || allow.iter().any(|a| first.starts_with(a))) {
        return Err(Lookup::Escapes(first));
    }
    Ok(cands)
}

fn fnv1a(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &x| (h ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3))
}

/// Resolves every image (inline and figure) of every chapter.
pub fn resolve_images(loader: &mut AssetLoader<'_>, chapters: &mut [Chapter], diags: &mut Vec<Diagnostic>) {
    for ch in chapters.iter_mut() {
        let Some(src) = ch.source_path.clone() else { continue };
        let dir = loader.src_root.join(src.parent().unwrap_or(Path::new("")));
        let mut one = |blocks: &mut Vec<crate::ast::Block>| {
            visit_blocks(blocks, &mut |b| match &mut b.kind {
                BlockKind::Figure { image, .. } => loader.image(image, &dir, b.span, diags),
                BlockKind::Html(h) => {
                    for src in super::html_images::img_srcs(h) {
                        loader.raw_html_image(&src, &dir, b.span, diags);
                    }
                }
                _ => {}
            });
            visit_all_inlines(blocks, &mut |i| {
                let span = i.span;
                match &mut i.kind {
                    InlineKind::Image(img) => loader.image(img, &dir, span, diags),
                    InlineKind::Html(h) => {
                        for src in super::html_images::img_srcs(h) {
                            loader.raw_html_image(&src, &dir, span, diags);
                        }
                    }
                    _ => {}
                }
            });
        };
        one(&mut ch.blocks);
        for f in ch.footnotes.iter_mut() {
            one(&mut f.blocks);
        }
    }
}
