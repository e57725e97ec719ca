//! An article's text, held in memory or mapped read-only from its file.
//!
//! Reading a long file costs more than its bytes: every page of the new buffer is touched
//! for the first time (about 6 ms for 10 MB of news on our 2-core machine), where mapping
//! the file takes about 1 ms. So the command line, which reads each file once and exits,
//! maps files of a mebibyte or more. The app always reads into memory: a map lives as long
//! as the story, and a file rewritten under a long-lived map could change text that was
//! checked when it was mapped.

use std::path::Path;

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
        }
    }
}

impl From<String> for ArticleText {
    fn from(text: String) -> ArticleText {
        ArticleText(Repr::Owned(text))
    }
}

impl Clone for ArticleText {
    fn clone(&self) -> ArticleText {
        ArticleText(Repr::Owned(self.to_string()))
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
