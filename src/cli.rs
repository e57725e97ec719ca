//! The command line: every flag is parsed here, and each subcommand is a small function
//! over the library. With no subcommand, the desktop app opens.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};

use crate::collection::Collection;
use crate::collection::load::Opened;
use crate::readers::{self, ReadError};
use crate::story::{Story, StoryError, export};

pub use crate::app::AppArgs;
pub use crate::story::{bundled_story, shorten};

/// Put the places of a news article on a map, and explore them by clicking.
#[derive(Debug, Parser)]
#[command(
    name = "article-map",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// What to do; without one, the app opens.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Options of the desktop app.
    #[command(flatten)]
    pub app: AppArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List a story's or a collection's places with their mentions.
    Places {
        /// A story folder, a places.json, an article, or a collection: a folder of articles,
        /// a feed or a JSON Lines file. Defaults to the bundled story.
        story: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = PlacesFormat::Table)]
        format: PlacesFormat,
    },
    /// Export a story's or a collection's places.
    Export {
        /// A story folder, a places.json, an article, or a collection (a folder of articles,
        /// a feed or a JSON Lines file). Defaults to the bundled story.
        story: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Geojson)]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Find the places of articles with the offline geoparser.
    Extract {
        /// Articles in any format (text, Markdown, HTML, PDF, .docx, RSS, Atom or JSON
        /// Feed; a feed gives a record per item). `-` reads one document from standard input.
        #[arg(required_unless_present = "jsonl_in", conflicts_with = "jsonl_in")]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
        format: ExtractFormat,
        /// A streaming filter: read JSON Lines from standard input, one `{"id": …, "text": …}`
        /// or `{"id": …, "html": …}` object per line, and write one JSON line per input line,
        /// in order, with the same `id`, flushed as it is done. A bad line gives
        /// `{"id": …, "error": …}` and the stream goes on.
        #[arg(long)]
        jsonl_in: bool,
    },
    /// Print the article that a file holds, as the geoparser sees it.
    Text {
        /// A file in any format we read, or `-` for standard input.
        file: PathBuf,
        /// Output format: the body as plain text (paragraphs separated by blank lines), or
        /// JSON with the title, date, byline and URL.
        #[arg(long, value_enum, default_value_t = TextFormat::Plain)]
        format: TextFormat,
    },
    /// Measure the geoparser on an annotated corpus (TR-News or LGL XML).
    Eval {
        /// Corpus files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Also list the N commonest mistakes of each kind: names missed, names found that
        /// are not places, and names put in the wrong place.
        #[arg(long, value_name = "N")]
        mistakes: Option<usize>,
    },
}

/// Formats of `extract`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// One JSON array with an object per article.
    Json,
    /// One line of JSON per article: `{"file": …, "title": …, "places": […]}`.
    Jsonl,
    /// One GeoJSON FeatureCollection of every place of every article.
    Geojson,
}

/// Formats of `places`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PlacesFormat {
    /// A readable table.
    Table,
    /// JSON with every mention's byte span and sentence.
    Json,
}

/// Formats of `export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A GeoJSON FeatureCollection of points; for a collection, each with the articles that
    /// name it.
    Geojson,
    /// CSV, one row per mention: article, title, published, place, place_id, kind, lat, lon,
    /// start, end, mention, sentence.
    Csv,
}

/// Formats of `text`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    /// The body, paragraphs separated by blank lines.
    Plain,
    /// `{"title", "published", "byline", "url", "body"}` (an array of them for a feed).
    Json,
}

/// What standard input is called in messages.
const STDIN_NAME: &str = "standard input";

/// Loads the story at `path`, or the bundled one.
pub fn load_story(path: Option<&Path>) -> Result<Story, StoryError> {
    let path = path.map_or_else(bundled_story, Path::to_owned);
    Story::load(&path)
}

/// Runs a subcommand, writing its output to `out`.
pub fn run_command(command: &Command, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
    match command {
        Command::Places { story, format } => match load_any(story.as_deref())? {
            Loaded::Story(story) => {
                print_warnings(&story);
                match format {
                    PlacesFormat::Table => write_table(&story, out)?,
                    PlacesFormat::Json => {
                        serde_json::to_writer_pretty(&mut *out, &export::report(&story))?;
                        writeln!(out)?;
                    }
                }
            }
            Loaded::Collection(collection) => {
                print_collection_warnings(&collection);
                match format {
                    PlacesFormat::Table => write_collection_table(&collection, out)?,
                    PlacesFormat::Json => {
                        serde_json::to_writer_pretty(
                            &mut *out,
                            &crate::collection::export::report(&collection),
                        )?;
                        writeln!(out)?;
                    }
                }
            }
        },
        Command::Export {
            story,
            format,
            output,
        } => {
            let collection = match load_any(story.as_deref())? {
                Loaded::Story(story) => {
                    print_warnings(&story);
                    if *format == ExportFormat::Geojson {
                        let json = serde_json::to_string_pretty(&export::geojson(&story))?;
                        return write_output(output.as_deref(), json.as_bytes(), out);
                    }
                    Collection::of_story(story)
                }
                Loaded::Collection(collection) => {
                    print_collection_warnings(&collection);
                    collection
                }
            };
            let bytes = match format {
                ExportFormat::Geojson => {
                    serde_json::to_vec_pretty(&crate::collection::export::geojson(&collection))?
                }
                ExportFormat::Csv => {
                    let mut bytes = Vec::new();
                    crate::collection::export::write_csv(&collection, &mut bytes)?;
                    bytes
                }
            };
            write_output(output.as_deref(), &bytes, out)?;
        }
        Command::Extract {
            files,
            format,
            jsonl_in,
        } => {
            if *jsonl_in {
                let gazetteer = crate::story::geoparsed::bundled_gazetteer()?;
                let stdin = std::io::stdin();
                extract_jsonl_stream(&mut stdin.lock(), out, gazetteer)?;
            } else {
                extract(files, *format, out)?;
            }
        }
        Command::Text { file, format } => {
            let read = read_document(file)?;
            for warning in &read.warnings {
                eprintln!("warning: {warning}");
            }
            match format {
                TextFormat::Plain => {
                    for (i, document) in read.documents.iter().enumerate() {
                        if i > 0 {
                            writeln!(out, "\n\u{2042}\n")?;
                        }
                        writeln!(out, "{}", document.body)?;
                    }
                }
                TextFormat::Json => {
                    if read.documents.len() == 1 {
                        serde_json::to_writer_pretty(&mut *out, &read.documents[0])?;
                    } else {
                        serde_json::to_writer_pretty(&mut *out, &read.documents)?;
                    }
                    writeln!(out)?;
                }
            }
        }
        Command::Eval { files, mistakes } => {
            let gazetteer = crate::story::geoparsed::bundled_gazetteer()?;
            // The basemap's outlines answer "is the gold point inside this country?".
            let basemap = crate::map::basemap::Basemap::load(&crate::map::basemap::bundled_dir())?;
            let contains =
                |name: &str, lon_lat: [f64; 2]| basemap.country_contains(&[name], lon_lat);
            for file in files {
                let report = crate::geoparse::eval::evaluate(file, gazetteer, &contains)
                    .map_err(|err| anyhow::anyhow!("{err}"))?;
                writeln!(out, "{}\n{report}", file.display())?;
                if let Some(n) = mistakes {
                    writeln!(out, "{}", report.mistakes.commonest(*n))?;
                }
            }
        }
    }
    Ok(())
}

/// A story, or a collection of many articles.
enum Loaded {
    Story(Story),
    Collection(Collection),
}

/// Loads what `path` opens as (a story or a collection), or the bundled story. A collection
/// is read on every core, with its progress on standard error.
fn load_any(path: Option<&Path>) -> anyhow::Result<Loaded> {
    let paths: Vec<PathBuf> = path.into_iter().map(Path::to_owned).collect();
    match crate::collection::load::open(&paths)? {
        Opened::Story(path) => Ok(Loaded::Story(Story::load(&path)?)),
        Opened::Collection(plan) => {
            let total = plan.files.len();
            let progress = |done: usize| {
                use std::io::IsTerminal as _;
                if total >= 200
                    && (done.is_multiple_of(100) || done == total)
                    && std::io::stderr().is_terminal()
                {
                    eprint!("\rreading {done} of {total} files");
                    if done == total {
                        eprintln!();
                    }
                }
            };
            let collection = crate::collection::load::load(&plan, &progress)?;
            if let Some(first) = collection.articles.first().and_then(|a| a.problem.as_ref())
                && collection.articles.iter().all(|a| a.problem.is_some())
            {
                if collection.articles.len() == 1 {
                    anyhow::bail!("{first}");
                }
                anyhow::bail!(
                    "none of the {} articles could be read; the first: {first}",
                    collection.articles.len()
                );
            }
            Ok(Loaded::Collection(collection))
        }
    }
}

/// Writes `bytes` to `output` (atomically), or to `out` with a final line break.
fn write_output(
    output: Option<&Path>,
    bytes: &[u8],
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    match output {
        Some(path) => crate::io::write_atomically(path, bytes)
            .with_context(|| format!("{}: cannot write the export", path.display()))?,
        None => {
            out.write_all(bytes)?;
            if !bytes.ends_with(b"\n") {
                writeln!(out)?;
            }
        }
    }
    Ok(())
}

fn print_collection_warnings(collection: &Collection) {
    for warning in &collection.warnings {
        eprintln!("warning: {warning}");
    }
    let problems: Vec<&String> = collection
        .articles
        .iter()
        .filter_map(|a| a.problem.as_ref())
        .collect();
    const SHOWN: usize = 10;
    for problem in problems.iter().take(SHOWN) {
        eprintln!("warning: skipped: {problem}");
    }
    if problems.len() > SHOWN {
        eprintln!(
            "warning: … and {} more skipped (`places --format json` lists each with its problem)",
            problems.len() - SHOWN
        );
    }
}

fn write_collection_table(
    collection: &Collection,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let readable = collection
        .articles
        .iter()
        .filter(|a| a.problem.is_none())
        .count();
    writeln!(
        out,
        "{}: {readable} articles, {} places",
        collection.title,
        collection.places.len()
    )?;
    writeln!(
        out,
        "{:<30} {:<8} {:>20} {:>8} {:>8}",
        "PLACE", "KIND", "LAT, LON", "ARTICLES", "MENTIONS"
    )?;
    for index in crate::collection::export::places_by_reach(collection) {
        let place = &collection.places[index].place;
        writeln!(
            out,
            "{:<30} {:<8} {:>20} {:>8} {:>8}",
            shorten(&place.name, 30),
            place.kind.as_str(),
            format!("{:.4}, {:.4}", place.lat, place.lon),
            collection.places[index].articles.len(),
            collection.mention_count(index)
        )?;
    }
    Ok(())
}

/// Reads `file` with the readers, or standard input for `-`.
fn read_document(file: &Path) -> Result<readers::Read, ReadError> {
    if file == Path::new("-") {
        let name = Path::new(STDIN_NAME);
        let bytes = readers::read_limited(name, std::io::stdin().lock())?;
        readers::read_bytes(name, &bytes)
    } else {
        readers::read_path(file)
    }
}

/// One article's places, as `extract` prints them.
#[derive(serde::Serialize)]
struct FileReport<'a> {
    file: String,
    /// The item's position in its feed, for a feed's items.
    #[serde(skip_serializing_if = "Option::is_none")]
    item: Option<usize>,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    places: Vec<export::PlaceReport<'a>>,
}

/// What `extract` reads from one file: a plain-text article (mapped when long, as text
/// needs no conversion), or what the readers made of another format.
enum Input {
    Text(crate::story::ArticleText),
    Read(readers::Read),
}

/// Reads one of `extract`'s files. Plain text takes the fast path: mapped, not copied.
fn read_input(file: &Path) -> Result<Input, StoryError> {
    if file == Path::new("-") {
        return Ok(Input::Read(read_document(file)?));
    }
    let head = readers::read_head(file, 4096)?;
    let hint = readers::Format::from_extension(file);
    let is_text = |format| matches!(format, readers::Format::Text | readers::Format::Markdown);
    let plain = readers::sniff(file, &head, hint).is_ok_and(is_text) && hint.is_none_or(is_text);
    if plain {
        match crate::story::map_article(file) {
            Ok(text) => return Ok(Input::Text(text)),
            // Not UTF-8: the reader decodes it, with a warning.
            Err(StoryError::NotUtf8 { .. }) => {}
            Err(err) => return Err(err),
        }
    }
    Ok(Input::Read(readers::read_path(file)?))
}

/// Geoparses each file and prints its places; a file that cannot be read is reported on
/// standard error after the others are done, and the command then fails with exit code 2.
fn extract(
    files: &[PathBuf],
    format: ExtractFormat,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    let mut failed = Vec::new();
    let mut all = Vec::new();
    let mut features = Vec::new();
    std::thread::scope(|scope| -> anyhow::Result<()> {
        // The files are read one ahead on another thread: the first while the gazetteer loads,
        // the next while this one is geoparsed.
        let (next_text, texts) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || {
            for file in files {
                if next_text.send((file, read_input(file))).is_err() {
                    break;
                }
            }
        });
        let gazetteer = crate::story::geoparsed::bundled_gazetteer()?;
        let last = files.last();
        for (file, input) in texts {
            let input = match input {
                Ok(input) => input,
                Err(err) => {
                    eprintln!("error: {err}");
                    failed.push(file.display().to_string());
                    continue;
                }
            };
            let name = if file == Path::new("-") {
                "-".to_owned()
            } else {
                file.display().to_string()
            };
            let is_last = Some(file) == last;
            let mut write = |item: Option<usize>, story: Story| -> anyhow::Result<()> {
                write_record(&name, item, &story, format, out, &mut all, &mut features)?;
                if is_last {
                    // The process ends next: the system takes back a long story's memory
                    // at once, faster than it is freed piece by piece.
                    std::mem::forget(story);
                }
                Ok(())
            };
            match input {
                Input::Text(text) => write(None, Story::geoparse(file, text, gazetteer))?,
                Input::Read(read) => {
                    for warning in &read.warnings {
                        eprintln!("warning: {warning}");
                    }
                    let is_feed = read.format == readers::Format::Feed;
                    // Written item by item: a long feed's stories are never all in memory.
                    for (i, document) in read.documents.into_iter().enumerate() {
                        let story = Story::from_document(file, document, gazetteer);
                        write(is_feed.then_some(i), story)?;
                    }
                }
            }
        }
        Ok(())
    })?;
    match format {
        ExtractFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &all)?;
            writeln!(out)?;
        }
        ExtractFormat::Geojson => {
            let collection = geojson::FeatureCollection {
                bbox: None,
                features,
                foreign_members: None,
            };
            writeln!(out, "{}", serde_json::to_string_pretty(&collection)?)?;
        }
        ExtractFormat::Jsonl => {}
    }
    if failed.is_empty() {
        Ok(())
    } else {
        anyhow::bail!(
            "could not read {} of {} files: {}",
            failed.len(),
            files.len(),
            failed.join(", ")
        )
    }
}

/// Writes (or, for the formats written at the end, keeps) one article's record.
fn write_record(
    file: &str,
    item: Option<usize>,
    story: &Story,
    format: ExtractFormat,
    out: &mut dyn std::io::Write,
    all: &mut Vec<serde_json::Value>,
    features: &mut Vec<geojson::Feature>,
) -> anyhow::Result<()> {
    match format {
        ExtractFormat::Jsonl => {
            // `{"file": …, "title": …, "places": […]}`, with the places written on all cores.
            out.write_all(b"{\"file\":")?;
            serde_json::to_writer(&mut *out, file)?;
            write_record_info(story, item, out)?;
            out.write_all(b",\"places\":")?;
            export::write_places_json(story, out)?;
            out.write_all(b"}\n")?;
        }
        ExtractFormat::Json => all.push(serde_json::to_value(FileReport {
            file: file.to_owned(),
            item,
            title: &story.title,
            published: story.published.as_deref(),
            url: story.url.as_deref(),
            places: export::report(story).places,
        })?),
        ExtractFormat::Geojson => {
            for mut feature in export::geojson(story).features {
                if let Some(properties) = feature.properties.as_mut() {
                    properties.insert("file".into(), file.into());
                    if let Some(item) = item {
                        properties.insert("item".into(), item.into());
                    }
                    properties.insert("title".into(), story.title.clone().into());
                }
                features.push(feature);
            }
        }
    }
    Ok(())
}

/// `,"item":…,"title":…,"published":…,"url":…` of a JSON Lines record (absent ones left out).
fn write_record_info(
    story: &Story,
    item: Option<usize>,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    if let Some(item) = item {
        write!(out, ",\"item\":{item}")?;
    }
    out.write_all(b",\"title\":")?;
    serde_json::to_writer(&mut *out, &story.title)?;
    for (key, value) in [("published", &story.published), ("url", &story.url)] {
        if let Some(value) = value {
            write!(out, ",\"{key}\":")?;
            serde_json::to_writer(&mut *out, value)?;
        }
    }
    Ok(())
}

/// The streaming filter: JSON Lines in, JSON Lines out, one record per line in input order,
/// each flushed as it is written. Memory holds one line and its story at a time, however
/// long the stream. A bad line gives `{"id": …, "line": …, "error": …}`; the stream goes on.
pub fn extract_jsonl_stream(
    input: &mut dyn std::io::BufRead,
    out: &mut dyn std::io::Write,
    gazetteer: &crate::geoparse::Gazetteer,
) -> anyhow::Result<()> {
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        let state =
            readers::jsonl::read_line_bounded(input, &mut line, readers::MAX_FILE_BYTES as usize)?;
        if matches!(state, readers::jsonl::LineState::End) {
            break;
        }
        number += 1;
        if matches!(state, readers::jsonl::LineState::Line)
            && line.iter().all(u8::is_ascii_whitespace)
        {
            // A blank line still gets its record, so that output lines match input lines.
            write_stream_error(out, &serde_json::Value::Null, number, "empty line")?;
            out.flush()?;
            continue;
        }
        let result = match state {
            readers::jsonl::LineState::TooLong => Err((
                serde_json::Value::Null,
                format!(
                    "the line is over the limit of {} bytes; split the article",
                    readers::MAX_FILE_BYTES
                ),
            )),
            _ => stream_story(&line, number, gazetteer),
        };
        match result {
            Ok((id, story)) => {
                out.write_all(b"{\"id\":")?;
                serde_json::to_writer(&mut *out, &id)?;
                write_record_info(&story, None, out)?;
                out.write_all(b",\"places\":")?;
                export::write_places_json(&story, out)?;
                out.write_all(b"}\n")?;
            }
            Err((id, message)) => write_stream_error(out, &id, number, &message)?,
        }
        out.flush()?;
    }
    Ok(())
}

/// The story of one input line, or its id and what is wrong with it.
fn stream_story(
    line: &[u8],
    number: usize,
    gazetteer: &crate::geoparse::Gazetteer,
) -> Result<(serde_json::Value, Story), (serde_json::Value, String)> {
    let (id, document) = readers::jsonl::record_document(line, number)?;
    let name = PathBuf::from(format!("line {number}"));
    Ok((id, Story::from_document(&name, document, gazetteer)))
}

fn write_stream_error(
    out: &mut dyn std::io::Write,
    id: &serde_json::Value,
    line: usize,
    message: &str,
) -> anyhow::Result<()> {
    serde_json::to_writer(
        &mut *out,
        &serde_json::json!({"id": id, "line": line, "error": message}),
    )?;
    out.write_all(b"\n")?;
    Ok(())
}

fn print_warnings(story: &Story) {
    for warning in &story.warnings {
        eprintln!("warning: {warning}");
    }
}

fn write_table(story: &Story, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    writeln!(out, "{}", story.title)?;
    writeln!(
        out,
        "{:<30} {:<8} {:>19} {:>8}  first excerpt",
        "place", "kind", "position", "mentions"
    )?;
    for index in story.places_by_first_mention() {
        let place = &story.places[index];
        let excerpt = story
            .excerpts_of(index)
            .first()
            .map(|e| shorten(story.sentence_text(e.sentence), 70))
            .unwrap_or_else(|| "—".to_owned());
        let position = format!(
            "{:.4}{} {:.4}{}",
            place.lat.abs(),
            if place.lat >= 0.0 { 'N' } else { 'S' },
            place.lon.abs(),
            if place.lon >= 0.0 { 'E' } else { 'W' }
        );
        writeln!(
            out,
            "{:<30} {:<8} {:>19} {:>8}  {}",
            shorten(&place.name, 30),
            place.kind.as_str(),
            position,
            story.mentions_of(index).count(),
            excerpt
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_gives_a_record_per_line_in_order_with_errors_in_their_place() {
        let input = concat!(
            "{\"id\": 7, \"text\": \"Talks opened in Oslo on Monday.\"}\n",
            "not json\n",
            "{\"id\": \"b\", \"html\": \"<p>x</p>\"}\n",
            "{\"id\": [1], \"title\": \"no text\"}\n",
            "{\"id\": \"c\", \"text\": \"Rain fell on Bergen.\", \"extra\": 1}\n",
        );
        let mut out = Vec::new();
        extract_jsonl_stream(
            &mut input.as_bytes(),
            &mut out,
            crate::geoparse::test_gazetteer(),
        )
        .unwrap();
        let records: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(records.len(), 5);
        assert_eq!(records[0]["id"], 7);
        assert_eq!(records[0]["places"][0]["name"], "Oslo");
        assert!(
            records[1]["error"]
                .as_str()
                .unwrap()
                .contains("not a JSON object")
        );
        assert_eq!(records[1]["line"], 2);
        assert_eq!(records[2]["id"], "b");
        assert!(records[2]["error"].as_str().unwrap().contains("no article"));
        assert_eq!(records[3]["id"], serde_json::json!([1]));
        assert!(records[3]["error"].as_str().unwrap().contains("no text"));
        assert_eq!(records[4]["id"], "c");
        assert_eq!(records[4]["places"][0]["name"], "Bergen");
    }
}
