//! The camera: where the map looks, how it flies to a place, and how it frames a set of
//! places. Plain math on Web-Mercator, independent of egui and walkers, so it is tested
//! on its own.
//!
//! Coordinates are named for their space: `lon_lat` in degrees, `mercator` in the unit
//! square (x east, y south, both 0..1), and `*_px` in screen points at a given zoom.

use crate::story::{Place, PlaceKind};

/// Side of a map tile in points; the world is `TILE_PX * 2^zoom` points wide.
pub const TILE_PX: f64 = 256.0;

/// The zoom range the app allows.
pub const MIN_ZOOM: f64 = 1.0;
/// The deepest zoom the app allows.
pub const MAX_ZOOM: f64 = 18.0;

/// How long a flight takes, in seconds. It does not depend on where it starts.
pub const FLIGHT_SECONDS: f64 = 0.8;

/// Web-Mercator's latitude limit.
const MAX_LAT: f64 = 85.051_128_78;

/// What the map shows: a centre and a zoom.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct View {
    /// Centre as `[lon, lat]` in degrees.
    pub center_lon_lat: [f64; 2],
    /// Zoom level; the world is `256 * 2^zoom` points wide.
    pub zoom: f64,
}

impl View {
    /// A view clamped to the allowed zoom range and valid coordinates.
    pub fn clamped(self) -> View {
        let [lon, lat] = self.center_lon_lat;
        let lon = if lon.is_finite() {
            lon.clamp(-180.0, 180.0)
        } else {
            0.0
        };
        let lat = if lat.is_finite() {
            lat.clamp(-MAX_LAT, MAX_LAT)
        } else {
            0.0
        };
        let zoom = if self.zoom.is_finite() {
            self.zoom
        } else {
            MIN_ZOOM
        };
        View {
            center_lon_lat: [lon, lat],
            zoom: zoom.clamp(MIN_ZOOM, MAX_ZOOM),
        }
    }
}

/// The least zoom at which the world covers a `size_px` view, so that a zoomed-out map
/// fills its panel rather than floating in an empty frame.
pub fn world_fill_zoom(size_px: [f32; 2]) -> f64 {
    let side = f64::from(size_px[0].max(size_px[1]).max(1.0));
    (side / TILE_PX).log2().clamp(MIN_ZOOM, MAX_ZOOM)
}

/// `view` moved, where it must be, so that a `size_px` screen shows no space beyond the
/// world's edges (the map does not wrap round); a world smaller than the screen is centred.
pub fn within_world(view: View, size_px: [f32; 2]) -> View {
    let scale = TILE_PX * 2f64.powf(view.zoom);
    let [x, y] = mercator_from_lon_lat(view.center_lon_lat);
    let keep = |m: f64, side_px: f32| {
        let half = f64::from(side_px) / 2.0 / scale;
        if half >= 0.5 {
            0.5
        } else {
            m.clamp(half, 1.0 - half)
        }
    };
    View {
        center_lon_lat: lon_lat_from_mercator([keep(x, size_px[0]), keep(y, size_px[1])]),
        zoom: view.zoom,
    }
}

/// `[lon, lat]` in degrees to the Web-Mercator unit square.
pub fn mercator_from_lon_lat([lon, lat]: [f64; 2]) -> [f64; 2] {
    let lat = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    let x = (lon + 180.0) / 360.0;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0;
    [x, y]
}

/// The Web-Mercator unit square to `[lon, lat]` in degrees.
pub fn lon_lat_from_mercator([x, y]: [f64; 2]) -> [f64; 2] {
    let lon = x * 360.0 - 180.0;
    let lat = (std::f64::consts::PI * (1.0 - 2.0 * y))
        .sinh()
        .atan()
        .to_degrees();
    [lon, lat]
}

/// Great-circle distance in kilometres.
pub fn distance_km(a: [f64; 2], b: [f64; 2]) -> f64 {
    let (lat1, lat2) = (a[1].to_radians(), b[1].to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b[0] - a[0]).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// The zoom that suits a place of this kind when flying to it.
pub fn zoom_for_kind(kind: PlaceKind) -> f64 {
    match kind {
        PlaceKind::City | PlaceKind::Town | PlaceKind::Island => 11.0,
        PlaceKind::Venue => 13.0,
        PlaceKind::Country => 5.5,
        PlaceKind::Region => 6.0,
    }
}

/// The tiles (zoom, x, y) that walkers draws for `view` on a map `size_px` points large:
/// at the nearest whole zoom, as walkers picks.
pub fn tiles_of_view(view: View, size_px: [f32; 2]) -> Vec<walkers::TileId> {
    let zoom = view.zoom.round().clamp(0.0, 20.0);
    let tiles_across = 2f64.powf(zoom);
    let scale = 2f64.powf(zoom - view.zoom) / TILE_PX;
    let [mx, my] = mercator_from_lon_lat(view.center_lon_lat);
    let half = [
        f64::from(size_px[0]) / 2.0 * scale,
        f64::from(size_px[1]) / 2.0 * scale,
    ];
    let range = |centre: f64, half: f64| {
        let first = (centre * tiles_across - half).floor().max(0.0);
        let last = (centre * tiles_across + half)
            .floor()
            .min(tiles_across - 1.0);
        first as u32..=last.max(first) as u32
    };
    let mut tiles = Vec::new();
    for y in range(my, half[1]) {
        for x in range(mx, half[0]) {
            tiles.push(walkers::TileId {
                x,
                y,
                zoom: zoom as u8,
            });
        }
    }
    tiles
}

/// Smooth start and end: cubic ease-in-out on 0..=1.
pub fn ease_in_out(t: f64) -> f64 {
    let t = t.clamp(0.0, 1.0);
    if t < 0.5 {
        4.0 * t * t * t
    } else {
        1.0 - (-2.0 * t + 2.0).powi(3) / 2.0
    }
}

/// An animated move from one view to another.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flight {
    from: View,
    to: View,
    started_at: f64,
}

impl Flight {
    /// A flight starting at time `now` (seconds) from `from` to `to`.
    pub fn new(from: View, to: View, now: f64) -> Flight {
        Flight {
            from: from.clamped(),
            to: to.clamped(),
            started_at: now,
        }
    }

    /// Where the flight goes.
    pub fn target(&self) -> View {
        self.to
    }

    /// Whether the flight has arrived by time `now`.
    pub fn finished(&self, now: f64) -> bool {
        now - self.started_at >= FLIGHT_SECONDS
    }

    /// The view at time `now`. The centre moves in Mercator space and the zoom in log
    /// space, both on the same eased clock, so the target stays steady on screen.
    pub fn view_at(&self, now: f64) -> View {
        let t = ease_in_out((now - self.started_at) / FLIGHT_SECONDS);
        if t >= 1.0 {
            return self.to;
        }
        let a = mercator_from_lon_lat(self.from.center_lon_lat);
        let b = mercator_from_lon_lat(self.to.center_lon_lat);
        let mercator = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
        View {
            center_lon_lat: lon_lat_from_mercator(mercator),
            zoom: self.from.zoom + (self.to.zoom - self.from.zoom) * t,
        }
    }
}

/// The view that shows every `[lon, lat]` point inside a `size_px` screen with `padding_px`
/// to spare on every side. A single point gets `single_zoom`.
pub fn fit(points: &[[f64; 2]], size_px: [f32; 2], padding_px: f32, single_zoom: f64) -> View {
    let Some(first) = points.first() else {
        return View {
            center_lon_lat: [0.0, 20.0],
            zoom: 2.0,
        };
    };
    let mercators: Vec<[f64; 2]> = points.iter().map(|&p| mercator_from_lon_lat(p)).collect();
    let (mut min, mut max) = (mercators[0], mercators[0]);
    for m in &mercators {
        min = [min[0].min(m[0]), min[1].min(m[1])];
        max = [max[0].max(m[0]), max[1].max(m[1])];
    }
    let span = [max[0] - min[0], max[1] - min[1]];
    if span[0] < 1e-9 && span[1] < 1e-9 {
        return View {
            center_lon_lat: *first,
            zoom: single_zoom,
        }
        .clamped();
    }
    let usable = [
        (size_px[0] - 2.0 * padding_px).max(32.0) as f64,
        (size_px[1] - 2.0 * padding_px).max(32.0) as f64,
    ];
    // World width at zoom z is TILE_PX * 2^z; pick the largest z where the span fits.
    let zoom_x = (usable[0] / (span[0].max(1e-12) * TILE_PX)).log2();
    let zoom_y = (usable[1] / (span[1].max(1e-12) * TILE_PX)).log2();
    let center = lon_lat_from_mercator([(min[0] + max[0]) / 2.0, (min[1] + max[1]) / 2.0]);
    View {
        center_lon_lat: center,
        zoom: zoom_x.min(zoom_y).min(single_zoom),
    }
    .clamped()
}

/// Distance beyond which an area (a country, a region) no longer counts as part of the
/// story's neighbourhood for the opening view.
pub const NEARBY_KM: f64 = 4000.0;

/// The places the opening view should frame: every point place, and every area within
/// [`NEARBY_KM`] of one. Far-off countries (the United States in a story set in Korea)
/// would zoom the map out to the whole world, so they are left out. With no point places,
/// the areas near the first-mentioned one are framed.
pub fn places_to_frame<'a>(places: impl IntoIterator<Item = &'a Place>) -> Vec<[f64; 2]> {
    let places: Vec<&Place> = places.into_iter().collect();
    let mut seeds: Vec<[f64; 2]> = places
        .iter()
        .filter(|p| !p.kind.is_area())
        .map(|p| p.lon_lat())
        .collect();
    if seeds.is_empty() {
        seeds.extend(places.first().map(|p| p.lon_lat()));
    }
    let mut framed = seeds.clone();
    for place in places.iter().filter(|p| p.kind.is_area()) {
        let near = seeds
            .iter()
            .any(|&seed| distance_km(seed, place.lon_lat()) <= NEARBY_KM);
        if near && !framed.contains(&place.lon_lat()) {
            framed.push(place.lon_lat());
        }
    }
    framed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_is_kept_off_the_edges_of_the_world() {
        // Zoom 2: the world is 1024 points wide; a 512-point screen centred at 170° E would
        // show 90° beyond the antimeridian, so it moves back west to 90° E.
        let moved = within_world(
            View {
                center_lon_lat: [170.0, 0.0],
                zoom: 2.0,
            },
            [512.0, 512.0],
        );
        assert!((moved.center_lon_lat[0] - 90.0).abs() < 1e-6, "{moved:?}");
        assert!(moved.center_lon_lat[1].abs() < 1e-6);
        // Far inside the world, nothing moves.
        let inside = View {
            center_lon_lat: [10.0, 45.0],
            zoom: 6.0,
        };
        let kept = within_world(inside, [800.0, 600.0]);
        assert!((kept.center_lon_lat[0] - 10.0).abs() < 1e-9);
        assert!((kept.center_lon_lat[1] - 45.0).abs() < 1e-9);
    }

    #[test]
    fn the_world_fills_the_view_at_the_least_zoom() {
        // 1024 points: four tiles across, zoom 2; a small view still gets MIN_ZOOM.
        assert!((world_fill_zoom([1024.0, 600.0]) - 2.0).abs() < 1e-9);
        assert!((world_fill_zoom([600.0, 1024.0]) - 2.0).abs() < 1e-9);
        assert_eq!(world_fill_zoom([100.0, 100.0]), MIN_ZOOM);
    }

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn mercator_round_trips() {
        for lon_lat in [
            [131.8855, 43.1155],
            [-98.58, 39.83],
            [0.0, 0.0],
            [179.9, -60.0],
        ] {
            let back = lon_lat_from_mercator(mercator_from_lon_lat(lon_lat));
            assert!(close(back[0], lon_lat[0], 1e-9) && close(back[1], lon_lat[1], 1e-9));
        }
    }

    #[test]
    fn easing_starts_and_ends_slowly_and_is_symmetric() {
        assert_eq!(ease_in_out(0.0), 0.0);
        assert_eq!(ease_in_out(1.0), 1.0);
        assert!(close(ease_in_out(0.5), 0.5, 1e-12));
        assert!(ease_in_out(0.1) < 0.1 && ease_in_out(0.9) > 0.9);
        assert!(close(ease_in_out(0.3) + ease_in_out(0.7), 1.0, 1e-12));
    }

    #[test]
    fn a_flight_ends_exactly_at_its_target_after_its_fixed_duration() {
        let to = View {
            center_lon_lat: [125.7543, 39.0339],
            zoom: 11.0,
        };
        for from in [
            View {
                center_lon_lat: [0.0, 0.0],
                zoom: 2.0,
            },
            View {
                center_lon_lat: [131.0, 43.0],
                zoom: 13.0,
            },
        ] {
            let flight = Flight::new(from, to, 10.0);
            assert!(!flight.finished(10.0 + FLIGHT_SECONDS * 0.99));
            assert!(flight.finished(10.0 + FLIGHT_SECONDS));
            assert_eq!(flight.view_at(10.0 + FLIGHT_SECONDS), to);
            let start = flight.view_at(10.0);
            assert!(close(start.center_lon_lat[0], from.center_lon_lat[0], 1e-9));
            assert!(close(start.center_lon_lat[1], from.center_lon_lat[1], 1e-9));
            let middle = flight.view_at(10.0 + FLIGHT_SECONDS / 2.0);
            assert!(close(middle.zoom, (from.zoom + to.zoom) / 2.0, 1e-9));
        }
    }

    #[test]
    fn fit_shows_every_point_inside_the_padding() {
        let points = [[131.8855, 43.1155], [107.83, 16.17], [125.7543, 39.0339]];
        let size = [600.0, 700.0];
        let view = fit(&points, size, 40.0, 11.0);
        let world_px = TILE_PX * 2f64.powf(view.zoom);
        let center = mercator_from_lon_lat(view.center_lon_lat);
        for point in points {
            let m = mercator_from_lon_lat(point);
            let x = (m[0] - center[0]) * world_px + size[0] as f64 / 2.0;
            let y = (m[1] - center[1]) * world_px + size[1] as f64 / 2.0;
            assert!((39.9..=560.1).contains(&x), "x {x} for {point:?}");
            assert!((39.9..=660.1).contains(&y), "y {y} for {point:?}");
        }
        assert!(view.zoom > 3.0 && view.zoom < 6.0, "{view:?}");
    }

    #[test]
    fn the_tiles_of_a_view_cover_it_at_the_nearest_whole_zoom() {
        let view = View {
            center_lon_lat: [0.0, 0.0],
            zoom: 3.4,
        };
        let tiles = tiles_of_view(view, [512.0, 512.0]);
        assert!(tiles.iter().all(|t| t.zoom == 3));
        // 512 points at zoom 3.4 are about 1.5 tiles of zoom 3 around the middle (4, 4).
        for (x, y) in [(3, 3), (4, 4), (3, 4), (4, 3)] {
            assert!(tiles.iter().any(|t| (t.x, t.y) == (x, y)), "{tiles:?}");
        }
        assert!(tiles.len() <= 9, "{tiles:?}");
        let deeper = tiles_of_view(View { zoom: 3.6, ..view }, [512.0, 512.0]);
        assert!(deeper.iter().all(|t| t.zoom == 4));
        // At the edge of the world, no tile falls outside it.
        let corner = tiles_of_view(
            View {
                center_lon_lat: [-179.9, 84.0],
                zoom: 2.0,
            },
            [800.0, 600.0],
        );
        assert!(corner.iter().all(|t| t.x < 4 && t.y < 4), "{corner:?}");
    }

    #[test]
    fn fitting_one_point_uses_the_given_zoom() {
        let view = fit(&[[10.0, 50.0]], [800.0, 600.0], 40.0, 11.0);
        assert_eq!(view.zoom, 11.0);
        assert_eq!(view.center_lon_lat, [10.0, 50.0]);
    }

    #[test]
    fn far_off_countries_are_left_out_of_the_opening_frame() {
        let place = |id: &str, kind, lat, lon| Place {
            id: id.into(),
            name: id.into(),
            aliases: vec![],
            kind,
            lat,
            lon,
            note: None,
            geoparsed: None,
        };
        let places = [
            place("vladivostok", PlaceKind::City, 43.1155, 131.8855),
            place("pyongyang", PlaceKind::City, 39.0339, 125.7543),
            place("vietnam", PlaceKind::Country, 16.17, 107.83),
            place("usa", PlaceKind::Country, 39.83, -98.58),
        ];
        let framed = places_to_frame(&places);
        assert!(framed.contains(&[107.83, 16.17]));
        assert!(!framed.contains(&[-98.58, 39.83]));
        assert_eq!(framed.len(), 3);
    }
}
