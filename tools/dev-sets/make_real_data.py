#!/usr/bin/python3
"""Builds the v3 training and dev data from the real recordings in ../shared/data.

  /usr/bin/python3 tools/dev-sets/make_real_data.py [--out tools/acoustic-model/work/data]

Splits (fixed by the lead before any training, see tools/acoustic-model/README.md):
- ultrastar_train/: the 8 training Coulton songs, whole mixes (16 kHz int16) + line spans + note spans;
  train.py cuts them at line boundaries into CTC examples, and uses stretches without notes as "no voice".
- ultrastar_dev/: the 3 dev Coulton songs, same format (evaluation only).
- novoice_train/: Shearer - Can't stop it (instrumental only): music without lead vocal, "no voice".
- gcompris_train/shard_0000.npz: GCompris fr/es clips with a transcript, each clip as recorded and once with a
  singing-like pitch contour (notes, glides, vibrato) and slower tempo; the synthetic shard format
  (audio int16 concatenated, offsets, texts).
Space Invaders (CC BY-NC-ND) is never written here: it is a dev song only (tools/dev-sets/make_stem.py).
"""
import argparse
import json
import os
import re
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "synth-singing"))
import ultrastar  # noqa: E402
from audio_io import SR, decode  # noqa: E402
from synthsing.sing import warp_resample, wsola  # noqa: E402
from synthsing.text import targets  # noqa: E402

DATA = os.path.join(HERE, "..", "..", "..", "shared", "data")
TRAIN_SONGS = ["A Talk with George", "Big Bad World One", "Chiron Beta Prime", "Furry Old Lobster",
               "I Feel Fantastic", "Monkey Shines", "Not About You", "That Spells DNA"]
DEV_SONGS = ["Better", "Flickr", "Mr. Fancy Pants"]
NOVOICE = [("Shearer - Can't stop it", "instrumental.mp3")]


def write_song(folder, out_path):
    song = ultrastar.read(os.path.join(folder, "song.txt"))
    audio = decode(os.path.join(folder, song.audio))
    line_spans = np.array([(ln[0][1], ln[-1][2]) for ln in song.lines], np.float64)
    texts = np.array([" ".join(w for w, _, _ in ln) for ln in song.lines])
    voiced = np.array(ultrastar.voiced_spans(song), np.float64)
    np.savez(out_path, audio=(np.clip(audio, -1, 1) * 32767).astype(np.int16), line_spans=line_spans,
             texts=texts, voiced=voiced)
    return len(audio) / SR, len(song.lines), float(np.sum(voiced[:, 1] - voiced[:, 0]))


def po_activities(path):
    """activity name -> msgstr from a gcompris_voices.po file."""
    out, cur, mode, buf = {}, None, None, []

    def flush():
        if cur and buf and "".join(buf).strip():
            out[cur] = "".join(buf)
    for line in open(path, encoding="utf-8"):
        m = re.search(r'activity: "([^"]+)"', line)
        if m:
            flush()
            cur, mode, buf = m.group(1), None, []
        elif line.startswith("msgstr"):
            mode = "str"
            buf = [json.loads(line[6:].strip())]
        elif line.startswith("msgid"):
            mode = "id"
        elif line.startswith('"') and mode == "str":
            buf.append(json.loads(line.strip()))
        elif not line.strip():
            flush()
            cur, mode, buf = None, None, []
    flush()
    return out


def gcompris_clips(lang):
    root = os.path.join(DATA, "gcompris", lang)
    content = json.load(open(os.path.join(DATA, "gcompris", "transcripts", "content-%s.json" % lang), encoding="utf-8"))
    clips = []
    for name in sorted(os.listdir(os.path.join(root, "words"))):
        t = content.get(name, "").strip()
        if t:
            clips.append((os.path.join(root, "words", name), t))
    for name in sorted(os.listdir(os.path.join(root, "alphabet"))):
        t = content.get(name, "").strip()
        if t and (re.fullmatch(r"U003\d\.ogg", name) or re.fullmatch(r"\d+\.ogg", name)):  # digits, numbers
            clips.append((os.path.join(root, "alphabet", name), t))
    acts = po_activities(os.path.join(DATA, "gcompris", "transcripts", "po", lang, "gcompris_voices.po"))
    for name in sorted(os.listdir(os.path.join(root, "intro"))):
        p = os.path.join(root, "intro", name)
        t = acts.get(name[:-4], "").strip()
        if t and not os.path.islink(p):
            clips.append((p, t))
    return clips


def singing_like(x, rng):
    """Speech -> a sung-like line: a pitch contour of held notes with glides and vibrato, slower tempo."""
    n = len(x)
    t = np.arange(n) / SR
    semis = np.zeros(n)
    pos, cur = 0.0, rng.uniform(-3, 5)
    while pos < n / SR:
        dur = rng.uniform(0.2, 0.6)
        nxt = cur + rng.choice([-4, -3, -2, -1, 0, 1, 2, 3, 4])
        nxt = float(np.clip(nxt, -6, 8))
        sel = (t >= pos) & (t < pos + dur)
        glide = np.clip((t[sel] - pos) / 0.06, 0, 1)
        semis[sel] = cur + (nxt - cur) * glide
        pos, cur = pos + dur, nxt
    vib_hz, vib_st = rng.uniform(4.5, 6.5), rng.uniform(0.1, 0.5)
    semis += vib_st * np.sin(2 * np.pi * vib_hz * t) * np.clip((t - 0.2) / 0.3, 0, 1)
    rate = 2 ** (semis / 12)
    u = np.cumsum(rate)
    u = u[u < n - 1]
    z = warp_resample(x, u)  # pitch contour; duration shrinks by the mean rate
    target = int(n * rng.uniform(1.0, 1.8))  # sung syllables last longer than spoken ones
    y = wsola(z, [0, len(z)], [0, target])
    return y.astype(np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(HERE, "..", "acoustic-model", "work", "data"))
    ap.add_argument("--seed", type=int, default=303)
    ap.add_argument("--skip-gcompris", action="store_true")
    a = ap.parse_args()
    us = os.path.join(DATA, "ultrastar")
    for split, names in [("ultrastar_train", TRAIN_SONGS), ("ultrastar_dev", DEV_SONGS)]:
        os.makedirs(os.path.join(a.out, split), exist_ok=True)
        tot, vt = 0.0, 0.0
        for i, nm in enumerate(names):
            d, nl, v = write_song(os.path.join(us, "Jonathan Coulton - " + nm), os.path.join(a.out, split, "song_%02d.npz" % i))
            tot, vt = tot + d, vt + v
            print("%s: %s %.1f s, %d lines, %.1f s inside notes" % (split, nm, d, nl, v), flush=True)
        print("%s: %.1f min of audio, %.1f min inside notes" % (split, tot / 60, vt / 60), flush=True)
    os.makedirs(os.path.join(a.out, "novoice_train"), exist_ok=True)
    for folder, fn in NOVOICE:
        x = decode(os.path.join(us, folder, fn))
        np.savez(os.path.join(a.out, "novoice_train", "clip_00.npz"), audio=(np.clip(x, -1, 1) * 32767).astype(np.int16))
        print("novoice_train: %s %.1f s" % (folder, len(x) / SR), flush=True)
    if a.skip_gcompris:
        return
    rng = np.random.default_rng(a.seed)
    auds, texts = [], []
    secs = {"fr": [0.0, 0.0], "es": [0.0, 0.0]}
    for lang in ["fr", "es"]:
        clips = gcompris_clips(lang)
        for p, t in clips:
            if not targets(t):
                continue
            x = decode(p)
            peak = float(np.max(np.abs(x))) + 1e-9
            x = x / peak * 0.7
            y = singing_like(x, rng)
            y = y / (float(np.max(np.abs(y))) + 1e-9) * 0.7
            for v in (x, y):
                if len(v) > SR * 20:
                    continue
                auds.append((v * 32767).astype(np.int16))
                texts.append(t)
            secs[lang][0] += len(x) / SR
            secs[lang][1] += len(y) / SR
        print("gcompris %s: %d clips with text, %.1f min as recorded + %.1f min singing-like"
              % (lang, len(clips), secs[lang][0] / 60, secs[lang][1] / 60), flush=True)
    offs = np.concatenate([[0], np.cumsum([len(v) for v in auds])]).astype(np.int64)
    os.makedirs(os.path.join(a.out, "gcompris_train"), exist_ok=True)
    np.savez(os.path.join(a.out, "gcompris_train", "shard_0000.npz"), audio=np.concatenate(auds), offsets=offs,
             texts=np.array(texts))
    print("gcompris_train: %d utterances, %.1f min" % (len(auds), offs[-1] / SR / 60), flush=True)


if __name__ == "__main__":
    main()
