"""Weight-space combinations of fine-tuned checkpoints (no training).

Two kinds, both over checkpoints fine-tuned from the same start (v2's recovered weights + new blocks):
- interpolation toward the start ("WiSE-FT"): theta = start + alpha * (tuned - start). Weights v2 has are mixed with
  v2's; a new block's output projection (pw2, zero at the start: the identity) is scaled by alpha; the rest of a new
  block and the voice-activity head keep the tuned values (their start values were random and never acted).
- averages ("soups"): the plain mean of every weight over several tuned checkpoints.

    /usr/bin/python3 soup.py --out work/ckpt_v3w/wise50.pt --start work/ckpt_v2_recovered/v2.pt \
        --alpha 0.5 work/ckpt_v3c/last.pt
    /usr/bin/python3 soup.py --out work/ckpt_v3w/soup_cd.pt work/ckpt_v3c/last.pt work/ckpt_v3d/last.pt

The output is a checkpoint `evaluate.py` and `export_onnx.py` read (the first input's config, no optimiser state).
"""
import argparse
import os

import torch


def interpolate(start, tuned, alpha):
    out = {}
    for name, value in tuned.items():
        if name in start:
            out[name] = start[name] + alpha * (value - start[name])
        elif name.startswith("blocks.") and ".pw2." in name:
            out[name] = alpha * value  # the start was zero: the block was the identity
        else:
            out[name] = value.clone()
    return out


def average(states):
    names = states[0].keys()
    for s in states[1:]:
        if s.keys() != names:
            raise SystemExit("checkpoints do not hold the same weights")
    return {n: sum(s[n] for s in states) / len(states) for n in names}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tuned", nargs="+", help="fine-tuned checkpoints")
    ap.add_argument("--out", required=True)
    ap.add_argument("--start", help="the common start (for --alpha)")
    ap.add_argument("--alpha", type=float, help="interpolate the single tuned checkpoint toward --start")
    a = ap.parse_args()
    cks = [torch.load(p, map_location="cpu") for p in a.tuned]
    cfg = cks[0]["cfg"]
    if any(c["cfg"] != cfg for c in cks):
        raise SystemExit("checkpoints have different configurations")
    if a.alpha is not None:
        if a.start is None or len(cks) != 1:
            raise SystemExit("--alpha needs --start and exactly one tuned checkpoint")
        state = interpolate(torch.load(a.start, map_location="cpu")["model"], cks[0]["model"], a.alpha)
        how = "start %s + %.2f x (%s - start)" % (a.start, a.alpha, a.tuned[0])
    else:
        state = average([c["model"] for c in cks])
        how = "mean of " + ", ".join(a.tuned)
    os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
    torch.save({"model": state, "cfg": cfg, "step": cks[0]["step"], "train_seconds": sum(c.get("train_seconds", 0.0) for c in cks),
                "source": how}, a.out)
    print("wrote %s: %s" % (a.out, how))


if __name__ == "__main__":
    main()
