//! The command line: every flag is parsed here, and each subcommand is a small function
//! over the library. With no subcommand, the desktop app opens.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};

use crate::story::{Story, export};

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

/// Options of the desktop app (`article-map [STORY]`).
#[derive(Clone, Debug, Default, clap::Args)]
pub struct AppArgs {
    /// A story folder, a places.json, or an article (.txt, .md) to geoparse.
    /// Defaults to the bundled Vladivostok story.
    pub story: Option<PathBuf>,

    /// Save a PNG of the window once the map has settled, then exit.
    #[arg(long, value_name = "OUT.png")]
    pub screenshot: Option<PathBuf>,

    /// Select the place with this id at start.
    #[arg(long, value_name = "ID")]
    pub select: Option<String>,

    /// Window size in points, e.g. 1280x800.
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<[f32; 2]>,

    /// Zoom level to show after selecting (with --select), e.g. 13.
    #[arg(long)]
    pub zoom: Option<f64>,

    /// Use the dark theme.
    #[arg(long)]
    pub dark: bool,

    /// The basemap: `bundled` (default, offline), `osm` (OpenStreetMap over HTTP), or a
    /// `.pmtiles` file.
    #[arg(long, value_name = "SOURCE")]
    pub basemap: Option<String>,

    /// Render N frames (half panning and zooming, half flying to every place in turn), print
    /// frame-time statistics and the longest a visible tile stayed blank, and exit. Starts once
    /// the opening view is complete. Run it under /usr/bin/time for peak memory.
    #[arg(long, value_name = "N")]
    pub bench_frames: Option<usize>,

    /// Start without the state saved by the previous run.
    #[arg(long)]
    pub fresh: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List a story's places with their mentions.
    Places {
        /// A story folder or places.json; defaults to the bundled story.
        story: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = PlacesFormat::Table)]
        format: PlacesFormat,
    },
    /// Export a story's places.
    Export {
        /// A story folder or places.json; defaults to the bundled story.
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
        /// Article text files (UTF-8).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
        format: ExtractFormat,
    },
    /// Measure the geoparser on an annotated corpus (TR-News or LGL XML).
    Eval {
        /// Corpus files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

/// Formats of `extract`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// One JSON array with an object per file.
    Json,
    /// One line of JSON per file: `{"file": …, "places": […]}`.
    Jsonl,
    /// One GeoJSON FeatureCollection of every place of every file.
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
    /// A GeoJSON FeatureCollection of points.
    Geojson,
}

fn parse_size(text: &str) -> Result<[f32; 2], String> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("expected WIDTHxHEIGHT, e.g. 1280x800, not {text:?}"))?;
    let parse = |s: &str| {
        s.trim()
            .parse::<f32>()
            .ok()
            .filter(|v| (100.0..=10_000.0).contains(v))
            .ok_or_else(|| format!("{s:?} is not a size between 100 and 10000"))
    };
    Ok([parse(w)?, parse(h)?])
}

/// The bundled story's folder.
pub fn bundled_story() -> PathBuf {
    let relative = Path::new("data/vladivostok-summit");
    if relative.join(crate::story::PLACES_FILE_NAME).is_file() {
        return relative.to_owned();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Loads the story at `path`, or the bundled one.
pub fn load_story(path: Option<&Path>) -> Result<Story, crate::story::StoryError> {
    let path = path.map_or_else(bundled_story, Path::to_owned);
    Story::load(&path)
}

/// Runs a subcommand, writing its output to `out`.
pub fn run_command(command: &Command, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
    match command {
        Command::Places { story, format } => {
            let story = load_story(story.as_deref())?;
            print_warnings(&story);
            match format {
                PlacesFormat::Table => write_table(&story, out)?,
                PlacesFormat::Json => {
                    serde_json::to_writer_pretty(&mut *out, &export::report(&story))?;
                    writeln!(out)?;
                }
            }
        }
        Command::Export {
            story,
            format: ExportFormat::Geojson,
            output,
        } => {
            let story = load_story(story.as_deref())?;
            print_warnings(&story);
            let json = serde_json::to_string_pretty(&export::geojson(&story))?;
            match output {
                Some(path) => crate::io::write_atomically(path, json.as_bytes())
                    .with_context(|| format!("{}: cannot write the GeoJSON", path.display()))?,
                None => writeln!(out, "{json}")?,
            }
        }
        Command::Extract { files, format } => extract(files, *format, out)?,
        Command::Eval { files } => {
            let gazetteer = crate::story::geoparsed::bundled_gazetteer()?;
            for file in files {
                let report = crate::geoparse::eval::evaluate(file, gazetteer)
                    .map_err(|err| anyhow::anyhow!("{err}"))?;
                writeln!(out, "{}\n{report}", file.display())?;
            }
        }
    }
    Ok(())
}

/// One file's places, as `extract` prints them.
#[derive(serde::Serialize)]
struct FileReport<'a> {
    file: String,
    places: Vec<export::PlaceReport<'a>>,
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
                if next_text
                    .send((file, crate::story::map_article(file)))
                    .is_err()
                {
                    break;
                }
            }
        });
        let gazetteer = crate::story::geoparsed::bundled_gazetteer()?;
        let last = files.last();
        for (file, text) in texts {
            let text = match text {
                Ok(text) => text,
                Err(err) => {
                    eprintln!("error: {err}");
                    failed.push(file.display().to_string());
                    continue;
                }
            };
            let story = Story::geoparse(file, text, gazetteer);
            match format {
                ExtractFormat::Jsonl => {
                    // `{"file": …, "places": […]}`, with the places written on all cores.
                    out.write_all(b"{\"file\":")?;
                    serde_json::to_writer(&mut *out, &file.display().to_string())?;
                    out.write_all(b",\"places\":")?;
                    export::write_places_json(&story, out)?;
                    out.write_all(b"}\n")?;
                }
                ExtractFormat::Json => all.push(serde_json::to_value(FileReport {
                    file: file.display().to_string(),
                    places: export::report(&story).places,
                })?),
                ExtractFormat::Geojson => {
                    for mut feature in export::geojson(&story).features {
                        if let Some(properties) = feature.properties.as_mut() {
                            properties.insert("file".into(), file.display().to_string().into());
                        }
                        features.push(feature);
                    }
                }
            }
            if Some(file) == last {
                // The process ends next: the system takes back a long story's memory at
                // once, faster than it is freed piece by piece.
                std::mem::forget(story);
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

/// `text` cut to at most `max` characters, with an ellipsis if it was cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_as_width_by_height() {
        assert_eq!(parse_size("1280x800"), Ok([1280.0, 800.0]));
        assert!(parse_size("1280").is_err());
        assert!(parse_size("0x800").is_err());
    }

    #[test]
    fn shorten_keeps_short_text_and_cuts_long_text_on_a_char_boundary() {
        assert_eq!(shorten("Oslo", 10), "Oslo");
        assert_eq!(shorten("Владивосток", 5), "Влад…");
    }
}
