//! The map: the basemap's tiles, the story's markers and the camera.
//!
//! - [`camera`]: views, fly-to and fit, as plain Web-Mercator math.
//! - [`clusters`]: places near one another drawn as one disc at low zoom (an R*-tree).
//! - [`markers`]: where markers and labels go, and which one the pointer is on.
//! - [`labels`]: the basemap's country and city names, placed so that none collide.
//! - [`tiles`]: tiles rendered on worker threads and served to walkers.
//! - [`source`]: optional online or PMTiles maps drawn over the bundled one.
//! - [`basemap`]: the bundled offline basemap: its data and its tile renderer.
//! - [`view`]: the walkers state and the flight in progress, as the map panel uses them.

pub mod basemap;
pub mod camera;
pub mod clusters;
pub mod labels;
pub mod markers;
pub mod source;
pub mod tiles;
pub mod view;

pub use view::MapView;
