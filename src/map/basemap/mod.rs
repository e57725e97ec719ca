//! The bundled offline basemap: Natural Earth for the world, OpenStreetMap-derived land for
//! East and Southeast Asia, GSHHG's full-resolution shorelines with lakes, rivers and borders
//! for Korea and the Russian Far East, and GeoNames for place names.
//!
//! Tiles are rendered here from vector geometry with tiny-skia, on demand, at the screen's
//! pixel density, so they stay crisp at any zoom (past the data's depth they are simply
//! rendered from the deepest geometry: overzoom without blur). Names are not drawn into
//! tiles; [`crate::map::labels`] places them on screen so they never sit under a marker.
//! This path needs no GPU and no vector-tile pipeline, and the geometry is a few MB.

pub mod data;
mod render;

use std::path::{Path, PathBuf};

use data::Layers;

use super::labels::{LabelKind, MapLabel};

/// Why the basemap could not be loaded. The app then shows a plain background and says so.
#[derive(Debug, thiserror::Error)]
pub enum BasemapError {
    /// A file could not be read.
    #[error("{}: cannot read the basemap: {source}; reinstall the app's assets/basemap folder", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// A file is damaged.
    #[error("{}: the basemap file is damaged ({what}); rebuild it with scripts/build-basemap", path.display())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        what: String,
    },
}

/// Light or dark palette.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// For the light theme.
    Light,
    /// For the dark theme.
    Dark,
}

/// The colours of the basemap, as RGBA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    /// Sea.
    pub sea: [u8; 4],
    /// Land.
    pub land: [u8; 4],
    /// Coastlines.
    pub coast: [u8; 4],
    /// Country borders.
    pub border: [u8; 4],
    /// Rivers (lakes are holes in the land, so they take the sea's colour).
    pub river: [u8; 4],
}

impl Palette {
    /// A calm, print-like palette; the story's markers stand out on both.
    pub fn for_theme(theme: Theme) -> Palette {
        match theme {
            Theme::Light => Palette {
                sea: [197, 219, 232, 255],
                land: [246, 243, 235, 255],
                coast: [122, 150, 170, 255],
                border: [150, 120, 140, 255],
                river: [122, 168, 208, 255],
            },
            Theme::Dark => Palette {
                sea: [24, 33, 45, 255],
                land: [48, 52, 58, 255],
                coast: [86, 110, 132, 255],
                border: [140, 118, 140, 255],
                river: [58, 88, 120, 255],
            },
        }
    }
}

/// A region where detailed land (and, where the file has them, borders and rivers) is bundled.
pub struct DetailRegion {
    /// The file in `assets/basemap`.
    pub file: &'static str,
    /// `[min_lon, min_lat, max_lon, max_lat]`.
    pub bounds: [f32; 4],
    /// From this zoom on, tiles wholly inside `bounds` use the detailed land.
    pub from_zoom: u8,
    /// The deepest zoom the data is drawn for; deeper tiles are the same vectors scaled up.
    pub deepest_zoom: u8,
}

/// The detailed regions, the finest first: the story's region (the Korean peninsula,
/// Primorye, the Tumen and the lower Amur) from GSHHG at full resolution (a point every
/// 100 m or so along the coast), and East and Southeast Asia from OpenStreetMap-derived land
/// (a point every 200-800 m).
pub const DETAIL_REGIONS: [DetailRegion; 2] = [
    DetailRegion {
        file: "land-core.bin",
        bounds: [119.0, 33.0, 141.0, 50.0],
        from_zoom: 8,
        deepest_zoom: 14,
    },
    DetailRegion {
        file: "land-asia.bin",
        bounds: [95.0, 0.0, 150.0, 60.0],
        from_zoom: 7,
        deepest_zoom: 12,
    },
];

/// The attribution line shown on the map.
pub const ATTRIBUTION: &str =
    "Natural Earth · GSHHG · © OpenStreetMap contributors (ODbL) · GeoNames (CC BY 4.0)";

/// The boundaries of states and provinces (the Americas and Australia), drawn from zoom 4.
pub const STATES_FILE: &str = "states.bin";

/// The bundled basemap's folder: `assets/basemap` under the working directory where the app
/// is run from its install folder, else the one in the source tree.
pub fn bundled_dir() -> PathBuf {
    let relative = Path::new("assets/basemap");
    if relative.join("world.bin").is_file() {
        return relative.to_owned();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The loaded basemap.
pub struct Basemap {
    world: Layers,
    /// Detailed land for [`DETAIL_REGIONS`], where its file was found.
    details: Vec<(&'static DetailRegion, Layers)>,
    labels: Vec<MapLabel>,
}

impl Basemap {
    /// Loads `world.bin`, `labels.json` and, where present, the detailed regions and the
    /// state and province lines from `dir`.
    pub fn load(dir: &Path) -> Result<Basemap, BasemapError> {
        let mut world = data::read_layers(&dir.join("world.bin"))?;
        let states = dir.join(STATES_FILE);
        if states.is_file() {
            world.states = data::read_layers(&states)?.states;
        } else {
            log::warn!("{}: missing; no state or province lines", states.display());
        }
        let mut details = Vec::new();
        for region in &DETAIL_REGIONS {
            let path = dir.join(region.file);
            if path.is_file() {
                details.push((region, data::read_layers(&path)?));
            } else {
                log::warn!("{}: missing; Natural Earth is used there", path.display());
            }
        }
        let labels = read_labels(&dir.join("labels.json"))?;
        Ok(Basemap {
            world,
            details,
            labels,
        })
    }

    /// The deepest zoom at which the bundled data is finer than a pixel at `lon_lat`.
    pub fn deepest_zoom_at(&self, [lon, lat]: [f64; 2]) -> u8 {
        self.details
            .iter()
            .find(|(region, _)| {
                let [x0, y0, x1, y1] = region.bounds.map(f64::from);
                (x0..=x1).contains(&lon) && (y0..=y1).contains(&lat)
            })
            .map_or(7, |(region, _)| region.deepest_zoom)
    }

    /// Renders tile (`zoom`, `x`, `y`) as straight-alpha RGBA8, `size_px` on a side.
    pub fn render_tile(&self, zoom: u8, x: u32, y: u32, size_px: u32, theme: Theme) -> Vec<u8> {
        let tile = render::TileFrame::new(zoom, x, y, size_px);
        let detail = self
            .details
            .iter()
            .find(|(region, _)| zoom >= region.from_zoom && tile.inside(region.bounds))
            .map(|(_, layers)| layers);
        let land = detail.unwrap_or(&self.world);
        render::render(
            &tile,
            land,
            &self.world,
            detail.is_some(),
            Palette::for_theme(theme),
        )
    }

    /// Country and city names, sorted by rank.
    pub fn labels(&self) -> &[MapLabel] {
        &self.labels
    }

    /// A country's outline as rings of `[lon, lat]`, by its Natural Earth name.
    pub fn country_outline(&self, names: &[&str]) -> Option<Vec<Vec<[f32; 2]>>> {
        let feature = self.country_feature(names)?;
        Some(feature.rings.iter().map(|r| r.points.clone()).collect())
    }

    /// Whether a point lies inside a country's outline (its land, lakes included where the
    /// land has no holes for them), or `None` when no country goes by any of `names`.
    pub fn country_contains(&self, names: &[&str], [lon, lat]: [f64; 2]) -> Option<bool> {
        let feature = self.country_feature(names)?;
        let (x, y) = (lon as f32, lat as f32);
        let inside_bbox = |b: [f32; 4]| b[0] <= x && x <= b[2] && b[1] <= y && y <= b[3];
        if !inside_bbox(feature.bbox) {
            return Some(false);
        }
        // Even-odd over all rings, so that a hole in the land counts as outside.
        let mut inside = false;
        for ring in feature.rings.iter().filter(|r| inside_bbox(r.bbox)) {
            let points = &ring.points;
            let mut j = points.len().saturating_sub(1);
            for i in 0..points.len() {
                let ([xi, yi], [xj, yj]) = (points[i], points[j]);
                if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
                    inside = !inside;
                }
                j = i;
            }
        }
        Some(inside)
    }

    fn country_feature(&self, names: &[&str]) -> Option<&data::Feature> {
        names.iter().find_map(|name| {
            let name = name.to_lowercase();
            self.world.land.iter().find(|f| {
                let candidate = f.name.to_lowercase();
                candidate == name
                    || candidate.strip_suffix(" of america") == Some(name.as_str())
                    || candidate.strip_prefix("dem. rep. ") == Some(name.as_str())
            })
        })
    }
}

impl super::tiles::TileRenderer for Basemap {
    fn render(&self, zoom: u8, x: u32, y: u32, size_px: u32, dark: bool) -> Vec<u8> {
        let theme = if dark { Theme::Dark } else { Theme::Light };
        self.render_tile(zoom, x, y, size_px, theme)
    }
}

#[derive(serde::Deserialize)]
struct LabelRecord {
    name: String,
    lon: f64,
    lat: f64,
    kind: String,
    min_zoom: f32,
    rank: u32,
}

fn read_labels(path: &Path) -> Result<Vec<MapLabel>, BasemapError> {
    let text = std::fs::read_to_string(path).map_err(|source| BasemapError::Io {
        path: path.to_owned(),
        source,
    })?;
    let records: Vec<LabelRecord> =
        serde_json::from_str(&text).map_err(|err| BasemapError::Corrupt {
            path: path.to_owned(),
            what: err.to_string(),
        })?;
    let mut labels: Vec<MapLabel> = records
        .into_iter()
        .map(|r| MapLabel {
            name: r.name,
            lon_lat: [r.lon, r.lat],
            kind: match r.kind.as_str() {
                "country" => LabelKind::Country,
                "capital" => LabelKind::Capital,
                _ => LabelKind::City,
            },
            min_zoom: r.min_zoom,
            rank: r.rank,
        })
        .collect();
    labels.sort_by_key(|l| l.rank);
    Ok(labels)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::camera::mercator_from_lon_lat;

    fn basemap() -> &'static Basemap {
        static BASEMAP: std::sync::OnceLock<Basemap> = std::sync::OnceLock::new();
        BASEMAP.get_or_init(|| {
            Basemap::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/basemap"))
                .expect("the bundled basemap loads")
        })
    }

    fn tile_at(lon_lat: [f64; 2], zoom: u8) -> (u32, u32) {
        let [x, y] = mercator_from_lon_lat(lon_lat);
        let n = f64::from(1u32 << zoom);
        ((x * n) as u32, (y * n) as u32)
    }

    fn count(pixels: &[u8], colour: [u8; 4]) -> usize {
        pixels.chunks_exact(4).filter(|p| *p == colour).count()
    }

    #[test]
    fn the_vladivostok_tile_at_zoom_12_has_land_and_sea() {
        let (x, y) = tile_at([131.8855, 43.1155], 12);
        let pixels = basemap().render_tile(12, x, y, 256, Theme::Light);
        let palette = Palette::for_theme(Theme::Light);
        assert_eq!(pixels.len(), 256 * 256 * 4);
        assert!(count(&pixels, palette.land) > 2000, "land");
        assert!(count(&pixels, palette.sea) > 2000, "sea");
    }

    #[test]
    fn a_tile_in_the_open_pacific_is_sea() {
        let (x, y) = tile_at([-150.0, 30.0], 6);
        let pixels = basemap().render_tile(6, x, y, 256, Theme::Dark);
        let sea = Palette::for_theme(Theme::Dark).sea;
        assert_eq!(count(&pixels, sea), 256 * 256);
    }

    #[test]
    fn a_zoom_16_tile_over_russky_island_overzooms_with_land_in_it() {
        let (x, y) = tile_at([131.8462, 43.0067], 16);
        let pixels = basemap().render_tile(16, x, y, 512, Theme::Light);
        assert_eq!(pixels.len(), 512 * 512 * 4);
        assert!(count(&pixels, Palette::for_theme(Theme::Light).land) > 1000);
    }

    /// The colour of the pixel at `lon_lat` on the bundled map at `zoom`.
    fn pixel_at(lon_lat: [f64; 2], zoom: u8) -> [u8; 4] {
        let [x, y] = mercator_from_lon_lat(lon_lat);
        let n = f64::from(1u32 << zoom);
        let (tx, ty) = ((x * n) as u32, (y * n) as u32);
        let pixels = basemap().render_tile(zoom, tx, ty, 256, Theme::Light);
        let px = ((x * n).fract() * 256.0) as usize;
        let py = ((y * n).fract() * 256.0) as usize;
        let at = (py * 256 + px) * 4;
        [pixels[at], pixels[at + 1], pixels[at + 2], pixels[at + 3]]
    }

    #[test]
    fn the_tumen_is_drawn_as_a_river_and_a_lagoon_by_khasan_as_water() {
        let palette = Palette::for_theme(Theme::Light);
        // The Tumen just below Khasan, on the North Korea–Russia border.
        let (x, y) = tile_at([130.644, 42.400], 12);
        let pixels = basemap().render_tile(12, x, y, 256, Theme::Light);
        assert!(count(&pixels, palette.river) > 50, "the Tumen is drawn");
        // The lagoon north-east of Khasan is water inside the land; Khasan itself is land.
        assert_eq!(pixel_at([130.743, 42.513], 12), palette.sea, "the lagoon");
        assert_eq!(pixel_at([130.6456, 42.4283], 12), palette.land, "Khasan");
    }

    #[test]
    fn lake_baikal_is_water_on_the_world_map() {
        let palette = Palette::for_theme(Theme::Light);
        assert_eq!(pixel_at([108.3, 53.6], 5), palette.sea, "Baikal");
        assert_eq!(pixel_at([110.0, 46.0], 5), palette.land, "the Gobi");
    }

    #[test]
    fn a_missing_or_corrupt_basemap_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = Basemap::load(dir.path()).err().expect("missing files fail");
        assert!(err.to_string().contains("world.bin"), "{err}");
        std::fs::write(dir.path().join("world.bin"), b"AMBM1\0\0\0\x05").unwrap();
        let err = Basemap::load(dir.path()).err().expect("corrupt files fail");
        assert!(err.to_string().contains("damaged"), "{err}");
    }

    #[test]
    fn state_lines_are_drawn_from_zoom_4_and_the_file_is_optional() {
        let dir = tempfile::tempdir().unwrap();
        for file in ["world.bin", "labels.json"] {
            std::fs::copy(bundled_dir().join(file), dir.path().join(file)).unwrap();
        }
        let without = Basemap::load(dir.path()).expect("states.bin is optional");
        // Indiana, Kentucky and Ohio at zoom 6; the whole United States at zoom 3.
        let kentucky = basemap().render_tile(6, 16, 24, 256, Theme::Light);
        assert_ne!(
            kentucky,
            without.render_tile(6, 16, 24, 256, Theme::Light),
            "state lines are drawn at zoom 6"
        );
        assert_eq!(
            basemap().render_tile(3, 2, 3, 256, Theme::Light),
            without.render_tile(3, 2, 3, 256, Theme::Light),
            "and not at zoom 3"
        );
    }

    #[test]
    fn the_core_region_is_bundled_to_zoom_14_and_east_asia_to_zoom_12() {
        assert_eq!(basemap().deepest_zoom_at([131.8462, 43.0067]), 14);
        assert_eq!(basemap().deepest_zoom_at([105.84, 21.02]), 12);
        assert_eq!(basemap().deepest_zoom_at([2.35, 48.85]), 7);
    }

    #[test]
    fn country_outlines_are_found_by_common_names() {
        assert!(basemap().country_outline(&["Vietnam"]).is_some());
        assert!(basemap().country_outline(&["United States"]).is_some());
        assert!(basemap().country_outline(&["Atlantis"]).is_none());
    }

    #[test]
    fn a_point_is_inside_its_country_and_not_its_neighbour() {
        let basemap = basemap();
        let toronto = [-79.38, 43.65];
        assert_eq!(basemap.country_contains(&["Canada"], toronto), Some(true));
        assert_eq!(
            basemap.country_contains(&["United States"], toronto),
            Some(false)
        );
        let chicago = [-87.63, 41.88];
        assert_eq!(
            basemap.country_contains(&["United States"], chicago),
            Some(true)
        );
        assert_eq!(basemap.country_contains(&["Canada"], chicago), Some(false));
        assert_eq!(basemap.country_contains(&["Atlantis"], chicago), None);
    }

    #[test]
    fn labels_include_the_cities_of_the_region() {
        for name in [
            "Vladivostok",
            "Nakhodka",
            "Ussuriysk",
            "Seoul",
            "Beijing",
            "Tokyo",
            "Hanoi",
        ] {
            assert!(
                basemap().labels().iter().any(|l| l.name == name),
                "{name} is labelled"
            );
        }
    }
}
