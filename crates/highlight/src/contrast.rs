//! WCAG 2 contrast for the highlighting themes: syntect's stock themes colour some tokens too
//! faintly for their own background (InspiredGitHub's `#62a35c` on white is 3.2:1), which DAISY
//! Ace and axe report as `color-contrast`. [`accessible`] moves each such colour toward black (on
//! a light background) or white (on a dark one) just far enough, keeping its hue.

use syntect::highlighting::{Color, Theme};

/// The WCAG AA minimum for normal text.
pub const AA: f64 = 4.5;

/// The ratio the theme's colours are brought to against the theme's background: above [`AA`] by
/// a margin, so that the slightly tinted code backgrounds a page may put behind the code instead
/// (the site's `#f6f8fa`) still give at least 4.5:1.
pub const TARGET: f64 = 5.0;

const BLACK: Color = Color { r: 0, g: 0, b: 0, a: 0xFF };
const WHITE: Color = Color { r: 0xFF, g: 0xFF, b: 0xFF, a: 0xFF };

fn channel(c: u8) -> f64 {
    let s = f64::from(c) / 255.0;
    if s <= 0.04045 {
        s / 12.92
    } else {
        ((s + 0.055) / 1.055).powf(2.4)
    }
}

/// Relative luminance (WCAG 2), 0 for black to 1 for white; alpha is ignored.
pub fn luminance(c: Color) -> f64 {
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// Contrast ratio of two colours, from 1 (same) to 21 (black on white).
pub fn ratio(a: Color, b: Color) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

fn mix(a: Color, b: Color, t: f64) -> Color {
    let m = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round().clamp(0.0, 255.0) as u8;
    Color { r: m(a.r, b.r), g: m(a.g, b.g), b: m(a.b, b.b), a: a.a }
}

/// `fg`, or the nearest colour on its way to black or white (whichever contrasts more with
/// `bg`) that reaches `target` against `bg` (black or white itself when nothing less does).
pub fn ensure(fg: Color, bg: Color, target: f64) -> Color {
    if ratio(fg, bg) >= target {
        return fg;
    }
    let toward = if ratio(BLACK, bg) >= ratio(WHITE, bg) { BLACK } else { WHITE };
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    for _ in 0..24 {
        let mid = (lo + hi) / 2.0;
        if ratio(mix(fg, toward, mid), bg) >= target {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    // Rounding to whole channel values can land a hair short: step on until it holds.
    let mut t = hi;
    while t < 1.0 && ratio(mix(fg, toward, t), bg) < target {
        t = (t + 0.005).min(1.0);
    }
    mix(fg, toward, t)
}

/// A copy of `theme` whose every foreground colour has at least [`TARGET`] contrast with the
/// background it is drawn on (the token's own background, else the theme's, else white).
pub fn accessible(theme: &Theme) -> Theme {
    let mut t = theme.clone();
    let bg = t.settings.background.unwrap_or(WHITE);
    let fg = t.settings.foreground.map(|c| ensure(c, bg, TARGET));
    t.settings.foreground = fg;
    for item in t.scopes.iter_mut() {
        let item_bg = item.style.background.unwrap_or(bg);
        match item.style.foreground {
            Some(c) => item.style.foreground = Some(ensure(c, item_bg, TARGET)),
            // Own background, inherited colour: give the text a colour that reads on it.
            None if item.style.background.is_some() => {
                let base = fg.unwrap_or(if ratio(BLACK, item_bg) >= ratio(WHITE, item_bg) { BLACK } else { WHITE });
                if ratio(base, item_bg) < TARGET {
                    item.style.foreground = Some(ensure(base, item_bg, TARGET));
                }
            }
            None => {}
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(v: u32) -> Color {
        Color { r: (v >> 16) as u8, g: (v >> 8) as u8, b: v as u8, a: 0xFF }
    }

    #[test]
    fn ratios_match_wcag() {
        assert!((ratio(BLACK, WHITE) - 21.0).abs() < 1e-9);
        assert!((ratio(WHITE, WHITE) - 1.0).abs() < 1e-9);
        // InspiredGitHub's green on white is about 3.2:1.
        let r = ratio(hex(0x62a35c), WHITE);
        assert!(r > 3.0 && r < 3.4, "{r}");
    }

    #[test]
    fn faint_colours_are_darkened_or_lightened_enough() {
        let dark = ensure(hex(0x62a35c), WHITE, TARGET);
        assert!(ratio(dark, WHITE) >= TARGET && ratio(dark, hex(0xf6f8fa)) >= AA);
        assert!(dark.g > dark.r && dark.g > dark.b, "the hue is kept: {dark:?}");
        let light = ensure(hex(0x65737e), hex(0x2b303b), TARGET);
        assert!(ratio(light, hex(0x2b303b)) >= TARGET);
        assert_eq!(ensure(hex(0x333333), WHITE, TARGET), hex(0x333333), "good colours are kept");
        // Unreachable on mid grey: the better of black and white.
        let g = ensure(hex(0x777777), hex(0x777777), 21.0);
        assert!(g == BLACK || g == WHITE);
    }
}
