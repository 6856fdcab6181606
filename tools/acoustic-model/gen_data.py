#!/usr/bin/python3
"""Generate training / held-out audio for the CTC model with tools/synth-singing.

Writes shards of single sung or spoken lines (vocals only: dry, doubled, choir, reverb)
and a pool of fluidsynth accompaniments. Music, gaps, separation-residue noise and the
vocal-to-music ratio are mixed at training time (train.py), so every pass sees new mixes.

  /usr/bin/python3 gen_data.py --split train --shards 0:16 --workers 2
  /usr/bin/python3 gen_data.py --split test --shards 0:1
  /usr/bin/python3 gen_data.py --music train --clips 240
Everything is a pure function of (--seed, split, shard index).
"""
import argparse
import os
import sys
import time
from multiprocessing import Pool

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "synth-singing"))

from synthsing import sing  # noqa: E402
from synthsing.text import corpus, is_heldout, targets, vocalise_line  # noqa: E402

LANGS = {"fr": 0.30, "es": 0.18, "en": 0.15, "it": 0.12, "pt": 0.13, "de": 0.12}
# voice variants and texts kept out of training (used only by the held-out synthetic sets)
TEST_VARIANTS = ["f4", "m6", "klatt3", "Andrea", "norbert", "steph2", "Lee", "aunty"]
TRAIN_VARIANTS = [v for v in sing.VARIANTS if v not in TEST_VARIANTS]
SHARD_SECONDS = 1800.0
OUT = os.path.join(HERE, "work", "data")


def text_is_test(line):
    return is_heldout(line)


_CORPUS = {}


def lines_for(lang, split):
    key = (lang, split)
    if key not in _CORPUS:
        c = corpus(lang)
        _CORPUS[key] = [l for l in c if text_is_test(l) == (split == "test")]
    return _CORPUS[key]


def one_utterance(rng, split, vocalise_share=0.0):
    lang = str(rng.choice(list(LANGS), p=list(LANGS.values())))
    lines = lines_for(lang, split)
    text = lines[int(rng.integers(len(lines)))]
    vocalise = vocalise_share > 0 and rng.random() < vocalise_share  # no draw at 0: older shards stay reproducible
    if vocalise:
        text = vocalise_line(rng, lang, tail=text if rng.random() < 0.3 else None)
    variants = TEST_VARIANTS if split == "test" else TRAIN_VARIANTS
    base = sing.LANG_VOICE_ALT[lang]
    voice = str(rng.choice(base)) + "+" + str(rng.choice(variants))
    mode = "sing" if vocalise or rng.random() < 0.65 else "speech"
    nd = 0
    if mode == "sing":
        u = rng.random()
        nd = 0 if u < 0.6 else (1 if u < 0.85 else int(rng.integers(2, 4)))
    alts = [str(rng.choice(base)) + "+" + str(rng.choice(variants)) for _ in range(nd)]
    style = {}
    if mode == "speech":
        style["tempo"] = float(rng.uniform(0.85, 1.35))
    if vocalise:
        style["hold"] = True
    melody = sing.Melody(rng, bpm=float(rng.uniform(60, 110) if vocalise else rng.uniform(70, 170)))
    r = sing.render_line(text, lang, rng, mode=mode, voice=voice, melody=melody, n_double=nd,
                         harmony=nd >= 2 or rng.random() < 0.3, style=style, alt_voices=alts)
    if r is None:
        return None
    audio, words, info = r
    if rng.random() < (0.6 if mode == "sing" else 0.35):
        audio = sing.reverb(audio, rng, 16000)
    tg = targets(text)
    if not tg or len(audio) > 16000 * (14 if vocalise else 20):  # longer vocalises never fit a training example
        return None
    # CTC needs frames >= labels (+repeats); drop impossible ones
    frames = (len(audio) - 400) // 320 + 1
    if frames < len(tg) * 1.25 + 2:
        return None
    return audio, text, lang, mode, info["voice"]


def make_shard(args):
    split, idx, seed, seconds, vocalise_share, out_split = args
    path = os.path.join(OUT, out_split or split, "shard_%04d.npz" % idx)
    if os.path.exists(path):
        return path, 0.0, 0.0
    rng = np.random.default_rng([seed, 1 if split == "test" else 0, idx])
    t0 = time.time()
    auds, texts, langs, modes, voices = [], [], [], [], []
    total = 0.0
    while total < seconds:
        u = one_utterance(rng, split, vocalise_share)
        if u is None:
            continue
        a, text, lang, mode, voice = u
        auds.append(np.clip(a * 32767, -32768, 32767).astype(np.int16))
        texts.append(text)
        langs.append(lang)
        modes.append(mode)
        voices.append(voice)
        total += len(a) / 16000
    offs = np.cumsum([0] + [len(a) for a in auds])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp.npz"
    np.savez(tmp, audio=np.concatenate(auds), offsets=offs, texts=np.array(texts), langs=np.array(langs),
             modes=np.array(modes), voices=np.array(voices))
    os.replace(tmp, path)
    return path, total, time.time() - t0


def make_music(args):
    split, idx, seed = args
    path = os.path.join(OUT, "music_" + split, "clip_%04d.npy" % idx)
    if os.path.exists(path):
        return path
    from synthsing.music import accompaniment
    rng = np.random.default_rng([seed, 7, 1 if split == "test" else 0, idx])
    a, _ = accompaniment(rng, float(rng.uniform(20, 40)))
    a = a / (np.max(np.abs(a)) + 1e-9) * 0.9
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.save(path + ".tmp.npy", np.clip(a * 32767, -32768, 32767).astype(np.int16))
    os.replace(path + ".tmp.npy", path)
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="train", choices=["train", "test"])
    ap.add_argument("--shards", default="0:4", help="range a:b of shard indices")
    ap.add_argument("--shard-seconds", type=float, default=SHARD_SECONDS)
    ap.add_argument("--music", choices=["train", "test"], help="render accompaniment clips instead")
    ap.add_argument("--clips", type=int, default=240)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--vocalise-share", type=float, default=0.0,
                    help="share of utterances that are sung vocalise lines (\"ooh ooh ooh\") on long held notes")
    ap.add_argument("--out-split", help="write the shards under work/data/OUT_SPLIT instead of the split's folder")
    a = ap.parse_args()
    t0 = time.time()
    with Pool(a.workers) as pool:
        if a.music:
            for p in pool.imap_unordered(make_music, [(a.music, i, a.seed) for i in range(a.clips)]):
                pass
            print("music %s: %d clips in %.1f s" % (a.music, a.clips, time.time() - t0), flush=True)
            return
        lo, hi = (int(x) for x in a.shards.split(":"))
        jobs = [(a.split, i, a.seed, a.shard_seconds, a.vocalise_share, a.out_split) for i in range(lo, hi)]
        for path, secs, dt in pool.imap_unordered(make_shard, jobs):
            print("%s %.0f s audio in %.0f s" % (path, secs, dt), flush=True)
    print("done in %.1f s" % (time.time() - t0), flush=True)


if __name__ == "__main__":
    main()
