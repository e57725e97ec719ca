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
cat > "$work/fgt.py" <<'PY'
import sys
from flashgeotext.geotext import GeoText
text = open(sys.argv[1], encoding="utf-8").read()
GeoText().extract(input_text=text)
PY
t0=$(date +%s.%N); target/release/article-map extract "$work/news.txt" --format jsonl >/dev/null; t1=$(date +%s.%N)
python3 "$work/fgt.py" "$work/news.txt"; t2=$(date +%s.%N)
python3 - "$t0" "$t1" "$t2" "$(stat -c %s "$work/news.txt")" <<'PY'
import sys
t0, t1, t2, size = map(float, sys.argv[1:])
ours, theirs = t1 - t0, t2 - t1
print(f"10 MB of news: article-map extract {ours:.2f} s ({size / ours / 1e6:.0f} MB/s), "
      f"flashgeotext {theirs:.2f} s ({size / theirs / 1e6:.1f} MB/s): {theirs / ours:.0f}x faster")
PY
