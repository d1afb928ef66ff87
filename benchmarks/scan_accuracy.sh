#!/usr/bin/env bash
# Accuracy and time on scans (needs the [ocr] extra).
#   benchmarks/scan_accuracy.sh [CORPUS_DIR] [REAL_DIR]
#     CORPUS_DIR: a corpus with gold/ and scan/ (default ../shared/corpus): its scans scored.
#     REAL_DIR:   the real notices, text/ and gold/ (default ../shared/corpus/real): rendered as
#                 scans with RENDERER (a render_corpus.py with the column fix of
#                 benchmarks/render_corpus_columns.patch; skipped when RENDERER is unset),
#                 then parsed and scored against REAL_DIR/gold. RENDER_PYTHON runs it.
# Prints each run's wall time (the CLI's default --jobs) and the scorer's summary.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$here/../shared/corpus}
real=${2:-$here/../shared/corpus/real}
scorer=${SCORER:-$here/../shared/eval/score.py}
run=$(command -v gongkai-parse || echo "$here/.venv/bin/gongkai-parse")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

score() {  # name input-folder gold-folder
  local start=$SECONDS
  "$run" "$2" -o "$tmp/$1" -q >"$tmp/$1.log" 2>&1
  echo "== $1: $(grep -c '^error' "$tmp/$1.log") failed file(s), $((SECONDS - start)) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 "$scorer" --gold "$3" --pred "$tmp/$1" | tail -n 5
}

score scan "$corpus/scan" "$corpus/gold"
if [ -n "${RENDERER:-}" ]; then
  mkdir -p "$tmp/real_scans"
  for gold in "$real"/gold/*.json; do
    stem=$(basename "$gold" .json)
    "${RENDER_PYTHON:-python3}" "$RENDERER" --text "$real/text/$stem.txt" --gold "$gold" \
      --out "$tmp/real_scans" --formats scan >/dev/null
  done
  score real_scan "$tmp/real_scans" "$real/gold"
fi
