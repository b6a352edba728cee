//! Fuzz target: arbitrary bytes (UTF-8, lossily) parsed as one chapter with every parser
//! option on. The parser must never panic, and every block's span must lie within the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quire_core::expand::ExpandedSource;
use quire_core::ast::visit as walk;
use quire_core::parse::{parse_chapter, ParseOptions};
use quire_core::FileId;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let len = text.len() as u32;
    let src = ExpandedSource::single(FileId(0), text);
    let all = ParseOptions { gitbook_compat: true, cjk_emphasis: true, smart_punctuation: true, mathjax: true, ..ParseOptions::default() };
    let mut parsed = parse_chapter(&src, &all);
    walk::visit_blocks(&mut parsed.blocks, &mut |b| {
        assert!(b.span.start <= b.span.end && b.span.end <= len, "block span {:?} outside 0..{len}", b.span);
    });
    for d in &parsed.diagnostics {
        if let Some(s) = d.span {
            assert!(s.start <= s.end && s.end <= len, "diagnostic span {s:?} outside 0..{len}");
        }
    }
    // The default options take other code paths (no CJK markers, no GitBook fixes).
    let _ = parse_chapter(&src, &ParseOptions::default());
});
