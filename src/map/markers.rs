//! Where markers and their labels go on screen, and which marker the pointer is on.
//!
//! Places a few kilometres apart (Vladivostok, Russky Island and the summit venue) land on
//! the same pixels at a regional zoom. Markers closer than [`CLUSTER_PX`] are spread on a
//! small circle around their common centre, each with a leader line to its true position,
//! so every one stays visible and clickable. Each label then takes the first spot around
//! its marker that collides with nothing placed before it; the selected and hovered places,
//! then places earlier in the story, get the first pick. A label with no free spot is left
//! out rather than drawn over another marker or label, as atlases do: its marker still
//! shows, and hovering or selecting it brings the label back.

use egui::{Pos2, Rect, Vec2, pos2, vec2};

/// Radius of a marker's dot, in points.
pub const MARKER_RADIUS: f32 = 7.0;

/// Markers whose dots are closer than this are spread apart.
pub const CLUSTER_PX: f32 = 2.0 * MARKER_RADIUS + 6.0;

/// The most markers a crowd is spread for. The circle of a larger crowd (a long text's
/// hundreds of places, seen from far out) would reach across the map, its leader lines a
/// tangle: such a crowd stays where it is until the reader zooms in.
const MAX_SPREAD: usize = 24;

/// What the layout needs to know about one marker.
#[derive(Clone, Copy, Debug)]
pub struct MarkerInput {
    /// Index of the place in the story.
    pub place: usize,
    /// The place's projected position.
    pub pos_on_screen: Pos2,
    /// Size of its label text.
    pub label_size: Vec2,
    /// Whether the label is shown even where it must overlap something (the selected or
    /// hovered place).
    pub label_required: bool,
}

/// Where one marker and its label are drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MarkerLayout {
    /// Index of the place in the story.
    pub place: usize,
    /// The place's true projected position.
    pub anchor_on_screen: Pos2,
    /// Where the dot is drawn: the anchor, or spread away from a crowd.
    pub pos_on_screen: Pos2,
    /// Where the label is drawn; `None` where there was no room for it.
    pub label_rect: Option<Rect>,
}

impl MarkerLayout {
    /// Whether the marker was moved away from its true position.
    pub fn displaced(&self) -> bool {
        self.anchor_on_screen.distance(self.pos_on_screen) > 0.5
    }
}

/// Lays out markers given in story order (first mentioned first), keeping labels inside
/// `bounds` where they can. Required labels are placed first, then the others in order.
pub fn layout_markers(inputs: &[MarkerInput], bounds: Rect) -> Vec<MarkerLayout> {
    layout_markers_avoiding(inputs, bounds, &[])
}

/// [`layout_markers`], with labels also kept off `keep_clear` (the clusters' discs).
pub fn layout_markers_avoiding(
    inputs: &[MarkerInput],
    bounds: Rect,
    keep_clear: &[Rect],
) -> Vec<MarkerLayout> {
    let positions = spread_clusters(inputs);
    let mut obstacles: Vec<Rect> = positions
        .iter()
        .map(|&p| Rect::from_center_size(p, Vec2::splat(2.0 * MARKER_RADIUS + 2.0)))
        .collect();
    obstacles.extend_from_slice(keep_clear);
    // The leader lines of spread markers are kept clear too.
    obstacles.extend(
        inputs
            .iter()
            .zip(&positions)
            .filter(|(input, pos)| input.pos_on_screen.distance(**pos) > 0.5)
            .map(|(input, &pos)| Rect::from_two_pos(input.pos_on_screen, pos).expand(1.0)),
    );
    let mut layouts: Vec<MarkerLayout> = inputs
        .iter()
        .zip(&positions)
        .map(|(input, &pos)| MarkerLayout {
            place: input.place,
            anchor_on_screen: input.pos_on_screen,
            pos_on_screen: pos,
            label_rect: None,
        })
        .collect();
    // Required labels first; the markers themselves keep their order, so that selecting a
    // place never moves a marker.
    let mut label_order: Vec<usize> = (0..inputs.len()).collect();
    label_order.sort_by_key(|&i| !inputs[i].label_required);
    for i in label_order {
        let (input, pos) = (&inputs[i], positions[i]);
        let away = pos - input.pos_on_screen;
        let label_rect = place_label(
            pos,
            input.label_size,
            away,
            &obstacles,
            bounds,
            input.label_required,
        );
        obstacles.extend(label_rect);
        layouts[i].label_rect = label_rect;
    }
    layouts
}

/// Drawn positions: crowds (single-linkage within [`CLUSTER_PX`]) of up to [`MAX_SPREAD`]
/// markers go on a circle. A crowd spread onto another marker takes that marker in, and is
/// spread again, until no two markers overlap.
fn spread_clusters(inputs: &[MarkerInput]) -> Vec<Pos2> {
    let n = inputs.len();
    let mut cluster: Vec<usize> = (0..n).collect();
    fn root(cluster: &mut [usize], mut i: usize) -> usize {
        while cluster[i] != i {
            cluster[i] = cluster[cluster[i]];
            i = cluster[i];
        }
        i
    }
    let mut positions: Vec<Pos2> = inputs.iter().map(|i| i.pos_on_screen).collect();
    // Each round merges at least two crowds, so there are at most n rounds.
    for _ in 0..n {
        let mut merged = false;
        for i in 0..n {
            for j in (i + 1)..n {
                if positions[i].distance(positions[j]) < CLUSTER_PX {
                    let (a, b) = (root(&mut cluster, i), root(&mut cluster, j));
                    if a != b {
                        cluster[b.max(a)] = a.min(b);
                        merged = true;
                    }
                }
            }
        }
        if !merged {
            break;
        }
        positions = inputs.iter().map(|i| i.pos_on_screen).collect();
        let mut crowds: Vec<Vec<usize>> = vec![Vec::new(); n];
        for i in 0..n {
            crowds[root(&mut cluster, i)].push(i);
        }
        for members in crowds {
            if !(2..=MAX_SPREAD).contains(&members.len()) {
                continue;
            }
            let centre = members.iter().fold(Vec2::ZERO, |sum, &i| {
                sum + inputs[i].pos_on_screen.to_vec2()
            }) / members.len() as f32;
            let radius = (CLUSTER_PX * 0.9).max(members.len() as f32 * (MARKER_RADIUS + 2.0) / 1.5);
            for (k, &i) in members.iter().enumerate() {
                // Start at the top and go clockwise, so the first-mentioned sits on top.
                let angle = -std::f32::consts::FRAC_PI_2
                    + k as f32 * std::f32::consts::TAU / members.len() as f32;
                positions[i] = centre.to_pos2() + radius * vec2(angle.cos(), angle.sin());
            }
        }
    }
    positions
}

/// The first label spot around `pos` that overlaps no obstacle, preferring the side that
/// faces `away`; failing that, the spot that overlaps least if the label is `required`, else
/// none.
fn place_label(
    pos: Pos2,
    size: Vec2,
    away: Vec2,
    obstacles: &[Rect],
    bounds: Rect,
    required: bool,
) -> Option<Rect> {
    let gap = MARKER_RADIUS + 4.0;
    let right = Rect::from_min_size(pos2(pos.x + gap, pos.y - size.y / 2.0), size);
    let left = Rect::from_min_size(pos2(pos.x - gap - size.x, pos.y - size.y / 2.0), size);
    let above = Rect::from_min_size(pos2(pos.x - size.x / 2.0, pos.y - gap - size.y), size);
    let below = Rect::from_min_size(pos2(pos.x - size.x / 2.0, pos.y + gap), size);
    let diagonal = |dx: f32, dy: f32| {
        let x = if dx > 0.0 {
            pos.x + gap * 0.7
        } else {
            pos.x - gap * 0.7 - size.x
        };
        let y = if dy > 0.0 {
            pos.y + gap * 0.5
        } else {
            pos.y - gap * 0.5 - size.y
        };
        Rect::from_min_size(pos2(x, y), size)
    };
    let mut candidates = [
        right,
        left,
        above,
        below,
        diagonal(1.0, -1.0),
        diagonal(1.0, 1.0),
        diagonal(-1.0, -1.0),
        diagonal(-1.0, 1.0),
    ];
    if away.length() > 0.5 {
        // A spread marker's label goes on the outside of its crowd.
        candidates.sort_by(|a, b| {
            let score = |r: &Rect| -(r.center() - pos).normalized().dot(away.normalized());
            score(a).total_cmp(&score(b))
        });
    }
    let overlap = |r: &Rect| -> f32 {
        let outside = r.area() - r.intersect(bounds).area().max(0.0);
        outside
            + obstacles
                .iter()
                .map(|o| {
                    let i = r.intersect(*o);
                    if i.is_positive() { i.area() } else { 0.0 }
                })
                .sum::<f32>()
    };
    let free = candidates.iter().find(|r| overlap(r) == 0.0).copied();
    if free.is_some() || !required {
        return free;
    }
    candidates
        .iter()
        .copied()
        .min_by(|a, b| overlap(a).total_cmp(&overlap(b)))
}

/// The marker under `pointer`: the nearest dot within reach; else the true position of a
/// spread marker (the small dot at the end of its leader line); else a label that contains
/// the pointer. Later markers are drawn on top, so they win ties.
pub fn marker_at(layouts: &[MarkerLayout], pointer: Pos2) -> Option<usize> {
    let nearest_within = |reach: f32, pos: fn(&MarkerLayout) -> Pos2| {
        layouts
            .iter()
            .map(|l| (l, pos(l).distance(pointer)))
            .filter(|(_, d)| *d <= reach)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(l, _)| l.place)
    };
    let nearest_dot = nearest_within(MARKER_RADIUS + 3.0, |l| l.pos_on_screen);
    let nearest_anchor = || nearest_within(MARKER_RADIUS, |l| l.anchor_on_screen);
    nearest_dot.or_else(nearest_anchor).or_else(|| {
        layouts
            .iter()
            .rev()
            .find(|l| {
                l.label_rect
                    .is_some_and(|r| r.expand(2.0).contains(pointer))
            })
            .map(|l| l.place)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOUNDS: Rect = Rect {
        min: pos2(0.0, 0.0),
        max: pos2(1000.0, 1000.0),
    };

    #[test]
    fn a_label_at_the_edge_goes_to_the_side_that_fits() {
        let layouts = layout_markers(&[input(0, 990.0, 500.0)], BOUNDS);
        let label = layouts[0].label_rect.expect("a lone marker has its label");
        assert!(BOUNDS.contains_rect(label), "{layouts:?}");
    }

    fn input(place: usize, x: f32, y: f32) -> MarkerInput {
        MarkerInput {
            place,
            pos_on_screen: pos2(x, y),
            label_size: vec2(60.0, 14.0),
            label_required: false,
        }
    }

    #[test]
    fn markers_far_apart_stay_at_their_true_positions() {
        let layouts = layout_markers(&[input(0, 100.0, 100.0), input(1, 300.0, 100.0)], BOUNDS);
        assert!(layouts.iter().all(|l| !l.displaced()));
    }

    #[test]
    fn markers_on_the_same_spot_are_spread_so_each_can_be_clicked() {
        let inputs = [
            input(0, 200.0, 200.0),
            input(1, 201.0, 202.0),
            input(2, 199.0, 201.0),
        ];
        let layouts = layout_markers(&inputs, BOUNDS);
        for (i, a) in layouts.iter().enumerate() {
            for b in &layouts[i + 1..] {
                assert!(
                    a.pos_on_screen.distance(b.pos_on_screen) >= 2.0 * MARKER_RADIUS,
                    "{a:?} {b:?}"
                );
            }
            assert_eq!(marker_at(&layouts, a.pos_on_screen), Some(a.place));
        }
    }

    #[test]
    fn a_crowd_too_large_for_a_circle_stays_where_it_is() {
        let inputs: Vec<MarkerInput> = (0..MAX_SPREAD + 1)
            .map(|i| input(i, 300.0 + (i % 5) as f32, 200.0 + (i / 5) as f32))
            .collect();
        let layouts = layout_markers(&inputs, BOUNDS);
        for (l, i) in layouts.iter().zip(&inputs) {
            assert_eq!(
                l.pos_on_screen, i.pos_on_screen,
                "no leader lines across the map"
            );
        }
        let fewer = layout_markers(&inputs[..MAX_SPREAD], BOUNDS);
        assert!(
            fewer
                .iter()
                .zip(&inputs)
                .any(|(l, i)| l.pos_on_screen != i.pos_on_screen)
        );
    }

    #[test]
    fn a_crowd_spread_onto_another_marker_takes_it_in() {
        // Two markers on one spot, and a third just where the spreading puts one of them.
        let inputs = [
            input(0, 200.0, 200.0),
            input(1, 200.0, 201.0),
            input(2, 200.0, 182.0),
        ];
        let layouts = layout_markers(&inputs, BOUNDS);
        for (i, a) in layouts.iter().enumerate() {
            for b in &layouts[i + 1..] {
                assert!(
                    a.pos_on_screen.distance(b.pos_on_screen) >= CLUSTER_PX * 0.9,
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn the_true_position_of_a_spread_marker_still_selects_it() {
        let inputs = [input(0, 200.0, 200.0), input(1, 215.0, 200.0)];
        let layouts = layout_markers(&inputs, BOUNDS);
        assert!(layouts[1].displaced());
        assert_eq!(marker_at(&layouts, pos2(215.0, 200.0)), Some(1));
    }

    #[test]
    fn labels_do_not_overlap_each_other_or_other_markers() {
        let inputs: Vec<MarkerInput> = (0..6)
            .map(|i| input(i, 200.0 + 12.0 * i as f32, 200.0 + 9.0 * i as f32))
            .collect();
        let layouts = layout_markers(&inputs, BOUNDS);
        assert!(
            layouts[0].label_rect.is_some(),
            "the first place is labelled"
        );
        for (i, a) in layouts.iter().enumerate() {
            let Some(label) = a.label_rect else { continue };
            for b in &layouts[i + 1..] {
                assert!(
                    b.label_rect.is_none_or(|other| !label.intersects(other)),
                    "{a:?} {b:?}"
                );
            }
            for b in &layouts {
                let dot = Rect::from_center_size(b.pos_on_screen, Vec2::splat(2.0 * MARKER_RADIUS));
                assert!(!label.intersects(dot), "label {a:?} on dot {b:?}");
            }
        }
    }

    #[test]
    fn a_label_with_no_room_is_left_out_unless_its_place_is_selected() {
        // A map too small for the label on any side of the marker.
        let tiny = Rect::from_min_max(pos2(0.0, 0.0), pos2(40.0, 40.0));
        let mut inputs = [input(0, 20.0, 20.0)];
        let layouts = layout_markers(&inputs, tiny);
        assert_eq!(layouts[0].label_rect, None, "{layouts:?}");
        assert_eq!(
            marker_at(&layouts, pos2(20.0, 20.0)),
            Some(0),
            "the marker still shows"
        );

        inputs[0].label_required = true;
        assert!(layout_markers(&inputs, tiny)[0].label_rect.is_some());
    }

    #[test]
    fn a_required_label_gets_the_first_pick_and_no_marker_moves() {
        let inputs = [
            input(0, 200.0, 200.0),
            input(1, 200.0, 201.0),
            input(2, 201.0, 199.0),
        ];
        let before = layout_markers(&inputs, BOUNDS);
        let mut required = inputs;
        required[2].label_required = true;
        let after = layout_markers(&required, BOUNDS);
        for (a, b) in before.iter().zip(&after) {
            assert_eq!(a.pos_on_screen, b.pos_on_screen, "markers stay put");
        }
        assert!(after[2].label_rect.is_some());
    }

    #[test]
    fn a_crowd_labels_its_first_places_and_never_covers_a_marker() {
        // Twenty places in a small square: not every label fits, but no label covers a dot.
        let inputs: Vec<MarkerInput> = (0..20)
            .map(|i| {
                input(
                    i,
                    400.0 + 23.0 * (i % 5) as f32,
                    400.0 + 23.0 * (i / 5) as f32,
                )
            })
            .collect();
        let layouts = layout_markers(&inputs, BOUNDS);
        assert!(layouts[0].label_rect.is_some());
        assert!(
            layouts.iter().any(|l| l.label_rect.is_none()),
            "some labels give way"
        );
        for a in &layouts {
            let Some(label) = a.label_rect else { continue };
            for b in &layouts {
                let dot = Rect::from_center_size(b.pos_on_screen, Vec2::splat(2.0 * MARKER_RADIUS));
                assert!(!label.intersects(dot), "label {a:?} on dot {b:?}");
            }
        }
    }

    #[test]
    fn the_pointer_finds_the_nearest_marker_and_misses_empty_space() {
        let layouts = layout_markers(&[input(0, 100.0, 100.0), input(1, 300.0, 100.0)], BOUNDS);
        assert_eq!(marker_at(&layouts, pos2(103.0, 98.0)), Some(0));
        assert_eq!(marker_at(&layouts, pos2(297.0, 101.0)), Some(1));
        assert_eq!(marker_at(&layouts, pos2(200.0, 300.0)), None);
    }
}
