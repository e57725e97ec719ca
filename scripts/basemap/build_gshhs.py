"""Builds a detailed region of the basemap from GSHHG: full-resolution shorelines with lakes,
islands in lakes and ponds, WDB II borders and WDB II rivers (see gshhg.py for the input).

Output: the basemap format described in build_world.py with three layers: land (kind 0; land
and islands counter-clockwise, lakes and ponds clockwise, filled with the non-zero rule, so
lakes are holes and their shores are drawn as coast), borders (kind 2) and rivers (kind 3).
WDB II borders come from the same survey as its rivers, so a border along a river (the
Tumen) follows it, which Natural Earth's borders do not at this scale.

Usage: build_gshhs.py DATA_DIR OUTPUT MIN_LON MIN_LAT MAX_LON MAX_LAT TOLERANCE_DEGREES
       MIN_RIVER_KM
Deterministic: shapes in file order.
"""
import sys

from shapely import clip_by_rect
from shapely.geometry import Polygon
from shapely.geometry.polygon import orient

from gshhg import lines, records, write_layers

data_dir, out_path = sys.argv[1:3]
x0, y0, x1, y1, tolerance, min_river_km = map(float, sys.argv[3:9])
bbox = (x0, y0, x1, y1)

land_rings = []
for level, points in records(data_dir, "gshhs", bbox):
    if len(points) < 4:
        continue
    clipped = clip_by_rect(Polygon(points).buffer(0), *bbox)
    if clipped.is_empty:
        continue
    simple = clipped.simplify(tolerance, preserve_topology=True)
    for p in getattr(simple, "geoms", [simple]):
        if p.geom_type != "Polygon" or p.area < tolerance * tolerance * 16:
            continue
        # Land and islands in lakes wind one way, lakes and ponds the other.
        p = orient(p, 1.0 if level in (1, 3) else -1.0)
        for ring in [p.exterior, *p.interiors]:
            pts = list(ring.coords)
            if len(pts) > 1 and pts[0] == pts[-1]:
                pts.pop()
            if len(pts) >= 3:
                land_rings.append(pts)

borders = lines(data_dir, "countries", bbox, tolerance, 0.0)
rivers = lines(data_dir, "rivers", bbox, tolerance, min_river_km)
size = write_layers(
    out_path,
    [(0, [("land", land_rings)]), (2, [("borders", borders)]), (3, [("rivers", rivers)])],
)
print(f"{out_path}: {size} bytes, {len(land_rings)} rings "
      f"({sum(len(r) for r in land_rings)} points), {len(borders)} border lines, "
      f"{len(rivers)} rivers ({sum(len(r) for r in rivers)} points)")
