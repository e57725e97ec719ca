//! A collection: many articles on one map.
//!
//! Each article is a [`Story`] of its own (its text, sentences and places, with offsets into
//! its own body). The collection merges their places: one [`CollectionPlace`] per place on
//! the ground, however many articles name it, so that the map has one marker for Paris
//! whether two articles name it or two hundred. A single story is a collection of one
//! article, whose places keep their order.
//!
//! - [`load`]: what a path opens as (a story, or a collection of files), and the loader that
//!   reads and geoparses the articles on every core.
//! - [`saved`]: `collection.json`, the articles with their files' checksums and places, and
//!   the reader's corrections.
//! - [`timeline`]: publication dates as days, and articles per day or week.

pub mod export;
pub mod load;
pub mod saved;
pub mod timeline;

use std::collections::HashMap;
use std::path::PathBuf;

use crate::story::{Candidate, Excerpt, Place, Story};

/// One article of a collection.
#[derive(Clone, Debug)]
pub struct Article {
    /// Unique within the collection: the file's path relative to the collection's folder
    /// (with `#n` for the n-th item of a feed or line of a JSON Lines file), or a JSON Lines
    /// record's own id.
    pub id: String,
    /// [`Story::published`] as a day number (see [`timeline::day_number`]), worked out once
    /// for the timeline.
    pub day: Option<i32>,
    /// The article, geoparsed: its headline, date, file and places. Empty when it could
    /// not be read.
    pub story: Story,
    /// Why it could not be read; such an article is listed, greyed, and has no places.
    pub problem: Option<String>,
    /// The SHA-256 of its file, in hex, where it came from a file of its own.
    pub sha256: Option<String>,
    /// For each of the story's places, the index of its place in the collection.
    pub in_collection: Vec<usize>,
}

impl Article {
    /// An article made from a story.
    pub fn new(id: String, story: Story) -> Article {
        Article {
            id,
            day: story.published.as_deref().and_then(timeline::day_number),
            story,
            problem: None,
            sha256: None,
            in_collection: Vec::new(),
        }
    }

    /// An article that could not be read, named by its file.
    pub fn failed(id: String, path: PathBuf, problem: String) -> Article {
        let title = path
            .file_name()
            .map_or_else(|| id.clone(), |name| name.to_string_lossy().into_owned());
        let mut story = Story::new(title, path, String::new(), Vec::new());
        story.warnings.clear();
        Article {
            id,
            day: None,
            story,
            problem: Some(problem),
            sha256: None,
            in_collection: Vec::new(),
        }
    }

    /// Where it was published: its URL's host without "www.", for a source line.
    pub fn source(&self) -> Option<String> {
        crate::story::site_of(self.story.url.as_deref()?)
    }
}

/// A place on the ground, with every article that names it.
#[derive(Clone, Debug)]
pub struct CollectionPlace {
    /// The place as the first article that names it gives it, with an id unique in the
    /// collection.
    pub place: Place,
    /// Every `(article, place index in that article's story)` that is this place.
    pub named_in: Vec<(usize, usize)>,
    /// The articles that name it, each once, in collection order.
    pub articles: Vec<usize>,
}

/// A place's excerpts in one article.
#[derive(Clone, Debug)]
pub struct ArticleExcerpts {
    /// Index into [`Collection::articles`].
    pub article: usize,
    /// The place's index in that article's story.
    pub place_in_story: usize,
    /// Its sentences that mention the place.
    pub excerpts: Vec<Excerpt>,
}

/// A correction the reader made, kept so that it can be saved and applied again.
// Not `deny_unknown_fields`: serde cannot have it beside `flatten`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Correction {
    /// The name as the geoparser found it.
    pub name: String,
    /// The article it applies to; `None` for every article that names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// What to do with it.
    #[serde(flatten)]
    pub action: CorrectionAction,
}

/// What a [`Correction`] does.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "action", rename_all = "lowercase")]
pub enum CorrectionAction {
    /// The name is this place instead.
    Choose {
        /// The place chosen.
        place: Candidate,
    },
    /// The name is not a place.
    Remove,
}

/// Many articles and their merged places.
#[derive(Clone, Debug)]
pub struct Collection {
    /// What the window's title and the menu bar call it.
    pub title: String,
    /// The folder it was opened from, where `collection.json` is saved; `None` for files
    /// from several folders, or a single story.
    pub folder: Option<PathBuf>,
    /// The articles, in the order they were listed (by path).
    pub articles: Vec<Article>,
    /// The merged places, in order of first appearance.
    pub places: Vec<CollectionPlace>,
    /// The reader's corrections, in the order made.
    pub corrections: Vec<Correction>,
    /// Things worth telling the user that did not stop the collection from opening.
    pub warnings: Vec<String>,
    /// The ids of the articles whose files changed since `collection.json` was saved, and
    /// that were geoparsed again.
    pub changed: Vec<String>,
    by_key: HashMap<PlaceKey, usize>,
    ids: HashMap<String, usize>,
}

/// What makes two articles' places the same place.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum PlaceKey {
    /// A GeoNames id.
    GeoNames(u64),
    /// A curated place: its name, and where it is to about 100 m.
    Named(String, i32, i32),
}

fn place_key(place: &Place) -> PlaceKey {
    match place.geoparsed.as_ref().and_then(|g| g.geonameid) {
        Some(id) => PlaceKey::GeoNames(id),
        None => PlaceKey::Named(
            place.name.to_lowercase(),
            (place.lat * 1000.0).round() as i32,
            (place.lon * 1000.0).round() as i32,
        ),
    }
}

impl Collection {
    /// An empty collection.
    pub fn new(title: impl Into<String>, folder: Option<PathBuf>) -> Collection {
        Collection {
            title: title.into(),
            folder,
            articles: Vec::new(),
            places: Vec::new(),
            corrections: Vec::new(),
            warnings: Vec::new(),
            changed: Vec::new(),
            by_key: HashMap::new(),
            ids: HashMap::new(),
        }
    }

    /// A collection of one story, whose places keep their indices.
    pub fn of_story(story: Story) -> Collection {
        let mut collection = Collection::new(story.title.clone(), None);
        collection.warnings = story.warnings.clone();
        let id = story.article_path.file_name().map_or_else(
            || "article".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        collection.push(Article::new(id, story));
        collection
    }

    /// Adds an article and merges its places into the collection's.
    pub fn push(&mut self, mut article: Article) {
        let index = self.articles.len();
        article.in_collection = article
            .story
            .places
            .iter()
            .enumerate()
            .map(|(local, place)| self.merge_place(index, local, place))
            .collect();
        self.articles.push(article);
    }

    fn merge_place(&mut self, article: usize, local: usize, place: &Place) -> usize {
        let key = place_key(place);
        if let Some(&global) = self.by_key.get(&key) {
            let merged = &mut self.places[global];
            merged.named_in.push((article, local));
            if merged.articles.last() != Some(&article) {
                merged.articles.push(article);
            }
            return global;
        }
        let global = self.places.len();
        let mut place = place.clone();
        let base = place.id.clone();
        let mut n = 2;
        while self.ids.contains_key(&place.id) {
            place.id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(place.id.clone(), global);
        self.by_key.insert(key, global);
        self.places.push(CollectionPlace {
            place,
            named_in: vec![(article, local)],
            articles: vec![article],
        });
        global
    }

    /// Merges every article's places again, after a correction changed some.
    fn remerge(&mut self) {
        self.places.clear();
        self.by_key.clear();
        self.ids.clear();
        let articles = std::mem::take(&mut self.articles);
        for article in articles {
            self.push(article);
        }
    }

    /// Index of the place with id `id`.
    pub fn place_index(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }

    /// Index of the article with id `id`.
    pub fn article_index(&self, id: &str) -> Option<usize> {
        self.articles.iter().position(|a| a.id == id)
    }

    /// The collection place of place `local` of article `article`.
    pub fn global_place(&self, article: usize, local: usize) -> Option<usize> {
        self.articles
            .get(article)?
            .in_collection
            .get(local)
            .copied()
    }

    /// How many mentions place `place` has across the collection.
    pub fn mention_count(&self, place: usize) -> usize {
        self.places.get(place).map_or(0, |p| {
            p.named_in
                .iter()
                .map(|&(a, local)| self.articles[a].story.mention_indices_of(local).len())
                .sum()
        })
    }

    /// Place `place`'s excerpts, grouped by article, newest article first (undated ones
    /// last), keeping only the articles that `shown` accepts.
    pub fn excerpts_of(&self, place: usize, shown: impl Fn(usize) -> bool) -> Vec<ArticleExcerpts> {
        let Some(merged) = self.places.get(place) else {
            return Vec::new();
        };
        let mut groups: Vec<ArticleExcerpts> = Vec::new();
        for &(article, local) in &merged.named_in {
            if !shown(article) {
                continue;
            }
            let excerpts = self.articles[article].story.excerpts_of(local);
            // `named_in` is in article order, so an article's places are side by side.
            match groups.last_mut().filter(|g| g.article == article) {
                Some(group) => {
                    group.excerpts.extend(excerpts);
                    group.excerpts.sort_by_key(|e| e.sentence);
                }
                None => groups.push(ArticleExcerpts {
                    article,
                    place_in_story: local,
                    excerpts,
                }),
            }
        }
        groups.sort_by(|a, b| {
            let (da, db) = (&self.articles[a.article], &self.articles[b.article]);
            db.day
                .cmp(&da.day)
                .then_with(|| db.story.published.cmp(&da.story.published))
                .then(a.article.cmp(&b.article))
        });
        groups
    }

    /// For each place, how many of the articles that `shown` accepts name it.
    pub fn article_counts(&self, shown: &[bool]) -> Vec<u32> {
        self.places
            .iter()
            .map(|p| {
                p.articles
                    .iter()
                    .filter(|&&a| shown.get(a).copied().unwrap_or(false))
                    .count() as u32
            })
            .collect()
    }

    /// The pairs of `(article, place in story)` that a correction of `place` touches:
    /// every article, or only `only_article`.
    fn targets(&self, place: usize, only_article: Option<usize>) -> Vec<(usize, usize)> {
        self.places.get(place).map_or_else(Vec::new, |p| {
            p.named_in
                .iter()
                .copied()
                .filter(|&(a, _)| only_article.is_none_or(|only| only == a))
                .collect()
        })
    }

    /// Moves place `place` to its `alternative`-th candidate, in every article that names it
    /// or only in `only_article`. Returns the place's index afterwards (it may merge with
    /// a place that other articles already name).
    pub fn choose_alternative(
        &mut self,
        place: usize,
        alternative: usize,
        only_article: Option<usize>,
    ) -> Option<usize> {
        let merged = self.places.get(place)?;
        let candidate = merged
            .place
            .geoparsed
            .as_ref()?
            .alternatives
            .get(alternative)?
            .clone();
        let name = merged.place.name.clone();
        for (article, local) in self.targets(place, only_article) {
            self.articles[article]
                .story
                .move_place_to(local, &candidate);
        }
        self.corrections.push(Correction {
            name,
            article: only_article.map(|a| self.articles[a].id.clone()),
            action: CorrectionAction::Choose {
                place: candidate.clone(),
            },
        });
        self.remerge();
        let article = only_article.or_else(|| {
            self.articles
                .iter()
                .position(|a| a.story.places.iter().any(|p| same_candidate(p, &candidate)))
        })?;
        let local = self.articles[article]
            .story
            .places
            .iter()
            .position(|p| same_candidate(p, &candidate))?;
        self.global_place(article, local)
    }

    /// Removes place `place` (a false hit) with its mentions, from every article or only
    /// from `only_article`.
    pub fn remove_place(&mut self, place: usize, only_article: Option<usize>) {
        let Some(merged) = self.places.get(place) else {
            return;
        };
        let name = merged.place.name.clone();
        let mut targets = self.targets(place, only_article);
        // Later places first, so that the earlier indices stay right.
        targets.sort_by(|a, b| b.cmp(a));
        for (article, local) in targets {
            self.articles[article].story.remove_place(local);
        }
        self.corrections.push(Correction {
            name,
            article: only_article.map(|a| self.articles[a].id.clone()),
            action: CorrectionAction::Remove,
        });
        self.remerge();
    }

    /// Applies saved corrections, by name, to the articles that still name them. Returns
    /// the corrections that found no name to apply to.
    pub fn apply_corrections(&mut self, corrections: Vec<Correction>) -> Vec<Correction> {
        let all: Vec<usize> = (0..self.articles.len()).collect();
        self.apply_corrections_to(corrections, &all)
    }

    /// [`Collection::apply_corrections`] on the articles `articles` only.
    pub fn apply_corrections_to(
        &mut self,
        corrections: Vec<Correction>,
        articles: &[usize],
    ) -> Vec<Correction> {
        let mut unused = Vec::new();
        for correction in corrections {
            let only = match &correction.article {
                Some(id) => match self.article_index(id) {
                    Some(index) => Some(index),
                    None => {
                        unused.push(correction);
                        continue;
                    }
                },
                None => None,
            };
            let mut applied = false;
            for &index in articles {
                if only.is_some_and(|only| only != index) {
                    continue;
                }
                let Some(article) = self.articles.get_mut(index) else {
                    continue;
                };
                let mut locals: Vec<usize> = article
                    .story
                    .places
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| {
                        p.name == correction.name || p.aliases.contains(&correction.name)
                    })
                    .map(|(i, _)| i)
                    .collect();
                locals.reverse();
                for local in locals {
                    applied = true;
                    match &correction.action {
                        CorrectionAction::Choose { place } => {
                            article.story.move_place_to(local, place)
                        }
                        CorrectionAction::Remove => article.story.remove_place(local),
                    }
                }
            }
            if applied {
                self.corrections.push(correction);
            } else {
                unused.push(correction);
            }
        }
        self.remerge();
        unused
    }
}

/// Whether `place` sits where `candidate` is (by GeoNames id, else by position).
fn same_candidate(place: &Place, candidate: &Candidate) -> bool {
    match (
        place.geoparsed.as_ref().and_then(|g| g.geonameid),
        candidate.geonameid,
    ) {
        (Some(a), Some(b)) => a == b,
        _ => (place.lat - candidate.lat).abs() < 1e-6 && (place.lon - candidate.lon).abs() < 1e-6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::{GeoparseInfo, PlaceKind};

    fn place(name: &str, geonameid: u64, alternatives: Vec<Candidate>) -> Place {
        Place {
            id: crate::story::geoparsed::slug(name),
            name: name.into(),
            aliases: vec![],
            kind: PlaceKind::City,
            lat: geonameid as f64,
            lon: 0.0,
            note: None,
            geoparsed: Some(GeoparseInfo {
                country: None,
                region: None,
                geonameid: Some(geonameid),
                confidence: 0.5,
                alternatives,
            }),
        }
    }

    fn candidate(name: &str, geonameid: u64) -> Candidate {
        Candidate {
            name: name.into(),
            country: None,
            lat: geonameid as f64,
            lon: 1.0,
            population: 0,
            geonameid: Some(geonameid),
        }
    }

    fn article(id: &str, published: &str, text: &str, places: Vec<Place>) -> Article {
        let mut story = Story::new(id.into(), format!("{id}.txt").into(), text.into(), places);
        story.published = Some(published.into());
        Article::new(id.into(), story)
    }

    fn two_articles() -> Collection {
        let mut c = Collection::new("c", None);
        c.push(article(
            "a",
            "2024-01-01",
            "Paris is big. Lyon too.",
            vec![
                place("Paris", 1, vec![candidate("Paris", 9)]),
                place("Lyon", 2, vec![]),
            ],
        ));
        c.push(article(
            "b",
            "2024-02-01",
            "In Paris, rain. Paris again.",
            vec![place("Paris", 1, vec![candidate("Paris", 9)])],
        ));
        c
    }

    #[test]
    fn the_same_place_in_two_articles_is_one_place_named_in_both() {
        let c = two_articles();
        assert_eq!(c.places.len(), 2);
        assert_eq!(c.places[0].articles, [0, 1]);
        assert_eq!(c.mention_count(0), 3);
        assert_eq!(c.article_counts(&[true, false]), [1, 1]);
        assert_eq!(c.article_counts(&[false, true]), [1, 0]);
    }

    #[test]
    fn excerpts_are_grouped_by_article_newest_first() {
        let c = two_articles();
        let groups = c.excerpts_of(0, |_| true);
        assert_eq!(groups.iter().map(|g| g.article).collect::<Vec<_>>(), [1, 0]);
        assert_eq!(groups[0].excerpts.len(), 2);
        assert_eq!(c.excerpts_of(0, |a| a == 0).len(), 1);
    }

    #[test]
    fn places_of_the_same_name_elsewhere_get_their_own_ids() {
        let mut c = two_articles();
        c.push(article(
            "c",
            "2024-03-01",
            "Paris, Texas.",
            vec![place("Paris", 3, vec![])],
        ));
        assert_eq!(c.places.len(), 3);
        assert_eq!(c.place_index("paris-2"), Some(2));
    }

    #[test]
    fn a_correction_applies_to_every_article_or_to_one() {
        let mut c = two_articles();
        let moved = c.choose_alternative(0, 0, Some(1)).unwrap();
        assert_eq!(c.places.len(), 3, "article a keeps its Paris");
        assert_eq!(c.places[moved].articles, [1]);
        let mut c = two_articles();
        let moved = c.choose_alternative(0, 0, None).unwrap();
        assert_eq!(c.places.len(), 2);
        assert_eq!(c.places[moved].articles, [0, 1]);
        assert_eq!(c.corrections.len(), 1);
        c.remove_place(moved, None);
        assert_eq!(c.places.len(), 1);
        assert!(
            c.articles
                .iter()
                .all(|a| a.story.places.iter().all(|p| p.name != "Paris"))
        );
    }

    #[test]
    fn saved_corrections_apply_by_name_and_report_the_ones_that_found_nothing() {
        let mut c = two_articles();
        let unused = c.apply_corrections(vec![
            Correction {
                name: "Lyon".into(),
                article: None,
                action: CorrectionAction::Remove,
            },
            Correction {
                name: "Oslo".into(),
                article: None,
                action: CorrectionAction::Remove,
            },
        ]);
        assert_eq!(unused.len(), 1);
        assert_eq!(c.places.len(), 1);
        assert_eq!(c.corrections.len(), 1);
    }
}
