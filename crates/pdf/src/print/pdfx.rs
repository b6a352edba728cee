//! PDF/X identification, added to the lopdf document after [`crate::write::post`]: the output
//! intent (`/S /GTS_PDFX`, condition FOGRA39, the embedded CMYK profile `icc/QuireFOGRA39.icc`
//! with `/N 4`), `GTS_PDFXVersion` (and `GTS_PDFXConformance` for X-1a) and `/Trapped /False`
//! in the Info dictionary, the same in XMP (`pdfxid:` for X-4, `pdfx:` for X-1a) with the
//! xmpMM identifiers PDF/X-4 requires, no annotations, and the header version (1.6 for X-4, 1.3
//! for X-1a:2001). The document /ID is written with the file (`write::file`); nothing is encrypted.

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::PdfX;
use crate::model::Document;
use crate::write::post::text;

/// The CMYK output profile: ArgyllCMS `colprof` run on FOGRA39L characterisation data (see
/// `crates/pdf/icc/README.md`).
pub static OUTPUT_PROFILE: &[u8] = include_bytes!("../../icc/QuireFOGRA39.icc");

/// sRGB (IEC 61966-2.1) for RGB JPEGs in PDF/X-4, from Debian's `icc-profiles-free` (zlib
/// licence, see `crates/pdf/icc/README.md`).
pub static SRGB_PROFILE: &[u8] = include_bytes!("../../icc/sRGB.icc");

/// The output condition the profile characterises (ICC characterisation registry name).
pub const OUTPUT_CONDITION: &str = "FOGRA39";

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// Makes `pdf` (the writer's lopdf document for `doc`) PDF/X.
pub(crate) fn apply(pdf: &mut lopdf::Document, doc: &Document, pdfx: PdfX) -> Result<(), lopdf::Error> {
    pdf.version = match pdfx {
        PdfX::X4 => "1.6",
        PdfX::X1a => "1.3",
    }
    .into();
    let mut icc = Dictionary::new();
    icc.set("N", Object::Integer(4));
    let icc_id = pdf.add_object(Stream::new(icc, OUTPUT_PROFILE.to_vec()));
    let intent = Dictionary::from_iter(vec![
        ("Type", name("OutputIntent")),
        ("S", name("GTS_PDFX")),
        ("OutputConditionIdentifier", text(OUTPUT_CONDITION)),
        ("OutputCondition", text("Offset printing on coated paper (ISO 12647-2:2004/Amd 1, FOGRA39)")),
        ("RegistryName", text("http://www.color.org")),
        ("Info", text("Quire FOGRA39 (ArgyllCMS profile of the FOGRA39L data)")),
        ("DestOutputProfile", Object::Reference(icc_id)),
    ]);
    let intent_id = pdf.add_object(intent);
    let catalog = pdf.catalog_mut()?;
    catalog.set("OutputIntents", Object::Array(vec![Object::Reference(intent_id)]));
    let meta_id = catalog.get(b"Metadata").and_then(Object::as_reference).ok();
    let info_id = pdf.trailer.get(b"Info")?.as_reference()?;
    let info = pdf.get_dictionary_mut(info_id)?;
    info.set("Trapped", name("False"));
    let ident = match pdfx {
        PdfX::X4 => {
            info.set("GTS_PDFXVersion", text("PDF/X-4"));
            "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>".to_string()
        }
        PdfX::X1a => {
            info.set("GTS_PDFXVersion", text("PDF/X-1:2001"));
            info.set("GTS_PDFXConformance", text("PDF/X-1a:2001"));
            "<pdfx:GTS_PDFXVersion>PDF/X-1:2001</pdfx:GTS_PDFXVersion><pdfx:GTS_PDFXConformance>PDF/X-1a:2001</pdfx:GTS_PDFXConformance>"
                .to_string()
        }
    };
    if let Some(id) = meta_id {
        add_xmp(pdf, id, &ident, &doc_uuid(doc))?;
    }
    let pages: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    for id in pages {
        pdf.get_dictionary_mut(id)?.remove(b"Annots");
    }
    Ok(())
}

/// Adds a description with the PDF/X identification to the XMP packet.
fn add_xmp(pdf: &mut lopdf::Document, id: ObjectId, ident: &str, uuid: &str) -> Result<(), lopdf::Error> {
    let stream = pdf.get_object_mut(id)?.as_stream_mut()?;
    let xmp = String::from_utf8_lossy(&stream.content).into_owned();
    let extra = format!(
        "<rdf:Description rdf:about=\"\" xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\" \
         xmlns:pdfx=\"http://ns.adobe.com/pdfx/1.3/\" xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\" \
         xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n{ident}<pdf:Trapped>False</pdf:Trapped>\
         <xmpMM:DocumentID>uuid:{uuid}</xmpMM:DocumentID><xmpMM:InstanceID>uuid:{uuid}</xmpMM:InstanceID>\
         <xmpMM:VersionID>1</xmpMM:VersionID><xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n</rdf:Description>"
    );
    let out = xmp.replacen("</rdf:RDF>", &format!("{extra}</rdf:RDF>"), 1);
    stream.set_content(out.into_bytes());
    Ok(())
}

/// A UUID-shaped id from the title, authors and timestamp: stable across builds of the same book.
fn doc_uuid(doc: &Document) -> String {
    let m = &doc.metadata;
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x8422_2325_cbf2_9ce4;
    let ts = m.timestamp.to_be_bytes();
    for &x in m.title.as_bytes().iter().chain(m.author.as_bytes()).chain(ts.iter()) {
        a = (a ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3);
        b = (b ^ u64::from(x)).wrapping_mul(0x0000_0100_0000_01b3 ^ 0x2f);
    }
    let h = format!("{a:016x}{b:016x}");
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}
