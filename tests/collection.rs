//! Collections on the command line: a folder of articles gives one list of places across
//! them, each mention naming its article, and exports for GIS tools and spreadsheets.

use std::path::Path;
use std::process::Output;

mod common;
use common::article_map;

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A folder of three articles in different formats, in a subfolder too, and one file that
/// cannot be read.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("the fixture is written");
    let root = dir.path();
    std::fs::write(
        root.join("monday.txt"),
        "Storm reaches Lisbon\n\nA storm reached Lisbon on Monday. Ferries to Porto stopped.",
    )
    .expect("the fixture is written");
    std::fs::create_dir(root.join("week2")).expect("the fixture is written");
    std::fs::write(
        root.join("week2/friday.html"),
        "<html><head><title>Lisbon cleans up</title>\
         <meta property=\"article:published_time\" content=\"2024-02-09T08:00:00Z\"></head>\
         <body><article><h1>Lisbon cleans up</h1><p>Crews in Lisbon cleared the streets after \
         the storm, and the city council met to count the cost of the damage to the old town \
         and to the harbour, where several boats sank during the night.</p><p>In Madrid, the \
         government promised help for the coast of Portugal and for the regions hit.</p>\
         </article></body></html>",
    )
    .expect("the fixture is written");
    std::fs::write(root.join("broken.pdf"), b"%PDF-1.4 not really")
        .expect("the fixture is written");
    dir
}

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout(&article_map(args))).expect("JSON")
}

#[test]
fn places_of_a_folder_list_its_articles_and_each_mention_names_its_article() {
    let dir = folder();
    let path = dir.path().to_str().unwrap();
    let report = json(&["places", path, "--format", "json"]);
    let articles = report["articles"].as_array().unwrap();
    let ids: Vec<&str> = articles.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["broken.pdf", "monday.txt", "week2/friday.html"]);
    assert!(articles[0]["problem"].as_str().is_some(), "{}", articles[0]);
    assert_eq!(articles[2]["published"], "2024-02-09T08:00:00Z");
    assert_eq!(articles[2]["title"], "Lisbon cleans up");

    let places = report["places"].as_array().unwrap();
    let lisbon = places
        .iter()
        .find(|p| p["name"] == "Lisbon")
        .expect("Lisbon");
    assert_eq!(lisbon["articles"], 2, "named in two articles");
    assert_eq!(
        places[0]["name"], "Lisbon",
        "the most widely named comes first"
    );
    let mentions = lisbon["mentions"].as_array().unwrap();
    let in_articles: std::collections::BTreeSet<&str> = mentions
        .iter()
        .map(|m| m["article"].as_str().unwrap())
        .collect();
    assert_eq!(
        in_articles.into_iter().collect::<Vec<_>>(),
        ["monday.txt", "week2/friday.html"]
    );
    // Offsets are into each article's own body, as `text` prints it.
    for mention in mentions {
        let file = dir.path().join(mention["article"].as_str().unwrap());
        let text = json(&["text", file.to_str().unwrap(), "--format", "json"]);
        let body = text["body"].as_str().unwrap();
        let (start, end) = (
            mention["start"].as_u64().unwrap() as usize,
            mention["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&body[start..end], "Lisbon");
    }
}

#[test]
fn export_gives_geojson_with_the_articles_of_each_place_and_csv_with_a_row_per_mention() {
    let dir = folder();
    let path = dir.path().to_str().unwrap();
    let geojson = json(&["export", path, "--format", "geojson"]);
    let lisbon = geojson["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["name"] == "Lisbon")
        .expect("Lisbon");
    let named_in = lisbon["properties"]["named_in"].as_array().unwrap();
    assert_eq!(named_in.len(), 2);
    assert_eq!(named_in[0]["title"], "Lisbon cleans up", "newest first");

    let csv = stdout(&article_map(&["export", path, "--format", "csv"]));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().take(8).collect::<Vec<_>>(),
        [
            "article",
            "title",
            "published",
            "place",
            "place_id",
            "kind",
            "lat",
            "lon"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let lisbon_rows: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[3] == "Lisbon").collect();
    assert_eq!(lisbon_rows.len(), 3, "one row per mention");
    assert!(
        lisbon_rows
            .iter()
            .any(|r| r[11].contains("cleared the streets"))
    );
    let lat: f64 = lisbon_rows[0][6].parse().unwrap();
    assert!((lat - 38.7).abs() < 0.2, "{lat}");
}

#[test]
fn a_feed_is_a_collection_of_its_items() {
    let file = Path::new("tests/fixtures/readers/feed-rss.xml");
    let report = json(&["places", file.to_str().unwrap(), "--format", "json"]);
    let articles = report["articles"].as_array().unwrap();
    assert!(articles.len() > 1, "{report}");
    assert!(
        articles
            .iter()
            .all(|a| a["id"].as_str().unwrap().contains('#'))
    );
}

fn open_collection(path: &Path) -> article_map::collection::Collection {
    use article_map::collection::load::{Opened, load, open};
    match open(&[path.to_owned()]).expect("opens") {
        Opened::Collection(plan) => load(&plan, &|_| {}).expect("loads"),
        Opened::Story(_) => panic!("{} opened as a story", path.display()),
    }
}

fn place_names(collection: &article_map::collection::Collection) -> Vec<String> {
    collection
        .places
        .iter()
        .map(|p| p.place.name.clone())
        .collect()
}

#[test]
fn a_correction_survives_saving_and_reopening_and_only_a_changed_article_is_geoparsed_again() {
    use article_map::collection::saved;
    let dir = folder();
    let mut collection = open_collection(dir.path());
    let madrid = collection.place_index("madrid").expect("Madrid is found");
    collection.remove_place(madrid, None);
    assert!(!place_names(&collection).contains(&"Madrid".to_owned()));
    let path = saved::save(&collection, false).expect("saved");
    assert!(
        saved::save(&collection, false).is_err(),
        "never overwritten unasked"
    );
    let text = std::fs::read_to_string(&path).expect("collection.json");
    assert!(text.contains("\"sha256\""), "{text}");

    let reopened = open_collection(dir.path());
    assert!(reopened.changed.is_empty(), "{:?}", reopened.changed);
    assert!(
        !reopened
            .warnings
            .iter()
            .any(|w| w.contains("collection.json")),
        "{:?}",
        reopened.warnings
    );
    assert!(!place_names(&reopened).contains(&"Madrid".to_owned()));
    assert_eq!(place_names(&reopened), place_names(&collection));

    std::fs::write(
        dir.path().join("monday.txt"),
        "Storm reaches Lisbon\n\nA storm reached Lisbon on Monday. Ferries to Porto stopped. \
         Officials in Madrid met. Trains to Faro ran late.",
    )
    .expect("article changed");
    let reopened = open_collection(dir.path());
    assert_eq!(reopened.changed, ["monday.txt"]);
    assert!(
        reopened
            .warnings
            .iter()
            .any(|w| w.contains("geoparsed again") && w.contains("monday.txt")),
        "{:?}",
        reopened.warnings
    );
    let names = place_names(&reopened);
    assert!(names.contains(&"Faro".to_owned()), "{names:?}");
    assert!(
        !names.contains(&"Madrid".to_owned()),
        "the correction holds where the name still occurs: {names:?}"
    );
}

#[test]
fn a_corrupt_collection_json_is_reported_and_left_as_it_is() {
    let dir = folder();
    let path = dir.path().join("collection.json");
    std::fs::write(&path, "{ not json").expect("written");
    let collection = open_collection(dir.path());
    assert!(
        collection
            .warnings
            .iter()
            .any(|w| w.contains("collection.json:1:")),
        "{:?}",
        collection.warnings
    );
    assert_eq!(std::fs::read_to_string(&path).expect("kept"), "{ not json");
    assert!(place_names(&collection).contains(&"Lisbon".to_owned()));
}

#[test]
fn the_articles_of_a_json_lines_file_keep_their_corrections_when_reopened() {
    use article_map::collection::saved;
    let dir = folder();
    std::fs::write(
        dir.path().join("wire.jsonl"),
        "{\"id\": \"w1\", \"text\": \"Officials in Madrid met on Tuesday.\"}\n",
    )
    .expect("written");
    let mut collection = open_collection(dir.path());
    let madrid = collection.place_index("madrid").expect("Madrid is found");
    collection.remove_place(madrid, None);
    saved::save(&collection, false).expect("saved");
    let reopened = open_collection(dir.path());
    assert!(reopened.changed.is_empty(), "{:?}", reopened.changed);
    assert!(
        !place_names(&reopened).contains(&"Madrid".to_owned()),
        "{:?}",
        place_names(&reopened)
    );
}

#[test]
fn a_big_collection_is_handed_over_in_batches_as_it_is_read() {
    use article_map::collection::load::{Opened, PREVIEW_FROM, load_with_previews, open};
    let dir = tempfile::tempdir().expect("temp dir");
    let count = PREVIEW_FROM + 300;
    let cities = ["Oslo", "Lisbon", "Nairobi", "Lima"];
    for i in 0..count {
        let city = cities[i % cities.len()];
        std::fs::write(
            dir.path().join(format!("{i:05}.txt")),
            format!("Rain in {city}\n\nIt rained in {city} on day {i}."),
        )
        .expect("write");
    }
    let Ok(Opened::Collection(plan)) = open(&[dir.path().to_owned()]) else {
        panic!("a folder of articles is a collection");
    };
    let batches = std::sync::Mutex::new(Vec::new());
    let never = std::sync::atomic::AtomicBool::new(false);
    let collection = load_with_previews(&plan, &|_| (), &never, &|articles| {
        batches.lock().expect("lock").push(articles.len());
    })
    .expect("reads")
    .expect("not cancelled");
    let batches = batches.into_inner().expect("lock");
    assert!(batches.len() >= 2, "{batches:?}");
    assert_eq!(batches.iter().sum::<usize>(), count);
    assert_eq!(collection.articles.len(), count);
    assert_eq!(collection.places.len(), cities.len());
}
