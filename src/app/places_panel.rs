//! The left panel: a search box and the story's places in order of first mention.

use egui::{RichText, Sense, Ui};

use super::state::AppState;
use super::style;

/// Id of the search box, so that keyboard shortcuts can tell when it has focus.
pub const SEARCH_ID: &str = "place-search";

/// Shows the search box and the place list.
pub fn places_panel_ui(ui: &mut Ui, state: &mut AppState) {
    ui.add_space(6.0);
    ui.label(RichText::new("Places").font(style::bold(16.0)));
    ui.add_space(2.0);
    let search = egui::TextEdit::singleline(&mut state.search)
        .id(egui::Id::unique(SEARCH_ID))
        .hint_text("Search places")
        .desired_width(f32::INFINITY);
    let response = ui.add(search);
    if response.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        state.search.clear();
    }
    ui.add_space(4.0);

    let listed = state.listed_places();
    if listed.is_empty() {
        ui.weak("No place matches.");
    }
    let mut clicked = None;
    let mut hovered = None;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for index in listed {
                let place = &state.story.places[index];
                let count = state.story.mentions_of(index).count();
                let selected = state.selected == Some(index);
                let row = ui.horizontal(|ui| {
                    let (dot, _) = ui.allocate_exact_size(egui::vec2(12.0, 18.0), Sense::hover());
                    let colour = style::place_colour(index);
                    if place.kind.is_area() {
                        ui.painter().rect_stroke(
                            egui::Rect::from_center_size(dot.center(), egui::vec2(9.0, 9.0)),
                            2.0,
                            egui::Stroke::new(2.0, colour),
                            egui::StrokeKind::Middle,
                        );
                    } else {
                        ui.painter().circle_filled(dot.center(), 5.0, colour);
                    }
                    let name = ui.add(egui::Button::selectable(selected, place.name.as_str()));
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.weak(count.to_string())
                            .on_hover_text(format!("{count} mentions"));
                    });
                    name
                });
                let name = row.inner.on_hover_text(format!(
                    "{} · {}{}",
                    place.kind,
                    count,
                    if count == 1 { " mention" } else { " mentions" }
                ));
                if name.clicked() {
                    clicked = Some(index);
                }
                if name.hovered() || row.response.hovered() {
                    hovered = Some(index);
                }
            }
        });
    if let Some(index) = clicked {
        state.select_and_fly(index);
    }
    if hovered.is_some() {
        state.hovered = hovered;
    }
}
