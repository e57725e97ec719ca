//! Painting one tile with tiny-skia: sea, land, coastlines, borders.
//!
//! Geometry is projected to the tile's pixels, clipped to a rectangle a little larger than
//! the tile (so huge rings such as Russia's stay cheap and within f32's comfort), and thinned
//! to points at least a third of a pixel apart: the coastline is never coarser than the
//! data, and never finer than the screen can show.

use tiny_skia::{
    FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke, StrokeDash, Transform,
};

use super::Palette;
use super::data::{Feature, Layers};

/// A tile's place in the world, and the projection onto its pixels.
pub struct TileFrame {
    zoom: u8,
    x: u32,
    y: u32,
    size_px: u32,
    /// The tile's extent `[min_lon, min_lat, max_lon, max_lat]`, with a margin.
    bounds: [f32; 4],
}

/// Extra pixels drawn around the tile, so strokes at the edge join their neighbours.
const MARGIN_PX: f32 = 8.0;
/// State and province lines are drawn from this zoom on.
const MIN_STATE_ZOOM: u8 = 4;

/// The world layer's rivers (major ones, 1:50m) are drawn from this zoom on.
const MIN_RIVER_ZOOM: u8 = 4;
/// The world layer's lakes are drawn from this zoom on.
const MIN_LAKE_ZOOM: u8 = 2;

impl TileFrame {
    /// The frame of tile (`zoom`, `x`, `y`) rendered at `size_px`.
    pub fn new(zoom: u8, x: u32, y: u32, size_px: u32) -> TileFrame {
        let n = f64::from(1u32 << zoom.min(30));
        let margin = f64::from(MARGIN_PX) / f64::from(size_px.max(1));
        let lon = |tx: f64| tx / n * 360.0 - 180.0;
        let lat = |ty: f64| {
            (std::f64::consts::PI * (1.0 - 2.0 * ty / n))
                .sinh()
                .atan()
                .to_degrees()
        };
        let (x0, x1) = (f64::from(x) - margin, f64::from(x) + 1.0 + margin);
        let (y0, y1) = (f64::from(y) - margin, f64::from(y) + 1.0 + margin);
        TileFrame {
            zoom,
            x,
            y,
            size_px,
            bounds: [
                lon(x0) as f32,
                lat(y1) as f32,
                lon(x1) as f32,
                lat(y0) as f32,
            ],
        }
    }

    /// Whether the whole tile lies inside `region` `[min_lon, min_lat, max_lon, max_lat]`.
    pub fn inside(&self, region: [f32; 4]) -> bool {
        self.bounds[0] >= region[0]
            && self.bounds[1] >= region[1]
            && self.bounds[2] <= region[2]
            && self.bounds[3] <= region[3]
    }

    fn touches(&self, bbox: [f32; 4]) -> bool {
        bbox[0] <= self.bounds[2]
            && bbox[2] >= self.bounds[0]
            && bbox[1] <= self.bounds[3]
            && bbox[3] >= self.bounds[1]
    }

    /// `[lon, lat]` to this tile's pixels.
    fn project(&self, [lon, lat]: [f32; 2]) -> [f32; 2] {
        let n = f64::from(1u32 << self.zoom.min(30));
        let size = f64::from(self.size_px);
        let x = (f64::from(lon) + 180.0) / 360.0 * n - f64::from(self.x);
        let lat = f64::from(lat).clamp(-85.051_13, 85.051_13).to_radians();
        let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * n
            - f64::from(self.y);
        [(x * size) as f32, (y * size) as f32]
    }
}

/// Renders a tile: `land` gives the land fill (and, when `detailed`, the coastline as the
/// land's outline, rivers, and borders where it has them); `world` gives the other borders,
/// and coastlines elsewhere.
pub fn render(
    tile: &TileFrame,
    land: &Layers,
    world: &Layers,
    detailed: bool,
    palette: Palette,
) -> Vec<u8> {
    let size = tile.size_px.max(1);
    let Some(mut pixmap) = Pixmap::new(size, size) else {
        return Vec::new();
    };
    pixmap.fill(colour(palette.sea));
    let scale = size as f32 / 256.0;
    let clip = [
        -MARGIN_PX,
        -MARGIN_PX,
        size as f32 + MARGIN_PX,
        size as f32 + MARGIN_PX,
    ];
    let mut paint = Paint {
        anti_alias: true,
        ..Paint::default()
    };

    paint.set_color(colour(palette.land));
    let mut coast_from_land = PathBuilder::new();
    for feature in land.land.iter().filter(|f| tile.touches(f.bbox)) {
        let mut path = PathBuilder::new();
        for ring in feature.rings.iter().filter(|r| tile.touches(r.bbox)) {
            for copy in unwrapped_copies(&ring.points) {
                let projected = thin(copy.into_iter().map(|p| tile.project(p)));
                let mut clipped = clip_polygon(&projected, clip);
                if detailed {
                    // The shoreline data has a point every 100 m or so: past zoom 10 its
                    // straight runs would show as a staircase. Round them off.
                    for _ in 0..smoothing_passes(tile.zoom) {
                        clipped = smooth(&clipped, clip);
                    }
                }
                add_polygon(&mut path, &clipped);
                if detailed {
                    add_polygon(&mut coast_from_land, &clipped);
                }
            }
        }
        // Natural Earth's rings are filled even-odd; the detailed land is oriented (outer
        // rings one way, holes the other) and filled non-zero, so overlaps never cancel.
        let rule = if detailed {
            FillRule::Winding
        } else {
            FillRule::EvenOdd
        };
        if let Some(path) = path.finish().filter(has_area) {
            pixmap.fill_path(&path, &paint, rule, Transform::identity(), None);
        }
    }

    // Lakes that the land has no holes for (the world layer's): water, with a shore.
    let mut lake_shores = PathBuilder::new();
    if !land.lakes.is_empty() && tile.zoom >= MIN_LAKE_ZOOM {
        let mut lakes = PathBuilder::new();
        for feature in land.lakes.iter().filter(|f| tile.touches(f.bbox)) {
            for ring in feature.rings.iter().filter(|r| tile.touches(r.bbox)) {
                let projected = thin(ring.points.iter().map(|&p| tile.project(p)));
                let clipped = clip_polygon(&projected, clip);
                add_polygon(&mut lakes, &clipped);
                add_polygon(&mut lake_shores, &clipped);
            }
        }
        if let Some(path) = lakes.finish().filter(has_area) {
            paint.set_color(colour(palette.sea));
            pixmap.fill_path(
                &path,
                &paint,
                FillRule::EvenOdd,
                Transform::identity(),
                None,
            );
        }
    }

    let coast_width = (0.7 + 0.06 * f32::from(tile.zoom)) * scale;
    paint.set_color(colour(palette.coast));
    let coast_stroke = Stroke {
        width: coast_width,
        line_join: LineJoin::Round,
        ..Stroke::default()
    };
    if detailed {
        if let Some(path) = coast_from_land.finish() {
            pixmap.stroke_path(&path, &paint, &coast_stroke, Transform::identity(), None);
        }
    } else if let Some(path) = polylines(tile, &world.coast, clip) {
        pixmap.stroke_path(&path, &paint, &coast_stroke, Transform::identity(), None);
    }
    if let Some(path) = lake_shores.finish() {
        let thin_shore = Stroke {
            width: coast_width * 0.7,
            ..coast_stroke.clone()
        };
        pixmap.stroke_path(&path, &paint, &thin_shore, Transform::identity(), None);
    }

    // A detailed region brings its own borders, drawn from the same survey as its rivers.
    let borders = if detailed && !land.borders.is_empty() {
        &land.borders
    } else {
        &world.borders
    };
    // State and province lines: thin and dotted, under the country borders.
    if tile.zoom >= MIN_STATE_ZOOM
        && let Some(path) = polylines(tile, &world.states, clip)
    {
        let mut ink = colour(palette.border);
        ink.apply_opacity(0.55);
        paint.set_color(ink);
        let dotted = Stroke {
            width: (0.5 + 0.08 * f32::from(tile.zoom)) * scale,
            line_cap: LineCap::Round,
            dash: StrokeDash::new(vec![1.5 * scale, 2.0 * scale], 0.0),
            ..Stroke::default()
        };
        pixmap.stroke_path(&path, &paint, &dotted, Transform::identity(), None);
    }
    // Borders are a soft wide band under a dashed line, the atlas look. Rivers come last, so
    // that a river which is a border (the Tumen) shows as a river inside the border's dashes.
    let border_path = polylines(tile, borders, clip);
    let border_width = (0.9 + 0.1 * f32::from(tile.zoom)) * scale;
    if let Some(path) = &border_path {
        let mut band = colour(palette.border);
        band.apply_opacity(0.22);
        paint.set_color(band);
        let wide = Stroke {
            width: border_width * 3.0,
            line_cap: LineCap::Round,
            line_join: LineJoin::Round,
            ..Stroke::default()
        };
        pixmap.stroke_path(path, &paint, &wide, Transform::identity(), None);
    }
    if let Some(path) = &border_path {
        paint.set_color(colour(palette.border));
        let dashed = Stroke {
            width: border_width,
            line_cap: LineCap::Round,
            dash: StrokeDash::new(vec![4.0 * scale, 2.5 * scale], 0.0),
            ..Stroke::default()
        };
        pixmap.stroke_path(path, &paint, &dashed, Transform::identity(), None);
    }

    let rivers = if detailed || tile.zoom >= MIN_RIVER_ZOOM {
        polylines(tile, &land.rivers, clip)
    } else {
        None
    };
    if let Some(path) = rivers {
        // Thin at the zoom where rivers appear, wider as the map closes in, so that from
        // zoom 10 a big river (the Tumen) reads as water and not as another border.
        let zoom = f32::from(tile.zoom);
        let width =
            (0.5 + 0.12 * (zoom - 6.0).max(0.0) + 0.45 * (zoom - 9.0).max(0.0)).min(4.0) * scale;
        paint.set_color(colour(palette.river));
        let stroke = Stroke {
            width,
            line_cap: LineCap::Round,
            line_join: LineJoin::Round,
            ..Stroke::default()
        };
        pixmap.stroke_path(&path, &paint, &stroke, Transform::identity(), None);
    }
    // tiny-skia stores premultiplied alpha; every pixel here is opaque, so it is the same.
    pixmap.take()
}

fn colour([r, g, b, a]: [u8; 4]) -> tiny_skia::Color {
    tiny_skia::Color::from_rgba8(r, g, b, a)
}

/// A ring or line that crosses the antimeridian (a step of more than 180° of longitude, as
/// Chukotka's coast does) made continuous, plus a copy a world away so that both sides of
/// the map get it. Without this the step would be an edge across the whole world, and the
/// fill would flip for every tile along that latitude.
fn unwrapped_copies(points: &[[f32; 2]]) -> Vec<Vec<[f32; 2]>> {
    let mut shift = 0.0f32;
    let mut previous: Option<f32> = None;
    let mut wrapped = false;
    let mut out = Vec::with_capacity(points.len());
    for &[lon, lat] in points {
        if let Some(prev) = previous {
            if lon - prev > 180.0 {
                shift -= 360.0;
                wrapped = true;
            } else if prev - lon > 180.0 {
                shift += 360.0;
                wrapped = true;
            }
        }
        previous = Some(lon);
        out.push([lon + shift, lat]);
    }
    if !wrapped {
        return vec![out];
    }
    let min = out.iter().map(|p| p[0]).fold(f32::MAX, f32::min);
    let max = out.iter().map(|p| p[0]).fold(f32::MIN, f32::max);
    let other = if max > 180.0 {
        -360.0
    } else if min < -180.0 {
        360.0
    } else {
        0.0
    };
    let copy: Vec<[f32; 2]> = out.iter().map(|p| [p[0] + other, p[1]]).collect();
    vec![out, copy]
}

/// How many times the detailed shorelines are smoothed at `zoom`.
fn smoothing_passes(zoom: u8) -> usize {
    match zoom {
        0..=9 => 0,
        10..=11 => 1,
        _ => 2,
    }
}

/// One pass of Chaikin's corner cutting over a closed ring: each corner is replaced by two
/// points a quarter of the way along its edges. Corners on the clip window's edge stay put,
/// so the cut-off parts of a ring still meet the window (outside the tile) exactly.
fn smooth(points: &[[f32; 2]], [x0, y0, x1, y1]: [f32; 4]) -> Vec<[f32; 2]> {
    let n = points.len();
    if n < 3 {
        return points.to_vec();
    }
    let on_window = |p: [f32; 2]| {
        (p[0] - x0).abs() < 0.01
            || (p[0] - x1).abs() < 0.01
            || (p[1] - y0).abs() < 0.01
            || (p[1] - y1).abs() < 0.01
    };
    let mut out = Vec::with_capacity(2 * n);
    for i in 0..n {
        let p = points[i];
        if on_window(p) {
            out.push(p);
            continue;
        }
        let prev = points[(i + n - 1) % n];
        let next = points[(i + 1) % n];
        out.push([0.75 * p[0] + 0.25 * prev[0], 0.75 * p[1] + 0.25 * prev[1]]);
        out.push([0.75 * p[0] + 0.25 * next[0], 0.75 * p[1] + 0.25 * next[1]]);
    }
    out
}

/// Points at least a third of a pixel apart.
fn thin(points: impl Iterator<Item = [f32; 2]>) -> Vec<[f32; 2]> {
    let mut out: Vec<[f32; 2]> = Vec::new();
    for p in points {
        match out.last() {
            Some(last) if (p[0] - last[0]).abs() + (p[1] - last[1]).abs() < 0.33 => {}
            _ => out.push(p),
        }
    }
    out
}

/// Whether a path encloses any area (tiny-skia refuses, with a warning, to fill one that
/// does not: a ring clipped down to a line along the tile's edge).
fn has_area(path: &tiny_skia::Path) -> bool {
    let bounds = path.bounds();
    bounds.width() > 0.0 && bounds.height() > 0.0
}

fn add_polygon(path: &mut PathBuilder, points: &[[f32; 2]]) {
    if points.len() < 3 {
        return;
    }
    path.move_to(points[0][0], points[0][1]);
    for p in &points[1..] {
        path.line_to(p[0], p[1]);
    }
    path.close();
}

/// The coastlines or borders of `features` near the tile, cut where they leave it.
fn polylines(tile: &TileFrame, features: &[Feature], clip: [f32; 4]) -> Option<tiny_skia::Path> {
    let mut path = PathBuilder::new();
    let inside =
        |p: [f32; 2]| p[0] >= clip[0] && p[0] <= clip[2] && p[1] >= clip[1] && p[1] <= clip[3];
    for feature in features.iter().filter(|f| tile.touches(f.bbox)) {
        for copy in feature
            .rings
            .iter()
            .filter(|r| tile.touches(r.bbox))
            .flat_map(|r| unwrapped_copies(&r.points))
        {
            let projected = thin(copy.into_iter().map(|p| tile.project(p)));
            let mut pen_down = false;
            for pair in projected.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                // A segment is drawn if either end is near the tile; long segments that
                // cross it without an end inside are rare at these densities.
                if inside(a) || inside(b) {
                    if !pen_down {
                        path.move_to(a[0], a[1]);
                        pen_down = true;
                    }
                    path.line_to(b[0], b[1]);
                } else {
                    pen_down = false;
                }
            }
        }
    }
    path.finish()
}

/// Sutherland–Hodgman clipping of a polygon to the rectangle `[x0, y0, x1, y1]`.
fn clip_polygon(points: &[[f32; 2]], [x0, y0, x1, y1]: [f32; 4]) -> Vec<[f32; 2]> {
    let mut polygon = points.to_vec();
    // Each edge: is a point inside, and where does a segment cross the edge.
    type Inside = fn([f32; 2], f32) -> bool;
    let edges: [(Inside, usize, f32); 4] = [
        (|p, v| p[0] >= v, 0, x0),
        (|p, v| p[0] <= v, 0, x1),
        (|p, v| p[1] >= v, 1, y0),
        (|p, v| p[1] <= v, 1, y1),
    ];
    for (is_inside, axis, value) in edges {
        if polygon.is_empty() {
            break;
        }
        let mut out = Vec::with_capacity(polygon.len() + 4);
        let mut previous = polygon[polygon.len() - 1];
        for &current in &polygon {
            let (cur_in, prev_in) = (is_inside(current, value), is_inside(previous, value));
            if cur_in != prev_in {
                let t = (value - previous[axis]) / (current[axis] - previous[axis]);
                let cross = [
                    previous[0] + t * (current[0] - previous[0]),
                    previous[1] + t * (current[1] - previous[1]),
                ];
                out.push(cross);
            }
            if cur_in {
                out.push(current);
            }
            previous = current;
        }
        polygon = out;
    }
    polygon
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smoothing_rounds_corners_but_keeps_the_window_edges() {
        let window = [-8.0, -8.0, 264.0, 264.0];
        let square = [[10.0, 10.0], [110.0, 10.0], [110.0, 110.0], [10.0, 110.0]];
        let smoothed = smooth(&square, window);
        assert_eq!(smoothed.len(), 8);
        assert!(smoothed.contains(&[35.0, 10.0]) && smoothed.contains(&[10.0, 35.0]));
        assert!(!smoothed.contains(&[10.0, 10.0]), "the corner is cut");
        let clipped = [[-8.0, -8.0], [50.0, -8.0], [50.0, 50.0], [-8.0, 50.0]];
        let smoothed = smooth(&clipped, window);
        for corner in [[-8.0, -8.0], [50.0, -8.0], [-8.0, 50.0]] {
            assert!(smoothed.contains(&corner), "{corner:?} stays on the window");
        }
        assert!(!smoothed.contains(&[50.0, 50.0]));
    }

    #[test]
    fn clipping_a_square_larger_than_the_window_gives_the_window() {
        let big = [
            [-100.0, -100.0],
            [100.0, -100.0],
            [100.0, 100.0],
            [-100.0, 100.0],
        ];
        let clipped = clip_polygon(&big, [0.0, 0.0, 10.0, 10.0]);
        assert_eq!(clipped.len(), 4);
        for p in clipped {
            assert!((0.0..=10.0).contains(&p[0]) && (0.0..=10.0).contains(&p[1]));
        }
    }

    #[test]
    fn a_ring_across_the_antimeridian_is_continuous_on_both_sides() {
        let ring = [[179.0, 65.0], [-179.0, 65.0], [-179.0, 66.0], [179.0, 66.0]];
        let copies = unwrapped_copies(&ring);
        assert_eq!(copies.len(), 2);
        for copy in &copies {
            for pair in copy.windows(2) {
                assert!((pair[0][0] - pair[1][0]).abs() < 180.0, "{copy:?}");
            }
        }
        assert!(
            copies.iter().any(|c| c[0][0] == 179.0) && copies.iter().any(|c| c[0][0] == -181.0)
        );
    }

    #[test]
    fn a_polygon_outside_the_window_clips_to_nothing() {
        let away = [[20.0, 20.0], [30.0, 20.0], [30.0, 30.0]];
        assert!(clip_polygon(&away, [0.0, 0.0, 10.0, 10.0]).is_empty());
    }

    #[test]
    fn the_tile_frame_projects_its_corners_onto_its_pixels() {
        let tile = TileFrame::new(1, 1, 0, 256);
        let [x, y] = tile.project([0.0, 0.0]);
        assert!(
            (x - 0.0).abs() < 1e-3 && (y - 256.0).abs() < 1e-3,
            "{x} {y}"
        );
    }
}
