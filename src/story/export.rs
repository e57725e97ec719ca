//! Machine-readable views of a story: the JSON of `article-map places --format json` and
//! a GeoJSON FeatureCollection for QGIS, geojson.io and friends.

use serde::Serialize;

use super::{Story, places::GeoparseInfo};

/// The whole report: the story and its places with their mentions.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    /// Title and article path.
    pub story: StoryInfo<'a>,
    /// Places in order of first mention.
    pub places: Vec<PlaceReport<'a>>,
    /// Warnings, e.g. places never mentioned.
    pub warnings: &'a [String],
}

/// The story's title and article path.
#[derive(Debug, Serialize)]
pub struct StoryInfo<'a> {
    /// Title.
    pub title: &'a str,
    /// Path of the article as given.
    pub article: String,
}

/// One place with its mentions.
#[derive(Debug, Serialize)]
pub struct PlaceReport<'a> {
    /// Stable id.
    pub id: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Kind, lowercase.
    pub kind: super::PlaceKind,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Aliases.
    pub aliases: &'a [String],
    /// Note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
    /// Geoparser details, for places found automatically.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub geoparsed: Option<&'a GeoparseInfo>,
    /// Every mention, in reading order.
    pub mentions: Vec<MentionReport<'a>>,
}

/// One mention with the sentence around it.
#[derive(Debug, Serialize)]
pub struct MentionReport<'a> {
    /// Byte offset of the mention's start, inclusive.
    pub start: usize,
    /// Byte offset of the mention's end, exclusive.
    pub end: usize,
    /// The mention's text.
    pub text: &'a str,
    /// Zero-based paragraph index.
    pub paragraph: usize,
    /// The sentence holding the mention.
    pub sentence: SpanReport<'a>,
}

/// A span of the article with its text.
#[derive(Debug, Serialize)]
pub struct SpanReport<'a> {
    /// Byte offset, inclusive.
    pub start: usize,
    /// Byte offset, exclusive.
    pub end: usize,
    /// The text.
    pub text: &'a str,
}

/// Builds the report of `story`.
pub fn report(story: &Story) -> Report<'_> {
    let places = story
        .places_by_first_mention()
        .into_iter()
        .map(|index| {
            let place = &story.places[index];
            PlaceReport {
                id: &place.id,
                name: &place.name,
                kind: place.kind,
                lat: place.lat,
                lon: place.lon,
                aliases: &place.aliases,
                note: place.note.as_deref(),
                geoparsed: place.geoparsed.as_ref(),
                mentions: story
                    .mentions_of(index)
                    .map(|mention| {
                        let sentence = story
                            .sentence_at(mention.span.start)
                            .and_then(|i| story.sentences.get(i));
                        let (sentence_span, paragraph) = sentence
                            .map_or((mention.span.clone(), 0), |s| (s.span.clone(), s.paragraph));
                        MentionReport {
                            start: mention.span.start,
                            end: mention.span.end,
                            text: &story.text[mention.span.clone()],
                            paragraph,
                            sentence: SpanReport {
                                start: sentence_span.start,
                                end: sentence_span.end,
                                text: &story.text[sentence_span],
                            },
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    Report {
        story: StoryInfo {
            title: &story.title,
            article: story.article_path.display().to_string(),
        },
        places,
        warnings: &story.warnings,
    }
}

/// A GeoJSON FeatureCollection with one Point per place. Properties: `id`, `name`, `kind`,
/// `mentions` (the count), `excerpts` (the sentences), and `note` where there is one.
pub fn geojson(story: &Story) -> geojson::FeatureCollection {
    let features = story
        .places_by_first_mention()
        .into_iter()
        .map(|index| {
            let place = &story.places[index];
            let mut properties = serde_json::Map::new();
            properties.insert("id".into(), place.id.clone().into());
            properties.insert("name".into(), place.name.clone().into());
            properties.insert("kind".into(), place.kind.as_str().into());
            properties.insert("mentions".into(), story.mentions_of(index).count().into());
            let excerpts: Vec<serde_json::Value> = story
                .excerpts_of(index)
                .iter()
                .map(|e| story.sentence_text(e.sentence).into())
                .collect();
            properties.insert("excerpts".into(), excerpts.into());
            if let Some(note) = &place.note {
                properties.insert("note".into(), note.clone().into());
            }
            geojson::Feature {
                bbox: None,
                geometry: Some(geojson::Geometry::new_point([place.lon, place.lat])),
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
