//! The default font set (the OFL fonts of the source tree's `fonts/` folder: Noto and Asana Math) built into the
//! binary with `include_bytes!`, so that an installed `publish` has its fonts wherever it is
//! copied or installed from (as typst-assets does for Typst). Behind the default cargo feature
//! `embedded-fonts` (about 15 MB); library users who bring their own fonts can turn it off.

use crate::fonts::FontFile;
use std::sync::Arc;

macro_rules! font {
    ($name:literal) => {
        ($name, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/", $name)) as &'static [u8])
    };
}

/// Every font file of the default set, by file name (sorted, as [`crate::fonts::load_dir`] sorts
/// a folder). A test checks that it lists exactly the font files of `fonts/`.
pub(crate) static FILES: &[(&str, &[u8])] = &[
    font!("Asana-Math.otf"),
    font!("NotoSans-Bold.ttf"),
    font!("NotoSans-Regular.ttf"),
    font!("NotoSansCJKsc-Bold.otf"),
    font!("NotoSansCJKsc-Regular.otf"),
    font!("NotoSansMath-Regular.ttf"),
    font!("NotoSansMono-Bold.ttf"),
    font!("NotoSansMono-Regular.ttf"),
    font!("NotoSansSymbols2-Regular.ttf"),
    font!("NotoSerif-Bold.ttf"),
    font!("NotoSerif-BoldItalic.ttf"),
    font!("NotoSerif-Italic.ttf"),
    font!("NotoSerif-Regular.ttf"),
    font!("NotoSerifCJKsc-Bold.otf"),
    font!("NotoSerifCJKsc-Regular.otf"),
];

/// The built-in font files, copied out of the binary.
pub(crate) fn files() -> Vec<FontFile> {
    FILES.iter().map(|(name, bytes)| (name.to_string(), Arc::from(*bytes))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_set_is_the_fonts_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        let on_disk = crate::fonts::load_dir(&dir);
        let built_in = files();
        let names = |v: &[FontFile]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&built_in), names(&on_disk), "add new font files of fonts/ to FILES");
        for ((_, a), (_, b)) in built_in.iter().zip(&on_disk) {
            assert_eq!(a.len(), b.len());
        }
    }
}
