//! `<img src=…>` in raw HTML: the sources are found so resolution can load local files as assets
//! (renderers then map them with [`super::raw_html_asset`]).

/// The `src` values of every `<img>` tag in `html` (entities `&amp;` and `&#32;`-style spaces
/// are not decoded except `&amp;`).
pub fn img_srcs(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = lower.get(from..).and_then(|r| r.find("<img")) {
        let start = from + p + 4;
        let end = lower.get(start..).and_then(|r| r.find('>')).map_or(lower.len(), |e| start + e);
        from = end.max(start);
        let (Some(tag_l), Some(tag)) = (lower.get(start..end), html.get(start..end)) else { continue };
        if let Some(v) = attr(tag_l, tag, "src") {
            out.push(v.replace("&amp;", "&"));
        }
    }
    out
}

/// The value of attribute `name` in a tag body (`tag_l` is its lower-cased copy).
fn attr(tag_l: &str, tag: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(p) = tag_l.get(from..).and_then(|r| r.find(name)) {
        let i = from + p;
        from = i + name.len();
        let before_ok = i == 0 || tag_l[..i].ends_with(|c: char| c.is_whitespace() || c == '/');
        let rest = tag_l[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let vstart = tag_l.len() - rest.len() + 1;
        let v = tag.get(vstart..)?.trim_start();
        let value = match v.chars().next()? {
            q @ ('"' | '\'') => v[1..].split(q).next().unwrap_or(""),
            _ => v.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or(""),
        };
        return Some(value.trim_end_matches('/').to_string()).filter(|s| !s.is_empty());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_img_sources() {
        let h = r#"<p><IMG class="right" SRC="images/a b.svg" alt="x"/> <img src='c.png'><img src=d.png/><img alt=x></p>"#;
        assert_eq!(img_srcs(h), vec!["images/a b.svg", "c.png", "d.png"]);
        assert_eq!(img_srcs("<img data-src=\"no\" src=\"yes.png\">"), vec!["yes.png"]);
        assert!(img_srcs("<img").is_empty() && img_srcs("").is_empty());
    }
}
