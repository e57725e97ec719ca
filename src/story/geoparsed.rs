//! Stories made from a bare article: the geoparser finds the places, and the reader can
//! correct them (another candidate, or remove a false hit) and save the result as a story
//! folder.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::places::{Candidate, GeoparseInfo, Place, PlacesFile};
use super::{ArticleText, Mention, PLACES_FILE_NAME, Story, StoryError, sentences};

/// Texts longer than this have their sentences split while the geoparser runs.
const PARALLEL_BYTES: usize = 1 << 20;
use crate::geoparse::{FoundPlace, Gazetteer};

/// The bundled gazetteer's folder.
///
/// Looked for in `assets/gazetteer` of the working folder, then beside the program (its own
/// folder, or `assets/gazetteer` there: a binary shipped to a cluster's workers with its
/// `gazetteer.bin`), then in the source tree it was built from.
pub fn gazetteer_dir() -> PathBuf {
    let relative = Path::new("assets/gazetteer");
    if relative.join("gazetteer.bin").is_file() {
        return relative.to_owned();
    }
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_owned))
    {
        for dir in [exe_dir.join(relative), exe_dir] {
            if dir.join("gazetteer.bin").is_file() {
                return dir;
            }
        }
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The bundled gazetteer, loaded on first use and kept for the process.
pub fn bundled_gazetteer() -> Result<&'static Gazetteer, StoryError> {
    static GAZETTEER: OnceLock<Result<Gazetteer, String>> = OnceLock::new();
    GAZETTEER
        .get_or_init(|| Gazetteer::load(&gazetteer_dir()).map_err(|err| err.to_string()))
        .as_ref()
        .map_err(|message| StoryError::Gazetteer {
            message: message.clone(),
        })
}

impl Story {
    /// Reads an article, in any format the [readers](crate::readers) read, and finds its
    /// places with the bundled gazetteer. A feed opens on its first item, with a warning
    /// that says how many it has.
    pub fn from_article(path: &Path) -> Result<Story, StoryError> {
        let read = crate::readers::read_path(path)?;
        let gazetteer = bundled_gazetteer()?;
        Ok(Story::from_read(path, read, gazetteer))
    }

    /// The story of what a reader read from `path`: its first document, geoparsed, with the
    /// reader's warnings.
    pub fn from_read(path: &Path, read: crate::readers::Read, gazetteer: &Gazetteer) -> Story {
        let count = read.documents.len();
        let feed_title = read.feed_title.clone();
        let first = read.documents.into_iter().next().unwrap_or_default();
        let mut story = Story::from_document(path, first, gazetteer);
        let mut warnings = read.warnings;
        if read.format == crate::readers::Format::Feed && count > 1 {
            warnings.push(format!(
                "{} has {count} items; showing the first. (`article-map extract` reads them all.)",
                feed_title.map_or_else(|| "This feed".to_owned(), |t| format!("The feed \"{t}\""))
            ));
        }
        warnings.append(&mut story.warnings);
        story.warnings = warnings;
        story
    }

    /// The story of one document: its body geoparsed, with its title, date, byline and URL.
    pub fn from_document(
        path: &Path,
        document: crate::readers::Document,
        gazetteer: &Gazetteer,
    ) -> Story {
        let mut story = Story::geoparse(path, document.body, gazetteer);
        if let Some(title) = document.title {
            story.title = title;
        }
        story.published = document.published;
        story.byline = document.byline;
        story.url = document.url;
        story
    }

    /// Finds the places of `text` with `gazetteer`. On a long text the sentences are split
    /// on another thread while the geoparser resolves the names.
    pub fn geoparse(path: &Path, text: impl Into<ArticleText>, gazetteer: &Gazetteer) -> Story {
        let text: ArticleText = text.into();
        let title = title_of(&text, path);
        // Recognition runs on every core; resolution on one, so the sentences are split on
        // another meanwhile.
        let names = gazetteer.recognize(&text);
        let ((places, mentions), (paragraphs, sentences)) = if text.len() < PARALLEL_BYTES {
            let (found, in_order) = gazetteer.resolve_in_reading_order(names);
            (
                places_from_found(&found, in_order),
                sentences::layout(&text),
            )
        } else {
            // The sentences are split on the other core while this one resolves the names,
            // then on both.
            sentences::layout_beside(&text, || {
                let (found, in_order) = gazetteer.resolve_in_reading_order(names);
                places_from_found(&found, in_order)
            })
        };
        let mut story = Story::from_layout(
            title,
            path.to_owned(),
            text,
            places,
            mentions,
            paragraphs,
            sentences,
        );
        if let Some(language) = crate::geoparse::other_language(&story.text) {
            story.warnings.push(format!(
                "this article reads as {language}: the geoparser reads English, so it keeps \
                 only the places it is sure of and may miss others"
            ));
        }
        if story.places.is_empty() {
            story
                .warnings
                .push("no places were found in this article".to_owned());
        }
        story
    }

    /// Replaces place `place`'s position with its `alternative`-th candidate, keeping its
    /// mentions. The previous position becomes a candidate in turn.
    pub fn choose_alternative(&mut self, place: usize, alternative: usize) {
        let chosen = self
            .places
            .get(place)
            .and_then(|p| p.geoparsed.as_ref())
            .and_then(|info| info.alternatives.get(alternative))
            .cloned();
        if let Some(chosen) = chosen {
            self.move_place_to(place, &chosen);
        }
    }

    /// Moves place `place` to `chosen`, keeping its mentions: the reader's correction. The
    /// previous position becomes a candidate in turn, and `chosen` is no longer one.
    pub fn move_place_to(&mut self, place: usize, chosen: &Candidate) {
        let Some(p) = self.places.get_mut(place) else {
            return;
        };
        if let Some(info) = p.geoparsed.as_mut() {
            let same = |c: &Candidate| match (c.geonameid, chosen.geonameid) {
                (Some(a), Some(b)) => a == b,
                _ => c.lat == chosen.lat && c.lon == chosen.lon && c.name == chosen.name,
            };
            info.alternatives.retain(|c| !same(c));
            let previous = Candidate {
                name: p.name.clone(),
                country: info.country.clone(),
                lat: p.lat,
                lon: p.lon,
                population: 0,
                geonameid: info.geonameid,
            };
            info.alternatives.insert(0, previous);
            info.country = chosen.country.clone();
            info.geonameid = chosen.geonameid;
            info.confidence = 1.0;
        }
        p.lat = chosen.lat;
        p.lon = chosen.lon;
        p.note = Some(format!("Chosen by the reader: {}", chosen.name));
    }

    /// Removes place `place` and its mentions (a false hit).
    pub fn remove_place(&mut self, place: usize) {
        if place >= self.places.len() {
            return;
        }
        self.places.remove(place);
        self.mentions.retain(|m| m.place != place);
        for mention in &mut self.mentions {
            if mention.place > place {
                mention.place -= 1;
            }
        }
        self.reindex();
    }

    /// Saves the story as a folder: `article.txt` and `places.json`, each written
    /// atomically. Files already in `dir` are overwritten only with `overwrite` (the UI asks
    /// first), and then the old ones are kept as `.bak`.
    pub fn save_as(&self, dir: &Path, overwrite: bool) -> Result<PathBuf, StoryError> {
        let io = |path: &Path| {
            let path = path.to_owned();
            move |source| StoryError::Io { path, source }
        };
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let article_path = dir.join("article.txt");
        let places_path = dir.join(PLACES_FILE_NAME);
        let same_article = match (
            std::fs::canonicalize(&article_path),
            std::fs::canonicalize(&self.article_path),
        ) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if !overwrite {
            for path in [&article_path, &places_path] {
                if path.exists() && !(same_article && path == &article_path) {
                    return Err(StoryError::WouldOverwrite { path: path.clone() });
                }
            }
        }
        let file = PlacesFile {
            title: Some(self.title.clone()),
            article: "article.txt".to_owned(),
            places: self.places.clone(),
        };
        let json = serde_json::to_string_pretty(&file).map_err(|err| StoryError::Io {
            path: places_path.clone(),
            source: std::io::Error::other(err),
        })?;
        if !same_article {
            crate::io::write_atomically(&article_path, self.text.as_bytes())
                .map_err(io(&article_path))?;
        }
        crate::io::write_atomically(&places_path, json.as_bytes()).map_err(io(&places_path))?;
        Ok(places_path)
    }
}

/// Turns the geoparser's findings into places with stable ids, and its mentions in
/// reading order (`(place, span)`, as [`Gazetteer::resolve_in_reading_order`] gives them)
/// into the story's.
pub fn places_from_found(
    found: &[FoundPlace],
    in_order: Vec<(usize, crate::geoparse::Span)>,
) -> (Vec<Place>, Vec<Mention>) {
    let mut places = Vec::with_capacity(found.len());
    // Turned into the story's mentions in the list's own memory (the two are the same size):
    // a long text has megabytes of them.
    let mut mentions: Vec<Mention> = in_order
        .into_iter()
        .map(|(place, span)| Mention {
            place,
            span: span.start..span.end,
        })
        .collect();
    // The geoparser's are in order, but keep the promise whatever the caller's are.
    if !mentions.is_sorted_by_key(|m| m.span.start) {
        mentions.sort_by_key(|m| m.span.start);
    }
    let mut ids = std::collections::HashSet::new();
    for f in found {
        let base = slug(&f.name);
        let mut id = base.clone();
        let mut n = 2;
        while !ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        places.push(Place {
            id,
            name: f.name.clone(),
            aliases: f.aliases.clone(),
            kind: f.kind,
            lat: f.lat,
            lon: f.lon,
            note: None,
            geoparsed: Some(GeoparseInfo {
                country: f.country.clone(),
                region: f.region.clone(),
                geonameid: f.geonameid,
                confidence: f.confidence,
                alternatives: f
                    .alternatives
                    .iter()
                    .map(|a| Candidate {
                        name: a.name.clone(),
                        country: a.country.clone(),
                        lat: a.lat,
                        lon: a.lon,
                        population: a.population,
                        geonameid: a.geonameid,
                    })
                    .collect(),
            }),
        });
    }
    (places, mentions)
}

/// A lowercase, dash-separated id from a name.
pub fn slug(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            id.push(c);
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_owned();
    if id.is_empty() {
        "place".to_owned()
    } else {
        id
    }
}

/// The article's first line if it reads like a headline, else the file's name.
fn title_of(text: &str, path: &Path) -> String {
    crate::readers::text::headline(text).unwrap_or_else(|| {
        path.file_stem().map_or_else(
            || "Article".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::PlaceKind;

    #[test]
    fn an_article_in_another_language_says_so() {
        let story = |text: &str| {
            Story::geoparse(
                Path::new("a.txt"),
                text.to_owned(),
                crate::geoparse::test_gazetteer(),
            )
        };
        let german = story(
            "Die Bahn hat am Montag mitgeteilt, dass der Verkehr auf der Strecke wieder \
             aufgenommen wird. Auch in Hamburg und in Köln ist das Ende der Störung nicht \
             abzusehen. Die Kunden haben ein Recht auf Erstattung, sagte ein Sprecher in \
             Berlin. Auch die Fernzüge nach Wien und in die Schweiz fahren wieder.",
        );
        assert!(
            german.warnings.iter().any(|w| w.contains("German")),
            "{:?}",
            german.warnings
        );
        let english = story("The trains from Hamburg to Berlin and Vienna ran again on Monday.");
        assert!(english.warnings.is_empty(), "{:?}", english.warnings);
    }

    #[test]
    fn a_geoparsed_storys_mentions_are_in_reading_order_and_point_at_their_places() {
        let text = "North Korea fired a missile toward the South. Seoul and Tokyo protested, \
                    and Pyongyang said the South had provoked it. Tokyo, Japan, said more.";
        let story = Story::geoparse(
            Path::new("a.txt"),
            text.to_owned(),
            crate::geoparse::test_gazetteer(),
        );
        assert!(
            story
                .mentions
                .windows(2)
                .all(|w| w[0].span.start < w[1].span.start)
        );
        for m in &story.mentions {
            let place = &story.places[m.place];
            let said = &text[m.span.clone()];
            assert!(
                said == place.name || place.aliases.iter().any(|a| a == said),
                "{said} is not {place:?}"
            );
        }
        let south = story
            .places
            .iter()
            .position(|p| p.name == "South Korea")
            .expect("the South is South Korea here");
        assert_eq!(story.mentions_of(south).count(), 2);
        let tokyo = story.places.iter().position(|p| p.name == "Tokyo");
        assert_eq!(tokyo.map(|t| story.mentions_of(t).count()), Some(2));
    }

    #[test]
    fn mentions_given_out_of_order_are_put_in_order() {
        let span = |start| crate::geoparse::Span {
            start,
            end: start + 2,
        };
        let (_, mentions) = places_from_found(&[], vec![(1, span(9)), (0, span(3)), (1, span(0))]);
        let order: Vec<(usize, usize)> = mentions.iter().map(|m| (m.span.start, m.place)).collect();
        assert_eq!(order, [(0, 1), (3, 0), (9, 1)]);
        assert!(places_from_found(&[], Vec::new()).1.is_empty());
    }

    #[test]
    fn slugs_are_lowercase_and_dashed() {
        assert_eq!(slug("North Korea"), "north-korea");
        assert_eq!(slug("Île-de-France"), "île-de-france");
        assert_eq!(slug("  "), "place");
    }

    #[test]
    fn removing_a_place_keeps_the_other_mentions_pointing_right() {
        let place = |name: &str| Place {
            id: slug(name),
            name: name.into(),
            aliases: vec![],
            kind: PlaceKind::City,
            lat: 0.0,
            lon: 0.0,
            note: None,
            geoparsed: None,
        };
        let mut story = Story::new(
            "t".into(),
            "a.txt".into(),
            "Nice and Oslo.".into(),
            vec![place("Nice"), place("Oslo")],
        );
        story.remove_place(0);
        assert_eq!(story.places.len(), 1);
        assert_eq!(story.mentions.len(), 1);
        assert_eq!(story.mentions[0].place, 0);
        assert_eq!(&story.text[story.mentions[0].span.clone()], "Oslo");
    }

    #[test]
    fn saving_never_overwrites_a_file_it_did_not_load_without_being_told() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("places.json"), "mine").unwrap();
        let story = Story::new("t".into(), "a.txt".into(), "Oslo.".into(), vec![]);
        let err = story.save_as(dir.path(), false).unwrap_err();
        assert!(matches!(err, StoryError::WouldOverwrite { .. }), "{err}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("places.json")).unwrap(),
            "mine"
        );
        story.save_as(dir.path(), true).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("places.json.bak")).unwrap(),
            "mine"
        );
        let reloaded = Story::load(dir.path()).unwrap();
        assert_eq!(reloaded.text, "Oslo.");
    }
}
