//! Front matter: a metadata block at the very start of a chapter, YAML between `---` lines
//! (Jekyll, Hugo, Docusaurus, GitBook, Quarto) or TOML between `+++` lines (Hugo, Zola).
//!
//! It is metadata, not text: the parser hides it (CommonMark alone would print it as a rule
//! and a heading), and a chapter found without a SUMMARY takes its `title` from it. Only a
//! block at the first line counts, and only when every line of it reads as YAML (`key: value`,
//! indented continuations, `- items`, `# comments`) or TOML (`key = value`, `[table]`): a rule
//! followed by prose further down is never taken for metadata.

use std::ops::Range;

/// The byte range of the front matter at the start of `text`, from its opening line to the end
/// of its closing line (not the line break after it); `None` when the text does not start with
/// one.
pub fn range(text: &str) -> Option<Range<usize>> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lead = text.len() - body.len();
    let (first, mut pos) = line_at(body, 0);
    let toml = match first.trim_end() {
        "---" => false,
        "+++" => true,
        _ => return None,
    };
    let mut saw_key = false;
    while pos < body.len() {
        let (line, next) = line_at(body, pos);
        let t = line.trim_end();
        let closes = if toml { t == "+++" } else { t == "---" || t == "..." };
        if closes {
            return saw_key.then_some(lead..lead + pos + t.len());
        }
        if t.contains("-->") {
            return None;
        }
        match line_kind(t, toml) {
            Some(true) => saw_key = true,
            Some(false) if saw_key => {}
            _ => return None,
        }
        pos = next;
    }
    None
}

/// The line starting at `pos` (without its line break) and where the next one starts.
fn line_at(s: &str, pos: usize) -> (&str, usize) {
    let rest = s.get(pos..).unwrap_or("");
    match rest.find('\n') {
        Some(n) => (rest[..n].trim_end_matches('\r'), pos + n + 1),
        None => (rest, s.len()),
    }
}

/// `Some(true)` for a `key: value` (YAML) or `key = value` / `[table]` (TOML) line,
/// `Some(false)` for a line that may follow one (blank, indented, list item, comment), `None`
/// for a line that is not metadata.
fn line_kind(t: &str, toml: bool) -> Option<bool> {
    if t.trim().is_empty() || t.starts_with([' ', '\t']) || t.starts_with('#') {
        return Some(false);
    }
    if toml {
        if t.starts_with('[') && t.ends_with(']') {
            return Some(true);
        }
        let (key, _) = t.split_once('=')?;
        return is_key(key.trim()).then_some(true);
    }
    if t.starts_with("- ") || t == "-" {
        return Some(false);
    }
    let (key, rest) = t.split_once(':')?;
    (is_key(key) && (rest.is_empty() || rest.starts_with([' ', '\t']))).then_some(true)
}

fn is_key(k: &str) -> bool {
    let k = k.trim_matches(['"', '\'']);
    !k.is_empty() && k.len() <= 64 && k.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
}

/// The `title` the front matter of `text` gives, unquoted; `None` without one.
pub fn title(text: &str) -> Option<String> {
    title_in(text.get(range(text)?)?)
}

/// The `title` of a front matter block (the text [`range`] gives), unquoted.
pub fn title_in(block: &str) -> Option<String> {
    block.lines().skip(1).find_map(|line| {
        let (key, value) = line.split_once(':').or_else(|| line.split_once('='))?;
        if key.trim().trim_matches(['"', '\'']) != "title" || line.starts_with([' ', '\t']) {
            return None;
        }
        let v = value.trim();
        let v = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')).or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\''))).unwrap_or(v);
        let v = v.trim();
        (!v.is_empty()).then(|| v.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_toml_blocks_at_the_start_are_front_matter() {
        let yaml = "---\ntitle: \"A: B\"\ntags:\n  - x\n- y\n# note\n---\n\n# Heading\n";
        let r = range(yaml).unwrap_or(0..0);
        assert_eq!(&yaml[r], "---\ntitle: \"A: B\"\ntags:\n  - x\n- y\n# note\n---");
        assert_eq!(title(yaml).as_deref(), Some("A: B"));
        let toml = "+++\ntitle = 'Zola page'\n[extra]\nx = 1\n+++\nText";
        assert_eq!(range(toml).map(|r| &toml[r]), Some("+++\ntitle = 'Zola page'\n[extra]\nx = 1\n+++"));
        assert_eq!(title(toml).as_deref(), Some("Zola page"));
        let dots = "\u{feff}---\r\nlayout: post\r\n...\r\nbody";
        assert_eq!(range(dots).map(|r| &dots[r]), Some("---\r\nlayout: post\r\n..."));
        assert_eq!(title(dots), None);
    }

    #[test]
    fn rules_and_prose_are_not_front_matter() {
        // A rule, then a setext heading: prose, not metadata.
        assert_eq!(range("---\nSome paragraph here\n---\n"), None);
        assert_eq!(range("---\n\ntitle: x\n---\n"), None);
        assert_eq!(range("---\n---\n"), None);
        assert_eq!(range("text\n---\ntitle: x\n---\n"), None);
        assert_eq!(range("---\ntitle: x\nno close"), None);
        assert_eq!(range("---\ntitle: x -->\n---\n"), None);
        assert_eq!(range(""), None);
    }
}
