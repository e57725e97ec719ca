//! Raster tiles that the app renders itself, served to walkers.
//!
//! walkers asks for tiles every frame from the UI thread, so rendering happens on worker
//! threads: a request is queued (newest first, since the newest are what the user looks
//! at), and until it is ready the nearest rendered ancestor is scaled up in its place, so
//! the map never shows a hole while panning or zooming. Where no ancestor is ready either,
//! the tile two levels up is rendered first: one covers sixteen holes. Finished tiles
//! become textures on the next frame and are kept in a least-recently-used cache with a
//! byte budget.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, mpsc};

use egui::{ColorImage, Context, TextureHandle, TextureOptions, pos2};
use walkers::sources::Attribution;
use walkers::{Tile, TileId, TilePiece, Tiles};

/// Something that can paint a map tile. Implemented by the bundled basemap.
pub trait TileRenderer: Send + Sync + 'static {
    /// Renders tile (`zoom`, `x`, `y`) of the XYZ grid as straight-alpha RGBA8 pixels,
    /// `size_px` on a side, in the dark palette if `dark`.
    fn render(&self, zoom: u8, x: u32, y: u32, size_px: u32, dark: bool) -> Vec<u8>;
}

/// The attribution line shown on the map for a tile source.
pub type AttributionText = &'static str;

/// Texture memory the cache may hold, in bytes.
const CACHE_BUDGET_BYTES: usize = 64 * 1024 * 1024;

/// How many queued requests are kept; older ones are dropped (they are off screen by now).
const MAX_QUEUED: usize = 96;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Key {
    tile: (u8, u32, u32),
    size_px: u32,
    dark: bool,
}

struct Queue {
    jobs: Mutex<Vec<Key>>,
    wake: Condvar,
}

/// Tiles rendered on worker threads by a [`TileRenderer`], with a texture cache.
pub struct RenderedTiles {
    queue: Arc<Queue>,
    /// Tiles rendered and loaded as textures by the workers (so that a frame never waits
    /// for pixels to be converted and copied).
    done: mpsc::Receiver<(Key, TextureHandle)>,
    textures: HashMap<Key, (TextureHandle, u64)>,
    queued: std::collections::HashSet<Key>,
    /// Tiles shown as holes this frame (neither they nor an ancestor were ready).
    blank_now: std::collections::HashSet<(u8, u32, u32)>,
    /// For each tile that was a hole last frame, how many frames in a row it has been one.
    blank_streaks: HashMap<(u8, u32, u32), u32>,
    longest_blank_frames: u32,
    frame: u64,
    size_px: u32,
    dark: bool,
    attribution: AttributionText,
}

impl RenderedTiles {
    /// Starts `workers` rendering threads for `renderer`.
    pub fn new(
        ctx: Context,
        renderer: Arc<dyn TileRenderer>,
        attribution: AttributionText,
        workers: usize,
    ) -> RenderedTiles {
        let queue = Arc::new(Queue {
            jobs: Mutex::new(Vec::new()),
            wake: Condvar::new(),
        });
        let (sender, done) = mpsc::channel();
        for index in 0..workers.max(1) {
            let queue = Arc::clone(&queue);
            let renderer = Arc::clone(&renderer);
            let sender = sender.clone();
            let ctx = ctx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("tile-renderer-{index}"))
                .spawn(move || render_loop(&queue, renderer.as_ref(), &sender, &ctx));
            if let Err(err) = spawned {
                log::error!("cannot start a tile renderer thread: {err}");
            }
        }
        RenderedTiles {
            queue,
            done,
            textures: HashMap::new(),
            queued: Default::default(),
            blank_now: Default::default(),
            blank_streaks: HashMap::new(),
            longest_blank_frames: 0,
            frame: 0,
            size_px: 256,
            dark: false,
            attribution,
        }
    }

    /// Sets the palette and the pixel density for the coming frame. Call once per frame.
    pub fn prepare_frame(&mut self, dark: bool, pixels_per_point: f32) {
        self.frame += 1;
        self.count_blank_frames();
        self.dark = dark;
        self.size_px = if pixels_per_point > 1.25 { 512 } else { 256 };
        while let Ok((key, texture)) = self.done.try_recv() {
            self.queued.remove(&key);
            self.textures.insert(key, (texture, self.frame));
        }
        self.evict();
    }

    /// Asks for `tiles` ahead of time (the destination of a fly-to): they are rendered once
    /// the tiles on screen now are done.
    pub fn prefetch(&mut self, tiles: &[TileId]) {
        for &tile in tiles {
            let key = self.key(tile);
            if !self.textures.contains_key(&key) {
                self.request(key);
            }
        }
    }

    /// Tiles asked for but not rendered yet.
    pub fn pending(&self) -> usize {
        self.queued.len()
    }

    /// The longest run of consecutive frames in which a visible tile was a hole (neither it
    /// nor any ancestor was ready), since the last [`Self::reset_blank_frames`].
    pub fn longest_blank_frames(&self) -> u32 {
        self.longest_blank_frames
    }

    /// Starts counting [`Self::longest_blank_frames`] afresh.
    pub fn reset_blank_frames(&mut self) {
        self.longest_blank_frames = 0;
        self.blank_streaks.clear();
        self.blank_now.clear();
    }

    /// Ends the previous frame's count of holes: a tile that was a hole again extends its run.
    fn count_blank_frames(&mut self) {
        let previous = std::mem::take(&mut self.blank_streaks);
        for tile in self.blank_now.drain() {
            let streak = previous.get(&tile).copied().unwrap_or(0) + 1;
            self.longest_blank_frames = self.longest_blank_frames.max(streak);
            self.blank_streaks.insert(tile, streak);
        }
    }

    fn key(&self, tile: TileId) -> Key {
        Key {
            tile: (tile.zoom, tile.x, tile.y),
            size_px: self.size_px,
            dark: self.dark,
        }
    }

    fn request(&mut self, key: Key) {
        if self.queued.insert(key) {
            let Ok(mut jobs) = self.queue.jobs.lock() else {
                return;
            };
            jobs.push(key);
            if jobs.len() > MAX_QUEUED {
                let dropped = jobs.remove(0);
                self.queued.remove(&dropped);
            }
            self.queue.wake.notify_one();
        }
    }

    fn evict(&mut self) {
        let bytes_per = |key: &Key| (key.size_px as usize).pow(2) * 4;
        let mut total: usize = self.textures.keys().map(bytes_per).sum();
        if total <= CACHE_BUDGET_BYTES {
            return;
        }
        let mut by_age: Vec<(Key, u64)> = self.textures.iter().map(|(k, v)| (*k, v.1)).collect();
        by_age.sort_by_key(|(_, used)| *used);
        for (key, used) in by_age {
            if total <= CACHE_BUDGET_BYTES * 3 / 4 || used == self.frame {
                break;
            }
            total -= bytes_per(&key);
            self.textures.remove(&key);
        }
    }
}

fn render_loop(
    queue: &Queue,
    renderer: &dyn TileRenderer,
    sender: &mpsc::Sender<(Key, TextureHandle)>,
    ctx: &Context,
) {
    loop {
        let key = {
            let Ok(mut jobs) = queue.jobs.lock() else {
                return;
            };
            loop {
                if let Some(key) = jobs.pop() {
                    break key;
                }
                let Ok(guard) = queue.wake.wait(jobs) else {
                    return;
                };
                jobs = guard;
            }
        };
        let (zoom, x, y) = key.tile;
        let pixels = renderer.render(zoom, x, y, key.size_px, key.dark);
        let side = key.size_px as usize;
        if pixels.len() != side * side * 4 {
            log::warn!("tile {:?} came back with the wrong size", key.tile);
            continue;
        }
        let image = ColorImage::from_rgba_unmultiplied([side, side], &pixels);
        let texture = ctx.load_texture(
            format!("tile-{zoom}-{x}-{y}"),
            image,
            TextureOptions::LINEAR,
        );
        if sender.send((key, texture)).is_err() {
            return; // The map is gone.
        }
        ctx.request_repaint();
    }
}

impl Tiles for RenderedTiles {
    fn at(&mut self, tile_id: TileId) -> Option<TilePiece> {
        let key = self.key(tile_id);
        if let Some((texture, used)) = self.textures.get_mut(&key) {
            *used = self.frame;
            return Some(TilePiece::new(
                Tile::Raster(texture.clone()),
                egui::Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
            ));
        }
        self.request(key);
        // Meanwhile, scale up the nearest ancestor that is ready.
        for up in 1..=tile_id.zoom {
            let ancestor = TileId {
                x: tile_id.x >> up,
                y: tile_id.y >> up,
                zoom: tile_id.zoom - up,
            };
            let frame = self.frame;
            let found = [self.size_px, 256, 512].into_iter().find_map(|size_px| {
                let key = Key {
                    size_px,
                    ..self.key(ancestor)
                };
                self.textures.get_mut(&key).map(|(texture, used)| {
                    *used = frame;
                    texture.clone()
                })
            });
            if let Some(texture) = found {
                let scale = 1.0 / (1u32 << up) as f32;
                let u = (tile_id.x - (ancestor.x << up)) as f32 * scale;
                let v = (tile_id.y - (ancestor.y << up)) as f32 * scale;
                return Some(TilePiece::new(
                    Tile::Raster(texture),
                    egui::Rect::from_min_max(pos2(u, v), pos2(u + scale, v + scale)),
                ));
            }
        }
        // A hole: a tile two levels up is rendered first (the queue is last in, first out),
        // as one of them stands in for sixteen of these.
        let up = tile_id.zoom.min(2);
        if up > 0 {
            self.request(Key {
                tile: (tile_id.zoom - up, tile_id.x >> up, tile_id.y >> up),
                ..key
            });
        }
        self.blank_now.insert(key.tile);
        None
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: self.attribution,
            url: "",
            logo_light: None,
            logo_dark: None,
        }
    }

    fn tile_size(&self) -> u32 {
        256
    }

    fn stats(&self) -> walkers::Stats {
        walkers::Stats {
            in_progress: self.queued.len(),
        }
    }
}

/// A renderer that paints plain sea: the map's background when no basemap could be loaded.
pub struct PlainBackground;

impl TileRenderer for PlainBackground {
    fn render(&self, _zoom: u8, _x: u32, _y: u32, size_px: u32, dark: bool) -> Vec<u8> {
        let colour: [u8; 4] = if dark {
            [30, 38, 48, 255]
        } else {
            [214, 226, 234, 255]
        };
        colour.repeat((size_px as usize).pow(2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_requested_tile_arrives_and_then_stands_in_for_its_children() {
        let ctx = Context::default();
        let mut tiles = RenderedTiles::new(ctx, Arc::new(PlainBackground), "", 1);
        tiles.prepare_frame(false, 1.0);
        let parent = TileId {
            x: 3,
            y: 5,
            zoom: 4,
        };
        assert!(tiles.at(parent).is_none(), "nothing is ready at first");
        assert_eq!(tiles.pending(), 2, "the tile, and the one two levels up");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while tiles.pending() > 0 && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(5));
            tiles.prepare_frame(false, 1.0);
        }
        assert!(tiles.at(parent).is_some());
        let child = TileId {
            x: 7,
            y: 10,
            zoom: 5,
        };
        let piece = tiles.at(child).expect("the parent stands in for the child");
        assert_eq!(piece.uv.min, pos2(0.5, 0.0));
        assert_eq!(piece.uv.max, pos2(1.0, 0.5));
    }

    #[test]
    fn prefetched_tiles_are_rendered_and_then_served() {
        let mut tiles = RenderedTiles::new(Context::default(), Arc::new(PlainBackground), "", 1);
        tiles.prepare_frame(false, 1.0);
        let ahead = [
            TileId {
                x: 1,
                y: 2,
                zoom: 3,
            },
            TileId {
                x: 2,
                y: 2,
                zoom: 3,
            },
        ];
        tiles.prefetch(&ahead);
        assert_eq!(tiles.pending(), 2);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while tiles.pending() > 0 && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(5));
            tiles.prepare_frame(false, 1.0);
        }
        let piece = tiles.at(ahead[0]).expect("a prefetched tile is ready");
        assert_eq!(
            piece.uv.min,
            pos2(0.0, 0.0),
            "the tile itself, not an ancestor"
        );
        tiles.prefetch(&ahead);
        assert_eq!(
            tiles.pending(),
            0,
            "tiles already rendered are not asked for again"
        );
    }

    /// A renderer too slow to finish within a test's few frames.
    struct Slow;

    impl TileRenderer for Slow {
        fn render(&self, zoom: u8, x: u32, y: u32, size_px: u32, dark: bool) -> Vec<u8> {
            std::thread::sleep(std::time::Duration::from_millis(500));
            PlainBackground.render(zoom, x, y, size_px, dark)
        }
    }

    #[test]
    fn a_tile_left_as_a_hole_is_counted_for_every_frame_in_a_row() {
        let mut tiles = RenderedTiles::new(Context::default(), Arc::new(Slow), "", 1);
        let tile = TileId {
            x: 1,
            y: 1,
            zoom: 2,
        };
        for _ in 0..3 {
            tiles.prepare_frame(false, 1.0);
            assert!(tiles.at(tile).is_none());
        }
        tiles.prepare_frame(false, 1.0);
        assert_eq!(tiles.longest_blank_frames(), 3);
        // A frame in which the tile is not on screen ends its run.
        tiles.prepare_frame(false, 1.0);
        assert!(tiles.at(tile).is_none());
        tiles.prepare_frame(false, 1.0);
        assert_eq!(tiles.longest_blank_frames(), 3);
        tiles.reset_blank_frames();
        assert_eq!(tiles.longest_blank_frames(), 0);
    }
}
