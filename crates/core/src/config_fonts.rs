//! `[output.pdf] fonts`: the font families to try first, either one list for every language
//! (`fonts = ["Noto Serif"]`) or lists by language tag (`fonts.ja = ["Noto Serif CJK JP"]`,
//! `fonts.default = […]` for the rest).

use serde::Deserialize;
use std::collections::BTreeMap;

/// Preferred font families, for every language and by language (BCP 47 tags as keys).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FontChoice {
    /// Families for text of any language (the plain list, or the `default` key of the table).
    pub all: Vec<String>,
    /// Families by language tag, lower-cased (`ja`, `zh-hant`, `ko` …).
    pub by_language: BTreeMap<String, Vec<String>>,
}

/// The two shapes book.toml may give.
#[derive(Deserialize)]
#[serde(untagged)]
enum Raw {
    List(Vec<String>),
    Table(BTreeMap<String, Vec<String>>),
}

impl<'de> Deserialize<'de> for FontChoice {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Raw::deserialize(d)? {
            Raw::List(all) => FontChoice { all, by_language: BTreeMap::new() },
            Raw::Table(mut t) => {
                let all = t.remove("default").unwrap_or_default();
                let by_language = t.into_iter().map(|(k, v)| (k.to_ascii_lowercase(), v)).collect();
                FontChoice { all, by_language }
            }
        })
    }
}

impl FontChoice {
    /// A choice with one list for every language.
    pub fn from_list(all: Vec<String>) -> FontChoice {
        FontChoice { all, by_language: BTreeMap::new() }
    }

    /// The families for text in `lang`: the list of the longest matching tag (`zh-hant-tw`,
    /// then `zh-hant`, then `zh`), then the list for every language.
    pub fn for_language(&self, lang: &str) -> Vec<String> {
        let mut tag = lang.to_ascii_lowercase().replace('_', "-");
        let mut out: Vec<String> = Vec::new();
        loop {
            if let Some(list) = self.by_language.get(&tag) {
                out.extend(list.iter().cloned());
                break;
            }
            match tag.rfind('-') {
                Some(i) => tag.truncate(i),
                None => break,
            }
        }
        out.extend(self.all.iter().cloned());
        out
    }

    /// Every family named anywhere (for finding installed fonts).
    pub fn every_family(&self) -> Vec<String> {
        let mut out: Vec<String> = self.all.clone();
        for list in self.by_language.values() {
            out.extend(list.iter().cloned());
        }
        out
    }

    /// True when no family is named.
    pub fn is_empty(&self) -> bool {
        self.all.is_empty() && self.by_language.values().all(Vec::is_empty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct T {
        fonts: FontChoice,
    }

    #[test]
    fn a_plain_list_applies_to_every_language() {
        let t: T = toml::from_str("fonts = [\"A\", \"B\"]").unwrap();
        assert_eq!(t.fonts.for_language("ja"), vec!["A", "B"]);
    }

    #[test]
    fn a_table_chooses_by_language_then_default() {
        let t: T = toml::from_str("fonts.ja = [\"J\"]\nfonts.zh-Hant = [\"T\"]\nfonts.default = [\"D\"]").unwrap();
        assert_eq!(t.fonts.for_language("ja-JP"), vec!["J", "D"]);
        assert_eq!(t.fonts.for_language("zh-Hant-TW"), vec!["T", "D"]);
        assert_eq!(t.fonts.for_language("zh-Hans"), vec!["D"]);
        assert_eq!(t.fonts.every_family().len(), 3);
    }
}
