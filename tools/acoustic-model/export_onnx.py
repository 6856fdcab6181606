#!/usr/bin/python3
"""Export a checkpoint to ONNX (opset 17) with the MMS-style contract and check it.

  /usr/bin/python3 export_onnx.py --ckpt work/ckpt/last.pt --out ../../models/kiaraoke-ctc-v2
Writes model.onnx and vocab.json; checks with onnx.checker; checks the frame count
T = floor((N-400)/320)+1 over many N in torch and in ONNX Runtime (native library from the
NuGet cache via work/ort_run, built by build_ort_run.sh), compares ORT with torch, and
times ORT (2 threads) on 180 s of audio.
"""
import argparse
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
from model import SR, count_params, from_cfg, n_frames  # noqa: E402
from synthsing.text import VOCAB  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(HERE, "work", "ckpt", "last.pt"))
    ap.add_argument("--out", default=os.path.join(HERE, "..", "..", "models", "kiaraoke-ctc-v2"))
    ap.add_argument("--full-check", action="store_true", help="torch frame check for every N in 400..20000 step 37")
    ap.add_argument("--compare", help="also time this model.onnx on the same 180 s right after (ratio in one run)")
    a = ap.parse_args()
    torch.set_num_threads(2)
    ck = torch.load(a.ckpt, map_location="cpu")
    cfg = ck["cfg"]
    model = from_cfg(cfg)
    model.load_state_dict(ck["model"])
    vad = bool(cfg.get("vad", False))
    outs = ["logits", "voice_activity"] if vad else ["logits"]
    axes = {"input_values": {0: "batch", 1: "samples"}, "logits": {0: "batch", 1: "frames"}}
    if vad:
        axes["voice_activity"] = {0: "batch", 1: "frames"}
    model.eval()
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, "model.onnx")
    x = torch.randn(1, 16000 * 3) * 0.1
    with torch.no_grad():
        torch.onnx.export(model, (x,), path, opset_version=17, input_names=["input_values"],
                          output_names=outs, dynamic_axes=axes, do_constant_folding=True)
    with open(os.path.join(a.out, "vocab.json"), "w") as f:
        json.dump({t: i for i, t in enumerate(VOCAB)}, f, ensure_ascii=False, indent=0)
        f.write("\n")
    import onnx
    m = onnx.load(path)
    onnx.checker.check_model(m)
    print("exported %s: %.2f MB, %d params, step %d, val_loss %.3f" %
          (path, os.path.getsize(path) / 1e6, count_params(model), ck["step"], ck.get("val_loss", float("nan"))))
    print("inputs", [(i.name, i.type.tensor_type.elem_type) for i in m.graph.input],
          "outputs", [o.name for o in m.graph.output], "opset", [o.version for o in m.opset_import])

    # torch frame-count check
    Ns = list(range(400, 20001, 37 if a.full_check else 397)) + list(range(479990, 480011)) + list(range(543990, 544011))
    bad = []
    with torch.no_grad():
        for N in Ns:
            y = model(torch.zeros(1, N))
            T = y[0].shape[1] if vad else y.shape[1]
            if vad and tuple(y[1].shape) != (1, T):
                bad.append((N, "voice_activity", tuple(y[1].shape)))
            if T != n_frames(N):
                bad.append((N, T))
    print("torch frame check: %d lengths, %d mismatches %s" % (len(Ns), len(bad), bad[:5]))

    # ONNX Runtime check with the native library the C# side uses (work/ort_run, see build_ort_run.sh)
    ort_run = os.path.join(HERE, "work", "ort_run")
    if not os.path.exists(ort_run):
        subprocess.run([os.path.join(HERE, "build_ort_run.sh")], check=False)
    if os.path.exists(ort_run):
        lens = os.path.join(HERE, "work", "lengths.txt")
        with open(lens, "w") as f:
            f.write("\n".join(str(n) for n in Ns) + "\n")
        r = subprocess.run([ort_run, path, "--lengths", lens], capture_output=True, text=True, check=True)
        rows = [tuple(int(v) for v in l.split()) for l in r.stdout.strip().split("\n")]
        bad = [(N, T, C) for N, T, C in rows if T != n_frames(N) or C != 31]
        print("onnxruntime frame check: %d lengths, %d mismatches %s" % (len(rows), len(bad), bad[:5]))
        rng = np.random.default_rng(0)
        maxdiff = 0.0
        for N in [400, 719, 720, 16000, 160037, 480000]:
            arr = (rng.standard_normal((2, N)) * 0.1).astype(np.float32)
            arr.tofile("/tmp/_ort_in.f32")
            subprocess.run([ort_run, path, "/tmp/_ort_in.f32", "2", str(N), "/tmp/_ort_out.f32", "2", "1"],
                           capture_output=True, check=True)
            y = np.fromfile("/tmp/_ort_out.f32", np.float32).reshape(2, n_frames(N), 31)
            with torch.no_grad():
                yt = model(torch.from_numpy(arr))
                yt = (yt[0] if vad else yt).numpy()
            maxdiff = max(maxdiff, float(np.max(np.abs(y - yt))))
        print("onnxruntime vs torch (batch 2, 6 lengths up to 30 s): max |diff| %.2e" % maxdiff)
        arr = (np.random.default_rng(1).standard_normal((1, 180 * SR)) * 0.1).astype(np.float32)
        arr.tofile("/tmp/_ort_in.f32")
        r = subprocess.run([ort_run, path, "/tmp/_ort_in.f32", "1", str(180 * SR), "/tmp/_ort_out.f32", "2", "5"],
                           capture_output=True, text=True, check=True)
        print("onnxruntime 2 threads, 180 s of audio, best of 5:", r.stdout.strip().split("\n")[-1])
    else:
        print("onnxruntime runner not available: ONNX graph not executed")
    # speed of the torch model with 2 threads on 180 s
    if a.compare:
        arr.tofile("/tmp/_ort_in.f32")
        r = subprocess.run([ort_run, a.compare, "/tmp/_ort_in.f32", "1", str(180 * SR), "/tmp/_ort_out.f32", "2", "5"],
                           capture_output=True, text=True, check=True)
        print("same run, %s:" % a.compare, r.stdout.strip().split("\n")[-1])
    xx = torch.randn(1, 180 * 16000) * 0.1
    with torch.no_grad():
        model(xx[:, :16000 * 10])
        t = time.time()
        model(xx)
        dt = time.time() - t
    print("torch (2 threads) forward on 180 s: %.3f s" % dt)


if __name__ == "__main__":
    main()
