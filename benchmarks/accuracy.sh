#!/usr/bin/env bash
# Accuracy on the shared corpus, per rendering: parse each format folder, score with score.py.
#   benchmarks/accuracy.sh [CORPUS_DIR] [FORMATS...]     (default: ../shared/corpus, every format)
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$here/../shared/corpus}; shift || true
formats=${*:-text gb18030 docx html pdf scan}
scorer=$corpus/../eval/score.py
run=$(command -v gongkai-parse || echo "$here/.venv/bin/gongkai-parse")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for fmt in $formats; do
  [ -d "$corpus/$fmt" ] || continue
  "$run" "$corpus/$fmt" -o "$tmp/$fmt" -q >"$tmp/$fmt.log" 2>&1
  echo "== $fmt (exit $?): $(grep -c '^error' "$tmp/$fmt.log") failed file(s)"
  python3 "$scorer" --gold "$corpus/gold" --pred "$tmp/$fmt" | tail -n 4
done
