//! Clusters of markers, for maps with more places than can be told apart: at low zoom, the
//! places within a few dozen pixels of one another are drawn as one disc with their count,
//! and a click on it zooms in to them.
//!
//! Clusters are worked out in Web-Mercator space, not on screen, so that panning does not
//! change them; they change only with the zoom (in half levels) and with what is shown.
//! The spatial index is `rstar`'s R*-tree.

use rstar::RTree;
use rstar::primitives::GeomWithData;

use super::camera::{TILE_PX, mercator_from_lon_lat};

/// Places closer than this on screen, in points, join one cluster.
pub const CLUSTER_RADIUS_PX: f64 = 40.0;

/// Below this many shown places the map draws every marker and spreads crowds instead.
pub const CLUSTER_FROM: usize = 60;

/// A point to cluster: a place, where it is, and how much it weighs (articles naming it).
#[derive(Clone, Copy, Debug)]
pub struct ClusterPoint {
    /// The place's index.
    pub place: usize,
    /// Where it is, `[lon, lat]` in degrees.
    pub lon_lat: [f64; 2],
    /// Its weight: the heaviest place of a cluster leads it.
    pub weight: u32,
}

/// One or more places drawn as one.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// The places, the heaviest first.
    pub members: Vec<usize>,
    /// Where it is drawn: at its heaviest member, `[lon, lat]`. Heaviest members are more
    /// than [`CLUSTER_RADIUS_PX`] apart, so two clusters' discs never overlap.
    pub lon_lat: [f64; 2],
    /// Its members' bounds: `[west, south, east, north]`.
    pub bounds_lon_lat: [f64; 4],
    /// The sum of its members' weights.
    pub weight: u32,
}

type Indexed = GeomWithData<[f64; 2], usize>;

/// The points, indexed once, to be clustered at any zoom.
pub struct ClusterIndex {
    points: Vec<ClusterPoint>,
    mercator: Vec<[f64; 2]>,
    tree: RTree<Indexed>,
}

impl ClusterIndex {
    /// Indexes `points`.
    pub fn new(points: Vec<ClusterPoint>) -> ClusterIndex {
        let mercator: Vec<[f64; 2]> = points
            .iter()
            .map(|p| mercator_from_lon_lat(p.lon_lat))
            .collect();
        let tree = RTree::bulk_load(
            mercator
                .iter()
                .enumerate()
                .map(|(i, &m)| Indexed::new(m, i))
                .collect(),
        );
        ClusterIndex {
            points,
            mercator,
            tree,
        }
    }

    /// How many points there are.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The clusters at `zoom`: greedily, the heaviest unclaimed point takes every unclaimed
    /// point within [`CLUSTER_RADIUS_PX`] of it.
    pub fn clusters(&self, zoom: f64) -> Vec<Cluster> {
        let radius = CLUSTER_RADIUS_PX / (TILE_PX * 2f64.powf(zoom));
        let mut order: Vec<usize> = (0..self.points.len()).collect();
        order.sort_by_key(|&i| {
            (
                std::cmp::Reverse(self.points[i].weight),
                self.points[i].place,
            )
        });
        let mut claimed = vec![false; self.points.len()];
        let mut clusters = Vec::new();
        for i in order {
            if claimed[i] {
                continue;
            }
            claimed[i] = true;
            let mut members = vec![i];
            let mut near: Vec<usize> = self
                .tree
                .locate_within_distance(self.mercator[i], radius * radius)
                .map(|p| p.data)
                .filter(|&j| !claimed[j])
                .collect();
            near.sort_by_key(|&j| {
                (
                    std::cmp::Reverse(self.points[j].weight),
                    self.points[j].place,
                )
            });
            for j in near {
                claimed[j] = true;
                members.push(j);
            }
            clusters.push(self.cluster_of(&members));
        }
        clusters
    }

    fn cluster_of(&self, members: &[usize]) -> Cluster {
        let mut weight = 0u32;
        let mut bounds = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        for &i in members {
            let point = &self.points[i];
            weight += point.weight;
            let [lon, lat] = point.lon_lat;
            bounds = [
                bounds[0].min(lon),
                bounds[1].min(lat),
                bounds[2].max(lon),
                bounds[3].max(lat),
            ];
        }
        Cluster {
            members: members.iter().map(|&i| self.points[i].place).collect(),
            lon_lat: members
                .first()
                .map_or([0.0, 0.0], |&i| self.points[i].lon_lat),
            bounds_lon_lat: bounds,
            weight,
        }
    }
}

/// The zoom that clusters are worked out at for a view at `zoom`: half levels, so that a
/// smooth zoom does not regroup them every frame.
pub fn cluster_zoom(zoom: f64) -> f64 {
    (zoom * 2.0).floor() / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(place: usize, lon: f64, lat: f64, weight: u32) -> ClusterPoint {
        ClusterPoint {
            place,
            lon_lat: [lon, lat],
            weight,
        }
    }

    #[test]
    fn near_places_cluster_far_out_and_part_when_zoomed_in() {
        // Paris, Versailles (20 km away) and Tokyo.
        let index = ClusterIndex::new(vec![
            point(0, 2.35, 48.86, 3),
            point(1, 2.13, 48.80, 9),
            point(2, 139.7, 35.7, 1),
        ]);
        let far = index.clusters(3.0);
        assert_eq!(far.len(), 2);
        let europe = far.iter().find(|c| c.members.len() == 2).unwrap();
        assert_eq!(europe.members, [1, 0], "the heavier place leads");
        assert_eq!(europe.weight, 12);
        assert!(europe.bounds_lon_lat[0] <= 2.13 && europe.bounds_lon_lat[2] >= 2.35);
        assert_eq!(europe.lon_lat, [2.13, 48.80], "drawn at its heaviest place");
        let near = index.clusters(12.0);
        assert_eq!(near.len(), 3);
        assert!(near.iter().all(|c| c.members.len() == 1));
    }

    #[test]
    fn every_place_is_in_exactly_one_cluster() {
        let points: Vec<ClusterPoint> = (0..500)
            .map(|i| {
                point(
                    i,
                    (i as f64 * 7.3) % 360.0 - 180.0,
                    (i as f64 * 3.1) % 140.0 - 70.0,
                    1,
                )
            })
            .collect();
        let index = ClusterIndex::new(points);
        for zoom in [0.0, 2.0, 5.0, 9.0] {
            let mut seen: Vec<usize> = index
                .clusters(zoom)
                .iter()
                .flat_map(|c| c.members.clone())
                .collect();
            seen.sort_unstable();
            assert_eq!(seen, (0..500).collect::<Vec<_>>(), "zoom {zoom}");
        }
        assert!(index.clusters(0.0).len() < index.clusters(9.0).len());
    }

    #[test]
    fn cluster_zoom_moves_in_half_levels() {
        assert_eq!(cluster_zoom(3.74), 3.5);
        assert_eq!(cluster_zoom(4.0), 4.0);
    }
}
