//! The centre panel: the walkers map with the story's markers, the camera's moves and the
//! map's own buttons.

use egui::{Align2, Color32, CursorIcon, FontId, Pos2, Rect, Stroke, Ui, vec2};
use walkers::{Map, Tiles};

use super::state::{AppState, CameraRequest};
use super::style;
use crate::map::MapView;
use crate::map::camera::{self, View};
use crate::map::clusters::{CLUSTER_FROM, Cluster, ClusterIndex, ClusterPoint, cluster_zoom};
use crate::map::labels::{self, LabelKind, MapLabel};
use crate::map::markers::{self, MARKER_RADIUS, MarkerInput};
use crate::map::view::position;
use crate::map::view::{ClusterCache, ClusterHit, OutlineCache};

/// Padding around framed places, in points.
const FRAME_PADDING: f32 = 70.0;

/// Shows the map, handles its clicks and hovers, and carries out camera requests.
pub fn map_panel_ui(ui: &mut Ui, state: &mut AppState, map: &mut MapView) {
    let now = ui.input(|i| i.time);
    let size = if map.rect_on_screen.is_positive() {
        map.rect_on_screen.size()
    } else {
        ui.available_size()
    };
    if let Some(request) = state.camera_request.take() {
        carry_out(request, state, map, [size.x, size.y], now);
    }
    if map.advance(now) {
        ui.ctx().request_repaint();
    }
    let dark = ui.visuals().dark_mode;
    if let Some(tiles) = map.tiles.as_mut() {
        tiles.prepare_frame(dark, ui.ctx().pixels_per_point());
    }

    let view = map.view();
    let center = view.center_lon_lat;
    let basemap_labels = std::mem::take(&mut map.labels);
    update_outline(state, map);
    let outline = map.outline.take();
    let mut label_sizes = std::mem::take(&mut map.label_sizes);
    if map.overlay.as_ref().is_some_and(|o| o.failed())
        && let Some(overlay) = map.overlay.take()
    {
        {
            state.notify(
                true,
                format!(
                    "{} delivered no tiles (offline, or a bad file); showing the bundled map",
                    overlay.choice.label()
                ),
            );
        }
    }
    let shown = shown_places(state);
    let clusters = update_clusters(state, map, &shown, view.zoom);
    let tiles = map.tiles.as_mut().map(|t| t as &mut dyn Tiles);
    let mut drawn = Vec::new();
    let mut cluster_hits = Vec::new();
    let mut pointer_on = None;
    let mut walkers_map = Map::new(tiles, &mut map.memory, position(center))
        // Map apps zoom on a plain wheel, at the cursor (walkers pans on it by default).
        .zoom_with_ctrl(false)
        .double_click_to_zoom(true);
    if let Some(overlay) = map.overlay.as_mut() {
        walkers_map = walkers_map.with_layer(overlay, 1.0);
    }
    let previous_layouts = &map.layouts;
    let previous_hits = &map.cluster_hits;
    let mut pointer_on_cluster = None;
    let response = walkers_map
        .show(ui, |ui, response, projector, _memory| {
            // The selected and hovered places always show their labels.
            let pointer_was_on = response
                .hover_pos()
                .and_then(|pointer| markers::marker_at(previous_layouts, pointer));
            let wants_label = |index: usize| {
                state.selected == Some(index) || state.hovered.or(pointer_was_on) == Some(index)
            };
            let label_font = FontId::new(13.0, egui::FontFamily::Name(style::BOLD.into()));
            let in_view = ui.max_rect().expand(60.0);
            let project = |lon_lat: [f64; 2]| projector.project(position(lon_lat)).to_pos2();
            // One marker per place, or, when there are many, one per cluster of one.
            let singles: Vec<usize> = match &clusters {
                Some(clusters) => {
                    let mut singles: Vec<usize> = Vec::new();
                    for cluster in clusters {
                        let pos_on_screen = project(cluster.lon_lat);
                        if !in_view.contains(pos_on_screen) {
                            continue;
                        }
                        // The selected place stands out of its cluster.
                        let members: Vec<usize> = cluster
                            .members
                            .iter()
                            .copied()
                            .filter(|&m| Some(m) != state.selected)
                            .collect();
                        if members.len() == 1 {
                            singles.push(members[0]);
                        } else if members.len() > 1 {
                            cluster_hits.push(ClusterHit {
                                pos_on_screen,
                                radius: cluster_radius(members.len()),
                                count: members.len(),
                                bounds_lon_lat: cluster.bounds_lon_lat,
                            });
                        }
                    }
                    singles.extend(state.selected.filter(|&s| state.is_shown(s)));
                    singles
                }
                None => shown.clone(),
            };
            let inputs: Vec<MarkerInput> = singles
                .iter()
                .filter_map(|&index| {
                    let place = state.place(index)?;
                    let pos_on_screen = project(place.lon_lat());
                    if !in_view.contains(pos_on_screen) {
                        return None;
                    }
                    let galley = ui.painter().layout_no_wrap(
                        place.name.clone(),
                        label_font.clone(),
                        Color32::BLACK,
                    );
                    Some(MarkerInput {
                        place: index,
                        pos_on_screen,
                        label_size: galley.size() + vec2(8.0, 2.0),
                        label_required: wants_label(index),
                    })
                })
                .collect();
            let cluster_discs: Vec<egui::Rect> = cluster_hits
                .iter()
                .map(|h| {
                    egui::Rect::from_center_size(h.pos_on_screen, vec2(2.0, 2.0) * (h.radius + 3.0))
                })
                .collect();
            drawn = markers::layout_markers_avoiding(
                &inputs,
                ui.max_rect().shrink(4.0),
                &cluster_discs,
            );
            if let Some(outline) = &outline {
                paint_outline(ui, projector, outline, style::place_colour(outline.place));
            }
            let marker_names: Vec<&str> = drawn
                .iter()
                .filter_map(|m| state.place(m.place))
                .flat_map(|p| p.names())
                .collect();
            paint_basemap_labels(
                ui,
                projector,
                &basemap_labels,
                &drawn,
                &cluster_hits,
                &marker_names,
                &mut label_sizes,
            );
            pointer_on = response
                .hover_pos()
                .and_then(|pointer| markers::marker_at(&drawn, pointer));
            pointer_on_cluster = response
                .hover_pos()
                .filter(|_| pointer_on.is_none())
                .and_then(|pointer| ClusterHit::at(&cluster_hits, pointer))
                .map(|h| h.bounds_lon_lat);
            let hovered_cluster = response
                .hover_pos()
                .filter(|_| pointer_on.is_none())
                .and_then(|pointer| ClusterHit::at(previous_hits, pointer).map(|h| h.count));
            for hit in &cluster_hits {
                let hovered = hovered_cluster == Some(hit.count)
                    && response
                        .hover_pos()
                        .is_some_and(|p| p.distance(hit.pos_on_screen) <= hit.radius + 2.0);
                paint_cluster(ui, hit, hovered, dark);
            }
            let highlighted = pointer_on.or(state.hovered);
            // The selected and hovered markers are drawn last, on top.
            let mut paint_order: Vec<usize> = (0..drawn.len()).collect();
            paint_order.sort_by_key(|&i| {
                let place = drawn[i].place;
                (state.selected == Some(place), highlighted == Some(place))
            });
            let sized = state.is_collection();
            for i in paint_order {
                let layout = &drawn[i];
                let Some(place) = state.place(layout.place) else {
                    continue;
                };
                let articles = state.article_counts.get(layout.place).copied().unwrap_or(1);
                paint_marker(
                    ui,
                    layout,
                    place.kind.is_area(),
                    &place.name,
                    if sized {
                        marker_radius(articles)
                    } else {
                        MARKER_RADIUS
                    },
                    style::place_colour(layout.place),
                    state.selected == Some(layout.place),
                    highlighted == Some(layout.place),
                    dark,
                    &label_font,
                );
            }
        })
        .response;
    map.rect_on_screen = response.rect;
    map.layouts = drawn;
    map.cluster_hits = cluster_hits;
    map.labels = basemap_labels;
    map.outline = outline;
    map.label_sizes = label_sizes;

    if response.dragged()
        || ui.input(|i| i.smooth_scroll_delta != egui::Vec2::ZERO) && response.hovered()
    {
        map.stop_flight();
    }
    // Zoomed out by hand, the world still fills the panel.
    let least_zoom = camera::world_fill_zoom([response.rect.width(), response.rect.height()]);
    if map.flight.is_none() && map.memory.zoom() < least_zoom - 1e-3 {
        let _ = map.memory.set_zoom(least_zoom);
        ui.ctx().request_repaint();
    }
    // Nor does it show space beyond the world's edges.
    if map.flight.is_none() && map.memory.detached().is_some() {
        let view = map.view();
        let kept = camera::within_world(view, [response.rect.width(), response.rect.height()]);
        let moved = (kept.center_lon_lat[0] - view.center_lon_lat[0]).abs()
            + (kept.center_lon_lat[1] - view.center_lon_lat[1]).abs();
        if moved > 1e-6 {
            map.memory.center_at(position(kept.center_lon_lat));
            ui.ctx().request_repaint();
        }
    }
    if let Some(place) = pointer_on {
        ui.ctx().set_cursor_icon(CursorIcon::PointingHand);
        state.hovered = Some(place);
        let tip = place_tip(state, place);
        response.clone().on_hover_ui_at_pointer(|ui| {
            ui.set_max_width(280.0);
            ui.label(egui::RichText::new(tip.name).font(style::bold(14.0)));
            ui.label(egui::RichText::new(tip.kind).weak());
            if let Some(excerpt) = tip.excerpt {
                ui.label(excerpt);
            }
        });
        if response.clicked() {
            state.select(place);
        }
    } else if let Some(bounds) = pointer_on_cluster {
        ui.ctx().set_cursor_icon(CursorIcon::ZoomIn);
        let count = map
            .cluster_hits
            .iter()
            .find(|h| h.bounds_lon_lat == bounds)
            .map_or(0, |h| h.count);
        response
            .clone()
            .on_hover_text_at_pointer(format!("{count} places here: click to zoom in"));
        if response.clicked() {
            state.camera_request = Some(CameraRequest::Frame(bounds));
        }
    }

    map_buttons_ui(ui, state, response.rect);
    let attribution = match &map.overlay {
        Some(overlay) if overlay.delivered() => format!("© {}", overlay.attribution()),
        _ => map.attribution.clone(),
    };
    attribution_ui(ui, &attribution, response.rect);
    notices_ui(ui, state, response.rect);
}

/// The places the filters show, in order of first mention for one article, else in
/// collection order.
fn shown_places(state: &AppState) -> Vec<usize> {
    if state.is_collection() {
        (0..state.collection.places.len())
            .filter(|&i| state.is_shown(i))
            .collect()
    } else {
        state
            .story()
            .places_by_first_mention()
            .into_iter()
            .filter_map(|local| state.global(local))
            .collect()
    }
}

/// The clusters to draw at `zoom`, or `None` when few enough places are shown to draw
/// each (or the map is zoomed in far enough to tell them apart).
fn update_clusters(
    state: &AppState,
    map: &mut MapView,
    shown: &[usize],
    zoom: f64,
) -> Option<Vec<Cluster>> {
    if shown.len() < CLUSTER_FROM || zoom >= CLUSTER_BELOW_ZOOM {
        return None;
    }
    let zoom = cluster_zoom(zoom);
    let stale = map
        .clusters
        .as_ref()
        .is_none_or(|c| c.generation != state.shown_generation);
    if stale {
        let points = shown
            .iter()
            .filter_map(|&i| {
                Some(ClusterPoint {
                    place: i,
                    lon_lat: state.place(i)?.lon_lat(),
                    weight: state.article_counts.get(i).copied().unwrap_or(1),
                })
            })
            .collect();
        map.clusters = Some(ClusterCache {
            generation: state.shown_generation,
            index: ClusterIndex::new(points),
            zoom: f64::NAN,
            clusters: Vec::new(),
        });
    }
    let cache = map.clusters.as_mut()?;
    if cache.zoom != zoom {
        cache.clusters = cache.index.clusters(zoom);
        cache.zoom = zoom;
    }
    Some(cache.clusters.clone())
}

/// From this zoom in, every place gets its own marker.
const CLUSTER_BELOW_ZOOM: f64 = 11.0;

/// A cluster's disc grows with the log of its count.
fn cluster_radius(count: usize) -> f32 {
    // At most half the clustering distance, so that neighbouring discs never overlap.
    (11.0 + 3.0 * (count as f32).log10()).min(17.0)
}

/// A collection's marker grows with the number of articles that name its place.
fn marker_radius(articles: u32) -> f32 {
    (MARKER_RADIUS * (0.85 + 0.3 * (articles.max(1) as f32).ln()))
        .clamp(MARKER_RADIUS * 0.85, MARKER_RADIUS * 2.2)
}

/// What a marker's tooltip says.
struct PlaceTip {
    name: String,
    kind: String,
    excerpt: Option<String>,
}

fn place_tip(state: &AppState, place: usize) -> PlaceTip {
    let Some(merged) = state.collection.places.get(place) else {
        return PlaceTip {
            name: String::new(),
            kind: String::new(),
            excerpt: None,
        };
    };
    let first_shown = merged
        .named_in
        .iter()
        .find(|&&(a, _)| state.shown_articles.get(a).copied().unwrap_or(false));
    let excerpt = first_shown.and_then(|&(a, local)| {
        let story = &state.collection.articles[a].story;
        let excerpt = story.excerpts_of(local).into_iter().next()?;
        Some(crate::story::shorten(
            story.sentence_text(excerpt.sentence),
            140,
        ))
    });
    let mut kind = merged.place.kind.as_str().to_owned();
    if state.is_collection() {
        let n = state.article_counts.get(place).copied().unwrap_or(0);
        kind.push_str(&format!(
            " · named in {n} {}",
            if n == 1 { "article" } else { "articles" }
        ));
    }
    PlaceTip {
        name: merged.place.name.clone(),
        kind,
        excerpt,
    }
}

/// A cluster: a disc with its count, in the map's ink, a ring around it.
fn paint_cluster(ui: &Ui, hit: &ClusterHit, hovered: bool, dark: bool) {
    let painter = ui.painter();
    let fill = if dark {
        Color32::from_rgb(96, 140, 210)
    } else {
        Color32::from_rgb(44, 82, 150)
    };
    let radius = hit.radius + if hovered { 2.0 } else { 0.0 };
    painter.circle_filled(hit.pos_on_screen, radius + 3.5, fill.gamma_multiply(0.25));
    painter.circle_filled(hit.pos_on_screen, radius + 1.5, Color32::WHITE);
    painter.circle_filled(hit.pos_on_screen, radius, fill);
    painter.text(
        hit.pos_on_screen,
        Align2::CENTER_CENTER,
        hit.count.to_string(),
        style::bold(match hit.count {
            0..100 => 12.5,
            100..1000 => 11.5,
            _ => 10.0,
        }),
        Color32::WHITE,
    );
}

/// `view`, zoomed out where the bundled map has no detail at that zoom: a place in Kentucky
/// is framed with its state lines and cities around it, not on an empty sheet of land.
/// Zooming in by hand still goes deeper, and other basemaps are not limited.
fn within_detail(map: &MapView, mut view: View) -> View {
    if map.overlay.is_none()
        && let Some(basemap) = &map.basemap
    {
        let deepest = f64::from(basemap.deepest_zoom_at(view.center_lon_lat));
        view.zoom = view.zoom.min(deepest);
    }
    view
}

/// Starts the camera move that `request` asks for.
fn carry_out(
    request: CameraRequest,
    state: &AppState,
    map: &mut MapView,
    size_px: [f32; 2],
    now: f64,
) {
    let least_zoom = camera::world_fill_zoom(size_px);
    let floored = |mut view: View| {
        view.zoom = view.zoom.max(least_zoom);
        camera::within_world(view, size_px)
    };
    let shown = || {
        shown_places(state)
            .into_iter()
            .filter_map(|i| state.place(i))
    };
    match request {
        CameraRequest::FlyTo(index) => {
            if let Some(place) = state.place(index) {
                // A country is framed by its outline's main part (Russia west of the
                // antimeridian, the contiguous United States), not shown at a fixed zoom
                // around its centre point.
                let outline_bounds = place
                    .kind
                    .is_area()
                    .then(|| {
                        let names: Vec<&str> = place.names().collect();
                        map.basemap.as_ref()?.country_outline(&names)
                    })
                    .flatten()
                    .and_then(|rings| main_part_bounds(&rings));
                let target = match outline_bounds {
                    Some([west, south, east, north]) => floored(camera::fit(
                        &[[west, south], [east, north]],
                        size_px,
                        FRAME_PADDING,
                        camera::zoom_for_kind(place.kind),
                    )),
                    None => View {
                        center_lon_lat: place.lon_lat(),
                        zoom: camera::zoom_for_kind(place.kind),
                    },
                };
                map.fly_to(floored(within_detail(map, target)), now);
            }
        }
        CameraRequest::FitAll => {
            let mut points: Vec<[f64; 2]> = shown()
                .filter(|p| !p.kind.is_area())
                .map(|p| p.lon_lat())
                .collect();
            if points.is_empty() {
                points = camera::places_to_frame(shown());
            }
            let view = camera::fit(&points, size_px, FRAME_PADDING, 11.0);
            map.fly_to(floored(within_detail(map, view)), now);
        }
        CameraRequest::Opening => {
            let points = camera::places_to_frame(shown());
            let view = camera::fit(&points, size_px, FRAME_PADDING, 11.0);
            map.jump_to(floored(within_detail(map, view)));
        }
        CameraRequest::ZoomBy(levels) => {
            let mut view = map.flight.map_or(map.view(), |f| f.target());
            view.zoom += levels;
            map.fly_to(floored(view.clamped()), now);
        }
        CameraRequest::Frame([west, south, east, north]) => {
            let current = map.view();
            let mut view = camera::fit(
                &[[west, south], [east, north]],
                size_px,
                FRAME_PADDING,
                current.zoom + 3.0,
            );
            // A cluster always opens up: at least two levels in.
            view.zoom = view.zoom.max(current.zoom + 2.0);
            map.fly_to(floored(view.clamped()), now);
        }
    }
}

/// `[west, south, east, north]` of the longest ring of `rings` (cut at the antimeridian).
fn main_part_bounds(rings: &[Vec<[f32; 2]>]) -> Option<[f64; 4]> {
    let main = rings
        .iter()
        .flat_map(|ring| split_at_antimeridian(ring))
        .max_by_key(Vec::len)?;
    let mut bounds = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for p in &main {
        let [lon, lat] = [f64::from(p[0]), f64::from(p[1])];
        bounds = [
            bounds[0].min(lon),
            bounds[1].min(lat),
            bounds[2].max(lon),
            bounds[3].max(lat),
        ];
    }
    (bounds[0] <= bounds[2]).then_some(bounds)
}

/// Makes the selected country's outline, once per selection.
fn update_outline(state: &AppState, map: &mut MapView) {
    let Some(selected) = state.selected else {
        map.outline = None;
        return;
    };
    if map.outline.as_ref().is_some_and(|o| o.place == selected) {
        return;
    }
    map.outline = state
        .place(selected)
        .filter(|p| p.kind.is_area())
        .and_then(|p| {
            let names: Vec<&str> = p.names().collect();
            map.basemap.as_ref()?.country_outline(&names)
        })
        .map(|rings| OutlineCache {
            place: selected,
            pieces_mercator: rings
                .iter()
                .flat_map(|ring| {
                    // A ring across the antimeridian (Russia's) is cut there rather than
                    // drawn across the map.
                    let pieces = split_at_antimeridian(ring);
                    let closed = pieces.len() == 1;
                    pieces.into_iter().map(move |piece| {
                        let mercator = piece
                            .iter()
                            .map(|p| {
                                camera::mercator_from_lon_lat([f64::from(p[0]), f64::from(p[1])])
                            })
                            .collect();
                        (mercator, closed)
                    })
                })
                .collect(),
        });
}

/// The selected country's shape: a tinted fill edge and a bold outline.
fn paint_outline(ui: &Ui, projector: &walkers::Projector, outline: &OutlineCache, colour: Color32) {
    let painter = ui.painter();
    let clip = ui.max_rect().expand(50.0);
    // Web-Mercator is a scale and a shift away from the screen: two projected points give both
    // (projecting every vertex, tens of thousands for Russia, took up to 12 ms a frame).
    let origin = projector.project(position([0.0, 0.0]));
    let east = projector.project(position([90.0, 0.0]));
    let scale = f64::from(east.x - origin.x) / 0.25;
    let [ox, oy] = [f64::from(origin.x), f64::from(origin.y)];
    for (piece, closed) in &outline.pieces_mercator {
        let mut points: Vec<Pos2> = Vec::with_capacity(piece.len() / 4);
        for m in piece {
            let pos = Pos2::new(
                (ox + (m[0] - 0.5) * scale) as f32,
                (oy + (m[1] - 0.5) * scale) as f32,
            );
            if points
                .last()
                .is_none_or(|last| last.distance_sq(pos) >= 1.0)
            {
                points.push(pos);
            }
        }
        if points.len() < 2 || !Rect::from_points(&points).intersects(clip) {
            continue;
        }
        if *closed {
            points.push(points[0]);
        }
        painter.add(egui::Shape::line(
            points.clone(),
            Stroke::new(6.0, colour.gamma_multiply(0.25)),
        ));
        painter.add(egui::Shape::line(points, Stroke::new(2.0, colour)));
    }
}

/// `ring` cut wherever it steps more than 180° of longitude.
fn split_at_antimeridian(ring: &[[f32; 2]]) -> Vec<Vec<[f32; 2]>> {
    let mut pieces: Vec<Vec<[f32; 2]>> = vec![Vec::new()];
    for p in ring {
        let jump = pieces
            .last()
            .and_then(|piece| piece.last())
            .is_some_and(|last| (last[0] - p[0]).abs() > 180.0);
        if jump {
            pieces.push(Vec::new());
        }
        if let Some(piece) = pieces.last_mut() {
            piece.push(*p);
        }
    }
    pieces
}

/// Country and city names from the basemap, under the markers and clear of them.
fn paint_basemap_labels(
    ui: &Ui,
    projector: &walkers::Projector,
    labels: &[MapLabel],
    markers: &[markers::MarkerLayout],
    clusters: &[ClusterHit],
    story_names: &[&str],
    sizes: &mut Vec<Option<egui::Vec2>>,
) {
    let dark = ui.visuals().dark_mode;
    if labels.is_empty() {
        return;
    }
    if sizes.len() != labels.len() {
        *sizes = vec![None; labels.len()];
    }
    let painter = ui.painter();
    let font_of = |kind: LabelKind| match kind {
        LabelKind::Country => FontId::new(12.0, egui::FontFamily::Proportional),
        LabelKind::Capital => FontId::new(12.5, egui::FontFamily::Name(style::BOLD.into())),
        LabelKind::City => FontId::new(11.5, egui::FontFamily::Proportional),
    };
    // Country names in spaced capitals, the atlas convention.
    let galley_of = |label: &MapLabel, colour: Color32| {
        let (text, spacing) = match label.kind {
            LabelKind::Country => (label.name.to_uppercase(), 1.6),
            _ => (label.name.clone(), 0.0),
        };
        let mut job = egui::text::LayoutJob::default();
        job.append(
            &text,
            0.0,
            egui::TextFormat {
                font_id: font_of(label.kind),
                color: colour,
                extra_letter_spacing: spacing,
                ..Default::default()
            },
        );
        painter.layout_job(job)
    };
    let (ink, country_ink, halo) = if dark {
        (
            Color32::from_gray(205),
            Color32::from_rgb(150, 160, 175),
            Color32::from_rgba_unmultiplied(18, 24, 32, 200),
        )
    } else {
        (
            Color32::from_gray(45),
            Color32::from_rgb(110, 100, 120),
            Color32::from_rgba_unmultiplied(255, 255, 255, 210),
        )
    };
    let rect = ui.max_rect();
    let obstacles: Vec<Rect> = markers
        .iter()
        .flat_map(|m| {
            [
                Rect::from_center_size(
                    m.pos_on_screen,
                    egui::Vec2::splat(2.0 * MARKER_RADIUS + 6.0),
                ),
                m.label_rect.unwrap_or(Rect::NOTHING).expand(2.0),
                Rect::from_two_pos(m.anchor_on_screen, m.pos_on_screen).expand(3.0),
            ]
        })
        .chain(clusters.iter().map(|c| {
            Rect::from_center_size(c.pos_on_screen, egui::Vec2::splat(2.0 * c.radius + 10.0))
        }))
        .chain([map_buttons_rect(rect).expand(4.0)])
        .collect();
    let top_left = projector.unproject(rect.left_top().to_vec2());
    let bottom_right = projector.unproject(rect.right_bottom().to_vec2());
    let view_lon_lat = [
        top_left.x(),
        bottom_right.y(),
        bottom_right.x(),
        top_left.y(),
    ];
    let placed = labels::place_labels(
        labels,
        projector.zoom() as f32,
        rect,
        view_lon_lat,
        |lon_lat| projector.project(position(lon_lat)).to_pos2(),
        |index, label| match sizes.get(index).copied().flatten() {
            Some(size) => size,
            None => {
                let size = galley_of(label, ink).size();
                if let Some(slot) = sizes.get_mut(index) {
                    *slot = Some(size);
                }
                size
            }
        },
        &obstacles,
    );
    for p in placed {
        let label = &labels[p.label];
        // The story's own marker already names it.
        if story_names.contains(&label.name.as_str()) {
            continue;
        }
        let colour = if label.kind == LabelKind::Country {
            country_ink
        } else {
            ink
        };
        let galley = galley_of(label, colour);
        for offset in [
            vec2(-1.0, 0.0),
            vec2(1.0, 0.0),
            vec2(0.0, -1.0),
            vec2(0.0, 1.0),
        ] {
            painter.galley_with_override_text_color(p.rect.min + offset, galley.clone(), halo);
        }
        painter.galley(p.rect.min, galley, colour);
        match label.kind {
            LabelKind::Country => {}
            LabelKind::Capital => {
                painter.rect_filled(
                    Rect::from_center_size(p.anchor_on_screen, egui::Vec2::splat(6.0)),
                    0.0,
                    halo,
                );
                painter.rect_filled(
                    Rect::from_center_size(p.anchor_on_screen, egui::Vec2::splat(4.0)),
                    0.0,
                    ink,
                );
            }
            LabelKind::City => {
                painter.circle_filled(p.anchor_on_screen, 3.0, halo);
                painter.circle_filled(p.anchor_on_screen, 2.0, ink);
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn paint_marker(
    ui: &Ui,
    layout: &markers::MarkerLayout,
    is_area: bool,
    name: &str,
    radius: f32,
    colour: Color32,
    selected: bool,
    hovered: bool,
    dark: bool,
    font: &FontId,
) {
    let painter = ui.painter();
    let pos = layout.pos_on_screen;
    let outline = if dark {
        Color32::from_gray(20)
    } else {
        Color32::WHITE
    };
    if layout.displaced() {
        painter.line_segment(
            [layout.anchor_on_screen, pos],
            Stroke::new(1.5, colour.gamma_multiply(0.8)),
        );
        painter.circle_filled(layout.anchor_on_screen, 2.5, colour);
    }
    let radius = radius + if hovered || selected { 2.0 } else { 0.0 };
    if selected {
        painter.circle_stroke(
            pos,
            radius + 5.0,
            Stroke::new(3.0, colour.gamma_multiply(0.45)),
        );
    }
    if is_area {
        // Areas: a hollow square, so they read as "somewhere in this country".
        let rect = Rect::from_center_size(pos, vec2(2.0 * radius, 2.0 * radius));
        painter.rect_filled(rect.expand(2.0), 3.0, outline);
        painter.rect_filled(rect, 2.0, colour.gamma_multiply(0.35));
        painter.rect_stroke(
            rect,
            2.0,
            Stroke::new(2.5, colour),
            egui::StrokeKind::Inside,
        );
    } else {
        painter.circle_filled(pos, radius + 2.0, outline);
        painter.circle_filled(pos, radius, colour);
    }
    // Label on a soft plate, so it reads on land and sea alike.
    let Some(label_rect) = layout.label_rect else {
        return; // No room for it here: hover or select the marker to see its name.
    };
    let text_colour = if dark {
        Color32::from_gray(235)
    } else {
        Color32::from_gray(20)
    };
    let plate = if dark {
        Color32::from_rgba_unmultiplied(20, 24, 30, if hovered || selected { 235 } else { 190 })
    } else {
        Color32::from_rgba_unmultiplied(255, 255, 255, if hovered || selected { 245 } else { 200 })
    };
    painter.rect_filled(label_rect, 4.0, plate);
    if selected || hovered {
        painter.rect_stroke(
            label_rect,
            4.0,
            Stroke::new(1.5, colour),
            egui::StrokeKind::Inside,
        );
    }
    painter.text(
        label_rect.center(),
        Align2::CENTER_CENTER,
        name,
        font.clone(),
        text_colour,
    );
}

const BUTTON_SIZE: egui::Vec2 = vec2(34.0, 30.0);
const BUTTON_MARGIN: f32 = 12.0;
const FIT_EXTRA_WIDTH: f32 = 44.0;
const FIT_HEIGHT: f32 = 26.0;

/// Where [`map_buttons_ui`] puts its buttons, so that map labels keep clear of them.
fn map_buttons_rect(map_rect: Rect) -> Rect {
    let right = map_rect.right() - BUTTON_MARGIN;
    let top = map_rect.top() + BUTTON_MARGIN;
    let bottom = top + 2.0 * (BUTTON_SIZE.y + 4.0) + 2.0 + FIT_HEIGHT;
    Rect::from_min_max(
        Pos2::new(right - BUTTON_SIZE.x - FIT_EXTRA_WIDTH, top),
        Pos2::new(right, bottom),
    )
}

/// Zoom in, zoom out and fit all, at the map's top-right corner.
fn map_buttons_ui(ui: &mut Ui, state: &mut AppState, map_rect: Rect) {
    let size = BUTTON_SIZE;
    let x = map_rect.right() - size.x - BUTTON_MARGIN;
    let mut y = map_rect.top() + BUTTON_MARGIN;
    let buttons: [(&str, &str, CameraRequest); 2] = [
        ("+", "Zoom in (+)", CameraRequest::ZoomBy(1.0)),
        ("−", "Zoom out (−)", CameraRequest::ZoomBy(-1.0)),
    ];
    for (text, hint, request) in buttons {
        let rect = Rect::from_min_size(Pos2::new(x, y), size);
        let button = egui::Button::new(egui::RichText::new(text).size(17.0))
            .fill(ui.visuals().window_fill)
            .corner_radius(6.0);
        if ui.put(rect, button).on_hover_text(hint).clicked() {
            state.camera_request = Some(request);
        }
        y += size.y + 4.0;
    }
    let fit_rect = Rect::from_min_size(
        Pos2::new(x - FIT_EXTRA_WIDTH, y + 2.0),
        vec2(size.x + FIT_EXTRA_WIDTH, FIT_HEIGHT),
    );
    let fit = egui::Button::new("Fit all")
        .fill(ui.visuals().window_fill)
        .corner_radius(6.0);
    if ui
        .put(fit_rect, fit)
        .on_hover_text("Frame every place (F)")
        .clicked()
    {
        state.camera_request = Some(CameraRequest::FitAll);
    }
}

/// The basemap's sources and licences, at the map's bottom-right corner.
fn attribution_ui(ui: &Ui, text: &str, map_rect: Rect) {
    if text.is_empty() {
        return;
    }
    let painter = ui.painter_at(map_rect);
    let font = FontId::proportional(11.0);
    let colour = ui.visuals().weak_text_color();
    let galley = painter.layout_no_wrap(text.to_owned(), font, colour);
    let rect = Rect::from_min_size(
        map_rect.right_bottom() - galley.size() - vec2(10.0, 6.0),
        galley.size() + vec2(8.0, 4.0),
    );
    let fill = ui.visuals().window_fill.gamma_multiply(0.85);
    painter.rect_filled(rect, 3.0, fill);
    painter.galley(rect.min + vec2(4.0, 2.0), galley, colour);
}

/// Warnings and errors, at the map's top-left corner, each with a close button.
fn notices_ui(ui: &mut Ui, state: &mut AppState, map_rect: Rect) {
    if state.notices.is_empty() {
        return;
    }
    let width = (map_rect.width() - 90.0).clamp(120.0, 520.0);
    let area_rect = Rect::from_min_size(map_rect.min + vec2(12.0, 12.0), vec2(width, 400.0));
    let mut dismissed = None;
    ui.scope_builder(egui::UiBuilder::new().max_rect(area_rect), |ui| {
        for (index, notice) in state.notices.iter().enumerate() {
            let (fill, stroke) = if notice.is_error {
                (
                    Color32::from_rgb(253, 236, 234),
                    Color32::from_rgb(192, 57, 43),
                )
            } else {
                (
                    Color32::from_rgb(254, 246, 224),
                    Color32::from_rgb(196, 140, 20),
                )
            };
            egui::Frame::new()
                .fill(fill)
                .stroke(Stroke::new(1.0, stroke))
                .corner_radius(6.0)
                .inner_margin(egui::Margin::symmetric(10, 6))
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        let text = egui::RichText::new(&notice.text).color(Color32::from_gray(30));
                        ui.add(egui::Label::new(text).wrap());
                        if ui
                            .add(
                                egui::Button::new(
                                    egui::RichText::new("×").color(Color32::from_gray(60)),
                                )
                                .frame(false),
                            )
                            .on_hover_text("Dismiss")
                            .clicked()
                        {
                            dismissed = Some(index);
                        }
                    });
                });
            ui.add_space(4.0);
        }
    });
    if let Some(index) = dismissed {
        state.notices.remove(index);
    }
}
