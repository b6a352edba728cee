//! The language an author names for a piece of a book: a BCP 47 tag (RFC 5646) as written in a
//! raw HTML element's `lang` (or `xml:lang`) attribute, validated and put in its canonical case
//! (`zh-hant-tw` → `zh-Hant-TW`) with [`oxilangtag`]. The parser keeps a valid tag on the AST
//! node (see `rawhtml::to_ast`) and drops a malformed one with a `raw-html-lang` diagnostic, so
//! every renderer reads only valid tags: the site and the EPUB write them as `lang`/`xml:lang`,
//! the PDF as `/Lang` on the structure element ([`crate::text_lang`] maps a tag to the CJK rules
//! it selects).
//!
//! [`LangTag`] is a small `Copy` value (no heap), so a run of styled text can carry one. A tag
//! longer than [`MAX_LEN`] characters (only extensions and private-use subtags make one) is
//! shortened as RFC 5646 §4.4.2 says: subtags are removed from the end, then a trailing
//! single-character subtag.

use crate::text_lang::TextLang;
use std::fmt;

/// The longest tag kept whole: RFC 5646 §4.4.1 asks implementations that limit the length to
/// keep at least 35 characters, which holds every language–extlang–script–region–variant tag.
pub const MAX_LEN: usize = 35;

/// A valid BCP 47 language tag in canonical case.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LangTag {
    len: u8,
    bytes: [u8; MAX_LEN],
}

/// A `lang` value that is not a BCP 47 language tag.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{tag}` is not a BCP 47 language tag ({reason})")]
pub struct LangTagError {
    /// The value as written.
    pub tag: String,
    /// What is wrong with it, as the validator says.
    pub reason: String,
}

impl LangTag {
    /// Validates `tag` (surrounding white space ignored) and puts it in canonical case; a tag
    /// longer than [`MAX_LEN`] is shortened by whole subtags from the end.
    pub fn parse(tag: &str) -> Result<LangTag, LangTagError> {
        let err = |reason: String| LangTagError { tag: tag.to_string(), reason };
        let t = tag.trim();
        let normal = oxilangtag::LanguageTag::parse_and_normalize(t).map_err(|e| err(e.to_string()))?.into_inner();
        // Well-formed is not enough: a primary language subtag of four or more letters is only
        // reserved by RFC 5646 (no language has one: ISO 639 codes have two or three), and it
        // is what a name written for a tag looks like (`lang="english"`, `lang="deutsch"`).
        let primary = normal.split('-').next().unwrap_or_default();
        if primary.len() > 3 && !matches!(primary, "x" | "i") {
            return Err(err(format!("no language has the primary subtag `{primary}`: language codes have two or three letters")));
        }
        let mut kept = normal.as_str();
        while kept.len() > MAX_LEN {
            kept = kept.rfind('-').map_or("", |i| &kept[..i]);
            // A singleton left at the end introduces nothing (RFC 5646 §4.4.2, step 2).
            if let Some(i) = kept.rfind('-').filter(|i| kept.len() - i == 2) {
                kept = &kept[..i];
            }
        }
        if kept.is_empty() {
            return Err(err("its first subtag is too long".into()));
        }
        let mut bytes = [0u8; MAX_LEN];
        bytes[..kept.len()].copy_from_slice(kept.as_bytes());
        Ok(LangTag { len: kept.len() as u8, bytes })
    }

    /// The tag, canonical case.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len).min(MAX_LEN)]).unwrap_or_default()
    }

    /// The CJK typesetting rules the tag selects ([`TextLang::Other`] for any other language).
    pub fn text_lang(&self) -> TextLang {
        TextLang::from_tag(self.as_str())
    }

    /// True when `other` names the same tag (BCP 47 tags are case-insensitive; `_` is read as
    /// `-`, as in the book's `language`).
    pub fn same_as(&self, other: &str) -> bool {
        let a = self.as_str().as_bytes();
        let b = other.trim().as_bytes();
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq_ignore_ascii_case(y) || (*x == b'-' && *y == b'_'))
    }

    /// The language an element's attributes name: its `lang`, else its `xml:lang`, when that is
    /// a valid tag (`None` for an empty or malformed value, or no attribute).
    pub fn of_attrs(attrs: &[(String, String)]) -> Option<LangTag> {
        let value = |name: &str| attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        value("lang").or_else(|| value("xml:lang")).and_then(|v| LangTag::parse(v).ok())
    }
}

impl fmt::Display for LangTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for LangTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LangTag({:?})", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(s: &str) -> String {
        LangTag::parse(s).map(|t| t.to_string()).unwrap_or_else(|e| format!("error: {}", e.reason))
    }

    #[test]
    fn valid_tags_are_kept_in_canonical_case() {
        assert_eq!(tag("fr"), "fr");
        assert_eq!(tag(" de-CH "), "de-CH");
        assert_eq!(tag("zh-hant-tw"), "zh-Hant-TW");
        assert_eq!(tag("EN-us"), "en-US");
        assert_eq!(tag("sr-Latn-RS"), "sr-Latn-RS");
        assert_eq!(tag("de-CH-1996"), "de-CH-1996");
        assert_eq!(tag("x-klingon"), "x-klingon");
        assert_eq!(tag("i-klingon"), "i-klingon");
    }

    #[test]
    fn malformed_tags_are_refused_with_a_reason() {
        for bad in ["", "english", "en_US", "fr-", "français", "12", "en--us", "zh-Hant-TW-abcdefghi"] {
            let e = LangTag::parse(bad).expect_err(bad);
            assert!(!e.reason.is_empty() && e.to_string().contains("BCP 47"), "{bad}: {e}");
        }
    }

    #[test]
    fn long_tags_lose_subtags_from_the_end() {
        let long = "en-US-u-ca-gregory-nu-latn-x-private-use";
        let t = LangTag::parse(long).expect("valid");
        assert!(t.as_str().len() <= MAX_LEN && long.starts_with(t.as_str()), "{t}");
        assert_eq!(t.as_str(), "en-US-u-ca-gregory-nu-latn");
        // A singleton is not left at the end.
        let t = LangTag::parse("en-a-bbbbbbbb-cccccccc-dddddddd-eeeeeeee").expect("valid");
        assert_eq!(t.as_str(), "en-a-bbbbbbbb-cccccccc-dddddddd");
        let t = LangTag::parse("en-a-bbbbbbbb-cccccccc-dddddddd-eeeeeeee-x-ab").expect("valid");
        assert!(!t.as_str().ends_with("-x") && !t.as_str().ends_with("-a"), "{t}");
    }

    #[test]
    fn attributes_and_comparison() {
        let attrs = |v: &[(&str, &str)]| v.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
        assert_eq!(LangTag::of_attrs(&attrs(&[("class", "x"), ("lang", "ja")])).map(|t| t.to_string()), Some("ja".into()));
        assert_eq!(LangTag::of_attrs(&attrs(&[("xml:lang", "ko")])).map(|t| t.to_string()), Some("ko".into()));
        assert_eq!(LangTag::of_attrs(&attrs(&[("lang", "")])), None);
        assert_eq!(LangTag::of_attrs(&attrs(&[("lang", "english")])), None);
        let zh = LangTag::parse("zh-Hant").expect("valid");
        assert!(zh.same_as("zh-hant") && zh.same_as("zh_Hant") && !zh.same_as("zh"));
        assert_eq!(zh.text_lang(), TextLang::ZhHant);
        assert_eq!(LangTag::parse("fr").expect("valid").text_lang(), TextLang::Other);
    }
}
