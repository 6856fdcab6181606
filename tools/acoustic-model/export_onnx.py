#!/usr/bin/python3
"""Export a checkpoint to ONNX (opset 17) with the MMS-style contract and check it.

  /usr/bin/python3 export_onnx.py --ckpt work/ckpt/last.pt --out ../../models/kiaraoke-ctc-v1
Writes model.onnx and vocab.json; checks with onnx.checker, then (onnxruntime when
installed, else the ONNX reference evaluator on a few short inputs) and torch for the
frame count T = floor((N-400)/320)+1 over many N.
"""
import argparse
import json
import os
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
from model import CtcModel, count_params, n_frames  # noqa: E402
from synthsing.text import VOCAB  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(HERE, "work", "ckpt", "last.pt"))
    ap.add_argument("--out", default=os.path.join(HERE, "..", "..", "models", "kiaraoke-ctc-v1"))
    ap.add_argument("--full-check", action="store_true", help="torch frame check for every N in 400..20000 step 37")
    a = ap.parse_args()
    torch.set_num_threads(2)
    ck = torch.load(a.ckpt, map_location="cpu")
    cfg = ck["cfg"]
    model = CtcModel(cfg["c"], cfg["n_blocks"], cfg["mult"], cfg["drop"])
    model.load_state_dict(ck["model"])
    model.eval()
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, "model.onnx")
    x = torch.randn(1, 16000 * 3) * 0.1
    with torch.no_grad():
        torch.onnx.export(model, (x,), path, opset_version=17, input_names=["input_values"],
                          output_names=["logits"],
                          dynamic_axes={"input_values": {0: "batch", 1: "samples"},
                                        "logits": {0: "batch", 1: "frames"}},
                          do_constant_folding=True)
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
            T = model(torch.zeros(1, N)).shape[1]
            if T != n_frames(N):
                bad.append((N, T))
    print("torch frame check: %d lengths, %d mismatches %s" % (len(Ns), len(bad), bad[:5]))

    # ONNX runtime check (onnxruntime if present, else the onnx reference evaluator)
    try:
        import onnxruntime as ort
        sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])

        def run(arr):
            return sess.run(["logits"], {"input_values": arr})[0]
        engine = "onnxruntime"
        checkNs = Ns
    except ImportError:
        from onnx.reference import ReferenceEvaluator
        ref = ReferenceEvaluator(m)

        def run(arr):
            return ref.run(None, {"input_values": arr})[0]
        engine = "onnx.reference"
        checkNs = [400, 719, 720, 1039, 1040, 4321, 16000, 32013]
    rng = np.random.default_rng(0)
    maxdiff = 0.0
    bad = []
    for N in checkNs:
        arr = (rng.standard_normal((2, N)) * 0.1).astype(np.float32)
        y = run(arr)
        with torch.no_grad():
            yt = model(torch.from_numpy(arr)).numpy()
        if y.shape != (2, n_frames(N), 31):
            bad.append((N, y.shape))
        else:
            maxdiff = max(maxdiff, float(np.max(np.abs(y - yt))))
    print("%s check: %d lengths (batch 2), %d shape mismatches %s, max |onnx - torch| %.2e" %
          (engine, len(checkNs), len(bad), bad[:5], maxdiff))
    # speed of the torch model with 2 threads on 180 s
    xx = torch.randn(1, 180 * 16000) * 0.1
    with torch.no_grad():
        model(xx[:, :16000 * 10])
        t = time.time()
        model(xx)
        dt = time.time() - t
    print("torch (2 threads) forward on 180 s: %.3f s" % dt)


if __name__ == "__main__":
    main()
