//! Readers: turn the bytes of a file, in any format that news comes in, into titled article
//! bodies that the geoparser reads.
//!
//! One file per format, each with one job: [`text`] (plain text and Markdown), [`html`]
//! (web pages, through a Readability implementation), [`pdf`] (PDF with a text layer),
//! [`docx`] (Word) and [`feed`] (RSS, Atom and JSON Feed, an article per item). [`decode`]
//! turns bytes in any character set into text. The format is sniffed from the content; the
//! file's extension is only a hint, used when the content could be several things.
//!
//! A reader knows nothing of stories or places: it gives [`Document`]s, and `story` builds a
//! story from a document's body. Every offset elsewhere (mentions, sentences) is a byte
//! offset into [`Document::body`].

pub mod decode;
pub mod docx;
pub mod feed;
pub mod html;
pub mod jsonl;
pub mod pdf;
pub mod text;

use std::path::{Path, PathBuf};

/// The largest file we read, in bytes. Longer files are refused with a clear message.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// One article, as read from a file: its body and what the file says about it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Document {
    /// The headline, if the file gives one.
    pub title: Option<String>,
    /// When it was published, as the file gives it (usually ISO 8601).
    pub published: Option<String>,
    /// Who wrote it.
    pub byline: Option<String>,
    /// Where it lives on the web (a page's canonical URL, a feed item's link).
    pub url: Option<String>,
    /// The article's text: paragraphs separated by a blank line, white space normalised.
    /// This is the text that the geoparser sees.
    pub body: String,
}

/// The formats we read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown, read as plain text.
    Markdown,
    /// An HTML or XHTML web page.
    Html,
    /// A PDF document.
    Pdf,
    /// A Word document (`.docx`).
    Docx,
    /// An RSS, Atom or JSON feed.
    Feed,
}

impl Format {
    /// The format's name as a reader says it.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Text => "plain text",
            Format::Markdown => "Markdown",
            Format::Html => "a web page",
            Format::Pdf => "a PDF",
            Format::Docx => "a Word document",
            Format::Feed => "a news feed",
        }
    }

    /// The format that a file's extension suggests, if any.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" | "xhtml" | "shtml" => Format::Html,
            "pdf" => Format::Pdf,
            "docx" => Format::Docx,
            "rss" | "atom" | "xml" | "feed" => Format::Feed,
            "json" => Format::Feed,
            _ => return None,
        })
    }
}

/// What a file held: one article, or a feed's items.
#[derive(Clone, Debug)]
pub struct Read {
    /// The format the content turned out to be.
    pub format: Format,
    /// The articles: one, or a feed's items in the feed's order (never empty).
    pub documents: Vec<Document>,
    /// A feed's own title.
    pub feed_title: Option<String>,
    /// Things worth telling the reader that did not stop the reading.
    pub warnings: Vec<String>,
}

/// Why a file could not be read. Each message names the file and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The path does not exist.
    #[error("{}: no such file or folder", path.display())]
    NotFound {
        /// The missing path.
        path: PathBuf,
    },
    /// The operating system refused to read the file.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The file is larger than we read.
    #[error(
        "{}: {size} bytes is over the limit of {MAX_FILE_BYTES} bytes (64 MiB); split it into smaller files",
        path.display()
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
    },
    /// Nothing but white space.
    #[error("{}: the article is empty; there is nothing to map", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// A web page with no article in it.
    #[error(
        "{}: no article found in this web page (a login page, a list of links, or a page that \
         its scripts fill in); open the article's own page, saved after it has loaded, or paste \
         its text with File → Paste an article",
        path.display()
    )]
    NoArticle {
        /// The page.
        path: PathBuf,
    },
    /// A PDF whose pages are images.
    #[error(
        "{}: this PDF has no text layer (a scan or photographed pages); Article Map does not \
         read text from images: run it through OCR first (for example `ocrmypdf in.pdf out.pdf`)",
        path.display()
    )]
    NoTextLayer {
        /// The PDF.
        path: PathBuf,
    },
    /// A PDF locked with a password.
    #[error(
        "{}: this PDF is encrypted; open it in a PDF reader with its password and save or print \
         an unprotected copy",
        path.display()
    )]
    Encrypted {
        /// The PDF.
        path: PathBuf,
    },
    /// A feed with no items.
    #[error("{}: this feed has no items; there is no article to map", path.display())]
    EmptyFeed {
        /// The feed.
        path: PathBuf,
    },
    /// A file of a known format that is damaged or cut short.
    #[error(
        "{}: cannot read this {what}: {detail}; the file may be truncated or damaged: download \
         or export it again",
        path.display()
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// The format, as "PDF", "Word document", "feed".
        what: &'static str,
        /// What the parser said.
        detail: String,
    },
    /// A file that is not an article in any format we read.
    #[error(
        "{}: this is {what}, not an article; Article Map reads text, Markdown, web pages \
         (.html), PDF, Word (.docx) and RSS, Atom or JSON feeds",
        path.display()
    )]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// What it looks like ("a PNG image", "binary data").
        what: String,
    },
}

impl ReadError {
    /// The error for an OS error on `path`: a missing file is [`ReadError::NotFound`].
    pub fn io(path: &Path, source: std::io::Error) -> ReadError {
        if source.kind() == std::io::ErrorKind::NotFound {
            ReadError::NotFound {
                path: path.to_owned(),
            }
        } else {
            ReadError::Io {
                path: path.to_owned(),
                source,
            }
        }
    }
}

/// Reads the file at `path`, of any format we read.
pub fn read_path(path: &Path) -> Result<Read, ReadError> {
    let metadata = std::fs::metadata(path).map_err(|err| ReadError::io(path, err))?;
    if metadata.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: path.to_owned(),
            size: metadata.len(),
        });
    }
    let bytes = std::fs::read(path).map_err(|err| ReadError::io(path, err))?;
    read_bytes(path, &bytes)
}

/// The first `max` bytes of the file at `path` (fewer if it is shorter): enough to sniff.
pub fn read_head(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| std::io::Read::read_to_end(&mut std::io::Read::take(file, max), &mut head))
        .map_err(|err| ReadError::io(path, err))?;
    Ok(head)
}

/// Reads at most [`MAX_FILE_BYTES`] from `reader` (standard input, say), refusing more.
pub fn read_limited(path: &Path, reader: impl std::io::Read) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut reader.take(MAX_FILE_BYTES + 1), &mut bytes)
        .map_err(|err| ReadError::io(path, err))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: path.to_owned(),
            size: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// Reads `bytes`, the content of the file `path` (which names it in messages and gives a
/// hint of its format), of any format we read.
pub fn read_bytes(path: &Path, bytes: &[u8]) -> Result<Read, ReadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: path.to_owned(),
            size: bytes.len() as u64,
        });
    }
    let hint = Format::from_extension(path);
    let format = sniff(path, bytes, hint)?;
    let mut warnings = Vec::new();
    if let Some(hint) = hint
        && hint != format
        && !(matches!(hint, Format::Text | Format::Markdown)
            && matches!(format, Format::Text | Format::Markdown))
    {
        warnings.push(format!(
            "{}: the name says {}, but this is {}; read as {}",
            path.display(),
            hint.describe(),
            format.describe(),
            format.describe()
        ));
    }
    let mut read = match format {
        Format::Text | Format::Markdown => one(format, text::read(path, bytes)?),
        Format::Html => one(format, html::read(path, bytes)?),
        Format::Pdf => one(format, pdf::read(path, bytes)?),
        Format::Docx => one(format, docx::read(path, bytes)?),
        Format::Feed => feed::read(path, bytes)?,
    };
    warnings.append(&mut read.warnings);
    read.warnings = warnings;
    Ok(read)
}

fn one(format: Format, (document, warnings): (Document, Vec<String>)) -> Read {
    Read {
        format,
        documents: vec![document],
        feed_title: None,
        warnings,
    }
}

/// The format of `bytes`, from their content; `hint` (from the file's name) decides only
/// between plain text and Markdown. A file that is none of ours is refused, named as what it
/// looks like.
pub fn sniff(path: &Path, bytes: &[u8], hint: Option<Format>) -> Result<Format, ReadError> {
    let unsupported = |what: &str| {
        Err(ReadError::Unsupported {
            path: path.to_owned(),
            what: what.to_owned(),
        })
    };
    // Binary signatures first.
    if bytes.starts_with(b"%PDF-") || find_near_start(bytes, b"%PDF-", 1024) {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        if memchr::memmem::find(bytes, b"word/").is_some() {
            return Ok(Format::Docx);
        }
        if memchr::memmem::find(bytes, b"ppt/").is_some() {
            return unsupported("a PowerPoint presentation");
        }
        if memchr::memmem::find(bytes, b"xl/").is_some() {
            return unsupported("an Excel spreadsheet");
        }
        if memchr::memmem::find(bytes, b"mimetypeapplication/epub").is_some() {
            return unsupported("an EPUB book");
        }
        return unsupported("a ZIP archive");
    }
    for (magic, what) in [
        (&b"\x89PNG"[..], "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (
            b"\xd0\xcf\x11\xe0",
            "an old Word or Office file (.doc); save it as .docx",
        ),
        (b"{\\rtf", "an RTF document; save it as .docx or plain text"),
        (b"\x1f\x8b", "a gzip archive"),
        (b"\x7fELF", "a program"),
        (b"OggS", "an audio file"),
        (b"ID3", "an audio file"),
    ] {
        if bytes.starts_with(magic) {
            return unsupported(what);
        }
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return unsupported("a video or image file");
    }
    if bytes.starts_with(b"RIFF") {
        return unsupported("an audio, video or image file");
    }
    let utf16 = bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff");
    let head = &bytes[..bytes.len().min(4096)];
    if !utf16 && looks_binary(head) {
        return unsupported("binary data");
    }
    // Markup: look at the first tag, past a byte-order mark, white space and comments.
    let head_text = decode::head_ascii_lowercase(bytes, 2048);
    let start = head_text.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with('{') && head_text.contains("jsonfeed.org/version") {
        return Ok(Format::Feed);
    }
    if let Some(tag) = first_tag(start) {
        if ["rss", "feed", "rdf:rdf"].contains(&tag.as_str()) {
            return Ok(Format::Feed);
        }
        if [
            "html", "head", "body", "!doctype", "meta", "title", "div", "article", "p",
        ]
        .contains(&tag.as_str())
        {
            return Ok(Format::Html);
        }
    }
    if start.starts_with('<') && head_text.contains("<html") {
        return Ok(Format::Html);
    }
    Ok(match hint {
        Some(Format::Markdown) => Format::Markdown,
        _ => Format::Text,
    })
}

/// Whether `needle` occurs in the first `within` bytes (a PDF may have junk before its
/// signature).
fn find_near_start(bytes: &[u8], needle: &[u8], within: usize) -> bool {
    memchr::memmem::find(&bytes[..bytes.len().min(within)], needle).is_some()
}

/// Whether a file's first bytes are binary: a NUL, or many control characters.
fn looks_binary(head: &[u8]) -> bool {
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    control * 20 > head.len().max(1)
}

/// The name of the first real tag of markup (`<?xml …?>` and comments skipped), lowercase.
fn first_tag(mut text: &str) -> Option<String> {
    loop {
        text = text.trim_start();
        if let Some(rest) = text.strip_prefix("<?") {
            text = rest.split_once("?>")?.1;
        } else if let Some(rest) = text.strip_prefix("<!--") {
            text = rest.split_once("-->")?.1;
        } else if let Some(rest) = text.strip_prefix('<') {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '!' | '-'))
                .collect();
            return (!name.is_empty()).then_some(name);
        } else {
            return None;
        }
    }
}

/// Normalises white space in extracted text: each of `paragraphs` has its runs of white
/// space made one space and is trimmed, and they are separated by one blank line. Empty
/// paragraphs are dropped.
pub fn join_paragraphs<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> String {
    let mut body = String::new();
    for paragraph in paragraphs {
        let mut clean = String::with_capacity(paragraph.len());
        for word in paragraph.split_whitespace() {
            if !clean.is_empty() {
                clean.push(' ');
            }
            clean.push_str(word);
        }
        if clean.is_empty() {
            continue;
        }
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        body.push_str(&clean);
    }
    body
}

/// Month names, for reading and writing dates.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A title cleaned for display: white space normalised; `None` if empty.
pub fn clean_title(title: &str) -> Option<String> {
    let clean = join_paragraphs([title]);
    (!clean.is_empty()).then_some(clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniffed(bytes: &[u8], name: &str) -> Result<Format, ReadError> {
        let path = Path::new(name);
        sniff(path, bytes, Format::from_extension(path))
    }

    #[test]
    fn formats_are_sniffed_from_the_content_not_the_name() {
        assert_eq!(sniffed(b"%PDF-1.7\n...", "a.txt").unwrap(), Format::Pdf);
        assert_eq!(
            sniffed(b"<!DOCTYPE html><html><p>Hi", "a.pdf").unwrap(),
            Format::Html
        );
        assert_eq!(
            sniffed(
                b"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- x --><rss>",
                "a.html"
            )
            .unwrap(),
            Format::Feed
        );
        assert_eq!(
            sniffed(b"<?xml version='1.0'?><feed xmlns=''>", "x").unwrap(),
            Format::Feed
        );
        assert_eq!(
            sniffed(
                br#"{"version": "https://jsonfeed.org/version/1.1", "items": []}"#,
                "f.json"
            )
            .unwrap(),
            Format::Feed
        );
        assert_eq!(sniffed(b"Talks in Oslo.", "a.docx").unwrap(), Format::Text);
        assert_eq!(
            sniffed(b"# Oslo\n\nTalks.", "a.md").unwrap(),
            Format::Markdown
        );
        assert_eq!(
            sniffed(b"<?xml version='1.0'?><html xmlns='x'>", "a.xhtml").unwrap(),
            Format::Html
        );
    }

    #[test]
    fn files_that_are_not_articles_are_named_as_what_they_are() {
        let err = sniffed(b"\x89PNG\r\n\x1a\n\0\0", "photo.html").unwrap_err();
        assert!(err.to_string().contains("a PNG image"), "{err}");
        assert!(err.to_string().contains("photo.html"), "{err}");
        let err = sniffed(b"PK\x03\x04xl/workbook.xml", "a.docx").unwrap_err();
        assert!(err.to_string().contains("Excel"), "{err}");
        let err = sniffed(b"\x01\x02\x03\x00\x05", "a.txt").unwrap_err();
        assert!(err.to_string().contains("binary"), "{err}");
    }

    #[test]
    fn a_misleading_name_is_a_warning_and_the_content_wins() {
        let read = read_bytes(Path::new("story.docx"), b"Talks opened in Oslo today.").unwrap();
        assert_eq!(read.format, Format::Text);
        assert_eq!(read.documents[0].body, "Talks opened in Oslo today.");
        assert!(
            read.warnings[0].contains("Word document"),
            "{:?}",
            read.warnings
        );
    }

    #[test]
    fn paragraphs_are_joined_with_blank_lines_and_white_space_normalised() {
        assert_eq!(
            join_paragraphs(["  Talks \t in\nOslo. ", "", "\n", "More  here."]),
            "Talks in Oslo.\n\nMore here."
        );
    }
}
