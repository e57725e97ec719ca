//! The right panel: the selected place's card and excerpts, or the whole article with every
//! mention highlighted in its place's colour and clickable.

use std::ops::Range;

use egui::{Align, RichText, Sense, Ui};

use super::state::{AppState, ReadingTab};
use super::style;
use crate::collection::ArticleExcerpts;
use crate::story::Mention;

const TEXT_SIZE: f32 = 15.5;

/// Shows the tabs and the current tab's contents.
pub fn reading_panel_ui(ui: &mut Ui, state: &mut AppState) {
    ui.add_space(6.0);
    if state.is_collection() && state.tab == ReadingTab::Excerpts && state.selected.is_some() {
        // A place's card spans the articles: the open one's headline would only mislead.
        ui.label(
            RichText::new(format!(
                "{} · {} articles",
                state.collection.title,
                state.collection.articles.len()
            ))
            .weak(),
        );
    } else {
        story_header_ui(ui, state);
    }
    ui.add_space(4.0);
    let groups = state.selected.map(|place| {
        let shown = &state.shown_articles;
        state
            .collection
            .excerpts_of(place, |a| shown.get(a).copied().unwrap_or(false))
    });
    ui.horizontal(|ui| {
        let excerpts_label = match &groups {
            Some(groups) => format!(
                "Excerpts ({})",
                groups.iter().map(|g| g.excerpts.len()).sum::<usize>()
            ),
            None => "Excerpts".to_owned(),
        };
        ui.add_enabled_ui(state.selected.is_some(), |ui| {
            ui.selectable_value(&mut state.tab, ReadingTab::Excerpts, excerpts_label);
        });
        ui.selectable_value(&mut state.tab, ReadingTab::Article, "Article");
        ui.with_layout(egui::Layout::right_to_left(Align::Center), |ui| {
            tour_controls_ui(ui, state);
        });
    });
    ui.separator();
    match (state.tab, state.selected, groups) {
        (ReadingTab::Excerpts, Some(place), Some(groups)) => excerpts_ui(ui, state, place, &groups),
        _ => article_ui(ui, state),
    }
}

/// The article's headline, with its date, byline and source where its file gives them;
/// in a collection, which article of how many it is.
fn story_header_ui(ui: &mut Ui, state: &AppState) {
    let story = state.story();
    if state.is_collection() {
        ui.label(
            RichText::new(format!(
                "Article {} of {} · {}",
                state.open_article + 1,
                state.collection.articles.len(),
                state.collection.title
            ))
            .small()
            .weak(),
        );
    }
    let title = match &state.opening {
        Some(opening) if story.text.is_empty() => opening.as_str(),
        _ => story.title.as_str(),
    };
    ui.add(egui::Label::new(RichText::new(title).font(style::serif_bold(19.0))).wrap());
    let date = story.published.as_deref().map(display_date);
    let byline = story.byline.as_deref().map(|b| {
        if b.to_lowercase().starts_with("by ") {
            b.to_owned()
        } else {
            format!("By {b}")
        }
    });
    let site = story.url.as_deref().and_then(crate::story::site_of);
    let line: Vec<String> = date.iter().chain(&byline).cloned().collect();
    if !line.is_empty() {
        let response = ui.add(egui::Label::new(RichText::new(line.join("  ·  ")).weak()).wrap());
        if let Some(published) = &story.published {
            response.on_hover_text(format!("Published {published}"));
        }
    }
    if let (Some(site), Some(url)) = (site, story.url.as_deref()) {
        ui.hyperlink_to(site, url).on_hover_text(url);
    }
    if let Some(problem) = state
        .collection
        .articles
        .get(state.open_article)
        .and_then(|a| a.problem.as_deref())
    {
        ui.colored_label(ui.visuals().warn_fg_color, problem);
    }
}

/// A publication date for people: "14 March 2024, 09:30" from ISO 8601, as the file gives it
/// (no time zone conversion). Anything else is shown as it is.
pub fn display_date(date: &str) -> String {
    let bytes = date.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<usize> { date.get(range)?.parse().ok() };
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return date.to_owned();
    };
    if bytes.get(4) != Some(&b'-') || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return date.to_owned();
    }
    let mut text = format!("{day} {} {year}", crate::readers::MONTH_NAMES[month - 1]);
    if matches!(bytes.get(10), Some(b'T' | b' '))
        && let (Some(hour), Some(minute)) = (number(11..13), number(14..16))
        && (hour, minute) != (0, 0)
    {
        text.push_str(&format!(", {hour:02}:{minute:02}"));
    }
    text
}

/// A date as a list shows it: "3 Mar 2009", without the time.
pub fn short_date(date: &str) -> String {
    let full = display_date(date);
    let mut words = full.split([' ', ',']).filter(|w| !w.is_empty());
    match (words.next(), words.next(), words.next()) {
        (Some(day), Some(month), Some(year)) if month.chars().all(char::is_alphabetic) => {
            let month: String = month.chars().take(3).collect();
            format!("{day} {month} {year}")
        }
        _ => full,
    }
}

/// Prev and Next: step through the mentions in reading order.
fn tour_controls_ui(ui: &mut Ui, state: &mut AppState) {
    let count = state.story().mentions.len();
    let next = ui
        .add_enabled(count > 0, egui::Button::new("Next"))
        .on_hover_text("Next mention (Right arrow)");
    if let Some(stop) = state.tour {
        ui.weak(format!("{}/{}", stop + 1, count));
    }
    let prev = ui
        .add_enabled(count > 0, egui::Button::new("Prev"))
        .on_hover_text("Previous mention (Left arrow)");
    if next.clicked() {
        state.tour_step(1);
    }
    if prev.clicked() {
        state.tour_step(-1);
    }
}

/// A correction the reader makes to a geoparsed place.
enum Edit {
    Choose(usize),
    Remove,
}

/// How many articles' excerpts a place's card lists at most; the rest are counted.
const MAX_GROUPS: usize = 60;

/// The selected place's card and every excerpt, with the mentions highlighted; in a
/// collection, grouped by article, newest first.
fn excerpts_ui(ui: &mut Ui, state: &mut AppState, place_index: usize, groups: &[ArticleExcerpts]) {
    let Some(place) = state.place(place_index).cloned() else {
        return;
    };
    let colour = style::place_colour(place_index);
    let mention_count: usize = groups.iter().map(|g| g.excerpts.len()).sum();
    let mut show_in_article = None;
    let mut hovered = None;
    let mut edit = None;
    let mut only_here = state.correct_this_article_only;
    let open_names_it = state.local(place_index).is_some();
    egui::ScrollArea::vertical()
        .id_salt("excerpts")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(&place.name)
                        .font(style::bold(22.0))
                        .color(colour),
                );
                if ui
                    .small_button("×")
                    .on_hover_text("Clear the selection (Esc)")
                    .clicked()
                {
                    show_in_article = Some(None);
                }
            });
            ui.label(
                RichText::new(format!(
                    "{} · {:.4}° {}, {:.4}° {}",
                    capitalised(place.kind.as_str()),
                    place.lat.abs(),
                    if place.lat >= 0.0 { "N" } else { "S" },
                    place.lon.abs(),
                    if place.lon >= 0.0 { "E" } else { "W" },
                ))
                .weak(),
            );
            if !place.aliases.is_empty() {
                ui.label(RichText::new(format!("Also: {}", place.aliases.join(", "))).weak());
            }
            if let Some(note) = &place.note {
                ui.add_space(4.0);
                ui.label(RichText::new(note).italics());
            }
            if let Some(info) = &place.geoparsed {
                ui.add_space(4.0);
                ui.label(
                    RichText::new(format!(
                        "Found by the geoparser · confidence {:.0}%{}",
                        info.confidence * 100.0,
                        match (info.region.as_deref(), info.country.as_deref()) {
                            (Some(region), Some(country)) => format!(" · {region}, {country}"),
                            (Some(region), None) => format!(" · {region}"),
                            (None, Some(country)) => format!(" · {country}"),
                            (None, None) => String::new(),
                        }
                    ))
                    .weak(),
                );
                ui.horizontal_wrapped(|ui| {
                    if !info.alternatives.is_empty() {
                        ui.menu_button("Wrong place? Choose another", |ui| {
                            for (i, alt) in info.alternatives.iter().enumerate().take(12) {
                                let text = format!(
                                    "{}{} · {:.2}, {:.2}{}",
                                    alt.name,
                                    alt.country
                                        .as_ref()
                                        .map(|c| format!(" ({c})"))
                                        .unwrap_or_default(),
                                    alt.lat,
                                    alt.lon,
                                    if alt.population > 0 {
                                        format!(" · pop. {}", alt.population)
                                    } else {
                                        String::new()
                                    }
                                );
                                if ui.button(text).clicked() {
                                    edit = Some(Edit::Choose(i));
                                    ui.close();
                                }
                            }
                        });
                    }
                    if ui
                        .button("Not a place: remove")
                        .on_hover_text("Remove this false hit and its highlights")
                        .clicked()
                    {
                        edit = Some(Edit::Remove);
                    }
                });
                if state.is_collection() {
                    ui.add_enabled_ui(open_names_it, |ui| {
                        ui.checkbox(&mut only_here, "Correct in the open article only")
                            .on_hover_text(
                                "Otherwise a correction applies to this name in every article",
                            )
                            .on_disabled_hover_text("The open article does not name this place");
                    });
                }
            }
            ui.add_space(8.0);
            let mentions = match mention_count {
                0 => "not mentioned".to_owned(),
                1 => "1 mention".to_owned(),
                n => format!("{n} mentions"),
            };
            let summary = if state.is_collection() {
                let shown = state.shown_articles.iter().filter(|s| **s).count();
                format!(
                    "Named in {} of {} {} · {mentions}",
                    groups.len(),
                    shown,
                    if shown == 1 { "article" } else { "articles" }
                )
            } else if mention_count == 0 {
                "Not mentioned in the article".to_owned()
            } else {
                capitalised(&mentions)
            };
            ui.label(RichText::new(summary).font(style::bold(14.0)));
            ui.add_space(4.0);
            for group in groups.iter().take(MAX_GROUPS) {
                let Some(article) = state.collection.articles.get(group.article) else {
                    continue;
                };
                if state.is_collection() {
                    ui.add_space(6.0);
                    let title = ui
                        .add(
                            egui::Label::new(
                                RichText::new(&article.story.title).font(style::serif_bold(15.5)),
                            )
                            .sense(Sense::click())
                            .wrap(),
                        )
                        .on_hover_cursor(egui::CursorIcon::PointingHand)
                        .on_hover_text("Open this article");
                    if title.clicked() {
                        show_in_article = Some(Some((group.article, None)));
                    }
                    let mut line: Vec<String> = Vec::new();
                    if let Some(date) = article.story.published.as_deref() {
                        line.push(display_date(date));
                    }
                    if let Some(source) = article.source() {
                        line.push(source);
                    }
                    if !line.is_empty() {
                        ui.label(RichText::new(line.join("  ·  ")).weak());
                    }
                }
                for (number, excerpt) in group.excerpts.iter().enumerate() {
                    let Some(sentence) = article.story.sentences.get(excerpt.sentence) else {
                        continue;
                    };
                    let frame = egui::Frame::group(ui.style())
                        .fill(ui.visuals().faint_bg_color)
                        .stroke(egui::Stroke::NONE)
                        .corner_radius(6.0)
                        .inner_margin(egui::Margin::symmetric(10, 8));
                    frame.show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal_wrapped(|ui| {
                            ui.spacing_mut().item_spacing.x = 0.0;
                            ui.label(RichText::new(format!("{}  ", number + 1)).weak());
                            let mentions: Vec<Mention> = excerpt
                                .highlights
                                .iter()
                                .map(|span| Mention {
                                    place: group.place_in_story,
                                    span: span.clone(),
                                })
                                .collect();
                            let runs = text_runs_ui(
                                ui,
                                state,
                                group.article,
                                sentence.span.clone(),
                                &mentions,
                                None,
                                None,
                            );
                            hovered = hovered.or(runs.hovered);
                        });
                        if ui
                            .small_button("Show in article")
                            .on_hover_text("Open the article at this sentence")
                            .clicked()
                        {
                            let first = excerpt.highlights.first();
                            let offset = first.map_or(sentence.span.start, |h| h.start);
                            show_in_article = Some(Some((group.article, Some(offset))));
                        }
                    });
                    ui.add_space(4.0);
                }
            }
            if groups.len() > MAX_GROUPS {
                ui.weak(format!(
                    "… and {} more articles. Narrow the timeline, or click an article, to see theirs.",
                    groups.len() - MAX_GROUPS
                ));
            }
        });
    state.correct_this_article_only = only_here;
    if hovered.is_some() {
        state.hovered = hovered;
    }
    match edit {
        Some(Edit::Choose(alternative)) => state.choose_alternative(place_index, alternative),
        Some(Edit::Remove) => state.remove_place(place_index),
        None => {}
    }
    match show_in_article {
        Some(Some((article, offset))) => state.open_article(article, offset),
        Some(None) => state.clear_selection(),
        None => {}
    }
}

/// The whole article, paragraph by paragraph, with clickable mentions.
fn article_ui(ui: &mut Ui, state: &mut AppState) {
    let story = state.story();
    let tour_sentence = state
        .tour_sentence()
        .and_then(|i| story.sentences.get(i))
        .map(|s| s.span.clone());
    let mut clicked = None;
    let mut hovered = None;
    egui::ScrollArea::vertical()
        .id_salt(("article", state.open_article))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if story.text.is_empty() {
                match &state.opening {
                    Some(title) => ui.weak(format!(
                        "Reading {title}: its articles appear here once they are geoparsed."
                    )),
                    None => ui.weak("This article has no text to show."),
                };
            }
            for paragraph in story.paragraphs.iter().cloned() {
                let first = story
                    .mentions
                    .partition_point(|m| m.span.start < paragraph.start);
                let last = story
                    .mentions
                    .partition_point(|m| m.span.start < paragraph.end);
                let mentions = &story.mentions[first..last];
                let is_heading = !story.text[paragraph.clone()]
                    .trim_end()
                    .ends_with(['.', '!', '?', '"', '”', ':']);
                let font = if is_heading {
                    style::serif_bold(TEXT_SIZE + 1.0)
                } else {
                    style::serif(TEXT_SIZE)
                };
                ui.horizontal_wrapped(|ui| {
                    ui.spacing_mut().item_spacing.x = 0.0;
                    let runs = text_runs_ui(
                        ui,
                        state,
                        state.open_article,
                        paragraph.clone(),
                        mentions,
                        tour_sentence.clone(),
                        Some(font),
                    );
                    clicked = clicked.or(runs.clicked);
                    hovered = hovered.or(runs.hovered);
                });
                ui.add_space(8.0);
            }
        });
    state.scroll_article_to = None;
    if hovered.is_some() {
        state.hovered = hovered;
    }
    if let Some(place) = clicked {
        state.select_and_fly(place);
    }
}

/// What happened to the mentions laid out by [`text_runs_ui`], as collection places.
#[derive(Default)]
struct RunsResponse {
    clicked: Option<usize>,
    hovered: Option<usize>,
}

/// Lays out `span` of article `article`'s body as text runs, with `mentions` (sorted,
/// inside `span`, with the article's own place indices) as highlighted, clickable words.
/// Given a `font`, this is the article view: it scrolls to the mention at
/// `state.scroll_article_to`. Without one, it is an excerpt in the default serif.
fn text_runs_ui(
    ui: &mut Ui,
    state: &AppState,
    article: usize,
    span: Range<usize>,
    mentions: &[Mention],
    tour_sentence: Option<Range<usize>>,
    article_font: Option<egui::FontId>,
) -> RunsResponse {
    let mut out = RunsResponse::default();
    let Some(article) = state.collection.articles.get(article) else {
        return out;
    };
    let dark = ui.visuals().dark_mode;
    let text = &article.story.text;
    let scroll_to = article_font.as_ref().and(state.scroll_article_to);
    let font = article_font.unwrap_or_else(|| style::serif(TEXT_SIZE));
    let mut cursor = span.start;
    let plain = |ui: &mut Ui, range: Range<usize>| {
        // Split at the tour sentence's edges, so it alone gets the marker colour.
        let mut cuts = vec![range.start, range.end];
        if let Some(tour) = &tour_sentence {
            cuts.extend(
                [tour.start, tour.end]
                    .into_iter()
                    .filter(|c| range.contains(c)),
            );
        }
        cuts.sort_unstable();
        cuts.dedup();
        for pair in cuts.windows(2) {
            let Some(piece) = text.get(pair[0]..pair[1]) else {
                continue;
            };
            if piece.is_empty() {
                continue;
            }
            let mut rich = RichText::new(piece).font(font.clone());
            if tour_sentence.as_ref().is_some_and(|t| t.contains(&pair[0])) {
                rich = rich.background_color(style::tour_sentence_fill(dark));
            }
            ui.label(rich);
        }
    };
    for mention in mentions {
        if mention.span.start < cursor || mention.span.end > span.end {
            continue;
        }
        let Some(&place) = article.in_collection.get(mention.place) else {
            continue;
        };
        plain(ui, cursor..mention.span.start);
        let colour = style::place_colour(place);
        let selected = state.selected == Some(place);
        let mut rich = RichText::new(text.get(mention.span.clone()).unwrap_or_default())
            .font(style::serif_bold(TEXT_SIZE))
            .background_color(style::highlight_fill(colour, dark || selected));
        if selected {
            rich = rich.underline();
        }
        let response = ui
            .add(egui::Label::new(rich).sense(Sense::click()))
            .on_hover_cursor(egui::CursorIcon::PointingHand);
        super::probe::note_mention(ui, place, response.rect);
        let place_name = state.place(place).map_or("", |p| p.name.as_str());
        let response = response.on_hover_text(format!("Show {place_name} on the map"));
        if response.hovered() {
            out.hovered = Some(place);
        }
        if response.clicked() {
            out.clicked = Some(place);
        }
        if scroll_to == Some(mention.span.start) {
            response.scroll_to_me(Some(Align::Center));
        }
        cursor = mention.span.end;
    }
    plain(ui, cursor..span.end);
    out
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_people_write_them() {
        assert_eq!(display_date("2024-03-14T09:30:00Z"), "14 March 2024, 09:30");
        assert_eq!(display_date("2019-04-25"), "25 April 2019");
        assert_eq!(display_date("2019-04-25T00:00:00+03:00"), "25 April 2019");
        assert_eq!(display_date("Thursday"), "Thursday");
        assert_eq!(display_date("2019-13-01"), "2019-13-01");
        assert_eq!(short_date("2024-03-14T09:30:00Z"), "14 Mar 2024");
        assert_eq!(short_date("2019-05-02"), "2 May 2019");
        assert_eq!(short_date("Thursday"), "Thursday");
    }
}
