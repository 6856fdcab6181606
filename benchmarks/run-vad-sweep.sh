#!/bin/bash
# Voice-activity gate sweep on the dev sets only (docs/alignment-weak-evidence.md, "Voice activity in the aligner").
# Writes benchmarks/results/ultrastar-dev-vad and benchmarks/results/ultrastar-stem-vad.
set -euo pipefail
cd "$(dirname "$0")/.."
CLI="dotnet src/Kiaraoke.Cli/bin/Release/net10.0/kiaraoke.dll"
STEM=${STEM:-/work/devsets/ultrastar-stem}
run() { # model voice lines
  local tag="${1#kiaraoke-ctc-}-voice$2"
  $CLI bench --golden ../shared/data/ultrastar --songs benchmarks/ultrastar-dev.txt --engine ctc --lines "$3" --runs 1 \
    --model "models/$1" --voice "$2" --tag "$tag" --out benchmarks/results/ultrastar-dev-vad > /dev/null
  $CLI bench --golden "$STEM" --engine ctc --lines "$3" --runs 1 \
    --model "models/$1" --voice "$2" --tag "$tag" --out benchmarks/results/ultrastar-stem-vad > /dev/null
}
for v in off 0.02 0.05 0.1 0.2; do run kiaraoke-ctc-v2 "$v" none; done
for v in off 0.2 0.5 0.7; do run kiaraoke-ctc-v3 "$v" none; done
for v in off 0.05; do run kiaraoke-ctc-v2 "$v" lrc; done
for v in off 0.5; do run kiaraoke-ctc-v3 "$v" lrc; done
