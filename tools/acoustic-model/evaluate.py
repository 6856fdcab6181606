#!/usr/bin/python3
"""Evaluate a checkpoint (or an exported ONNX model with onnxruntime, if installed).

  /usr/bin/python3 evaluate.py --ckpt work/ckpt/last.pt --golden work/golden-synth --out work/eval.json

1. CTC loss per character on the held-out synthetic test shards (held-out voices and texts),
   mixed with held-out accompaniment exactly as train.py's validation does.
2. Word-start errors on a synthetic golden set written by tools/synth-singing/make_golden.py
   (held-out voices and texts): emissions in 30 s windows with 2 s context, a small numpy
   CTC Viterbi with a <star> column of log-prob 0, in two modes:
     oracle: each line aligned inside its annotated line window (+-0.5 s), star at both ends;
     none:   the whole song at once, star at both ends and between lines.
   Baseline for comparison: line-spread (words spread by character count inside the
   annotated line window). Metrics: AAE, median, Hit@150/300 ms on word starts.
"""
import argparse
import csv
import glob
import json
import os
import subprocess
import sys
import time

import numpy as np

# Under CPU contention (shared 2-core machine) OpenMP's default spin-waiting makes 2-thread
# training ~10x slower than PASSIVE waiting (measured here); must be set before torch loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import torch  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "synth-singing"))
sys.path.insert(0, os.path.join(HERE, "..", "dev-sets"))
from model import from_cfg, n_frames  # noqa: E402
import ultrastar  # noqa: E402
from synthsing.text import TOKEN_ID, normalize_word  # noqa: E402

SR = 16000
HOP_S = 0.02
STAR = 31


def load_audio(path):
    raw = subprocess.run(["ffmpeg", "-loglevel", "error", "-i", path, "-f", "s16le", "-ac", "1", "-ar", str(SR), "-"],
                         stdout=subprocess.PIPE, check=True).stdout
    return np.frombuffer(raw, np.int16).astype(np.float32) / 32768.0


class Emitter:
    def __init__(self, ckpt=None, onnx_path=None):
        self.sess = None
        if onnx_path:
            import onnxruntime as ort
            self.sess = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
        else:
            ck = torch.load(ckpt, map_location="cpu")
            self.model = from_cfg(ck["cfg"])
            self.model.load_state_dict(ck["model"])
            self.model.eval()
            self.step = ck["step"]

    def logits(self, x):
        """-> (logits [T, 31], voice activity [T] or None)."""
        if self.sess is not None:
            return self.sess.run(["logits"], {"input_values": x[None].astype(np.float32)})[0][0], None
        with torch.no_grad():
            lg, vl = self.model.forward_train(torch.from_numpy(x[None].astype(np.float32)))
            return lg[0].numpy(), (torch.sigmoid(vl[0]).numpy() if vl is not None else None)

    def log_probs(self, wav, win_s=30.0, ctx_s=2.0):
        """Frame log-probs for a whole song from 30 s windows with 2 s of context each side
        (the voice activity, when the model has it, lands in self.last_vad)."""
        T = n_frames(len(wav))
        out = np.zeros((T, 31), np.float32)
        vad = np.zeros(T, np.float32)
        has_vad = False
        wf = int(win_s / HOP_S)
        cf = int(ctx_s / HOP_S)
        f = 0
        while f < T:
            a = max(0, f - cf)
            b = min(T, f + wf + cf)
            seg = wav[a * 320: (b - 1) * 320 + 400]
            lg, va = self.logits(seg)
            lg = lg - lg.max(axis=1, keepdims=True)
            lp = lg - np.log(np.exp(lg).sum(axis=1, keepdims=True))
            e = min(T, f + wf)
            out[f:e] = lp[f - a: f - a + (e - f)]
            if va is not None:
                vad[f:e] = va[f - a: f - a + (e - f)]
                has_vad = True
            f = e
        self.last_vad = vad if has_vad else None
        return out


def viterbi(lp, tokens):
    """CTC Viterbi over tokens (ids; STAR allowed). Returns per-token first frame (list)."""
    T = lp.shape[0]
    em = np.concatenate([lp, np.zeros((T, 1), np.float32)], axis=1)  # star column = 0
    L = len(tokens)
    ext = np.zeros(2 * L + 1, np.int64)
    ext[1::2] = tokens
    S = len(ext)
    skip = np.zeros(S, bool)
    for s in range(3, S, 2):
        skip[s] = ext[s] != ext[s - 2]
    NEG = -1e30
    dp = np.full(S, NEG)
    dp[0] = em[0, ext[0]]
    if S > 1:
        dp[1] = em[0, ext[1]]
    bp = np.zeros((T, S), np.int8)
    for t in range(1, T):
        c0 = dp
        c1 = np.concatenate([[NEG], dp[:-1]])
        c2 = np.where(skip, np.concatenate([[NEG, NEG], dp[:-2]]), NEG)
        stack = np.stack([c0, c1, c2])
        arg = np.argmax(stack, axis=0)
        dp = stack[arg, np.arange(S)] + em[t, ext]
        bp[t] = arg
    s = S - 1 if S == 1 or dp[S - 1] >= dp[S - 2] else S - 2
    path = np.zeros(T, np.int64)
    for t in range(T - 1, -1, -1):
        path[t] = s
        s -= bp[t, s]
    first = [None] * L
    for t in range(T):
        st = path[t]
        if st % 2 == 1:
            k = st // 2
            if first[k] is None:
                first[k] = t
    return first


def read_song(folder):
    audio = sorted(glob.glob(os.path.join(folder, "audio.*")))[0]
    words = [l.strip() for l in open(os.path.join(folder, "words.txt"), encoding="utf-8") if l.strip()]
    rows = list(csv.DictReader(open(os.path.join(folder, "words.csv"), encoding="utf-8")))
    lines = list(csv.DictReader(open(os.path.join(folder, "lines.csv"), encoding="utf-8")))
    starts = np.array([float(r["word_start"]) for r in rows])
    # group words into lines with line_end markers
    groups, cur = [], []
    for w, r in zip(words, rows):
        cur.append(w)
        if r["line_end"] != "nan":
            groups.append(cur)
            cur = []
    if cur:
        groups.append(cur)
    spans = [(float(l["start_time"]), float(l["end_time"])) for l in lines]
    return audio, groups, starts, spans


def word_tokens(words):
    toks, owner = [], []
    for i, w in enumerate(words):
        n = normalize_word(w)
        for c in n:
            toks.append(TOKEN_ID[c])
            owner.append(i)
    return toks, owner


def align_words(lp, words, t_off):
    """Word starts (s) for a list of words aligned inside lp (frames offset t_off)."""
    toks, owner = word_tokens(words)
    seq = [STAR] + toks + [STAR]
    first = viterbi(lp, seq)
    res = [None] * len(words)
    for k, tk in enumerate(toks):
        i = owner[k]
        if res[i] is None and first[k + 1] is not None:
            res[i] = (first[k + 1] + t_off) * HOP_S
    return res


def fill_missing(pred, fallback):
    out = []
    last = fallback
    for p in pred:
        if p is None:
            out.append(last)
        else:
            out.append(p)
            last = p
    return np.array(out)


def metrics(pred, ref):
    d = np.asarray(pred) - np.asarray(ref)
    e = np.abs(d)
    return dict(n=int(len(e)), aae=float(e.mean()), median=float(np.median(e)), mean_signed=float(d.mean()),
                over1s=float((e > 1.0).mean()),
                median_signed=float(np.median(d)),
                hit150=float((e <= 0.15).mean()), hit300=float((e <= 0.3).mean()))


def read_ultrastar(folder):
    """(audio path, words grouped by line, reference word starts, line spans) from an UltraStar folder:
    word starts from the first syllable of each word, line spans from first note to last note end."""
    song = ultrastar.read(os.path.join(folder, "song.txt"))
    groups = [[w for w, _, _ in ln] for ln in song.lines]
    ref = np.array([s for ln in song.lines for _, s, _ in ln])
    spans = [(ln[0][1], ln[-1][2]) for ln in song.lines]
    return os.path.join(folder, song.audio), groups, ref, spans, ultrastar.voiced_spans(song)


def roc_auc(score, lab):
    """Area under the ROC curve (rank statistic, ties averaged)."""
    from scipy.stats import rankdata
    r = rankdata(score)
    npos, nneg = float(lab.sum()), float(len(lab) - lab.sum())
    if npos == 0 or nneg == 0:
        return float("nan")
    return float((r[lab == 1].sum() - npos * (npos + 1) / 2) / (npos * nneg))


def voice_activity_scores(em, lp, voiced, T):
    """Frame accuracy (threshold 0.5) and ROC AUC of the voice-activity output and of 1 - P(blank) against
    the note spans (merged across gaps < 0.15 s)."""
    lab = np.zeros(T, np.float32)
    for s, e in voiced:
        lab[int(round(s / HOP_S)):int(round(e / HOP_S)) + 1] = 1.0
    lab = lab[:T]
    nb = 1.0 - np.exp(lp[:, 0])
    res = dict(voiced_share=float(lab.mean()), nonblank_auc=roc_auc(nb, lab),
               nonblank_acc05=float(((nb > 0.5) == (lab > 0.5)).mean()))
    if em.last_vad is not None:
        v = em.last_vad
        res.update(vad_auc=roc_auc(v, lab), vad_acc05=float(((v > 0.5) == (lab > 0.5)).mean()),
                   vad_mean_voiced=float(v[lab > 0.5].mean()), vad_mean_unvoiced=float(v[lab < 0.5].mean()))
    return res


def eval_golden(em, gdir, ultrastar_dirs=()):
    out = {}
    allerr = {"oracle": [], "none": [], "line_spread": []}
    signed = {"oracle": [], "none": []}
    folders = sorted(glob.glob(os.path.join(gdir, "*/"))) if gdir else []
    for folder in folders + list(ultrastar_dirs):
        voiced = None
        if os.path.exists(os.path.join(folder, "song.txt")):
            audio, groups, ref, spans, voiced = read_ultrastar(folder)
        else:
            audio, groups, ref, spans = read_song(folder)
        wav = load_audio(audio)
        t0 = time.time()
        lp = em.log_probs(wav)
        t_em = time.time() - t0
        # oracle lines
        pred_o = []
        for words, (s, e) in zip(groups, spans):
            a = max(0, int((s - 0.5) / HOP_S))
            b = min(len(lp), int((e + 0.5) / HOP_S) + 1)
            pred_o += align_words(lp[a:b], words, a)
        # plain: whole song, stars between lines
        toks_all, owner_all, seq = [], [], [STAR]
        widx = 0
        for words in groups:
            toks, owner = word_tokens(words)
            for k, tk in enumerate(toks):
                seq.append(tk)
                owner_all.append((len(seq) - 1, widx + owner[k]))
            seq.append(STAR)
            widx += len(words)
        first = viterbi(lp, seq)
        pred_n = [None] * widx
        for pos, wi in owner_all:
            if pred_n[wi] is None and first[pos] is not None:
                pred_n[wi] = first[pos] * HOP_S
        # line-spread baseline
        pred_l = []
        for words, (s, e) in zip(groups, spans):
            lens = np.array([max(1, len(normalize_word(w))) for w in words], float)
            cum = np.concatenate([[0], np.cumsum(lens)[:-1]]) / lens.sum()
            pred_l += list(s + cum * (e - s))
        po = fill_missing(pred_o, 0.0)
        pn = fill_missing(pred_n, 0.0)
        name = os.path.basename(folder.rstrip("/"))
        out[name] = dict(oracle=metrics(po, ref), none=metrics(pn, ref), line_spread=metrics(pred_l, ref),
                         emissions_s=round(t_em, 3), duration_s=round(len(wav) / SR, 1))
        if voiced is not None:
            out[name]["voice_activity"] = voice_activity_scores(em, lp, voiced, len(lp))
        allerr["oracle"] += list(np.abs(po - ref))
        allerr["none"] += list(np.abs(pn - ref))
        allerr["line_spread"] += list(np.abs(np.array(pred_l) - ref))
        signed["oracle"] += list(po - ref)
        signed["none"] += list(pn - ref)
        print("%-28s oracle AAE %.3f med %.3f hit300 %.2f >1s %.3f | none AAE %.3f med %.3f hit300 %.2f >1s %.3f | "
              "line-spread AAE %.3f hit300 %.2f %s" %
              (name[:28], out[name]["oracle"]["aae"], out[name]["oracle"]["median"], out[name]["oracle"]["hit300"],
               out[name]["oracle"]["over1s"], out[name]["none"]["aae"], out[name]["none"]["median"],
               out[name]["none"]["hit300"], out[name]["none"]["over1s"],
               out[name]["line_spread"]["aae"], out[name]["line_spread"]["hit300"],
               json.dumps(out[name].get("voice_activity", {}))), flush=True)
    overall = {}
    for k, v in allerr.items():
        e = np.array(v)
        if len(e):
            overall[k] = dict(n=int(len(e)), aae_words=float(e.mean()), median=float(np.median(e)),
                              over1s=float((e > 1.0).mean()),
                              hit150=float((e <= 0.15).mean()), hit300=float((e <= 0.3).mean()),
                              aae_song_mean=float(np.mean([out[s][k]["aae"] for s in out])))
            if k in signed:
                overall[k]["median_signed"] = float(np.median(signed[k]))
    return out, overall


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(HERE, "work", "ckpt", "last.pt"))
    ap.add_argument("--onnx", help="evaluate an ONNX file with onnxruntime instead of the checkpoint")
    ap.add_argument("--golden", default=os.path.join(HERE, "work", "golden-synth"))
    ap.add_argument("--out", default=os.path.join(HERE, "work", "eval.json"))
    ap.add_argument("--no-loss", action="store_true")
    ap.add_argument("--ultrastar", action="append", default=[],
                    help="also score this UltraStar song folder (song.txt + audio); repeatable; a folder of folders is expanded")
    a = ap.parse_args()
    torch.set_num_threads(2)
    em = Emitter(a.ckpt, a.onnx)
    res = dict(ckpt=a.ckpt if not a.onnx else a.onnx, step=getattr(em, "step", None))
    if not a.no_loss and not a.onnx:
        from train import evaluate, fixed_val
        val, vh = fixed_val()
        em.model.spec_aug = False
        res["heldout_ctc_loss_per_char"] = evaluate(em.model, val)[0]
        em.model.eval()
        res["heldout_hours"] = vh
        print("held-out synthetic CTC loss per char: %.3f (%d examples)" % (res["heldout_ctc_loss_per_char"], len(val)), flush=True)
    us = []
    for d in a.ultrastar:
        us += [d] if os.path.exists(os.path.join(d, "song.txt")) else sorted(glob.glob(os.path.join(d, "*/")))
    if os.path.isdir(a.golden) or us:
        songs, overall = eval_golden(em, a.golden if os.path.isdir(a.golden) else None, us)
        res["golden"] = a.golden
        res["songs"] = songs
        res["overall"] = overall
        for k, v in overall.items():
            print("OVERALL %-12s words %d  AAE(song mean) %.3f  AAE(words) %.3f  median %.3f  hit150 %.2f  hit300 %.2f  >1s %.3f  median signed %s" %
                  (k, v["n"], v["aae_song_mean"], v["aae_words"], v["median"], v["hit150"], v["hit300"], v["over1s"],
                   "%.3f" % v["median_signed"] if "median_signed" in v else "-"), flush=True)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
