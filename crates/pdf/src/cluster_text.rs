//! [`ClusterText`]: the source text one placed glyph stands for, kept inside the glyph.
//!
//! Every glyph of a laid-out book carries the text of its cluster (for ToUnicode and
//! `/ActualText`): one character, a ligature's two or three, or nothing for the second glyph of
//! a cluster. As a `String` that is a heap allocation per glyph, about half the memory of the
//! page model of a text-heavy book. Up to [`INLINE`] bytes are held in the value itself; longer
//! clusters (rare: a long combining sequence) go on the heap.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

/// The longest text held without an allocation, in bytes.
pub const INLINE: usize = 22;

/// The text of one glyph's cluster: derefs to `str`, compares and hashes as its text.
#[derive(Clone)]
pub struct ClusterText(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl ClusterText {
    /// The empty text (the 2nd and later glyphs of a cluster).
    pub const fn new() -> Self {
        ClusterText(Repr::Inline { len: 0, bytes: [0; INLINE] })
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline { len, bytes } => bytes.get(..usize::from(*len)).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or_default(),
            Repr::Heap(s) => s,
        }
    }
}

impl Default for ClusterText {
    fn default() -> Self {
        Self::new()
    }
}

impl From<&str> for ClusterText {
    fn from(s: &str) -> Self {
        match u8::try_from(s.len()) {
            Ok(len) if s.len() <= INLINE => {
                let mut bytes = [0; INLINE];
                bytes[..s.len()].copy_from_slice(s.as_bytes());
                ClusterText(Repr::Inline { len, bytes })
            }
            _ => ClusterText(Repr::Heap(s.into())),
        }
    }
}

impl From<String> for ClusterText {
    fn from(s: String) -> Self {
        if s.len() <= INLINE {
            s.as_str().into()
        } else {
            ClusterText(Repr::Heap(s.into_boxed_str()))
        }
    }
}

impl From<&String> for ClusterText {
    fn from(s: &String) -> Self {
        s.as_str().into()
    }
}

impl Deref for ClusterText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for ClusterText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for ClusterText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for ClusterText {}

impl PartialEq<str> for ClusterText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ClusterText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for ClusterText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialOrd for ClusterText {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ClusterText {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for ClusterText {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for ClusterText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for ClusterText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_inline_and_long_text_round_trips() {
        for s in ["", "a", "中", "ﬁ", "e\u{301}", &"x".repeat(INLINE), &"漢".repeat(20)] {
            let t = ClusterText::from(s);
            assert_eq!(t.as_str(), s);
            assert_eq!(t, ClusterText::from(s.to_string()));
            assert_eq!(t.len(), s.len());
            assert_eq!(matches!(t.0, Repr::Inline { .. }), s.len() <= INLINE, "{s}");
        }
        assert!(std::mem::size_of::<ClusterText>() <= 24);
        assert_eq!(ClusterText::new(), "");
        assert!(ClusterText::from("a") < ClusterText::from("b"));
    }
}
