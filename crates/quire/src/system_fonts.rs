//! Installed system fonts for the PDF, found with fontdb (fontconfig's folders on Linux, the
//! platform's font folders elsewhere), AFTER the given fonts (`--fonts`, `$QUIRE_FONTS_DIR`, the
//! shipped set). Only what the book needs is read:
//!
//! - faces of families named in `[output.pdf] fonts` that no given font has;
//! - faces for the glyph forms of each CJK language the book's text is in (`ja` → a JP face,
//!   `zh-Hant` → TC, `ko` → KR, as Noto/Source Han name them) when no given face is made for that
//!   region: the book's language, the `lang` attributes of its HTML elements, and the languages
//!   its scripts name (kana: Japanese, Hangul: Korean);
//! - faces covering characters of the book that no given font has.
//!
//! A chosen face brings its whole file (a collection such as `NotoSerifCJK-Regular.ttc` holds every
//! region's face; the PDF renderer picks the one for the language) and the files of the same
//! family's other regular-to-bold weights. The order is stable (named, region, then path), so
//! the same machine gives the same PDF. Off with `--no-system-fonts` or
//! `[output.pdf] system-fonts = false`.

use crate::fonts::FontFile;
use quire_core::Book;
use quire_pdf::FontBook;
use quire_core::text_lang::TextLang;
use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

/// What a book asks of installed fonts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Wants {
    /// Characters the book's sources use that no given font covers, in code point order.
    pub chars: Vec<char>,
    /// The CJK regions (`jp`, `kr`, `tc`, `hk`, `sc`) the text's languages want that no given
    /// face is made for, in a stable order.
    pub regions: Vec<&'static str>,
    /// Families named in `[output.pdf] fonts` (lower case) that no given face has.
    pub families: Vec<String>,
}

impl Wants {
    /// What `book` needs beyond the `given` font files.
    pub fn of(book: &Book, given: &[FontFile]) -> Wants {
        let given_book = FontBook::new(given).ok();
        // One bit per code point (136 KB): a book's million characters are marked without
        // hashing each, and read back in code point order.
        let mut marks = vec![0u64; (char::MAX as usize + 1).div_ceil(64)];
        for (_, file) in book.sources.files() {
            for c in file.text.chars() {
                if let Some(word) = marks.get_mut(c as usize / 64) {
                    *word |= 1 << (c as usize % 64);
                }
            }
        }
        let seen: Vec<char> = marks
            .iter()
            .enumerate()
            .filter(|(_, w)| **w != 0)
            .flat_map(|(i, w)| (0..64).filter(move |b| w & (1 << b) != 0).filter_map(move |b| char::from_u32((i * 64 + b) as u32)))
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect();
        let mut langs: BTreeSet<TextLang> = BTreeSet::new();
        langs.insert(TextLang::from_tag(book.language()));
        langs.extend(seen.iter().filter_map(|c| TextLang::of_script(*c)));
        for ch in &book.chapters {
            quire_core::text_lang::named_in_blocks(&ch.blocks, &mut langs);
        }
        let covered = |c: char| given_book.as_ref().is_some_and(|b| b.ids().any(|f| b.has_char(f, c)));
        let chars: Vec<char> = seen.into_iter().filter(|c| !covered(*c)).collect();
        let given_names: Vec<(String, String)> = given_book
            .as_ref()
            .map(|b| b.ids().map(|f| (b.family_name(f).to_string(), b.postscript_name(f).to_string())).collect())
            .unwrap_or_default();
        let mut regions: Vec<&'static str> = Vec::new();
        for r in langs.iter().filter_map(|l| l.tag()).filter_map(quire_pdf::fonts::region_for_language) {
            let given = given_names.iter().any(|(fam, ps)| quire_pdf::fonts::region_of_names(fam, ps) == Some(r));
            if !given && !regions.contains(&r) {
                regions.push(r);
            }
        }
        let families = book
            .config
            .output
            .pdf
            .fonts
            .every_family()
            .into_iter()
            .map(|f| f.trim().to_lowercase())
            .filter(|f| !f.is_empty() && !given_names.iter().any(|(fam, _)| fam.to_lowercase() == *f))
            .collect();
        Wants { chars, regions, families }
    }

    /// True when the given fonts do everything the book asks.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty() && self.regions.is_empty() && self.families.is_empty()
    }
}

/// One installed face, as fontdb lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Installed {
    /// The font file.
    pub path: PathBuf,
    /// Face index in the file (collections hold several).
    pub index: u32,
    /// Family name (the first one the face gives).
    pub family: String,
    /// PostScript name.
    pub postscript: String,
    /// CSS weight (400 regular, 700 bold).
    pub weight: u16,
    /// Italic or oblique.
    pub italic: bool,
}

/// Every installed face fontdb finds, in path and index order.
pub fn installed_faces() -> Vec<Installed> {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    listed(&db).into_iter().map(|(f, _)| f).collect()
}

/// The faces of a fontdb database with their ids, in path and index order.
fn listed(db: &fontdb::Database) -> Vec<(Installed, fontdb::ID)> {
    let mut out: Vec<(Installed, fontdb::ID)> = db
        .faces()
        .filter_map(|f| {
            let path = match &f.source {
                fontdb::Source::File(p) => p.clone(),
                fontdb::Source::SharedFile(p, _) => p.clone(),
                fontdb::Source::Binary(_) => return None,
            };
            let face = Installed {
                path,
                index: f.index,
                family: f.families.first().map(|(n, _)| n.clone()).unwrap_or_default(),
                postscript: f.post_script_name.clone(),
                weight: f.weight.0,
                italic: f.style != fontdb::Style::Normal,
            };
            Some((face, f.id))
        })
        .collect();
    out.sort_by(|a, b| (&a.0.path, a.0.index).cmp(&(&b.0.path, b.0.index)));
    out
}

/// The font files to read for `wants`, in fallback order. `cover(i, chars)` says which of the
/// characters `faces[i]` has (see [`quire_pdf::fonts::covers`]).
pub fn choose(wants: &Wants, faces: &[Installed], cover: &dyn Fn(usize, &[char]) -> Vec<bool>) -> Vec<PathBuf> {
    if wants.is_empty() {
        return Vec::new();
    }
    let named = |f: &Installed| wants.families.contains(&f.family.to_lowercase());
    let region = |f: &Installed| {
        quire_pdf::fonts::region_of_names(&f.family, &f.postscript).is_some_and(|r| wants.regions.contains(&r))
    };
    let mut order: Vec<usize> = (0..faces.len()).collect();
    order.sort_by_key(|&i| {
        let f = &faces[i];
        (!named(f), !region(f), f.italic, f.weight.abs_diff(400), i)
    });
    let mut chosen: Vec<PathBuf> = Vec::new();
    let mut families: Vec<String> = Vec::new();
    let mut uncovered: Vec<char> = wants.chars.clone();
    for i in order {
        let f = &faces[i];
        let mut take = named(f) || region(f);
        if !take && !uncovered.is_empty() {
            let has = cover(i, &uncovered);
            if has.iter().any(|h| *h) {
                take = true;
                let mut it = has.iter();
                uncovered.retain(|_| !it.next().copied().unwrap_or(false));
            }
        }
        if take && !chosen.contains(&f.path) {
            chosen.push(f.path.clone());
        }
    }
    // The other weights, between regular and bold, of every family in the chosen files (a bold
    // heading in Hangul).
    let chosen_files: HashSet<&PathBuf> = chosen.iter().collect();
    for f in faces {
        if chosen_files.contains(&f.path) && !families.contains(&f.family) {
            families.push(f.family.clone());
        }
    }
    for f in faces {
        if families.contains(&f.family) && (400..=700).contains(&f.weight) && !chosen.contains(&f.path) {
            chosen.push(f.path.clone());
        }
    }
    chosen
}

/// The installed font files `book` needs beyond `given` (see the module doc), read into memory.
/// Files that cannot be read are left out.
pub fn find(book: &Book, given: &[FontFile]) -> Vec<FontFile> {
    let wants = Wants::of(book, given);
    if wants.is_empty() {
        return Vec::new();
    }
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let (faces, ids): (Vec<Installed>, Vec<fontdb::ID>) = listed(&db).into_iter().unzip();
    let cover = |i: usize, chars: &[char]| {
        ids.get(i)
            .and_then(|id| db.with_face_data(*id, |data, index| quire_pdf::fonts::covers(data, index, chars)))
            .unwrap_or_else(|| vec![false; chars.len()])
    };
    choose(&wants, &faces, &cover)
        .into_iter()
        .filter_map(|path| {
            let data = std::fs::read(&path).ok()?;
            let name = path.file_name()?.to_string_lossy().into_owned();
            Some((name, Arc::from(data)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(path: &str, index: u32, family: &str, weight: u16) -> Installed {
        Installed {
            path: PathBuf::from(path),
            index,
            family: family.to_string(),
            postscript: family.replace(' ', ""),
            weight,
            italic: false,
        }
    }

    fn faces() -> Vec<Installed> {
        vec![
            face("/f/DejaVuSans.ttf", 0, "DejaVu Sans", 400),
            face("/f/NotoSerifCJK-Regular.ttc", 0, "Noto Serif CJK SC", 400),
            face("/f/NotoSerifCJK-Regular.ttc", 1, "Noto Serif CJK JP", 400),
            face("/f/NotoSerifCJK-Bold.ttc", 1, "Noto Serif CJK JP", 700),
            face("/f/NotoSerifCJK-Black.ttc", 1, "Noto Serif CJK JP", 900),
        ]
    }

    /// A face "covers" Hangul when its family is CJK.
    fn cover(i: usize, chars: &[char]) -> Vec<bool> {
        let cjk = faces()[i].family.contains("CJK");
        chars.iter().map(|c| cjk && ('가'..='힣').contains(c)).collect()
    }

    #[test]
    fn nothing_is_read_when_the_given_fonts_do_it_all() {
        assert!(choose(&Wants::default(), &faces(), &cover).is_empty());
    }

    #[test]
    fn a_face_covering_missing_characters_brings_its_bold_but_not_black() {
        let wants = Wants { chars: vec!['다'], ..Wants::default() };
        let chosen = choose(&wants, &faces(), &cover);
        assert_eq!(chosen, [PathBuf::from("/f/NotoSerifCJK-Regular.ttc"), PathBuf::from("/f/NotoSerifCJK-Bold.ttc")]);
    }

    #[test]
    fn the_region_of_the_language_is_chosen_even_when_every_character_is_covered() {
        let wants = Wants { regions: vec!["jp"], ..Wants::default() };
        let chosen = choose(&wants, &faces(), &cover);
        assert!(chosen.contains(&PathBuf::from("/f/NotoSerifCJK-Regular.ttc")), "{chosen:?}");
        assert!(!chosen.contains(&PathBuf::from("/f/DejaVuSans.ttf")));
    }

    #[test]
    fn a_named_family_is_chosen() {
        let wants = Wants { families: vec!["dejavu sans".into()], ..Wants::default() };
        assert_eq!(choose(&wants, &faces(), &cover), [PathBuf::from("/f/DejaVuSans.ttf")]);
    }

    #[test]
    fn characters_no_face_has_do_not_choose_anything() {
        let wants = Wants { chars: vec!['\u{1F600}'], ..Wants::default() };
        assert!(choose(&wants, &faces(), &cover).is_empty());
    }
}
