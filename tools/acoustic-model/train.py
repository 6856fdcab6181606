#!/usr/bin/python3
"""CTC training on the generated shards, mixing accompaniment on the fly.

  OPENBLAS_NUM_THREADS=1 nohup setsid nice -n 10 /usr/bin/python3 train.py --steps 12000 > work/logs/train.log 2>&1 &
Resumes from work/ckpt/last.pt when present (model, optimiser, step, RNG state).
Writes a checkpoint every --ckpt-min minutes and logs train / held-out CTC loss per character.
"""
import argparse
import glob
import math
import os
import sys
import time

import numpy as np

# Under CPU contention (shared 2-core machine) OpenMP's default spin-waiting makes 2-thread
# training ~10x slower than PASSIVE waiting (measured here); must be set before torch loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import torch  # noqa: E402
import torch.nn.functional as F
from scipy.signal import resample_poly  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "synth-singing"))
from model import CtcModel, count_params, from_cfg, n_frames  # noqa: E402
from synthsing.text import targets  # noqa: E402

SR = 16000
DATA = os.path.join(HERE, "work", "data")


class Pool:
    """All utterances of the loaded shards, plus the accompaniment clips."""

    def __init__(self, split, extra_splits=()):
        self.split = split
        self.extra_splits = list(extra_splits)
        self.loaded = set()
        self.auds, self.tgts = [], []
        self.music = []
        self.refresh()

    def refresh(self):
        new = 0
        shards = [p for sp in [self.split] + self.extra_splits for p in sorted(glob.glob(os.path.join(DATA, sp, "shard_*.npz")))]
        for p in shards:
            if p in self.loaded or p.endswith(".tmp.npz"):
                continue
            d = np.load(p)
            a, offs, texts = d["audio"], d["offsets"], d["texts"]
            for i, t in enumerate(texts):
                self.auds.append(a[offs[i]:offs[i + 1]])
                self.tgts.append(targets(str(t)))
            self.loaded.add(p)
            new += 1
        mus = sorted(glob.glob(os.path.join(DATA, "music_" + self.split, "clip_*.npy")))
        if len(mus) != len(self.music):
            self.music = [np.load(m) for m in mus]
        return new

    def hours(self):
        return sum(len(a) for a in self.auds) / SR / 3600


class RealSongs:
    """Real mixes with UltraStar line and note spans (written by tools/dev-sets/make_real_data.py)."""

    def __init__(self, split):
        self.songs = []
        for p in sorted(glob.glob(os.path.join(DATA, split, "song_*.npz"))):
            d = np.load(p)
            self.songs.append(dict(audio=d["audio"], lines=d["line_spans"], tgts=[targets(str(t)) for t in d["texts"]],
                                   voiced=d["voiced"]))
        self.novoice = [np.load(p)["audio"] for p in sorted(glob.glob(os.path.join(DATA, "novoice_" + split.split("_")[-1],
                                                                                    "clip_*.npz")))]
        # vocal-free stretches of the songs (>= 1.5 s without notes, 0.3 s margins)
        self.breaks = []
        for k, sg in enumerate(self.songs):
            v, dur = sg["voiced"], len(sg["audio"]) / SR
            edges = [0.0] + [x for se in v for x in se] + [dur]
            for i in range(0, len(edges), 2):
                a, b = edges[i] + (0.3 if i else 0.0), edges[i + 1] - 0.3
                if b - a >= 1.5:
                    self.breaks.append((k, a, b))

    def hours(self):
        return sum(len(s["audio"]) for s in self.songs) / SR / 3600

    def lines_window(self, rng, seconds):
        """(audio, targets, voiced spans relative to the window) for whole lines that fit, or None."""
        sg = self.songs[int(rng.integers(len(self.songs)))]
        L = sg["lines"]
        i = int(rng.integers(len(L)))
        prev_end = L[i - 1][1] + 0.05 if i > 0 else 0.0
        ws = max(prev_end, L[i][0] - float(rng.uniform(0.05, 0.8)), 0.0)
        if L[i][1] + 0.05 > ws + seconds:
            return None
        j = i
        while j + 1 < len(L) and L[j + 1][1] + 0.05 <= ws + seconds:
            j += 1
        nxt = L[j + 1][0] - 0.05 if j + 1 < len(L) else len(sg["audio"]) / SR
        we = min(ws + seconds, max(L[j][1] + 0.05, nxt))
        a = sg["audio"][int(ws * SR):int(we * SR)].astype(np.float32) / 32768.0
        tg = [c for k in range(i, j + 1) for c in sg["tgts"][k]]
        spans = [(max(0.0, s - ws), min(we, e) - ws) for s, e in sg["voiced"] if e > ws and s < we]
        return a, tg, spans

    def no_voice(self, rng, seconds):
        """A stretch of real music without lead vocal (an instrumental track, or a song's break)."""
        if self.novoice and rng.random() < 0.6:
            m = self.novoice[int(rng.integers(len(self.novoice)))]
            n = int(seconds * SR)
            s = int(rng.integers(0, max(1, len(m) - n)))
            return m[s:s + n].astype(np.float32) / 32768.0
        k, a, b = self.breaks[int(rng.integers(len(self.breaks)))]
        ln = min(b - a, seconds)
        s = float(rng.uniform(a, b - ln))
        return self.songs[k]["audio"][int(s * SR):int((s + ln) * SR)].astype(np.float32) / 32768.0


def frames_from_spans(spans, n_samples):
    T = n_frames(n_samples)
    lab = np.zeros(T, np.float32)
    for s, e in spans:
        lab[max(0, int(round(s / 0.02))):max(0, int(round(e / 0.02))) + 1] = 1.0
    return lab


def frames_from_energy(vox, rel_db=30.0):
    """Voice-activity labels of a clean vocal track: frames within rel_db of the track's loudest frame."""
    T = n_frames(len(vox))
    idx = np.arange(T)[:, None] * 320 + np.arange(400)[None, :]
    e = np.mean(vox[idx] ** 2, axis=1)
    return (e > e.max() * 10 ** (-rel_db / 10) + 1e-10).astype(np.float32) if T else np.zeros(0, np.float32)


def bandlimit(x, rng):
    """Random band-pass in the FFT domain: a bleed that only keeps part of the spectrum."""
    X = np.fft.rfft(x)
    f = np.fft.rfftfreq(len(x), 1 / SR)
    lo, hi = rng.uniform(60, 1200), rng.uniform(1800, 8000)
    X[(f < lo) | (f > hi)] *= 10 ** (-rng.uniform(10, 40) / 20)
    return np.fft.irfft(X, len(x)).astype(np.float32)


def rms(x):
    return float(np.sqrt(np.mean(x.astype(np.float64) ** 2) + 1e-12))


def residue(x, rng):
    """Separation-residue-like damage: random time-frequency holes and smearing."""
    X = torch.stft(torch.from_numpy(x), 512, 128, window=torch.hann_window(512), return_complex=True)
    keep = float(rng.uniform(0.6, 0.95))
    m = (torch.rand(X.shape) < keep).float()
    m = F.avg_pool2d(m[None, None], (3, 3), 1, 1)[0, 0]
    y = torch.istft(X * m, 512, 128, window=torch.hann_window(512), length=len(x))
    return y.numpy().astype(np.float32)


MIX = {"vmr_min": -6.0, "music_share": 0.75, "real_share": 0.0, "novoice_share": 0.0, "stem_share": 0.0,
       "real_speed": 0.0, "real_eq": 0.0}


def speed_change(a, spans, speed):
    """Plays a real line window `speed` times faster (pitch and tempo move together, like a different voice
    and tempo); the voiced spans follow. Polyphase resampling, speed in hundredths."""
    hundredths = int(round(100 * speed))
    y = resample_poly(a, 100, hundredths).astype(np.float32)
    f = hundredths / 100.0
    return y, [(s / f, e / f) for s, e in spans]


def random_eq(x, rng, max_db):
    """A smooth random equaliser: gains uniform in +-max_db at 5 points spread on a log-frequency axis
    (50 Hz to 8 kHz), interpolated between them: another microphone, room or mix."""
    X = np.fft.rfft(x)
    f = np.maximum(np.fft.rfftfreq(len(x), 1 / SR), 1.0)
    pts = np.log(np.geomspace(50.0, 8000.0, 5))
    gains_db = rng.uniform(-max_db, max_db, 5)
    X *= 10 ** (np.interp(np.log(f), pts, gains_db) / 20)
    return np.fft.irfft(X, len(x)).astype(np.float32)


def real_example(real, pool, rng, seconds):
    """A window of a real song cut at line boundaries, or real music without voice; the rest of the
    fixed length is filled with music without voice. -> (wav, targets, voice-activity frames)."""
    n = int(seconds * SR)
    got = None
    if rng.random() >= MIX["novoice_share"] / max(1e-6, MIX["real_share"] + MIX["novoice_share"]):
        # --real-speed: draw the speed first, so that the window still fits the example once resampled
        speed = float(rng.uniform(1 - MIX["real_speed"], 1 + MIX["real_speed"])) if MIX["real_speed"] > 0 else 1.0
        for _ in range(4):
            got = real.lines_window(rng, seconds * speed)
            if got is not None:
                break
        if got is not None and speed != 1.0:
            a, tg, spans = got
            a, spans = speed_change(a, spans, speed)
            got = a[:n], tg, spans
        if got is not None and MIX["real_eq"] > 0 and rng.random() < 0.7:
            a, tg, spans = got
            got = random_eq(a, rng, MIX["real_eq"]), tg, spans
    if got is None:
        a, tg, spans = real.no_voice(rng, seconds), [], []
    else:
        a, tg, spans = got
    out = np.zeros(n, np.float32)
    off = int(rng.integers(0, n - len(a) + 1)) if len(a) < n else 0
    out[off:off + len(a)] = a[:n]
    if len(a) < n - SR // 10:  # fill before and after with music without voice at a similar level
        fill = real.no_voice(rng, seconds) if rng.random() < 0.5 or not pool.music else \
            pool.music[int(rng.integers(len(pool.music)))].astype(np.float32) / 32768.0
        fill = np.tile(fill, n // max(1, len(fill)) + 1)[:n]
        fill = fill / (rms(fill) + 1e-6) * rms(a) * 10 ** (rng.uniform(-12, 0) / 20)
        ramp = np.ones(n, np.float32)
        ramp[off:off + len(a)] = 0.0
        ramp = np.convolve(ramp, np.ones(320) / 320, "same").astype(np.float32)
        out = out * (1 - ramp) + fill * ramp
    lab = frames_from_spans([(s + off / SR, e + off / SR) for s, e in spans], n)
    return out, tg, lab


def make_example(pool, rng, seconds, difficulty=1.0, real=None):
    """One fixed-length example: utterances with gaps, accompaniment, noise. -> (wav, target ids, voice frames).

    difficulty in [0, 1] ramps the share of music mixes (40 % -> --music-share, 75 % by default) and the
    lowest vocal-to-music ratio (+6 dB -> --vmr-min, -6 dB by default) during the first --ramp-steps steps.
    With real songs loaded, --real-share + --novoice-share of the examples come from them; of the rest,
    --stem-share are separated-vocal-like (vocals alone or with a weak band-limited bleed, long silences,
    separation residue)."""
    n = int(seconds * SR)
    if real is not None and rng.random() < MIX["real_share"] + MIX["novoice_share"]:
        mix, tg, lab = real_example(real, pool, rng, seconds)
        return finish(mix, rng), tg, lab
    vox = np.zeros(n, np.float32)
    lab = np.zeros(n_frames(n), np.float32)
    tg = []
    stem = rng.random() < MIX["stem_share"]
    music_only = (not stem) and rng.random() < 0.07
    max_gap = 4.0 if stem else 1.8
    pos = int(rng.uniform(0, 3.0 if stem else 1.0) * SR) if rng.random() < 0.7 else 0
    while not music_only:
        i = int(rng.integers(len(pool.auds)))
        a = pool.auds[i].astype(np.float32) / 32768.0
        if pos + len(a) > n:
            if pos < n * 0.3 and len(a) > n:
                continue  # too long for this example; try another
            break
        g = 10 ** (rng.uniform(-6, 0) / 20)
        vox[pos:pos + len(a)] += a / (rms(a) + 1e-6) * 0.1 * g
        ua = frames_from_energy(a)
        f0 = pos // 320
        k = min(len(ua), len(lab) - f0)
        if k > 0:
            lab[f0:f0 + k] = np.maximum(lab[f0:f0 + k], ua[:k])
        tg += pool.tgts[i]
        pos += len(a) + int(rng.uniform(0.0, max_gap) * SR)
    mix = vox
    if stem:
        if pool.music and rng.random() < 0.8:  # band-limited bleed of the music, 10-35 dB under the voice
            m = pool.music[int(rng.integers(len(pool.music)))].astype(np.float32) / 32768.0
            m = np.tile(m, n // len(m) + 1)
            s0 = int(rng.integers(0, len(m) - n + 1))
            m = bandlimit(m[s0:s0 + n].copy(), rng)
            vr = rms(vox[vox != 0]) if np.any(vox != 0) else 0.1
            mix = vox + m / (rms(m) + 1e-6) * vr * 10 ** (-rng.uniform(10, 35) / 20)
        if rng.random() < 0.7:
            mix = residue(mix, rng)
        return finish(mix, rng), tg, lab
    use_music = music_only or rng.random() < 0.4 + (MIX["music_share"] - 0.4) * difficulty
    if use_music and pool.music:
        m = pool.music[int(rng.integers(len(pool.music)))].astype(np.float32) / 32768.0
        if len(m) < n:
            m = np.tile(m, n // len(m) + 1)
        s = int(rng.integers(0, len(m) - n + 1))
        m = m[s:s + n].copy()
        vr = rms(vox[vox != 0]) if np.any(vox != 0) else 0.1
        if rng.random() < 0.2:  # separated-vocals-like: weak bleed
            vmr = rng.uniform(12, 30)
        else:
            vmr = rng.uniform(6 + (MIX["vmr_min"] - 6) * difficulty, 18)
        m = m / (rms(m) + 1e-6) * vr * 10 ** (-vmr / 20)
        mix = vox + m
        if rng.random() < 0.25:
            mix = residue(mix, rng)
    elif rng.random() < 0.2:
        mix = residue(mix, rng)
    return finish(mix, rng), tg, lab


def finish(mix, rng):
    """Noise floor, tilt EQ, level, occasional clipping."""
    n = len(mix)
    if rng.random() < 0.5:
        noise = rng.standard_normal(n).astype(np.float32)
        if rng.random() < 0.5:
            noise = np.cumsum(noise) * 0.05
            noise -= np.convolve(noise, np.ones(400) / 400, "same")
        mix = mix + noise / (rms(noise) + 1e-9) * (rms(mix) + 1e-6) * 10 ** (-rng.uniform(15, 45) / 20)
    if rng.random() < 0.3:
        a = float(rng.uniform(-0.9, 0.9))
        mix = np.concatenate([mix[:1], mix[1:] - a * mix[:-1]]).astype(np.float32)
    peak = np.max(np.abs(mix)) + 1e-9
    mix = mix / peak * 10 ** (rng.uniform(-24, 0) / 20)
    if rng.random() < 0.05:
        mix = np.clip(mix * 2.5, -0.7, 0.7)
    return mix.astype(np.float32)


def batch(pool, rng, batch_seconds, lo=5.0, hi=14.0, difficulty=1.0, real=None):
    sec = float(rng.uniform(lo, hi))
    b = max(1, int(batch_seconds // sec))
    xs, ts, ls = [], [], []
    for _ in range(b):
        x, t, lab = make_example(pool, rng, sec, difficulty, real)
        xs.append(x)
        ts.append(t)
        ls.append(lab)
    return torch.from_numpy(np.stack(xs)), ts, torch.from_numpy(np.stack(ls))


def ctc(model, x, ts, labs=None):
    """-> (summed CTC loss, target characters, mean voice-activity BCE or None, frame accuracy or None)."""
    dev = next(model.parameters()).device
    x = x.to(dev)
    labs = labs.to(dev) if labs is not None else None
    logits, vad_logit = model.forward_train(x)
    lp = F.log_softmax(logits, dim=-1).transpose(0, 1)  # [T,B,C]
    T = lp.shape[0]
    il = torch.full((len(ts),), T, dtype=torch.long)
    tl = torch.tensor([len(t) for t in ts], dtype=torch.long)
    flat = torch.tensor([c for t in ts for c in t], dtype=torch.long)
    loss = F.ctc_loss(lp, flat.to(dev), il.to(dev), tl.to(dev), blank=0, reduction="sum", zero_infinity=True)
    nchar = max(1, int(tl.sum()))
    if vad_logit is None or labs is None:
        return loss, nchar, None, None
    bce = F.binary_cross_entropy_with_logits(vad_logit, labs)
    acc = float(((vad_logit > 0).float() == labs).float().mean())
    return loss, nchar, bce, acc


def fixed_val(n_ex=48, seed=999):
    pool = Pool("test")
    rng = np.random.default_rng(seed)
    return [make_example(pool, rng, 10.0) for _ in range(n_ex)], pool.hours()


def fixed_real_val(n_ex=48, seed=998):
    """Fixed 10 s windows of the UltraStar dev songs (whole lines, or music without voice), no music pool."""
    real = RealSongs("ultrastar_dev")
    if not real.songs:
        return []
    rng = np.random.default_rng(seed)
    keep = dict(MIX)
    MIX.update(real_share=0.9, novoice_share=0.1)
    out = [real_example(real, Pool("none"), rng, 10.0) for _ in range(n_ex)]
    MIX.update(keep)
    return out


def evaluate(model, val):
    """-> (CTC loss per character, voice-activity frame accuracy or nan)."""
    model.eval()
    tot, nch, accs = 0.0, 0, []
    with torch.no_grad():
        for i in range(0, len(val), 8):
            xs = torch.from_numpy(np.stack([v[0] for v in val[i:i + 8]]))
            ls = torch.from_numpy(np.stack([v[2] for v in val[i:i + 8]]))
            l, n, _, acc = ctc(model, xs, [v[1] for v in val[i:i + 8]], ls)
            tot += float(l)
            nch += n
            if acc is not None:
                accs.append(acc)
    model.train()
    return tot / nch, (float(np.mean(accs)) if accs else float("nan"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=12000)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--warmup", type=int, default=400)
    ap.add_argument("--batch-seconds", type=float, default=48.0)
    ap.add_argument("--ckpt-min", type=float, default=5.0)
    ap.add_argument("--ckpt-dir", default=os.path.join(HERE, "work", "ckpt"))
    ap.add_argument("--channels", type=int, default=192)
    ap.add_argument("--blocks", type=int, default=10, help="blocks at 40 ms")
    ap.add_argument("--pre", type=int, default=0, help="blocks at 20 ms before the 40 ms backbone")
    ap.add_argument("--post", type=int, default=0, help="blocks at 20 ms after upsampling")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep-step", type=int, action="append", default=[],
                    help="also checkpoint at this step and keep it as step<N>.pt; repeatable")
    ap.add_argument("--device", default="cpu", help="cpu or cuda (checkpoints are always saved for the CPU)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--ramp-steps", type=int, default=0, help="curriculum: easier music mixes before this step")
    ap.add_argument("--vmr-min", type=float, default=-6.0, help="lowest vocal-to-music ratio in dB (full difficulty)")
    ap.add_argument("--music-share", type=float, default=0.75, help="share of examples mixed with music (full difficulty)")
    ap.add_argument("--extra-split", action="append", default=[],
                    help="also train on the shards of work/data/NAME (e.g. train_vocalise); repeatable")
    ap.add_argument("--init", help="start from this checkpoint's weights (fresh optimiser and schedule): fine-tuning;"
                    " blocks the checkpoint lacks start as identities, a missing voice-activity head from scratch")
    ap.add_argument("--norm", default="bn", choices=["bn", "none"], help="none: no BatchNorm (weights recovered from ONNX)")
    ap.add_argument("--vad", action="store_true", help="add the voice-activity head (second output voice_activity)")
    ap.add_argument("--vad-weight", type=float, default=1.0, help="weight of the voice-activity BCE against CTC/100/example")
    ap.add_argument("--real", action="store_true", help="also train on the UltraStar training songs and the instrumental")
    ap.add_argument("--real-share", type=float, default=0.3, help="share of examples cut from real songs at line boundaries")
    ap.add_argument("--novoice-share", type=float, default=0.05, help="share of examples of real music without voice")
    ap.add_argument("--stem-share", type=float, default=0.0,
                    help="share of synthetic examples made separated-vocal-like (vocals alone, weak band-limited bleed)")
    ap.add_argument("--real-speed", type=float, default=0.0,
                    help="real song windows played at a random speed in 1 +- this (pitch and tempo together); 0 = off")
    ap.add_argument("--real-eq", type=float, default=0.0,
                    help="70 %% of real song windows get a smooth random equaliser of +- this many dB; 0 = off")
    ap.add_argument("--example-seconds", default="5:14",
                    help="LO:HI, each batch's example length drawn uniformly in [LO, HI] seconds")
    a = ap.parse_args()
    lo_s, hi_s = (float(v) for v in a.example_seconds.split(":"))
    MIX["real_speed"], MIX["real_eq"] = a.real_speed, a.real_eq
    MIX["vmr_min"], MIX["music_share"] = a.vmr_min, a.music_share
    MIX["stem_share"] = a.stem_share
    if a.real:
        MIX["real_share"], MIX["novoice_share"] = a.real_share, a.novoice_share
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    os.makedirs(a.ckpt_dir, exist_ok=True)
    model = CtcModel(a.channels, a.blocks, n_pre=a.pre, n_post=a.post, norm=a.norm, vad=a.vad)
    model.spec_aug = True
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01)
    step = 0
    rng = np.random.default_rng(a.seed)
    last = os.path.join(a.ckpt_dir, "last.pt")
    t_used = 0.0
    if os.path.exists(last):
        ck = torch.load(last, map_location="cpu")
        model = from_cfg(ck["cfg"])
        model.spec_aug = True
        opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step = ck["step"]
        t_used = ck.get("train_seconds", 0.0)
        rng = np.random.default_rng([a.seed, step])
        torch.manual_seed(a.seed + step)
        print("resumed from step %d (%.1f min trained)" % (step, t_used / 60), flush=True)
    elif a.init:
        ck = torch.load(a.init, map_location="cpu")
        missing, unexpected = model.load_state_dict(ck["model"], strict=False)
        assert not unexpected, unexpected
        new_blocks = sorted({k.rsplit(".", 2)[0] for k in missing if not k.startswith("vad.")})
        with torch.no_grad():
            for name in new_blocks:  # a residual block with a zero output projection is the identity
                blk = model.get_submodule(name)
                blk.pw2.weight.zero_()
                blk.pw2.bias.zero_()
        print("initialised from %s (step %d, %.1f min trained); new as identity: %s; head from scratch: %s" %
              (a.init, ck["step"], ck.get("train_seconds", 0.0) / 60, new_blocks,
               any(k.startswith("vad.") for k in missing)), flush=True)
    model.to(a.device)
    if os.path.exists(last):
        opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01)
        opt.load_state_dict(ck["opt"])
    print("params %d on %s" % (count_params(model), a.device), flush=True)
    pool = Pool("train", a.extra_split)
    real = RealSongs("ultrastar_train") if a.real else None
    val, vh = fixed_val()
    rval = fixed_real_val()
    print("train data %.2f h in %d utterances, %d music clips; held-out %.2f h; real songs %s" %
          (pool.hours(), len(pool.auds), len(pool.music), vh,
           "%.2f h in %d songs, %d no-voice stretches" % (real.hours(), len(real.songs), len(real.breaks)) if real else "no"),
          flush=True)

    def lr_at(s):
        if s < a.warmup:
            return a.lr * (s + 1) / a.warmup
        p = min(1.0, (s - a.warmup) / max(1, a.steps - a.warmup))
        return a.lr * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * p)))

    model.train()
    t_ck = time.time()
    t0 = time.time()
    run_l, run_n, run_sec, run_bce = 0.0, 0, 0.0, 0.0
    while step < a.steps:
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        diff = min(1.0, step / a.ramp_steps) if a.ramp_steps > 0 else 1.0
        x, ts, labs = batch(pool, rng, a.batch_seconds, lo=lo_s, hi=hi_s, difficulty=diff, real=real)
        loss, nch, bce, _ = ctc(model, x, ts, labs)
        opt.zero_grad()
        total = loss / x.shape[0] / 100.0
        if bce is not None:
            total = total + a.vad_weight * bce
            run_bce += float(bce)
        total.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        step += 1
        run_l += float(loss)
        run_n += nch
        run_sec += x.numel() / SR
        if step % 50 == 0:
            el = time.time() - t0
            print("step %d lr %.2e train_loss_per_char %.3f vad_bce %.3f audio/s %.1f elapsed %.1f min" %
                  (step, lr_at(step), run_l / max(1, run_n), run_bce / 50, run_sec / max(1e-6, el), (t_used + el) / 60),
                  flush=True)
            run_l, run_n, run_bce = 0.0, 0, 0.0
        if time.time() - t_ck > a.ckpt_min * 60 or step == a.steps or step in a.keep_step:
            vl, vacc = evaluate(model, val)
            rl, racc = evaluate(model, rval) if rval else (float("nan"), float("nan"))
            el = time.time() - t0
            ck = dict(model={k: v.cpu() for k, v in model.state_dict().items()}, opt=opt.state_dict(), step=step, cfg=model.cfg,
                      train_seconds=t_used + el, val_loss=vl, real_val_loss=rl)
            torch.save(ck, last + ".tmp")
            os.replace(last + ".tmp", last)
            if step in a.keep_step:
                torch.save(ck, os.path.join(a.ckpt_dir, "step%d.pt" % step))
            print("CKPT step %d val_loss_per_char %.3f vad_acc %.3f real_dev_loss_per_char %.3f real_dev_vad_acc %.3f "
                  "trained %.1f min data %.2f h" % (step, vl, vacc, rl, racc, (t_used + el) / 60, pool.hours()), flush=True)
            t_ck = time.time()
            if pool.refresh():
                print("data now %.2f h, %d utterances, %d music clips" % (pool.hours(), len(pool.auds), len(pool.music)), flush=True)
    print("finished", flush=True)


if __name__ == "__main__":
    main()
