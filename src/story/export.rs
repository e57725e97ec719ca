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
    let sentences = story.sentences_of_mentions();
    Report {
        story: StoryInfo {
            title: &story.title,
            article: story.article_path.display().to_string(),
        },
        places: story
            .places_by_first_mention()
            .into_iter()
            .map(|index| place_report(story, index, &sentences))
            .collect(),
        warnings: &story.warnings,
    }
}

/// The report of place `index` of `story`, with its mentions; `sentences` is
/// [`Story::sentences_of_mentions`].
fn place_report<'a>(
    story: &'a Story,
    index: usize,
    sentences: &[Option<usize>],
) -> PlaceReport<'a> {
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
            .mention_indices_of(index)
            .iter()
            .filter_map(|&m| story.mentions.get(m).map(|mention| (m, mention)))
            .map(|(m, mention)| {
                let sentence = sentences
                    .get(m)
                    .copied()
                    .flatten()
                    .and_then(|i| story.sentences.get(i));
                let (sentence_span, paragraph) =
                    sentence.map_or((mention.span.clone(), 0), |s| (s.span.clone(), s.paragraph));
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
}

/// Stories with more mentions than this are written out on several threads.
const PARALLEL_MENTIONS: usize = 20_000;
/// About this many mentions make one batch of places for a writing thread.
const BATCH_MENTIONS: usize = 2_000;

/// Writes the `places` array of [`report`] as compact JSON, byte for byte what serde_json
/// writes for it. A long story's places are built and serialized on all cores, in batches
/// that are written in order as they are done; their buffers are reused, so memory stays
/// small whatever the length of the story.
pub fn write_places_json(story: &Story, out: &mut dyn std::io::Write) -> serde_json::Result<()> {
    let order = story.places_by_first_mention();
    let sentences = story.sentences_of_mentions();
    let sentences = &sentences;
    let write_batch = |batch: &[usize], buf: &mut Vec<u8>| -> serde_json::Result<()> {
        for (i, &index) in batch.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            serde_json::to_writer(&mut *buf, &place_report(story, index, sentences))?;
        }
        Ok(())
    };
    let threads = crate::parallel::threads_for(story.mentions.len(), PARALLEL_MENTIONS);
    out.write_all(b"[").map_err(serde_json::Error::io)?;
    if threads == 1 {
        let mut buf = Vec::new();
        write_batch(&order, &mut buf)?;
        out.write_all(&buf).map_err(serde_json::Error::io)?;
        return out.write_all(b"]").map_err(serde_json::Error::io);
    }
    let mut batches: Vec<&[usize]> = Vec::new();
    let mut start = 0;
    let mut count = 0;
    for (i, &index) in order.iter().enumerate() {
        count += story.mention_indices_of(index).len();
        if count >= BATCH_MENTIONS {
            batches.push(&order[start..=i]);
            start = i + 1;
            count = 0;
        }
    }
    if start < order.len() {
        batches.push(&order[start..]);
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let pool: std::sync::Mutex<Vec<Vec<u8>>> = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        let (done, finished) = std::sync::mpsc::channel::<(usize, serde_json::Result<Vec<u8>>)>();
        for _ in 0..threads {
            let done = done.clone();
            let (next, pool, batches) = (&next, &pool, &batches);
            scope.spawn(move || {
                loop {
                    let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(batch) = batches.get(k) else {
                        break;
                    };
                    let mut buf = pool
                        .lock()
                        .ok()
                        .and_then(|mut p| p.pop())
                        .unwrap_or_default();
                    buf.clear();
                    let result = write_batch(batch, &mut buf).map(|()| buf);
                    if done.send((k, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        // Write the batches in order as they arrive, and give their buffers back.
        let mut pending = std::collections::BTreeMap::new();
        let mut wanted = 0;
        let mut first = true;
        for (k, result) in finished {
            pending.insert(k, result);
            while let Some(result) = pending.remove(&wanted) {
                let buf = result?;
                if !buf.is_empty() {
                    if !first {
                        out.write_all(b",").map_err(serde_json::Error::io)?;
                    }
                    first = false;
                    out.write_all(&buf).map_err(serde_json::Error::io)?;
                }
                if let Ok(mut pool) = pool.lock() {
                    pool.push(buf);
                }
                wanted += 1;
            }
        }
        if wanted < batches.len() {
            // A writer thread was lost; redo its batches here rather than drop them.
            for batch in &batches[wanted..] {
                let mut buf = Vec::new();
                write_batch(batch, &mut buf)?;
                if !buf.is_empty() {
                    if !first {
                        out.write_all(b",").map_err(serde_json::Error::io)?;
                    }
                    first = false;
                    out.write_all(&buf).map_err(serde_json::Error::io)?;
                }
            }
        }
        Ok::<(), serde_json::Error>(())
    })?;
    out.write_all(b"]").map_err(serde_json::Error::io)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::{Place, PlaceKind};

    #[test]
    fn places_json_written_in_parallel_batches_is_what_serde_writes() {
        let place = |id: &str, name: &str| Place {
            id: id.into(),
            name: name.into(),
            aliases: Vec::new(),
            kind: PlaceKind::City,
            lat: 43.1,
            lon: 131.9,
            note: None,
            geoparsed: None,
        };
        let unit = "Kim went to Vladivostok. Putin met him on \"Russky Island\" in Vladivostok.\n\
                    Then Pyongyang said “Hasan” was next.\n";
        let text = unit.repeat(PARALLEL_MENTIONS / 3 + 200);
        let story = Story::new(
            "t".into(),
            "t.txt".into(),
            text,
            vec![
                place("vladivostok", "Vladivostok"),
                place("russky", "Russky Island"),
                place("pyongyang", "Pyongyang"),
                place("hasan", "Hasan"),
            ],
        );
        assert!(story.mentions.len() > PARALLEL_MENTIONS);
        let mut written = Vec::new();
        write_places_json(&story, &mut written).expect("writes");
        let expected = serde_json::to_vec(&report(&story).places).expect("serializes");
        assert_eq!(written.len(), expected.len());
        assert!(written == expected, "the parallel writer changed the bytes");
    }
}
