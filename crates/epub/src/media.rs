//! Audio, video and timed-text files the EPUB carries for raw HTML `<video>`, `<audio>`,
//! `<source>` and `<track>`: the types EPUB 3.3 lets them play (audio in its core media types;
//! video and `track` resources are exempt from fallbacks), named by the file's extension.

use quire_core::Asset;

/// The media type the package declares for `asset`, when the EPUB can carry it for a media
/// element; `None` for any other file.
pub fn mime(asset: &Asset) -> Option<&'static str> {
    let ext = asset.path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "mp3" => "audio/mpeg",
        "m4a" | "aac" => "audio/mp4",
        "opus" | "oga" | "ogg" => "audio/ogg; codecs=opus",
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "ogv" => "video/ogg",
        "vtt" => "text/vtt",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use quire_core::{Asset, AssetId, MediaType};

    fn asset(path: &str) -> Asset {
        Asset { id: AssetId(0), path: path.into(), output_path: String::new(), media_type: MediaType::Other, data: None, size: 0, pixels: None }
    }

    #[test]
    fn media_types_by_extension() {
        assert_eq!(super::mime(&asset("src/a/clip.MP4")), Some("video/mp4"));
        assert_eq!(super::mime(&asset("src/talk.mp3")), Some("audio/mpeg"));
        assert_eq!(super::mime(&asset("src/subs.vtt")), Some("text/vtt"));
        assert_eq!(super::mime(&asset("src/data.csv")), None);
        assert_eq!(super::mime(&asset("src/noext")), None);
    }
}
