//! The bundled basemap: one tile at several zooms, and every tile of a 1280×800 view after
//! a jump to each of the story's places (what the map waits for before it is complete).

use std::hint::black_box;

use article_map::map::basemap::{Basemap, Theme};
use article_map::map::camera::{mercator_from_lon_lat, zoom_for_kind};
use criterion::{Criterion, criterion_group, criterion_main};

/// The tiles covering a `width`×`height` view centred on `lon_lat` at `zoom`.
fn view_tiles(lon_lat: [f64; 2], zoom: u8, width: f64, height: f64) -> Vec<(u32, u32)> {
    let n = f64::from(1u32 << zoom);
    let [mx, my] = mercator_from_lon_lat(lon_lat);
    let (cx, cy) = (mx * n * 256.0, my * n * 256.0);
    let (x0, x1) = (
        ((cx - width / 2.0) / 256.0).floor(),
        ((cx + width / 2.0) / 256.0).floor(),
    );
    let (y0, y1) = (
        ((cy - height / 2.0) / 256.0).floor(),
        ((cy + height / 2.0) / 256.0).floor(),
    );
    let mut tiles = Vec::new();
    for x in x0 as i64..=x1 as i64 {
        for y in y0 as i64..=y1 as i64 {
            if x >= 0 && y >= 0 && (x as f64) < n && (y as f64) < n {
                tiles.push((x as u32, y as u32));
            }
        }
    }
    tiles
}

fn bench_basemap(c: &mut Criterion) {
    let basemap =
        Basemap::load(&article_map::map::basemap::bundled_dir()).expect("the basemap loads");
    let vladivostok = [131.8855, 43.1155];
    let mut group = c.benchmark_group("one 256 px tile over Vladivostok");
    for zoom in [3u8, 8, 12] {
        let (x, y) = view_tiles(vladivostok, zoom, 1.0, 1.0)[0];
        group.bench_function(format!("zoom {zoom}"), |b| {
            b.iter(|| black_box(basemap.render_tile(zoom, x, y, 256, Theme::Light)))
        });
    }
    group.finish();

    let story = article_map::story::Story::load(&article_map::cli::bundled_story())
        .expect("the bundled story");
    let mut group = c.benchmark_group("every tile of a 1280x800 view after a jump");
    group.sample_size(10);
    for place in &story.places {
        let zoom = zoom_for_kind(place.kind).round() as u8;
        let tiles = view_tiles(place.lon_lat(), zoom, 1280.0, 800.0);
        group.bench_function(
            format!("{} (zoom {zoom}, {} tiles)", place.id, tiles.len()),
            |b| {
                b.iter(|| {
                    for &(x, y) in &tiles {
                        black_box(basemap.render_tile(zoom, x, y, 256, Theme::Light));
                    }
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench_basemap);
criterion_main!(benches);
