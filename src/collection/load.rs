//! What a path opens as, and reading a collection's articles on every core.

use std::path::{Path, PathBuf};

use sha2::Digest;

use std::collections::HashMap;

use super::saved::SavedArticle;
use super::{Article, Collection};
use crate::geoparse::Gazetteer;
use crate::readers::{self, Format};
use crate::story::{PLACES_FILE_NAME, Story, StoryError};

/// The file a collection's folder keeps its state in.
pub const COLLECTION_FILE_NAME: &str = "collection.json";

/// What some paths open as.
#[derive(Clone, Debug, PartialEq)]
pub enum Opened {
    /// One story: a story folder, a places file, or one article.
    Story(PathBuf),
    /// Many articles.
    Collection(Plan),
}

/// The files of a collection, before they are read.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The collection's name: its folder's, or its file's.
    pub title: String,
    /// The folder opened, if one was.
    pub folder: Option<PathBuf>,
    /// Every file to read, in path order.
    pub files: Vec<PathBuf>,
}

/// Decides what `paths` open as: a folder with a `places.json`, or one article, is a story;
/// a folder of articles (searched recursively), a feed, a JSON Lines file or several paths
/// are a collection.
pub fn open(paths: &[PathBuf]) -> Result<Opened, StoryError> {
    for path in paths {
        if !path.exists() {
            return Err(StoryError::NotFound { path: path.clone() });
        }
    }
    match paths {
        [] => Ok(Opened::Story(crate::story::bundled_story())),
        [path] if path.is_dir() => {
            if path.join(PLACES_FILE_NAME).is_file() {
                return Ok(Opened::Story(path.clone()));
            }
            let mut files = Vec::new();
            list_articles(path, &mut files);
            files.sort();
            match files.as_slice() {
                [] => Err(StoryError::NoPlacesFile { dir: path.clone() }),
                [one] if !holds_many(one) => Ok(Opened::Story(path.clone())),
                _ => Ok(Opened::Collection(Plan {
                    title: file_name(path),
                    folder: Some(path.clone()),
                    files,
                })),
            }
        }
        [path] if holds_many(path) => Ok(Opened::Collection(Plan {
            title: file_name(path),
            folder: None,
            files: vec![path.clone()],
        })),
        [path] => Ok(Opened::Story(path.clone())),
        many => {
            let mut files = Vec::new();
            for path in many {
                if path.is_dir() {
                    list_articles(path, &mut files);
                } else {
                    files.push(path.clone());
                }
            }
            files.sort();
            files.dedup();
            Ok(Opened::Collection(Plan {
                title: format!("{} files", files.len()),
                folder: None,
                files,
            }))
        }
    }
}

fn file_name(path: &Path) -> String {
    std::fs::canonicalize(path)
        .ok()
        .as_deref()
        .unwrap_or(path)
        .file_name()
        .map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
}

/// Whether the file holds many articles: a JSON Lines file, or a feed.
fn holds_many(path: &Path) -> bool {
    is_jsonl(path)
        || readers::read_head(path, 4096)
            .is_ok_and(|head| readers::sniff(path, &head, None).is_ok_and(|f| f == Format::Feed))
}

fn is_jsonl(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

/// Adds the articles under `dir` to `files`: files of a format we read, in every subfolder.
/// Hidden files, backups, the app's own files and the `_files` folder of a page saved as
/// "Web page, complete" are left out.
fn list_articles(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in &entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name.ends_with(".bak") || name.ends_with(".tmp") {
            continue;
        }
        if path.is_dir() {
            let is_page_resources = name.strip_suffix("_files").is_some_and(|page| {
                ["html", "htm", "xhtml"]
                    .iter()
                    .any(|ext| dir.join(format!("{page}.{ext}")).is_file())
            });
            if !is_page_resources {
                list_articles(path, files);
            }
            continue;
        }
        if name == PLACES_FILE_NAME || name == COLLECTION_FILE_NAME {
            continue;
        }
        if Format::from_extension(path).is_some() || is_jsonl(path) {
            files.push(path.clone());
        }
    }
}

/// An article's id: its path relative to the collection's folder, with `/` between folders.
fn base_id(folder: Option<&Path>, path: &Path) -> String {
    let relative = match folder.and_then(|folder| path.strip_prefix(folder).ok()) {
        Some(relative) => relative,
        None => Path::new(path.file_name().unwrap_or(path.as_os_str())),
    };
    crate::story::slash_path(relative)
}

/// Reads and geoparses one file of a collection: an article per document (a feed's items,
/// a JSON Lines file's lines), each with whether it was restored from `saved`. A file that
/// cannot be read gives one failed article with the reason.
///
/// With `saved`, a `collection.json`'s articles by id, a document whose file has the saved
/// checksum gets its saved places back instead of being geoparsed again.
pub fn read_file(
    folder: Option<&Path>,
    path: &Path,
    gazetteer: &Gazetteer,
    saved: &HashMap<&str, &SavedArticle>,
) -> Vec<(Article, bool)> {
    let id = base_id(folder, path);
    let bytes = match std::fs::File::open(path)
        .map_err(|err| readers::ReadError::io(path, err))
        .and_then(|file| readers::read_limited(path, file))
    {
        Ok(bytes) => bytes,
        Err(err) => return vec![(Article::failed(id, path.to_owned(), err.to_string()), false)],
    };
    let sha256 = hex(&sha2::Sha256::digest(&bytes));
    // The saved places of a document, or the geoparser's.
    let article_of = |item_id: String, document: readers::Document| -> (Article, bool) {
        let unchanged = saved.get(item_id.as_str()).filter(|s| s.sha256 == sha256);
        let document = match unchanged {
            Some(saved) => match super::saved::restore(saved, path, document) {
                Ok(article) => return (article, true),
                Err(document) => document,
            },
            None => document,
        };
        let story = Story::from_document(path, document, gazetteer);
        (Article::new(item_id, story), false)
    };
    let mut articles = if is_jsonl(path) {
        read_jsonl(&id, path, &bytes, article_of)
    } else {
        match readers::read_bytes(path, &bytes) {
            Ok(read) => {
                let count = read.documents.len();
                let mut articles: Vec<(Article, bool)> = read
                    .documents
                    .into_iter()
                    .enumerate()
                    .map(|(n, document)| {
                        let item_id = if count > 1 {
                            format!("{id}#{}", n + 1)
                        } else {
                            id.clone()
                        };
                        article_of(item_id, document)
                    })
                    .collect();
                if let Some((first, _)) = articles.first_mut() {
                    first.story.warnings.extend(read.warnings);
                }
                articles
            }
            Err(err) => vec![(Article::failed(id, path.to_owned(), err.to_string()), false)],
        }
    };
    for (article, _) in &mut articles {
        article.sha256 = Some(sha256.clone());
    }
    articles
}

/// The articles of a JSON Lines file, one per line; blank lines are skipped, and a bad line
/// gives a failed article that names its line.
fn read_jsonl(
    id: &str,
    path: &Path,
    bytes: &[u8],
    article_of: impl Fn(String, readers::Document) -> (Article, bool),
) -> Vec<(Article, bool)> {
    let mut articles = Vec::new();
    for (n, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let line_id = format!("{id}#{}", n + 1);
        match readers::jsonl::record_document(line, n + 1) {
            Ok((record_id, document)) => {
                let id = readers::jsonl::id_text(&record_id).unwrap_or(line_id);
                articles.push(article_of(id, document));
            }
            Err((record_id, message)) => articles.push((
                Article::failed(
                    readers::jsonl::id_text(&record_id).unwrap_or(line_id),
                    path.to_owned(),
                    format!("{}:{}: {message}", path.display(), n + 1),
                ),
                false,
            )),
        }
    }
    articles
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads every file of `plan` on every core and merges the articles into a collection, in
/// the plan's order. `progress` is told after each file how many are done.
pub fn load(plan: &Plan, progress: &(dyn Fn(usize) + Sync)) -> Result<Collection, StoryError> {
    let never = std::sync::atomic::AtomicBool::new(false);
    load_cancellable(plan, progress, &never).map(|c| c.unwrap_or_else(|| Collection::new("", None)))
}

/// [`load`], stopping soon after `cancel` is set: then `Ok(None)`.
pub fn load_cancellable(
    plan: &Plan,
    progress: &(dyn Fn(usize) + Sync),
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<Option<Collection>, StoryError> {
    load_with_previews(plan, progress, cancel, &|_| ())
}

/// Collections of more files than this are read in batches, each handed to `preview` as
/// it is done, so that a window can show the articles as they come.
pub const PREVIEW_FROM: usize = 2000;

/// [`load_cancellable`], handing each batch of articles read to `preview` (a copy: the
/// collection returned at the end is complete, with the saved corrections applied).
pub fn load_with_previews(
    plan: &Plan,
    progress: &(dyn Fn(usize) + Sync),
    cancel: &std::sync::atomic::AtomicBool,
    preview: &(dyn Fn(Vec<Article>) + Sync),
) -> Result<Option<Collection>, StoryError> {
    use std::sync::atomic::Ordering;
    let gazetteer = crate::story::geoparsed::bundled_gazetteer()?;
    let mut warnings = Vec::new();
    let saved = match plan.folder.as_deref().map(super::saved::read) {
        Some(Ok(saved)) => saved,
        Some(Err(err)) => {
            warnings.push(err.to_string());
            None
        }
        None => None,
    };
    let saved_by_id: HashMap<&str, &SavedArticle> = saved
        .iter()
        .flat_map(|s| &s.articles)
        .map(|a| (a.id.as_str(), a))
        .collect();
    let threads = crate::parallel::threads_for(plan.files.len(), 2);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let batch = if plan.files.len() > PREVIEW_FROM {
        (plan.files.len() / 10).max(1000)
    } else {
        plan.files.len().max(1)
    };
    let mut per_file = Vec::with_capacity(plan.files.len());
    // The texts go to disk as each batch is read (see `crate::story::Spool`); where no
    // temporary file can be made, they stay in memory.
    let mut spool = crate::story::Spool::new()
        .map_err(|err| log::warn!("texts kept in memory: no temporary file: {err}"))
        .ok();
    for first in (0..plan.files.len()).step_by(batch) {
        let files = &plan.files[first..(first + batch).min(plan.files.len())];
        let mut read = crate::parallel::map_pieces(
            files.len(),
            threads,
            || (),
            |(), k| {
                if cancel.load(Ordering::Relaxed) {
                    return Vec::new();
                }
                let articles =
                    read_file(plan.folder.as_deref(), &files[k], gazetteer, &saved_by_id);
                progress(done.fetch_add(1, Ordering::Relaxed) + 1);
                articles
            },
        );
        if cancel.load(Ordering::Relaxed) {
            return Ok(None);
        }
        if let Some(to_disk) = &mut spool {
            let texts = read.iter_mut().flatten().map(|(a, _)| &mut a.story.text);
            if let Err(err) = to_disk.take(texts) {
                log::warn!("texts kept in memory: the temporary file failed: {err}");
                spool = None;
            }
        }
        if batch < plan.files.len() {
            preview(read.iter().flatten().map(|(a, _)| a.clone()).collect());
        }
        per_file.extend(read);
    }
    if cancel.load(Ordering::Relaxed) {
        return Ok(None);
    }
    let mut collection = Collection::new(plan.title.clone(), plan.folder.clone());
    collection.warnings = warnings;
    let mut seen = std::collections::HashSet::new();
    // The articles geoparsed afresh: changed since `collection.json` was saved, new, or read
    // differently now.
    let mut again = Vec::new();
    for (mut article, restored) in per_file.into_iter().flatten() {
        // Ids stay unique: JSON Lines records may repeat one.
        let base = article.id.clone();
        let mut n = 2;
        while !seen.insert(article.id.clone()) {
            article.id = format!("{base}~{n}");
            n += 1;
        }
        if !restored && article.problem.is_none() {
            again.push(collection.articles.len());
        }
        collection.push(article);
    }
    if let Some(saved) = &saved {
        // Articles geoparsed again get the saved corrections where their names still occur;
        // the others were saved with them applied.
        collection.changed = again
            .iter()
            .filter(|&&i| saved_by_id.contains_key(collection.articles[i].id.as_str()))
            .map(|&i| collection.articles[i].id.clone())
            .collect();
        collection.apply_corrections_to(saved.corrections.clone(), &again);
        collection.corrections = saved.corrections.clone();
        if !collection.changed.is_empty() {
            collection.warnings.push(format!(
                "{} changed since the collection was saved and {} geoparsed again: {}",
                plural(collection.changed.len(), "article"),
                if collection.changed.len() == 1 {
                    "was"
                } else {
                    "were"
                },
                collection.changed.join(", ")
            ));
        }
    }
    let failed = collection
        .articles
        .iter()
        .filter(|a| a.problem.is_some())
        .count();
    if failed > 0 {
        collection.warnings.push(format!(
            "{failed} of {} articles could not be read; they are listed, greyed, with the reason",
            collection.articles.len()
        ));
    }
    Ok(Some(collection))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_of_articles_is_a_collection_and_a_story_folder_a_story() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.txt"), "Rain in Oslo.").unwrap();
        std::fs::create_dir(root.join("more")).unwrap();
        std::fs::write(root.join("more/b.md"), "Sun in Rome.").unwrap();
        std::fs::write(root.join("notes.png"), "not an article").unwrap();
        std::fs::write(root.join("page.html"), "<p>x</p>").unwrap();
        std::fs::create_dir(root.join("page_files")).unwrap();
        std::fs::write(root.join("page_files/inner.html"), "<p>y</p>").unwrap();
        let Opened::Collection(plan) = open(&[root.to_owned()]).unwrap() else {
            panic!("not a collection");
        };
        let names: Vec<String> = plan.files.iter().map(|f| base_id(Some(root), f)).collect();
        assert_eq!(names, ["a.txt", "more/b.md", "page.html"]);
        std::fs::write(root.join(PLACES_FILE_NAME), "{}").unwrap();
        assert!(matches!(
            open(&[root.to_owned()]).unwrap(),
            Opened::Story(_)
        ));
        let empty = tempfile::tempdir().unwrap();
        assert!(open(&[empty.path().to_owned()]).is_err());
    }

    #[test]
    fn a_jsonl_file_gives_an_article_per_line_and_a_bad_line_its_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("news.jsonl");
        std::fs::write(
            &path,
            "{\"id\": \"x\", \"published\": \"2024-01-02\", \"text\": \"Floods hit Lagos.\"}\n\nnot json\n",
        )
        .unwrap();
        let Ok(Opened::Collection(plan)) = open(std::slice::from_ref(&path)) else {
            panic!("not a collection");
        };
        let collection = load(&plan, &|_| {}).unwrap();
        let ids: Vec<&str> = collection.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["x", "news.jsonl#3"]);
        assert_eq!(
            collection.articles[0].day,
            super::super::timeline::day_number("2024-01-02")
        );
        assert!(
            collection.articles[1]
                .problem
                .as_deref()
                .is_some_and(|p| p.contains(":3:"))
        );
        assert_eq!(collection.warnings.len(), 1);
    }

    #[test]
    fn the_texts_of_a_collection_are_spooled_to_disk_and_read_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.txt"), "Floods hit Lagos on Monday.").unwrap();
        std::fs::write(
            root.join("b.html"),
            format!(
                "<html><head><title>Oslo</title></head><body><article><p>Talks opened in \
                 Oslo and went on in Bergen.</p>{}</article></body></html>",
                "<p>The delegates spoke for many hours about fishing rights, quotas and \
                 the weather, and agreed to meet again.</p>"
                    .repeat(4)
            ),
        )
        .unwrap();
        let Ok(Opened::Collection(plan)) = open(&[root.to_owned()]) else {
            panic!("not a collection");
        };
        let collection = load(&plan, &|_| {}).unwrap();
        let [a, b] = &collection.articles[..] else {
            panic!("two articles: {:?}", collection.articles);
        };
        assert!(b.problem.is_none(), "{:?}", b.problem);
        assert!(a.story.text.is_spooled() && b.story.text.is_spooled());
        assert_eq!(a.story.text, "Floods hit Lagos on Monday.");
        assert!(
            b.story
                .text
                .contains("Talks opened in Oslo and went on in Bergen.")
        );
        let oslo = b
            .story
            .places
            .iter()
            .position(|p| p.name == "Oslo")
            .unwrap();
        let mention = b.story.mentions_of(oslo).next().unwrap();
        assert_eq!(&b.story.text[mention.span.clone()], "Oslo");
    }
}
