//! The left panel: a search box, the places (in order of first mention for one article, by
//! how many articles name them for a collection) and, for a collection, its articles.

use egui::{RichText, Sense, Ui};

use super::reading_panel::short_date;
use super::state::AppState;
use super::style;

/// Id of the search box, so that keyboard shortcuts can tell when it has focus.
pub const SEARCH_ID: &str = "place-search";

/// Shows the search box, the place list and, for a collection, the article list.
pub fn places_panel_ui(ui: &mut Ui, state: &mut AppState) {
    ui.add_space(6.0);
    let collection = state.is_collection();
    ui.label(RichText::new("Places").font(style::bold(16.0)));
    ui.add_space(2.0);
    let search = egui::TextEdit::singleline(&mut state.search)
        .id(egui::Id::unique(SEARCH_ID))
        .hint_text(if collection {
            "Search places and articles"
        } else {
            "Search places"
        })
        .desired_width(f32::INFINITY);
    let response = ui.add(search);
    if response.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        state.search.clear();
    }
    ui.add_space(4.0);
    let (places, articles) = state.lists();
    if collection {
        let height = (ui.available_height() * 0.5).max(120.0);
        ui.allocate_ui(egui::vec2(ui.available_width(), height), |ui| {
            place_list_ui(ui, state, &places);
        });
        ui.separator();
        article_list_ui(ui, state, &articles);
    } else {
        place_list_ui(ui, state, &places);
    }
}

/// The places the filters show, with their mention counts (or, in a collection, how many
/// articles name them).
fn place_list_ui(ui: &mut Ui, state: &mut AppState, listed: &[usize]) {
    if listed.is_empty() {
        ui.weak(
            if state.opening.is_some() && state.collection.places.is_empty() {
                "Finding the places…"
            } else {
                "No place matches."
            },
        );
    }
    let collection = state.is_collection();
    let mut clicked = None;
    let mut hovered = None;
    let row_height = ui.spacing().interact_size.y + 2.0;
    egui::ScrollArea::vertical()
        .id_salt("places")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, listed.len(), |ui, rows| {
            for &index in &listed[rows] {
                let Some(place) = state.place(index) else {
                    continue;
                };
                let (count, what) = if collection {
                    (state.article_counts[index] as usize, "article")
                } else {
                    (state.collection.mention_count(index), "mention")
                };
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
                            .on_hover_text(plural(count, what));
                        // In the room left between the name and the count.
                        if state.shared_names.contains(&place.name) {
                            ui.add(
                                egui::Label::new(RichText::new(qualifier(place)).weak()).truncate(),
                            )
                            .on_hover_text(
                                "Another place has this name too: this tells them apart",
                            );
                        }
                    });
                    name
                });
                let name =
                    row.inner
                        .on_hover_text(format!("{} · {}", place.kind, plural(count, what)));
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

/// The collection's articles, newest first: title, date, source and number of places.
/// A click shows only that article's places; a second click shows them all again.
fn article_list_ui(ui: &mut Ui, state: &mut AppState, listed: &[usize]) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Articles").font(style::bold(16.0)));
        ui.weak(format!(
            "{} of {}",
            listed.len(),
            state.collection.articles.len()
        ));
        if state.article_filter.is_some()
            && ui
                .small_button("Show all")
                .on_hover_text("Show every article's places again (Esc)")
                .clicked()
        {
            state.show_all_articles();
        }
    });
    if listed.is_empty() {
        ui.weak("No article matches.");
    }
    let mut clicked = None;
    let row_height = 3.0 * ui.text_style_height(&egui::TextStyle::Body) + 10.0;
    egui::ScrollArea::vertical()
        .id_salt("articles")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, listed.len(), |ui, rows| {
            for &index in &listed[rows] {
                let article = &state.collection.articles[index];
                let filtered = state.article_filter == Some(index);
                let mut meta: Vec<String> = Vec::new();
                if let Some(date) = article.story.published.as_deref() {
                    meta.push(short_date(date));
                }
                if let Some(source) = article.source() {
                    meta.push(source);
                }
                let places = article.story.places.len();
                meta.push(plural(places, "place"));
                let title = article.story.title.clone();
                let (title, meta) = match &article.problem {
                    Some(_) => (
                        RichText::new(title).weak().italics(),
                        RichText::new("Could not be read").weak().small(),
                    ),
                    None => (
                        RichText::new(title).strong(),
                        RichText::new(meta.join(" · ")).weak().small(),
                    ),
                };
                let response = ui
                    .scope(|ui| {
                        ui.set_height(row_height - 4.0);
                        ui.set_width(ui.available_width());
                        let frame = egui::Frame::new()
                            .inner_margin(egui::Margin::symmetric(6, 3))
                            .corner_radius(4.0)
                            .fill(if filtered {
                                ui.visuals().selection.bg_fill
                            } else {
                                egui::Color32::TRANSPARENT
                            });
                        frame
                            .show(ui, |ui| {
                                ui.set_width(ui.available_width());
                                ui.add(egui::Label::new(title).truncate());
                                ui.add(egui::Label::new(meta).truncate());
                            })
                            .response
                    })
                    .inner
                    .interact(Sense::click())
                    .on_hover_cursor(egui::CursorIcon::PointingHand);
                let response = match &article.problem {
                    Some(problem) => response.on_hover_text(problem.as_str()),
                    None if filtered => response.on_hover_text("Show every article again"),
                    None => response.on_hover_text("Show only this article's places"),
                };
                response.widget_info(|| {
                    egui::WidgetInfo::selected(
                        egui::Role::Button,
                        true,
                        filtered,
                        &article.story.title,
                    )
                });
                if response.hovered() {
                    ui.painter().rect_stroke(
                        response.rect,
                        4.0,
                        ui.visuals().widgets.hovered.bg_stroke,
                        egui::StrokeKind::Inside,
                    );
                }
                if response.clicked() {
                    clicked = Some(index);
                }
            }
        });
    if let Some(index) = clicked {
        state.toggle_article(index);
    }
}

/// What tells a place from another of the same name: its region, or its country and kind
/// ("Florida", "US · region").
fn qualifier(place: &crate::story::Place) -> String {
    let info = place.geoparsed.as_ref();
    if let Some(region) = info.and_then(|g| g.region.as_deref()) {
        return region.to_owned();
    }
    match info.and_then(|g| g.country.as_deref()) {
        Some(country) => format!("{country} · {}", place.kind),
        None => place.kind.to_string(),
    }
}

/// "1 article", "3 articles".
fn plural(count: usize, what: &str) -> String {
    if count == 1 {
        format!("1 {what}")
    } else {
        format!("{count} {what}s")
    }
}
