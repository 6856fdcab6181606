#!/usr/bin/env bash
# The dev tables: UltraStar dev mixes, the Space Invaders stem, synthetic seed 101 (16 songs), each model against
# line-spread, lines none / lrc / oracle.
#   MODELS="v2 v3" benchmarks/run-dev.sh
# Needs ../shared/data/ultrastar, the stem from tools/dev-sets/make_stem.py (/work/devsets/ultrastar-stem) and the
# synthetic set from tools/acoustic-model/recipe_v3.sh (tools/acoustic-model/work/golden-synth).
set -euo pipefail
cd "$(dirname "$0")/.."
models=${MODELS:-"v2 v3"}
stem=${STEM_SET:-/work/devsets/ultrastar-stem}
synth=${SYNTH_SET:-tools/acoustic-model/work/golden-synth}
dotnet build src/Kiaraoke.Cli -c Release -v q -nologo >/dev/null
cli=(dotnet src/Kiaraoke.Cli/bin/Release/net10.0/kiaraoke.dll)
run() {
  local out=$1; shift
  for lines in none lrc oracle; do
    for m in $models; do
      "${cli[@]}" bench "$@" --engine ctc --model "models/kiaraoke-ctc-$m" --tag "$m" --lines "$lines" --runs 1 --out "$out" >/dev/null
    done
    "${cli[@]}" bench "$@" --engine line-spread --lines "$lines" --runs 1 --out "$out" >/dev/null
  done
}
run benchmarks/results/ultrastar-dev --golden ../shared/data/ultrastar --songs benchmarks/ultrastar-dev.txt
run benchmarks/results/ultrastar-stem --golden "$stem"
run benchmarks/results/synth-fr-seed101 --golden "$synth"
echo "results in benchmarks/results/{ultrastar-dev,ultrastar-stem,synth-fr-seed101}"
