#!/usr/bin/env bash
# Body extraction, side by side on the same saved pages in one run: our HTML reader
# (dom_smoothie, with the page's metadata, charset decoding and paragraph joining; criterion,
# on one thread and on both cores) against Python trafilatura's extract() (one process,
# best of 5 rounds).
# The two run twice, in alternation, as this machine's speed wanders from minute to minute.
# Usage: benches/compare-trafilatura.sh [DIR]   (default: tests/fixtures/pages)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath "${1:-tests/fixtures/pages}")
python3 -c 'import trafilatura' 2>/dev/null \
  || python3 -m pip install --quiet trafilatura==2.3.1 lxml_html_clean==0.4.6 >/dev/null
for round in 1 2; do
  echo "round $round"
  PAGES_DIR="$dir" cargo bench --quiet --bench readers -- "web pages" 2>/dev/null \
    | grep -E "web pages|thrpt" | sed 's/^/  article-map: /'
  python3 benches/compare-trafilatura.py "$dir" --rounds 5 | sed 's/^/  trafilatura: /'
done
