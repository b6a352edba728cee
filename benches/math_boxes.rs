//! The box of each formula as Quire's math engine sets it, for `benches/math_vs_latex.sh`:
//! reads `index<TAB>D|T<TAB>TeX` lines (from `benches/math_formulas.py extract`) and prints
//! `index<TAB>D|T<TAB>width<TAB>height<TAB>depth` in points at a 10 pt body, with the fonts of
//! `fonts/` and Asana Math (the default math face). Not part of the test suite.
//!
//!     cargo run -p quire-suite --example math_boxes -- formulas.tsv > quire.tsv

use quire_pdf::FontBook;
use std::sync::Arc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: math_boxes FORMULAS.tsv")?;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut faces: Vec<(String, Arc<[u8]>)> = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(root.join("fonts"))?.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if matches!(p.extension().and_then(|e| e.to_str()), Some("otf" | "ttf")) {
            let name = p.file_name().unwrap_or_default().to_string_lossy().into_owned();
            faces.push((name, Arc::from(std::fs::read(&p)?)));
        }
    }
    let fonts = FontBook::new(&faces)?;
    let face = fonts.math_face(None);
    for line in std::fs::read_to_string(&path)?.lines() {
        let mut f = line.splitn(3, '\t');
        let (Some(i), Some(mode), Some(tex)) = (f.next(), f.next(), f.next()) else { continue };
        // Read as the parse stage reads a chapter's formula (a display one without its `\tag`).
        let display = mode == "D";
        let formula = if display { quire_core::Formula::display(tex) } else { quire_core::Formula::inline(tex) };
        match quire_pdf::math::typeset(&fonts, face, &formula, display, 10.0) {
            Ok(b) => println!("{i}\t{mode}\t{:.3}\t{:.3}\t{:.3}", b.width, b.height, b.depth),
            Err(e) => eprintln!("{i}: {e}"),
        }
    }
    Ok(())
}
