//! What the app remembers between frames, and every change a click or key can make to it.
//!
//! No egui here: panels call these methods, and unit tests call them directly, so that
//! selection, search and the tour are tested without a window.

use crate::story::{Place, Story};

/// What the camera should do next; the map panel carries it out on its next frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CameraRequest {
    /// Fly to a place, at the zoom that suits its kind.
    FlyTo(usize),
    /// Frame every point place.
    FitAll,
    /// Frame the story as it opens: its places, less far-off countries.
    Opening,
    /// Zoom in or out by this many levels, around the centre.
    ZoomBy(f64),
}

/// Which view the right panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadingTab {
    /// The selected place's excerpts.
    Excerpts,
    /// The whole article.
    Article,
}

/// A message shown to the user in the window.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// Warnings are amber, errors red.
    pub is_error: bool,
    /// The text, which names the file and what to do.
    pub text: String,
}

/// The whole state of the reading session.
pub struct AppState {
    /// The open story.
    pub story: Story,
    /// The selected place.
    pub selected: Option<usize>,
    /// The place under the pointer this frame, on the map or in a list.
    pub hovered: Option<usize>,
    /// The place list's search text.
    pub search: String,
    /// Index into `story.mentions` of the tour's current stop.
    pub tour: Option<usize>,
    /// What the right panel shows.
    pub tab: ReadingTab,
    /// The camera move the map should start on its next frame.
    pub camera_request: Option<CameraRequest>,
    /// A byte offset the article should scroll to on its next frame.
    pub scroll_article_to: Option<usize>,
    /// Messages for the user.
    pub notices: Vec<Notice>,
    /// Dark theme.
    pub dark: bool,
    /// Whether the reader corrected the places since the story was loaded or saved.
    pub edited: bool,
}

impl AppState {
    /// A fresh state for `story`, framed for the opening view.
    pub fn new(story: Story) -> AppState {
        let notices = story
            .warnings
            .iter()
            .map(|w| Notice {
                is_error: false,
                text: w.clone(),
            })
            .collect();
        AppState {
            story,
            selected: None,
            hovered: None,
            search: String::new(),
            tour: None,
            tab: ReadingTab::Article,
            camera_request: Some(CameraRequest::Opening),
            scroll_article_to: None,
            notices,
            dark: false,
            edited: false,
        }
    }

    /// The selected place.
    pub fn selected_place(&self) -> Option<&Place> {
        self.selected.and_then(|i| self.story.places.get(i))
    }

    /// Selects a place without moving the map (a click on its marker: it is in view).
    pub fn select(&mut self, place: usize) {
        if place >= self.story.places.len() {
            return;
        }
        self.selected = Some(place);
        self.tab = ReadingTab::Excerpts;
        self.scroll_article_to = self.story.mentions_of(place).next().map(|m| m.span.start);
        self.tour = None;
    }

    /// Selects a place and flies the map to it (a click in the list or the article).
    pub fn select_and_fly(&mut self, place: usize) {
        self.select(place);
        if self.selected == Some(place) {
            self.camera_request = Some(CameraRequest::FlyTo(place));
        }
    }

    /// Clears the selection and ends the tour (Esc).
    pub fn clear_selection(&mut self) {
        self.selected = None;
        self.tour = None;
        self.tab = ReadingTab::Article;
    }

    /// Place indices in order of first mention, filtered by the search text, which matches
    /// names and aliases anywhere, ignoring case and accents' absence ("khas" finds Hasan by
    /// its alias Khasan).
    pub fn listed_places(&self) -> Vec<usize> {
        let query = fold(self.search.trim());
        self.story
            .places_by_first_mention()
            .into_iter()
            .filter(|&i| {
                query.is_empty()
                    || self.story.places[i]
                        .names()
                        .any(|name| fold(name).contains(&query))
            })
            .collect()
    }

    /// Moves the tour `step` mentions forward (or back, if negative), selecting the place,
    /// flying to it and marking the sentence. Starts at the first mention.
    pub fn tour_step(&mut self, step: isize) {
        let count = self.story.mentions.len();
        if count == 0 {
            return;
        }
        let next = match self.tour {
            None if step >= 0 => 0,
            None => count - 1,
            Some(current) => current.saturating_add_signed(step).min(count - 1),
        };
        let mention = &self.story.mentions[next];
        let (place, offset) = (mention.place, mention.span.start);
        let flies = self.selected != Some(place) || self.tour.is_none();
        self.selected = Some(place);
        self.tour = Some(next);
        self.tab = ReadingTab::Article;
        self.scroll_article_to = Some(offset);
        if flies {
            self.camera_request = Some(CameraRequest::FlyTo(place));
        }
    }

    /// The sentence the tour is on, as an index into `story.sentences`.
    pub fn tour_sentence(&self) -> Option<usize> {
        let mention = self.story.mentions.get(self.tour?)?;
        self.story.sentence_at(mention.span.start)
    }

    /// Moves a geoparsed place to another of its candidates and flies there.
    pub fn choose_alternative(&mut self, place: usize, alternative: usize) {
        self.story.choose_alternative(place, alternative);
        self.edited = true;
        self.camera_request = Some(CameraRequest::FlyTo(place));
    }

    /// Removes a place the geoparser found by mistake, with its mentions.
    pub fn remove_place(&mut self, place: usize) {
        if place >= self.story.places.len() {
            return;
        }
        self.story.remove_place(place);
        self.clear_selection();
        self.edited = true;
    }

    /// Adds a notice, unless the same one is already shown.
    pub fn notify(&mut self, is_error: bool, text: impl Into<String>) {
        let notice = Notice {
            is_error,
            text: text.into(),
        };
        if !self.notices.contains(&notice) {
            self.notices.push(notice);
        }
    }
}

/// Lowercase, for matching as you type.
fn fold(text: &str) -> String {
    text.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::{Place, PlaceKind};

    fn place(id: &str, aliases: &[&str]) -> Place {
        Place {
            id: id.to_lowercase(),
            name: id.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            kind: PlaceKind::City,
            lat: 0.0,
            lon: 0.0,
            note: None,
            geoparsed: None,
        }
    }

    fn state() -> AppState {
        let story = Story::new(
            "t".into(),
            "a.txt".into(),
            "Oslo is cold. Hasan is warm. Oslo again.".into(),
            vec![place("Hasan", &["Khasan"]), place("Oslo", &[])],
        );
        AppState::new(story)
    }

    #[test]
    fn selecting_shows_the_excerpts_and_remembers_where_the_article_should_scroll() {
        let mut s = state();
        s.select(0);
        assert_eq!(s.selected, Some(0));
        assert_eq!(s.tab, ReadingTab::Excerpts);
        assert_eq!(s.scroll_article_to, Some(14));
        s.clear_selection();
        assert_eq!(s.selected, None);
    }

    #[test]
    fn selecting_from_the_list_flies_but_clicking_a_marker_does_not() {
        let mut s = state();
        s.camera_request = None;
        s.select(1);
        assert_eq!(s.camera_request, None);
        s.select_and_fly(0);
        assert_eq!(s.camera_request, Some(CameraRequest::FlyTo(0)));
    }

    #[test]
    fn search_matches_aliases_case_insensitively_in_story_order() {
        let mut s = state();
        assert_eq!(s.listed_places(), [1, 0], "Oslo is mentioned first");
        s.search = "khas".into();
        assert_eq!(s.listed_places(), [0]);
        s.search = "zzz".into();
        assert!(s.listed_places().is_empty());
    }

    #[test]
    fn the_tour_steps_through_mentions_in_reading_order_and_stops_at_the_ends() {
        let mut s = state();
        s.tour_step(1);
        assert_eq!((s.tour, s.selected), (Some(0), Some(1)));
        s.tour_step(1);
        assert_eq!((s.tour, s.selected), (Some(1), Some(0)));
        s.tour_step(1);
        s.tour_step(1);
        assert_eq!(
            (s.tour, s.selected),
            (Some(2), Some(1)),
            "stays at the last"
        );
        assert_eq!(
            s.tour_sentence().map(|i| s.story.sentence_text(i)),
            Some("Oslo again.")
        );
        s.tour_step(-5);
        assert_eq!(s.tour, Some(0));
    }
}
