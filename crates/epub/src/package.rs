//! The container: a deterministic repacking of the archive epub-builder writes.
//!
//! epub-builder's `ZipLibrary` stamps every entry with the current time (and its `Zip` trait is
//! private, so no other writer can be plugged in), and its package templates cannot express
//! manifest `properties` (`mathml`, `svg`), non-UUID identifiers, the publisher, or a nav/NCX with
//! part titles and landmarks. So after the builder has generated the archive, [`repack`] copies it
//! entry by entry (compressed data copied raw, not recompressed) into a new archive that
//!
//! * stamps every entry with the book's timestamp and mode 0644, and writes `mimetype` first,
//!   stored, as OCF requires;
//! * replaces the builder's `nav.xhtml` and `toc.ncx` with ours ([`crate::nav`]);
//! * patches `content.opf`: our `<metadata>` ([`crate::metadata`]), extra manifest `properties`,
//!   the nav document in the spine after the cover, and the spine direction.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// What to change in the package document epub-builder renders.
#[derive(Debug, Clone, Default)]
pub struct OpfPatch {
    /// Replaces the whole `<metadata>` element.
    pub metadata: String,
    /// Extra manifest `properties` by href (relative to the package document).
    pub properties: BTreeMap<String, BTreeSet<&'static str>>,
    /// The spine `idref` after which the nav document is placed (`None`: first).
    pub nav_after_idref: Option<String>,
    /// `rtl` for right-to-left books.
    pub direction_rtl: bool,
    /// The book's language, set as `xml:lang` on the package element.
    pub lang: String,
}

/// Why the archive could not be repacked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RepackError {
    /// The zip library failed.
    #[error("zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// Reading or writing an entry failed.
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    /// Replacement bytes were given for an entry the builder's archive does not have.
    #[error("no entry `{0}` in the builder's archive to replace")]
    MissingEntry(String),
}

/// Converts Unix seconds to a zip (DOS) timestamp, clamped to the range DOS time can hold.
pub fn zip_time(unix: i64) -> zip::DateTime {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = crate::metadata::civil_from_days(days);
    let (y, m, d, secs) = if y < 1980 {
        (1980, 1, 1, 0)
    } else if y > 2107 {
        (2107, 12, 31, 86_398)
    } else {
        (y, m, d, secs)
    };
    zip::DateTime::from_date_and_time(
        y as u16,
        m as u8,
        d as u8,
        (secs / 3600) as u8,
        (secs / 60 % 60) as u8,
        (secs % 60) as u8,
    )
    .unwrap_or_default()
}

/// Copies the archive `epub` into a new one with fixed entry times, `overrides` (full archive
/// paths such as `OEBPS/nav.xhtml` → bytes) in place of the builder's files, and `patch` applied
/// to `OEBPS/content.opf`. Entries in `stored` (already-compressed images: JPEG, PNG, GIF) are
/// written as they are without compression: deflating them again costs time and saves nothing.
/// Entries in `deflated` (chapters, fonts: the bulk of the text) replace the builder's stand-ins
/// too, deflated in parallel first (epub-builder deflates one entry after another).
///
/// The archive is written into `out`; each stored entry's bytes are asked of `read` (by the
/// entry's key in `stored`) when it is written and dropped after, so the images are never all
/// in memory.
#[allow(clippy::too_many_arguments)]
pub fn repack<W: Write + std::io::Seek, K>(
    epub: &[u8],
    timestamp: i64,
    overrides: &BTreeMap<String, Vec<u8>>,
    stored: &BTreeMap<String, K>,
    read: &dyn Fn(&K) -> std::io::Result<std::sync::Arc<[u8]>>,
    deflated: &BTreeMap<String, &[u8]>,
    patch: &OpfPatch,
    out: W,
) -> Result<W, RepackError> {
    use rayon::prelude::*;
    let time = zip_time(timestamp);
    let options = |method| {
        SimpleFileOptions::default().compression_method(method).last_modified_time(time).unix_permissions(0o644)
    };
    // Each deflated entry is written alone into a small in-memory archive, on any core; the
    // main loop then copies its compressed bytes as they are.
    let singles: BTreeMap<&str, Vec<u8>> = deflated
        .par_iter()
        .map(|(name, data)| -> Result<(&str, Vec<u8>), RepackError> {
            let mut one = ZipWriter::new(Cursor::new(Vec::with_capacity(data.len() / 3 + 256)));
            one.start_file(name.as_str(), options(CompressionMethod::Deflated))?;
            one.write_all(data)?;
            Ok((name.as_str(), one.finish()?.into_inner()))
        })
        .collect::<Result<_, _>>()?;
    let mut src = ZipArchive::new(Cursor::new(epub))?;
    let mut out = ZipWriter::new(out);
    out.start_file("mimetype", options(CompressionMethod::Stored))?;
    out.write_all(b"application/epub+zip")?;
    let mut replaced = 0;
    for i in 0..src.len() {
        let mut file = src.by_index(i)?;
        let name = file.name().to_string();
        if name == "mimetype" {
            continue;
        }
        replaced += usize::from(singles.contains_key(name.as_str()) || stored.contains_key(&name));
        if let Some(single) = singles.get(name.as_str()) {
            drop(file);
            let mut archive = ZipArchive::new(Cursor::new(&single[..]))?;
            out.raw_copy_file_touch(archive.by_index_raw(0)?, time, Some(0o644))?;
            continue;
        }
        if let Some(key) = stored.get(&name) {
            drop(file);
            let data = read(key)?;
            out.start_file(name, options(CompressionMethod::Stored))?;
            out.write_all(&data)?;
            continue;
        }
        let replacement = if let Some(o) = overrides.get(&name) {
            Some(o.clone())
        } else if name == "OEBPS/content.opf" {
            let mut text = String::new();
            file.read_to_string(&mut text)?;
            Some(patch_opf(&text, patch).into_bytes())
        } else {
            None
        };
        match replacement {
            Some(data) => {
                drop(file);
                out.start_file(name, options(CompressionMethod::Deflated))?;
                out.write_all(&data)?;
            }
            None => out.raw_copy_file_touch(file, time, Some(0o644))?,
        }
    }
    if replaced != singles.len() + stored.len() {
        // A stand-in name did not match: never ship a package with an empty chapter or image.
        let names: BTreeSet<String> = (0..src.len()).filter_map(|i| src.name_for_index(i).map(str::to_string)).collect();
        let missing = singles.keys().copied().chain(stored.keys().map(String::as_str)).find(|n| !names.contains(*n));
        return Err(RepackError::MissingEntry(missing.unwrap_or_default().to_string()));
    }
    Ok(out.finish()?)
}

/// Applies `patch` to the package document epub-builder rendered.
pub fn patch_opf(opf: &str, patch: &OpfPatch) -> String {
    let mut out = String::with_capacity(opf.len() + patch.metadata.len());
    let lang_attr = format!("<package xml:lang=\"{}\" ", crate::xml::attr(&patch.lang));
    let opf = &if patch.lang.is_empty() { opf.to_string() } else { opf.replacen("<package ", &lang_attr, 1) };
    // Metadata.
    let rest = match (opf.find("<metadata"), opf.find("</metadata>")) {
        (Some(a), Some(b)) if a < b => {
            out.push_str(&opf[..a]);
            out.push_str(&patch.metadata);
            &opf[b + "</metadata>".len()..]
        }
        _ => opf,
    };
    // Manifest items and the spine, line by line (the template puts one element per line).
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("<item ") {
            out.push_str(&patch_item(line, patch));
        } else if trimmed.starts_with("<spine ") {
            let l = if patch.direction_rtl {
                line.replace("page-progression-direction=\"ltr\"", "page-progression-direction=\"rtl\"")
            } else {
                line.to_string()
            };
            out.push_str(&l);
            if patch.nav_after_idref.is_none() {
                out.push_str("    <itemref idref=\"nav\"/>\n");
            }
        } else if trimmed.starts_with("<itemref ") {
            out.push_str(line);
            if let Some(after) = &patch.nav_after_idref {
                if trimmed.contains(&format!("idref=\"{after}\"")) {
                    out.push_str("    <itemref idref=\"nav\"/>\n");
                }
            }
        } else {
            out.push_str(line);
        }
    }
    out
}

fn attr_value<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = element.find(&key)? + key.len();
    let len = element[start..].find('"')?;
    Some(&element[start..start + len])
}

fn patch_item(line: &str, patch: &OpfPatch) -> String {
    let Some(href) = attr_value(line, "href") else { return line.to_string() };
    let href = href.replace("&amp;", "&");
    let Some(extra) = patch.properties.get(&href).filter(|p| !p.is_empty()) else {
        return line.to_string();
    };
    let mut props: BTreeSet<&str> = extra.iter().copied().collect();
    let mut base = line.to_string();
    if let Some(existing) = attr_value(line, "properties") {
        props.extend(existing.split_whitespace());
        base = line.replacen(&format!(" properties=\"{existing}\""), "", 1);
    }
    let joined = props.into_iter().collect::<Vec<_>>().join(" ");
    base.replacen("<item ", &format!("<item properties=\"{joined}\" "), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patches_items_and_spine() {
        let opf = "<package version=\"3.0\">\n  <metadata xmlns:dc=\"x\">\n    <dc:title>T</dc:title>\n  </metadata>\n  <manifest>\n    <item media-type=\"image/png\" properties=\"cover-image\" id=\"cover-image\" href=\"c.png\"/>\n    <item media-type=\"application/xhtml+xml\" id=\"id_a.xhtml\" href=\"a.xhtml\"/>\n  </manifest>\n  <spine toc=\"ncx\" page-progression-direction=\"ltr\">\n    <itemref idref=\"id_cover.xhtml\"/>\n    <itemref idref=\"id_a.xhtml\"/>\n  </spine>\n</package>\n";
        let mut patch = OpfPatch { metadata: "<metadata>M</metadata>".into(), lang: "en".into(), ..Default::default() };
        patch.properties.insert("a.xhtml".into(), ["mathml", "svg"].into_iter().collect());
        patch.properties.insert("c.png".into(), ["svg"].into_iter().collect());
        patch.nav_after_idref = Some("id_cover.xhtml".into());
        let out = patch_opf(opf, &patch);
        assert!(out.contains("<metadata>M</metadata>"), "{out}");
        assert!(out.starts_with("<package xml:lang=\"en\" version=\"3.0\">"), "{out}");
        assert!(out.contains("<item properties=\"mathml svg\" media-type=\"application/xhtml+xml\" id=\"id_a.xhtml\""), "{out}");
        assert!(out.contains("<item properties=\"cover-image svg\" media-type=\"image/png\" id=\"cover-image\""), "{out}");
        assert!(out.contains("<itemref idref=\"id_cover.xhtml\"/>\n    <itemref idref=\"nav\"/>\n    <itemref idref=\"id_a.xhtml\"/>"), "{out}");
    }

    #[test]
    fn deflated_entries_replace_stand_ins_and_must_exist() {
        let mut z = ZipWriter::new(Cursor::new(Vec::new()));
        for name in ["mimetype", "OEBPS/a.xhtml", "OEBPS/b.xhtml"] {
            z.start_file(name, SimpleFileOptions::default()).expect("start");
        }
        let builder = z.finish().expect("finish").into_inner();
        let text = "<p>正文</p>".repeat(200);
        let mut deflated = BTreeMap::new();
        deflated.insert("OEBPS/a.xhtml".to_string(), text.as_bytes());
        let (none, no_stored): (_, BTreeMap<String, ()>) = (BTreeMap::new(), BTreeMap::new());
        let no_read = |_: &()| -> std::io::Result<std::sync::Arc<[u8]>> { Ok(std::sync::Arc::from(Vec::new())) };
        let out = repack(&builder, 0, &none, &no_stored, &no_read, &deflated, &OpfPatch::default(), Cursor::new(Vec::new())).expect("repack").into_inner();
        let entries = read_entries(&out).expect("read");
        let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["mimetype", "OEBPS/a.xhtml", "OEBPS/b.xhtml"]);
        assert_eq!(entries[1].data, text.as_bytes());
        assert!(!entries[1].stored && out.len() < text.len(), "deflated");
        deflated.insert("OEBPS/missing.xhtml".to_string(), b"x");
        let err = repack(&builder, 0, &none, &no_stored, &no_read, &deflated, &OpfPatch::default(), Cursor::new(Vec::new())).expect_err("missing entry");
        assert!(matches!(err, RepackError::MissingEntry(ref n) if n == "OEBPS/missing.xhtml"), "{err}");
    }

    #[test]
    fn zip_times() {
        let t = zip_time(0);
        assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1));
        let t = zip_time(1_700_000_000);
        assert_eq!((t.year(), t.month(), t.day(), t.hour(), t.minute()), (2023, 11, 14, 22, 13));
    }
}

/// One entry of a package, as read back by [`read_entries`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Archive path.
    pub name: String,
    /// (year, month, day, hour, minute, second) of the entry's timestamp.
    pub modified: (u16, u8, u8, u8, u8, u8),
    /// Stored without compression.
    pub stored: bool,
    /// The uncompressed bytes.
    pub data: Vec<u8>,
}

/// Reads every entry of an EPUB (for tests and tools that inspect a package).
pub fn read_entries(epub: &[u8]) -> Result<Vec<Entry>, RepackError> {
    let mut src = ZipArchive::new(Cursor::new(epub))?;
    let mut out = Vec::with_capacity(src.len());
    for i in 0..src.len() {
        let mut f = src.by_index(i)?;
        let t = f.last_modified().unwrap_or_default();
        let mut data = Vec::new();
        f.read_to_end(&mut data)?;
        out.push(Entry {
            name: f.name().to_string(),
            modified: (t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second()),
            stored: f.compression() == CompressionMethod::Stored,
            data,
        });
    }
    Ok(out)
}
