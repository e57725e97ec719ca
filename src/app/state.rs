//! What the app remembers between frames, and every change a click or key can make to it.
//!
//! No egui here: panels call these methods, and unit tests call them directly, so that
//! selection, search, the article and time filters and the tour are tested without a window.
//!
//! The app always holds a [`Collection`]: a single story is a collection of one article.
//! Place indices here (`selected`, `hovered`, camera requests) are the collection's; the
//! open article's own place indices are turned into them with [`AppState::global`].

use crate::collection::Collection;
use crate::story::{Place, Story};

/// What the camera should do next; the map panel carries it out on its next frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CameraRequest {
    /// Fly to a place, at the zoom that suits its kind.
    FlyTo(usize),
    /// Frame every point place that is shown.
    FitAll,
    /// Frame the story as it opens: its places, less far-off countries.
    Opening,
    /// Zoom in or out by this many levels, around the centre.
    ZoomBy(f64),
    /// Frame these longitude and latitude bounds: `[west, south, east, north]` (a cluster).
    Frame([f64; 4]),
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
    /// The open articles and their merged places (one article for a single story).
    pub collection: Collection,
    /// The article the reading panel shows.
    pub open_article: usize,
    /// The article clicked in the articles panel: only its places are shown.
    pub article_filter: Option<usize>,
    /// The days dragged on the timeline, first and last, inclusive: only the articles
    /// published then are shown.
    pub time_range: Option<[i32; 2]>,
    /// The selected place (in the collection).
    pub selected: Option<usize>,
    /// The place under the pointer this frame, on the map or in a list.
    pub hovered: Option<usize>,
    /// The search text, which filters places and articles.
    pub search: String,
    /// Index into the open article's `mentions` of the tour's current stop.
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
    /// Whether a correction applies to the open article only, not to every article.
    pub correct_this_article_only: bool,
    /// The title of a collection being read in the background, while it is.
    pub opening: Option<String>,
    /// For each article, whether the article and time filters show it.
    pub shown_articles: Vec<bool>,
    /// For each place, how many shown articles name it (0: not shown).
    pub article_counts: Vec<u32>,
    /// Bumped whenever what is shown changes, so that caches (clusters) know.
    pub shown_generation: u64,
    /// Names that more than one place bears ("Georgia", the country and the state): the
    /// lists tell them apart.
    pub shared_names: std::collections::HashSet<String>,
    /// The listed places and articles, kept until the search or the filters change (sorting
    /// 20,000 articles every frame took milliseconds).
    lists: Option<Lists>,
}

impl AppState {
    /// A fresh state for a single story, framed for the opening view.
    pub fn new(story: Story) -> AppState {
        AppState::of_collection(Collection::of_story(story))
    }

    /// A fresh state for `collection`, framed for the opening view, showing its first
    /// readable article.
    pub fn of_collection(collection: Collection) -> AppState {
        let notices = collection
            .warnings
            .iter()
            .map(|w| Notice {
                is_error: false,
                text: w.clone(),
            })
            .collect();
        let open_article = collection
            .articles
            .iter()
            .position(|a| a.problem.is_none())
            .unwrap_or(0);
        let mut state = AppState {
            collection,
            open_article,
            article_filter: None,
            time_range: None,
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
            correct_this_article_only: false,
            opening: None,
            shown_articles: Vec::new(),
            article_counts: Vec::new(),
            shown_generation: 0,
            shared_names: std::collections::HashSet::new(),
            lists: None,
        };
        state.refilter();
        state
    }

    /// Whether more than one article is open: the articles panel, the timeline and the
    /// grouped excerpts show only then.
    pub fn is_collection(&self) -> bool {
        self.collection.articles.len() > 1
    }

    /// The article the reading panel shows.
    pub fn story(&self) -> &Story {
        static EMPTY: std::sync::OnceLock<Story> = std::sync::OnceLock::new();
        match self.collection.articles.get(self.open_article) {
            Some(article) => &article.story,
            None => EMPTY.get_or_init(|| {
                Story::new(
                    "No story".into(),
                    std::path::PathBuf::new(),
                    String::new(),
                    Vec::new(),
                )
            }),
        }
    }

    /// The title for the window and the menu bar: the story's, or the collection's.
    pub fn title(&self) -> &str {
        if let Some(opening) = self
            .opening
            .as_deref()
            .filter(|_| self.story().text.is_empty())
        {
            opening
        } else if self.is_collection() {
            &self.collection.title
        } else {
            &self.story().title
        }
    }

    /// Place `index` of the collection.
    pub fn place(&self, index: usize) -> Option<&Place> {
        self.collection.places.get(index).map(|p| &p.place)
    }

    /// The collection place of the open article's place `local`.
    pub fn global(&self, local: usize) -> Option<usize> {
        self.collection.global_place(self.open_article, local)
    }

    /// The open article's place that is collection place `place`, if it names it.
    pub fn local(&self, place: usize) -> Option<usize> {
        self.collection
            .articles
            .get(self.open_article)?
            .in_collection
            .iter()
            .position(|&g| g == place)
    }

    /// The selected place.
    pub fn selected_place(&self) -> Option<&Place> {
        self.selected.and_then(|i| self.place(i))
    }

    /// Whether place `place` is on the map under the current filters.
    pub fn is_shown(&self, place: usize) -> bool {
        self.article_counts.get(place).is_some_and(|&n| n > 0)
    }

    /// Works out again which articles and places the filters show.
    pub fn refilter(&mut self) {
        let range = self.time_range;
        let only = self.article_filter;
        self.shown_articles = self
            .collection
            .articles
            .iter()
            .enumerate()
            .map(|(i, article)| only.is_none_or(|only| only == i) && in_range(range, article.day))
            .collect();
        self.article_counts = self.collection.article_counts(&self.shown_articles);
        let mut seen = std::collections::HashSet::new();
        self.shared_names = self
            .collection
            .places
            .iter()
            .filter(|p| !seen.insert(p.place.name.as_str()))
            .map(|p| p.place.name.clone())
            .collect();
        self.shown_generation += 1;
        if self.selected.is_some_and(|s| !self.is_shown(s)) {
            self.selected = None;
            self.tour = None;
            if self.tab == ReadingTab::Excerpts {
                self.tab = ReadingTab::Article;
            }
        }
    }

    /// Selects a place without moving the map (a click on its marker: it is in view).
    pub fn select(&mut self, place: usize) {
        if place >= self.collection.places.len() {
            return;
        }
        self.selected = Some(place);
        self.tab = ReadingTab::Excerpts;
        self.scroll_article_to = self
            .local(place)
            .and_then(|local| self.story().mentions_of(local).next())
            .map(|m| m.span.start);
        self.tour = None;
    }

    /// Selects a place and flies the map to it (a click in the list or the article).
    pub fn select_and_fly(&mut self, place: usize) {
        self.select(place);
        if self.selected == Some(place) {
            self.camera_request = Some(CameraRequest::FlyTo(place));
        }
    }

    /// Clears the selection and ends the tour; with nothing selected, shows every article
    /// again (Esc).
    pub fn clear_selection(&mut self) {
        if self.selected.is_none() && self.tour.is_none() && self.article_filter.is_some() {
            self.show_all_articles();
            return;
        }
        self.selected = None;
        self.tour = None;
        self.tab = ReadingTab::Article;
    }

    /// A click on an article in the articles panel: shows only its places and opens it in
    /// the reading panel. A second click on the same article shows every article again.
    pub fn toggle_article(&mut self, article: usize) {
        if article >= self.collection.articles.len() {
            return;
        }
        if self.article_filter == Some(article) {
            self.show_all_articles();
            return;
        }
        self.article_filter = Some(article);
        self.open_article(article, None);
        self.refilter();
        self.camera_request = Some(CameraRequest::FitAll);
    }

    /// Lifts the article filter: every article's places are shown again.
    pub fn show_all_articles(&mut self) {
        self.article_filter = None;
        self.refilter();
        self.camera_request = Some(CameraRequest::FitAll);
    }

    /// Opens `article` in the reading panel, scrolled to byte `offset` of its body if given.
    pub fn open_article(&mut self, article: usize, offset: Option<usize>) {
        if article >= self.collection.articles.len() {
            return;
        }
        if self.open_article != article {
            self.tour = None;
        }
        self.open_article = article;
        self.tab = ReadingTab::Article;
        self.scroll_article_to = offset;
    }

    /// Sets the timeline's range of days (inclusive), or none for every date.
    pub fn set_time_range(&mut self, range: Option<[i32; 2]>) {
        if self.time_range != range {
            self.time_range = range;
            self.refilter();
        }
    }

    /// [`Self::listed_places`] and [`Self::listed_articles`], worked out again only when the
    /// search text or what the filters show has changed.
    pub fn lists(&mut self) -> (Vec<usize>, Vec<usize>) {
        let fresh = self
            .lists
            .as_ref()
            .is_some_and(|l| l.generation == self.shown_generation && l.search == self.search);
        if !fresh {
            self.lists = Some(Lists {
                search: self.search.clone(),
                generation: self.shown_generation,
                places: self.listed_places(),
                articles: self.listed_articles(),
            });
        }
        self.lists
            .as_ref()
            .map(|l| (l.places.clone(), l.articles.clone()))
            .unwrap_or_default()
    }

    /// Shown place indices, filtered by the search text, which matches names and aliases
    /// anywhere, ignoring case ("khas" finds Hasan by its alias Khasan). One article's places
    /// come in order of first mention; a collection's by how many articles name them.
    pub fn listed_places(&self) -> Vec<usize> {
        let query = fold(self.search.trim());
        let matches = |i: usize| {
            self.is_shown(i)
                && (query.is_empty()
                    || self.collection.places[i]
                        .place
                        .names()
                        .any(|name| fold(name).contains(&query)))
        };
        let mut shown = self.shown_articles.iter().enumerate().filter(|(_, s)| **s);
        let only_one = match (shown.next(), shown.next()) {
            (Some((article, _)), None) => Some(article),
            _ => None,
        };
        if let Some(article) = only_one {
            let article = &self.collection.articles[article];
            let mut seen = vec![false; self.collection.places.len()];
            return article
                .story
                .places_by_first_mention()
                .into_iter()
                .filter_map(|local| article.in_collection.get(local).copied())
                .filter(|&g| matches(g) && !std::mem::replace(&mut seen[g], true))
                .collect();
        }
        let mut listed: Vec<usize> = (0..self.collection.places.len())
            .filter(|&i| matches(i))
            .collect();
        listed.sort_by(|&a, &b| {
            self.article_counts[b]
                .cmp(&self.article_counts[a])
                .then_with(|| {
                    self.collection.places[a]
                        .place
                        .name
                        .cmp(&self.collection.places[b].place.name)
                })
        });
        listed
    }

    /// The articles the articles panel lists: those the timeline shows, matching the search
    /// text by title, source or file, newest first (undated last). Unreadable ones are
    /// listed too, to be seen with their reason.
    pub fn listed_articles(&self) -> Vec<usize> {
        let query = fold(self.search.trim());
        let range = self.time_range;
        let mut listed: Vec<usize> = self
            .collection
            .articles
            .iter()
            .enumerate()
            .filter(|(_, a)| in_range(range, a.day))
            .filter(|(_, a)| {
                query.is_empty()
                    || fold(&a.story.title).contains(&query)
                    || fold(&a.id).contains(&query)
                    || a.source().is_some_and(|s| fold(&s).contains(&query))
            })
            .map(|(i, _)| i)
            .collect();
        let articles = &self.collection.articles;
        listed.sort_by(|&a, &b| {
            let (x, y) = (&articles[a], &articles[b]);
            y.day
                .cmp(&x.day)
                .then_with(|| y.story.published.cmp(&x.story.published))
                .then(a.cmp(&b))
        });
        listed
    }

    /// Moves the tour `step` mentions forward (or back, if negative) through the open
    /// article, selecting the place, flying to it and marking the sentence. Starts at the
    /// first mention.
    pub fn tour_step(&mut self, step: isize) {
        let count = self.story().mentions.len();
        if count == 0 {
            return;
        }
        let next = match self.tour {
            None if step >= 0 => 0,
            None => count - 1,
            Some(current) => current.saturating_add_signed(step).min(count - 1),
        };
        let mention = &self.story().mentions[next];
        let (local, offset) = (mention.place, mention.span.start);
        let Some(place) = self.global(local) else {
            return;
        };
        let flies = self.selected != Some(place) || self.tour.is_none();
        self.selected = Some(place);
        self.tour = Some(next);
        self.tab = ReadingTab::Article;
        self.scroll_article_to = Some(offset);
        if flies {
            self.camera_request = Some(CameraRequest::FlyTo(place));
        }
    }

    /// The sentence the tour is on, as an index into the open article's `sentences`.
    pub fn tour_sentence(&self) -> Option<usize> {
        let story = self.story();
        let mention = story.mentions.get(self.tour?)?;
        story.sentence_at(mention.span.start)
    }

    /// The article a correction of the selected place applies to: the open one, if the
    /// reader asked for "this article only" and it names the place.
    fn correction_scope(&self, place: usize) -> Option<usize> {
        (self.is_collection() && self.correct_this_article_only && self.local(place).is_some())
            .then_some(self.open_article)
    }

    /// Moves a geoparsed place to another of its candidates (in every article, or the open
    /// one only) and flies there.
    pub fn choose_alternative(&mut self, place: usize, alternative: usize) {
        let scope = self.correction_scope(place);
        let moved = self
            .collection
            .choose_alternative(place, alternative, scope);
        self.edited = true;
        self.refilter();
        if let Some(moved) = moved {
            self.select(moved);
            self.camera_request = Some(CameraRequest::FlyTo(moved));
        } else {
            self.selected = None;
        }
    }

    /// Removes a place the geoparser found by mistake, with its mentions (in every article,
    /// or the open one only).
    pub fn remove_place(&mut self, place: usize) {
        if place >= self.collection.places.len() {
            return;
        }
        let scope = self.correction_scope(place);
        self.collection.remove_place(place, scope);
        self.selected = None;
        self.tour = None;
        self.tab = ReadingTab::Article;
        self.refilter();
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

/// Whether an article of `day` falls in the timeline's `range` (every article, undated
/// too, when there is none).
fn in_range(range: Option<[i32; 2]>, day: Option<i32>) -> bool {
    range.is_none_or(|[first, last]| day.is_some_and(|d| (first..=last).contains(&d)))
}

/// What [`AppState::lists`] keeps, and for which search and filters.
struct Lists {
    search: String,
    generation: u64,
    places: Vec<usize>,
    articles: Vec<usize>,
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
            s.tour_sentence().map(|i| s.story().sentence_text(i)),
            Some("Oslo again.")
        );
        s.tour_step(-5);
        assert_eq!(s.tour, Some(0));
    }
}
