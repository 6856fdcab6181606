#!/bin/sh
# Idempotent: installs every Debian package the synth-singing generator and the
# acoustic-model recipe use. Safe to re-run; apt-get skips what is present.
set -e
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq || true
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  ffmpeg python3-torch python3-torchaudio python3-onnx python3-numpy python3-scipy \
  libopenblas0-pthread espeak-ng libespeak-ng1 libespeak-ng-dev sox rubberband-cli \
  fluidsynth fluid-soundfont-gm aubio-tools pocketsphinx-testdata \
  fortune-mod fortunes fortunes-de fortunes-es fortunes-it fortunes-br \
  manpages-fr debian-reference-fr wfrench \
  gcc libc6-dev
# ONNX Runtime (for build_ort_run.sh) comes from the NuGet cache filled by the C# restore
# (Microsoft.ML.OnnxRuntime); it is not a Debian package.
