//! Bytes to text, in whatever character set they are: a byte-order mark, then a web page's
//! own `<meta charset>`, then UTF-8 if the bytes are valid UTF-8, and otherwise the likeliest
//! legacy encoding (chardetng, the detector Firefox uses).

use encoding_rs::Encoding;

/// `bytes` decoded, and the name of the encoding when it was not UTF-8 (worth a warning: a
/// guessed encoding may be wrong). A byte-order mark is dropped.
pub fn decode_text(bytes: &[u8]) -> (String, Option<&'static str>) {
    decode_with(bytes, None)
}

/// A web page's bytes decoded: as [`decode_text`], but a `<meta charset>` or `<meta
/// http-equiv="Content-Type">` in the page's first kilobytes, or an XML declaration's
/// `encoding`, is obeyed before any guess.
pub fn decode_markup(bytes: &[u8]) -> (String, Option<&'static str>) {
    decode_with(bytes, declared_charset(bytes))
}

fn decode_with(
    bytes: &[u8],
    declared: Option<&'static Encoding>,
) -> (String, Option<&'static str>) {
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        return (text.into_owned(), not_utf8(encoding));
    }
    // A page that says UTF-16 but has no BOM is read as ASCII-compatible (as browsers do).
    let declared = declared.map(|e| e.output_encoding());
    if (declared.is_none() || declared == Some(encoding_rs::UTF_8))
        && let Ok(text) = simdutf8::basic::from_utf8(bytes)
    {
        return (text.to_owned(), None);
    }
    let encoding = declared
        .filter(|&e| e != encoding_rs::UTF_8)
        .unwrap_or_else(|| {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            detector.guess(None, chardetng::Utf8Detection::Allow)
        });
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    (text.into_owned(), not_utf8(encoding))
}

fn not_utf8(encoding: &'static Encoding) -> Option<&'static str> {
    (encoding != encoding_rs::UTF_8).then(|| encoding.name())
}

/// The character set a page declares in its first 4 KiB: `<meta charset=…>`, `<meta
/// http-equiv="Content-Type" content="…; charset=…">` or `<?xml … encoding="…"?>`.
pub fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = head_ascii_lowercase(bytes, 4096);
    let label_after = |at: usize| -> Option<&'static Encoding> {
        let rest = head.get(at..)?;
        let rest = rest.trim_start_matches([' ', '=', '"', '\'']);
        let label: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        Encoding::for_label(label.as_bytes())
    };
    if head.trim_start().starts_with("<?xml")
        && let Some(end) = head.find("?>")
        && let Some(at) = head[..end].find("encoding")
        && let Some(encoding) = label_after(at + "encoding".len())
    {
        return Some(encoding);
    }
    let mut from = 0;
    while let Some(at) = head[from..].find("<meta") {
        let start = from + at;
        let end = head[start..].find('>').map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        if let Some(c) = tag.find("charset")
            && let Some(encoding) = label_after(start + c + "charset".len())
        {
            return Some(encoding);
        }
        from = end;
    }
    None
}

/// The first `max` bytes of `bytes` as lowercase ASCII, other bytes as `?`, past a
/// byte-order mark (UTF-16 is decoded first); for sniffing.
pub fn head_ascii_lowercase(bytes: &[u8], max: usize) -> String {
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes)
        && encoding != encoding_rs::UTF_8
    {
        let end = bytes.len().min(bom_length + 2 * max);
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..end]);
        return text
            .chars()
            .map(|c| {
                if c.is_ascii() {
                    c.to_ascii_lowercase()
                } else {
                    '?'
                }
            })
            .collect();
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    bytes[..bytes.len().min(max)]
        .iter()
        .map(|&b| {
            if b.is_ascii() {
                char::from(b.to_ascii_lowercase())
            } else {
                '?'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meta_charset_is_obeyed() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("Новости из Москвы");
        let page = [
            b"<html><head><meta charset=\"windows-1251\"></head><body>".as_slice(),
            &bytes,
        ]
        .concat();
        let (text, encoding) = decode_markup(&page);
        assert!(text.contains("Новости из Москвы"), "{text}");
        assert_eq!(encoding, Some("windows-1251"));

        let page = [
            b"<meta http-equiv='Content-Type' content='text/html; charset=koi8-r'>".as_slice(),
            &encoding_rs::KOI8_R.encode("Владивосток").0,
        ]
        .concat();
        assert!(decode_markup(&page).0.contains("Владивосток"));
    }

    #[test]
    fn utf8_stays_utf8_and_legacy_text_is_guessed() {
        assert_eq!(
            decode_text("Gdańsk".as_bytes()),
            ("Gdańsk".to_owned(), None)
        );
        let (bytes, _, _) = encoding_rs::WINDOWS_1251
            .encode("Во Владивостоке прошли переговоры между двумя лидерами страны.");
        let (text, encoding) = decode_text(&bytes);
        assert!(text.contains("Владивостоке"), "{text}");
        assert_eq!(encoding, Some("windows-1251"));
    }

    #[test]
    fn byte_order_marks_decide_and_are_dropped() {
        let mut utf16 = vec![0xff, 0xfe];
        for unit in "Oslo".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode_text(&utf16).0, "Oslo");
        assert_eq!(decode_text(b"\xef\xbb\xbfOslo").0, "Oslo");
    }
}
