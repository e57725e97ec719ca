//! The app as a reader uses it, driven headless with egui_kittest: widgets are found by
//! their labels through AccessKit, and the map is clicked at a place's projected position.

use article_map::app::{ArticleMapApp, ReadingTab};
use article_map::story::Story;
use egui::accesskit::Role;
use egui::{Event, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

fn app() -> ArticleMapApp {
    let path = article_map::cli::bundled_story();
    let story = Story::load(&path).map_err(|e| e.to_string());
    ArticleMapApp::new(story, Some(path), None, String::new())
}

fn harness() -> Harness<'static, ArticleMapApp> {
    harness_of(app(), 64)
}

/// A 1280×800 window on `app`, run until it settles (at most `max_steps` frames a run).
fn harness_of(app: ArticleMapApp, max_steps: u64) -> Harness<'static, ArticleMapApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(max_steps)
        .build_ui_state(|ui, app: &mut ArticleMapApp| app.ui(ui), app);
    harness.run();
    harness
}

/// Two seconds of frames: long enough for any fly-to to land.
fn let_the_map_fly(harness: &mut Harness<'_, ArticleMapApp>) {
    for _ in 0..120 {
        harness.step();
    }
}

fn place(harness: &Harness<'_, ArticleMapApp>, id: &str) -> usize {
    harness
        .state()
        .state
        .story()
        .place_index(id)
        .unwrap_or_else(|| panic!("{id} exists"))
}

fn selected_id(harness: &Harness<'_, ArticleMapApp>) -> Option<String> {
    harness.state().state.selected_place().map(|p| p.id.clone())
}

fn click_at(harness: &mut Harness<'_, ArticleMapApp>, pos: Pos2) {
    harness.event(Event::PointerMoved(pos));
    harness.step();
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        harness.step();
    }
    harness.run();
}

#[test]
fn clicking_pyongyang_in_the_list_shows_its_two_excerpts_and_no_others() {
    let mut harness = harness();
    harness
        .get_by_role_and_label(Role::Button, "Pyongyang")
        .click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("pyongyang"));
    assert_eq!(harness.state().state.tab, ReadingTab::Excerpts);
    harness.get_by_label("2 mentions");
    harness.get_by_label_contains("Observers believe the two leaders would also discuss");
    harness.get_by_label_contains("While North Korea regards China as its key ally");
    // Sentences that do not mention Pyongyang are not shown.
    assert!(
        harness
            .query_by_label_contains("Kim had arrived in the Russian border town")
            .is_none()
    );
    assert!(
        harness
            .query_by_label_contains("The leaders of Russia")
            .is_none()
    );
    // The card's title, and the highlighted mention in each of the two excerpts.
    let labels = harness
        .get_all_by_label("Pyongyang")
        .filter(|node| node.accesskit_node().role() != Role::Button)
        .count();
    assert_eq!(labels, 3);
}

#[test]
fn clicking_the_map_at_hasan_selects_hasan() {
    let mut harness = harness();
    let hasan = place(&harness, "hasan");
    let lon_lat = harness.state().state.story().places[hasan].lon_lat();
    let projected = harness
        .state()
        .map
        .pos_on_screen(lon_lat)
        .expect("the map has been laid out");
    assert!(
        harness.state().map.rect_on_screen.contains(projected),
        "Hasan is in the opening view"
    );
    click_at(&mut harness, projected);
    assert_eq!(selected_id(&harness).as_deref(), Some("hasan"));
}

#[test]
fn clicking_empty_map_or_dragging_it_does_not_change_the_selection() {
    let mut harness = harness();
    harness.get_by_role_and_label(Role::Button, "Hasan").click();
    harness.run();
    let rect = harness.state().map.rect_on_screen;
    // Far from every marker: the bottom-left of the map (over the sea south of Japan).
    let empty = Pos2::new(rect.left() + 30.0, rect.bottom() - 60.0);
    click_at(&mut harness, empty);
    assert_eq!(selected_id(&harness).as_deref(), Some("hasan"));
    // A drag that ends on a marker selects nothing either (after fitting all places into
    // view, as markers off the screen are not drawn).
    harness
        .get_by_role_and_label(Role::Button, "Fit all")
        .click();
    let_the_map_fly(&mut harness);
    let vladivostok = place(&harness, "vladivostok");
    harness.run();
    let target = harness
        .state()
        .map
        .marker_pos_on_screen(vladivostok)
        .expect("drawn");
    harness.event(Event::PointerMoved(target - egui::vec2(80.0, 0.0)));
    harness.step();
    harness.event(Event::PointerButton {
        pos: target - egui::vec2(80.0, 0.0),
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    for step in 1..=8 {
        harness.event(Event::PointerMoved(
            target - egui::vec2(80.0 - 10.0 * step as f32, 0.0),
        ));
        harness.step();
    }
    harness.event(Event::PointerButton {
        pos: target,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("hasan"));
}

#[test]
fn escape_clears_the_selection() {
    let mut harness = harness();
    harness
        .get_by_role_and_label(Role::Button, "Vietnam")
        .click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("vietnam"));
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(selected_id(&harness), None);
    assert_eq!(harness.state().state.tab, ReadingTab::Article);
}

#[test]
fn typing_khas_in_the_search_box_leaves_only_hasan() {
    let mut harness = harness();
    let search = harness.get_by_role(Role::TextInput);
    search.click();
    harness.run();
    harness.get_by_role(Role::TextInput).type_text("khas");
    harness.run();
    let listed: Vec<String> = harness
        .get_all_by_role(Role::Button)
        .filter_map(|node| node.accesskit_node().label())
        .filter(|label| {
            harness
                .state()
                .state
                .story()
                .places
                .iter()
                .any(|p| &p.name == label)
        })
        .collect();
    assert_eq!(listed, ["Hasan"]);
}

#[test]
fn clicking_a_highlighted_mention_in_the_article_selects_its_place_and_flies_there() {
    let mut harness = harness();
    assert_eq!(harness.state().state.tab, ReadingTab::Article);
    fn mention<'h>(harness: &'h Harness<'_, ArticleMapApp>) -> egui_kittest::Node<'h> {
        harness
            .get_all_by_label("Vietnam")
            .find(|node| node.accesskit_node().role() != Role::Button)
            .expect("Vietnam is highlighted in the article")
    }
    mention(&harness).scroll_to_me();
    harness.run();
    mention(&harness).click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("vietnam"));
    let view = harness.state().map.view();
    assert!((view.center_lon_lat[0] - 107.83).abs() < 0.01, "{view:?}");
    assert!((view.zoom - 5.5).abs() < 0.01, "{view:?}");
}

#[test]
fn the_tour_steps_through_the_mentions_in_reading_order() {
    let mut harness = harness();
    let expected: Vec<String> = {
        let story = harness.state().state.story();
        story
            .mentions
            .iter()
            .take(6)
            .map(|m| story.places[m.place].id.clone())
            .collect()
    };
    assert_eq!(
        expected[..3],
        ["russia", "north-korea", "vladivostok"],
        "the story opens with Russia, North Korea and Vladivostok"
    );
    let mut seen = Vec::new();
    for step in 0..6 {
        if step % 2 == 0 {
            harness.key_press(egui::Key::ArrowRight);
        } else {
            harness.get_by_label("Next").click();
        }
        harness.run();
        seen.push(selected_id(&harness).expect("a stop is selected"));
        assert_eq!(harness.state().state.tour, Some(step));
    }
    assert_eq!(seen, expected);
    harness.key_press(egui::Key::ArrowLeft);
    harness.run();
    assert_eq!(harness.state().state.tour, Some(4));
}

#[test]
fn a_corrupt_basemap_leaves_the_app_usable_with_a_plain_map_and_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("world.bin"), b"AMBM1\0\0\0garbage").expect("write");
    let mut app = app();
    app.use_basemap(&egui::Context::default(), dir.path());
    let mut harness = harness_of(app, 64);
    harness.get_by_label_contains("world.bin: the basemap file is damaged");
    assert!(harness.state().map.basemap.is_none());
    // Still usable: the list selects.
    harness.get_by_role_and_label(Role::Button, "Hasan").click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("hasan"));
}

#[test]
fn the_bundled_basemap_loads_with_labels_and_attribution() {
    let mut app = app();
    app.use_basemap(
        &egui::Context::default(),
        &article_map::map::basemap::bundled_dir(),
    );
    assert!(app.map.basemap.is_some());
    assert!(app.map.labels.iter().any(|l| l.name == "Vladivostok"));
    assert!(app.map.attribution.contains("OpenStreetMap"));
}

#[test]
fn opening_a_bad_story_shows_the_error_in_the_window_and_keeps_the_current_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("places.json"), "{\n  \"article\": 5\n}").expect("write");
    let mut harness = harness();
    harness.state_mut().open_story(dir.path());
    harness.run();
    harness.get_by_label_contains("places.json:2:");
    assert_eq!(
        harness.state().state.story().title,
        "Kim and Putin meet in Vladivostok"
    );
    harness
        .get_by_role_and_label(Role::Button, "Pyongyang")
        .click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("pyongyang"));
}

#[test]
fn a_folder_of_plain_articles_opens_as_a_collection_with_each_article_listed() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.txt"), "Rain in Oslo.").expect("write");
    std::fs::write(dir.path().join("b.txt"), "Sun in Rome.").expect("write");
    let mut harness = harness();
    harness.state_mut().open_story(dir.path());
    harness.state_mut().wait_for_loading();
    harness.run();
    assert_eq!(harness.state().state.collection.articles.len(), 2);
    harness.get_by_label_contains("2 articles");
    for place in ["Oslo", "Rome"] {
        harness.get_by_role_and_label(Role::Button, place);
    }
}

#[test]
fn an_article_opened_in_the_app_is_geoparsed_onto_the_map() {
    let dir = tempfile::tempdir().expect("temp dir");
    let article = dir.path().join("floods.txt");
    std::fs::write(
        &article,
        "Floods in Jakarta\nHeavy rain flooded Jakarta, Indonesia, on Monday, and Surabaya braced for more.",
    )
    .expect("write");
    let mut harness = harness();
    harness.state_mut().open_story(&article);
    harness.run();
    assert_eq!(harness.state().state.story().title, "Floods in Jakarta");
    harness
        .get_by_role_and_label(Role::Button, "Jakarta")
        .click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("jakarta"));
    harness.get_by_label_contains("Found by the geoparser");
}

#[test]
fn pasted_text_is_geoparsed_onto_the_map_from_the_file_menu() {
    let mut harness = harness();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Paste an article…").click();
    harness.run();
    let text_area = harness.get_by_role(Role::MultilineTextInput);
    text_area.click();
    harness.run();
    harness
        .get_by_role(Role::MultilineTextInput)
        .type_text("Storm hits Manila\n\nA typhoon struck Manila and Cebu in the Philippines.");
    harness.run();
    harness.get_by_label("Find its places").click();
    harness.run();
    let story = harness.state().state.story();
    assert_eq!(story.title, "Storm hits Manila");
    for id in ["manila", "cebu-city", "philippines"] {
        assert!(story.place_index(id).is_some(), "{id} is found");
    }
    assert!(
        harness.query_by_label("Find its places").is_none(),
        "the window closes"
    );
    harness
        .get_by_role_and_label(Role::Button, "Cebu City")
        .click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("cebu-city"));
}

#[test]
fn pasting_outside_a_text_field_opens_the_text_for_checking_and_empty_text_is_refused() {
    let mut harness = harness();
    harness.event(Event::Paste("Talks in Oslo".to_owned()));
    harness.run();
    assert_eq!(
        harness
            .get_by_role(Role::MultilineTextInput)
            .value()
            .as_deref(),
        Some("Talks in Oslo")
    );
    // Nothing is replaced until the reader asks for it.
    assert_eq!(
        harness.state().state.story().title,
        "Kim and Putin meet in Vladivostok"
    );

    harness.state_mut().open_text("  \n ".to_owned());
    harness.run();
    assert_eq!(
        harness.state().state.story().title,
        "Kim and Putin meet in Vladivostok",
        "an empty paste keeps the story"
    );
    harness.get_by_label_contains("The pasted text is empty");
}

#[test]
fn a_place_outside_the_detailed_map_is_framed_with_its_surroundings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let article = dir.path().join("fire.txt");
    std::fs::write(
        &article,
        "Barn fire\nA fire destroyed a barn near Edmonton, Kentucky, on Tuesday.",
    )
    .expect("write");
    let mut app = app();
    app.use_basemap(
        &egui::Context::default(),
        &article_map::map::basemap::bundled_dir(),
    );
    let mut harness = harness_of(app, 400);
    harness.state_mut().open_story(&article);
    harness.run();
    let edmonton = harness
        .state()
        .state
        .story()
        .places
        .iter()
        .find(|p| p.name == "Edmonton")
        .map(|p| p.name.clone())
        .expect("Edmonton is found");
    harness
        .get_by_role_and_label(Role::Button, &edmonton)
        .click();
    harness.run();
    let_the_map_fly(&mut harness);
    let view = harness.state().map.view();
    assert!(
        view.zoom <= 7.01,
        "a city in Kentucky is shown at zoom {} (no detail past 7 there)",
        view.zoom
    );
    assert!((view.center_lon_lat[1] - 36.98).abs() < 0.5, "{view:?}");

    // In the detailed region the city zoom stays.
    harness
        .state_mut()
        .open_story(&article_map::cli::bundled_story());
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Vladivostok")
        .click();
    harness.run();
    let_the_map_fly(&mut harness);
    assert!(harness.state().map.view().zoom > 10.9);
}

/// A turn of the mouse wheel by `lines` notches (away from the reader: zoom in), as egui's
/// backends send it.
fn wheel(harness: &mut Harness<'_, ArticleMapApp>, lines: f32) {
    harness.event(Event::MouseWheel {
        unit: egui::MouseWheelUnit::Line,
        delta: egui::vec2(0.0, lines),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: egui::Modifiers::NONE,
    });
}

fn reader_fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/readers")
        .join(name)
}

#[test]
fn a_saved_web_page_opens_as_its_article_with_title_date_and_byline_in_the_header() {
    let mut harness = harness();
    harness
        .state_mut()
        .open_story(&reader_fixture("news-page.html"));
    harness.run();
    harness.get_by_label_contains("14 March 2024, 09:30  ·  By Anna Kowalska");
    harness.get_by_label("news.example.com");
    let story = harness.state().state.story();
    assert!(
        story.title.starts_with("Gdańsk harbour reopens"),
        "{}",
        story.title
    );
    // The article's places are listed; the menu's, the footer's and the comments' are not.
    harness
        .get_by_role_and_label(Role::Button, "Gdynia")
        .click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("gdynia"));
    for boilerplate in ["Berlin", "London", "Oslo", "Paris"] {
        assert!(
            harness.query_by_label(boilerplate).is_none(),
            "{boilerplate} is on the map"
        );
    }
}

#[test]
fn a_feed_opens_as_a_collection_of_its_items_and_a_bad_file_keeps_it() {
    let mut harness = harness();
    harness
        .state_mut()
        .open_story(&reader_fixture("feed-rss.xml"));
    harness.state_mut().wait_for_loading();
    harness.run();
    assert_eq!(harness.state().state.collection.articles.len(), 3);
    for title in [
        "Kraków salt trail draws record crowds",
        "Porto's riverside tram returns",
        "Tampere opens its lakeside sauna village",
    ] {
        harness.get_by_role_and_label(Role::Button, title);
    }
    harness.state_mut().open_story(&reader_fixture("scan.pdf"));
    harness.run();
    harness.get_by_label_contains("no text layer");
    assert_eq!(
        harness.state().state.collection.articles.len(),
        3,
        "the open collection stays"
    );
}

#[test]
fn the_mouse_wheel_zooms_the_map_at_the_cursor_rather_than_panning_it() {
    let mut harness = harness();
    let vladivostok = place(&harness, "vladivostok");
    let lon_lat = harness.state().state.story().places[vladivostok].lon_lat();
    let before = harness.state().map.view();
    let at = harness
        .state()
        .map
        .pos_on_screen(lon_lat)
        .expect("on screen");
    harness.event(Event::PointerMoved(at));
    harness.step();
    for _ in 0..3 {
        wheel(&mut harness, 1.0);
        harness.step();
    }
    for _ in 0..30 {
        harness.step();
    }
    let after = harness.state().map.view();
    assert!(after.zoom > before.zoom + 0.5, "{before:?} -> {after:?}");
    let still_at = harness
        .state()
        .map
        .pos_on_screen(lon_lat)
        .expect("on screen");
    assert!(
        still_at.distance(at) < 3.0,
        "the place under the cursor stays put: {at:?} -> {still_at:?}"
    );
}

#[test]
fn after_the_reader_zooms_with_the_wheel_a_click_on_a_name_still_flies_the_map_there() {
    let mut harness = harness();
    let at = harness.state().map.rect_on_screen.center();
    harness.event(Event::PointerMoved(at));
    harness.step();
    wheel(&mut harness, 2.0);
    for _ in 0..20 {
        harness.step();
    }
    let vietnam = harness
        .get_all_by_label("Vietnam")
        .find(|node| node.accesskit_node().role() != Role::Button)
        .expect("Vietnam is highlighted in the article");
    vietnam.scroll_to_me();
    harness.run();
    harness
        .get_all_by_label("Vietnam")
        .find(|node| node.accesskit_node().role() != Role::Button)
        .expect("Vietnam is highlighted")
        .click();
    harness.run();
    let_the_map_fly(&mut harness);
    assert_eq!(selected_id(&harness).as_deref(), Some("vietnam"));
    let view = harness.state().map.view();
    assert!((view.center_lon_lat[0] - 107.83).abs() < 0.01, "{view:?}");
}

/// A news page dated `published`, whose body is `paragraphs`.
fn news_page(title: &str, published: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!doctype html><html><head><title>{title}</title>\
         <meta property=\"article:published_time\" content=\"{published}T09:00:00Z\">\
         </head><body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>\n{body}\
         </article><footer>Contact us</footer></body></html>"
    )
}

/// Three dated news pages: two name Vladivostok, one only Lima and Quito.
fn three_articles() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let pages = [
        (
            "summit.html",
            news_page(
                "Leaders gather for talks",
                "2019-04-20",
                &[
                    "The delegations arrived in Vladivostok on Wednesday for two days of talks.",
                    "Officials from Pyongyang said the meeting would cover trade and rail links.",
                    "Security was tight across the port city as the motorcades passed.",
                ],
            ),
        ),
        (
            "rail.html",
            news_page(
                "Rail link plans revealed",
                "2019-04-26",
                &[
                    "Engineers presented plans for a new bridge near Vladivostok on Friday.",
                    "The line would carry freight on to Seoul within a decade, they said.",
                    "Investors were cautious about the cost of the project.",
                ],
            ),
        ),
        (
            "andes.html",
            news_page(
                "Andean ministers meet",
                "2019-06-15",
                &[
                    "Ministers met in Lima to discuss water rights across the region.",
                    "A second round of talks will be held in Quito next month.",
                    "Farmers' groups demonstrated outside the venue.",
                ],
            ),
        ),
    ];
    for (name, page) in pages {
        std::fs::write(dir.path().join(name), page).expect("write page");
    }
    dir
}

/// The places the map draws, by id.
fn drawn_ids(harness: &Harness<'_, ArticleMapApp>) -> Vec<String> {
    let app = harness.state();
    let mut ids: Vec<String> = app
        .map
        .layouts
        .iter()
        .filter_map(|l| app.state.place(l.place).map(|p| p.id.clone()))
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_collection_card_groups_excerpts_by_article_and_filters_by_article_and_by_time() {
    let dir = three_articles();
    let mut harness = harness();
    harness.state_mut().open_story(dir.path());
    harness.state_mut().wait_for_loading();
    harness.run();
    assert_eq!(harness.state().state.collection.articles.len(), 3);
    harness
        .get_by_role_and_label(Role::Button, "Fit all")
        .click();
    let_the_map_fly(&mut harness);
    let all_drawn = drawn_ids(&harness);
    assert!(all_drawn.len() >= 5, "{all_drawn:?}");

    // A place named in two articles: its card has both, each under its title.
    let titles = [
        "Leaders gather for talks",
        "Rail link plans revealed",
        "Andean ministers meet",
    ];
    let count = |harness: &Harness<'_, ArticleMapApp>, title: &str| {
        harness.query_all_by_label(title).count()
    };
    harness
        .get_by_role_and_label(Role::Button, "Vladivostok")
        .click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("vladivostok"));
    harness.get_by_label_contains("Named in 2 of 3 articles");
    let after: Vec<usize> = titles.iter().map(|t| count(&harness, t)).collect();
    // Each title is in the articles list; the card adds the two that name the place once
    // more, over their excerpts, and not the third.
    assert_eq!(after, [after[2] + 1, after[2] + 1, after[2]], "{titles:?}");
    harness.get_by_label_contains("on Wednesday for two days of talks");
    harness.get_by_label_contains("Engineers presented plans for a new bridge near");

    // "Show in article" opens that article at the sentence, in the reading panel.
    let newest = "Rail link plans revealed";
    harness
        .get_all_by_role_and_label(Role::Button, "Show in article")
        .next()
        .expect("a Show in article button")
        .click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.state.tab, ReadingTab::Article);
    assert_eq!(
        app.state.story().title,
        newest,
        "the newest group comes first"
    );
    harness.get_by_label_contains("Article 2 of 3");
    harness.key_press(egui::Key::Escape);
    harness.run();

    // A click on an article narrows the map and the list to its places; Esc undoes it.
    harness
        .get_by_role_and_label(Role::Button, "Andean ministers meet")
        .click();
    harness.run();
    let_the_map_fly(&mut harness);
    assert_eq!(drawn_ids(&harness), ["lima", "quito"]);
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Vladivostok")
            .is_none()
    );
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Vladivostok");

    // A range dragged over the first days of the timeline leaves out the June article.
    let timeline = harness
        .get_by_role_and_label(Role::Slider, "Timeline")
        .rect();
    let from = egui::pos2(timeline.left() + 2.0, timeline.center().y);
    let to = egui::pos2(
        timeline.left() + timeline.width() * 0.3,
        timeline.center().y,
    );
    harness.event(Event::PointerMoved(from));
    harness.step();
    harness.event(Event::PointerButton {
        pos: from,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    for step in 1..=10 {
        harness.event(Event::PointerMoved(
            from + (to - from) * (step as f32 / 10.0),
        ));
        harness.step();
    }
    harness.event(Event::PointerButton {
        pos: to,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    harness.run();
    harness.get_by_label_contains("2 of 3 articles");
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Andean ministers meet")
            .is_none()
    );
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Lima")
            .is_none()
    );
    harness.get_by_role_and_label(Role::Button, "Vladivostok");
    harness.get_by_role_and_label(Role::Button, "Leaders gather for talks");
}

/// Selects the place `name` in the list and removes it with its card's "Not a place" button.
fn remove_from_its_card(harness: &mut Harness<'_, ArticleMapApp>, name: &str) {
    harness.get_by_role_and_label(Role::Button, name).click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Not a place: remove")
        .click();
    harness.run();
}

#[test]
fn a_correction_saved_with_the_collection_holds_when_the_folder_is_opened_again() {
    let dir = three_articles();
    let mut harness = harness();
    harness.state_mut().open_story(dir.path());
    harness.state_mut().wait_for_loading();
    harness.run();
    remove_from_its_card(&mut harness, "Quito");
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Quito")
            .is_none()
    );
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Save collection").click();
    harness.run();
    assert!(dir.path().join("collection.json").is_file());

    // A fresh window on the same folder: the saved correction holds.
    let mut again = self::harness();
    again.state_mut().open_story(dir.path());
    again.state_mut().wait_for_loading();
    again.run();
    assert_eq!(again.state().state.collection.articles.len(), 3);
    again.get_by_role_and_label(Role::Button, "Lima");
    assert!(
        again
            .query_by_role_and_label(Role::Button, "Quito")
            .is_none()
    );

    // Saving again asks before it replaces the file.
    again.get_by_label("File").click();
    again.run();
    again.get_by_label("Save collection").click();
    again.run();
    again.get_by_label_contains("already holds a collection.json");
}

#[test]
fn a_correction_made_while_a_big_folder_is_still_read_holds_when_it_is_all_read() {
    // More articles than the app reads before it shows the first of them.
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..6000 {
        let text = if i % 2 == 0 {
            format!("Report {i}. Protesters marched in Quito on Monday.")
        } else {
            format!("Report {i}. Markets rose in Lima on Monday.")
        };
        std::fs::write(dir.path().join(format!("{i:05}.txt")), text).expect("write");
    }
    let mut harness = harness();
    harness.state_mut().open_story(dir.path());
    // The first articles show while the rest are read.
    let mut shown = false;
    for _ in 0..2000 {
        harness.step();
        if harness
            .query_by_role_and_label(Role::Button, "Quito")
            .is_some()
        {
            shown = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(shown, "Quito is listed while the folder is read");
    let still_reading = harness.state().is_loading();
    remove_from_its_card(&mut harness, "Quito");
    harness.state_mut().wait_for_loading();
    harness.run();
    assert_eq!(harness.state().state.collection.articles.len(), 6000);
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Quito")
            .is_none(),
        "the correction holds in every article (made while reading: {still_reading})"
    );
    harness.get_by_role_and_label(Role::Button, "Lima");
}
