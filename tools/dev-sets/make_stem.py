#!/usr/bin/python3
"""Builds the Space Invaders vocal-stem dev song: the mix minus its aligned instrumental.

  /usr/bin/python3 tools/dev-sets/make_stem.py [--out /work/devsets/ultrastar-stem]

The karaoke track of the same recording is aligned to the mix (lag found by cross-correlation
near the measured 2,440 samples at 16 kHz, gain by least squares), then removed in the STFT
magnitude domain: mask = max(0, 1 - over * |gain * I| / |M|), smoothed over neighbouring bins
and frames, applied to the mix's complex spectrum. The result is a separated-vocal-like stem
with residue, written as 16 kHz mono WAV next to a copy of song.txt whose #MP3 names it, so
any UltraStar reader can use the folder. The folder is outside git: Space Invaders is
CC BY-NC-ND and this stem is a derivative used only for measurement, never shipped or trained on.
"""
import argparse
import os
import re
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from audio_io import SR, decode, write_wav  # noqa: E402

SONG = "Pornophonique - Space Invaders"
SRC = os.path.join(HERE, "..", "..", "..", "shared", "data", "ultrastar", SONG)
NFFT, HOP = 1024, 256


def find_lag(mix, inst, around=2440, search=800):
    """Lag L (samples) such that mix[n] ~ inst[n - L], searched around the measured value."""
    seg = slice(SR * 20, SR * 80)
    m = mix[seg]
    best, best_c = around, -1.0
    for lag in range(around - search, around + search + 1):
        i = inst[seg.start - lag: seg.stop - lag]
        c = float(np.dot(m, i) / (np.linalg.norm(i) * np.linalg.norm(m) + 1e-9))
        if c > best_c:
            best, best_c = lag, c
    return best, best_c


def shift(x, lag, n):
    """x delayed by lag samples, cut or padded to n."""
    y = np.zeros(n, np.float32)
    if lag >= 0:
        k = min(n - lag, len(x))
        y[lag:lag + k] = x[:k]
    else:
        k = min(n, len(x) + lag)
        y[:k] = x[-lag:-lag + k]
    return y


def stem(mix, inst_aligned, over=1.3):
    win = torch.hann_window(NFFT)
    M = torch.stft(torch.from_numpy(mix), NFFT, HOP, window=win, return_complex=True)
    I = torch.stft(torch.from_numpy(inst_aligned), NFFT, HOP, window=win, return_complex=True)
    mask = torch.clamp(1.0 - over * I.abs() / (M.abs() + 1e-7), 0.0, 1.0)
    mask = F.avg_pool2d(mask[None, None], (3, 3), 1, 1)[0, 0]
    y = torch.istft(M * mask, NFFT, HOP, window=win, length=len(mix))
    return y.numpy().astype(np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/work/devsets/ultrastar-stem")
    ap.add_argument("--over", type=float, default=1.3, help="over-subtraction factor of the magnitude mask")
    a = ap.parse_args()
    mix = decode(os.path.join(SRC, "audio.mp3"))
    inst = decode(os.path.join(SRC, "instrumental.mp3"))
    lag, corr = find_lag(mix, inst)
    ia = shift(inst, lag, len(mix))
    gain = float(np.dot(mix, ia) / (np.dot(ia, ia) + 1e-9))
    y = stem(mix, ia * gain, a.over)
    rms = lambda v: 10 * np.log10(np.mean(v.astype(np.float64) ** 2) + 1e-12)  # noqa: E731
    print("lag %d samples (corr %.3f), gain %.3f; mix %.1f dBFS, stem %.1f dBFS, plain difference %.1f dBFS"
          % (lag, corr, gain, rms(mix), rms(y), rms(mix - gain * ia)))
    folder = os.path.join(a.out, SONG + " (stem)")
    os.makedirs(folder, exist_ok=True)
    write_wav(os.path.join(folder, "audio.wav"), y / max(1.0, float(np.max(np.abs(y))) / 0.98))
    with open(os.path.join(SRC, "song.txt"), encoding="utf-8") as f:
        txt = f.read()
    txt = re.sub(r"(?m)^#MP3:.*$", "#MP3:audio.wav", txt, count=1)
    txt = re.sub(r"(?m)^#TITLE:(.*)$", lambda m: "#TITLE:" + m.group(1).rstrip() + " (stem)", txt, count=1)
    with open(os.path.join(folder, "song.txt"), "w", encoding="utf-8") as f:
        f.write(txt)
    with open(os.path.join(SRC, "license.txt"), encoding="utf-8") as f:
        lic = f.read()
    with open(os.path.join(folder, "license.txt"), "w", encoding="utf-8") as f:
        f.write("Derived by tools/dev-sets/make_stem.py (mix minus aligned instrumental, STFT magnitude mask)"
                " for measurement only; not to be shared or trained on.\n\n" + lic)
    print("wrote", folder)


if __name__ == "__main__":
    main()
