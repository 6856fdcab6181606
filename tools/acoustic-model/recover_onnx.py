#!/usr/bin/python3
"""Recovers a torch checkpoint from an exported model.onnx (the v2 .pt files were not kept).

  /usr/bin/python3 recover_onnx.py --onnx ../../models/kiaraoke-ctc-v2/model.onnx --out work/ckpt_v2_recovered/v2.pt
The export folded each block's BatchNorm into its depthwise conv (constant folding): those convs
appear as anonymous initializers, in graph order. They are loaded into a model built with
norm="none" (no BatchNorm), which computes the same function. The check runs the recovered torch
model and ONNX Runtime (work/ort_run) on the same audio and prints the largest logit difference.
"""
import argparse
import os
import subprocess
import sys

import numpy as np

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import onnx  # noqa: E402
import torch  # noqa: E402
from onnx import numpy_helper  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import CtcModel, n_frames  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnx", default=os.path.join(HERE, "..", "..", "models", "kiaraoke-ctc-v2", "model.onnx"))
    ap.add_argument("--out", default=os.path.join(HERE, "work", "ckpt_v2_recovered", "v2.pt"))
    a = ap.parse_args()
    g = onnx.load(a.onnx).graph
    inits = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in g.initializer}
    model = CtcModel(192, 6, n_pre=2, n_post=2, norm="none")
    sd = model.state_dict()
    dw_names = [f"pre.{i}.dw" for i in range(2)] + [f"blocks.{i}.dw" for i in range(6)] + ["fine.dw"] + \
        [f"post.{i}.dw" for i in range(2)]
    folded = []
    for n in g.node:
        if n.op_type == "Conv" and len(n.input) > 1 and n.input[1] in inits and n.input[1] not in sd:
            folded.append((n.input[1], n.input[2]))
    assert len(folded) == len(dw_names), (len(folded), folded)
    new = {}
    for name, (w, b) in zip(dw_names, folded):
        assert inits[w].shape == sd[name + ".weight"].shape, (name, inits[w].shape)
        new[name + ".weight"], new[name + ".bias"] = inits[w], inits[b]
    for k in sd:
        if k not in new:
            new[k] = inits[k]
    model.load_state_dict(new)
    model.eval()
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    torch.save(dict(model=model.state_dict(), cfg=model.cfg, step=0, train_seconds=0.0,
                    source=os.path.abspath(a.onnx)), a.out)
    print("recovered %d tensors (%d folded depthwise convs) -> %s" % (len(new), len(folded), a.out))
    ort_run = os.path.join(HERE, "work", "ort_run")
    rng = np.random.default_rng(0)
    worst = 0.0
    for N in [16000, 160037, 480000]:
        x = (rng.standard_normal((2, N)) * 0.1).astype(np.float32)
        x.tofile("/tmp/_rec_in.f32")
        subprocess.run([ort_run, a.onnx, "/tmp/_rec_in.f32", "2", str(N), "/tmp/_rec_out.f32", "2", "1"],
                       capture_output=True, check=True)
        y = np.fromfile("/tmp/_rec_out.f32", np.float32).reshape(2, n_frames(N), 31)
        with torch.no_grad():
            yt = model(torch.from_numpy(x)).numpy()
        worst = max(worst, float(np.max(np.abs(y - yt))))
    print("recovered torch vs onnxruntime logits: max |diff| %.2e (3 lengths up to 30 s, batch 2)" % worst)


if __name__ == "__main__":
    main()
