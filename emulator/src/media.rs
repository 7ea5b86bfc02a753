//! Recognising uploaded bytes: type, format and image dimensions, as Cloudinary reports them.

/// What the bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    /// `image`, `video` or `raw`.
    pub resource_type: &'static str,
    /// File format (`png`, `jpg`, ...); empty for unknown raw files.
    pub format: String,
    /// Pixel size for images the emulator can read.
    pub size: Option<(u32, u32)>,
}

/// Sniffs `bytes`; `filename` supplies the format of raw files.
pub fn sniff(bytes: &[u8], filename: Option<&str>) -> Media {
    let image = |format: &str, size| Media {
        resource_type: "image",
        format: format.into(),
        size,
    };
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() >= 24 {
        return image("png", Some((be32(&bytes[16..20]), be32(&bytes[20..24]))));
    }
    if bytes.starts_with(b"GIF8") && bytes.len() >= 10 {
        return image("gif", Some((le16(&bytes[6..8]), le16(&bytes[8..10]))));
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        return image("jpg", jpeg_size(bytes));
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return image("webp", None);
    }
    if bytes.starts_with(b"<svg")
        || bytes.starts_with(b"<?xml") && bytes.windows(4).any(|w| w == b"<svg")
    {
        return image("svg", None);
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Media {
            resource_type: "video",
            format: "mp4".into(),
            size: None,
        };
    }
    if bytes.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        return Media {
            resource_type: "video",
            format: "webm".into(),
            size: None,
        };
    }
    let format = filename
        .and_then(|f| f.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .filter(|e| e.len() <= 8 && e.bytes().all(|b| b.is_ascii_alphanumeric()))
        .unwrap_or_default();
    Media {
        resource_type: "raw",
        format,
        size: None,
    }
}

/// The `Content-Type` to deliver `format` with.
pub fn content_type(resource_type: &str, format: &str) -> &'static str {
    match (resource_type, format) {
        ("image", "png") => "image/png",
        ("image", "gif") => "image/gif",
        ("image", "jpg") => "image/jpeg",
        ("image", "webp") => "image/webp",
        ("image", "svg") => "image/svg+xml",
        ("video", "mp4") => "video/mp4",
        ("video", "webm") => "video/webm",
        _ => "application/octet-stream",
    }
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

fn le16(b: &[u8]) -> u32 {
    u32::from(u16::from_le_bytes([b[0], b[1]]))
}

fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2;
    while i + 9 < bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            let h = u32::from(u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]));
            let w = u32::from(u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]));
            return Some((w, h));
        }
        i += 2 + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_size_is_read_from_ihdr() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&[0, 0, 1, 0, 0, 0, 0, 200]);
        assert_eq!(
            sniff(&png, None),
            Media {
                resource_type: "image",
                format: "png".into(),
                size: Some((256, 200))
            }
        );
    }

    #[test]
    fn unknown_bytes_are_raw_with_the_file_extension() {
        assert_eq!(sniff(b"hello", Some("notes.TXT")).format, "txt");
        assert_eq!(sniff(b"hello", Some("x.<script>")).format, "");
    }
}
