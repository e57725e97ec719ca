//! A window on the app for scripts that drive it with real input (`scripts/ui-smoke`):
//! with `ARTICLE_MAP_PROBE=FILE` set, the app writes, whenever it changes, where the markers
//! (drawn, and true), the clusters, the highlighted names and the timeline are on screen,
//! how many articles the filters show, the map's rectangle, what is
//! selected and the map's view, as JSON.
//! Off (one check of a flag a frame) otherwise.

use std::path::PathBuf;
use std::sync::OnceLock;

/// The probe file, if `ARTICLE_MAP_PROBE` names one.
pub fn path() -> Option<&'static PathBuf> {
    static PATH: OnceLock<Option<PathBuf>> = OnceLock::new();
    PATH.get_or_init(|| std::env::var_os("ARTICLE_MAP_PROBE").map(PathBuf::from))
        .as_ref()
}

fn mentions_id() -> egui::Id {
    egui::Id::unique("article-map-probe-mentions")
}

/// Notes that a highlighted name of place `place` is at `rect` this frame, if it can be seen
/// (not scrolled out of its panel).
pub fn note_mention(ui: &egui::Ui, place: usize, rect: egui::Rect) {
    if path().is_none() || !ui.clip_rect().contains_rect(rect) {
        return;
    }
    ui.ctx().data_mut(|data| {
        data.get_temp_mut_or_default::<Vec<(usize, egui::Rect)>>(mentions_id())
            .push((place, rect));
    });
}

fn timeline_id() -> egui::Id {
    egui::Id::unique("article-map-probe-timeline")
}

/// Notes where the timeline's bars are this frame.
pub fn note_timeline(ui: &egui::Ui, rect: egui::Rect) {
    if path().is_some() {
        ui.ctx()
            .data_mut(|data| data.insert_temp(timeline_id(), Some(rect)));
    }
}

/// Takes the names noted this frame.
fn take_mentions(ctx: &egui::Context) -> Vec<(usize, egui::Rect)> {
    ctx.data_mut(|data| {
        std::mem::take(data.get_temp_mut_or_default::<Vec<(usize, egui::Rect)>>(mentions_id()))
    })
}

/// Writes the probe file if what it would say changed since `last`.
pub fn write(ctx: &egui::Context, app: &super::ArticleMapApp, last: &mut String) {
    let Some(path) = path() else {
        return;
    };
    let state = &app.state;
    let point = |p: egui::Pos2| serde_json::json!([p.x.round(), p.y.round()]);
    let markers: Vec<serde_json::Value> = app
        .map
        .layouts
        .iter()
        .filter_map(|layout| {
            let place = state.place(layout.place)?;
            let true_pos = app.map.pos_on_screen(place.lon_lat())?;
            Some(serde_json::json!({"id": place.id, "at": point(layout.pos_on_screen), "true_at": point(true_pos)}))
        })
        .collect();
    let clusters: Vec<serde_json::Value> = app
        .map
        .cluster_hits
        .iter()
        .map(|hit| serde_json::json!({"count": hit.count, "at": point(hit.pos_on_screen)}))
        .collect();
    let mentions: Vec<serde_json::Value> = take_mentions(ctx)
        .into_iter()
        .filter_map(|(place, rect)| {
            let place = state.place(place)?;
            Some(serde_json::json!({"id": place.id, "at": point(rect.center())}))
        })
        .collect();
    let timeline = ctx
        .data_mut(|data| data.remove_temp::<Option<egui::Rect>>(timeline_id()))
        .flatten()
        .map(|r| serde_json::json!({"min": point(r.min), "max": point(r.max)}));
    let view = app.map.view();
    let json = serde_json::json!({
        "articles_shown": state.shown_articles.iter().filter(|s| **s).count(),
        "timeline": timeline,
        "selected": app.state.selected_place().map(|p| p.id.clone()),
        "view": {"lon_lat": view.center_lon_lat, "zoom": view.zoom},
        "map": {"min": point(app.map.rect_on_screen.min), "max": point(app.map.rect_on_screen.max)},
        "markers": markers,
        "clusters": clusters,
        "mentions": mentions,
    })
    .to_string();
    if json != *last {
        // Written whole and renamed over the old one, so a reader never sees half of it.
        let temporary = path.with_extension("tmp");
        let written =
            std::fs::write(&temporary, &json).and_then(|()| std::fs::rename(&temporary, path));
        if let Err(err) = written {
            log::warn!("{}: cannot write the probe: {err}", path.display());
        }
        *last = json;
    }
}
