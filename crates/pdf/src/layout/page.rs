//! Page geometry: trim sizes by name, margins, the text block and where heads and folios go.
//!
//! Defaults: Chinese/Japanese/Korean books are set on 16K (185 × 260 mm, the usual size of
//! Chinese technical books) at 10.5 pt (五号) with the text block a whole number of em wide;
//! other books on 6 × 9 in at 10 pt, the common trade size for technical books. Margins default to
//! a slightly wider inner (binding) margin; every value can be set in `[output.pdf]`.

use quire_core::config::PdfConfig;

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;

/// A trim size by name or `WxHmm` / `WxHin`, in points; `None` if not understood.
pub fn trim_size(name: &str) -> Option<(f32, f32)> {
    let n = name.trim().to_ascii_lowercase().replace(' ', "");
    let named = match n.as_str() {
        "a4" => Some((210.0, 297.0)),
        "a5" => Some((148.0, 210.0)),
        "b5" => Some((176.0, 250.0)),
        "jisb5" => Some((182.0, 257.0)),
        "16k" => Some((185.0, 260.0)),
        "32k" => Some((130.0, 184.0)),
        "letter" => Some((215.9, 279.4)),
        _ => None,
    };
    if let Some((w, h)) = named {
        return Some((w * MM, h * MM));
    }
    let (dims, unit) = if let Some(d) = n.strip_suffix("mm") {
        (d, MM)
    } else if let Some(d) = n.strip_suffix("in") {
        (d, 72.0)
    } else if let Some(d) = n.strip_suffix("pt") {
        (d, 1.0)
    } else {
        (n.as_str(), MM)
    };
    let (w, h) = dims.split_once(['x', '×'])?;
    let (w, h): (f32, f32) = (w.parse().ok()?, h.parse().ok()?);
    let (w, h) = (w * unit, h * unit);
    // PDF viewers handle pages from 1 to 200 inches (ISO 32000's user-space limits).
    let ok = |v: f32| v.is_finite() && (72.0..=14_400.0).contains(&v);
    (ok(w) && ok(h)).then_some((w, h))
}

/// The resolved page geometry, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Inner (binding-side) margin.
    pub inner: f32,
    /// Outer margin.
    pub outer: f32,
    /// Top margin (to the top of the text block).
    pub top: f32,
    /// Bottom margin.
    pub bottom: f32,
    /// Body font size.
    pub font_size: f32,
    /// Text block width.
    pub measure: f32,
    /// Text block height.
    pub text_height: f32,
}

impl Geometry {
    /// Geometry from the book's `[output.pdf]` settings and language. Returns a warning message
    /// when the page size is not understood (the default is used).
    pub fn from_config(cfg: &PdfConfig, cjk: bool) -> (Geometry, Option<String>) {
        let mut warning = None;
        let default = if cjk { (185.0 * MM, 260.0 * MM) } else { (432.0, 648.0) };
        let (width, height) = match cfg.page_size.as_deref() {
            Some(s) => trim_size(s).unwrap_or_else(|| {
                warning = Some(format!("unknown page size `{s}`; using the default"));
                default
            }),
            None => default,
        };
        let font_size = cfg.font_size.filter(|s| (5.0..=30.0).contains(s)).unwrap_or(if cjk { 10.5 } else { 10.0 });
        let scale = (width / default.0).min(1.6);
        let mm = |v: Option<f32>, d: f32| v.filter(|v| v.is_finite() && *v >= 0.0).map(|v| v * MM).unwrap_or(d * MM * scale);
        let (di, dout, dt, db) = if cjk { (22.0, 18.0, 22.0, 24.0) } else { (20.0, 16.0, 19.0, 22.0) };
        let inner = mm(cfg.margin_inner, di);
        let outer = mm(cfg.margin_outer, dout);
        let top = mm(cfg.margin_top, dt);
        let bottom = mm(cfg.margin_bottom, db);
        let mut measure = (width - inner - outer).max(font_size * 10.0);
        if cjk {
            // A whole number of characters per line, the extra split between the margins.
            let chars = (measure / font_size).floor();
            measure = chars * font_size;
        }
        let text_height = (height - top - bottom).max(font_size * 10.0);
        let g = Geometry { width, height, inner, outer, top, bottom, font_size, measure, text_height };
        (g, warning)
    }

    /// Left edge of the text block on a page; `recto` pages have the binding on the left.
    pub fn left(&self, recto: bool) -> f32 {
        let spare = self.width - self.inner - self.outer - self.measure;
        if recto {
            self.inner + spare / 2.0
        } else {
            self.outer + spare / 2.0
        }
    }
}

/// Lower-case roman numeral (1 → "i").
pub fn roman(mut n: u32) -> String {
    const T: [(u32, &str); 13] = [
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
        (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ];
    let mut s = String::new();
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_by_name() {
        let (w, h) = trim_size("16K").unwrap_or_default();
        assert!((w - 185.0 * MM).abs() < 0.01 && (h - 260.0 * MM).abs() < 0.01);
        assert_eq!(trim_size("6x9in"), Some((432.0, 648.0)));
        assert!(trim_size("200x300mm").is_some());
        assert!(trim_size("huge").is_none());
        assert!(trim_size("1e9x1e9mm").is_none() && trim_size("infxinfmm").is_none() && trim_size("0x5mm").is_none());
    }

    #[test]
    fn cjk_measure_is_whole_characters() {
        let (g, w) = Geometry::from_config(&PdfConfig::default(), true);
        assert!(w.is_none());
        let n = g.measure / g.font_size;
        assert!((n - n.round()).abs() < 1e-3);
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(14), "xiv");
    }
}
