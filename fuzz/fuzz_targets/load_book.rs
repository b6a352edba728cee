//! Fuzz target: a whole book built in memory ([`quire_core::MemorySource`]) and loaded with
//! `Book::load_from`; nothing is written to disk.
//!
//! The input, read as UTF-8 lossily, is split at NUL characters: the first part is SUMMARY.md,
//! the others are `c1.md`, `c2.md`, … (so SUMMARY links and `{{#include c2.md}}` can hit real
//! files). The first byte picks the layout (mdBook `book.toml` or GitBook `book.json`) and the
//! language (English or Chinese, which turns CJK emphasis on). Loading must never panic and
//! every diagnostic's span must lie within its file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quire_core::MemorySource;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let lang = if flags & 2 == 0 { "en" } else { "zh" };
    let (mut book, src) = if flags & 1 == 0 {
        let toml = format!("[book]\ntitle = \"F\"\nlanguage = \"{lang}\"\n[output.html]\nmathjax-support = true\n");
        (MemorySource::new().file("book.toml", toml), "src/")
    } else {
        (MemorySource::new().file("book.json", format!("{{\"title\": \"F\", \"language\": \"{lang}\"}}")), "")
    };
    let text = String::from_utf8_lossy(rest);
    for (i, part) in text.split('\0').enumerate() {
        let name = if i == 0 { "SUMMARY.md".to_string() } else { format!("c{i}.md") };
        book.insert(format!("{src}{name}"), part);
    }
    if let Ok(book) = quire_core::Book::load_from(&book) {
        for d in &book.diagnostics {
            if let Some(s) = d.span {
                let file = book.sources.get(s.file);
                assert!(file.is_some(), "diagnostic {} names no file: {s:?}", d.code);
                let len = file.map_or(0, |f| f.text.len()) as u32;
                assert!(s.start <= s.end && s.end <= len, "diagnostic {} span {s:?} outside its file (len {len})", d.code);
            }
        }
    }
});
