//! PDF with a text layer, through `pdf-extract` (on `lopdf`), which gives each character
//! with its position. From those, lines and paragraphs are rebuilt: characters on one
//! baseline make a line; a gap wider than the text's usual line spacing, or a change of
//! type size, starts a paragraph. A header, footer or page number that repeats on the
//! pages is dropped, and a word hyphenated at a line's end is joined again.
//!
//! A PDF with no text (a scan) and an encrypted one are refused with a message that says so.

use std::path::Path;

use super::{Document, ReadError, clean_title};

/// Reads a PDF's bytes.
pub fn read(path: &Path, bytes: &[u8]) -> Result<(Document, Vec<String>), ReadError> {
    let corrupt = |detail: String| ReadError::Corrupt {
        path: path.to_owned(),
        what: "PDF",
        detail,
    };
    // pdf-extract and lopdf assume well-formed files in places (they index and unwrap); a
    // damaged file must give a message, not end the program.
    let (pages, title_property) = quietly_catching_panics(|| extract_pages(path, bytes))
        .unwrap_or_else(|| Err(corrupt("its structure could not be followed".to_owned())))?;
    if pages.is_empty() {
        return Err(corrupt("it has no pages".to_owned()));
    }
    let glyphs: usize = pages.iter().flatten().map(|l| l.text.len()).sum();
    if glyphs == 0 {
        return Err(ReadError::NoTextLayer {
            path: path.to_owned(),
        });
    }
    let pages = drop_running_lines(pages);
    let body = paragraphs(&pages);
    if body.split_whitespace().count() == 0 {
        return Err(ReadError::NoTextLayer {
            path: path.to_owned(),
        });
    }
    let title = title_property.or_else(|| largest_line(&pages));
    Ok((
        Document {
            title,
            body,
            ..Document::default()
        },
        Vec::new(),
    ))
}

/// One line of text on a page: its characters, its baseline (PDF units, up is positive),
/// where it starts and ends, and its type size.
#[derive(Clone, Debug, Default)]
struct Line {
    text: String,
    y: f64,
    x_start: f64,
    x_end: f64,
    size: f64,
}

/// The pages' lines, and the document's own title, from one load of the file.
fn extract_pages(path: &Path, bytes: &[u8]) -> Result<(Vec<Vec<Line>>, Option<String>), ReadError> {
    let mut doc = pdf_extract::Document::load_mem(bytes).map_err(|err| match err {
        pdf_extract::Error::Decryption(_) => ReadError::Encrypted {
            path: path.to_owned(),
        },
        err => ReadError::Corrupt {
            path: path.to_owned(),
            what: "PDF",
            detail: err.to_string(),
        },
    })?;
    // A PDF with only an owner password opens with the empty user password.
    if doc.is_encrypted() && (doc.decrypt("").is_err() || doc.is_encrypted()) {
        return Err(ReadError::Encrypted {
            path: path.to_owned(),
        });
    }
    let mut collector = Collector::default();
    pdf_extract::output_doc(&doc, &mut collector).map_err(|err| ReadError::Corrupt {
        path: path.to_owned(),
        what: "PDF",
        detail: err.to_string(),
    })?;
    Ok((collector.pages, pdf_title(&doc)))
}

/// Gathers characters into lines, page by page.
#[derive(Default)]
struct Collector {
    pages: Vec<Vec<Line>>,
    line: Option<Line>,
}

impl Collector {
    fn finish_line(&mut self) {
        if let Some(line) = self.line.take()
            && !line.text.trim().is_empty()
            && let Some(page) = self.pages.last_mut()
        {
            page.push(line);
        }
    }
}

impl pdf_extract::OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page: u32,
        _media_box: &pdf_extract::MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        self.finish_line();
        self.pages.push(Vec::new());
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.finish_line();
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), pdf_extract::OutputError> {
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = (font_size * scale).abs().max(0.1);
        let (x, y) = (trm.m31, trm.m32);
        let advance = width * size;
        let same_line = self.line.as_ref().is_some_and(|l| {
            (l.y - y).abs() <= l.size.max(size) * 0.5 && x >= l.x_end - l.size * 2.0
        });
        if !same_line {
            self.finish_line();
            self.line = Some(Line {
                text: String::new(),
                y,
                x_start: x,
                x_end: x,
                size,
            });
        }
        if let Some(line) = self.line.as_mut() {
            let gap = x - line.x_end;
            if !line.text.is_empty()
                && !line.text.ends_with(' ')
                && !text.starts_with(' ')
                && gap > size * 0.15
            {
                line.text.push(' ');
            }
            line.text.push_str(text);
            line.x_end = line.x_end.max(x + advance);
            line.size = line.size.max(size);
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
}

/// A line's text with its digits made alike, so that "Page 2 of 9" and "Page 3 of 9" match.
fn shape(text: &str) -> String {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .map(|c| if c.is_ascii_digit() { '#' } else { c })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a line is nothing but a page number: "7", "- 7 -", "Page 7", "7 of 9", "7/9".
fn is_page_number(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    let rest = lower.strip_prefix("page").unwrap_or(&lower);
    let rest: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
    let rest =
        rest.trim_matches(|c: char| matches!(c, '-' | '–' | '—' | '|' | '[' | ']' | '(' | ')'));
    !rest.is_empty()
        && rest.chars().any(|c| c.is_ascii_digit())
        && rest
            .replace("of", "/")
            .chars()
            .all(|c| c.is_ascii_digit() || c == '/')
}

/// Drops the lines at the top and bottom of the pages that repeat on most pages (running
/// headers and footers, with their page numbers), and page numbers alone on a line.
fn drop_running_lines(pages: Vec<Vec<Line>>) -> Vec<Vec<Line>> {
    const EDGE: usize = 2;
    let edge_shapes = |page: &[Line]| -> Vec<String> {
        let n = page.len();
        page.iter()
            .enumerate()
            .filter(|(i, _)| *i < EDGE || *i + EDGE >= n)
            .map(|(_, l)| shape(&l.text))
            .collect()
    };
    let mut counts = std::collections::HashMap::<String, usize>::new();
    for page in &pages {
        let mut seen = edge_shapes(page);
        seen.sort();
        seen.dedup();
        for s in seen {
            *counts.entry(s).or_default() += 1;
        }
    }
    let page_count = pages.len();
    let repeated =
        |s: &str| page_count >= 2 && counts.get(s).copied().unwrap_or(0) * 2 > page_count;
    pages
        .into_iter()
        .map(|page| {
            let n = page.len();
            page.into_iter()
                .enumerate()
                .filter(|(i, line)| {
                    let at_edge = *i < EDGE || *i + EDGE >= n;
                    !(at_edge && (repeated(&shape(&line.text)) || is_page_number(&line.text)))
                })
                .map(|(_, line)| line)
                .collect()
        })
        .collect()
}

/// The pages' lines as paragraphs. A paragraph ends where the gap to the next line is
/// clearly wider than the usual line spacing, where the type size changes, where a line is
/// indented below one that is not, or where a line
/// that ends a sentence stops well short of the text's right edge. A paragraph that does
/// not end a sentence at the foot of a page goes on at the top of the next.
fn paragraphs(pages: &[Vec<Line>]) -> String {
    let mut gaps: Vec<f64> = pages
        .iter()
        .flat_map(|page| page.windows(2).map(|w| w[0].y - w[1].y))
        .filter(|gap| *gap > 0.0)
        .collect();
    gaps.sort_by(f64::total_cmp);
    let usual_gap = gaps.get(gaps.len() / 2).copied().unwrap_or(0.0);
    let right_edge = pages
        .iter()
        .flatten()
        .map(|l| l.x_end)
        .fold(f64::MIN, f64::max);
    let left_edge = pages
        .iter()
        .flatten()
        .map(|l| l.x_start)
        .fold(f64::MAX, f64::min);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut previous: Option<&Line> = None;
    for page in pages {
        for (index, line) in page.iter().enumerate() {
            let text = line.text.trim();
            let breaks = match previous {
                None => false,
                Some(prev) if index == 0 => ends_sentence(&prev.text),
                Some(prev) => {
                    let gap = prev.y - line.y;
                    let size_changed =
                        (prev.size - line.size).abs() > prev.size.min(line.size) * 0.15;
                    let short =
                        right_edge - prev.x_end > prev.size * 4.0 && ends_sentence(&prev.text);
                    let indented = line.x_start - left_edge > line.size
                        && (prev.x_start - left_edge).abs() < prev.size * 0.5;
                    gap < 0.0
                        || indented
                        || (usual_gap > 0.0 && gap > usual_gap * 1.3)
                        || size_changed
                        || short
                }
            };
            if breaks && !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            join_line(&mut current, text);
            previous = Some(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    super::join_paragraphs(paragraphs.iter().map(String::as_str))
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', ':', '"', '”', '’', ')'])
}

/// Appends `line` to a paragraph: a word hyphenated at the line's end ("infra-" then
/// "structure") is joined again; other lines are joined with a space.
fn join_line(paragraph: &mut String, line: &str) {
    if paragraph.is_empty() {
        paragraph.push_str(line);
        return;
    }
    let hyphenated = paragraph.ends_with(['-', '\u{ad}'])
        && paragraph
            .trim_end_matches(['-', '\u{ad}'])
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
        && line.chars().next().is_some_and(char::is_lowercase);
    if hyphenated {
        paragraph.pop();
    } else {
        paragraph.push(' ');
    }
    paragraph.push_str(line);
}

/// The first page's line in the largest type, as a title, if it is short.
fn largest_line(pages: &[Vec<Line>]) -> Option<String> {
    let first = pages.iter().find(|p| !p.is_empty())?;
    let largest = first.iter().max_by(|a, b| a.size.total_cmp(&b.size))?;
    let body_size = {
        let mut sizes: Vec<f64> = first.iter().map(|l| l.size).collect();
        sizes.sort_by(f64::total_cmp);
        sizes[sizes.len() / 2]
    };
    (largest.size > body_size * 1.1 && largest.text.chars().count() <= 150)
        .then(|| clean_title(&largest.text))
        .flatten()
}

/// The document's own title (its Info dictionary), if it has one.
fn pdf_title(doc: &pdf_extract::Document) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let info = match info.as_reference() {
        Ok(id) => doc.get_object(id).ok()?,
        Err(_) => info,
    };
    let title = info.as_dict().ok()?.get(b"Title").ok()?.as_str().ok()?;
    clean_title(&decode_pdf_string(title))
}

/// A PDF text string: UTF-16BE with a byte-order mark, UTF-8 with one, or PDFDocEncoding
/// (close enough to Latin-1 for titles).
fn decode_pdf_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        return encoding_rs::UTF_16BE
            .decode_without_bom_handling(rest)
            .0
            .into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic in it into `None`, without the panic's message on standard
/// error (other threads' panics are reported as usual).
fn quietly_catching_panics<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, y: f64) -> Line {
        Line {
            text: text.into(),
            y,
            x_start: 72.0,
            x_end: 72.0 + 5.0 * text.len() as f64,
            size: 10.0,
        }
    }

    #[test]
    fn hyphenated_words_are_joined_and_lines_made_paragraphs() {
        let page = vec![
            line("The port's new infra-", 700.0),
            line("structure opened on Monday in a long line here.", 688.0),
            line("A second paragraph starts after a wider gap.", 664.0),
            line("A well-known name keeps its hyphen.", 652.0),
        ];
        let text = paragraphs(&[page]);
        assert_eq!(
            text,
            "The port's new infrastructure opened on Monday in a long line here.\n\n\
             A second paragraph starts after a wider gap. A well-known name keeps its hyphen."
        );
    }

    #[test]
    fn running_headers_footers_and_page_numbers_are_dropped() {
        let bodies = [
            [
                "Ships waited off Hamburg.",
                "Cranes stood idle.",
                "Talks went on.",
            ],
            [
                "Rail traffic grew.",
                "Lorries queued at the gates.",
                "Fees rose.",
            ],
            [
                "A new berth opened.",
                "Dredging ran late.",
                "The year ended well.",
            ],
        ];
        let pages: Vec<Vec<Line>> = bodies
            .iter()
            .enumerate()
            .map(|(n, body)| {
                let mut page = vec![line("Harbour Review", 800.0)];
                page.extend(
                    body.iter()
                        .enumerate()
                        .map(|(i, t)| line(t, 700.0 - 12.0 * i as f64)),
                );
                page.push(line(&format!("Page {} of 3", n + 1), 40.0));
                page
            })
            .collect();
        let pages = drop_running_lines(pages);
        for (page, body) in pages.iter().zip(&bodies) {
            let texts: Vec<&str> = page.iter().map(|l| l.text.as_str()).collect();
            assert_eq!(texts, body);
        }
        assert!(is_page_number("- 12 -"));
        assert!(is_page_number("3/10"));
        assert!(!is_page_number("2024 was a year"));
    }

    #[test]
    fn garbage_and_truncated_files_are_refused_without_panicking() {
        let err = read(Path::new("x.pdf"), b"%PDF-1.4\n1 0 obj <<").unwrap_err();
        assert!(matches!(err, ReadError::Corrupt { .. }), "{err}");
    }
}
