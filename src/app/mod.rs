//! The desktop app: one state struct, and a thin `*_ui` function per part of the window.
//!
//! - [`state`]: selection, search, tour, the article and time filters: plain logic, tested
//!   without a window.
//! - [`places_panel`], [`reading_panel`], [`map_panel`], [`timeline_panel`]: the parts of
//!   the window.
//! - [`loading`]: a collection read on worker threads, with its progress and Cancel.
//! - [`style`]: fonts, colours, theme.

pub mod dialog;
pub mod loading;
pub mod map_panel;
pub mod places_panel;
pub mod probe;
pub mod reading_panel;
pub mod state;
pub mod style;
pub mod timeline_panel;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::map::MapView;
use crate::map::basemap::Basemap;
use crate::map::camera::View;
use crate::map::source::{BasemapChoice, Overlay};
use crate::map::tiles::{PlainBackground, RenderedTiles};
use crate::story::Story;
pub use state::{AppState, CameraRequest, ReadingTab};

/// Options of the desktop app (`article-map [STORY]`).
#[derive(Clone, Debug, Default, clap::Args)]
pub struct AppArgs {
    /// A story folder, a places.json, or an article to geoparse: text, Markdown, a web page,
    /// a PDF, a Word file or a feed.
    /// Defaults to the bundled Vladivostok story.
    pub story: Option<PathBuf>,

    /// Save a PNG of the window once the map has settled, then exit.
    #[arg(long, value_name = "OUT.png")]
    pub screenshot: Option<PathBuf>,

    /// Select the place with this id at start.
    #[arg(long, value_name = "ID")]
    pub select: Option<String>,

    /// Window size in points, e.g. 1280x800.
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<[f32; 2]>,

    /// Zoom level to show after selecting (with --select), e.g. 13.
    #[arg(long)]
    pub zoom: Option<f64>,

    /// Use the dark theme.
    #[arg(long)]
    pub dark: bool,

    /// A collection: show only the articles of these days, e.g. 2009-03-15..2009-03-21
    /// (as a range dragged on the timeline does).
    #[arg(long, value_name = "FROM..TO", value_parser = parse_dates)]
    pub dates: Option<[i32; 2]>,

    /// The basemap: `bundled` (default, offline), `osm` (OpenStreetMap over HTTP), or a
    /// `.pmtiles` file.
    #[arg(long, value_name = "SOURCE")]
    pub basemap: Option<String>,

    /// Render N frames (half panning and zooming, half flying to every place in turn), print
    /// frame-time statistics and the longest a visible tile stayed blank, and exit. Starts once
    /// the opening view is complete. Run it under /usr/bin/time for peak memory.
    #[arg(long, value_name = "N")]
    pub bench_frames: Option<usize>,

    /// Start without the state saved by the previous run.
    #[arg(long)]
    pub fresh: bool,
}

/// `--dates`: two ISO dates joined by `..`, as day numbers.
fn parse_dates(text: &str) -> Result<[i32; 2], String> {
    let (from, to) = text
        .split_once("..")
        .ok_or_else(|| format!("{text:?}: expected FROM..TO, e.g. 2019-04-20..2019-04-30"))?;
    let day = |date: &str| {
        crate::collection::timeline::day_number(date.trim())
            .ok_or_else(|| format!("{date:?} is not a date: write it as 2019-04-25"))
    };
    let (from, to) = (day(from)?, day(to)?);
    Ok([from.min(to), from.max(to)])
}

fn parse_size(text: &str) -> Result<[f32; 2], String> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("expected WIDTHxHEIGHT, e.g. 1280x800, not {text:?}"))?;
    let parse = |s: &str| {
        s.trim()
            .parse::<f32>()
            .ok()
            .filter(|v| (100.0..=10_000.0).contains(v))
            .ok_or_else(|| format!("{s:?} is not a size between 100 and 10000"))
    };
    Ok([parse(w)?, parse(h)?])
}

/// Key of the app's own entry in eframe's storage.
const STORAGE_KEY: &str = "article-map-state";

/// What survives a restart, besides egui's own memory (panel widths).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Persisted {
    /// Format version; other versions are ignored.
    pub version: u32,
    /// The story that was open, as a path.
    pub story: String,
    /// The selected place's id.
    pub selected: Option<String>,
    /// The map's view.
    pub view: Option<View>,
    /// Dark theme.
    pub dark: bool,
}

const PERSISTED_VERSION: u32 = 1;

impl Persisted {
    /// Parses saved state; `None`, with a log line, if it is corrupt or from another version.
    pub fn parse(text: &str) -> Option<Persisted> {
        match serde_json::from_str::<Persisted>(text) {
            Ok(p) if p.version == PERSISTED_VERSION => Some(p),
            Ok(p) => {
                log::warn!("ignoring saved state of version {}", p.version);
                None
            }
            Err(err) => {
                log::warn!("ignoring corrupt saved state: {err}");
                None
            }
        }
    }
}

/// Screenshot mode: wait for the map to settle, save a PNG, quit.
struct ScreenshotJob {
    path: PathBuf,
    settled_frames: u32,
    requested: bool,
    image: Arc<Mutex<Option<Arc<egui::ColorImage>>>>,
    started: Instant,
}

/// Frame-time benchmark mode: for N frames, first pan and zoom, then fly to every place in
/// turn; then print statistics and quit.
struct BenchJob {
    frames: usize,
    times_ms: Vec<f64>,
    start_view: Option<View>,
    /// Second half: the places flown to so far, and frames since the last jump.
    flights: usize,
    frames_since_jump: usize,
    /// The longest a visible tile stayed a hole, in frames: while panning, while flying.
    longest_blank_frames: [u32; 2],
}

/// The app: its state, its map, and the modes it may run in.
pub struct ArticleMapApp {
    /// Selection, search, tour, notices.
    pub state: AppState,
    /// The map's camera, tiles and markers.
    pub map: MapView,
    story_path: Option<PathBuf>,
    screenshot: Option<ScreenshotJob>,
    bench: Option<BenchJob>,
    launched: Instant,
    first_complete_frame: Option<f64>,
    applied_dark: Option<bool>,
    fonts_installed: bool,
    show_about: bool,
    show_open: bool,
    open_path: String,
    pmtiles_path: Option<PathBuf>,
    save: SaveDialog,
    paste: PasteDialog,
    window_title: Option<String>,
    /// What the probe file last said (`ARTICLE_MAP_PROBE`).
    last_probe: String,
    /// The collection being read, if one is.
    loading: Option<loading::Loading>,
    /// What the last run saved, to restore once the collection it was about is read.
    pending_restore: Option<Persisted>,
    /// `--select` and `--zoom`, to apply once the collection is read.
    pending_select: Option<(String, Option<f64>)>,
    /// `--dates`, to apply once the collection is read.
    pending_dates: Option<[i32; 2]>,
    /// A big collection's articles are shown as they are read.
    previewing: bool,
    /// "Save collection" asked whether to replace the `collection.json` there.
    confirm_save_collection: bool,
    /// The timeline's play control and drag.
    timeline: timeline_panel::TimelineState,
    /// The window's context, for the loader thread to wake it.
    repaint: Arc<std::sync::OnceLock<egui::Context>>,
    /// The platform's file dialog, while it is open.
    dialog: Option<dialog::Dialog>,
}

/// The "Paste an article" window's state.
#[derive(Default)]
struct PasteDialog {
    open: bool,
    text: String,
}

/// The "Save story as" window's state.
#[derive(Default)]
struct SaveDialog {
    open: bool,
    folder: String,
    confirm_overwrite: bool,
}

impl ArticleMapApp {
    /// An app on `story` (or on an error message and an empty map), without a window: the
    /// UI tests drive it with egui_kittest. Tiles are a plain background unless
    /// `tiles` is given.
    pub fn new(
        story: Result<Story, String>,
        story_path: Option<PathBuf>,
        tiles: Option<RenderedTiles>,
        attribution: String,
    ) -> ArticleMapApp {
        let (story, error) = match story {
            Ok(story) => (story, None),
            Err(message) => (empty_story(), Some(message)),
        };
        let mut state = AppState::new(story);
        if let Some(message) = error {
            state.notify(true, message);
        }
        let map = MapView::new(
            View {
                center_lon_lat: [120.0, 35.0],
                zoom: 3.0,
            },
            tiles,
            attribution,
        );
        ArticleMapApp {
            state,
            map,
            story_path,
            screenshot: None,
            bench: None,
            launched: Instant::now(),
            first_complete_frame: None,
            applied_dark: None,
            fonts_installed: false,
            show_about: false,
            show_open: false,
            open_path: String::new(),
            pmtiles_path: None,
            save: SaveDialog::default(),
            paste: PasteDialog::default(),
            window_title: None,
            last_probe: String::new(),
            loading: None,
            pending_restore: None,
            pending_select: None,
            pending_dates: None,
            previewing: false,
            confirm_save_collection: false,
            timeline: timeline_panel::TimelineState::default(),
            repaint: Arc::new(std::sync::OnceLock::new()),
            dialog: None,
        }
    }

    /// Restores what a previous run saved, if it was about the same story.
    pub fn restore(&mut self, saved: Persisted) {
        self.state.dark = saved.dark;
        if self.loading.is_some() {
            self.pending_restore = Some(saved);
            return;
        }
        if Some(saved.story.as_str()) != self.story_path_key().as_deref() {
            return;
        }
        if let Some(id) = &saved.selected
            && let Some(index) = self.state.collection.place_index(id)
        {
            self.state.select(index);
        }
        if let Some(view) = saved.view {
            self.state.camera_request = None;
            self.map.jump_to(view);
        }
    }

    /// What to save for the next run.
    pub fn persisted(&self) -> Persisted {
        Persisted {
            version: PERSISTED_VERSION,
            story: self.story_path_key().unwrap_or_default(),
            selected: self.state.selected_place().map(|p| p.id.clone()),
            view: Some(self.map.view()),
            dark: self.state.dark,
        }
    }

    fn story_path_key(&self) -> Option<String> {
        self.story_path.as_ref().map(|p| {
            std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .display()
                .to_string()
        })
    }

    /// Opens another story or collection in place of the current one. A bad one leaves the
    /// current story open and shows the error.
    pub fn open_story(&mut self, path: &Path) {
        self.open_paths(&[path.to_owned()]);
    }

    /// Opens what `paths` are: a story (at once), or a collection (read on worker threads
    /// while the window shows its progress; the current story stays until it is read).
    pub fn open_paths(&mut self, paths: &[PathBuf]) {
        use crate::collection::load::{Opened, open};
        match open(paths) {
            Ok(Opened::Collection(plan)) => {
                if let Some(old) = self.loading.take() {
                    old.cancel();
                }
                let path = match paths {
                    [one] => Some(one.clone()),
                    _ => None,
                };
                let wake = self.repaint.clone();
                self.state.opening = Some(plan.title.clone());
                self.loading = Some(loading::Loading::start(plan, path, move || {
                    if let Some(ctx) = wake.get() {
                        ctx.request_repaint_after(std::time::Duration::from_millis(40));
                    }
                }));
            }
            Ok(Opened::Story(path)) => match Story::load(&path) {
                Ok(story) => self.show_story(story, Some(path)),
                Err(err) => self.state.notify(true, err.to_string()),
            },
            Err(err) => self.state.notify(true, err.to_string()),
        }
    }

    /// Waits until the collection being read is shown (tests, and the start of a
    /// screenshot or benchmark).
    pub fn wait_for_loading(&mut self) {
        if let Some(loading) = &self.loading {
            let outcome = loading.wait();
            self.finish_loading(outcome);
        }
    }

    /// Whether a collection is still being read (its first articles may be shown already).
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// Shows the articles of a big collection as they are read, and the whole collection
    /// once it is.
    fn poll_loading(&mut self) {
        let Some(loading) = &self.loading else {
            return;
        };
        let batch = loading.take_previews();
        let title = loading.title.clone();
        if !batch.is_empty() {
            let first = !self.previewing;
            if first {
                self.show_collection(
                    crate::collection::Collection::new(title.clone(), None),
                    None,
                );
                self.state.opening = Some(title);
                self.previewing = true;
            }
            for article in batch {
                self.state.collection.push(article);
            }
            self.state.refilter();
            if first {
                self.state.camera_request = Some(CameraRequest::Opening);
            }
        }
        let Some(outcome) = self.loading.as_ref().and_then(|l| l.poll()) else {
            return;
        };
        self.finish_loading(outcome);
    }

    fn finish_loading(&mut self, outcome: loading::Outcome) {
        let Some(loading) = self.loading.take() else {
            return;
        };
        self.state.opening = None;
        let previewed = std::mem::take(&mut self.previewing);
        match outcome {
            Ok(Some(collection)) if collection.articles.iter().all(|a| a.problem.is_some()) => {
                let reason = collection
                    .articles
                    .iter()
                    .find_map(|a| a.problem.clone())
                    .unwrap_or_default();
                self.state.notify(
                    true,
                    format!(
                        "{}: none of its {} articles could be read (the first: {reason})",
                        loading.title,
                        collection.articles.len()
                    ),
                );
            }
            Ok(Some(collection)) => {
                log::info!(
                    "{}: {} articles read in {:.0} ms",
                    loading.title,
                    collection.articles.len(),
                    loading.started.elapsed().as_secs_f64() * 1000.0
                );
                // What the reader did with the articles shown while the rest were read stays.
                let kept = previewed.then(|| {
                    let state = &self.state;
                    (
                        state.selected_place().map(|p| p.id.clone()),
                        state
                            .article_filter
                            .and_then(|a| state.collection.articles.get(a))
                            .map(|a| a.id.clone()),
                        state.time_range,
                        state.tab,
                        state.search.clone(),
                        state.collection.corrections.clone(),
                    )
                });
                self.show_collection(collection, loading.path);
                if let Some((selected, filter, range, tab, search, corrections)) = kept {
                    // Corrections made while the rest were read apply to every article now.
                    if !corrections.is_empty() {
                        let unused = self.state.collection.apply_corrections(corrections);
                        if !unused.is_empty() {
                            log::warn!("{} corrections found no name to apply to", unused.len());
                        }
                        self.state.edited = true;
                        self.state.refilter();
                    }
                    self.state.camera_request = None;
                    self.state.search = search;
                    self.state.set_time_range(range);
                    if let Some(article) = filter.and_then(|id| {
                        self.state
                            .collection
                            .articles
                            .iter()
                            .position(|a| a.id == id)
                    }) {
                        self.state.toggle_article(article);
                    }
                    if let Some(place) =
                        selected.and_then(|id| self.state.collection.place_index(&id))
                    {
                        self.state.select(place);
                    }
                    self.state.tab = tab;
                }
                if let Some(saved) = self.pending_restore.take() {
                    self.restore(saved);
                }
                if let Some(range) = self.pending_dates.take() {
                    self.state.set_time_range(Some(range));
                }
                if let Some((id, zoom)) = self.pending_select.take() {
                    self.select_by_id(&id, zoom);
                }
            }
            Ok(None) if previewed => {
                let shown = self.state.collection.articles.len();
                self.state.notify(
                    false,
                    format!(
                        "{}: opening cancelled; showing the {shown} articles read by then",
                        loading.title
                    ),
                );
            }
            Ok(None) => self
                .state
                .notify(false, format!("{}: opening cancelled", loading.title)),
            Err(message) => self.state.notify(true, message),
        }
    }

    /// Selects the place with id `id` (`--select`), and jumps to it at `zoom` if given.
    pub fn select_by_id(&mut self, id: &str, zoom: Option<f64>) {
        if self.loading.is_some() {
            self.pending_select = Some((id.to_owned(), zoom));
            return;
        }
        match self.state.collection.place_index(id) {
            Some(index) => {
                // In a collection the opening view is the world: go to the place, as a click
                // on it in the list does.
                if zoom.is_none() && self.state.is_collection() {
                    self.state.select_and_fly(index);
                } else {
                    self.state.select(index);
                }
                if let (Some(zoom), Some(place)) = (zoom, self.state.place(index)) {
                    let center_lon_lat = place.lon_lat();
                    self.state.camera_request = None;
                    self.map.jump_to(View {
                        center_lon_lat,
                        zoom,
                    });
                }
            }
            None => self
                .state
                .notify(true, format!("--select {id}: no place has this id")),
        }
    }

    /// Replaces the story shown (and the selection, search and tour with it); the theme stays.
    fn show_story(&mut self, story: Story, path: Option<PathBuf>) {
        self.show_collection(crate::collection::Collection::of_story(story), path);
    }

    /// Replaces what is shown by `collection`; the theme stays.
    fn show_collection(
        &mut self,
        collection: crate::collection::Collection,
        path: Option<PathBuf>,
    ) {
        let dark = self.state.dark;
        self.state = AppState::of_collection(collection);
        self.state.dark = dark;
        self.story_path = path;
        self.map.clusters = None;
        self.timeline = timeline_panel::TimelineState::default();
        self.confirm_save_collection = false;
    }

    /// Geoparses pasted `text` and shows its places, as for an opened article. Empty or
    /// over-long text is refused with a notice, and the current story stays.
    pub fn open_text(&mut self, text: String) {
        if text.trim().is_empty() {
            self.state.notify(
                true,
                "The pasted text is empty: paste an article's text first.",
            );
            return;
        }
        if text.len() as u64 > crate::story::MAX_ARTICLE_BYTES {
            self.state.notify(
                true,
                "The pasted text is over 64 MiB: paste a shorter article.",
            );
            return;
        }
        match crate::story::geoparsed::bundled_gazetteer() {
            Ok(gazetteer) => {
                let story = Story::geoparse(Path::new("Pasted article"), text, gazetteer);
                self.show_story(story, None);
            }
            Err(err) => self.state.notify(true, err.to_string()),
        }
    }

    /// Loads the bundled basemap from `dir` and renders its tiles on two worker threads.
    /// If it cannot be loaded, the map shows a plain background and a notice says why.
    pub fn use_basemap(&mut self, ctx: &egui::Context, dir: &Path) {
        let renderer: Arc<dyn crate::map::tiles::TileRenderer> = match Basemap::load(dir) {
            Ok(basemap) => {
                let basemap = Arc::new(basemap);
                self.map.labels = basemap.labels().to_vec();
                self.map.attribution = crate::map::basemap::ATTRIBUTION.to_owned();
                self.map.basemap = Some(basemap.clone());
                basemap
            }
            Err(err) => {
                self.map.labels.clear();
                self.map.basemap = None;
                self.map.attribution.clear();
                self.state.notify(true, err.to_string());
                Arc::new(PlainBackground)
            }
        };
        self.map.tiles = Some(RenderedTiles::new(ctx.clone(), renderer, "", 2));
    }

    /// Switches the map to `choice`; a source that cannot open leaves the bundled map and
    /// says why.
    pub fn set_basemap(&mut self, ctx: &egui::Context, choice: BasemapChoice) {
        self.map.overlay = None;
        if choice == BasemapChoice::Bundled {
            return;
        }
        if let BasemapChoice::PmTiles(path) = &choice {
            self.pmtiles_path = Some(path.clone());
        }
        match Overlay::open(choice, ctx) {
            Ok(overlay) => self.map.overlay = Some(overlay),
            Err(message) => self.state.notify(true, message),
        }
    }

    /// One frame of the whole window.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let frame_start = Instant::now();
        let ctx = ui.ctx().clone();
        let _ = self.repaint.set(ctx.clone());
        log::trace!("repaint causes: {:?}", ctx.repaint_causes());
        self.poll_loading();
        if !self.fonts_installed {
            style::install_fonts(&ctx);
            self.fonts_installed = true;
        }
        if self.applied_dark != Some(self.state.dark) {
            style::apply_theme(&ctx, self.state.dark);
            self.applied_dark = Some(self.state.dark);
        }
        self.drive_bench(&ctx);
        self.state.hovered = None;
        self.keyboard(&ctx);

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::left("places")
            .resizable(true)
            .default_size(230.0)
            .size_range(170.0..=420.0)
            .show(ui, |ui| places_panel::places_panel_ui(ui, &mut self.state));
        egui::Panel::right("reading")
            .resizable(true)
            .default_size(420.0)
            .size_range(280.0..=720.0)
            .show(ui, |ui| {
                reading_panel::reading_panel_ui(ui, &mut self.state)
            });
        if self.state.is_collection()
            && self
                .state
                .collection
                .articles
                .iter()
                .any(|a| a.day.is_some())
        {
            egui::Panel::bottom("timeline")
                .resizable(false)
                .exact_size(timeline_panel::HEIGHT)
                .show(ui, |ui| {
                    timeline_panel::timeline_panel_ui(ui, &mut self.state, &mut self.timeline)
                });
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            map_panel::map_panel_ui(ui, &mut self.state, &mut self.map);
        });
        self.loading_window(&ctx);
        self.about_window(&ctx);
        self.save_window(&ctx);
        self.open_window(&ctx);
        self.confirm_save_window(&ctx);
        self.paste_window(&ctx);

        let settled = self.map.flight.is_none()
            && self.loading.is_none()
            && self.state.camera_request.is_none()
            && self.map.tiles_pending() == 0;
        if settled && self.first_complete_frame.is_none() {
            let seconds = self.launched.elapsed().as_secs_f64();
            self.first_complete_frame = Some(seconds);
            log::info!("first complete frame after {:.0} ms", seconds * 1000.0);
        }
        self.drive_screenshot(&ctx, settled);
        let mut last_probe = std::mem::take(&mut self.last_probe);
        probe::write(&ctx, self, &mut last_probe);
        self.last_probe = last_probe;
        if let Some(bench) = &mut self.bench
            && bench.start_view.is_some()
        {
            bench
                .times_ms
                .push(frame_start.elapsed().as_secs_f64() * 1000.0);
        }
    }

    fn keyboard(&mut self, ctx: &egui::Context) {
        use egui::Key;
        let typing = ctx.egui_wants_keyboard_input();
        ctx.input_mut(|input| {
            if input.consume_key(egui::Modifiers::NONE, Key::Escape) {
                self.state.clear_selection();
            }
            if typing {
                return;
            }
            // Text pasted outside a text field is an article to map: it opens in the paste
            // window, to be checked before its places are found.
            let pasted = input.events.iter().find_map(|event| match event {
                egui::Event::Paste(text) if !text.trim().is_empty() => Some(text.clone()),
                _ => None,
            });
            if let Some(text) = pasted {
                self.paste.text = text;
                self.paste.open = true;
            }
            if input.consume_key(egui::Modifiers::NONE, Key::F) {
                self.state.camera_request = Some(CameraRequest::FitAll);
            }
            if input.consume_key(egui::Modifiers::NONE, Key::Plus)
                || input.consume_key(egui::Modifiers::NONE, Key::Equals)
                || input.consume_key(egui::Modifiers::SHIFT, Key::Equals)
            {
                self.state.camera_request = Some(CameraRequest::ZoomBy(1.0));
            }
            if input.consume_key(egui::Modifiers::NONE, Key::Minus) {
                self.state.camera_request = Some(CameraRequest::ZoomBy(-1.0));
            }
            if input.consume_key(egui::Modifiers::NONE, Key::ArrowRight) {
                self.state.tour_step(1);
            }
            if input.consume_key(egui::Modifiers::NONE, Key::ArrowLeft) {
                self.state.tour_step(-1);
            }
        });
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("Open story or article…").clicked() {
                    self.open_dialog(false);
                    ui.close();
                }
                if ui.button("Open folder of articles…").clicked() {
                    self.open_dialog(true);
                    ui.close();
                }
                if ui.button("Paste an article…").clicked() {
                    self.paste.open = true;
                    ui.close();
                }
                if self.state.is_collection() {
                    let can_save =
                        self.state.collection.folder.is_some() && self.loading.is_none();
                    if ui
                        .add_enabled(can_save, egui::Button::new("Save collection"))
                        .on_hover_text("Write collection.json beside the articles: their checksums, places and your corrections")
                        .on_disabled_hover_text("Only a collection opened as a folder can be saved")
                        .clicked()
                    {
                        self.save_collection(false);
                        ui.close();
                    }
                } else if ui.button("Save story as…").clicked() {
                    self.save.open = true;
                    ui.close();
                }
                if ui.button("Open the bundled story").clicked() {
                    self.open_story(&crate::story::bundled_story());
                    ui.close();
                }
                ui.separator();
                if ui.button("Quit").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("View", |ui| {
                if ui.button("Fit all places   F").clicked() {
                    self.state.camera_request = Some(CameraRequest::FitAll);
                    ui.close();
                }
                if ui.checkbox(&mut self.state.dark, "Dark theme").changed() {
                    ui.close();
                }
                ui.separator();
                ui.label(egui::RichText::new("Basemap").weak());
                let current = self
                    .map
                    .overlay
                    .as_ref()
                    .map_or(BasemapChoice::Bundled, |o| o.choice.clone());
                let mut choices = vec![BasemapChoice::Bundled, BasemapChoice::OpenStreetMap];
                if let Some(path) = &self.pmtiles_path {
                    choices.push(BasemapChoice::PmTiles(path.clone()));
                }
                for choice in choices {
                    if ui.radio(current == choice, choice.label()).clicked() {
                        self.set_basemap(ui.ctx(), choice);
                        ui.close();
                    }
                }
            });
            ui.menu_button("Help", |ui| {
                if ui.button("About and data sources").clicked() {
                    self.show_about = true;
                    ui.close();
                }
            });
            ui.separator();
            ui.label(egui::RichText::new(self.state.title()).strong());
            if self.state.is_collection() {
                ui.weak(format!(
                    "{} articles · {} places",
                    self.state.collection.articles.len(),
                    self.state.collection.places.len()
                ));
            }
        });
    }

    fn about_window(&mut self, ctx: &egui::Context) {
        egui::Window::new("About Article Map")
            .open(&mut self.show_about)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label("Article Map puts the places of a news article on a map.");
                ui.add_space(6.0);
                ui.label(egui::RichText::new("Keys").strong());
                ui.label("Click a marker or a name: select · Esc: clear · F: fit all · + and −: zoom · Left and Right arrows: tour the mentions");
                ui.add_space(6.0);
                ui.label(egui::RichText::new("Data").strong());
                ui.label(crate::ATTRIBUTION);
            });
    }

    fn paste_window(&mut self, ctx: &egui::Context) {
        let mut open = self.paste.open;
        let mut submit = false;
        egui::Window::new("Paste an article")
            .open(&mut open)
            .collapsible(false)
            .default_width(560.0)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .show(ctx, |ui| {
                let text = &mut self.paste.text;
                ui.label("Paste the text of a news article; its places are found offline.");
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .show(ui, |ui| {
                        ui.add(
                            egui::TextEdit::multiline(text)
                                .desired_width(f32::INFINITY)
                                .desired_rows(14)
                                .hint_text("Headline\n\nThe article's text…"),
                        );
                    });
                ui.horizontal(|ui| {
                    let has_text = !text.trim().is_empty();
                    submit = ui
                        .add_enabled(has_text, egui::Button::new("Find its places"))
                        .clicked();
                    if ui.button("Clear").clicked() {
                        text.clear();
                    }
                });
            });
        self.paste.open = open && !submit;
        if submit {
            let text = std::mem::take(&mut self.paste.text);
            self.open_text(text);
        }
    }

    fn save_window(&mut self, ctx: &egui::Context) {
        let mut open = self.save.open;
        let mut save_with = None;
        egui::Window::new("Save story as")
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label("A folder for the article and its places.json:");
                if ui
                    .add(
                        egui::TextEdit::singleline(&mut self.save.folder)
                            .desired_width(360.0)
                            .hint_text("path/to/new-story"),
                    )
                    .changed()
                {
                    self.save.confirm_overwrite = false;
                }
                if self.save.confirm_overwrite {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        "That folder already holds a story. Replace it? The old files are kept as .bak.",
                    );
                    if ui.button("Replace").clicked() {
                        save_with = Some(true);
                    }
                } else if ui.button("Save").clicked() {
                    save_with = Some(false);
                }
            });
        self.save.open = open;
        let Some(overwrite) = save_with else {
            return;
        };
        let folder = PathBuf::from(self.save.folder.trim());
        match self.state.story().save_as(&folder, overwrite) {
            Ok(places) => {
                self.state
                    .notify(false, format!("Saved {}", places.display()));
                self.state.edited = false;
                self.story_path = Some(folder);
                self.save = SaveDialog::default();
            }
            Err(crate::story::StoryError::WouldOverwrite { .. }) => {
                self.save.confirm_overwrite = true;
            }
            Err(err) => self.state.notify(true, err.to_string()),
        }
    }

    /// File → Open and Open folder: the platform's dialog, or the path field where there
    /// is none.
    fn open_dialog(&mut self, folder: bool) {
        let pick = if folder {
            dialog::Pick::Folder
        } else {
            dialog::Pick::Files
        };
        let start_in = self.story_path.as_ref().and_then(|p| {
            if p.is_dir() {
                Some(p.clone())
            } else {
                p.parent().map(Path::to_owned)
            }
        });
        self.dialog = dialog::Dialog::open(pick, start_in);
        if self.dialog.is_none() {
            self.show_open = true;
        }
    }

    /// The progress of a collection being read, with Cancel.
    fn loading_window(&mut self, ctx: &egui::Context) {
        let Some(loading) = &self.loading else {
            return;
        };
        let (done, total) = (loading.done(), loading.total.max(1));
        let mut cancel = false;
        egui::Window::new("Opening")
            .title_bar(false)
            .resizable(false)
            .collapsible(false)
            .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
            .show(ctx, |ui| {
                ui.set_width(360.0);
                ui.label(egui::RichText::new(format!("Opening {}", loading.title)).strong());
                ui.add(
                    egui::ProgressBar::new(done as f32 / total as f32).text(format!(
                        "{done} of {} files read and geoparsed",
                        loading.total
                    )),
                );
                let story_open = !self.state.story().text.is_empty() && !self.previewing;
                ui.horizontal(|ui| {
                    if story_open {
                        ui.weak("The open story stays until this one is read.");
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        cancel = ui
                            .add_enabled(!loading.cancelled(), egui::Button::new("Cancel"))
                            .clicked();
                    });
                });
            });
        if cancel {
            loading.cancel();
        }
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
    }

    /// File → Save collection: `collection.json` beside the articles, asking before it
    /// replaces one (the old one is kept as `.bak`).
    pub fn save_collection(&mut self, overwrite: bool) {
        match crate::collection::saved::save(&self.state.collection, overwrite) {
            Ok(path) => {
                self.state
                    .notify(false, format!("Saved {}", path.display()));
                self.state.edited = false;
                self.confirm_save_collection = false;
            }
            Err(crate::story::StoryError::WouldOverwrite { .. }) => {
                self.confirm_save_collection = true;
            }
            Err(err) => self.state.notify(true, err.to_string()),
        }
    }

    /// Asks whether to replace the `collection.json` that is there.
    fn confirm_save_window(&mut self, ctx: &egui::Context) {
        if !self.confirm_save_collection {
            return;
        }
        let mut open = true;
        let mut replace = false;
        egui::Window::new("Replace collection.json?")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(
                    "This folder already holds a collection.json. Replace it? The old one is kept as collection.json.bak.",
                );
                replace = ui.button("Replace").clicked();
            });
        if replace {
            self.save_collection(true);
        } else if !open {
            self.confirm_save_collection = false;
        }
    }

    fn open_window(&mut self, ctx: &egui::Context) {
        if let Some(dialog) = &self.dialog {
            match dialog.poll() {
                dialog::Answer::Waiting => {
                    ctx.request_repaint_after(std::time::Duration::from_millis(100))
                }
                dialog::Answer::Chosen(paths) => {
                    self.dialog = None;
                    self.open_paths(&paths);
                }
                dialog::Answer::Cancelled => self.dialog = None,
                dialog::Answer::Unavailable => {
                    self.dialog = None;
                    self.show_open = true;
                }
            }
        }
        let mut open = self.show_open;
        let mut chosen = None;
        egui::Window::new("Open a story")
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(
                    "A story folder, a places.json, or an article: text, Markdown, a web page, \
                     a PDF, a Word file (.docx) or a feed:",
                );
                let edit = ui.add(
                    egui::TextEdit::singleline(&mut self.open_path)
                        .desired_width(360.0)
                        .hint_text("path/to/story"),
                );
                let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button("Open").clicked() || enter {
                    chosen = Some(PathBuf::from(self.open_path.trim()));
                }
            });
        self.show_open = open;
        if let Some(path) = chosen {
            self.show_open = false;
            self.open_story(&path);
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if !dropped.is_empty() {
            self.open_paths(&dropped);
        }
    }

    fn drive_screenshot(&mut self, ctx: &egui::Context, settled: bool) {
        let Some(job) = &mut self.screenshot else {
            return;
        };
        let taken = job.image.lock().ok().and_then(|mut slot| slot.take());
        if let Some(image) = taken {
            match save_png(&job.path, &image) {
                Ok(()) => log::info!("saved {}", job.path.display()),
                Err(err) => eprintln!(
                    "error: {}: cannot save the screenshot: {err}",
                    job.path.display()
                ),
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        if job.requested {
            ctx.request_repaint();
            return;
        }
        let timed_out = job.started.elapsed().as_secs() > 30;
        job.settled_frames = if settled { job.settled_frames + 1 } else { 0 };
        if job.settled_frames >= 4 || timed_out {
            job.requested = true;
            let slot = Arc::clone(&job.image);
            let repaint = ctx.clone();
            ctx.request_screenshot(move |image| {
                if let Ok(mut slot) = slot.lock() {
                    *slot = Some(image);
                }
                repaint.request_repaint();
            });
        }
        ctx.request_repaint();
    }

    fn drive_bench(&mut self, ctx: &egui::Context) {
        let Some(bench) = &mut self.bench else {
            return;
        };
        // Every frame of the benchmark moves the map, whether or not tiles are still coming.
        ctx.request_repaint();
        // It starts once the opening view is complete, so that launch is not counted as holes.
        if self.first_complete_frame.is_none() {
            return;
        }
        let start = match bench.start_view {
            Some(view) => view,
            None => {
                if let Some(tiles) = self.map.tiles.as_mut() {
                    tiles.reset_blank_frames();
                }
                *bench.start_view.insert(self.map.view())
            }
        };
        let frame = bench.times_ms.len();
        let longest_blank = self
            .map
            .tiles
            .as_ref()
            .map_or(0, |tiles| tiles.longest_blank_frames());
        if frame == bench.frames / 2 {
            bench.longest_blank_frames[0] = longest_blank;
            if let Some(tiles) = self.map.tiles.as_mut() {
                tiles.reset_blank_frames();
            }
        }
        if frame >= bench.frames {
            bench.longest_blank_frames[1] = longest_blank;
            print_bench(bench, self.first_complete_frame);
            self.bench = None;
            std::process::exit(0);
        }
        if frame < bench.frames / 2 {
            // First half: pan in a circle and zoom in and out by a level, as a user
            // exploring would.
            let t = frame as f64 / 60.0;
            let radius_deg = 2.0 / 2f64.powf(start.zoom - 5.0);
            self.map.jump_to(View {
                center_lon_lat: [
                    start.center_lon_lat[0] + radius_deg * t.cos(),
                    start.center_lon_lat[1] + radius_deg * 0.6 * t.sin(),
                ],
                zoom: start.zoom + (t * 0.7).sin(),
            });
            return;
        }
        // Second half: fly to every place in turn, each once its tiles are in.
        let landed = self.map.flight.is_none()
            && self.state.camera_request.is_none()
            && (self.map.tiles_pending() == 0 || bench.frames_since_jump > 120);
        bench.frames_since_jump += 1;
        let places = self.state.collection.places.len();
        if landed && places > 0 {
            self.state.select_and_fly(bench.flights % places);
            bench.flights += 1;
            bench.frames_since_jump = 0;
        }
    }
}

fn print_bench(bench: &BenchJob, first_complete: Option<f64>) {
    let mut sorted = bench.times_ms.clone();
    sorted.sort_by(f64::total_cmp);
    let at = |q: f64| {
        sorted
            .get(((sorted.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    println!(
        "frames: {}  ui time per frame: median {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        sorted.len(),
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0)
    );
    if let Some(seconds) = first_complete {
        println!(
            "first complete frame: {:.0} ms after launch",
            seconds * 1000.0
        );
    }
    println!("flights to places: {}", bench.flights);
    let [panning, flying] = bench.longest_blank_frames;
    println!(
        "longest a visible tile stayed blank (no tile, no ancestor): {panning} frames while panning and zooming, {flying} while flying"
    );
}

fn save_png(path: &Path, image: &egui::ColorImage) -> anyhow::Result<()> {
    let [w, h] = image.size;
    let mut bytes = Vec::with_capacity(w * h * 4);
    for pixel in &image.pixels {
        bytes.extend_from_slice(&pixel.to_srgba_unmultiplied());
    }
    let buffer = image::RgbaImage::from_raw(w as u32, h as u32, bytes)
        .ok_or_else(|| anyhow::anyhow!("the screenshot has the wrong size"))?;
    let mut png = Vec::new();
    buffer.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)?;
    crate::io::write_atomically(path, &png)?;
    Ok(())
}

fn empty_story() -> Story {
    Story::new(
        "No story".to_owned(),
        PathBuf::new(),
        String::new(),
        Vec::new(),
    )
}

impl eframe::App for ArticleMapApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        ArticleMapApp::ui(self, ui);
        let title = format!("Article Map — {}", self.state.title());
        // Sending a viewport command asks for a repaint, so only send a changed title.
        if self.window_title.as_ref() != Some(&title) {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = Some(title);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        match serde_json::to_string(&self.persisted()) {
            Ok(json) => storage.set_string(STORAGE_KEY, json),
            Err(err) => log::warn!("cannot save the app state: {err}"),
        }
    }
}

/// Opens the window. Called by `main` when no subcommand is given.
pub fn run(args: AppArgs) -> anyhow::Result<()> {
    let launched = Instant::now();
    let story_path = args
        .story
        .clone()
        .unwrap_or_else(crate::story::bundled_story);
    let is_collection = matches!(
        crate::collection::load::open(std::slice::from_ref(&story_path)),
        Ok(crate::collection::load::Opened::Collection(_))
    );
    let story = if is_collection {
        Ok(empty_story())
    } else {
        Story::load(&story_path).map_err(|err| err.to_string())
    };
    let size = args.size.unwrap_or([1280.0, 800.0]);
    let title = match &story {
        Ok(story) => format!("Article Map — {}", story.title),
        Err(_) => "Article Map".to_owned(),
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(title)
            .with_inner_size(size)
            .with_min_inner_size([720.0, 480.0]),
        persist_window: args.screenshot.is_none() && args.bench_frames.is_none(),
        ..Default::default()
    };
    let result = eframe::run_native(
        "article-map",
        options,
        Box::new(move |cc| {
            let mut app = ArticleMapApp::new(story, Some(story_path.clone()), None, String::new());
            app.use_basemap(&cc.egui_ctx, &crate::map::basemap::bundled_dir());
            if is_collection {
                let _ = app.repaint.set(cc.egui_ctx.clone());
                app.open_paths(std::slice::from_ref(&story_path));
            }
            app.launched = launched;
            let fresh = args.fresh || args.screenshot.is_some() || args.bench_frames.is_some();
            if !fresh
                && let Some(saved) = cc
                    .storage
                    .and_then(|s| s.get_string(STORAGE_KEY))
                    .and_then(|text| Persisted::parse(&text))
            {
                app.restore(saved);
            }
            if args.dark {
                app.state.dark = true;
            }
            if let Some(name) = &args.basemap {
                match BasemapChoice::parse(name) {
                    Ok(choice) => app.set_basemap(&cc.egui_ctx, choice),
                    Err(message) => app.state.notify(true, format!("--basemap: {message}")),
                }
            }
            if let Some(range) = args.dates {
                if app.loading.is_some() {
                    app.pending_dates = Some(range);
                } else {
                    app.state.set_time_range(Some(range));
                }
            }
            if let Some(id) = &args.select {
                app.select_by_id(id, args.zoom);
            }
            if let Some(path) = &args.screenshot {
                app.screenshot = Some(ScreenshotJob {
                    path: path.clone(),
                    settled_frames: 0,
                    requested: false,
                    image: Arc::new(Mutex::new(None)),
                    started: Instant::now(),
                });
            }
            if let Some(frames) = args.bench_frames {
                app.bench = Some(BenchJob {
                    frames,
                    times_ms: Vec::with_capacity(frames),
                    start_view: None,
                    flights: 0,
                    frames_since_jump: 0,
                    longest_blank_frames: [0, 0],
                });
            }
            Ok(Box::new(app))
        }),
    );
    result.map_err(|err| anyhow::anyhow!("cannot open the window: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_as_width_by_height() {
        assert_eq!(parse_size("1280x800"), Ok([1280.0, 800.0]));
        assert!(parse_size("1280").is_err());
        assert!(parse_size("0x800").is_err());
    }

    #[test]
    fn corrupt_or_old_saved_state_is_ignored() {
        assert!(Persisted::parse("{not json").is_none());
        assert!(
            Persisted::parse(
                r#"{"version": 0, "story": "", "selected": null, "view": null, "dark": false}"#
            )
            .is_none()
        );
        let ok = Persisted::parse(
            r#"{"version": 1, "story": "s", "selected": "hasan", "view": {"center_lon_lat": [1.0, 2.0], "zoom": 5.0}, "dark": true}"#,
        );
        assert!(ok.is_some_and(|p| p.dark && p.selected.as_deref() == Some("hasan")));
    }
}
