//! A complete program that builds a book with Quire's library API.

use quire::{build, write_outputs, BuildRequest, Format};

// ANCHOR: build
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let book = quire_core::Book::load("manuscript")?;
    let fonts = quire::fonts::load_dir(quire::fonts::default_dir());
    let request = BuildRequest::new(vec![Format::Epub, Format::Html]).with_fonts(fonts);
    let report = build(&book, &request);
    for written in write_outputs(&report, "book".as_ref())? {
        println!("{} -> {}", written.format, written.path.display());
    }
    Ok(())
}
// ANCHOR_END: build

#[cfg(test)]
mod tests {
    #[test]
    fn slug_of_the_handbook() {
        assert_eq!(quire::slug("The Quire Handbook"), "the-quire-handbook");
    }
}
