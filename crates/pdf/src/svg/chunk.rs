//! Reads the objects of a pdf-writer [`Chunk`](svg2pdf::to_chunk) (svg2pdf's output) as lopdf
//! objects, one after the other, without a document around them.
//!
//! pdf-writer writes a small, regular subset of PDF's syntax: `N G obj … endobj` with direct
//! objects (null, booleans, integers, reals, names with `#xx` escapes, literal strings with
//! backslash escapes, hex strings, arrays, dictionaries, `N G R` references) and streams whose
//! dictionary gives their `/Length` as an integer. [`objects`] reads exactly that, in one pass
//! over the bytes; anything else (or nesting past [`MAX_DEPTH`]) is an error, and the SVG is
//! then not drawn. lopdf's own reader parses a whole file and was most of an SVG's conversion
//! time (issue 18).

use lopdf::{Dictionary, Object, StringFormat};

/// Deepest nesting of arrays and dictionaries read.
const MAX_DEPTH: usize = 64;

/// Calls `each` with every object of `bytes` (its number and the object, streams with their
/// content as written) in order; `None` when the bytes are not what pdf-writer writes.
pub(crate) fn objects(bytes: &[u8], mut each: impl FnMut(u32, Object)) -> Option<()> {
    let mut r = Reader { b: bytes, i: 0 };
    loop {
        r.skip_ws();
        if r.i >= r.b.len() {
            return Some(());
        }
        let id = u32::try_from(r.integer()?).ok()?;
        r.skip_ws();
        r.integer()?;
        r.skip_ws();
        r.keyword(b"obj")?;
        r.skip_ws();
        let object = r.object(0)?;
        r.skip_ws();
        let object = if r.b[r.i..].starts_with(b"stream") {
            r.i += b"stream".len();
            // The keyword ends its line (CR LF or LF).
            if r.b.get(r.i) == Some(&b'\r') {
                r.i += 1;
            }
            if r.b.get(r.i) != Some(&b'\n') {
                return None;
            }
            r.i += 1;
            let Object::Dictionary(dict) = object else { return None };
            let len = usize::try_from(dict.get(b"Length").ok()?.as_i64().ok()?).ok()?;
            let content = r.b.get(r.i..r.i.checked_add(len)?)?.to_vec();
            r.i += len;
            r.skip_ws();
            r.keyword(b"endstream")?;
            r.skip_ws();
            let mut stream = lopdf::Stream::new(dict, content);
            stream.dict.remove(b"Length");
            Object::Stream(stream)
        } else {
            object
        };
        r.keyword(b"endobj")?;
        each(id, object);
    }
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C' | b'\0')
}

fn is_delim(c: u8) -> bool {
    is_ws(c) || b"()<>[]{}/%".contains(&c)
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Skips white space and comments.
    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if is_ws(c) {
                self.i += 1;
            } else if c == b'%' {
                while self.peek().is_some_and(|c| c != b'\n' && c != b'\r') {
                    self.i += 1;
                }
            } else {
                break;
            }
        }
    }

    /// `word` followed by a delimiter or the end.
    fn keyword(&mut self, word: &[u8]) -> Option<()> {
        let end = self.i + word.len();
        if self.b.get(self.i..end)? != word || self.b.get(end).is_some_and(|c| !is_delim(*c)) {
            return None;
        }
        self.i = end;
        Some(())
    }

    /// The bytes of a number token.
    fn number_token(&mut self) -> &[u8] {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.' | b'e' | b'E')) {
            self.i += 1;
        }
        &self.b[start..self.i]
    }

    fn integer(&mut self) -> Option<i64> {
        let token = self.number_token();
        std::str::from_utf8(token).ok()?.parse().ok()
    }

    fn object(&mut self, depth: usize) -> Option<Object> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'/' => self.name().map(Object::Name),
            b'<' if self.b.get(self.i + 1) == Some(&b'<') => self.dictionary(depth).map(Object::Dictionary),
            b'<' => self.hex_string(),
            b'(' => self.literal_string(),
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    if self.peek()? == b']' {
                        self.i += 1;
                        return Some(Object::Array(items));
                    }
                    items.push(self.object(depth + 1)?);
                }
            }
            b't' => self.keyword(b"true").map(|()| Object::Boolean(true)),
            b'f' => self.keyword(b"false").map(|()| Object::Boolean(false)),
            b'n' => self.keyword(b"null").map(|()| Object::Null),
            c if c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.') => self.number_or_reference(),
            _ => None,
        }
    }

    /// A number, or `N G R`.
    fn number_or_reference(&mut self) -> Option<Object> {
        let token = std::str::from_utf8(self.number_token()).ok()?;
        if token.contains(['.', 'e', 'E']) {
            return token.parse::<f32>().ok().map(Object::Real);
        }
        let n: i64 = token.parse().ok()?;
        // A reference: two unsigned integers and `R`.
        let back = self.i;
        if n >= 0 {
            self.skip_ws();
            if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                let gen = self.integer();
                self.skip_ws();
                if let (Some(gen), Some(())) = (gen, self.keyword(b"R")) {
                    return Some(Object::Reference((u32::try_from(n).ok()?, u16::try_from(gen).ok()?)));
                }
            }
        }
        self.i = back;
        Some(Object::Integer(n))
    }

    /// `/Name` with `#xx` escapes decoded.
    fn name(&mut self) -> Option<Vec<u8>> {
        self.i += 1;
        let mut out = Vec::new();
        while let Some(c) = self.peek().filter(|c| !is_delim(*c)) {
            if c == b'#' {
                let hex = self.b.get(self.i + 1..self.i + 3)?;
                out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
                self.i += 3;
            } else {
                out.push(c);
                self.i += 1;
            }
        }
        Some(out)
    }

    fn dictionary(&mut self, depth: usize) -> Option<Dictionary> {
        self.i += 2;
        let mut dict = Dictionary::new();
        loop {
            self.skip_ws();
            match self.peek()? {
                b'>' if self.b.get(self.i + 1) == Some(&b'>') => {
                    self.i += 2;
                    return Some(dict);
                }
                b'/' => {
                    let key = self.name()?;
                    self.skip_ws();
                    let value = self.object(depth + 1)?;
                    dict.set(key, value);
                }
                _ => return None,
            }
        }
    }

    fn hex_string(&mut self) -> Option<Object> {
        self.i += 1;
        let mut digits = Vec::new();
        loop {
            let c = self.peek()?;
            self.i += 1;
            match c {
                b'>' => break,
                c if is_ws(c) => {}
                c => digits.push(char::from(c).to_digit(16)? as u8),
            }
        }
        if !digits.len().is_multiple_of(2) {
            digits.push(0);
        }
        let bytes = digits.chunks_exact(2).map(|p| (p[0] << 4) | p[1]).collect();
        Some(Object::String(bytes, StringFormat::Hexadecimal))
    }

    fn literal_string(&mut self) -> Option<Object> {
        self.i += 1;
        let mut out = Vec::new();
        let mut open = 0usize;
        loop {
            let c = self.peek()?;
            self.i += 1;
            match c {
                b'(' => {
                    open += 1;
                    out.push(c);
                }
                b')' if open == 0 => return Some(Object::String(out, StringFormat::Literal)),
                b')' => {
                    open -= 1;
                    out.push(c);
                }
                b'\\' => {
                    let e = self.peek()?;
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(b'\x08'),
                        b'f' => out.push(b'\x0C'),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.i += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        // A line continuation.
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.i += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                c => out.push(c),
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use pdf_writer::{Chunk, Finish, Name, Rect, Ref, Str};

    /// What pdf-writer writes reads back as the same values, streams with their exact bytes.
    #[test]
    fn reads_what_pdf_writer_writes() {
        let mut chunk = Chunk::new();
        {
            let mut d = chunk.indirect(Ref::new(1)).dict();
            d.pair(Name(b"Type"), Name(b"ExtGState"));
            d.pair(Name(b"ca"), 0.6);
            d.pair(Name(b"Big"), 1e-7f32);
            d.pair(Name(b"Odd name#"), true);
            d.pair(Name(b"S"), Str(b"a (b) \\ \n \x01 )("));
            d.pair(Name(b"H"), Str("ü".as_bytes()));
            d.pair(Name(b"R"), Ref::new(7));
            d.insert(Name(b"A")).array().items([1, -2, 3]);
            d.pair(Name(b"N"), pdf_writer::Null);
            d.finish();
        }
        let data = b"binary\x00 endstream endobj \xff".to_vec();
        chunk.form_xobject(Ref::new(2), &data).bbox(Rect::new(0.0, 0.0, 10.5, 20.0)).finish();
        let mut got = Vec::new();
        objects(chunk.as_bytes(), |id, o| got.push((id, o))).expect("reads");
        assert_eq!(got.len(), 2);
        let Object::Dictionary(d) = &got[0].1 else { panic!("{:?}", got[0]) };
        assert_eq!(got[0].0, 1);
        assert_eq!(d.get(b"Type").unwrap().as_name().unwrap(), b"ExtGState");
        assert_eq!(d.get(b"ca").unwrap().as_float().unwrap(), 0.6);
        assert_eq!(d.get(b"Big").unwrap().as_float().unwrap(), 1e-7);
        assert!(d.get(b"Odd name#").unwrap().as_bool().unwrap());
        assert_eq!(d.get(b"S").unwrap().as_str().unwrap(), b"a (b) \\ \n \x01 )(");
        assert_eq!(d.get(b"H").unwrap().as_str().unwrap(), "ü".as_bytes());
        assert_eq!(d.get(b"R").unwrap().as_reference().unwrap(), (7, 0));
        let a: Vec<i64> = d.get(b"A").unwrap().as_array().unwrap().iter().map(|o| o.as_i64().unwrap()).collect();
        assert_eq!(a, [1, -2, 3]);
        assert!(d.get(b"N").unwrap().is_null());
        let Object::Stream(s) = &got[1].1 else { panic!("{:?}", got[1]) };
        assert_eq!(s.content, data);
        assert!(s.dict.get(b"Length").is_err(), "the length is the writer's to set");
        let bbox: Vec<f32> = s.dict.get(b"BBox").unwrap().as_array().unwrap().iter().map(|o| o.as_float().unwrap()).collect();
        assert_eq!(bbox, [0.0, 0.0, 10.5, 20.0]);
    }

    #[test]
    fn other_syntax_is_refused() {
        for bad in [&b"1 0 obj\n<< /A >>\nendobj"[..], b"1 0 obj\n<< /A 1 >>", b"x 0 obj 1 endobj", b"1 0 obj\n[1 2\nendobj", b"1 0 obj\n<</Length 99>>\nstream\nab\nendstream\nendobj"] {
            assert!(objects(bad, |_, _| {}).is_none(), "{}", String::from_utf8_lossy(bad));
        }
        let deep = format!("1 0 obj\n{}{}\nendobj", "[".repeat(100), "]".repeat(100));
        assert!(objects(deep.as_bytes(), |_, _| {}).is_none());
    }
}
