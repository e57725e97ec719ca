//! A story: an article and its places, with every mention and excerpt worked out.
//!
//! A story lives in a folder holding the article's text and a `places.json` (see
//! [`places`] for the format). Loading reads and checks both, splits the text into
//! sentences and finds each place's mentions, so the UI and the command line only read.

pub mod export;
pub mod geoparsed;
pub mod mentions;
pub mod places;
pub mod sentences;
pub mod text;

use std::ops::Range;
use std::path::{Path, PathBuf};

pub use mentions::{Mention, MentionFinder};
pub use places::{Candidate, GeoparseInfo, Place, PlaceKind, PlaceProblem, PlacesFile};
pub use sentences::Sentence;
pub use text::{ArticleText, Spool, map_article};

/// The largest article we read, in bytes. Longer files are refused with a clear message.
pub const MAX_ARTICLE_BYTES: u64 = 64 * 1024 * 1024;

/// The name of a story folder's places file.
pub const PLACES_FILE_NAME: &str = "places.json";

/// Why a story could not be loaded. Each message names the file and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoryError {
    /// The path does not exist.
    #[error(
        "{}: no such file or folder; pass a story folder, a places.json or an article (.txt, .md)",
        path.display()
    )]
    NotFound {
        /// The missing path.
        path: PathBuf,
    },
    /// A folder without a places file.
    #[error(
        "{}: this folder has no {PLACES_FILE_NAME}; a story folder holds the article and its {PLACES_FILE_NAME}",
        dir.display()
    )]
    NoPlacesFile {
        /// The folder.
        dir: PathBuf,
    },
    /// The operating system refused to read the file.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The places file is not valid JSON, or does not have the expected fields.
    #[error("{}:{line}:{column}: {message}; see the places.json format in README.md", path.display())]
    Json {
        /// The places file.
        path: PathBuf,
        /// One-based line of the error.
        line: usize,
        /// One-based column of the error.
        column: usize,
        /// What the parser expected or found.
        message: String,
    },
    /// The places file parsed, but a place is wrong.
    #[error("{}: {problem}", path.display())]
    Places {
        /// The places file.
        path: PathBuf,
        /// What is wrong.
        problem: PlaceProblem,
    },
    /// The article is not UTF-8 text.
    #[error(
        "{}: not UTF-8 text (invalid byte at offset {offset}); save the article as UTF-8",
        path.display()
    )]
    NotUtf8 {
        /// The article.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The article has no text.
    #[error("{}: the article is empty; there is nothing to map", path.display())]
    EmptyArticle {
        /// The article.
        path: PathBuf,
    },
    /// The bundled gazetteer could not be loaded, so an article cannot be geoparsed.
    #[error("cannot find places without the gazetteer: {message}")]
    Gazetteer {
        /// What went wrong, naming the file.
        message: String,
    },
    /// A save would overwrite a file the story was not loaded from.
    #[error(
        "{}: already exists; choose another folder, or confirm that it may be replaced (the old file is kept as .bak)",
        path.display()
    )]
    WouldOverwrite {
        /// The existing file.
        path: PathBuf,
    },
    /// The article's file could not be read (its format, damage, no text).
    #[error(transparent)]
    Read(#[from] crate::readers::ReadError),
    /// A places file names an article outside its own folder.
    #[error(
        "{}: the article {article:?} is outside the story's folder; name a file inside it, \
         such as \"article.txt\"",
        path.display()
    )]
    OutsideFolder {
        /// The places file.
        path: PathBuf,
        /// The path it gave.
        article: String,
    },
    /// The file is larger than we read.
    #[error(
        "{}: {size} bytes is over the limit of {limit} bytes (64 MiB); split the text into smaller files",
        path.display()
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// [`MAX_ARTICLE_BYTES`].
        limit: u64,
    },
}

/// A sentence of the article that mentions a place, with the mentions in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    /// Index into [`Story::sentences`].
    pub sentence: usize,
    /// Byte spans of the place's mentions inside the sentence, in article offsets.
    pub highlights: Vec<Range<usize>>,
}

/// A loaded, analysed story.
#[derive(Clone, Debug)]
pub struct Story {
    /// The story's title.
    pub title: String,
    /// When the article was published, if its file says (as the file gives it, usually
    /// ISO 8601).
    pub published: Option<String>,
    /// Who wrote the article, if its file says.
    pub byline: Option<String>,
    /// The article's address on the web (a page's canonical URL, a feed item's link).
    pub url: Option<String>,
    /// Where the article's text came from.
    pub article_path: PathBuf,
    /// Where the places came from; `None` for places found by the geoparser.
    pub places_path: Option<PathBuf>,
    /// The article's full text.
    pub text: ArticleText,
    /// The places, in the order of the places file.
    pub places: Vec<Place>,
    /// The article's paragraphs as byte spans, in reading order.
    pub paragraphs: Vec<Range<usize>>,
    /// The article's sentences, in reading order.
    pub sentences: Vec<Sentence>,
    /// Every mention of every place, in reading order. Call [`Story::reindex`] after
    /// changing it.
    pub mentions: Vec<Mention>,
    /// For each place, the indices of its mentions: kept so that per-place lookups do not
    /// scan every mention.
    by_place: Vec<Vec<usize>>,
    /// Things worth telling the user that do not stop the story from loading.
    pub warnings: Vec<String>,
}

impl Story {
    /// Loads a story from a folder (with a `places.json`), from a places file, or from a
    /// bare article (any other file, or a folder holding only `article.txt`), whose places
    /// the geoparser finds. Curated places take precedence over the geoparser.
    pub fn load(path: &Path) -> Result<Story, StoryError> {
        if !path.exists() {
            return Err(StoryError::NotFound {
                path: path.to_owned(),
            });
        }
        let places_path = if path.is_dir() {
            let candidate = path.join(PLACES_FILE_NAME);
            if !candidate.is_file() {
                let article = path.join("article.txt");
                if article.is_file() {
                    return Story::from_article(&article);
                }
                if let Some(document) = single_document_in(path) {
                    return Story::from_article(&document);
                }
                return Err(StoryError::NoPlacesFile {
                    dir: path.to_owned(),
                });
            }
            candidate
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            && !is_json_feed(path)
        {
            path.to_owned()
        } else {
            return Story::from_article(path);
        };
        let places_json = read_text(&places_path)?;
        let file: PlacesFile = parse_places_json(&places_path, &places_json)?;
        places::validate(&file.places).map_err(|problem| StoryError::Places {
            path: places_path.clone(),
            problem,
        })?;
        let article_path = inside_folder(&places_path, &file.article)?;
        let text = read_article(&article_path)?;
        let title = file
            .title
            .clone()
            .unwrap_or_else(|| default_title(&places_path));
        let mut story = Story::new(title, article_path, text, file.places);
        story.places_path = Some(places_path);
        Ok(story)
    }

    /// Analyses `text` with the given places: sentences, mentions and warnings.
    pub fn new(title: String, article_path: PathBuf, text: String, places: Vec<Place>) -> Story {
        let mentions = MentionFinder::new(&places).find(&text);
        Story::from_parts(title, article_path, text, places, mentions)
    }

    /// A story whose mentions are already known (found by the geoparser), sorted by start.
    pub fn from_parts(
        title: String,
        article_path: PathBuf,
        text: String,
        places: Vec<Place>,
        mentions: Vec<Mention>,
    ) -> Story {
        let (paragraphs, sentences) = sentences::layout(&text);
        Story::from_layout(
            title,
            article_path,
            text.into(),
            places,
            mentions,
            paragraphs,
            sentences,
        )
    }

    /// [`Story::from_parts`] with the paragraphs and sentences already split
    /// ([`sentences::layout`]).
    fn from_layout(
        title: String,
        article_path: PathBuf,
        text: ArticleText,
        places: Vec<Place>,
        mentions: Vec<Mention>,
        paragraphs: Vec<Range<usize>>,
        sentences: Vec<Sentence>,
    ) -> Story {
        let mut story = Story {
            title,
            published: None,
            byline: None,
            url: None,
            article_path,
            places_path: None,
            text,
            places,
            paragraphs,
            sentences,
            mentions,
            by_place: Vec::new(),
            warnings: Vec::new(),
        };
        story.reindex();
        for (index, place) in story.places.iter().enumerate() {
            if story.by_place[index].is_empty() {
                story.warnings.push(format!(
                    "place \"{}\" ({}) is never mentioned in the article; check its name and aliases",
                    place.id, place.name
                ));
            }
        }
        story
    }

    /// The mentions of place `place`, in reading order.
    pub fn mentions_of(&self, place: usize) -> impl Iterator<Item = &Mention> {
        self.by_place
            .get(place)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.mentions.get(i))
    }

    /// Rebuilds the per-place index after `places` or `mentions` changed.
    pub fn reindex(&mut self) {
        // Each list made as long as its count at once: a long text's lists grown by doubling
        // were copied again and again.
        let mut counts = vec![0usize; self.places.len()];
        for mention in &self.mentions {
            if let Some(count) = counts.get_mut(mention.place) {
                *count += 1;
            }
        }
        let mut by_place: Vec<Vec<usize>> = counts.into_iter().map(Vec::with_capacity).collect();
        for (i, mention) in self.mentions.iter().enumerate() {
            if let Some(list) = by_place.get_mut(mention.place) {
                list.push(i);
            }
        }
        self.by_place = by_place;
    }

    /// Index of the sentence that holds byte `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let index = self.sentences.partition_point(|s| s.span.end <= offset);
        self.sentences
            .get(index)
            .filter(|s| s.span.contains(&offset))
            .map(|_| index)
    }

    /// For every mention (by index into `mentions`), the index of the sentence that holds
    /// its start, as [`Story::sentence_at`] gives it. One pass over both lists, as the
    /// mentions are sorted: cheaper than a search per mention on long texts.
    pub fn sentences_of_mentions(&self) -> Vec<Option<usize>> {
        let mut next = 0;
        let mut previous_start = 0;
        self.mentions
            .iter()
            .map(|mention| {
                let offset = mention.span.start;
                if offset < previous_start {
                    next = 0; // not sorted after all: start over
                }
                previous_start = offset;
                while self
                    .sentences
                    .get(next)
                    .is_some_and(|s| s.span.end <= offset)
                {
                    next += 1;
                }
                self.sentences
                    .get(next)
                    .filter(|s| s.span.contains(&offset))
                    .map(|_| next)
            })
            .collect()
    }

    /// The indices into `mentions` of the mentions of `place`, in reading order.
    pub fn mention_indices_of(&self, place: usize) -> &[usize] {
        self.by_place.get(place).map_or(&[], Vec::as_slice)
    }

    /// The sentences that mention `place`, in reading order, each with its mentions marked.
    pub fn excerpts_of(&self, place: usize) -> Vec<Excerpt> {
        let mut excerpts: Vec<Excerpt> = Vec::new();
        for mention in self.mentions_of(place) {
            let Some(sentence) = self.sentence_at(mention.span.start) else {
                continue;
            };
            match excerpts.last_mut() {
                Some(last) if last.sentence == sentence => {
                    last.highlights.push(mention.span.clone());
                }
                _ => excerpts.push(Excerpt {
                    sentence,
                    highlights: vec![mention.span.clone()],
                }),
            }
        }
        excerpts
    }

    /// The text of sentence `index`.
    pub fn sentence_text(&self, index: usize) -> &str {
        self.sentences
            .get(index)
            .map_or("", |s| &self.text[s.span.clone()])
    }

    /// Place indices in order of first mention; places never mentioned come last, in file order.
    pub fn places_by_first_mention(&self) -> Vec<usize> {
        let first = |i: usize| {
            self.by_place
                .get(i)
                .and_then(|list| list.first())
                .copied()
                .unwrap_or(usize::MAX)
        };
        let mut order: Vec<usize> = (0..self.places.len()).collect();
        order.sort_by_key(|&i| (first(i), i));
        order
    }

    /// Index of the place with id `id`.
    pub fn place_index(&self, id: &str) -> Option<usize> {
        self.places.iter().position(|p| p.id == id)
    }
}

/// The bundled story's folder.
pub fn bundled_story() -> PathBuf {
    let relative = Path::new("data/vladivostok-summit");
    if relative.join(crate::story::PLACES_FILE_NAME).is_file() {
        return relative.to_owned();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// `text` cut to at most `max` characters, with an ellipsis if it was cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// `relative`, a path that the file `named_in` names, joined to that file's folder; refused
/// if it is absolute or climbs out of the folder with `..` (a story names only its own
/// files).
pub fn inside_folder(named_in: &Path, relative: &str) -> Result<PathBuf, StoryError> {
    let path = Path::new(relative);
    let mut depth = 0i32;
    let mut ok = !relative.is_empty();
    for component in path.components() {
        match component {
            std::path::Component::Normal(_) => depth += 1,
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                depth -= 1;
                ok &= depth >= 0;
            }
            std::path::Component::RootDir | std::path::Component::Prefix(_) => ok = false,
        }
    }
    if !ok {
        return Err(StoryError::OutsideFolder {
            path: named_in.to_owned(),
            article: relative.to_owned(),
        });
    }
    Ok(named_in.parent().unwrap_or(Path::new(".")).join(path))
}

/// The host of a URL without "www.", for a source line ("dw.com").
pub fn site_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_owned())
}

/// A relative path as a story or collection file names it: its parts joined by `/`, on
/// every platform.
pub fn slash_path(relative: &Path) -> String {
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A serde_json error as `(line, column, message)`, the message without serde's own
/// " at line … column …", for errors that name the file's position themselves.
pub fn json_error_parts(err: &serde_json::Error) -> (usize, usize, String) {
    let full = err.to_string();
    let message = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(message, _)| message)
        .to_owned();
    (err.line(), err.column(), message)
}

/// Whether the `.json` file at `path` is a JSON Feed rather than a places file.
fn is_json_feed(path: &Path) -> bool {
    crate::readers::read_head(path, 2048).is_ok_and(|head| {
        crate::readers::sniff(path, &head, None).is_ok_and(|f| f == crate::readers::Format::Feed)
    })
}

/// The one article in `dir`, if it holds exactly one file of a format we read (a page saved
/// as "Web page, complete" with its `_files` folder, say). Hidden files and folders are
/// not looked at.
fn single_document_in(dir: &Path) -> Option<PathBuf> {
    let mut found = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !path.is_file() {
            continue;
        }
        if crate::readers::Format::from_extension(&path).is_none() || name.ends_with(".bak") {
            continue;
        }
        if found.replace(path).is_some() {
            return None;
        }
    }
    found
}

fn default_title(places_path: &Path) -> String {
    places_path
        .parent()
        .and_then(Path::file_name)
        .map(|name| name.to_string_lossy().replace(['-', '_'], " "))
        .unwrap_or_else(|| "Untitled story".to_owned())
}

/// Parses a places file, turning serde's error into one that names file, line and column.
pub fn parse_places_json(path: &Path, json: &str) -> Result<PlacesFile, StoryError> {
    serde_json::from_str(json).map_err(|err| {
        let (line, column, message) = json_error_parts(&err);
        StoryError::Json {
            path: path.to_owned(),
            line,
            column,
            message,
        }
    })
}

/// What the OS said about reading `path`, as a [`StoryError`]: a missing file is
/// [`StoryError::NotFound`].
fn io_error(path: &Path) -> impl Fn(std::io::Error) -> StoryError + '_ {
    move |source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            StoryError::NotFound {
                path: path.to_owned(),
            }
        } else {
            StoryError::Io {
                path: path.to_owned(),
                source,
            }
        }
    }
}

/// Reads a whole text file, refusing files over [`MAX_ARTICLE_BYTES`] and non-UTF-8 bytes.
pub fn read_text(path: &Path) -> Result<String, StoryError> {
    let io_error = io_error(path);
    check_size(path, std::fs::metadata(path).map_err(&io_error)?.len())?;
    let bytes = std::fs::read(path).map_err(&io_error)?;
    text_from_bytes(path, bytes)
}

/// Refuses a file of `size` bytes if it is over [`MAX_ARTICLE_BYTES`].
fn check_size(path: &Path, size: u64) -> Result<(), StoryError> {
    if size > MAX_ARTICLE_BYTES {
        return Err(StoryError::TooLarge {
            path: path.to_owned(),
            size,
            limit: MAX_ARTICLE_BYTES,
        });
    }
    Ok(())
}

/// Turns bytes into text, naming the first invalid byte's offset if they are not UTF-8.
pub fn text_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<String, StoryError> {
    check_size(path, bytes.len() as u64)?;
    String::from_utf8(bytes).map_err(|err| StoryError::NotUtf8 {
        path: path.to_owned(),
        offset: err.utf8_error().valid_up_to(),
    })
}

/// `bytes` as text, or the offset of the first byte that is not UTF-8. Checked with SIMD
/// (several times faster than the standard library on long texts); the standard check runs
/// only to find the offset of a bad byte.
pub(crate) fn utf8<'b>(path: &Path, bytes: &'b [u8]) -> Result<&'b str, StoryError> {
    simdutf8::basic::from_utf8(bytes).or_else(|_| {
        std::str::from_utf8(bytes).map_err(|err| StoryError::NotUtf8 {
            path: path.to_owned(),
            offset: err.valid_up_to(),
        })
    })
}

/// Reads an article: like [`read_text`], and refuses an empty one. A leading byte-order
/// mark is dropped.
pub fn read_article(path: &Path) -> Result<String, StoryError> {
    let mut text = read_text(path)?;
    let start = article_start(path, &text)?;
    text.drain(..start);
    Ok(text)
}

/// Where an article's text begins: past a leading byte-order mark. An article with nothing
/// but white space in it is refused.
fn article_start(path: &Path, text: &str) -> Result<usize, StoryError> {
    let start = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    if text[start..].trim().is_empty() {
        return Err(StoryError::EmptyArticle {
            path: path.to_owned(),
        });
    }
    Ok(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(id: &str, name: &str) -> Place {
        Place {
            id: id.into(),
            name: name.into(),
            aliases: vec![],
            kind: PlaceKind::City,
            lat: 0.0,
            lon: 0.0,
            note: None,
            geoparsed: None,
        }
    }

    fn story(text: &str, places: Vec<Place>) -> Story {
        Story::new("t".into(), "a.txt".into(), text.into(), places)
    }

    #[test]
    fn two_mentions_in_one_sentence_make_one_excerpt_with_two_highlights() {
        let s = story("Oslo and Oslo. Then Oslo.", vec![place("oslo", "Oslo")]);
        let excerpts = s.excerpts_of(0);
        assert_eq!(excerpts.len(), 2);
        assert_eq!(excerpts[0].highlights, [0..4, 9..13]);
        assert_eq!(s.sentence_text(excerpts[1].sentence), "Then Oslo.");
    }

    #[test]
    fn a_place_never_mentioned_is_a_warning_not_an_error() {
        let s = story("Oslo.", vec![place("oslo", "Oslo"), place("rome", "Rome")]);
        assert_eq!(s.warnings.len(), 1);
        assert!(s.warnings[0].contains("\"rome\""));
    }

    #[test]
    fn places_are_ordered_by_first_mention() {
        let s = story(
            "Rome, then Oslo.",
            vec![
                place("x", "Nowhere"),
                place("oslo", "Oslo"),
                place("rome", "Rome"),
            ],
        );
        assert_eq!(s.places_by_first_mention(), [2, 1, 0]);
    }

    #[test]
    fn shorten_keeps_short_text_and_cuts_long_text_on_a_char_boundary() {
        assert_eq!(shorten("Oslo", 10), "Oslo");
        assert_eq!(shorten("Владивосток", 5), "Влад…");
    }

    #[test]
    fn a_source_is_its_host() {
        assert_eq!(
            site_of("https://www.dw.com/en/a-1").as_deref(),
            Some("dw.com")
        );
        assert_eq!(site_of("").as_deref(), None);
    }

    #[test]
    fn a_places_file_may_name_only_files_inside_its_folder() {
        let named = Path::new("s/places.json");
        assert_eq!(
            inside_folder(named, "article.txt").unwrap(),
            Path::new("s/article.txt")
        );
        assert!(inside_folder(named, "texts/../article.txt").is_ok());
        for outside in ["../../etc/passwd", "/etc/passwd", "a/../../b.txt", ""] {
            let err = inside_folder(named, outside).unwrap_err();
            assert!(
                matches!(err, StoryError::OutsideFolder { .. }),
                "{outside}: {err}"
            );
        }
    }

    #[test]
    fn json_errors_carry_line_and_column_without_repeating_them() {
        let err = parse_places_json(Path::new("p.json"), "{\n  \"article\": 3\n}").unwrap_err();
        let StoryError::Json {
            line,
            column,
            message,
            ..
        } = &err
        else {
            panic!("{err}");
        };
        assert_eq!((*line, *column), (2, 14));
        assert!(message.contains("expected a string"), "{message}");
        assert!(!message.contains("at line"), "{message}");
    }
}
