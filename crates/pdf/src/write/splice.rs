//! Streams image bytes into the PDF as lopdf saves it, so a book's images are never all in
//! memory at once.
//!
//! The document handed to lopdf holds, in place of each image stream's bytes, a short marker
//! ([`marker`]) and a `/Length` that already gives the real size. [`Splice`] sits between lopdf
//! and the output: when lopdf writes a marker as a stream's content, the real bytes are asked
//! for ([`Parts`]), written and dropped. lopdf counted the marker's length, not the real one, so
//! the offsets it records after that point are short by the difference: the cross-reference
//! stream's entries (fixed width `[1 4 2]`) and `startxref` are corrected as they pass. The
//! cross-reference stream's dictionary holds the document ID, a hash of the whole file
//! ([`super::post::fix_id`]): the last object and what follows are held back (a few bytes per
//! object) until the hash of everything before is known. The bytes written are exactly those
//! lopdf would have written with the real contents in place.

use std::collections::HashMap;
use std::io::{self, Write};

/// The length of every marker.
const MARKER_LEN: usize = 40;

/// The marker standing for image part `key` (unique in a document: no real stream of exactly
/// this content is made by the writer).
pub(crate) fn marker(key: u64) -> Vec<u8> {
    let mut m = format!("%QuireImageBytes:{key:020}").into_bytes();
    m.resize(MARKER_LEN, b'%');
    m
}

/// Gives the real bytes of a part when its marker is written.
pub(crate) trait Parts {
    /// The bytes of part `key`, exactly as long as announced.
    fn bytes(&mut self, key: u64) -> io::Result<Vec<u8>>;
}

/// The writer lopdf saves into (see the module doc).
pub(crate) struct Splice<'a, W: Write, P: Parts> {
    out: &'a mut W,
    parts: P,
    /// Marker → (part key, real length).
    markers: HashMap<Vec<u8>, (u64, u64)>,
    /// Where lopdf believes it is (the bytes it handed over).
    pos: u64,
    /// (lopdf position of a marker, real length − marker length), in order.
    shifts: Vec<(u64, i64)>,
    /// Bytes other than stream contents not written yet (at least the current object's), to
    /// tell the cross-reference stream's dictionary before it is written.
    pending: Vec<u8>,
    /// The last write was the `stream` keyword: the next one is a stream's content.
    at_content: bool,
    /// Bytes not written yet: from the cross-reference stream's object on, to the end.
    held: Vec<u8>,
    /// Set once the cross-reference stream has begun (everything after is held).
    holding: bool,
    /// The document ID hash over every byte written so far.
    hash: super::post::Hasher,
}

impl<'a, W: Write, P: Parts> Splice<'a, W, P> {
    /// A splicer writing to `out`, with `markers` (marker → part key and real length).
    pub(crate) fn new(out: &'a mut W, parts: P, markers: HashMap<Vec<u8>, (u64, u64)>) -> Self {
        Splice {
            out,
            parts,
            markers,
            pos: 0,
            shifts: Vec::new(),
            pending: Vec::new(),
            at_content: false,
            held: Vec::new(),
            holding: false,
            hash: super::post::Hasher::new(),
        }
    }

    /// The total correction for a lopdf offset `at`: the differences of the markers before it.
    fn shift(&self, at: u64) -> i64 {
        self.shifts.iter().take_while(|(p, _)| *p < at).map(|(_, d)| d).sum()
    }

    /// Writes real bytes, hashing them.
    fn emit(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.hash.update(bytes);
        self.out.write_all(bytes)
    }

    /// Writes the first `n` pending bytes.
    fn flush_pending(&mut self, n: usize) -> io::Result<()> {
        let done: Vec<u8> = self.pending.drain(..n).collect();
        self.emit(&done)
    }

    fn take(&mut self, buf: &[u8]) -> io::Result<()> {
        let start = self.pos;
        self.pos += buf.len() as u64;
        if self.holding {
            self.held.extend_from_slice(buf);
            return Ok(());
        }
        let content = std::mem::replace(&mut self.at_content, false);
        if !content {
            self.at_content = buf == b"stream\n";
            self.pending.extend_from_slice(buf);
            if self.pending.len() > 1 << 20 {
                // Keep only the object being written.
                if let Some(end) = rfind(&self.pending, b"endobj\n") {
                    self.flush_pending(end + b"endobj\n".len())?;
                }
            }
            return Ok(());
        }
        if let Some(&(key, len)) = (buf.len() == MARKER_LEN).then(|| self.markers.get(buf)).flatten() {
            let bytes = self.parts.bytes(key)?;
            if bytes.len() as u64 != len {
                return Err(io::Error::other(format!("image part {key} is {} bytes, {len} announced", bytes.len())));
            }
            self.shifts.push((start, len as i64 - buf.len() as i64));
            self.flush_pending(self.pending.len())?;
            return self.emit(&bytes);
        }
        let object = rfind(&self.pending, b"endobj\n").map_or(0, |e| e + b"endobj\n".len());
        if contains(&self.pending[object..], b"/Type/XRef") {
            return self.cross_reference(object, buf);
        }
        self.flush_pending(self.pending.len())?;
        self.emit(buf)
    }

    /// The cross-reference stream's content, offsets corrected; from its object (`object` in
    /// the pending bytes) on everything is held until [`Splice::finish`].
    fn cross_reference(&mut self, object: usize, buf: &[u8]) -> io::Result<()> {
        self.flush_pending(object)?;
        let mut table = buf.to_vec();
        for entry in table.chunks_exact_mut(7) {
            if entry[0] == 1 {
                let at = u64::from(u32::from_be_bytes([entry[1], entry[2], entry[3], entry[4]]));
                let real = u32::try_from(at as i64 + self.shift(at)).map_err(|_| io::Error::other("the PDF is too large for 32-bit offsets"))?;
                entry[1..5].copy_from_slice(&real.to_be_bytes());
            }
        }
        self.holding = true;
        self.held = std::mem::take(&mut self.pending);
        self.held.extend_from_slice(&table);
        Ok(())
    }

    /// Writes what was held back, with `startxref` corrected and the document ID filled in.
    pub(crate) fn finish(mut self) -> io::Result<()> {
        let mut tail = std::mem::take(&mut self.held);
        tail.append(&mut self.pending);
        // `…\nendstream\nendobj\n\nstartxref\n<offset>\n%%EOF`
        if let Some(at) = rfind(&tail, b"startxref\n") {
            let from = at + b"startxref\n".len();
            let end = tail[from..].iter().position(|b| !b.is_ascii_digit()).map_or(tail.len(), |e| from + e);
            let old: u64 = std::str::from_utf8(&tail[from..end]).ok().and_then(|s| s.parse().ok()).unwrap_or(0);
            let new = (old as i64 + self.shift(old)).to_string();
            tail.splice(from..end, new.into_bytes());
        }
        self.hash.update(&tail);
        let id = self.hash.finish();
        super::post::fill_id(&mut tail, id);
        self.out.write_all(&tail)?;
        self.out.flush()
    }
}

impl<W: Write, P: Parts> Write for Splice<'_, W, P> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.take(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.take(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}
