//! The JSON of mdBook's preprocessor protocol: `[context, book]` going in, the book coming back.
//!
//! The book is mdBook's `Book`: `{"items": [BookItem…]}` (0.5; also sent as `sections`, the 0.4
//! name, so plugins built on either read it), where a `BookItem` is `{"Chapter": {name, content,
//! number, sub_items, path, source_path, parent_names}}`, `"Separator"` or `{"PartTitle": …}`.

use quire_core::{OutlineEntry, RawBook, TocEntry};
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

/// The book's items as mdBook's JSON, with the chapters' loaded texts: what the first
/// preprocessor gets; each later one gets the items the one before returned.
pub fn book_items(raw: &RawBook) -> Vec<Value> {
    let chapters = raw.chapters();
    let texts: Vec<Option<String>> = chapters.iter().map(|c| c.text.map(str::to_string)).collect();
    items(raw.toc(), &chapters, &texts, &[])
}

/// The `[context, book]` array for `renderer`, with the book's `items`.
pub fn input(raw: &RawBook, config: &Value, renderer: &str, items: &[Value]) -> Vec<u8> {
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
        .filter_map(|e| Some(match e {
            TocEntry::Separator => json!("Separator"),
            TocEntry::PartTitle(t) => json!({ "PartTitle": t }),
            // A link into a chapter is no item of mdBook's book: the chapter is sent once.
            TocEntry::Section { .. } => return None,
            TocEntry::Chapter { id, children } => {
                let Some(c) = chapters.get(id.0) else { return Some(json!("Separator")) };
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
        }))
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

/// The items of a returned book: 0.5's `items` or 0.4's `sections`; a bare `[context, book]`
/// array is taken too. Checked to be a chapter list ([`outline`] reads it).
pub fn returned_items(stdout: &[u8]) -> Result<Vec<Value>, String> {
    let v: Value = serde_json::from_slice(stdout).map_err(|e| {
        if stdout.iter().all(u8::is_ascii_whitespace) {
            "it printed nothing on stdout".to_string()
        } else {
            format!("its stdout is not JSON ({e})")
        }
    })?;
    let book = match v {
        Value::Array(mut a) if a.len() == 2 => a.pop().unwrap_or(Value::Null),
        other => other,
    };
    let list = match book {
        Value::Object(mut o) => o.remove("items").or_else(|| o.remove("sections")),
        _ => None,
    };
    let Some(Value::Array(list)) = list else {
        return Err("its output is JSON but not a book (no `items` or `sections` list)".to_string());
    };
    outline(&list)?;
    Ok(list)
}

/// The chapter list of a book's items, depth-first (the order of Quire's chapters): title
/// (`name`), number, file (`source_path`, else `path`), text (`content`) and depth of each.
pub fn outline(items: &[Value]) -> Result<Vec<OutlineEntry>, String> {
    let mut out = Vec::new();
    collect(items, &mut out, 0)?;
    Ok(out)
}

fn collect(list: &[Value], out: &mut Vec<OutlineEntry>, depth: usize) -> Result<(), String> {
    if depth > quire_core::depth::MAX_SUMMARY_DEPTH {
        return Err("its book nests chapters too deeply".to_string());
    }
    for item in list {
        if item.as_str() == Some("Separator") {
            out.push(OutlineEntry::Separator);
            continue;
        }
        if let Some(t) = item.get("PartTitle").and_then(Value::as_str) {
            out.push(OutlineEntry::Part(t.to_string()));
            continue;
        }
        let Some(ch) = item.get("Chapter") else { continue };
        let text = ch.get("content").and_then(Value::as_str).ok_or_else(|| "a chapter has no `content` string".to_string())?;
        let title = ch.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
        let number = match ch.get("number") {
            Some(Value::Array(n)) => n.iter().filter_map(|x| x.as_u64().and_then(|x| u32::try_from(x).ok())).collect(),
            _ => Vec::new(),
        };
        let path = ch
            .get("source_path")
            .and_then(Value::as_str)
            .or_else(|| ch.get("path").and_then(Value::as_str))
            .filter(|p| !p.is_empty())
            .map(std::path::PathBuf::from);
        out.push(OutlineEntry::Chapter { title, number, path, text: text.to_string(), depth });
        if let Some(subs) = ch.get("sub_items").and_then(Value::as_array) {
            collect(subs, out, depth + 1)?;
        }
    }
    Ok(())
}

/// True when two outlines have the same chapters (titles, numbers, files, nesting) and the same
/// parts and separators, whatever the texts.
pub fn same_shape(a: &[OutlineEntry], b: &[OutlineEntry]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (
                OutlineEntry::Chapter { title: t1, number: n1, path: p1, depth: d1, .. },
                OutlineEntry::Chapter { title: t2, number: n2, path: p2, depth: d2, .. },
            ) => t1 == t2 && n1 == n2 && p1 == p2 && d1 == d2,
            _ => x == y,
        })
}

/// The texts of an outline's chapters, in order.
pub fn texts(outline: &[OutlineEntry]) -> impl Iterator<Item = &str> {
    outline.iter().filter_map(|e| match e {
        OutlineEntry::Chapter { text, .. } => Some(text.as_str()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts_of(b: &[u8]) -> Result<Vec<String>, String> {
        let items = returned_items(b)?;
        Ok(texts(&outline(&items)?).map(str::to_string).collect())
    }

    #[test]
    fn items_and_sections_both_come_back() {
        let b = br#"{"items":[{"Chapter":{"name":"A","content":"a","sub_items":[{"Chapter":{"name":"B","content":"b","sub_items":[]}}]}},"Separator"]}"#;
        assert_eq!(texts_of(b), Ok(vec!["a".to_string(), "b".to_string()]));
        let b = br#"{"sections":[{"PartTitle":"P"},{"Chapter":{"name":"A","content":"x","sub_items":[]}}],"__non_exhaustive":null}"#;
        assert_eq!(texts_of(b), Ok(vec!["x".to_string()]));
        assert!(texts_of(b"").is_err_and(|e| e.contains("nothing")));
        assert!(texts_of(b"{\"a\":1}").is_err_and(|e| e.contains("not a book")));
        assert!(texts_of(br#"{"items":[{"Chapter":{"name":"A"}}]}"#).is_err_and(|e| e.contains("content")));
    }

    #[test]
    fn outlines_read_numbers_paths_and_nesting() {
        let b = br#"{"items":[{"Chapter":{"name":"A","content":"a","number":[1],"path":"a.md","source_path":"a.md","sub_items":[
            {"Chapter":{"name":"B","content":"b","number":[1,1],"path":null,"sub_items":[]}}]}},{"PartTitle":"P"}]}"#;
        let o = outline(&returned_items(b).expect("a book")).expect("an outline");
        assert_eq!(o.len(), 3);
        assert!(matches!(&o[0], OutlineEntry::Chapter { number, path: Some(p), depth: 0, .. } if number == &[1] && p.to_str() == Some("a.md")));
        assert!(matches!(&o[1], OutlineEntry::Chapter { path: None, depth: 1, .. }));
        assert_eq!(o[2], OutlineEntry::Part("P".into()));
        let mut renamed = o.clone();
        if let OutlineEntry::Chapter { title, .. } = &mut renamed[0] {
            *title = "Other".into();
        }
        assert!(same_shape(&o, &o) && !same_shape(&o, &renamed) && !same_shape(&o, &o[..2]));
    }

    #[test]
    fn readme_paths_become_index() {
        assert_eq!(index_path("README.md"), "index.md");
        assert_eq!(index_path("a/readme.md"), "a/index.md");
        assert_eq!(index_path("a/b.md"), "a/b.md");
    }
}
