//! Where map tiles come from. The bundled basemap is always there, drawn first; an online
//! map or a user's PMTiles file may be drawn over it. If that source yields nothing (no
//! network, a bad file), it is dropped with a notice, and the bundled map shows through:
//! the map is never blank without a word.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use walkers::{HttpOptions, HttpTiles, PmTiles, TileId, TilePiece, Tiles};

/// The basemaps a user can pick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BasemapChoice {
    /// The offline basemap in `assets/`.
    Bundled,
    /// OpenStreetMap's standard tiles, over HTTP.
    OpenStreetMap,
    /// A local `.pmtiles` file with raster tiles.
    PmTiles(PathBuf),
}

impl BasemapChoice {
    /// Parses `--basemap`: `bundled`, `osm`, or a path to a `.pmtiles` file.
    pub fn parse(text: &str) -> Result<BasemapChoice, String> {
        match text {
            "bundled" | "offline" => Ok(BasemapChoice::Bundled),
            "osm" | "openstreetmap" => Ok(BasemapChoice::OpenStreetMap),
            path if path.to_lowercase().ends_with(".pmtiles") => {
                Ok(BasemapChoice::PmTiles(PathBuf::from(path)))
            }
            other => Err(format!(
                "unknown basemap {other:?}: use `bundled`, `osm`, or a path to a .pmtiles file"
            )),
        }
    }

    /// A name for menus and notices.
    pub fn label(&self) -> String {
        match self {
            BasemapChoice::Bundled => "Bundled (offline)".to_owned(),
            BasemapChoice::OpenStreetMap => "OpenStreetMap (online)".to_owned(),
            BasemapChoice::PmTiles(path) => format!(
                "{} (PMTiles)",
                path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into()
                )
            ),
        }
    }
}

/// How long a source may take to deliver its first tile before it counts as failed.
const FIRST_TILE_DEADLINE: Duration = Duration::from_secs(12);

/// A tile source drawn over the bundled basemap, watched for failure.
pub struct Overlay {
    /// Which source this is.
    pub choice: BasemapChoice,
    tiles: Box<dyn Tiles>,
    started: Instant,
    delivered: bool,
}

impl Overlay {
    /// Opens `choice` (not `Bundled`). A PMTiles file is checked at once, so that a missing
    /// or foreign file is reported by name.
    pub fn open(choice: BasemapChoice, ctx: &egui::Context) -> Result<Overlay, String> {
        let tiles: Box<dyn Tiles> = match &choice {
            BasemapChoice::Bundled => return Err("the bundled map needs no overlay".into()),
            BasemapChoice::OpenStreetMap => {
                let options = HttpOptions {
                    cache: cache_dir(),
                    user_agent: Some(walkers::HeaderValue::from_static(concat!(
                        "article-map/",
                        env!("CARGO_PKG_VERSION"),
                        " (desktop news map; offline-first)"
                    ))),
                    ..Default::default()
                };
                Box::new(HttpTiles::with_options(
                    walkers::sources::OpenStreetMap,
                    options,
                    ctx.clone(),
                ))
            }
            BasemapChoice::PmTiles(path) => {
                check_pmtiles(path)?;
                Box::new(PmTiles::new(path, ctx.clone()))
            }
        };
        Ok(Overlay {
            choice,
            tiles,
            started: Instant::now(),
            delivered: false,
        })
    }

    /// The attribution line of the source.
    pub fn attribution(&self) -> &'static str {
        self.tiles.attribution().text
    }

    /// Whether the source has failed: nothing delivered within the deadline.
    pub fn failed(&self) -> bool {
        !self.delivered && self.started.elapsed() > FIRST_TILE_DEADLINE
    }

    /// Whether the source has delivered a tile yet.
    pub fn delivered(&self) -> bool {
        self.delivered
    }
}

/// Draws the source's tiles, noting whether any ever arrive.
impl Tiles for Overlay {
    fn at(&mut self, tile: TileId) -> Option<TilePiece> {
        let piece = self.tiles.at(tile);
        self.delivered |= piece.is_some();
        piece
    }

    fn attribution(&self) -> walkers::sources::Attribution {
        self.tiles.attribution()
    }

    fn tile_size(&self) -> u32 {
        self.tiles.tile_size()
    }

    fn stats(&self) -> walkers::Stats {
        self.tiles.stats()
    }
}

/// Checks that `path` is a readable PMTiles v3 file.
pub fn check_pmtiles(path: &Path) -> Result<(), String> {
    use std::io::Read as _;
    let mut header = [0u8; 8];
    let mut file = std::fs::File::open(path).map_err(|err| {
        format!(
            "{}: cannot open the basemap: {err}; showing the bundled map",
            path.display()
        )
    })?;
    file.read_exact(&mut header).map_err(|_| {
        format!(
            "{}: too short to be a PMTiles file; showing the bundled map",
            path.display()
        )
    })?;
    if &header[..7] != b"PMTiles" {
        return Err(format!(
            "{}: not a PMTiles file (no PMTiles header); showing the bundled map",
            path.display()
        ));
    }
    Ok(())
}

/// walkers' HTTP cache folder, in the user's cache directory.
fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("article-map").join("tiles"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basemap_names_parse_and_unknown_ones_say_what_is_allowed() {
        assert_eq!(
            BasemapChoice::parse("osm"),
            Ok(BasemapChoice::OpenStreetMap)
        );
        assert_eq!(
            BasemapChoice::parse("my.pmtiles"),
            Ok(BasemapChoice::PmTiles("my.pmtiles".into()))
        );
        let err = BasemapChoice::parse("google").unwrap_err();
        assert!(err.contains("bundled") && err.contains(".pmtiles"), "{err}");
    }

    #[test]
    fn a_missing_or_foreign_pmtiles_file_is_named() {
        let err = check_pmtiles(Path::new("/no/such/map.pmtiles")).unwrap_err();
        assert!(err.contains("/no/such/map.pmtiles"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fake.pmtiles");
        std::fs::write(&path, b"GIF89a not a map").unwrap();
        let err = check_pmtiles(&path).unwrap_err();
        assert!(err.contains("not a PMTiles file"), "{err}");
    }
}
