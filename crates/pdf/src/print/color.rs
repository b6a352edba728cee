//! RGB → CMYK for the print profile, with the output intent's profile.
//!
//! RGB (image samples, theme colours, SVG figures rasterised for PDF/X-1a) is taken as sRGB and
//! converted by Little CMS (the `lcms2` crate, built from its bundled C source) from
//! `icc/sRGB.icc` to the CMYK profile embedded as the PDF/X output intent
//! (`print::pdfx::OUTPUT_PROFILE`), so the file's separations are the ones a RIP
//! would make with that profile.
//!
//! Rendering intent: relative colorimetric with black point compensation. The output profile
//! was made by ArgyllCMS `colprof` without a source gamut, so its perceptual table (`B2A0`) is
//! the colorimetric one (`B2A1`, the same bytes): asking for "perceptual" would clip exactly like
//! relative colorimetric does and crush every sRGB shade darker than the press's black to the
//! ink limit. Black point compensation maps sRGB black to the press's darkest black (a rich
//! black within the profile's 330% ink limit) and keeps the shadow detail; it is also what
//! Acrobat and Photoshop use by default.
//!
//! The transforms are made once per process (on first use; making one builds a device link
//! from the two profiles) and shared by every render and thread ([`Flags::NO_CACHE`] makes
//! them `Sync`).
//!
//! Neutral model colours are the exception: black text, grey rules and tints go on the black
//! plate only (0 0 0 k), so text is 100% K as printers ask, and [`Color::REGISTRATION`] becomes
//! all four inks. Only chromatic colours (theme accents, link colours, code highlighting) go
//! through the ICC transform.

use std::sync::LazyLock;

use lcms2::{DisallowCache, Flags, GlobalContext, Intent, PixelFormat, Profile, Transform};

use crate::model::Color;

type Bytes = Transform<[u8; 3], [u8; 4], GlobalContext, DisallowCache>;
type Floats = Transform<[f64; 3], [f64; 4], GlobalContext, DisallowCache>;

/// sRGB → output intent CMYK, 8-bit samples and doubles.
struct Transforms {
    bytes: Bytes,
    floats: Floats,
}

/// Made on first use; `None` only if Little CMS rejects the embedded profiles (then the naive
/// device formula is used, see [`naive`]).
static TRANSFORMS: LazyLock<Option<Transforms>> = LazyLock::new(|| {
    let srgb = Profile::new_icc(super::pdfx::SRGB_PROFILE).ok()?;
    let cmyk = Profile::new_icc(super::pdfx::OUTPUT_PROFILE).ok()?;
    let flags = Flags::NO_CACHE | Flags::BLACKPOINT_COMPENSATION;
    let intent = Intent::RelativeColorimetric;
    let ctx = GlobalContext::new;
    let bytes = Bytes::new_flags_context(ctx(), &srgb, PixelFormat::RGB_8, &cmyk, PixelFormat::CMYK_8, intent, flags).ok()?;
    let floats = Floats::new_flags_context(ctx(), &srgb, PixelFormat::RGB_DBL, &cmyk, PixelFormat::CMYK_DBL, intent, flags).ok()?;
    Some(Transforms { bytes, floats })
});

/// CMYK components (0–1) for a model colour: neutral colours on the black plate only,
/// registration on all four, others through the ICC transform.
pub fn cmyk(c: Color) -> [f32; 4] {
    if c.r < 0.0 && c.g < 0.0 && c.b < 0.0 {
        return [1.0, 1.0, 1.0, 1.0];
    }
    let (r, g, b) = (c.r.clamp(0.0, 1.0), c.g.clamp(0.0, 1.0), c.b.clamp(0.0, 1.0));
    if (r - g).abs() < 1e-3 && (g - b).abs() < 1e-3 {
        return [0.0, 0.0, 0.0, round(1.0 - r)];
    }
    match TRANSFORMS.as_ref() {
        Some(t) => {
            let mut out = [[0.0f64; 4]];
            t.floats.transform_pixels(&[[f64::from(r), f64::from(g), f64::from(b)]], &mut out);
            // Little CMS gives CMYK doubles in percent.
            out[0].map(|v| round((v / 100.0) as f32))
        }
        None => naive(r, g, b),
    }
}

/// The device formula with full grey-component replacement, for when no ICC transform can be
/// made.
fn naive(r: f32, g: f32, b: f32) -> [f32; 4] {
    let k = 1.0 - r.max(g).max(b);
    let rest = 1.0 - k;
    if rest <= 0.0 {
        return [0.0, 0.0, 0.0, 1.0];
    }
    let ink = |v: f32| round((rest - v) / rest);
    [ink(r), ink(g), ink(b), round(k)]
}

/// Three decimals, so the content stream does not carry float noise.
fn round(v: f32) -> f32 {
    ((v * 1000.0).round() / 1000.0).clamp(0.0, 1.0)
}

/// Interleaved 8-bit sRGB samples → interleaved 8-bit CMYK (0 = no ink) through the output
/// intent's profile. A trailing partial pixel is dropped.
pub fn rgb8_to_cmyk8(rgb: &[u8]) -> Vec<u8> {
    let px: Vec<[u8; 3]> = rgb.chunks_exact(3).map(|p| [p[0], p[1], p[2]]).collect();
    match TRANSFORMS.as_ref() {
        Some(t) => {
            // Screenshots and diagrams are mostly runs of one colour: convert each run once.
            let mut uniq: Vec<[u8; 3]> = Vec::new();
            let mut runs: Vec<usize> = Vec::new();
            for p in &px {
                match (uniq.last(), runs.last_mut()) {
                    (Some(last), Some(n)) if last == p => *n += 1,
                    _ => {
                        uniq.push(*p);
                        runs.push(1);
                    }
                }
            }
            let mut converted = vec![[0u8; 4]; uniq.len()];
            t.bytes.transform_pixels(&uniq, &mut converted);
            let mut out = Vec::with_capacity(px.len() * 4);
            for (c, n) in converted.iter().zip(runs) {
                for _ in 0..n {
                    out.extend_from_slice(c);
                }
            }
            out
        }
        None => px
            .iter()
            .flat_map(|p| {
                let f = |v: u8| f32::from(v) / 255.0;
                naive(f(p[0]), f(p[1]), f(p[2])).map(|v| (v * 255.0).round() as u8)
            })
            .collect(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// Expected CMYK in percent, from Little CMS's own command line on the two profiles we
    /// embed (Debian `liblcms2-utils`, LittleCMS 2.14):
    /// `printf '255 0 0\n128 128 128\n255 255 255\n0 0 0\n0 128 255\n' | transicc -i icc/sRGB.icc -o icc/QuireFOGRA39.icc -t1 -b -w`
    /// (`-t1` relative colorimetric, `-b` black point compensation, `-w` 0–255 input).
    const TRANSICC: [([u8; 3], [f32; 4]); 5] = [
        ([255, 0, 0], [0.0, 90.2403, 92.0409, 1.3352]),
        ([128, 128, 128], [22.7039, 18.5931, 18.7503, 50.5104]),
        ([255, 255, 255], [0.0015, 0.0015, 0.0046, 0.0031]),
        ([0, 0, 0], [71.7083, 60.0900, 50.1152, 97.7981]),
        ([0, 128, 255], [78.9883, 42.2553, 0.0, 0.0]),
    ];

    #[test]
    fn icc_transform_matches_transicc() {
        assert!(TRANSFORMS.is_some(), "Little CMS rejected the embedded profiles");
        for (rgb, want) in TRANSICC {
            // 8-bit samples (images): Little CMS's 8-bit path uses an optimised device link,
            // so allow 1.5% (about 4 of 255).
            let got = rgb8_to_cmyk8(&rgb);
            for (g, w) in got.iter().zip(want) {
                let g = f32::from(*g) / 255.0 * 100.0;
                assert!((g - w).abs() <= 1.5, "{rgb:?}: 8-bit {got:?} vs transicc {want:?}");
            }
            // Doubles (theme colours): within 0.5%.
            let [r, g, b] = rgb.map(|v| f32::from(v) / 255.0);
            if (r - g).abs() < 1e-3 && (g - b).abs() < 1e-3 {
                continue; // Neutral model colours go on K only, checked below.
            }
            let got = cmyk(Color { r, g, b });
            for (g, w) in got.iter().zip(want) {
                assert!((g * 100.0 - w).abs() <= 0.5, "{rgb:?}: {got:?} vs transicc {want:?}");
            }
        }
        // White is no ink at all; black is a rich black, mostly K, within the 330% ink limit.
        assert_eq!(rgb8_to_cmyk8(&[255, 255, 255]), vec![0, 0, 0, 0]);
        let black = rgb8_to_cmyk8(&[0, 0, 0]);
        assert!(black[3] >= 245 && black.iter().map(|v| u32::from(*v)).sum::<u32>() <= 330 * 255 / 100, "{black:?}");
    }

    #[test]
    fn neutral_is_black_only_and_registration_is_all_inks() {
        assert_eq!(cmyk(Color::BLACK), [0.0, 0.0, 0.0, 1.0]);
        assert_eq!(cmyk(Color::gray(0.25)), [0.0, 0.0, 0.0, 0.75]);
        assert_eq!(cmyk(Color::REGISTRATION), [1.0; 4]);
        // Pure red through the profile: no cyan, mostly magenta and yellow.
        let [c, m, y, k] = cmyk(Color { r: 1.0, g: 0.0, b: 0.0 });
        assert!(c < 0.01 && m > 0.85 && y > 0.85 && k < 0.05, "{:?}", [c, m, y, k]);
        assert_eq!(naive(1.0, 0.0, 0.0), [0.0, 1.0, 1.0, 0.0]);
        assert_eq!(rgb8_to_cmyk8(&[1, 2]), Vec::<u8>::new());
        // Runs of one colour are converted once and expanded in order.
        let row = [255, 255, 255, 255, 255, 255, 0, 0, 0, 255, 255, 255, 0, 0, 0, 0, 0, 0];
        let each: Vec<u8> = row.chunks(3).flat_map(rgb8_to_cmyk8).collect();
        assert_eq!(rgb8_to_cmyk8(&row), each);
    }
}
