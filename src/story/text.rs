//! An article's text, held in memory, mapped read-only from its file, or moved to a
//! [`Spool`]: a file of our own that holds the texts of a collection's articles.
//!
//! Reading a long file costs more than its bytes: every page of the new buffer is touched
//! for the first time (about 6 ms for 10 MB of news on our 2-core machine), where mapping
//! the file takes about 1 ms. So the command line, which reads each file once and exits,
//! maps files of a mebibyte or more. The app always reads into memory: a map lives as long
//! as the story, and a file rewritten under a long-lived map could change text that was
//! checked when it was mapped.
//!
//! A collection of thousands of articles would keep every text in memory, though a reader
//! looks at a few of them. Most texts exist nowhere on disk as they are read (a web page's
//! body, a PDF's paragraphs), so the loader writes them to a [`Spool`]: an unnamed
//! temporary file, removed by the system when the app exits, that no other program can
//! open. Its texts are mapped back read-only, and the memory holds only the pages that the
//! reader looks at.

use std::io::{Seek, Write};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use super::StoryError;

/// Files at least this long are mapped by [`map_article`]; shorter ones are read.
const MAP_FROM_BYTES: u64 = 1 << 20;

/// An article's text. Dereferences to `str`.
pub struct ArticleText(Repr);

enum Repr {
    Owned(String),
    /// Checked as UTF-8 when mapped; `start` skips a byte-order mark.
    Mapped {
        map: memmap2::Mmap,
        start: usize,
    },
    /// Written to a [`Spool`] from a `str`, so UTF-8; `range` is its bytes in `map`.
    Spooled {
        map: Arc<memmap2::Mmap>,
        range: Range<usize>,
    },
}

impl std::ops::Deref for ArticleText {
    type Target = str;

    fn deref(&self) -> &str {
        match &self.0 {
            Repr::Owned(text) => text,
            Repr::Mapped { map, start } => {
                let bytes = map.get(*start..).unwrap_or_default();
                // SAFETY: `map_article` checked that these bytes are UTF-8, and the map is
                // read-only. As with any memory-mapped file, this holds only while no other
                // program rewrites the file in place; the command line maps a file only for
                // the one pass it makes over it.
                unsafe { std::str::from_utf8_unchecked(bytes) }
            }
            Repr::Spooled { map, range } => {
                let bytes = map.get(range.clone()).unwrap_or_default();
                // SAFETY: `Spool::take` wrote these bytes from a `str` to a file that has no
                // name, so that no other program can open it to change them, and mapped
                // them read-only.
                unsafe { std::str::from_utf8_unchecked(bytes) }
            }
        }
    }
}

impl From<String> for ArticleText {
    fn from(text: String) -> ArticleText {
        ArticleText(Repr::Owned(text))
    }
}

impl Clone for ArticleText {
    /// A spooled text is shared, not copied.
    fn clone(&self) -> ArticleText {
        match &self.0 {
            Repr::Spooled { map, range } => ArticleText(Repr::Spooled {
                map: Arc::clone(map),
                range: range.clone(),
            }),
            _ => ArticleText(Repr::Owned(self.to_string())),
        }
    }
}

impl ArticleText {
    /// Whether the text lives in a [`Spool`] rather than in memory of its own.
    pub fn is_spooled(&self) -> bool {
        matches!(self.0, Repr::Spooled { .. })
    }
}

/// A temporary file that holds the texts of many articles, mapped back read-only, so that
/// a collection's texts stay on disk instead of in memory (see the module doc).
pub struct Spool {
    file: std::fs::File,
    /// Bytes written so far: where the next batch starts.
    written: u64,
}

impl Spool {
    /// A new, empty spool in the system's temporary folder.
    pub fn new() -> std::io::Result<Spool> {
        Ok(Spool {
            file: tempfile::tempfile()?,
            written: 0,
        })
    }

    /// Moves the texts held in memory to the spool: they are written one after another and
    /// mapped back as one piece, and each text then reads from the map. If writing or
    /// mapping fails, every text stays as it was, and the error says why.
    pub fn take<'a>(
        &mut self,
        texts: impl IntoIterator<Item = &'a mut ArticleText>,
    ) -> std::io::Result<()> {
        let texts: Vec<&mut ArticleText> = texts
            .into_iter()
            .filter(|text| matches!(text.0, Repr::Owned(_)) && !text.is_empty())
            .collect();
        let mut ranges = Vec::with_capacity(texts.len());
        // After a batch that failed half written, the next one still starts where the
        // last whole one ended.
        (&self.file).seek(std::io::SeekFrom::Start(self.written))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, &self.file);
        let mut length = 0;
        for text in &texts {
            out.write_all(text.as_bytes())?;
            ranges.push(length..length + text.len());
            length += text.len();
        }
        out.flush()?;
        drop(out);
        let start = self.written;
        self.written += length as u64;
        if length == 0 {
            return Ok(());
        }
        // SAFETY: the file is ours alone (see `Repr::Spooled`), and this part of it is
        // never written again: the next batch goes after it.
        let map = unsafe {
            memmap2::MmapOptions::new()
                .offset(start)
                .len(length)
                .map(&self.file)
        }?;
        let map = Arc::new(map);
        for (text, range) in texts.into_iter().zip(ranges) {
            *text = ArticleText(Repr::Spooled {
                map: Arc::clone(&map),
                range,
            });
        }
        Ok(())
    }
}

impl std::fmt::Debug for ArticleText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl PartialEq<str> for ArticleText {
    fn eq(&self, other: &str) -> bool {
        **self == *other
    }
}

impl PartialEq<&str> for ArticleText {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

/// Like [`super::read_article`], with the same checks and messages, but a file of a
/// mebibyte or more is mapped instead of read (see the module doc).
pub fn map_article(path: &Path) -> Result<ArticleText, StoryError> {
    let io_error = super::io_error(path);
    let file = std::fs::File::open(path).map_err(&io_error)?;
    let metadata = file.metadata().map_err(&io_error)?;
    let size = metadata.len();
    if size < MAP_FROM_BYTES || !metadata.is_file() {
        return super::read_article(path).map(ArticleText::from);
    }
    super::check_size(path, size)?;
    // SAFETY: the map is only read; see `ArticleText`'s `Deref` for what the text relies on.
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(&io_error)?;
    let text = super::utf8(path, &map)?;
    let start = super::article_start(path, text)?;
    Ok(ArticleText(Repr::Mapped { map, start }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_file_is_mapped_and_reads_as_its_text_without_the_byte_order_mark() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.txt");
        let body = "Talks in Oslo. ".repeat(80_000);
        std::fs::write(&path, format!("\u{feff}{body}")).unwrap();
        let text = map_article(&path).unwrap();
        assert!(matches!(text.0, Repr::Mapped { .. }));
        assert_eq!(text, body.as_str());
        assert_eq!(text.clone(), body.as_str());
    }

    #[test]
    fn spooled_texts_read_as_they_were_in_batches_and_their_clones_share_the_file() {
        let mut spool = Spool::new().unwrap();
        let mut first: Vec<ArticleText> = ["Talks in Oslo.", "", "Сеул и Пхеньян."]
            .into_iter()
            .map(|t| ArticleText::from(t.to_string()))
            .collect();
        spool.take(first.iter_mut()).unwrap();
        let mut second = [ArticleText::from("Rain in Lima.".repeat(1000))];
        spool.take(second.iter_mut()).unwrap();
        assert_eq!(first[0], "Talks in Oslo.");
        assert!(first[0].is_spooled() && first[2].is_spooled() && second[0].is_spooled());
        assert!(!first[1].is_spooled(), "an empty text needs no spool");
        assert_eq!(first[1], "");
        assert_eq!(first[2], "Сеул и Пхеньян.");
        assert_eq!(second[0], "Rain in Lima.".repeat(1000).as_str());
        let copy = second[0].clone();
        assert!(copy.is_spooled());
        assert_eq!(copy, "Rain in Lima.".repeat(1000).as_str());
        // Spooling a spooled text again leaves it as it is.
        spool.take(first.iter_mut()).unwrap();
        assert_eq!(first[2], "Сеул и Пхеньян.");
    }

    #[test]
    fn a_short_file_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("short.txt");
        std::fs::write(&path, "Talks in Oslo.").unwrap();
        let text = map_article(&path).unwrap();
        assert!(matches!(text.0, Repr::Owned(_)));
        assert_eq!(text, "Talks in Oslo.");
    }

    #[test]
    fn a_long_file_with_a_bad_byte_or_only_blanks_is_refused_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.txt");
        let mut bytes = "a".repeat(1 << 20).into_bytes();
        bytes.push(0xff);
        std::fs::write(&path, &bytes).unwrap();
        let err = map_article(&path).unwrap_err();
        assert!(
            matches!(err, StoryError::NotUtf8 { offset, .. } if offset == 1 << 20),
            "{err}"
        );
        std::fs::write(&path, " \n".repeat(1 << 20)).unwrap();
        let err = map_article(&path).unwrap_err();
        assert!(matches!(err, StoryError::EmptyArticle { .. }), "{err}");
        let err = map_article(&dir.path().join("missing.txt")).unwrap_err();
        assert!(matches!(err, StoryError::NotFound { .. }), "{err}");
    }
}
