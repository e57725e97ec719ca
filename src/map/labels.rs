//! The basemap's place names (countries and cities), placed on screen each frame so that
//! they never collide with each other or with the story's markers.
//!
//! Labels are not baked into tiles: then they would scale with the tiles between zoom
//! levels and could sit under a marker. Instead the most important names that fit are
//! chosen greedily, in rank order, against everything placed before them.

use egui::{Pos2, Rect, Vec2};

/// What a basemap label names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelKind {
    /// A country: drawn in spaced capitals.
    Country,
    /// A national capital.
    Capital,
    /// Any other city.
    City,
}

/// A name on the basemap.
#[derive(Clone, Debug, PartialEq)]
pub struct MapLabel {
    /// The name.
    pub name: String,
    /// Where, `[lon, lat]` in degrees.
    pub lon_lat: [f64; 2],
    /// What it names.
    pub kind: LabelKind,
    /// The zoom from which it is shown.
    pub min_zoom: f32,
    /// Importance: lower is placed first.
    pub rank: u32,
}

/// A label placed on screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlacedLabel {
    /// Index into the label list.
    pub label: usize,
    /// The point it names, on screen (cities get a small dot there).
    pub anchor_on_screen: Pos2,
    /// Where its text goes.
    pub rect: Rect,
}

/// At most this many labels are placed in one frame: beyond it the map is too busy anyway.
pub const MAX_LABELS: usize = 120;

/// Chooses which of `labels` (sorted by rank) to show at `zoom` inside `view_rect` (whose
/// extent is `view_lon_lat` `[min_lon, min_lat, max_lon, max_lat]`), and where. `project` gives a `[lon, lat]`'s screen position; `measure` a label's text size;
/// `obstacles` are rectangles to keep clear (markers and their labels).
pub fn place_labels(
    labels: &[MapLabel],
    zoom: f32,
    view_rect: Rect,
    view_lon_lat: [f64; 4],
    project: impl Fn([f64; 2]) -> Pos2,
    mut measure: impl FnMut(usize, &MapLabel) -> Vec2,
    obstacles: &[Rect],
) -> Vec<PlacedLabel> {
    let mut taken: Vec<Rect> = obstacles.to_vec();
    let mut placed = Vec::new();
    for (index, label) in labels.iter().enumerate() {
        let [lon, lat] = label.lon_lat;
        if label.min_zoom > zoom
            || lon < view_lon_lat[0]
            || lon > view_lon_lat[2]
            || lat < view_lon_lat[1]
            || lat > view_lon_lat[3]
        {
            continue;
        }
        let anchor = project(label.lon_lat);
        if !view_rect.expand(-4.0).contains(anchor) {
            continue;
        }
        let size = measure(index, label);
        let candidates: Vec<Rect> = match label.kind {
            LabelKind::Country => vec![Rect::from_center_size(anchor, size)],
            LabelKind::Capital | LabelKind::City => {
                let gap = 5.0;
                vec![
                    Rect::from_min_size(anchor + egui::vec2(gap, -size.y / 2.0), size),
                    Rect::from_min_size(anchor + egui::vec2(-gap - size.x, -size.y / 2.0), size),
                    Rect::from_min_size(anchor + egui::vec2(-size.x / 2.0, -gap - size.y), size),
                    Rect::from_min_size(anchor + egui::vec2(-size.x / 2.0, gap), size),
                ]
            }
        };
        let dot = Rect::from_center_size(anchor, Vec2::splat(6.0));
        let free =
            |r: &Rect| view_rect.contains_rect(*r) && !taken.iter().any(|t| t.intersects(*r));
        let needs_dot = label.kind != LabelKind::Country;
        if needs_dot && taken.iter().any(|t| t.intersects(dot)) {
            continue;
        }
        if let Some(rect) = candidates.into_iter().find(free) {
            taken.push(rect.expand(3.0));
            if needs_dot {
                taken.push(dot);
            }
            placed.push(PlacedLabel {
                label: index,
                anchor_on_screen: anchor,
                rect,
            });
            if placed.len() >= MAX_LABELS {
                break;
            }
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    fn label(name: &str, lon: f64, rank: u32, min_zoom: f32) -> MapLabel {
        MapLabel {
            name: name.into(),
            lon_lat: [lon, 0.0],
            kind: LabelKind::City,
            min_zoom,
            rank,
        }
    }

    fn place(labels: &[MapLabel], zoom: f32, obstacles: &[Rect]) -> Vec<String> {
        let view = Rect::from_min_size(pos2(0.0, 0.0), egui::vec2(400.0, 200.0));
        place_labels(
            labels,
            zoom,
            view,
            [-180.0, -90.0, 180.0, 90.0],
            |[lon, _]| pos2(lon as f32, 100.0),
            |_, _| egui::vec2(60.0, 14.0),
            obstacles,
        )
        .into_iter()
        .map(|p| labels[p.label].name.clone())
        .collect()
    }

    #[test]
    fn labels_that_would_collide_give_way_to_more_important_ones() {
        let labels = [
            label("Seoul", 100.0, 0, 3.0),
            label("Incheon", 104.0, 1, 3.0),
        ];
        assert_eq!(place(&labels, 5.0, &[]), ["Seoul"]);
    }

    #[test]
    fn small_places_wait_for_their_zoom() {
        let labels = [label("Seoul", 20.0, 0, 3.0), label("Rason", 150.0, 1, 8.0)];
        assert_eq!(place(&labels, 5.0, &[]), ["Seoul"]);
        assert_eq!(place(&labels, 8.0, &[]), ["Seoul", "Rason"]);
    }

    #[test]
    fn labels_keep_clear_of_the_story_markers() {
        let labels = [label("Vladivostok", 100.0, 0, 3.0)];
        let marker = Rect::from_center_size(pos2(100.0, 100.0), egui::vec2(20.0, 20.0));
        assert!(place(&labels, 5.0, &[marker]).is_empty());
    }
}
