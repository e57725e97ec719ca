//! The timeline under the map: articles per day (or week), a range dragged across it that
//! filters the map, the places and the articles, and a play control that steps the range
//! through time.

use egui::{Color32, Pos2, Rect, Sense, Stroke, Ui, vec2};

use super::state::AppState;
use crate::collection::timeline::{Histogram, display_day};

/// The timeline's height, in points.
pub const HEIGHT: f32 = 92.0;

/// Seconds between two steps of play.
const PLAY_STEP_SECONDS: f64 = 0.6;

/// What the timeline keeps between frames.
#[derive(Default)]
pub struct TimelineState {
    /// The day where a drag started.
    drag_from: Option<i32>,
    /// While playing: the time of the last step.
    playing_since: Option<f64>,
    /// The histogram, made once per collection (by its number of articles).
    histogram: Option<(usize, Option<Histogram>)>,
}

/// Shows the timeline.
pub fn timeline_panel_ui(ui: &mut Ui, state: &mut AppState, timeline: &mut TimelineState) {
    let count = state.collection.articles.len();
    if timeline.histogram.as_ref().is_none_or(|(n, _)| *n != count) {
        let days: Vec<i32> = state
            .collection
            .articles
            .iter()
            .filter_map(|a| a.day)
            .collect();
        timeline.histogram = Some((count, Histogram::of(days.iter().copied())));
    }
    let Some((_, Some(histogram))) = &timeline.histogram else {
        return;
    };
    let histogram = histogram.clone();
    let first_day = histogram.first_day;
    let last_day = histogram.end_day() - 1;
    let now = ui.input(|i| i.time);

    ui.add_space(4.0);
    ui.horizontal(|ui| {
        let playing = timeline.playing_since.is_some();
        // The label leaves room for the icon, painted (the bundled fonts have no ▶ or ⏸).
        let play = ui
            .button(if playing { "      Pause" } else { "      Play" })
            .on_hover_text("Step a window of days through the story, to watch it move");
        paint_play_icon(ui, play.rect, playing);
        if play.clicked() {
            if playing {
                timeline.playing_since = None;
            } else {
                timeline.playing_since = Some(now);
                let width = state
                    .time_range
                    .map_or(histogram.bin_days * 7 - 1, |[a, b]| b - a)
                    .min(last_day - first_day);
                let start = match state.time_range {
                    Some([a, b]) if b < last_day => a,
                    _ => first_day,
                };
                state.set_time_range(Some([start, start + width]));
            }
        }
        match state.time_range {
            Some([a, b]) => {
                let shown = state.shown_articles.iter().filter(|s| **s).count();
                ui.label(format!(
                    "{} – {} · {shown} of {} articles",
                    display_day(a),
                    display_day(b),
                    state.collection.articles.len()
                ));
                if ui
                    .small_button("All dates")
                    .on_hover_text("Show the articles of every date")
                    .clicked()
                {
                    timeline.playing_since = None;
                    state.set_time_range(None);
                }
            }
            None => {
                ui.weak(format!(
                    "{} – {} · articles per {} · drag to pick days",
                    display_day(first_day),
                    display_day(last_day),
                    if histogram.bin_days == 1 {
                        "day"
                    } else {
                        "week"
                    }
                ));
            }
        }
    });

    let (rect, response) = ui.allocate_exact_size(
        vec2(ui.available_width(), ui.available_height() - 4.0),
        Sense::drag(),
    );
    super::probe::note_timeline(ui, rect);
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    painter.rect_filled(rect, 4.0, visuals.extreme_bg_color);
    let span = (last_day - first_day + 1).max(1) as f32;
    let x_of = |day: i32| rect.left() + (day - first_day) as f32 / span * rect.width();
    let day_at = |x: f32| {
        let t = ((x - rect.left()) / rect.width()).clamp(0.0, 1.0);
        first_day + (t * span) as i32
    };
    let max = histogram.counts.iter().copied().max().unwrap_or(1).max(1) as f32;
    let bar_width = (rect.width() / histogram.counts.len().max(1) as f32).max(1.0);
    let (ink, faded) = if visuals.dark_mode {
        (Color32::from_rgb(120, 160, 225), Color32::from_gray(80))
    } else {
        (Color32::from_rgb(44, 82, 150), Color32::from_gray(190))
    };
    for (i, &n) in histogram.counts.iter().enumerate() {
        if n == 0 {
            continue;
        }
        let day = first_day + i as i32 * histogram.bin_days;
        let height = (n as f32 / max).sqrt() * (rect.height() - 6.0);
        let x = x_of(day);
        let inside = state
            .time_range
            .is_none_or(|[a, b]| day + histogram.bin_days > a && day <= b);
        painter.rect_filled(
            Rect::from_min_max(
                Pos2::new(x + 0.5, rect.bottom() - 2.0 - height),
                Pos2::new(x + (bar_width - 1.0).max(1.0), rect.bottom() - 2.0),
            ),
            1.0,
            if inside { ink } else { faded },
        );
    }
    if let Some([a, b]) = state.time_range {
        let band = Rect::from_min_max(
            Pos2::new(x_of(a), rect.top()),
            Pos2::new(x_of(b + 1).max(x_of(a) + 2.0), rect.bottom()),
        );
        painter.rect_filled(band, 2.0, ink.gamma_multiply(0.12));
        painter.rect_stroke(band, 2.0, Stroke::new(1.5, ink), egui::StrokeKind::Inside);
    }
    if let Some(pointer) = response.hover_pos() {
        let day = day_at(pointer.x);
        painter.line_segment(
            [
                Pos2::new(pointer.x, rect.top()),
                Pos2::new(pointer.x, rect.bottom()),
            ],
            Stroke::new(1.0, visuals.weak_text_color()),
        );
        response.clone().on_hover_text_at_pointer(display_day(day));
    }
    if response.drag_started()
        && let Some(pointer) = response.interact_pointer_pos()
    {
        timeline.drag_from = Some(day_at(pointer.x));
        timeline.playing_since = None;
    }
    if response.dragged()
        && let (Some(from), Some(pointer)) = (timeline.drag_from, response.interact_pointer_pos())
    {
        let to = day_at(pointer.x);
        state.set_time_range(Some([from.min(to), from.max(to)]));
    }
    if response.drag_stopped() {
        timeline.drag_from = None;
    }
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, true, "Timeline"));

    if let Some(since) = timeline.playing_since {
        if now - since >= PLAY_STEP_SECONDS {
            timeline.playing_since = Some(now);
            if let Some([a, b]) = state.time_range {
                let step = histogram.bin_days.max((b - a + 1) / 4).max(1);
                if b >= last_day {
                    timeline.playing_since = None;
                } else {
                    state.set_time_range(Some([a + step, b + step]));
                }
            }
        }
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64(PLAY_STEP_SECONDS / 3.0));
    }
}

/// A play triangle, or two pause bars, at the left of the play button.
fn paint_play_icon(ui: &Ui, button: Rect, playing: bool) {
    let colour = ui.visuals().text_color();
    let centre = Pos2::new(button.left() + 13.0, button.center().y);
    let painter = ui.painter();
    if playing {
        for dx in [-3.0, 3.0] {
            painter.rect_filled(
                Rect::from_center_size(centre + vec2(dx, 0.0), vec2(3.0, 10.0)),
                0.5,
                colour,
            );
        }
    } else {
        painter.add(egui::Shape::convex_polygon(
            vec![
                centre + vec2(-4.0, -5.5),
                centre + vec2(5.5, 0.0),
                centre + vec2(-4.0, 5.5),
            ],
            colour,
            Stroke::NONE,
        ));
    }
}
