#!/usr/bin/env bash
# Regenerates every engine × line-mode result on a golden set and the table in benchmarks/README.md.
#   benchmarks/run-golden.sh [GOLDEN_DIR] [OUT_DIR] [MODEL_DIR]
# Defaults: ../shared/golden/jamendo, benchmarks/results/jamendo, the embedded model.
# SONGS=FILE keeps only the song folders FILE lists (e.g. benchmarks/ultrastar-dev.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
golden=${1:-../shared/golden/jamendo}
out=${2:-benchmarks/results/jamendo}
model=${3:-models/kiaraoke-ctc-v3}
runs=${RUNS:-3}

dotnet build src/Kiaraoke.Cli -c Release -v q -nologo >/dev/null
cli=(dotnet src/Kiaraoke.Cli/bin/Release/net10.0/kiaraoke.dll)
songs=()
[ -n "${SONGS:-}" ] && songs=(--songs "$SONGS")
for engine in uniform line-spread ctc; do
  for lines in none lrc oracle jittered; do
    # uniform ignores line times: one row is enough.
    [ "$engine" = uniform ] && [ "$lines" != none ] && continue
    extra=()
    [ "$engine" = ctc ] && extra=(--model "$model")
    "${cli[@]}" bench --golden "$golden" "${songs[@]}" --engine "$engine" --lines "$lines" --runs "$runs" --out "$out" "${extra[@]}" >/dev/null
  done
done

python3 - "$out" <<'PY'
import pathlib, re, sys
out = pathlib.Path(sys.argv[1])
readme = pathlib.Path("benchmarks/README.md")
table = (out / "SUMMARY.md").read_text()
text = readme.read_text()
start, end = "<!-- results:" + out.name + " -->", "<!-- /results:" + out.name + " -->"
block = f"{start}\n{table}{end}"
if start in text:
    text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
else:
    text += f"\n{block}\n"
readme.write_text(text)
PY
echo "results in $out; table updated in benchmarks/README.md"
