#!/bin/bash
# The whole v3 recipe: data build + fine-tune from v2 + export (+ dev evaluation). Resumable: every step skips
# what exists, and train.py resumes from its last checkpoint. Usage:
#   tools/acoustic-model/recipe_v3.sh [--device cpu|cuda] [--steps N]
# Reads ../shared/data (development data; never shipped). Writes tools/acoustic-model/work (git-ignored),
# /work/devsets/ultrastar-stem (the Space Invaders stem dev song) and models/kiaraoke-ctc-v3.
set -euo pipefail
DEVICE=cpu
STEPS=850
while [ $# -gt 0 ]; do
  case "$1" in
    --device) DEVICE="$2"; shift 2 ;;
    --steps) STEPS="$2"; shift 2 ;;
    *) echo "usage: $0 [--device cpu|cuda] [--steps N]" >&2; exit 2 ;;
  esac
done
case "$DEVICE" in cpu|cuda) ;; *) echo "--device must be cpu or cuda" >&2; exit 2 ;; esac
cd "$(dirname "$0")"
PY="nice -n 5 /usr/bin/python3"
mkdir -p work/logs
[ -x work/ort_run ] || sh build_ort_run.sh
# 1. synthetic pool (same generator and seed as v2; 6 h of lines instead of 18 h)
$PY gen_data.py --split test --shards 0:1 --shard-seconds 900 --workers 2
$PY gen_data.py --music test --clips 20 --workers 2
$PY gen_data.py --music train --clips 160 --workers 2
$PY gen_data.py --split train --shards 0:12 --workers 2
[ -d work/golden-synth ] || $PY ../synth-singing/make_golden.py --seed 101 --out work/golden-synth --songs 16
# 2. real data: UltraStar train/dev songs, the instrumental, GCompris speech; the Space Invaders stem (dev only)
[ -f work/data/gcompris_train/shard_0000.npz ] || $PY ../dev-sets/make_real_data.py
[ -f "/work/devsets/ultrastar-stem/Pornophonique - Space Invaders (stem)/audio.wav" ] || $PY ../dev-sets/make_stem.py
# 3. v2's torch weights, recovered from the shipped ONNX file
[ -f work/ckpt_v2_recovered/v2.pt ] || $PY recover_onnx.py
# 4. fine-tune: v2 + 4 new 40 ms blocks (start as identities) + the voice-activity head.
# The shipped file is step 710 of this 850-step schedule (chosen by the rule in README section 5). The session's
# run was restarted twice to fit the CPU time (steps 0-100 with --steps 3000, 100-271 with --steps 1800, then
# --steps 850); a resume reseeds the example sampler from the step, so a run without those restarts draws other
# examples: same recipe, not bit-identical weights.
$PY train.py --keep-step 710 --device "$DEVICE" --init work/ckpt_v2_recovered/v2.pt --norm none --blocks 10 --pre 2 --post 2 --vad \
    --real --real-share 0.25 --novoice-share 0.05 --stem-share 0.5 --extra-split gcompris_train \
    --steps "$STEPS" --warmup 150 --lr 6e-4 --vmr-min -12 --music-share 0.85 --ckpt-dir work/ckpt_v3 \
    2>&1 | tee -a work/logs/train_v3real.log
# 5. export and checks, then the dev evaluation (never the golden songs)
$PY export_onnx.py --ckpt work/ckpt_v3/step710.pt --out ../../models/kiaraoke-ctc-v3 --full-check \
    --compare ../../models/kiaraoke-ctc-v2/model.onnx
US=../../../shared/data/ultrastar
$PY evaluate.py --ckpt work/ckpt_v3/last.pt --out work/eval_v3real.json \
    --ultrastar "$US/Jonathan Coulton - Better" --ultrastar "$US/Jonathan Coulton - Flickr" \
    --ultrastar "$US/Jonathan Coulton - Mr. Fancy Pants" --ultrastar "$US/Pornophonique - Space Invaders" \
    --ultrastar "/work/devsets/ultrastar-stem/Pornophonique - Space Invaders (stem)"
