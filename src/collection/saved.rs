//! `collection.json`: a collection's articles with each file's SHA-256, their resolved
//! places and mentions, and the reader's corrections. Reopening the folder reuses the places
//! of every article whose file is unchanged, so that only changed articles are geoparsed
//! again.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::load::COLLECTION_FILE_NAME;
use super::{Article, Collection, Correction};
use crate::readers::Document;
use crate::story::{Mention, Place, Story, StoryError};

/// The format's version; a file of another version is reported and left alone.
pub const VERSION: u32 = 1;

/// The contents of a `collection.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedCollection {
    /// [`VERSION`].
    pub version: u32,
    /// The collection's name.
    pub title: String,
    /// Every readable article.
    pub articles: Vec<SavedArticle>,
    /// The reader's corrections, in the order made.
    #[serde(default)]
    pub corrections: Vec<Correction>,
}

/// One article of a `collection.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedArticle {
    /// Its id in the collection.
    pub id: String,
    /// Its file, relative to the folder, with `/` between folders.
    pub path: String,
    /// The SHA-256 of the file when it was saved, in hex.
    pub sha256: String,
    /// Its headline.
    pub title: String,
    /// When it was published, as its file gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Its places, corrections applied.
    pub places: Vec<Place>,
    /// Its mentions as `[place, start, end]`: an index into `places`, and byte offsets into
    /// the article's body.
    pub mentions: Vec<[usize; 3]>,
}

/// Why a `collection.json` could not be used. The file is left as it is.
#[derive(Debug, thiserror::Error)]
pub enum SavedError {
    /// Not JSON, or not the expected fields.
    #[error(
        "{}:{line}:{column}: {message}; the collection opens without it, and the file is left as it is",
        path.display()
    )]
    Json {
        /// The file.
        path: PathBuf,
        /// One-based line.
        line: usize,
        /// One-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// Written by another version of the app.
    #[error(
        "{}: version {found}, but this app reads version {VERSION}; the collection opens without it, and the file is left as it is",
        path.display()
    )]
    Version {
        /// The file.
        path: PathBuf,
        /// The version it says.
        found: u32,
    },
    /// An article's path is absolute or climbs out of the folder.
    #[error(
        "{}: the article path {article:?} is outside the collection's folder; the collection opens without the file",
        path.display()
    )]
    OutsideFolder {
        /// The file.
        path: PathBuf,
        /// The path it gave.
        article: String,
    },
    /// The operating system refused.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What it said.
        source: std::io::Error,
    },
}

/// Reads `folder`'s `collection.json`, if it has one.
pub fn read(folder: &Path) -> Result<Option<SavedCollection>, SavedError> {
    let path = folder.join(COLLECTION_FILE_NAME);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(SavedError::Io { path, source }),
    };
    // The version first, so that a file from another version is named as such rather than
    // by its first unknown field.
    #[derive(Deserialize)]
    struct Version {
        version: u32,
    }
    if let Ok(Version { version }) = serde_json::from_str::<Version>(&text)
        && version != VERSION
    {
        return Err(SavedError::Version {
            path,
            found: version,
        });
    }
    let saved: SavedCollection = serde_json::from_str(&text).map_err(|err| {
        let (line, column, message) = crate::story::json_error_parts(&err);
        SavedError::Json {
            path: path.clone(),
            line,
            column,
            message,
        }
    })?;
    for article in &saved.articles {
        if crate::story::inside_folder(&path, &article.path).is_err() {
            return Err(SavedError::OutsideFolder {
                path,
                article: article.path.clone(),
            });
        }
    }
    Ok(Some(saved))
}

/// What `collection` would save.
pub fn to_saved(collection: &Collection) -> SavedCollection {
    let folder = collection.folder.as_deref();
    SavedCollection {
        version: VERSION,
        title: collection.title.clone(),
        articles: collection
            .articles
            .iter()
            .filter(|a| a.problem.is_none())
            .filter_map(|a| {
                Some(SavedArticle {
                    id: a.id.clone(),
                    path: crate::story::slash_path(
                        a.story.article_path.strip_prefix(folder?).ok()?,
                    ),
                    sha256: a.sha256.clone()?,
                    title: a.story.title.clone(),
                    published: a.story.published.clone(),
                    places: a.story.places.clone(),
                    mentions: a
                        .story
                        .mentions
                        .iter()
                        .map(|m| [m.place, m.span.start, m.span.end])
                        .collect(),
                })
            })
            .collect(),
        corrections: collection.corrections.clone(),
    }
}

/// Writes `collection.json` into the collection's folder, atomically. An existing one is
/// replaced only with `overwrite` (the app asks first), and then kept as `.bak`.
pub fn save(collection: &Collection, overwrite: bool) -> Result<PathBuf, StoryError> {
    let Some(folder) = &collection.folder else {
        return Err(StoryError::Io {
            path: PathBuf::from(COLLECTION_FILE_NAME),
            source: std::io::Error::other(
                "this collection was not opened from one folder; open the folder to save it",
            ),
        });
    };
    let path = folder.join(COLLECTION_FILE_NAME);
    if path.exists() && !overwrite {
        return Err(StoryError::WouldOverwrite { path });
    }
    let json = serde_json::to_vec_pretty(&to_saved(collection)).map_err(|err| StoryError::Io {
        path: path.clone(),
        source: std::io::Error::other(err),
    })?;
    crate::io::write_atomically(&path, &json).map_err(|source| StoryError::Io {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

/// The article `saved` describes, on `document` as read again from its file: its saved
/// places and mentions, without geoparsing. If a mention does not fit the body (the reader
/// reads it differently now), the document comes back, to be geoparsed again.
pub fn restore(saved: &SavedArticle, path: &Path, document: Document) -> Result<Article, Document> {
    let fits = |&[place, start, end]: &[usize; 3]| {
        place < saved.places.len()
            && start < end
            && end <= document.body.len()
            && document.body.is_char_boundary(start)
            && document.body.is_char_boundary(end)
    };
    if !saved.mentions.iter().all(fits) {
        return Err(document);
    }
    let body = document.body;
    let mut mentions = Vec::with_capacity(saved.mentions.len());
    for &[place, start, end] in &saved.mentions {
        mentions.push(Mention {
            place,
            span: start..end,
        });
    }
    mentions.sort_by_key(|m| m.span.start);
    let mut story = Story::from_parts(
        saved.title.clone(),
        path.to_owned(),
        body,
        saved.places.clone(),
        mentions,
    );
    story.warnings.clear();
    story.published = document.published;
    story.byline = document.byline;
    story.url = document.url;
    let mut article = Article::new(saved.id.clone(), story);
    article.sha256 = Some(saved.sha256.clone());
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corrupt_or_foreign_file_is_reported_with_its_position_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(COLLECTION_FILE_NAME);
        assert!(read(dir.path()).unwrap().is_none());
        std::fs::write(&path, "{\n  \"version\": 1,\n  \"title\": 3\n}").unwrap();
        let err = read(dir.path()).unwrap_err().to_string();
        assert!(err.contains(":3:"), "{err}");
        std::fs::write(&path, r#"{"version": 99, "other": true}"#).unwrap();
        let err = read(dir.path()).unwrap_err().to_string();
        assert!(err.contains("version 99"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            r#"{"version": 99, "other": true}"#
        );
        std::fs::write(
            &path,
            r#"{"version": 1, "title": "t", "articles": [{"id": "a", "path": "../../etc/passwd",
                "sha256": "00", "title": "x", "places": [], "mentions": []}]}"#,
        )
        .unwrap();
        let err = read(dir.path()).unwrap_err().to_string();
        assert!(err.contains("outside"), "{err}");
    }
}
