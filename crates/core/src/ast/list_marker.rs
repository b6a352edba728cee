//! How a list marks its items: the numbering or bullet an author chose in raw HTML (`<ol type>`,
//! `<ul type>`, `list-style-type`), and the labels it gives in letters and Roman numerals.

/// How a list marks its items, when the author chose (raw HTML's `<ol type>`, `<ul type>` or
/// `style="list-style-type: …"`); Markdown lists are [`ListMarker::Default`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListMarker {
    /// Numbers for an ordered list, bullets by depth for a bullet list.
    #[default]
    Default,
    /// 1. 2. 3.
    Decimal,
    /// a. b. c.
    LowerAlpha,
    /// A. B. C.
    UpperAlpha,
    /// i. ii. iii.
    LowerRoman,
    /// I. II. III.
    UpperRoman,
    /// A filled disc.
    Disc,
    /// A hollow circle.
    Circle,
    /// A filled square.
    Square,
    /// No marker.
    None,
}

impl ListMarker {
    /// The marker an HTML `type` attribute names (`1 a A i I` on `<ol>`, `disc circle square` on
    /// `<ul>`), or a CSS `list-style-type` keyword; `None` for anything else.
    pub fn from_html(value: &str) -> Option<ListMarker> {
        Some(match value.trim() {
            "1" => ListMarker::Decimal,
            "a" => ListMarker::LowerAlpha,
            "A" => ListMarker::UpperAlpha,
            "i" => ListMarker::LowerRoman,
            "I" => ListMarker::UpperRoman,
            v => match v.to_ascii_lowercase().as_str() {
                "decimal" => ListMarker::Decimal,
                "lower-alpha" | "lower-latin" => ListMarker::LowerAlpha,
                "upper-alpha" | "upper-latin" => ListMarker::UpperAlpha,
                "lower-roman" => ListMarker::LowerRoman,
                "upper-roman" => ListMarker::UpperRoman,
                "disc" => ListMarker::Disc,
                "circle" => ListMarker::Circle,
                "square" => ListMarker::Square,
                "none" => ListMarker::None,
                _ => return None,
            },
        })
    }

    /// Its CSS `list-style-type` keyword; `None` for [`ListMarker::Default`].
    pub fn css(self) -> Option<&'static str> {
        Some(match self {
            ListMarker::Default => return None,
            ListMarker::Decimal => "decimal",
            ListMarker::LowerAlpha => "lower-alpha",
            ListMarker::UpperAlpha => "upper-alpha",
            ListMarker::LowerRoman => "lower-roman",
            ListMarker::UpperRoman => "upper-roman",
            ListMarker::Disc => "disc",
            ListMarker::Circle => "circle",
            ListMarker::Square => "square",
            ListMarker::None => "none",
        })
    }

    /// The label of item number `n` (from 1) of an ordered list, without its period: `n` in
    /// letters (`a`…`z`, `aa`…) or Roman numerals (up to 3999, decimal beyond), else decimal.
    pub fn number(self, n: u64) -> String {
        match self {
            ListMarker::LowerAlpha | ListMarker::UpperAlpha if n > 0 => {
                let mut s = Vec::new();
                let mut k = n;
                while k > 0 {
                    k -= 1;
                    s.push(b'a' + (k % 26) as u8);
                    k /= 26;
                }
                s.reverse();
                let s = String::from_utf8(s).unwrap_or_default();
                if self == ListMarker::UpperAlpha { s.to_ascii_uppercase() } else { s }
            }
            ListMarker::LowerRoman | ListMarker::UpperRoman if (1..4000).contains(&n) => {
                const R: [(u64, &str); 13] = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")];
                let mut s = String::new();
                let mut k = n;
                for (v, r) in R {
                    while k >= v {
                        s.push_str(r);
                        k -= v;
                    }
                }
                if self == ListMarker::UpperRoman { s.to_ascii_uppercase() } else { s }
            }
            _ => n.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ListMarker;

    #[test]
    fn labels_in_letters_and_roman_numerals() {
        let labels = |m: ListMarker, ns: &[u64]| ns.iter().map(|&n| m.number(n)).collect::<Vec<_>>();
        assert_eq!(labels(ListMarker::LowerAlpha, &[1, 2, 26, 27, 52, 703]), ["a", "b", "z", "aa", "az", "aaa"]);
        assert_eq!(labels(ListMarker::UpperAlpha, &[3, 28]), ["C", "AB"]);
        assert_eq!(labels(ListMarker::LowerRoman, &[1, 4, 9, 14, 40, 90, 400, 1994, 3999]), ["i", "iv", "ix", "xiv", "xl", "xc", "cd", "mcmxciv", "mmmcmxcix"]);
        assert_eq!(labels(ListMarker::UpperRoman, &[4000, 0]), ["4000", "0"], "beyond Roman numerals: decimal");
        assert_eq!(labels(ListMarker::LowerAlpha, &[0]), ["0"]);
        assert_eq!(labels(ListMarker::Default, &[7]), ["7"]);
        assert_eq!(ListMarker::LowerAlpha.number(u64::MAX).len(), 14, "no overflow");
    }

    #[test]
    fn html_types_and_css_keywords() {
        assert_eq!(ListMarker::from_html("a"), Some(ListMarker::LowerAlpha));
        assert_eq!(ListMarker::from_html("A"), Some(ListMarker::UpperAlpha));
        assert_eq!(ListMarker::from_html(" I "), Some(ListMarker::UpperRoman));
        assert_eq!(ListMarker::from_html("Lower-Roman"), Some(ListMarker::LowerRoman));
        assert_eq!(ListMarker::from_html("square"), Some(ListMarker::Square));
        assert_eq!(ListMarker::from_html("cjk-ideographic"), None);
        assert_eq!(ListMarker::UpperAlpha.css(), Some("upper-alpha"));
        assert_eq!(ListMarker::Default.css(), None);
    }
}
