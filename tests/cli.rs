//! The command line as a script or a user runs it: output shapes, and a clear error with
//! exit code 2 for every kind of bad input.

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::article_map;

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A story folder in a temporary directory, with the given places JSON and article bytes.
fn story_with(places_json: &str, article: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("places.json"), places_json).expect("write places");
    std::fs::write(dir.path().join("article.txt"), article).expect("write article");
    let path = dir.path().to_owned();
    (dir, path)
}

const ONE_PLACE: &str = r#"{"article": "article.txt", "places": [
  {"id": "oslo", "name": "Oslo", "kind": "city", "lat": 59.91, "lon": 10.75}
]}"#;

/// Runs `places` on a story and expects a refusal with exit code 2 and all of `needles` in
/// the message.
fn refused(story: &Path, needles: &[&str]) {
    let output = article_map(&["places", story.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(2), "stderr: {}", stderr(&output));
    let message = stderr(&output);
    for needle in needles {
        assert!(message.contains(needle), "{needle:?} not in: {message}");
    }
    assert!(!message.contains("panicked"), "{message}");
}

#[test]
fn places_json_lists_the_five_required_places_with_their_mentions() {
    let output = article_map(&["places", "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(json["story"]["title"], "Kim and Putin meet in Vladivostok");
    assert!(
        json["story"]["article"]
            .as_str()
            .is_some_and(|p| p.ends_with("article.txt"))
    );
    let article = std::fs::read_to_string("data/vladivostok-summit/article.txt").expect("article");
    let places = json["places"].as_array().expect("places array");
    for (id, count) in [
        ("vladivostok", 4),
        ("russky-island", 1),
        ("hasan", 1),
        ("pyongyang", 2),
        ("vietnam", 1),
    ] {
        let place = places
            .iter()
            .find(|p| p["id"] == id)
            .unwrap_or_else(|| panic!("{id} is listed"));
        let mentions = place["mentions"].as_array().expect("mentions");
        assert_eq!(mentions.len(), count, "{id}");
        for mention in mentions {
            let (start, end) = (
                mention["start"].as_u64().expect("start") as usize,
                mention["end"].as_u64().expect("end") as usize,
            );
            assert_eq!(article[start..end], mention["text"], "{id} span");
            let sentence = &mention["sentence"];
            let (s_start, s_end) = (
                sentence["start"].as_u64().expect("start") as usize,
                sentence["end"].as_u64().expect("end") as usize,
            );
            assert!(s_start <= start && end <= s_end);
            assert_eq!(article[s_start..s_end], sentence["text"]);
            assert!(mention["paragraph"].is_u64());
        }
        for field in ["name", "kind", "lat", "lon"] {
            assert!(!place[field].is_null(), "{id}.{field}");
        }
    }
}

#[test]
fn places_table_shows_each_place_with_its_count_and_first_excerpt() {
    let output = article_map(&["places"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let table = String::from_utf8(output.stdout).expect("utf-8");
    let hasan = table
        .lines()
        .find(|l| l.starts_with("Hasan "))
        .expect("a Hasan row");
    assert!(hasan.contains("town"), "{hasan}");
    assert!(hasan.contains("42.4283N 130.6456E"), "{hasan}");
    assert!(hasan.contains("Kim had arrived"), "{hasan}");
}

#[test]
fn export_writes_geojson_that_parses_as_a_feature_collection() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("places.geojson");
    let output = article_map(&[
        "export",
        "--format",
        "geojson",
        "-o",
        out.to_str().expect("path"),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&out).expect("written");
    let collection: geojson::FeatureCollection = text.parse().expect("valid GeoJSON");
    let pyongyang = collection
        .features
        .iter()
        .find(|f| f.property("name").and_then(|n| n.as_str()) == Some("Pyongyang"))
        .expect("a Pyongyang feature");
    let geometry = serde_json::to_value(pyongyang.geometry.as_ref().expect("a geometry"))
        .expect("geometry serializes");
    assert_eq!(geometry["type"], "Point");
    assert_eq!(
        geometry["coordinates"],
        serde_json::json!([125.7543, 39.0339])
    );
    assert_eq!(pyongyang.property("mentions"), Some(&serde_json::json!(2)));
    assert_eq!(
        pyongyang
            .property("excerpts")
            .and_then(|e| e.as_array())
            .map(Vec::len),
        Some(2)
    );
}

#[test]
fn a_missing_story_is_named() {
    refused(
        Path::new("no/such/story"),
        &["no/such/story", "no such file or folder"],
    );
}

#[test]
fn invalid_json_names_file_line_column_and_what_was_expected() {
    let (_dir, path) = story_with(
        "{\n  \"article\": \"article.txt\",\n  \"places\": [,]\n}",
        b"Oslo.",
    );
    refused(&path, &["places.json:3:14", "expected value"]);
}

#[test]
fn an_unknown_field_is_named() {
    let json = ONE_PLACE.replace("\"lat\"", "\"lattitude\": 1, \"lat\"");
    let (_dir, path) = story_with(&json, b"Oslo.");
    refused(&path, &["places.json:2:", "unknown field `lattitude`"]);
}

#[test]
fn a_missing_required_field_is_named() {
    let json = ONE_PLACE.replace(", \"lon\": 10.75", "");
    let (_dir, path) = story_with(&json, b"Oslo.");
    refused(&path, &["places.json:2:", "missing field `lon`"]);
}

#[test]
fn out_of_range_coordinates_name_the_place() {
    let (_dir, path) = story_with(&ONE_PLACE.replace("59.91", "91.5"), b"Oslo.");
    refused(&path, &["\"oslo\"", "lat 91.5", "−90..90"]);
    let (_dir, path) = story_with(&ONE_PLACE.replace("10.75", "-180.5"), b"Oslo.");
    refused(&path, &["\"oslo\"", "lon -180.5"]);
}

#[test]
fn a_non_numeric_latitude_is_refused() {
    let (_dir, path) = story_with(&ONE_PLACE.replace("59.91", "\"NaN\""), b"Oslo.");
    refused(&path, &["places.json:2:", "invalid type"]);
}

#[test]
fn duplicate_ids_are_refused() {
    let json = ONE_PLACE.replace(
        "]}",
        ", {\"id\": \"oslo\", \"name\": \"Bergen\", \"kind\": \"city\", \"lat\": 60.4, \"lon\": 5.3}]}",
    );
    let (_dir, path) = story_with(&json, b"Oslo and Bergen.");
    refused(&path, &["duplicate id \"oslo\"", "#1 and #2"]);
}

#[test]
fn an_article_that_is_not_utf8_names_the_byte_offset() {
    let (_dir, path) = story_with(ONE_PLACE, b"Oslo is \xff nice.");
    refused(&path, &["article.txt", "not UTF-8", "offset 8"]);
}

#[test]
fn an_empty_article_is_refused() {
    let (_dir, path) = story_with(ONE_PLACE, b"  \n\n");
    refused(&path, &["article.txt", "empty"]);
}

#[test]
fn an_article_over_64_mib_is_refused_with_the_limit() {
    let (dir, path) = story_with(ONE_PLACE, b"");
    let file = std::fs::File::create(dir.path().join("article.txt")).expect("create");
    file.set_len(64 * 1024 * 1024 + 1).expect("sparse file");
    refused(&path, &["article.txt", "64 MiB", "67108864"]);
}

#[test]
fn a_place_never_mentioned_is_a_warning_and_the_command_succeeds() {
    let (_dir, path) = story_with(ONE_PLACE, b"Nothing about Norway here.");
    let output = article_map(&["places", path.to_str().expect("path")]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("warning: place \"oslo\""));
}

#[test]
fn extract_finds_the_bundled_storys_places_without_its_places_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let article = dir.path().join("vladivostok.txt");
    std::fs::copy("data/vladivostok-summit/article.txt", &article).expect("copy");
    let output = article_map(&[
        "extract",
        article.to_str().expect("path"),
        "--format",
        "json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let places = json[0]["places"].as_array().expect("places");
    let names: Vec<&str> = places.iter().filter_map(|p| p["name"].as_str()).collect();
    for name in [
        "Vladivostok",
        "Pyongyang",
        "Vietnam",
        "Russia",
        "North Korea",
        "South Korea",
        "United States",
        "China",
    ] {
        assert!(names.contains(&name), "{name} not in {names:?}");
    }
    let text = std::fs::read_to_string(&article).expect("article");
    for place in places {
        assert!(place["confidence"].as_f64().is_some());
        assert!(place["lat"].is_f64() && place["lon"].is_f64());
        for mention in place["mentions"].as_array().expect("mentions") {
            let (start, end) = (
                mention["start"].as_u64().expect("start") as usize,
                mention["end"].as_u64().expect("end") as usize,
            );
            assert_eq!(text[start..end], mention["text"]);
        }
    }
    let pyongyang = places
        .iter()
        .find(|p| p["name"] == "Pyongyang")
        .expect("Pyongyang");
    assert!((pyongyang["lat"].as_f64().expect("lat") - 39.03).abs() < 0.1);
}

#[test]
fn extract_jsonl_prints_a_line_per_file_and_reports_unreadable_ones_after_the_others() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = dir.path().join("good.txt");
    let bad = dir.path().join("bad.txt");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&good, "Officials in Paris and Berlin met on Monday.").expect("write");
    std::fs::write(&bad, b"\x00\xff\xfe binary").expect("write");
    std::fs::write(&empty, b"").expect("write");
    let output = article_map(&[
        "extract",
        bad.to_str().expect("path"),
        good.to_str().expect("path"),
        empty.to_str().expect("path"),
        "--format",
        "jsonl",
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0]["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("good.txt"))
    );
    let message = stderr(&output);
    assert!(
        message.contains("bad.txt") && message.contains("binary data"),
        "{message}"
    );
    assert!(
        message.contains("empty.txt") && message.contains("empty"),
        "{message}"
    );
}

#[test]
fn extract_handles_text_in_other_scripts_and_text_with_no_places() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cyrillic = dir.path().join("ru.txt");
    let none = dir.path().join("none.txt");
    std::fs::write(
        &cyrillic,
        "Путин встретился с Ким Чен Ыном во Владивостоке. 김정은 위원장.",
    )
    .expect("write");
    std::fs::write(&none, "the quick brown fox jumps over the lazy dog").expect("write");
    let output = article_map(&[
        "extract",
        cyrillic.to_str().expect("path"),
        none.to_str().expect("path"),
        "--format",
        "geojson",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).expect("utf-8");
    let _: geojson::FeatureCollection = text.parse().expect("valid GeoJSON");
}

#[test]
fn places_opens_a_bare_article_through_the_geoparser() {
    let dir = tempfile::tempdir().expect("temp dir");
    let article = dir.path().join("article.md");
    std::fs::write(
        &article,
        "Flooding hit Jakarta and Surabaya, Indonesia, on Monday.",
    )
    .expect("write");
    let output = article_map(&["places", article.to_str().expect("path")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let table = String::from_utf8_lossy(&output.stdout);
    assert!(table.contains("Jakarta"), "{table}");
}
