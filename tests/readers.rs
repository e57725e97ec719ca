//! Every format a reader opens, from the fixtures in `tests/fixtures/readers/` (made by
//! `scripts/make-fixtures`) and real pages in `tests/fixtures/pages/`: what the geoparser
//! sees, and a clear refusal with exit code 2 for each kind of bad file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use article_map::readers::{self, Format, ReadError};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/readers")
        .join(name)
}

fn read(name: &str) -> Result<readers::Read, ReadError> {
    readers::read_path(&fixture(name))
}

fn body(name: &str) -> String {
    let read = read(name).unwrap_or_else(|err| panic!("{name}: {err}"));
    read.documents[0].body.clone()
}

fn article_map(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_article-map"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().expect("stdin");
    let bytes = stdin.unwrap_or_default().to_vec();
    let writer = std::thread::spawn(move || std::io::Write::write_all(&mut input, &bytes));
    let output = child.wait_with_output().expect("the binary ends");
    let _ = writer.join();
    output
}

/// The JSON that a command prints, which must succeed.
fn json_of(args: &[&str]) -> serde_json::Value {
    let output = article_map(args, None);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// The names of the places `places --format json` finds in `file`.
fn place_names(file: &Path) -> Vec<String> {
    let json = json_of(&["places", file.to_str().expect("path"), "--format", "json"]);
    json["places"]
        .as_array()
        .expect("places")
        .iter()
        .map(|p| p["name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn a_news_page_gives_the_article_and_none_of_the_places_in_its_menus_scripts_banners_comments_or_footer()
 {
    let page = fixture("news-page.html");
    let read = readers::read_path(&page).expect("the page reads");
    assert_eq!(read.format, Format::Html);
    let document = &read.documents[0];
    assert!(
        document.title.as_deref().is_some_and(|t| t.contains("Gda")),
        "{document:?}"
    );
    assert_eq!(document.published.as_deref(), Some("2024-03-14T09:30:00Z"));
    assert!(
        document
            .byline
            .as_deref()
            .is_some_and(|b| b.contains("Anna Kowalska"))
    );
    assert_eq!(
        document.url.as_deref(),
        Some("https://news.example.com/2024/03/14/harbour-reopens")
    );
    for boilerplate in [
        "Paris", "Berlin", "Madrid", "Lisbon", "Vienna", "Oslo", "Prague", "Rome", "Athens",
        "London", "Dublin", "<", "&amp;", "&nbsp;",
    ] {
        assert!(
            !document.body.contains(boilerplate),
            "{boilerplate:?} in:\n{}",
            document.body
        );
    }
    assert!(document.body.contains("\n\n"), "paragraphs are kept");
    let names = place_names(&page);
    for place in ["Gdańsk", "Gdynia", "Sopot", "Warsaw"] {
        assert!(names.iter().any(|n| n == place), "{place} not in {names:?}");
    }
    for place in [
        "Paris", "Berlin", "Madrid", "Lisbon", "Vienna", "Oslo", "Prague", "London", "Dublin",
    ] {
        assert!(!names.iter().any(|n| n == place), "{place} in {names:?}");
    }
}

#[test]
fn pages_in_another_character_set_are_decoded() {
    for name in ["cp1251.html", "cp1251-http-equiv.html"] {
        let text = body(name);
        assert!(text.contains("Новосибирске"), "{name}: {text}");
        assert!(text.contains("Novosibirsk"), "{name}: {text}");
    }
}

#[test]
fn pages_without_an_article_are_refused() {
    for name in ["login.html", "js-shell.html"] {
        let err = read(name).expect_err(name);
        assert!(matches!(err, ReadError::NoArticle { .. }), "{name}: {err}");
        assert!(err.to_string().contains(name), "{err}");
    }
}

#[test]
fn a_pdf_gives_paragraphs_with_hyphenation_joined_and_running_headers_and_page_numbers_dropped() {
    let pdf = read("report.pdf").expect("the PDF reads");
    assert_eq!(pdf.format, Format::Pdf);
    let document = &pdf.documents[0];
    assert_eq!(
        document.title.as_deref(),
        Some("Harbour Review Quarterly Report")
    );
    let text = &document.body;
    for joined in ["infrastructure", "shipments", "warehouses"] {
        assert!(text.contains(joined), "{joined} not in:\n{text}");
    }
    for kept in ["deep-water", "cold-storage"] {
        assert!(text.contains(kept), "{kept} not in:\n{text}");
    }
    assert!(!text.contains("Quarterly Report\n"), "{text}");
    assert!(
        !text.contains("Harbour Review — Quarterly Report"),
        "{text}"
    );
    assert!(!text.contains("Page 2 of 3"), "{text}");
    assert!(
        text.contains("crude oil and refined products close to last year"),
        "a paragraph goes on across a page break:\n{text}"
    );
    assert!(text.matches("\n\n").count() >= 3, "paragraphs:\n{text}");
    for place in ["Rotterdam", "Antwerp", "Hamburg", "Felixstowe"] {
        assert!(text.contains(place), "{place}");
    }
}

#[test]
fn scanned_encrypted_and_truncated_pdfs_are_refused_with_the_reason() {
    let err = read("scan.pdf").expect_err("a scan");
    assert!(matches!(err, ReadError::NoTextLayer { .. }), "{err}");
    assert!(err.to_string().contains("OCR"), "{err}");
    let err = read("encrypted.pdf").expect_err("encrypted");
    assert!(matches!(err, ReadError::Encrypted { .. }), "{err}");
    let err = read("truncated.pdf").expect_err("truncated");
    assert!(matches!(err, ReadError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("truncated.pdf"), "{err}");
}

#[test]
fn a_word_file_gives_its_paragraphs_and_title() {
    let docx = read("story.docx").expect("the docx reads");
    assert_eq!(docx.format, Format::Docx);
    let document = &docx.documents[0];
    assert_eq!(document.title.as_deref(), Some("Floods in the Po Valley"));
    for text in [
        "Evacuations around Bologna",
        "Modena",
        "Ferrara",
        "8.1 metres",
    ] {
        assert!(
            document.body.contains(text),
            "{text} not in:\n{}",
            document.body
        );
    }
    assert!(!document.body.contains('<'));
    let untitled = read("untitled.docx").expect("reads");
    assert_eq!(
        untitled.documents[0].title.as_deref(),
        Some("Storm hits Galway")
    );
    let err = read("truncated.docx").expect_err("truncated");
    assert!(matches!(err, ReadError::Corrupt { .. }), "{err}");
}

#[test]
fn feeds_give_an_article_per_item_with_the_full_content_first() {
    let rss = read("feed-rss.xml").expect("RSS reads");
    assert_eq!(rss.format, Format::Feed);
    assert_eq!(rss.documents.len(), 3);
    assert!(
        rss.documents[0].body.contains("Wieliczka"),
        "content:encoded, not the description"
    );
    assert!(!rss.documents[0].body.contains("Paris"), "no script text");
    assert!(
        rss.documents
            .iter()
            .all(|d| d.title.is_some() && d.url.is_some() && d.published.is_some())
    );
    let atom = read("feed-atom.xml").expect("Atom reads");
    assert_eq!(atom.documents.len(), 3);
    assert!(atom.documents[0].body.contains("Ostend"));
    assert!(
        atom.documents[2].body.contains("Lyon"),
        "a summary when there is no content"
    );
    let json = read("feed.json").expect("JSON Feed reads");
    assert!(json.documents[0].body.contains("Valencia"));
    assert!(json.documents[1].body.contains("Seville"));
    let err = read("empty-feed.xml").expect_err("empty");
    assert!(matches!(err, ReadError::EmptyFeed { .. }), "{err}");
    let err = read("broken-feed.xml").expect_err("broken");
    assert!(matches!(err, ReadError::Corrupt { .. }), "{err}");
}

#[test]
fn the_content_decides_the_format_whatever_the_name_says() {
    let read_named = read("pdf-named.txt").expect("a PDF named .txt");
    assert_eq!(read_named.format, Format::Pdf);
    assert!(
        read_named.warnings[0].contains("pdf-named.txt"),
        "{:?}",
        read_named.warnings
    );
    assert_eq!(read("html-named.pdf").expect("html").format, Format::Html);
    assert_eq!(read("not-a-docx.docx").expect("text").format, Format::Text);
    assert!(body("notes.md").contains("Tromsø"));
}

#[test]
fn every_bad_file_is_refused_on_the_command_line_with_exit_code_2_and_its_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let image = dir.path().join("photo.html");
    std::fs::write(&image, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("write");
    let huge = dir.path().join("huge.html");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(64 * 1024 * 1024 + 1))
        .expect("sparse file");
    let cases: Vec<(PathBuf, &str)> = vec![
        (fixture("scan.pdf"), "no text layer"),
        (fixture("encrypted.pdf"), "encrypted"),
        (fixture("truncated.pdf"), "damaged"),
        (fixture("truncated.docx"), "damaged"),
        (fixture("broken-feed.xml"), "damaged"),
        (fixture("empty-feed.xml"), "no items"),
        (fixture("login.html"), "no article"),
        (fixture("js-shell.html"), "no article"),
        (image, "PNG image"),
        (huge, "64 MiB"),
    ];
    for (file, reason) in cases {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .expect("name")
            .to_owned();
        for command in [&["places"][..], &["extract"], &["text"]] {
            let mut args = command.to_vec();
            args.push(file.to_str().expect("path"));
            let output = article_map(&args, None);
            let message = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{args:?}: {message}");
            assert!(message.contains(&name), "{args:?}: {message}");
            assert!(
                message.contains(reason),
                "{args:?}: {reason:?} not in {message}"
            );
            assert!(!message.contains("panicked"), "{message}");
        }
    }
}

#[test]
fn text_prints_the_body_and_its_json_gives_the_metadata_with_offsets_into_the_body() {
    let page = fixture("news-page.html");
    let json = json_of(&["text", page.to_str().expect("path"), "--format", "json"]);
    for key in ["title", "published", "byline", "url", "body"] {
        assert!(json[key].is_string(), "{key} in {json}");
    }
    let plain = article_map(&["text", page.to_str().expect("path")], None);
    let plain = String::from_utf8(plain.stdout).expect("UTF-8");
    assert_eq!(plain.trim_end(), json["body"].as_str().expect("body"));
    // Every mention's offsets point into that same body.
    let body = json["body"].as_str().expect("body");
    let places = json_of(&["places", page.to_str().expect("path"), "--format", "json"]);
    let mut checked = 0;
    for place in places["places"].as_array().expect("places") {
        for mention in place["mentions"].as_array().expect("mentions") {
            let (start, end) = (
                mention["start"].as_u64().expect("start"),
                mention["end"].as_u64().expect("end"),
            );
            assert_eq!(
                &body[start as usize..end as usize],
                mention["text"].as_str().expect("text")
            );
            checked += 1;
        }
    }
    assert!(checked >= 4);
}

#[test]
fn extract_reads_standard_input_in_any_format_and_a_feed_gives_a_record_per_item() {
    let page = std::fs::read(fixture("news-page.html")).expect("page");
    let output = article_map(&["extract", "-", "--format", "jsonl"], Some(&page));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    assert_eq!(text.lines().count(), 1);
    assert!(
        text.contains("Gdynia") && !text.contains("\"Berlin\""),
        "{text}"
    );
    let feed = fixture("feed-rss.xml");
    let output = article_map(
        &["extract", feed.to_str().expect("path"), "--format", "jsonl"],
        None,
    );
    let records: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(records.len(), 3);
    assert_eq!(records[2]["item"], 2);
    assert!(records[0]["places"].to_string().contains("Wieliczka"));
}

#[test]
fn the_jsonl_filter_answers_each_line_in_order_and_survives_bad_ones() {
    let input = concat!(
        "{\"id\": \"a\", \"text\": \"Ferries left Helsinki for Tallinn.\"}\n",
        "{\"id\": \"b\", \"html\": \"<html><body><article><p>Rain fell on Bergen and Stavanger all day on Monday, and the roads along the coast were closed for hours while crews cleared fallen trees and the ferries stayed in port.</p></article></body></html>\"}\n",
        "{broken\n",
        "{\"id\": \"d\"}\n",
    );
    let output = article_map(&["extract", "--jsonl-in"], Some(input.as_bytes()));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let records: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let ids: Vec<&serde_json::Value> = records.iter().map(|r| &r["id"]).collect();
    assert_eq!(
        ids,
        [
            &serde_json::json!("a"),
            &serde_json::json!("b"),
            &serde_json::Value::Null,
            &serde_json::json!("d")
        ]
    );
    assert!(records[0]["places"].to_string().contains("Tallinn"));
    assert!(records[1]["places"].to_string().contains("Bergen"));
    assert!(records[2]["error"].is_string() && records[3]["error"].is_string());
}

/// Real pages saved from news sites (see `tests/fixtures/pages/README.md`): the article's
/// sentences are in the body, the page's boilerplate is not.
#[test]
fn real_news_pages_give_their_articles_without_their_boilerplate() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages");
    let expectations: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("expectations.json")).expect("expectations"),
    )
    .expect("JSON");
    for page in expectations.as_array().expect("a list") {
        let file = page["file"].as_str().expect("file");
        let read = readers::read_path(&dir.join(file)).unwrap_or_else(|err| panic!("{err}"));
        let body = &read.documents[0].body;
        for text in page["must_contain"].as_array().expect("list") {
            let text = text.as_str().expect("text");
            assert!(
                body.contains(text),
                "{file}: {text:?} missing from:\n{body}"
            );
        }
        for text in page["must_not_contain"].as_array().expect("list") {
            let text = text.as_str().expect("text");
            assert!(
                !body.contains(text),
                "{file}: boilerplate {text:?} in:\n{body}"
            );
        }
        if let Some(title) = page["title"].as_str() {
            assert_eq!(read.documents[0].title.as_deref(), Some(title), "{file}");
        }
        if let Some(published) = page["published"].as_str() {
            let found = read.documents[0].published.as_deref().unwrap_or_default();
            assert!(found.starts_with(published), "{file}: {found:?}");
        }
    }
}

#[test]
fn a_page_saved_complete_opens_from_its_folder_and_its_files_folder_is_not_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        fixture("news-page.html"),
        dir.path().join("Harbour reopens.html"),
    )
    .expect("copy");
    let files = dir.path().join("Harbour reopens_files");
    std::fs::create_dir(&files).expect("mkdir");
    std::fs::write(files.join("app.js"), "var office = 'Madrid';").expect("write");
    std::fs::write(
        files.join("ad.html"),
        "<p>Visit Lisbon today and every day this summer.</p>",
    )
    .expect("write");
    let names = place_names(dir.path());
    assert!(names.iter().any(|n| n == "Gdańsk"), "{names:?}");
    assert!(
        !names.iter().any(|n| n == "Madrid" || n == "Lisbon"),
        "{names:?}"
    );
}

#[test]
fn a_places_file_that_names_an_article_outside_its_folder_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let story = dir.path().join("story");
    std::fs::create_dir(&story).expect("mkdir");
    std::fs::write(dir.path().join("secret.txt"), "Talks in Oslo.").expect("write");
    std::fs::write(
        story.join("places.json"),
        r#"{"article": "../secret.txt", "places": []}"#,
    )
    .expect("write");
    let output = article_map(&["places", story.to_str().expect("path")], None);
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("outside the story's folder") && message.contains("../secret.txt"),
        "{message}"
    );
}

/// A saved page about German colonial history, read and geoparsed as the app does: its
/// countries are on the map, and the names inside other names are not ("Otto von
/// Bismarck", "the Maji-Maji Rebellion", "in the Pacific (North New Guinea …": neither the
/// ocean's namesake town nor Guinea in West Africa).
#[test]
fn a_saved_page_puts_its_places_on_the_map_and_not_the_names_inside_other_names() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pages/trafilatura-dw.com.colonial.html");
    let read = readers::read_path(&path).unwrap_or_else(|err| panic!("{err}"));
    let gazetteer = article_map::story::geoparsed::bundled_gazetteer().expect("gazetteer");
    let story =
        article_map::story::Story::geoparse(&path, read.documents[0].body.clone(), gazetteer);
    let names: Vec<&str> = story.places.iter().map(|p| p.name.as_str()).collect();
    for wanted in ["Berlin", "Namibia", "Tanzania", "Cameroon"] {
        assert!(names.contains(&wanted), "{wanted} missing from {names:?}");
    }
    for unwanted in ["Bismarck", "Maji", "Pacific", "Guinea"] {
        assert!(!names.contains(&unwanted), "{unwanted} in {names:?}");
    }
}
