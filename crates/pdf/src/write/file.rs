//! The PDF file written object by object, so no whole-document copy is ever made.
//!
//! lopdf 0.44 saves with object streams by cloning every object of the document into them
//! first, and its writer is private. [`PdfFile`] writes each object as it is handed over:
//! streams (page contents, fonts, images) go straight to the output, every other object is
//! serialised into the object stream being gathered, which is compressed and written once it
//! holds [`PER_STREAM`] objects. Only the positions of the objects are kept, for the
//! cross-reference stream (or, for PDF 1.3, the cross-reference table) written by
//! [`PdfFile::finish`]. The document ID is a hash of every byte before the trailer, so the
//! same content gets the same ID, and the output depends on nothing but what is handed over.

use std::io::{self, Write};

use lopdf::{Dictionary, Object, StringFormat};

/// How many objects an object stream holds (lopdf's default).
pub(crate) const PER_STREAM: usize = 100;

/// zlib level of object streams and of the cross-reference stream (lopdf's default).
const LEVEL: u32 = 6;

/// Where an object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    /// No such object.
    Free,
    /// At this byte offset.
    Direct(u64),
    /// In object stream `stream`, at `index`.
    Packed { stream: u32, index: u32 },
}

/// The file being written (see the module doc).
pub(crate) struct PdfFile<'a, W: Write> {
    out: &'a mut W,
    /// Bytes written so far.
    pos: u64,
    /// Hash of the bytes written so far (the document ID).
    hash: super::post::Hasher,
    /// Object streams and a cross-reference stream (PDF 1.5); else a table (PDF 1.3).
    modern: bool,
    /// Entry per object number (index 0 is the head of the free list).
    xref: Vec<Entry>,
    /// The object stream being gathered: each object's number and offset in `body`.
    packed: Vec<(u32, usize)>,
    /// The serialised objects of the object stream being gathered.
    body: Vec<u8>,
    /// The next free object number (object streams take theirs from here).
    next_id: u32,
}

impl<'a, W: Write> PdfFile<'a, W> {
    /// Starts a file of PDF `version`; object numbers from `next_id` on are free for the
    /// writer's own objects (object streams). `modern`: object streams and a cross-reference
    /// stream, else a cross-reference table.
    pub(crate) fn new(out: &'a mut W, version: &str, next_id: u32, modern: bool) -> io::Result<Self> {
        let mut file = PdfFile {
            out,
            pos: 0,
            hash: super::post::Hasher::new(),
            modern,
            xref: Vec::new(),
            packed: Vec::new(),
            body: Vec::new(),
            next_id: next_id.max(1),
        };
        let mut head = format!("%PDF-{version}\n").into_bytes();
        // A comment of bytes above 127 marks the file as binary (lopdf's mark).
        head.extend_from_slice(b"%\xBB\xAD\xC0\xDE\n");
        file.emit(&head)?;
        Ok(file)
    }

    fn emit(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.hash.update(bytes);
        self.pos += bytes.len() as u64;
        self.out.write_all(bytes)
    }

    fn record(&mut self, id: u32, entry: Entry) {
        let i = id as usize;
        if self.xref.len() <= i {
            self.xref.resize(i + 1, Entry::Free);
        }
        self.xref[i] = entry;
        self.next_id = self.next_id.max(id + 1);
    }

    /// Takes `count` object numbers no object has yet, for objects made while the file is
    /// written (an SVG's form's); the first of them.
    pub(crate) fn reserve(&mut self, count: u32) -> u32 {
        let first = self.next_id;
        self.next_id = self.next_id.saturating_add(count);
        first
    }

    /// Writes object `id` (not a stream: see [`PdfFile::stream`]).
    pub(crate) fn object(&mut self, id: u32, object: &Object) -> io::Result<()> {
        if let Object::Stream(s) = object {
            return self.stream(id, &s.dict, &s.content);
        }
        let mut bytes = Vec::new();
        serialize(&mut bytes, object);
        self.serialized(id, &bytes)
    }

    /// Writes object `id` given as its serialisation (not a stream).
    pub(crate) fn serialized(&mut self, id: u32, bytes: &[u8]) -> io::Result<()> {
        if !self.modern {
            let at = self.pos;
            self.record(id, Entry::Direct(at));
            let mut buf = format!("{id} 0 obj\n").into_bytes();
            buf.extend_from_slice(bytes);
            buf.extend_from_slice(b"\nendobj\n");
            return self.emit(&buf);
        }
        // Reserve the number now so an object stream never takes it.
        self.record(id, Entry::Free);
        self.packed.push((id, self.body.len()));
        self.body.extend_from_slice(bytes);
        self.body.push(b'\n');
        if self.packed.len() >= PER_STREAM {
            self.flush_packed()?;
        }
        Ok(())
    }

    /// Writes stream object `id` with this dictionary (its `/Length` set here) and content.
    pub(crate) fn stream(&mut self, id: u32, dict: &Dictionary, content: &[u8]) -> io::Result<()> {
        let at = self.pos;
        self.record(id, Entry::Direct(at));
        let mut head = format!("{id} 0 obj\n").into_bytes();
        let mut dict = dict.clone();
        dict.set("Length", Object::Integer(content.len() as i64));
        write_dictionary(&mut head, &dict);
        head.extend_from_slice(b"stream\n");
        self.emit(&head)?;
        self.emit(content)?;
        self.emit(b"\nendstream\nendobj\n")
    }

    /// Compresses and writes the object stream gathered so far.
    fn flush_packed(&mut self) -> io::Result<()> {
        if self.packed.is_empty() {
            return Ok(());
        }
        let id = self.next_id;
        self.next_id += 1;
        let mut table = Vec::new();
        for (n, off) in &self.packed {
            table.extend_from_slice(format!("{n} {off} ").as_bytes());
        }
        let first = table.len();
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(LEVEL));
        enc.write_all(&table)?;
        enc.write_all(&self.body)?;
        let data = enc.finish()?;
        let packed = std::mem::take(&mut self.packed);
        self.body.clear();
        for (index, (n, _)) in packed.iter().enumerate() {
            self.record(*n, Entry::Packed { stream: id, index: index as u32 });
        }
        let dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"ObjStm".to_vec())),
            ("N", Object::Integer(packed.len() as i64)),
            ("First", Object::Integer(first as i64)),
            ("Filter", Object::Name(b"FlateDecode".to_vec())),
        ]);
        self.stream(id, &dict, &data)
    }

    /// Writes the cross-reference section and the trailer (`trailer`'s `/Root`, `/Info` and
    /// the like; `/Size`, `/ID` and the stream keys are set here) and the end of the file.
    pub(crate) fn finish(mut self, trailer: &Dictionary) -> io::Result<()> {
        self.flush_packed()?;
        let mut trailer = trailer.clone();
        for key in [b"Type".as_slice(), b"W", b"Index", b"Filter", b"DecodeParms", b"Length", b"Prev", b"XRefStm"] {
            trailer.remove(key);
        }
        let start = self.pos;
        if self.modern {
            // The cross-reference stream is an object too (the last one).
            let id = self.next_id;
            self.record(id, Entry::Direct(start));
            let size = self.xref.len();
            let widest = self.xref.iter().map(|e| match *e {
                Entry::Free => 0,
                Entry::Direct(at) => at,
                Entry::Packed { stream, .. } => u64::from(stream),
            });
            let width = bytes_for(widest.max().unwrap_or(0));
            let mut table = Vec::with_capacity(size * (width + 3));
            for (n, e) in self.xref.iter().enumerate() {
                let (kind, field, extra): (u8, u64, u16) = match *e {
                    Entry::Free if n == 0 => (0, 0, 65535),
                    Entry::Free => (0, 0, 0),
                    Entry::Direct(at) => (1, at, 0),
                    Entry::Packed { stream, index } => (2, u64::from(stream), u16::try_from(index).unwrap_or(u16::MAX)),
                };
                table.push(kind);
                table.extend_from_slice(&field.to_be_bytes()[8 - width..]);
                table.extend_from_slice(&extra.to_be_bytes());
            }
            let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(LEVEL));
            enc.write_all(&table)?;
            let data = enc.finish()?;
            drop(table);
            trailer.set("Type", Object::Name(b"XRef".to_vec()));
            trailer.set("Size", Object::Integer(size as i64));
            trailer.set("W", Object::Array(vec![Object::Integer(1), Object::Integer(width as i64), Object::Integer(2)]));
            trailer.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            let mut hash = self.hash.clone();
            hash.update(&data);
            trailer.set("ID", id_array(hash.finish()));
            self.stream(id, &trailer, &data)?;
        } else {
            let size = self.xref.len();
            let mut table = format!("xref\n0 {size}\n").into_bytes();
            for (n, e) in self.xref.iter().enumerate() {
                let line = match *e {
                    Entry::Direct(at) => format!("{at:010} 00000 n\r\n"),
                    // Packed entries exist only with object streams.
                    _ if n == 0 => "0000000000 65535 f\r\n".to_string(),
                    _ => "0000000000 00000 f\r\n".to_string(),
                };
                table.extend_from_slice(line.as_bytes());
            }
            let mut hash = self.hash.clone();
            hash.update(&table);
            trailer.set("Size", Object::Integer(size as i64));
            trailer.set("ID", id_array(hash.finish()));
            table.extend_from_slice(b"trailer\n");
            write_dictionary(&mut table, &trailer);
            self.emit(&table)?;
        }
        self.emit(format!("\nstartxref\n{start}\n%%EOF").as_bytes())?;
        self.out.flush()
    }
}

/// The fewest bytes that hold `n` (at least one).
fn bytes_for(n: u64) -> usize {
    ((64 - n.leading_zeros() as usize).div_ceil(8)).max(1)
}

/// `[<id> <id>]`: the document ID, the same for both (the file is never updated in place).
fn id_array(id: [u8; 16]) -> Object {
    let s = Object::String(id.to_vec(), StringFormat::Hexadecimal);
    Object::Array(vec![s.clone(), s])
}

/// Objects after which a following number or reference needs a space.
fn needs_space(object: &Object) -> bool {
    matches!(object, Object::Null | Object::Boolean(_) | Object::Integer(_) | Object::Real(_) | Object::Reference(_))
}

/// Serialises a direct object as lopdf's writer does (a stream's dictionary and content, for
/// completeness: streams are written by [`PdfFile::stream`]).
pub(crate) fn serialize(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => out.extend_from_slice(real(*r).as_bytes()),
        Object::Name(n) => write_name(out, n),
        Object::String(s, format) => write_string(out, s, *format),
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 && needs_space(item) {
                    out.push(b' ');
                }
                serialize(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dictionary(out, d),
        Object::Stream(s) => {
            write_dictionary(out, &s.dict);
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((n, g)) => out.extend_from_slice(format!("{n} {g} R").as_bytes()),
    }
}

/// A real number as lopdf writes it (Rust's shortest round-trip form; never an exponent for
/// the values a page holds).
fn real(r: f32) -> String {
    if r.is_finite() {
        format!("{r}")
    } else {
        "0".to_string()
    }
}

pub(crate) fn write_dictionary(out: &mut Vec<u8>, d: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in d.iter() {
        write_name(out, key);
        if needs_space(value) {
            out.push(b' ');
        }
        serialize(out, value);
    }
    out.extend_from_slice(b">>");
}

/// `/Name`, with delimiters, white space and bytes outside `!`..`~` as `#xx`.
pub(crate) fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        } else {
            out.push(b);
        }
    }
}

/// A string: literal with `\`, CR and unbalanced parentheses escaped, or hexadecimal.
pub(crate) fn write_string(out: &mut Vec<u8>, s: &[u8], format: StringFormat) {
    match format {
        StringFormat::Literal => {
            // Escape every parenthesis that does not close or is not closed, `\` and CR.
            let mut escape = vec![false; s.len()];
            let mut open = Vec::new();
            for (i, &b) in s.iter().enumerate() {
                match b {
                    b'(' => open.push(i),
                    b')' if open.pop().is_none() => escape[i] = true,
                    b'\\' | b'\r' => escape[i] = true,
                    _ => {}
                }
            }
            for i in open {
                escape[i] = true;
            }
            out.push(b'(');
            for (&b, &e) in s.iter().zip(&escape) {
                if e {
                    out.push(b'\\');
                    out.push(if b == b'\r' { b'r' } else { b });
                } else {
                    out.push(b);
                }
            }
            out.push(b')');
        }
        StringFormat::Hexadecimal => {
            out.push(b'<');
            for &b in s {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn written(modern: bool, objects: &[(u32, Object)]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut file = PdfFile::new(&mut out, if modern { "1.7" } else { "1.3" }, 10, modern).unwrap();
        for (id, o) in objects {
            file.object(*id, o).unwrap();
        }
        let trailer = Dictionary::from_iter(vec![("Root", Object::Reference((1, 0)))]);
        file.finish(&trailer).unwrap();
        out
    }

    fn sample() -> Vec<(u32, Object)> {
        let catalog = Dictionary::from_iter(vec![("Type", Object::Name(b"Catalog".to_vec())), ("Pages", Object::Reference((2, 0)))]);
        let pages = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Kids", Object::Array(vec![Object::Reference((3, 0))])),
            ("Count", Object::Integer(1)),
        ]);
        let page = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Page".to_vec())),
            ("Parent", Object::Reference((2, 0))),
            ("MediaBox", Object::Array(vec![0.into(), 0.into(), Object::Real(100.5), 200.into()])),
            ("Contents", Object::Reference((5, 0))),
            ("Title", Object::String(b"a (b) c) \\".to_vec(), StringFormat::Literal)),
        ]);
        let content = lopdf::Stream::new(Dictionary::new(), b"0 0 10 10 re f".to_vec());
        vec![(1, Object::Dictionary(catalog)), (2, Object::Dictionary(pages)), (3, Object::Dictionary(page)), (5, Object::Stream(content))]
    }

    /// Both forms parse back to the same objects (lopdf reads object streams and
    /// cross-reference streams), a number not used (4) is free, and the same objects give the
    /// same bytes.
    #[test]
    fn files_parse_back() {
        for modern in [true, false] {
            let bytes = written(modern, &sample());
            assert_eq!(bytes, written(modern, &sample()));
            let doc = lopdf::Document::load_mem(&bytes).expect("parses");
            assert_eq!(doc.get_pages().len(), 1);
            let page = doc.get_dictionary((3, 0)).unwrap();
            assert_eq!(page.get(b"Title").unwrap().as_str().unwrap(), b"a (b) c) \\");
            assert_eq!(page.get(b"MediaBox").unwrap().as_array().unwrap()[2].as_float().unwrap(), 100.5);
            let content = doc.get_object((5, 0)).unwrap().as_stream().unwrap();
            assert_eq!(content.content, b"0 0 10 10 re f");
            assert!(doc.get_object((4, 0)).is_err());
            assert_eq!(doc.trailer.get(b"ID").unwrap().as_array().unwrap().len(), 2);
            let text = String::from_utf8_lossy(&bytes);
            assert_eq!(text.contains("/ObjStm"), modern);
            assert_eq!(text.contains("\nxref\n"), !modern);
        }
    }

    /// Different content, different ID.
    #[test]
    fn id_follows_content() {
        let id = |objects: &[(u32, Object)]| {
            let doc = lopdf::Document::load_mem(&written(true, objects)).unwrap();
            doc.trailer.get(b"ID").unwrap().as_array().unwrap()[0].as_str().unwrap().to_vec()
        };
        let mut other = sample();
        other[3] = (5, Object::Stream(lopdf::Stream::new(Dictionary::new(), b"0 0 20 20 re f".to_vec())));
        assert_ne!(id(&sample()), id(&other));
    }

    #[test]
    fn widths_fit() {
        assert_eq!(bytes_for(0), 1);
        assert_eq!(bytes_for(255), 1);
        assert_eq!(bytes_for(256), 2);
        assert_eq!(bytes_for(1 << 32), 5);
    }
}
