#!/usr/bin/env bash
# Whole-process comparison on the same 10 MB of news text (the LGL articles repeated):
# `article-map extract` (gazetteer load included) against PyPI flashgeotext.
# Usage: benches/compare-flashgeotext.sh   (needs a release build and ../shared/eval)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip install --quiet flashgeotext==0.5.3 >/dev/null
python3 - "$work/news.txt" <<'PY'
import re, sys
xml = open("../shared/eval/lgl.xml", encoding="utf-8").read()
texts = re.findall(r"<text><!\[CDATA\[(.*?)\]\]></text>", xml, re.S) or re.findall(r"<text>(.*?)</text>", xml, re.S)
unit = "\n\n".join(texts)
out = unit
while len(out.encode()) < 10 * 1024 * 1024:
    out += "\n\n" + unit
open(sys.argv[1], "w", encoding="utf-8").write(out[: 10 * 1024 * 1024])
PY
# The new file is written to disk now, not during the timed runs of either side.
sync "$work/news.txt"
cat > "$work/fgt.py" <<'PY'
import sys
from flashgeotext.geotext import GeoText
text = open(sys.argv[1], encoding="utf-8").read()
GeoText().extract(input_text=text)
PY
# The two sides run in alternation (a first run of each warms the page cache and is not
# counted): on a shared machine one side's runs would otherwise all fall into a busy or a
# quiet spell. Three runs of ours go with each of flashgeotext's, nine rounds (this machine's
# speed wanders by a quarter from minute to minute); the medians are compared.
python3 - "$work" "$(stat -c %s "$work/news.txt")" <<'PY'
import statistics, subprocess, sys, time
work, size = sys.argv[1], int(sys.argv[2])
ours_cmd = ["target/release/article-map", "extract", f"{work}/news.txt", "--format", "jsonl"]
theirs_cmd = ["python3", f"{work}/fgt.py", f"{work}/news.txt"]
def run(cmd):
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0
run(ours_cmd)
run(theirs_cmd)
ours, theirs = [], []
for _ in range(9):
    ours += [run(ours_cmd) for _ in range(3)]
    theirs.append(run(theirs_cmd))
ours, theirs = statistics.median(ours), statistics.median(theirs)
print(f"10 MB of news, median wall time: article-map extract {ours * 1000:.0f} ms "
      f"({size / ours / 1e6:.0f} MB/s), flashgeotext {theirs:.2f} s ({size / theirs / 1e6:.1f} MB/s): "
      f"{theirs / ours:.0f}x faster")
PY
