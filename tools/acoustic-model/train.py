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

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "synth-singing"))
from model import CtcModel, count_params, n_frames  # noqa: E402
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


MIX = {"vmr_min": -6.0, "music_share": 0.75}


def make_example(pool, rng, seconds, difficulty=1.0):
    """One fixed-length example: utterances with gaps, accompaniment, noise. -> (wav, target ids).

    difficulty in [0, 1] ramps the share of music mixes (40 % -> --music-share, 75 % by default) and the
    lowest vocal-to-music ratio (+6 dB -> --vmr-min, -6 dB by default) during the first --ramp-steps steps."""
    n = int(seconds * SR)
    vox = np.zeros(n, np.float32)
    tg = []
    music_only = rng.random() < 0.07
    pos = int(rng.uniform(0, 1.0) * SR) if rng.random() < 0.7 else 0
    while not music_only:
        i = int(rng.integers(len(pool.auds)))
        a = pool.auds[i].astype(np.float32) / 32768.0
        if pos + len(a) > n:
            if pos < n * 0.3 and len(a) > n:
                continue  # too long for this example; try another
            break
        g = 10 ** (rng.uniform(-6, 0) / 20)
        vox[pos:pos + len(a)] += a / (rms(a) + 1e-6) * 0.1 * g
        tg += pool.tgts[i]
        pos += len(a) + int(rng.uniform(0.0, 1.8) * SR)
    mix = vox
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
    # noise floor, tilt EQ, level, occasional clipping
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
    return mix.astype(np.float32), tg


def batch(pool, rng, batch_seconds, lo=5.0, hi=14.0, difficulty=1.0):
    sec = float(rng.uniform(lo, hi))
    b = max(1, int(batch_seconds // sec))
    xs, ts = [], []
    for _ in range(b):
        x, t = make_example(pool, rng, sec, difficulty)
        xs.append(x)
        ts.append(t)
    return torch.from_numpy(np.stack(xs)), ts


def ctc(model, x, ts):
    logits = model(x)
    lp = F.log_softmax(logits, dim=-1).transpose(0, 1)  # [T,B,C]
    T = lp.shape[0]
    il = torch.full((len(ts),), T, dtype=torch.long)
    tl = torch.tensor([len(t) for t in ts], dtype=torch.long)
    flat = torch.tensor([c for t in ts for c in t], dtype=torch.long)
    loss = F.ctc_loss(lp, flat, il, tl, blank=0, reduction="sum", zero_infinity=True)
    nchar = max(1, int(tl.sum()))
    return loss, nchar


def fixed_val(n_ex=48, seed=999):
    pool = Pool("test")
    rng = np.random.default_rng(seed)
    return [make_example(pool, rng, 10.0) for _ in range(n_ex)], pool.hours()


def evaluate(model, val):
    model.eval()
    tot, nch = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(val), 8):
            xs = torch.from_numpy(np.stack([v[0] for v in val[i:i + 8]]))
            l, n = ctc(model, xs, [v[1] for v in val[i:i + 8]])
            tot += float(l)
            nch += n
    model.train()
    return tot / nch


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
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--ramp-steps", type=int, default=0, help="curriculum: easier music mixes before this step")
    ap.add_argument("--vmr-min", type=float, default=-6.0, help="lowest vocal-to-music ratio in dB (full difficulty)")
    ap.add_argument("--music-share", type=float, default=0.75, help="share of examples mixed with music (full difficulty)")
    ap.add_argument("--extra-split", action="append", default=[],
                    help="also train on the shards of work/data/NAME (e.g. train_vocalise); repeatable")
    ap.add_argument("--init", help="start from this checkpoint's weights (fresh optimiser and schedule): fine-tuning")
    a = ap.parse_args()
    MIX["vmr_min"], MIX["music_share"] = a.vmr_min, a.music_share
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    os.makedirs(a.ckpt_dir, exist_ok=True)
    model = CtcModel(a.channels, a.blocks, n_pre=a.pre, n_post=a.post)
    model.spec_aug = True
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01)
    step = 0
    rng = np.random.default_rng(a.seed)
    last = os.path.join(a.ckpt_dir, "last.pt")
    t_used = 0.0
    if os.path.exists(last):
        ck = torch.load(last)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step = ck["step"]
        t_used = ck.get("train_seconds", 0.0)
        rng = np.random.default_rng([a.seed, step])
        torch.manual_seed(a.seed + step)
        print("resumed from step %d (%.1f min trained)" % (step, t_used / 60), flush=True)
    elif a.init:
        ck = torch.load(a.init)
        model.load_state_dict(ck["model"])
        print("initialised from %s (step %d, %.1f min trained)" % (a.init, ck["step"], ck.get("train_seconds", 0.0) / 60), flush=True)
    print("params %d" % count_params(model), flush=True)
    pool = Pool("train", a.extra_split)
    val, vh = fixed_val()
    print("train data %.2f h in %d utterances, %d music clips; held-out %.2f h" %
          (pool.hours(), len(pool.auds), len(pool.music), vh), flush=True)

    def lr_at(s):
        if s < a.warmup:
            return a.lr * (s + 1) / a.warmup
        p = min(1.0, (s - a.warmup) / max(1, a.steps - a.warmup))
        return a.lr * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * p)))

    model.train()
    t_ck = time.time()
    t0 = time.time()
    run_l, run_n, run_sec = 0.0, 0, 0.0
    while step < a.steps:
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        diff = min(1.0, step / a.ramp_steps) if a.ramp_steps > 0 else 1.0
        x, ts = batch(pool, rng, a.batch_seconds, difficulty=diff)
        loss, nch = ctc(model, x, ts)
        opt.zero_grad()
        (loss / x.shape[0] / 100.0).backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        step += 1
        run_l += float(loss)
        run_n += nch
        run_sec += x.numel() / SR
        if step % 50 == 0:
            el = time.time() - t0
            print("step %d lr %.2e train_loss_per_char %.3f audio/s %.1f elapsed %.1f min" %
                  (step, lr_at(step), run_l / max(1, run_n), run_sec / max(1e-6, el), (t_used + el) / 60), flush=True)
            run_l, run_n = 0.0, 0
        if time.time() - t_ck > a.ckpt_min * 60 or step == a.steps:
            vl = evaluate(model, val)
            el = time.time() - t0
            ck = dict(model=model.state_dict(), opt=opt.state_dict(), step=step, cfg=model.cfg,
                      train_seconds=t_used + el, val_loss=vl)
            torch.save(ck, last + ".tmp")
            os.replace(last + ".tmp", last)
            print("CKPT step %d val_loss_per_char %.3f trained %.1f min data %.2f h" %
                  (step, vl, (t_used + el) / 60, pool.hours()), flush=True)
            t_ck = time.time()
            if pool.refresh():
                print("data now %.2f h, %d utterances, %d music clips" % (pool.hours(), len(pool.auds), len(pool.music)), flush=True)
    print("finished", flush=True)


if __name__ == "__main__":
    main()
