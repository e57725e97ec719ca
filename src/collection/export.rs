//! Machine-readable views of a collection: the JSON of `article-map places FOLDER --format
//! json`, a GeoJSON FeatureCollection with the articles that name each place, and a CSV
//! with one row per mention for spreadsheets and pandas.

use serde::Serialize;

use super::Collection;
use crate::story::export::{MentionReport, mention_reports};
use crate::story::places::{round_coordinate, serialize_coordinate};
use crate::story::{GeoparseInfo, PlaceKind};

/// The whole report: the articles, and the places with their mentions in every article.
#[derive(Debug, Serialize)]
pub struct CollectionReport<'a> {
    /// The collection's name.
    pub title: &'a str,
    /// Every article, readable or not.
    pub articles: Vec<ArticleReport<'a>>,
    /// The places, the most widely named first.
    pub places: Vec<PlaceReport<'a>>,
    /// Things worth knowing, e.g. articles that could not be read.
    pub warnings: &'a [String],
}

/// One article.
#[derive(Debug, Serialize)]
pub struct ArticleReport<'a> {
    /// Its id, which each mention's `article` names.
    pub id: &'a str,
    /// Its headline.
    pub title: &'a str,
    /// When it was published, as its file says.
    pub published: Option<&'a str>,
    /// The file it came from.
    pub path: String,
    /// Why it could not be read, if it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<&'a str>,
}

/// One place, with its mentions in every article.
#[derive(Debug, Serialize)]
pub struct PlaceReport<'a> {
    /// Id, unique in the collection.
    pub id: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Kind, lowercase.
    pub kind: PlaceKind,
    /// Latitude, degrees.
    #[serde(serialize_with = "serialize_coordinate")]
    pub lat: f64,
    /// Longitude, degrees.
    #[serde(serialize_with = "serialize_coordinate")]
    pub lon: f64,
    /// How many articles name it.
    pub articles: usize,
    /// Geoparser details, for places found automatically.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub geoparsed: Option<&'a GeoparseInfo>,
    /// Every mention, article by article, in reading order; offsets are into that
    /// article's body.
    pub mentions: Vec<ArticleMention<'a>>,
}

/// A mention, with the id of its article.
#[derive(Debug, Serialize)]
pub struct ArticleMention<'a> {
    /// The id of the article it is in.
    pub article: &'a str,
    /// The mention, as `places --format json` gives it for a story.
    #[serde(flatten)]
    pub mention: MentionReport<'a>,
}

/// Place indices, the most widely named first (then by first appearance).
pub fn places_by_reach(collection: &Collection) -> Vec<usize> {
    let mut order: Vec<usize> = (0..collection.places.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(collection.places[i].articles.len()));
    order
}

/// Builds the report of `collection`.
pub fn report(collection: &Collection) -> CollectionReport<'_> {
    let sentences: Vec<Vec<Option<usize>>> = collection
        .articles
        .iter()
        .map(|a| a.story.sentences_of_mentions())
        .collect();
    let places = places_by_reach(collection)
        .into_iter()
        .map(|index| {
            let merged = &collection.places[index];
            let place = &merged.place;
            let mentions = merged
                .named_in
                .iter()
                .flat_map(|&(article, local)| {
                    let a = &collection.articles[article];
                    mention_reports(&a.story, local, &sentences[article]).map(|mention| {
                        ArticleMention {
                            article: &a.id,
                            mention,
                        }
                    })
                })
                .collect();
            PlaceReport {
                id: &place.id,
                name: &place.name,
                kind: place.kind,
                lat: place.lat,
                lon: place.lon,
                articles: merged.articles.len(),
                geoparsed: place.geoparsed.as_ref(),
                mentions,
            }
        })
        .collect();
    CollectionReport {
        title: &collection.title,
        articles: collection
            .articles
            .iter()
            .map(|a| ArticleReport {
                id: &a.id,
                title: &a.story.title,
                published: a.story.published.as_deref(),
                path: a.story.article_path.display().to_string(),
                problem: a.problem.as_deref(),
            })
            .collect(),
        places,
        warnings: &collection.warnings,
    }
}

/// A GeoJSON FeatureCollection with one Point per place. Properties: `id`, `name`, `kind`,
/// `mentions` and `articles` (counts), and `named_in`: the `id`, `title` and `published`
/// of each article that names it, newest first.
pub fn geojson(collection: &Collection) -> geojson::FeatureCollection {
    let features = places_by_reach(collection)
        .into_iter()
        .map(|index| {
            let merged = &collection.places[index];
            let place = &merged.place;
            let mut properties = serde_json::Map::new();
            properties.insert("id".into(), place.id.clone().into());
            properties.insert("name".into(), place.name.clone().into());
            properties.insert("kind".into(), place.kind.as_str().into());
            properties.insert("mentions".into(), collection.mention_count(index).into());
            properties.insert("articles".into(), merged.articles.len().into());
            let named_in: Vec<serde_json::Value> = collection
                .excerpts_of(index, |_| true)
                .iter()
                .map(|group| {
                    let a = &collection.articles[group.article];
                    serde_json::json!({"id": a.id, "title": a.story.title, "published": a.story.published})
                })
                .collect();
            properties.insert("named_in".into(), named_in.into());
            geojson::Feature {
                bbox: None,
                geometry: Some(geojson::Geometry::new_point([
                    round_coordinate(place.lon),
                    round_coordinate(place.lat),
                ])),
                id: Some(geojson::feature::Id::String(place.id.clone())),
                properties: Some(properties),
                foreign_members: None,
            }
        })
        .collect();
    geojson::FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    }
}

/// One row of the CSV export.
#[derive(Serialize)]
struct CsvRow<'a> {
    article: &'a str,
    title: &'a str,
    published: &'a str,
    place: &'a str,
    place_id: &'a str,
    kind: &'a str,
    lat: f64,
    lon: f64,
    start: usize,
    end: usize,
    mention: &'a str,
    sentence: &'a str,
}

/// Writes one CSV row per mention, article by article in reading order: `article`,
/// `title`, `published`, `place`, `place_id`, `kind`, `lat`, `lon`, `start` and `end` (byte
/// offsets into the article's body), `mention` and `sentence`.
pub fn write_csv(collection: &Collection, out: &mut dyn std::io::Write) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    for article in &collection.articles {
        let story = &article.story;
        let sentences = story.sentences_of_mentions();
        for (m, mention) in story.mentions.iter().enumerate() {
            let Some(global) = article.in_collection.get(mention.place) else {
                continue;
            };
            let place = &collection.places[*global].place;
            let sentence = sentences
                .get(m)
                .copied()
                .flatten()
                .and_then(|i| story.sentences.get(i))
                .map_or("", |s| &story.text[s.span.clone()]);
            writer.serialize(CsvRow {
                article: &article.id,
                title: &story.title,
                published: story.published.as_deref().unwrap_or(""),
                place: &place.name,
                place_id: &place.id,
                kind: place.kind.as_str(),
                lat: round_coordinate(place.lat),
                lon: round_coordinate(place.lon),
                start: mention.span.start,
                end: mention.span.end,
                mention: &story.text[mention.span.clone()],
                sentence,
            })?;
        }
    }
    writer.flush()?;
    Ok(())
}
