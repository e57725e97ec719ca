//! The kinds of place, shared by the story (`places.json`) and the geoparser, so that found
//! places need no mapping and neither module imports the other for it.

use serde::{Deserialize, Serialize};

/// What sort of place a place is, in a story or as found by the geoparser. Points (city,
/// town, island, venue) and areas (country, region) are drawn differently on the map and
/// framed at different zooms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// A city.
    City,
    /// A town or village.
    Town,
    /// An island.
    Island,
    /// A building or campus: where something happened.
    Venue,
    /// A sovereign country, present or historical.
    Country,
    /// A region: a peninsula, a province, a sea, a continent.
    Region,
}

impl PlaceKind {
    /// All kinds, in the order used for display.
    pub const ALL: [PlaceKind; 6] = [
        PlaceKind::City,
        PlaceKind::Town,
        PlaceKind::Island,
        PlaceKind::Venue,
        PlaceKind::Country,
        PlaceKind::Region,
    ];

    /// The lowercase name used in files and on screen.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::City => "city",
            PlaceKind::Town => "town",
            PlaceKind::Island => "island",
            PlaceKind::Venue => "venue",
            PlaceKind::Country => "country",
            PlaceKind::Region => "region",
        }
    }

    /// Whether the place is an area (country or region) rather than a point.
    pub fn is_area(self) -> bool {
        matches!(self, PlaceKind::Country | PlaceKind::Region)
    }
}

impl std::fmt::Display for PlaceKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
