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
    /// When it was published, if its file says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<&'a str>,
    /// Who wrote it, if its file says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byline: Option<&'a str>,
    /// Its address on the web, if its file says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
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
    #[serde(serialize_with = "super::places::serialize_coordinate")]
    pub lat: f64,
    /// Longitude, degrees.
    #[serde(serialize_with = "super::places::serialize_coordinate")]
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
            published: story.published.as_deref(),
            byline: story.byline.as_deref(),
            url: story.url.as_deref(),
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
    PlaceReport {
        mentions: mention_reports(story, index, sentences).collect(),
        ..place_head(story, index)
    }
}

/// [`place_report`] without the mentions.
fn place_head(story: &Story, index: usize) -> PlaceReport<'_> {
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
        mentions: Vec::new(),
    }
}

/// The reports of place `index`'s mentions, in reading order.
pub(crate) fn mention_reports<'a>(
    story: &'a Story,
    index: usize,
    sentences: &[Option<usize>],
) -> impl Iterator<Item = MentionReport<'a>> {
    story
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
}

/// Writes place `index`'s report as compact JSON, byte for byte what serde_json writes for
/// [`place_report`]. The place's own fields go through serde; its mentions, the bulk of a
/// long story, are written directly (three times faster).
fn write_place_json(
    buf: &mut Vec<u8>,
    story: &Story,
    index: usize,
    sentences: &[Option<usize>],
) -> serde_json::Result<()> {
    let start = buf.len();
    serde_json::to_writer(&mut *buf, &place_head(story, index))?;
    // `mentions` is the last field: serde ended with `"mentions":[]}`.
    const EMPTY_TAIL: &[u8] = b"\"mentions\":[]}";
    if !buf.ends_with(EMPTY_TAIL) {
        buf.truncate(start);
        return serde_json::to_writer(&mut *buf, &place_report(story, index, sentences));
    }
    buf.truncate(buf.len() - 2);
    for (i, m) in mention_reports(story, index, sentences).enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        let mut number = itoa::Buffer::new();
        buf.extend_from_slice(b"{\"start\":");
        buf.extend_from_slice(number.format(m.start).as_bytes());
        buf.extend_from_slice(b",\"end\":");
        buf.extend_from_slice(number.format(m.end).as_bytes());
        buf.extend_from_slice(b",\"text\":");
        write_json_string(buf, m.text);
        buf.extend_from_slice(b",\"paragraph\":");
        buf.extend_from_slice(number.format(m.paragraph).as_bytes());
        buf.extend_from_slice(b",\"sentence\":{\"start\":");
        buf.extend_from_slice(number.format(m.sentence.start).as_bytes());
        buf.extend_from_slice(b",\"end\":");
        buf.extend_from_slice(number.format(m.sentence.end).as_bytes());
        buf.extend_from_slice(b",\"text\":");
        write_json_string(buf, m.sentence.text);
        buf.extend_from_slice(b"}}");
    }
    buf.extend_from_slice(b"]}");
    Ok(())
}

/// Writes `text` as a JSON string, escaped exactly as serde_json escapes it: `"` and `\`,
/// and control characters (`\n`, `\t`… or `\u00XX`); everything else as it is.
fn write_json_string(buf: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    buf.reserve(bytes.len() + 2);
    buf.push(b'"');
    let mut run = 0;
    loop {
        let i = first_escape(bytes, run);
        buf.extend_from_slice(&bytes[run..i]);
        let Some(&b) = bytes.get(i) else {
            break;
        };
        run = i + 1;
        match b {
            b'"' => buf.extend_from_slice(b"\\\""),
            b'\\' => buf.extend_from_slice(b"\\\\"),
            b'\n' => buf.extend_from_slice(b"\\n"),
            b'\r' => buf.extend_from_slice(b"\\r"),
            b'\t' => buf.extend_from_slice(b"\\t"),
            0x08 => buf.extend_from_slice(b"\\b"),
            0x0C => buf.extend_from_slice(b"\\f"),
            _ => buf.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xF)],
            ]),
        }
    }
    buf.push(b'"');
}

/// Whether a byte must be escaped in a JSON string.
#[inline]
fn is_escaped(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The index of the first byte from `from` on that must be escaped, or `bytes.len()`.
/// Sixteen bytes at a time with SSE2 (part of every x86-64 CPU), else eight with
/// [`needs_escape`]: the sentences of a long story are most of what `extract` writes.
#[inline]
fn first_escape(bytes: &[u8], mut from: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
            _mm_set1_epi8,
        };
        while let Some(chunk) = bytes.get(from..from + 16) {
            // SAFETY: SSE2 is in the x86-64 baseline, and the unaligned load reads exactly
            // the 16 bytes of `chunk`.
            let mask = unsafe {
                let v = _mm_loadu_si128(chunk.as_ptr().cast());
                let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
                let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
                let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
                _mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash)))
            };
            if mask != 0 {
                return from + mask.trailing_zeros() as usize;
            }
            from += 16;
        }
    }
    while let Some(chunk) = bytes
        .get(from..from + 8)
        .and_then(|c| <[u8; 8]>::try_from(c).ok())
    {
        if needs_escape(u64::from_le_bytes(chunk)) {
            break;
        }
        from += 8;
    }
    while from < bytes.len() && !is_escaped(bytes[from]) {
        from += 1;
    }
    from
}

/// Whether any of the eight bytes in `w` is a control character, `"` or `\\` (exact: the
/// classic "has a zero byte" and "has a byte below n" tests).
#[inline]
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    let below_space = w.wrapping_sub(0x20 * ONES) & !w & HIGH != 0;
    below_space || has_zero(w ^ (b'"' as u64 * ONES)) || has_zero(w ^ (b'\\' as u64 * ONES))
}

/// Stories with more mentions than this are written out on several threads.
const PARALLEL_MENTIONS: usize = 20_000;
/// About this many mentions make one batch of places for a writing thread.
const BATCH_MENTIONS: usize = 2_000;
/// About as many bytes as the JSON of a place without its mentions, and of a mention with
/// its sentence, take in news.
const BYTES_PER_PLACE: usize = 1 << 10;
const BYTES_PER_MENTION: usize = 320;

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
            write_place_json(buf, story, index, sentences)?;
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
    // Each batch with about how many bytes it makes: its buffer is reserved at once, as
    // growing it would copy it again and again.
    let size_of =
        |places: usize, mentions: usize| places * BYTES_PER_PLACE + mentions * BYTES_PER_MENTION;
    let mut batches: Vec<(&[usize], usize)> = Vec::new();
    let mut start = 0;
    let mut count = 0;
    for (i, &index) in order.iter().enumerate() {
        count += story.mention_indices_of(index).len();
        if count >= BATCH_MENTIONS {
            batches.push((&order[start..=i], size_of(i + 1 - start, count)));
            start = i + 1;
            count = 0;
        }
    }
    if start < order.len() {
        batches.push((&order[start..], size_of(order.len() - start, count)));
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
                    let Some(&(batch, size)) = batches.get(k) else {
                        break;
                    };
                    let mut buf = pool
                        .lock()
                        .ok()
                        .and_then(|mut p| p.pop())
                        .unwrap_or_default();
                    buf.clear();
                    buf.reserve(size);
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
            for &(batch, _) in &batches[wanted..] {
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
                geometry: Some(geojson::Geometry::new_point([
                    super::places::round_coordinate(place.lon),
                    super::places::round_coordinate(place.lat),
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

    #[test]
    fn the_eight_byte_escape_test_is_exact() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = b;
                let want = b < 0x20 || b == b'"' || b == b'\\';
                assert_eq!(
                    needs_escape(u64::from_le_bytes(word)),
                    want,
                    "{b:#x} at {at}"
                );
            }
        }
    }

    #[test]
    fn the_first_byte_to_escape_is_found_at_every_position() {
        for b in 0..=255u8 {
            for len in [1, 7, 8, 15, 16, 17, 31, 33, 40] {
                for at in 0..len {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    let want = if is_escaped(b) { at } else { len };
                    for from in [0, at / 2, at] {
                        assert_eq!(first_escape(&bytes, from), want, "{b:#x} at {at} of {len}");
                    }
                }
            }
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_escapes_them() {
        let mut all = String::new();
        for c in (0u8..0x80).map(char::from) {
            all.push(c);
        }
        for text in [
            "",
            "plain",
            "“Quotes” and \"quotes\", back\\slash",
            "tab\tnew\nline\r\u{8}\u{c}\u{1}\u{1f}\u{7f}",
            "Владивосток 평양 \u{2028}",
            &all,
        ] {
            let mut buf = Vec::new();
            write_json_string(&mut buf, text);
            assert_eq!(
                String::from_utf8_lossy(&buf),
                serde_json::to_string(text).expect("serializes"),
                "{text:?}"
            );
        }
    }
}
