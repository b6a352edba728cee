//! The JSON of mdBook's preprocessor protocol: `[context, book]` going in, the book coming back.
//!
//! The book is mdBook's `Book`: `{"items": [BookItem…]}` (0.5; also sent as `sections`, the 0.4
//! name, so plugins built on either read it), where a `BookItem` is `{"Chapter": {name, content,
//! number, sub_items, path, source_path, parent_names}}`, `"Separator"` or `{"PartTitle": …}`.

use quire_core::{RawBook, TocEntry};
use serde_json::{json, Map, Value};

/// `book.toml` as the JSON the context's `config` holds (mdBook's `Config` serialises to the
/// file's tables).
pub fn config_json(raw: &RawBook) -> Value {
    let parsed = raw.config_toml().and_then(|t| toml::from_str::<toml::Value>(t).ok());
    let mut v = parsed.and_then(|t| serde_json::to_value(t).ok()).unwrap_or_else(|| json!({}));
    if let Value::Object(o) = &mut v {
        let book = o.entry("book").or_insert_with(|| json!({}));
        if let Value::Object(b) = book {
            b.entry("title").or_insert_with(|| json!(raw.config.title()));
            b.entry("src").or_insert_with(|| json!(raw.config.book.src.as_ref().map(|p| p.to_string_lossy().into_owned())));
            b.entry("language").or_insert_with(|| json!(raw.config.language()));
            b.entry("authors").or_insert_with(|| json!(raw.config.book.authors));
        }
    }
    v
}

/// The `[context, book]` array for `renderer`, with the chapters' current texts.
pub fn input(raw: &RawBook, config: &Value, renderer: &str, texts: &[Option<String>]) -> Vec<u8> {
    let chapters = raw.chapters();
    let items = items(raw.toc(), &chapters, texts, &[]);
    let context = json!({
        "root": raw.root,
        "config": config,
        "renderer": renderer,
        "mdbook_version": super::MDBOOK_VERSION,
    });
    // mdBook 0.4's `Book` also has a unit field `__non_exhaustive`, which its plugins require.
    let book = json!({ "items": items, "sections": items, "__non_exhaustive": null });
    serde_json::to_vec(&json!([context, book])).unwrap_or_default()
}

fn items(toc: &[TocEntry], chapters: &[quire_core::RawChapter<'_>], texts: &[Option<String>], parents: &[String]) -> Vec<Value> {
    toc.iter()
        .map(|e| match e {
            TocEntry::Separator => json!("Separator"),
            TocEntry::PartTitle(t) => json!({ "PartTitle": t }),
            TocEntry::Chapter { id, children } => {
                let Some(c) = chapters.get(id.0) else { return json!("Separator") };
                let name = c.title.to_string();
                let mut below = parents.to_vec();
                below.push(name.clone());
                let source = c.source_path.map(|p| p.to_string_lossy().replace('\\', "/"));
                let mut ch = Map::new();
                ch.insert("name".into(), json!(name));
                ch.insert("content".into(), json!(texts.get(id.0).cloned().flatten().unwrap_or_default()));
                ch.insert("number".into(), if c.number.is_empty() { Value::Null } else { json!(c.number) });
                ch.insert("sub_items".into(), json!(items(children, chapters, texts, &below)));
                ch.insert("path".into(), json!(source.as_deref().map(index_path)));
                ch.insert("source_path".into(), json!(source));
                ch.insert("parent_names".into(), json!(parents));
                json!({ "Chapter": ch })
            }
        })
        .collect()
}

/// mdBook's `index` preprocessor names a README page `index.md` in `path`.
fn index_path(p: &str) -> String {
    match p.rsplit_once('/') {
        Some((dir, f)) if f.eq_ignore_ascii_case("readme.md") => format!("{dir}/index.md"),
        None if p.eq_ignore_ascii_case("readme.md") => "index.md".to_string(),
        _ => p.to_string(),
    }
}

/// The chapters' contents of a returned book, depth-first (the order of Quire's chapters).
/// Takes 0.5's `items` or 0.4's `sections`; a bare `[context, book]` array is taken too.
pub fn chapter_texts(stdout: &[u8]) -> Result<Vec<String>, String> {
    let v: Value = serde_json::from_slice(stdout).map_err(|e| {
        if stdout.iter().all(u8::is_ascii_whitespace) {
            "it printed nothing on stdout".to_string()
        } else {
            format!("its stdout is not JSON ({e})")
        }
    })?;
    let book = match &v {
        Value::Array(a) if a.len() == 2 => &a[1],
        other => other,
    };
    let list = book
        .get("items")
        .or_else(|| book.get("sections"))
        .and_then(Value::as_array)
        .ok_or_else(|| "its output is JSON but not a book (no `items` or `sections` list)".to_string())?;
    let mut out = Vec::new();
    collect(list, &mut out, 0)?;
    Ok(out)
}

fn collect(list: &[Value], out: &mut Vec<String>, depth: usize) -> Result<(), String> {
    if depth > quire_core::depth::MAX_SUMMARY_DEPTH {
        return Err("its book nests chapters too deeply".to_string());
    }
    for item in list {
        let Some(ch) = item.get("Chapter") else { continue };
        let content = ch.get("content").and_then(Value::as_str).ok_or_else(|| "a chapter has no `content` string".to_string())?;
        out.push(content.to_string());
        if let Some(subs) = ch.get("sub_items").and_then(Value::as_array) {
            collect(subs, out, depth + 1)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_and_sections_both_come_back() {
        let b = br#"{"items":[{"Chapter":{"name":"A","content":"a","sub_items":[{"Chapter":{"name":"B","content":"b","sub_items":[]}}]}},"Separator"]}"#;
        assert_eq!(chapter_texts(b), Ok(vec!["a".to_string(), "b".to_string()]));
        let b = br#"{"sections":[{"PartTitle":"P"},{"Chapter":{"name":"A","content":"x","sub_items":[]}}],"__non_exhaustive":null}"#;
        assert_eq!(chapter_texts(b), Ok(vec!["x".to_string()]));
        assert!(chapter_texts(b"").is_err_and(|e| e.contains("nothing")));
        assert!(chapter_texts(b"{\"a\":1}").is_err_and(|e| e.contains("not a book")));
    }

    #[test]
    fn readme_paths_become_index() {
        assert_eq!(index_path("README.md"), "index.md");
        assert_eq!(index_path("a/readme.md"), "a/index.md");
        assert_eq!(index_path("a/b.md"), "a/b.md");
    }
}
