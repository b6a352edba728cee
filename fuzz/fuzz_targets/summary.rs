//! Fuzz target: arbitrary bytes (UTF-8, lossily) parsed as SUMMARY.md, in mdBook and in GitBook
//! mode. The parser must never panic; every entry's range and every diagnostic's span must be a
//! valid slice of the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quire_core::summary::parse_summary;
use quire_core::FileId;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for gitbook in [false, true] {
        let (summary, diags) = parse_summary(&text, FileId(0), gitbook);
        for item in &summary.items {
            assert!(text.get(item.range.clone()).is_some(), "item range {:?} is not a slice of the text", item.range);
        }
        for d in &diags {
            if let Some(s) = d.span {
                assert!(text.get(s.range()).is_some(), "diagnostic span {s:?} is not a slice of the text");
            }
        }
    }
});
