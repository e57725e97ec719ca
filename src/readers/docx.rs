//! Word documents (`.docx`): a ZIP of XML parts. The body is `word/document.xml`'s
//! paragraphs and headings, in order, each a paragraph of the body (a list item too); runs
//! are joined, tabs and line breaks become spaces. The title is the document's own
//! (`docProps/core.xml`), else its first heading.

use std::io::Read as _;
use std::path::Path;

use quick_xml::events::Event;

use super::{Document, MAX_FILE_BYTES, ReadError, clean_title, join_paragraphs};

/// Reads a `.docx` file's bytes.
pub fn read(path: &Path, bytes: &[u8]) -> Result<(Document, Vec<String>), ReadError> {
    let corrupt = |detail: String| ReadError::Corrupt {
        path: path.to_owned(),
        what: "Word document",
        detail,
    };
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| corrupt(e.to_string()))?;
    let document_xml = part(&mut archive, "word/document.xml")
        .map_err(|e| corrupt(e.to_string()))?
        .ok_or_else(|| corrupt("it has no word/document.xml".to_owned()))?;
    let (paragraphs, first_heading) =
        paragraphs(&document_xml).map_err(|e| corrupt(format!("word/document.xml: {e}")))?;
    let body = join_paragraphs(paragraphs.iter().map(String::as_str));
    if body.is_empty() {
        return Err(ReadError::Empty {
            path: path.to_owned(),
        });
    }
    let properties = part(&mut archive, "docProps/core.xml").ok().flatten();
    let property = |name: &str| {
        properties
            .as_deref()
            .and_then(|xml| element_text(xml, name))
            .and_then(|t| clean_title(&t))
    };
    let document = Document {
        title: property("title").or(first_heading),
        published: property("created"),
        byline: property("creator"),
        url: None,
        body,
    };
    Ok((document, Vec::new()))
}

/// The text of the part `name`, if the archive has it; at most [`MAX_FILE_BYTES`] of it (a
/// ZIP can inflate far beyond its own size).
fn part(
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, std::io::Error> {
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(err) => return Err(std::io::Error::other(err)),
    };
    let mut text = String::new();
    file.take(MAX_FILE_BYTES).read_to_string(&mut text)?;
    Ok(Some(text))
}

/// The document's paragraphs' text, in order, and its first heading.
fn paragraphs(xml: &str) -> Result<(Vec<String>, Option<String>), quick_xml::Error> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut is_heading = false;
    let mut first_heading = None;
    let mut in_text = false;
    loop {
        match reader.read_event()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"pStyle" => {
                let style = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == b"val")
                    .map(|a| String::from_utf8_lossy(&a.value).to_ascii_lowercase());
                is_heading = style.is_some_and(|s| s.starts_with("heading") || s == "title");
            }
            Event::Start(e) => match e.local_name().as_ref() {
                b"p" => {
                    current.clear();
                    is_heading = false;
                }
                b"t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) => {
                if matches!(e.local_name().as_ref(), b"tab" | b"br" | b"cr") {
                    current.push(' ');
                }
            }
            Event::Text(t) if in_text => current.push_str(&t.decode().unwrap_or_default()),
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    current.push(c);
                } else if let Some(text) = r
                    .decode()
                    .ok()
                    .and_then(|name| quick_xml::escape::resolve_predefined_entity(&name))
                {
                    current.push_str(text);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => {
                    if is_heading && first_heading.is_none() {
                        first_heading = clean_title(&current);
                    }
                    paragraphs.push(std::mem::take(&mut current));
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((paragraphs, first_heading))
}

/// The text of the first element named `local_name` (any namespace) in `xml`.
fn element_text(xml: &str, local_name: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut inside = false;
    let mut text = String::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == local_name.as_bytes() => inside = true,
            Event::Text(t) if inside => text.push_str(&t.decode().ok()?),
            Event::GeneralRef(r) if inside => {
                let name = r.decode().ok()?;
                text.push_str(quick_xml::escape::resolve_predefined_entity(&name).unwrap_or(""));
            }
            Event::End(e) if inside && e.local_name().as_ref() == local_name.as_bytes() => {
                return Some(text);
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write as _;

    /// A minimal `.docx` with `document` as its body XML and `title` in its properties.
    pub(crate) fn docx(document: &str, title: Option<&str>) -> Vec<u8> {
        let mut bytes = Vec::new();
        {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
            let options = zip::write::SimpleFileOptions::default();
            zip.start_file("word/document.xml", options).unwrap();
            write!(
                zip,
                r#"<?xml version="1.0"?><w:document xmlns:w="w"><w:body>{document}</w:body></w:document>"#
            )
            .unwrap();
            if let Some(title) = title {
                zip.start_file("docProps/core.xml", options).unwrap();
                write!(
                    zip,
                    r#"<cp:coreProperties xmlns:cp="c" xmlns:dc="d"><dc:title>{title}</dc:title></cp:coreProperties>"#
                )
                .unwrap();
            }
            zip.finish().unwrap();
        }
        bytes
    }

    #[test]
    fn paragraphs_and_headings_are_read_with_runs_joined() {
        let body = r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Storm in Cork</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">Rain hit </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>Co</w:t></w:r><w:r><w:t>rk &amp; Kerry.</w:t></w:r><w:r><w:tab/><w:t>More.</w:t></w:r></w:p>
            <w:p></w:p><w:p><w:r><w:t>Roads closed.</w:t></w:r></w:p>"#;
        let (doc, _) = read(Path::new("s.docx"), &docx(body, None)).unwrap();
        assert_eq!(
            doc.body,
            "Storm in Cork\n\nRain hit Cork & Kerry. More.\n\nRoads closed."
        );
        assert_eq!(doc.title.as_deref(), Some("Storm in Cork"));
        let (doc, _) = read(Path::new("s.docx"), &docx(body, Some("Weather report"))).unwrap();
        assert_eq!(doc.title.as_deref(), Some("Weather report"));
    }

    #[test]
    fn a_damaged_or_empty_document_is_refused() {
        let bytes = docx("<w:p><w:r><w:t>Rain in Cork.</w:t></w:r></w:p>", None);
        let err = read(Path::new("cut.docx"), &bytes[..bytes.len() / 2]).unwrap_err();
        assert!(matches!(err, ReadError::Corrupt { .. }), "{err}");
        assert!(err.to_string().contains("cut.docx"), "{err}");
        let err = read(Path::new("e.docx"), &docx("<w:p/>", None)).unwrap_err();
        assert!(matches!(err, ReadError::Empty { .. }), "{err}");
    }
}
