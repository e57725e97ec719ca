//! The map's state between frames: walkers' memory, the tile source, the flight in
//! progress, and what was drawn last frame (for hit tests and tests).

use egui::{Pos2, Rect};
use walkers::{MapMemory, Position, lon_lat};

use super::camera::{self, Flight, View};
use super::labels::MapLabel;
use super::markers::MarkerLayout;
use super::source::Overlay;
use super::tiles::RenderedTiles;

/// Everything the map panel keeps between frames.
pub struct MapView {
    /// walkers' own state: centre and zoom.
    pub memory: MapMemory,
    /// The tile source, if any: without one the map shows a plain background.
    pub tiles: Option<RenderedTiles>,
    /// The flight in progress.
    pub flight: Option<Flight>,
    /// The view the app set last frame, to tell a user's scroll or drag from our own moves.
    pub view_set_by_app: Option<View>,
    /// Where the map was on screen last frame.
    pub rect_on_screen: Rect,
    /// Where markers were drawn last frame.
    pub layouts: Vec<MarkerLayout>,
    /// The attribution line of the basemap.
    pub attribution: String,
    /// The basemap's country and city names, sorted by rank.
    pub labels: Vec<MapLabel>,
    /// An online or PMTiles map drawn over the bundled one.
    pub overlay: Option<Overlay>,
    /// The bundled basemap, for country outlines.
    pub basemap: Option<std::sync::Arc<super::basemap::Basemap>>,
    /// The clusters of the shown places, kept until the zoom or what is shown changes.
    pub clusters: Option<ClusterCache>,
    /// Where clusters were drawn last frame, for hit tests and tests.
    pub cluster_hits: Vec<ClusterHit>,
    /// The selected country's outline, cut at the antimeridian, in Web-Mercator: made once
    /// per selection, so that a frame only scales and shifts it.
    pub outline: Option<OutlineCache>,
    /// Each basemap label's size on screen, by its index in [`Self::labels`], measured once
    /// (egui forgets a text layout not drawn last frame).
    pub label_sizes: Vec<Option<egui::Vec2>>,
}

/// A country's outline, for the place it belongs to.
pub struct OutlineCache {
    /// The place's index.
    pub place: usize,
    /// Pieces of its rings in the Web-Mercator unit square, each with whether it is a whole
    /// (closed) ring.
    pub pieces_mercator: Vec<(Vec<[f64; 2]>, bool)>,
}

/// The clusters worked out for one set of shown places at one zoom.
pub struct ClusterCache {
    /// The caller's count of changes to what is shown, when the index was made.
    pub generation: u64,
    /// The shown places, indexed.
    pub index: super::clusters::ClusterIndex,
    /// The zoom the clusters are for ([`super::clusters::cluster_zoom`]).
    pub zoom: f64,
    /// The clusters at that zoom.
    pub clusters: Vec<super::clusters::Cluster>,
}

/// A cluster as drawn: where, how big, and what a click on it frames.
#[derive(Clone, Debug)]
pub struct ClusterHit {
    /// Its centre.
    pub pos_on_screen: Pos2,
    /// Its disc's radius.
    pub radius: f32,
    /// How many places it holds.
    pub count: usize,
    /// Its places' bounds, `[west, south, east, north]`.
    pub bounds_lon_lat: [f64; 4],
}

impl ClusterHit {
    /// The cluster under `pointer`, if any.
    pub fn at(hits: &[ClusterHit], pointer: Pos2) -> Option<&ClusterHit> {
        hits.iter()
            .rev()
            .find(|h| h.pos_on_screen.distance(pointer) <= h.radius + 2.0)
    }
}

impl MapView {
    /// A map centred on `view`.
    pub fn new(view: View, tiles: Option<RenderedTiles>, attribution: String) -> MapView {
        let mut map = MapView {
            memory: MapMemory::default(),
            tiles,
            flight: None,
            view_set_by_app: None,
            rect_on_screen: Rect::NOTHING,
            layouts: Vec::new(),
            attribution,
            labels: Vec::new(),
            overlay: None,
            basemap: None,
            clusters: None,
            cluster_hits: Vec::new(),
            outline: None,
            label_sizes: Vec::new(),
        };
        map.jump_to(view);
        map
    }

    /// The view walkers shows now.
    pub fn view(&self) -> View {
        let center = self.memory.detached().unwrap_or(lon_lat(0.0, 0.0));
        View {
            center_lon_lat: [center.x(), center.y()],
            zoom: self.memory.zoom(),
        }
    }

    /// Moves the map at once, ending any flight.
    pub fn jump_to(&mut self, view: View) {
        self.flight = None;
        self.set_view(view);
    }

    fn set_view(&mut self, view: View) {
        let view = view.clamped();
        self.memory
            .center_at(lon_lat(view.center_lon_lat[0], view.center_lon_lat[1]));
        if let Err(err) = self.memory.set_zoom(view.zoom) {
            log::debug!("zoom {} refused: {err:?}", view.zoom);
        }
        self.view_set_by_app = Some(self.view());
    }

    /// Starts a flight to `target` at time `now` (seconds).
    pub fn fly_to(&mut self, target: View, now: f64) {
        self.flight = Some(Flight::new(self.view(), target, now));
        // The flight starts from the view as it is: moves the user made before it are not
        // taken for the user taking over (a wheel or a drag before a click on a name had
        // ended every flight at its first frame).
        self.view_set_by_app = Some(self.view());
        // The destination's tiles are asked for now, so that they are ready on landing.
        let size = self.rect_on_screen.size();
        if let Some(tiles) = self.tiles.as_mut()
            && size.x > 0.0
            && size.y > 0.0
        {
            tiles.prefetch(&super::camera::tiles_of_view(target, [size.x, size.y]));
        }
    }

    /// Advances the flight to time `now`. Returns whether the map is still moving. If the
    /// user scrolled or dragged since the last frame, the flight ends and they keep control.
    pub fn advance(&mut self, now: f64) -> bool {
        let Some(flight) = self.flight else {
            return false;
        };
        if self
            .view_set_by_app
            .is_some_and(|set| !same_view(set, self.view()))
        {
            self.flight = None;
            return false;
        }
        self.set_view(flight.view_at(now));
        if flight.finished(now) {
            self.flight = None;
        }
        true
    }

    /// Ends the flight where it is; the user took over.
    pub fn stop_flight(&mut self) {
        self.flight = None;
    }

    /// Where `lon_lat` is on screen, by last frame's map rectangle and the current view.
    pub fn pos_on_screen(&self, lon_lat: [f64; 2]) -> Option<Pos2> {
        if !self.rect_on_screen.is_positive() {
            return None;
        }
        let view = self.view();
        let world_px = camera::TILE_PX * 2f64.powf(view.zoom);
        let center = camera::mercator_from_lon_lat(view.center_lon_lat);
        let point = camera::mercator_from_lon_lat(lon_lat);
        let c = self.rect_on_screen.center();
        Some(Pos2::new(
            c.x + ((point[0] - center[0]) * world_px) as f32,
            c.y + ((point[1] - center[1]) * world_px) as f32,
        ))
    }

    /// Where place `place`'s marker was drawn last frame.
    pub fn marker_pos_on_screen(&self, place: usize) -> Option<Pos2> {
        self.layouts
            .iter()
            .find(|l| l.place == place)
            .map(|l| l.pos_on_screen)
    }

    /// Tiles still being rendered.
    pub fn tiles_pending(&self) -> usize {
        self.tiles.as_ref().map_or(0, RenderedTiles::pending)
    }
}

/// walkers' position type from `[lon, lat]`.
pub fn position(lon_lat: [f64; 2]) -> Position {
    walkers::lon_lat(lon_lat[0], lon_lat[1])
}

fn same_view(a: View, b: View) -> bool {
    (a.zoom - b.zoom).abs() < 1e-6
        && (a.center_lon_lat[0] - b.center_lon_lat[0]).abs() < 1e-9
        && (a.center_lon_lat[1] - b.center_lon_lat[1]).abs() < 1e-9
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(lon: f64, lat: f64, zoom: f64) -> View {
        View {
            center_lon_lat: [lon, lat],
            zoom,
        }
    }

    #[test]
    fn a_flight_arrives_at_its_target() {
        let mut map = MapView::new(view(0.0, 0.0, 3.0), None, String::new());
        map.fly_to(view(125.7543, 39.0339, 11.0), 0.0);
        assert!(map.advance(0.4));
        assert!(map.advance(camera::FLIGHT_SECONDS));
        assert!(!map.advance(camera::FLIGHT_SECONDS + 0.1));
        let arrived = map.view();
        assert!((arrived.center_lon_lat[0] - 125.7543).abs() < 1e-9);
        assert!((arrived.zoom - 11.0).abs() < 1e-9);
    }

    #[test]
    fn a_user_zoom_during_a_flight_hands_control_back() {
        let mut map = MapView::new(view(0.0, 0.0, 3.0), None, String::new());
        map.fly_to(view(125.0, 39.0, 11.0), 0.0);
        assert!(map.advance(0.2));
        let before = map.view();
        map.memory.set_zoom(before.zoom + 1.0).expect("valid zoom");
        assert!(!map.advance(0.3), "the flight stops");
        assert!(map.flight.is_none());
        assert!((map.view().zoom - (before.zoom + 1.0)).abs() < 1e-9);
    }

    #[test]
    fn the_centre_projects_to_the_middle_of_the_map() {
        let mut map = MapView::new(view(131.0, 43.0, 8.0), None, String::new());
        map.rect_on_screen = Rect::from_min_size(Pos2::new(100.0, 0.0), egui::vec2(600.0, 400.0));
        let pos = map.pos_on_screen([131.0, 43.0]).expect("projected");
        assert!((pos.x - 400.0).abs() < 0.01 && (pos.y - 200.0).abs() < 0.01);
        let east = map.pos_on_screen([131.1, 43.0]).expect("projected");
        assert!(east.x > pos.x);
    }
}
