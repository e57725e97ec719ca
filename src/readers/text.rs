//! Plain text and Markdown: the text is the body as it is, so offsets are the file's own
//! (past a byte-order mark). Text in another character set is decoded, with a warning.

use std::path::Path;

use super::{Document, ReadError, decode};

/// Reads a text or Markdown file's bytes. The title is the first line, if it reads like a
/// headline (short, and not ending as a sentence does).
pub fn read(path: &Path, bytes: &[u8]) -> Result<(Document, Vec<String>), ReadError> {
    let (body, encoding) = decode::decode_text(bytes);
    if body.trim().is_empty() {
        return Err(ReadError::Empty {
            path: path.to_owned(),
        });
    }
    let mut warnings = Vec::new();
    if let Some(encoding) = encoding {
        warnings.push(format!(
            "{}: not UTF-8; read as {encoding}. If letters look wrong, save the file as UTF-8",
            path.display()
        ));
    }
    let title = headline(&body);
    Ok((
        Document {
            title,
            body,
            ..Document::default()
        },
        warnings,
    ))
}

/// The text's first line, if it reads like a headline: at most 100 characters, not ending
/// with a period. A Markdown heading's `#` marks are dropped.
pub fn headline(text: &str) -> Option<String> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let first = first.trim_start_matches('#').trim();
    (!first.is_empty() && first.chars().count() <= 100 && !first.ends_with('.'))
        .then(|| first.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_is_the_text_and_a_short_first_line_is_the_title() {
        let (doc, warnings) = read(Path::new("a.txt"), b"Floods in Bologna\n\nRain fell.").unwrap();
        assert_eq!(doc.body, "Floods in Bologna\n\nRain fell.");
        assert_eq!(doc.title.as_deref(), Some("Floods in Bologna"));
        assert!(warnings.is_empty());
        let (doc, _) = read(Path::new("a.md"), b"# Storm in Bergen\n\nWind.").unwrap();
        assert_eq!(doc.title.as_deref(), Some("Storm in Bergen"));
        let (doc, _) = read(Path::new("a.txt"), b"Rain fell on Bergen today.").unwrap();
        assert_eq!(doc.title, None);
    }

    #[test]
    fn blank_text_is_refused_and_legacy_text_decoded_with_a_warning() {
        let err = read(Path::new("blank.txt"), b" \n\t\n").unwrap_err();
        assert!(matches!(err, ReadError::Empty { .. }), "{err}");
        let (doc, warnings) =
            read(Path::new("l.txt"), b"Caf\xe9 in Z\xfcrich, by the lake.").unwrap();
        assert_eq!(doc.body, "Café in Zürich, by the lake.");
        assert!(warnings[0].contains("not UTF-8"), "{warnings:?}");
    }
}
