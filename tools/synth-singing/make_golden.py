#!/usr/bin/python3
"""Write a synthetic FRENCH sung golden set in the layout of shared/golden/jamendo.

  /usr/bin/python3 make_golden.py --seed 7 --out /tmp/synth-golden --songs 12

One folder per song: audio.wav (16 kHz mono; --format mp3 for a small file), lyrics.txt
(one sung line per line, blank line between paragraphs), words.txt, words.csv
(word_start,word_end,line_end), lines.csv (start_time,end_time,lyrics_line), plus a
metadata.csv for the set (Jamendo's columns, then the generation parameters).
Texts are the held-out French lines (synthsing.text.is_heldout) and voices are the
held-out espeak variants, so a model trained by tools/acoustic-model never saw them.
Songs cycle through the vocal-to-music ratios given by --vmr.
"""
import argparse
import csv
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from synthsing import sing  # noqa: E402
from synthsing.music import accompaniment  # noqa: E402
from synthsing.text import corpus, is_heldout, lyric_like_fr, vocalise_line  # noqa: E402

SR = 16000
HELDOUT_VARIANTS = ["f4", "m6", "klatt3", "Andrea", "norbert", "steph2", "Lee", "aunty"]


def rms(x):
    return float(np.sqrt(np.mean(np.asarray(x, np.float64) ** 2) + 1e-12))


def make_song(rng, lines_pool, n_par, lines_per_par, vmr_db, vocalise_share=0.0):
    voice = str(rng.choice(sing.LANG_VOICE_ALT["fr"])) + "+" + str(rng.choice(HELDOUT_VARIANTS))
    melody = sing.Melody(rng, bpm=float(rng.uniform(75, 140)))
    rate = int(rng.uniform(120, 165))
    base_pitch = int(rng.uniform(25, 70))
    vib = dict(rate=float(rng.uniform(4.8, 6.2)), depth=float(rng.uniform(0.15, 0.5)), onset=0.25)
    style = dict(cons=float(rng.uniform(0.9, 1.1)), legato=float(rng.uniform(0.3, 1.0)))
    paragraphs = []
    used = set()
    for p in range(n_par):
        par = []
        while len(par) < lines_per_par:
            i = int(rng.integers(len(lines_pool)))
            if i in used:
                continue
            used.add(i)
            # no draw at share 0, so sets made before this option are unchanged
            par.append(vocalise_line(rng, "fr") if vocalise_share > 0 and rng.random() < vocalise_share else lines_pool[i])
        paragraphs.append(par)
    t = float(rng.uniform(2.0, 6.0))  # instrumental intro
    pieces = []  # (start_sample, audio)
    out_lines = []  # (line_text, [(word, s, e)], paragraph index)
    for pi, par in enumerate(paragraphs):
        chorus = pi % 2 == 1
        for line in par:
            held = line not in lines_pool
            for attempt in range(4):
                r = sing.render_line(line, "fr", rng, mode="sing", voice=voice, melody=melody, rate=rate,
                                     base_pitch=base_pitch, vib=vib, style=dict(style, hold=True) if held else style,
                                     n_double=(2 if chorus else 0), harmony=chorus)
                if r is not None and r[1] is not None:
                    break
            else:
                continue
            audio, words, _ = r
            audio = sing.reverb(audio, rng, SR, wet=0.25)
            s0 = int(round(t * SR))
            pieces.append((s0, audio))
            out_lines.append((line, [(w, t + a, t + b) for w, a, b in words], pi))
            t += len(audio) / SR + float(rng.uniform(0.3, 1.5))
        t += float(rng.uniform(2.0, 5.0))
    n = int((t + 2.0) * SR)
    vox = np.zeros(n, np.float32)
    for s0, a in pieces:
        vox[s0:s0 + len(a)] += a
    active = np.concatenate([a for _, a in pieces])
    music, desc = accompaniment(rng, n / SR, bpm=melody.bpm, key=melody.key, minor=melody.scale != "major")
    music = np.pad(music, (0, max(0, n - len(music))))[:n]  # the renderer can come out one sample short
    music = music / (rms(music) + 1e-9) * rms(active) * 10 ** (-vmr_db / 20)
    mix = vox + music
    mix = mix / (np.max(np.abs(mix)) + 1e-9) * 0.89
    info = dict(voice=voice, bpm=round(melody.bpm, 1), key=melody.key, scale=melody.scale, vmr_db=vmr_db,
                rate=rate, pitch=base_pitch, **{"music_" + k: v for k, v in desc.items()})
    info["doubled_paragraphs"] = "odd paragraphs sung by 3 voices (doubling + harmony)"
    return mix, out_lines, info


def write_song(folder, mix, out_lines, fmt):
    os.makedirs(folder, exist_ok=True)
    pcm = np.clip(mix * 32767, -32768, 32767).astype(np.int16)
    if fmt == "wav":
        import scipy.io.wavfile as wf
        wf.write(os.path.join(folder, "audio.wav"), SR, pcm)
    else:
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "s16le", "-ar", str(SR), "-ac", "1", "-i", "-",
                        "-b:a", "48k", os.path.join(folder, "audio.mp3")], input=pcm.tobytes(), check=True)
    with open(os.path.join(folder, "lyrics.txt"), "w", encoding="utf-8") as f:
        prev = None
        for line, _, pi in out_lines:
            if prev is not None and pi != prev:
                f.write("\n")
            f.write(line + "\n")
            prev = pi
    with open(os.path.join(folder, "words.txt"), "w", encoding="utf-8") as f:
        for _, words, _ in out_lines:
            for w, _, _ in words:
                f.write(w + "\n")
    with open(os.path.join(folder, "words.csv"), "w", encoding="utf-8") as f:
        f.write("word_start,word_end,line_end\n")
        for _, words, _ in out_lines:
            for k, (w, s, e) in enumerate(words):
                le = "%.9f" % words[-1][2] if k == len(words) - 1 else "nan"
                f.write("%.9f,%.9f,%s\n" % (s, e, le))
    with open(os.path.join(folder, "lines.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("start_time,end_time,lyrics_line\n")
        for line, words, _ in out_lines:
            f.write("%.9f,%.9f,%s\n" % (words[0][1], words[-1][2], line))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True)
    ap.add_argument("--songs", type=int, default=8)
    ap.add_argument("--vmr", default="0,5,10,20", help="vocal-to-music ratios in dB, cycled over songs")
    ap.add_argument("--paragraphs", default="2:4", help="min:max paragraphs per song")
    ap.add_argument("--lines", default="2:4", help="min:max lines per paragraph")
    ap.add_argument("--format", default="wav", choices=["wav", "mp3"])
    ap.add_argument("--vocalise-share", type=float, default=0.0,
                    help="share of lines replaced by vocalise lines (\"ooh ooh ooh\") sung on long held notes")
    a = ap.parse_args()
    vmrs = [float(v) for v in a.vmr.split(",")]
    pool = lyric_like_fr([l for l in corpus("fr") if is_heldout(l)])
    if not pool:
        sys.exit("no French text found: run tools/acoustic-model/install-deps.sh")
    rows = []
    for k in range(a.songs):
        rng = np.random.default_rng([a.seed, k])
        p_lo, p_hi = (int(x) for x in a.paragraphs.split(":"))
        l_lo, l_hi = (int(x) for x in a.lines.split(":"))
        vmr = vmrs[k % len(vmrs)]
        mix, out_lines, info = make_song(rng, pool, int(rng.integers(p_lo, p_hi + 1)),
                                         int(rng.integers(l_lo, l_hi + 1)), vmr, a.vocalise_share)
        name = "synth_fr_%03d_vmr%+03d" % (k, int(vmr))
        write_song(os.path.join(a.out, name), mix, out_lines, a.format)
        rows.append(dict(URL="", Filepath=name + "." + a.format, Artist="synth-singing", Title=name, Genre="Synthetic",
                         LicenseType="generated", Language="French", LyricOverlap="false",
                         Polyphonic=str(len(set(pi for _, _, pi in out_lines)) > 1).lower(), NonLexical="false", Seed="%d/%d" % (a.seed, k),
                         **{k2: v for k2, v in info.items()}))
        print("%s: %.1f s, %d lines, %d words, vmr %+.0f dB, voice %s" %
              (name, len(mix) / SR, len(out_lines), sum(len(w) for _, w, _ in out_lines), vmr, info["voice"]), flush=True)
    keys = list(rows[0].keys())
    for r in rows:
        for k2 in r:
            if k2 not in keys:
                keys.append(k2)
    with open(os.path.join(a.out, "metadata.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        for r in rows:
            w.writerow(r)


if __name__ == "__main__":
    main()
