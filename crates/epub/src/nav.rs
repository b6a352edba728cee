//! The navigation documents: `nav.xhtml` (EPUB 3: the whole TOC hierarchy with part titles and
//! nesting, plus landmarks) and `toc.ncx` (for EPUB 2 reading systems), both from
//! [`Book::toc`](quire_core::Book::toc).

use crate::xml;
use quire_core::ast::BlockKind;
use quire_core::i18n::Words;
use quire_core::{plain_text, Book, Chapter, ChapterId, ChapterRole, TocEntry};

/// Where things are in the package, for the navigation documents.
#[derive(Debug, Clone)]
pub struct NavInput<'a> {
    /// Package path of each chapter, by chapter index.
    pub chapter_paths: &'a [String],
    /// Package path of the cover page.
    pub cover_path: &'a str,
    /// The book's identifier (for the NCX `dtb:uid`).
    pub identifier: &'a str,
}

/// The label of a chapter in the TOC: `"2.1. Title"` for numbered chapters, else the title
/// (the word `untitled` for a chapter without one).
pub fn chapter_label(ch: &Chapter, words: &Words) -> String {
    let title = if ch.title.trim().is_empty() { words.untitled.as_str() } else { ch.title.trim() };
    match (ch.role, ch.number_string()) {
        (ChapterRole::Numbered, Some(n)) => format!("{n}. {title}"),
        _ => title.to_string(),
    }
}

/// A TOC node after grouping part titles with the chapters that follow them.
#[derive(Debug, Clone)]
enum Node {
    Chapter(ChapterId, Vec<Node>),
    Part(String, Vec<Node>),
    /// A second-level heading of a chapter (listed for chapters with no sub-chapters).
    Section(ChapterId, String, String),
}

/// Groups `entries`: a part title takes the chapters after it, up to the next part title or the
/// first suffix chapter.
/// Separators are dropped; a part with no chapters is dropped (it would have nothing to link to).
fn group(entries: &[TocEntry], book: &Book) -> Vec<Node> {
    let mut out: Vec<Node> = Vec::new();
    let mut current_part: Option<(String, Vec<Node>)> = None;
    for e in entries {
        match e {
            TocEntry::Chapter { id, children } => {
                let Some(ch) = book.chapter(*id) else { continue };
                let node = Node::Chapter(*id, group(children, book));
                // Part titles head numbered chapters: a suffix chapter (after the numbered ones)
                // ends the current part.
                if ch.role == ChapterRole::Suffix {
                    if let Some((title, kids)) = current_part.take() {
                        if !kids.is_empty() {
                            out.push(Node::Part(title, kids));
                        }
                    }
                }
                match &mut current_part {
                    Some((_, kids)) => kids.push(node),
                    None => out.push(node),
                }
            }
            TocEntry::PartTitle(t) => {
                if let Some((title, kids)) = current_part.take() {
                    if !kids.is_empty() {
                        out.push(Node::Part(title, kids));
                    }
                }
                current_part = Some((t.trim().to_string(), Vec::new()));
            }
            TocEntry::Section { chapter, anchor, title, .. } => {
                let node = Node::Section(*chapter, anchor.clone(), title.clone());
                match &mut current_part {
                    Some((_, kids)) => kids.push(node),
                    None => out.push(node),
                }
            }
            TocEntry::Separator => {}
        }
    }
    if let Some((title, kids)) = current_part {
        if !kids.is_empty() {
            out.push(Node::Part(title, kids));
        }
    }
    out
}

/// The TOC tree; when the book's TOC lists no chapter (no SUMMARY), every chapter in reading
/// order at the top level.
fn tree(book: &Book) -> Vec<Node> {
    let mut nodes = group(&book.toc, book);
    if nodes.is_empty() {
        nodes = book.chapters.iter().map(|c| Node::Chapter(c.id, Vec::new())).collect();
    }
    add_sections(&mut nodes, book);
    nodes
}

/// Lists the `##` headings of chapters that have no sub-chapters under them.
fn add_sections(nodes: &mut [Node], book: &Book) {
    for n in nodes {
        match n {
            Node::Chapter(id, kids) if kids.is_empty() => {
                let Some(ch) = book.chapter(*id) else { continue };
                for b in &ch.blocks {
                    if let BlockKind::Heading { level: 2, id: anchor, number, inlines, .. } = &b.kind {
                        let text = plain_text(inlines);
                        if anchor.is_empty() || text.trim().is_empty() {
                            continue;
                        }
                        let label = match number {
                            Some(num) if !num.is_empty() => format!("{num} {}", text.trim()),
                            _ => text.trim().to_string(),
                        };
                        kids.push(Node::Section(*id, anchor.clone(), label));
                    }
                }
            }
            Node::Chapter(_, kids) | Node::Part(_, kids) => add_sections(kids, book),
            Node::Section(..) => {}
        }
    }
}

/// The package href of a node's target.
fn target(node: &Node, input: &NavInput<'_>) -> Option<String> {
    match node {
        Node::Section(id, anchor, _) => {
            input.chapter_paths.get(id.0).map(|p| format!("{}#{anchor}", xml::encode_path(p)))
        }
        _ => first_chapter(node).and_then(|id| input.chapter_paths.get(id.0)).map(|p| xml::encode_path(p)),
    }
}

/// The first chapter reachable from `node` (parts link there in the NCX).
fn first_chapter(node: &Node) -> Option<ChapterId> {
    match node {
        Node::Chapter(id, _) | Node::Section(id, ..) => Some(*id),
        Node::Part(_, kids) => kids.iter().find_map(first_chapter),
    }
}

fn depth(nodes: &[Node]) -> usize {
    nodes
        .iter()
        .map(|n| match n {
            Node::Chapter(_, k) | Node::Part(_, k) => 1 + depth(k),
            Node::Section(..) => 1,
        })
        .max()
        .unwrap_or(0)
}

/// The chapter where the body matter starts: the first numbered chapter, else the first one.
pub fn bodymatter_start(book: &Book) -> Option<ChapterId> {
    book.chapters
        .iter()
        .find(|c| c.role == ChapterRole::Numbered)
        .or_else(|| book.chapters.first())
        .map(|c| c.id)
}

fn nav_list(nodes: &[Node], book: &Book, input: &NavInput<'_>, words: &Words, indent: usize, out: &mut String) {
    let pad = "  ".repeat(indent);
    out.push_str(&format!("{pad}<ol>\n"));
    for n in nodes {
        match n {
            Node::Chapter(id, kids) => {
                let (Some(ch), Some(path)) = (book.chapter(*id), input.chapter_paths.get(id.0)) else {
                    continue;
                };
                out.push_str(&format!(
                    "{pad}  <li><a href=\"{}\">{}</a>",
                    xml::attr(&xml::encode_path(path)),
                    xml::text(&chapter_label(ch, words))
                ));
                if kids.is_empty() {
                    out.push_str("</li>\n");
                } else {
                    out.push('\n');
                    nav_list(kids, book, input, words, indent + 2, out);
                    out.push_str(&format!("{pad}  </li>\n"));
                }
            }
            Node::Section(..) => {
                let (Node::Section(_, _, label), Some(href)) = (n, target(n, input)) else { continue };
                out.push_str(&format!("{pad}  <li><a href=\"{}\">{}</a></li>\n", xml::attr(&href), xml::text(label)));
            }
            Node::Part(title, kids) => {
                let title = words.part_title(title);
                out.push_str(&format!("{pad}  <li><span>{}</span>\n", xml::text(title)));
                nav_list(kids, book, input, words, indent + 2, out);
                out.push_str(&format!("{pad}  </li>\n"));
            }
        }
    }
    out.push_str(&format!("{pad}</ol>\n"));
}

/// The book's words for the navigation documents ("Contents", "Cover", "Landmarks", "Start of
/// content"), from the one translation table with `[quire.labels]` on top.
pub fn words(book: &Book) -> Words {
    Words::for_config(&book.config)
}

/// `nav.xhtml`, at the package root (next to the package document).
pub fn nav_xhtml(book: &Book, input: &NavInput<'_>) -> String {
    let lang = xml::attr(book.language());
    let w = words(book);
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    out.push_str(&format!(
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n"
    ));
    out.push_str(&format!(
        "<head>\n  <meta charset=\"utf-8\"/>\n  <title>{}</title>\n  <link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n<body>\n",
        xml::text(&w.contents)
    ));
    out.push_str(&format!(
        "  <nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">\n    <h1 id=\"toc-title\">{}</h1>\n",
        xml::text(&w.contents)
    ));
    let nodes = tree(book);
    if nodes.is_empty() {
        // An empty book still needs a valid nav: point at the cover.
        out.push_str(&format!(
            "    <ol>\n      <li><a href=\"{}\">{}</a></li>\n    </ol>\n",
            xml::attr(input.cover_path),
            xml::text(book.title())
        ));
    } else {
        nav_list(&nodes, book, input, &w, 2, &mut out);
    }
    out.push_str("  </nav>\n");
    out.push_str(&format!(
        "  <nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\" aria-labelledby=\"landmarks-title\">\n    <h2 id=\"landmarks-title\">{}</h2>\n    <ol>\n",
        xml::text(&w.landmarks)
    ));
    out.push_str(&format!(
        "      <li><a epub:type=\"cover\" href=\"{}\">{}</a></li>\n",
        xml::attr(input.cover_path),
        xml::text(&w.cover)
    ));
    out.push_str(&format!("      <li><a epub:type=\"toc\" href=\"#toc\">{}</a></li>\n", xml::text(&w.contents)));
    if let Some(path) = bodymatter_start(book).and_then(|id| input.chapter_paths.get(id.0)) {
        out.push_str(&format!(
            "      <li><a epub:type=\"bodymatter\" href=\"{}\">{}</a></li>\n",
            xml::attr(&xml::encode_path(path)),
            xml::text(&w.start)
        ));
    }
    out.push_str("    </ol>\n  </nav>\n</body>\n</html>\n");
    out
}

/// `toc.ncx`, for EPUB 2 reading systems. Part titles link to their first chapter; entries with
/// the same target share a `playOrder`.
pub fn toc_ncx(book: &Book, input: &NavInput<'_>) -> String {
    let nodes = tree(book);
    let words = words(book);
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"{}\">\n",
        xml::attr(book.language())
    ));
    out.push_str(&format!(
        "  <head>\n    <meta name=\"dtb:uid\" content=\"{}\"/>\n    <meta name=\"dtb:depth\" content=\"{}\"/>\n    <meta name=\"dtb:totalPageCount\" content=\"0\"/>\n    <meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n  </head>\n",
        xml::attr(input.identifier),
        depth(&nodes).max(1)
    ));
    out.push_str(&format!("  <docTitle>\n    <text>{}</text>\n  </docTitle>\n", xml::text(book.title())));
    out.push_str("  <navMap>\n");
    if nodes.is_empty() {
        out.push_str(&format!(
            "    <navPoint id=\"np-1\" playOrder=\"1\">\n      <navLabel><text>{}</text></navLabel>\n      <content src=\"{}\"/>\n    </navPoint>\n",
            xml::text(book.title()),
            xml::attr(input.cover_path)
        ));
    } else {
        let mut ncx = Ncx { book, input, words: &words, orders: Vec::new(), counter: 0, out: &mut out };
        ncx.points(&nodes, 2);
    }
    out.push_str("  </navMap>\n</ncx>\n");
    out
}

/// The NCX's navigation points being written: targets seen so far (their `playOrder`) and the
/// count of points (their ids).
struct Ncx<'a> {
    book: &'a Book,
    input: &'a NavInput<'a>,
    words: &'a Words,
    orders: Vec<String>,
    counter: usize,
    out: &'a mut String,
}

impl Ncx<'_> {
    fn points(&mut self, nodes: &[Node], indent: usize) {
        let pad = "  ".repeat(indent);
        let no_kids: Vec<Node> = Vec::new();
        for n in nodes {
            let (label, kids) = match n {
                Node::Chapter(id, kids) => match self.book.chapter(*id) {
                    Some(ch) => (chapter_label(ch, self.words), kids),
                    None => continue,
                },
                Node::Part(t, kids) => (self.words.part_title(t).to_string(), kids),
                Node::Section(_, _, label) => (label.clone(), &no_kids),
            };
            let Some(target) = target(n, self.input) else { continue };
            let order = match self.orders.iter().position(|t| *t == target) {
                Some(i) => i + 1,
                None => {
                    self.orders.push(target.clone());
                    self.orders.len()
                }
            };
            self.counter += 1;
            self.out.push_str(&format!(
                "{pad}<navPoint id=\"np-{}\" playOrder=\"{order}\">\n{pad}  <navLabel><text>{}</text></navLabel>\n{pad}  <content src=\"{}\"/>\n",
                self.counter,
                xml::text(&label),
                xml::attr(&target)
            ));
            self.points(kids, indent + 1);
            self.out.push_str(&format!("{pad}</navPoint>\n"));
        }
    }
}
