//! RGB → CMYK for the print profile: a device conversion with full grey-component replacement
//! (the grey part of every colour goes on the black plate), not an ICC transform. Neutral
//! colours (black text, grey rules) become K only, so text is 100% K; [`Color::REGISTRATION`]
//! becomes all four inks.

use crate::model::Color;

/// CMYK components (0–1) for a model colour.
pub fn cmyk(c: Color) -> [f32; 4] {
    if c.r < 0.0 && c.g < 0.0 && c.b < 0.0 {
        return [1.0, 1.0, 1.0, 1.0];
    }
    let (r, g, b) = (c.r.clamp(0.0, 1.0), c.g.clamp(0.0, 1.0), c.b.clamp(0.0, 1.0));
    if (r - g).abs() < 1e-3 && (g - b).abs() < 1e-3 {
        return [0.0, 0.0, 0.0, round(1.0 - r)];
    }
    let k = 1.0 - r.max(g).max(b);
    let rest = 1.0 - k;
    let ink = |v: f32| round((rest - v) / rest);
    [ink(r), ink(g), ink(b), round(k)]
}

/// Three decimals, so the content stream does not carry float noise.
fn round(v: f32) -> f32 {
    ((v * 1000.0).round() / 1000.0).clamp(0.0, 1.0)
}

/// Interleaved 8-bit RGB samples → interleaved 8-bit CMYK with the same rule as [`cmyk`].
pub fn rgb8_to_cmyk8(rgb: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(rgb.len() / 3 * 4);
    for px in rgb.chunks_exact(3) {
        let max = px[0].max(px[1]).max(px[2]);
        let k = 255 - max;
        if max == 0 {
            out.extend_from_slice(&[0, 0, 0, 255]);
            continue;
        }
        let ink = |v: u8| ((u32::from(max - v) * 255 + u32::from(max) / 2) / u32::from(max)) as u8;
        out.extend_from_slice(&[ink(px[0]), ink(px[1]), ink(px[2]), k]);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn neutral_is_black_only_and_registration_is_all_inks() {
        assert_eq!(cmyk(Color::BLACK), [0.0, 0.0, 0.0, 1.0]);
        assert_eq!(cmyk(Color::gray(0.25)), [0.0, 0.0, 0.0, 0.75]);
        assert_eq!(cmyk(Color::REGISTRATION), [1.0; 4]);
        assert_eq!(cmyk(Color { r: 1.0, g: 0.0, b: 0.0 }), [0.0, 1.0, 1.0, 0.0]);
        assert_eq!(rgb8_to_cmyk8(&[255, 255, 255, 0, 0, 0, 0, 0, 255]), vec![0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 0, 0]);
    }
}
