#!/usr/bin/env bash
# Accuracy on a corpus, per rendering: parse each format folder, score with score.py.
#   benchmarks/accuracy.sh [CORPUS_DIR] [FORMATS...]
#     CORPUS_DIR: a folder with gold/ and one folder per format (default ../shared/corpus);
#                 ../shared/corpus/real for the real notices. GOLD=dir overrides its gold/
#                 (to score renderings made elsewhere against the same answers).
#     FORMATS:    default: every format folder present (text gb18030 docx html pdf scan)
# The scorer is ../shared/eval/score.py (SCORER=path overrides).
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$here/../shared/corpus}; shift || true
formats=${*:-text gb18030 docx html pdf scan}
gold=${GOLD:-$corpus/gold}
scorer=${SCORER:-$here/../shared/eval/score.py}
run=$(command -v gongkai-parse || echo "$here/.venv/bin/gongkai-parse")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for fmt in $formats; do
  [ -d "$corpus/$fmt" ] || continue
  "$run" "$corpus/$fmt" -o "$tmp/$fmt" -q >"$tmp/$fmt.log" 2>&1
  echo "== $fmt (exit $?): $(grep -c '^error' "$tmp/$fmt.log") failed file(s)"
  python3 "$scorer" --gold "$gold" --pred "$tmp/$fmt" | tail -n 5
done
