//! The places of a story, as written in its `places.json`.
//!
//! The file is plain JSON so that a journalist can write or fix it by hand:
//!
//! ```json
//! {
//!   "title": "Kim and Putin meet in Vladivostok",
//!   "article": "article.txt",
//!   "places": [
//!     { "id": "hasan", "name": "Hasan", "aliases": ["Khasan"], "kind": "town",
//!       "lat": 42.4283, "lon": 130.6456, "note": "Border station on the Tumen river." }
//!   ]
//! }
//! ```
//!
//! - `title` (optional): shown in the window title; defaults to the folder name.
//! - `article`: the article's text file, relative to `places.json`.
//! - `places[].id`: stable and unique; `name`: what the map shows; `aliases` (optional):
//!   other spellings, short forms and demonyms that count as mentions ("Russian" → Russia).
//! - `kind`: one of `city`, `town`, `island`, `venue`, `country`, `region`.
//! - `lat`, `lon`: WGS84 degrees. `note` (optional): a line of context.
//!
//! Unknown fields are errors, so that a typo ("lattitude") is caught instead of ignored.

use serde::{Deserialize, Serialize};

pub use crate::place_kind::PlaceKind;

/// One place of a story.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// Stable, unique identifier, e.g. `"vladivostok"`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Other names that count as mentions: spellings, short forms, demonyms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// What sort of place this is.
    pub kind: PlaceKind,
    /// Latitude in WGS84 degrees, −90..=90.
    #[serde(serialize_with = "serialize_coordinate")]
    pub lat: f64,
    /// Longitude in WGS84 degrees, −180..=180.
    #[serde(serialize_with = "serialize_coordinate")]
    pub lon: f64,
    /// A short line of context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the place came from when it was found by the geoparser: its confidence and
    /// the other candidates considered. Absent for hand-curated places.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geoparsed: Option<GeoparseInfo>,
}

impl Place {
    /// The name and every alias: all the strings that count as a mention.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// Position as `[lon, lat]`.
    pub fn lon_lat(&self) -> [f64; 2] {
        [self.lon, self.lat]
    }
}

/// What the geoparser knew about a place it found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeoparseInfo {
    /// ISO 3166 alpha-2 country code, where known.
    #[serde(default)]
    pub country: Option<String>,
    /// The first-level region it lies in ("Florida" for Gainesville), where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// GeoNames id, where the place came from GeoNames.
    #[serde(default)]
    pub geonameid: Option<u64>,
    /// How sure the geoparser was, 0..=1.
    pub confidence: f32,
    /// The other candidates it considered, best first.
    #[serde(default)]
    pub alternatives: Vec<Candidate>,
}

/// A candidate place the geoparser considered for a name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    /// Name of the candidate.
    pub name: String,
    /// ISO 3166 alpha-2 country code, where known.
    #[serde(default)]
    pub country: Option<String>,
    /// Latitude in degrees.
    #[serde(serialize_with = "serialize_coordinate")]
    pub lat: f64,
    /// Longitude in degrees.
    #[serde(serialize_with = "serialize_coordinate")]
    pub lon: f64,
    /// Population, 0 where unknown.
    #[serde(default)]
    pub population: u64,
    /// GeoNames id, where known.
    #[serde(default)]
    pub geonameid: Option<u64>,
}

/// The contents of a `places.json` file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlacesFile {
    /// The story's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Path of the article, relative to the places file.
    pub article: String,
    /// The places, in any order.
    pub places: Vec<Place>,
}

/// Something wrong with the places of a story, found after the JSON itself parsed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PlaceProblem {
    /// Latitude out of range or not a number.
    #[error("place \"{id}\": lat {lat} is outside −90..90; use WGS84 degrees, north positive")]
    BadLatitude {
        /// The place's id.
        id: String,
        /// The offending value.
        lat: f64,
    },
    /// Longitude out of range or not a number.
    #[error("place \"{id}\": lon {lon} is outside −180..180; use WGS84 degrees, east positive")]
    BadLongitude {
        /// The place's id.
        id: String,
        /// The offending value.
        lon: f64,
    },
    /// Two places share an id.
    #[error("duplicate id \"{id}\" (places #{first} and #{second}); give every place its own id")]
    DuplicateId {
        /// The shared id.
        id: String,
        /// One-based index of the first place with it.
        first: usize,
        /// One-based index of the second.
        second: usize,
    },
    /// A place with an empty id or name.
    #[error("place #{index}: \"{field}\" is empty; every place needs an id and a name")]
    EmptyField {
        /// One-based index of the place.
        index: usize,
        /// The empty field.
        field: &'static str,
    },
}

/// Checks what JSON cannot: coordinates in range, unique non-empty ids.
pub fn validate(places: &[Place]) -> Result<(), PlaceProblem> {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (index, place) in places.iter().enumerate() {
        if place.id.trim().is_empty() {
            return Err(PlaceProblem::EmptyField {
                index: index + 1,
                field: "id",
            });
        }
        if place.name.trim().is_empty() {
            return Err(PlaceProblem::EmptyField {
                index: index + 1,
                field: "name",
            });
        }
        if !(-90.0..=90.0).contains(&place.lat) {
            return Err(PlaceProblem::BadLatitude {
                id: place.id.clone(),
                lat: place.lat,
            });
        }
        if !(-180.0..=180.0).contains(&place.lon) {
            return Err(PlaceProblem::BadLongitude {
                id: place.id.clone(),
                lon: place.lon,
            });
        }
        if let Some(first) = seen.insert(place.id.as_str(), index + 1) {
            return Err(PlaceProblem::DuplicateId {
                id: place.id.clone(),
                first,
                second: index + 1,
            });
        }
    }
    Ok(())
}

/// `degrees` to 5 decimals, about a metre: the gazetteer's single-precision coordinates
/// printed as doubles would show digits that mean nothing (60.10866928100586).
pub fn round_coordinate(degrees: f64) -> f64 {
    let rounded = (degrees * 1e5).round() / 1e5;
    if rounded.is_finite() {
        rounded
    } else {
        degrees
    }
}

/// Serializes a coordinate with [`round_coordinate`]: every JSON, JSONL and GeoJSON output.
pub fn serialize_coordinate<S: serde::Serializer>(
    degrees: &f64,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(round_coordinate(*degrees))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_written_to_five_decimals() {
        assert_eq!(round_coordinate(f64::from(60.108_67_f32)), 60.10867);
        let json = serde_json::to_string(&Candidate {
            name: "Oslo".into(),
            country: None,
            lat: f64::from(59.913_868_f32),
            lon: -10.0,
            population: 0,
            geonameid: None,
        })
        .unwrap();
        assert!(json.contains("\"lat\":59.91387,\"lon\":-10.0"), "{json}");
    }

    fn place(id: &str, lat: f64, lon: f64) -> Place {
        Place {
            id: id.into(),
            name: id.into(),
            aliases: vec![],
            kind: PlaceKind::City,
            lat,
            lon,
            note: None,
            geoparsed: None,
        }
    }

    #[test]
    fn valid_places_pass() {
        assert_eq!(
            validate(&[place("a", 90.0, -180.0), place("b", 0.0, 0.0)]),
            Ok(())
        );
    }

    #[test]
    fn a_nan_latitude_is_refused_and_names_the_place() {
        let err = validate(&[place("oops", f64::NAN, 0.0)]).unwrap_err();
        assert!(err.to_string().contains("\"oops\""), "{err}");
    }

    #[test]
    fn an_out_of_range_longitude_is_refused() {
        let err = validate(&[place("east", 10.0, 181.0)]).unwrap_err();
        assert!(matches!(err, PlaceProblem::BadLongitude { .. }));
    }

    #[test]
    fn duplicate_ids_name_both_places() {
        let err = validate(&[place("a", 0.0, 0.0), place("a", 1.0, 1.0)]).unwrap_err();
        assert_eq!(
            err,
            PlaceProblem::DuplicateId {
                id: "a".into(),
                first: 1,
                second: 2
            }
        );
    }

    #[test]
    fn kinds_read_and_write_in_lowercase() {
        let kind: PlaceKind = serde_json::from_str("\"island\"").unwrap();
        assert_eq!(kind, PlaceKind::Island);
        assert_eq!(
            serde_json::to_string(&PlaceKind::Venue).unwrap(),
            "\"venue\""
        );
    }
}
