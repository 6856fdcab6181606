#!/usr/bin/python3
"""Verify the models written by make_tone_model.py.

Usage:
    /usr/bin/python3 tools/test-models/check_tone_model.py [--models DIR]

onnx 1.12 (Debian 12) has no onnx.reference evaluator and onnxruntime is not packaged, so the graph is run by
a small numpy interpreter below that executes the nodes of model.onnx as stored (its initializers, attributes
and wiring; float32). An independent float64 implementation written straight from the documented formula
(not reading the model) cross-checks it. Exit code 0 when every check passes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep tools/test-models free of __pycache__
sys.path.insert(0, HERE)
import make_tone_model as spec  # noqa: E402  (constants and the generator itself)

FAILURES: list[str] = []


def check(ok: bool, what: str) -> None:
    print(f"  [{'ok' if ok else 'FAIL'}] {what}")
    if not ok:
        FAILURES.append(what)


# ---- numpy interpreter for the ops the tone graph uses ---------------------------------------------------
def _attrs(node: onnx.NodeProto) -> dict:
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _conv1d(x: np.ndarray, w: np.ndarray, b: np.ndarray | None, a: dict) -> np.ndarray:
    assert a.get("group", 1) == 1 and list(a.get("dilations", [1])) == [1]
    assert list(a.get("pads", [0, 0])) == [0, 0] and x.ndim == 3
    k = w.shape[2]
    assert list(a.get("kernel_shape", [k])) == [k]
    stride = a.get("strides", [1])[0]
    if x.shape[2] < k:
        raise ValueError(f"input of {x.shape[2]} samples is shorter than the kernel ({k})")
    frames = np.lib.stride_tricks.sliding_window_view(x, k, axis=2)[:, :, ::stride, :]  # [B, Cin, T, K]
    y = np.einsum("bctk,ock->bot", frames, w, optimize=True).astype(np.float32)
    if b is not None:
        y = y + b[None, :, None]
    return y


def _reshape(x: np.ndarray, shape: np.ndarray) -> np.ndarray:
    target = [x.shape[i] if d == 0 else int(d) for i, d in enumerate(shape)]
    return x.reshape(target)


def run_graph(model: onnx.ModelProto, feeds: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    env = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    env.update(feeds)
    for node in model.graph.node:
        a = _attrs(node)
        ins = [env[n] if n else None for n in node.input]
        op = node.op_type
        if op == "Unsqueeze":
            out = np.expand_dims(ins[0], tuple(int(v) for v in ins[1]))
        elif op == "Conv":
            out = _conv1d(ins[0], ins[1], ins[2] if len(ins) > 2 else None, a)
        elif op == "Mul":
            out = ins[0] * ins[1]
        elif op == "Add":
            out = ins[0] + ins[1]
        elif op == "Reshape":
            out = _reshape(ins[0], ins[1])
        elif op == "ReduceSum":
            out = ins[0].sum(axis=tuple(int(v) for v in ins[1]), keepdims=bool(a.get("keepdims", 1)))
        elif op == "Sqrt":
            out = np.sqrt(ins[0])
        elif op == "Log":
            out = np.log(ins[0])
        elif op == "Concat":
            out = np.concatenate(ins, axis=a["axis"])
        elif op == "Transpose":
            out = np.transpose(ins[0], a["perm"])
        else:
            raise NotImplementedError(op)
        env[node.output[0]] = np.asarray(out, dtype=np.float32) if np.asarray(out).dtype.kind == "f" else out
    return {o.name: env[o.name] for o in model.graph.output}


def logits_of(model: onnx.ModelProto, x: np.ndarray) -> np.ndarray:
    """[samples] or [batch, samples] -> logits [batch, frames, classes]."""
    x = np.asarray(x, dtype=np.float32)
    if x.ndim == 1:
        x = x[None, :]
    return next(iter(run_graph(model, {"input_values": x}).values()))


# ---- independent formula (float64, from the documentation, not from the model file) -----------------------
def formula_logits(x: np.ndarray) -> np.ndarray:
    n = np.arange(400)
    w = 0.5 - 0.5 * np.cos(2 * np.pi * n / 400)
    t_count = (len(x) - 400) // 320 + 1
    out = np.empty((t_count, 31))
    out[:, 0] = 4 * math.log(1.0)
    out[:, 1:4] = -30.0
    for t in range(t_count):
        frame = x[320 * t: 320 * t + 400].astype(np.float64) * w
        for k in range(4, 31):
            f = 400 + 100 * (k - 4)
            z = np.sum(frame * np.exp(-2j * np.pi * f * n / 16000))
            out[t, k] = 4 * math.log(abs(z) + 1e-4)
    return out


# ---- signal helpers ---------------------------------------------------------------------------------------
def tone(token_id: int, amplitude: float, samples: int, phase: float = 0.0) -> np.ndarray:
    n = np.arange(samples, dtype=np.float64)
    return amplitude * np.sin(2 * np.pi * spec.tone_hz(token_id) * n / spec.SAMPLE_RATE + phase)


def frames_inside(start: int, length: int, total_frames: int) -> list[int]:
    return [t for t in range(total_frames) if 320 * t >= start and 320 * t + 400 <= start + length]


def frames_outside(start: int, length: int, total_frames: int) -> list[int]:
    return [t for t in range(total_frames) if 320 * t + 400 <= start or 320 * t >= start + length]


def contract_frames(n: int) -> int:
    return (n - 400) // 320 + 1


def load(path: str) -> onnx.ModelProto:
    return onnx.load(path)


# ---- checks ------------------------------------------------------------------------------------------------
def check_structure(root: str) -> onnx.ModelProto:
    print("structure and files")
    folder = os.path.join(root, "tone-ctc")
    path = os.path.join(folder, "model.onnx")
    model = load(path)
    onnx.checker.check_model(model)
    check(True, "onnx.checker accepts tone-ctc/model.onnx")
    opsets = {o.domain: o.version for o in model.opset_import}
    check(opsets == {"": 17}, f"opset imports {opsets} == {{'': 17}}; ir_version {model.ir_version}")
    inp = model.graph.input[0]
    dims = [d.dim_param or d.dim_value for d in inp.type.tensor_type.shape.dim]
    check(len(model.graph.input) == 1 and inp.name == "input_values"
          and inp.type.tensor_type.elem_type == onnx.TensorProto.FLOAT and dims == ["batch", "samples"],
          f"input {inp.name} float32 {dims}")
    out = model.graph.output[0]
    odims = [d.dim_param or d.dim_value for d in out.type.tensor_type.shape.dim]
    check(len(model.graph.output) == 1 and out.name == "logits"
          and out.type.tensor_type.elem_type == onnx.TensorProto.FLOAT and odims == ["batch", "frames", 31],
          f"output {out.name} float32 {odims}")
    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    idims = [d.dim_param or d.dim_value for d in inferred.graph.output[0].type.tensor_type.shape.dim]
    check(idims[0] == "batch" and idims[2] == 31, f"strict shape inference passes; inferred output dims {idims}")
    with open(os.path.join(folder, "vocab.json"), encoding="utf-8") as f:
        vocab = json.load(f)
    expected = {t: i for i, t in enumerate(spec.VOCAB)}
    check(vocab == expected and len(vocab) == 31, "vocab.json is exactly the 31 MMS tokens, <blank>=0 ... x=30")
    with open(os.path.join(folder, "MODEL_CARD.md"), encoding="utf-8") as f:
        card = f.read()
    check("license: commercial-ok" in card.splitlines(), "MODEL_CARD.md has 'license: commercial-ok'")
    for name in ("tone-ctc", "bad-vocab", "bad-geometry", "bad-outputs"):
        size = sum(os.path.getsize(os.path.join(root, name, f)) for f in os.listdir(os.path.join(root, name)))
        check(size <= 200 * 1024, f"{name}/ is {size} B (<= 200 KB)")
    return model


def check_frames(model: onnx.ModelProto) -> None:
    print("frame geometry T = floor((N - 400) / 320) + 1 (run on zeros)")
    for n in (400, 401, 719, 720, 721, 16000, 16399, 16400, 480000):
        got = logits_of(model, np.zeros(n, np.float32)).shape
        check(got == (1, contract_frames(n), 31), f"N={n:>6}: logits shape {got}, expected T={contract_frames(n)}")
    got = logits_of(model, np.zeros((3, 1040), np.float32)).shape
    check(got == (3, 3, 31), f"batch 3 x N=1040: logits shape {got}")


def check_formula(model: onnx.ModelProto) -> None:
    print("graph == documented formula")
    rng = np.random.default_rng(7)
    x = (rng.standard_normal(6720) * 0.2).astype(np.float32)
    x[1000:4200] += tone(9, 0.3, 3200).astype(np.float32)
    got = logits_of(model, x)[0]
    ref = formula_logits(x)
    diff = float(np.max(np.abs(got - ref)))
    check(diff < 1e-3, f"max |graph - formula| on noise + tone = {diff:.2e} (< 1e-3)")
    batch = np.stack([x, np.zeros_like(x), x[::-1].copy()])
    rows = logits_of(model, batch)
    same = all(np.array_equal(rows[i], logits_of(model, batch[i])[0]) for i in range(3))
    check(same, "batch rows are independent (batch of 3 == three single runs)")
    silent = logits_of(model, np.zeros(800, np.float32))[0, 0]
    check(silent[0] == 0.0 and all(silent[1:4] == -30.0), f"fixed logits: blank {silent[0]}, 1..3 {silent[1:4]}")
    check(abs(silent[4] - 4 * math.log(1e-4)) < 1e-4, f"silent character logit {silent[4]:.4f} = 4 ln(1e-4)")


def check_silence_and_noise(model: onnx.ModelProto) -> None:
    print("silence and low noise -> blank")
    for n in (16000, 480000):
        arg = logits_of(model, np.zeros(n, np.float32))[0].argmax(axis=1)
        check(bool(np.all(arg == 0)), f"silence, N={n}: all {len(arg)} frames argmax blank")
    rng = np.random.default_rng(1)
    for rms in (0.001, 0.01):
        x = (rng.standard_normal(160000) * rms).astype(np.float32)  # 10 s
        lg = logits_of(model, x)[0]
        arg = lg.argmax(axis=1)
        peak = float(np.exp(lg[:, 4:].max() / 4))
        check(bool(np.all(arg == 0)), f"white noise RMS {rms}, 10 s: all {len(arg)} frames blank "
                                      f"(largest magnitude {peak:.3f} < tau 1.0)")


def check_tones(model: onnx.ModelProto) -> None:
    print("isolated tones: frames fully inside -> k, frames fully outside -> blank")
    rng = np.random.default_rng(3)
    for amplitude in (0.3, 0.1):
        margins, own = [], []
        bad = []
        for k in spec.CHAR_IDS:
            start, length, total = 1234, 3200, 8000  # 0.2 s tone starting off the frame grid
            x = np.zeros(total, np.float32)
            x[start:start + length] = tone(k, amplitude, length, rng.uniform(0, 2 * np.pi))
            lg = logits_of(model, x)[0]
            inside = frames_inside(start, length, lg.shape[0])
            outside = frames_outside(start, length, lg.shape[0])
            arg = lg.argmax(axis=1)
            if len(inside) < 8 or not all(arg[t] == k for t in inside) or not all(arg[t] == 0 for t in outside):
                bad.append(k)
            others = np.delete(lg[inside], k, axis=1).max(axis=1)
            margins.append(float((lg[inside, k] - others).min()))
            own.append(float(np.exp(lg[inside, k] / 4).min()))
        check(not bad, f"amplitude {amplitude}, 0.2 s, every k in 4..30: inside frames argmax k, outside blank "
                       f"(failing ids: {bad}); min own magnitude {min(own):.2f} (~{100 * amplitude:.0f} expected), "
                       f"min logit margin {min(margins):.2f}")
    # the next-strongest character when one tone plays (leakage through the Hann side lobes)
    worst = 0.0
    for k in spec.CHAR_IDS:
        lg = logits_of(model, tone(k, 1.0, 4000, 0.5))[0]
        cross = np.exp(np.delete(lg[:, 4:], k - 4, axis=1).max() / 4)
        worst = max(worst, float(cross))
    check(worst < 0.05 * 100, f"unit-amplitude tone: largest other-character magnitude {worst:.3f} "
                              f"(own ~100): tones never bleed into a neighbour")


def collapse(path: np.ndarray) -> list[int]:
    out, prev = [], -1
    for p in path:
        if p != prev and p != 0:
            out.append(int(p))
        prev = p
    return out


def check_words(model: onnx.ModelProto) -> None:
    print("sung words: greedy CTC decoding of tone sequences")
    ids = {t: i for i, t in enumerate(spec.VOCAB)}
    for word, gap in (("kiaraoke", 0), ("chanson", 1600), ("l'amour", 0)):
        tokens = [ids[c] for c in word]
        pieces = [np.zeros(2000)]
        for t in tokens:
            pieces.append(tone(t, 0.2, 3200, 1.0))
            pieces.append(np.zeros(gap))
        pieces.append(np.zeros(2000))
        x = np.concatenate(pieces).astype(np.float32)
        decoded = collapse(logits_of(model, x)[0].argmax(axis=1))
        check(decoded == tokens, f"'{word}' (0.2 s per letter, gap {gap / 16000:.2f} s) decodes to "
                                 f"{''.join(spec.VOCAB[i] for i in decoded)!r}")


def check_timing(model: onnx.ModelProto) -> None:
    print("timing of tone edges (frame t stamped at t * 20 ms, as the aligner does)")
    for amplitude in (0.1, 0.2, 0.3):  # louder tones are detected slightly earlier (0.5: start -21.2 ms)
        for label, offsets in (("any offset", range(0, 320, 4)), ("edges at 10 ms + 20 ms * j", [160])):
            starts, ends = [], []
            for p in offsets:
                s0, length = 3200 + p, 4800  # 0.3 s tone; length is a multiple of 320, so both edges share p
                x = np.zeros(12000, np.float32)
                x[s0:s0 + length] = tone(17, amplitude, length, 0.3)
                hit = np.where(logits_of(model, x)[0].argmax(axis=1) == 17)[0]
                starts.append(hit[0] * 20 - s0 / 16)
                ends.append((hit[-1] + 1) * 20 - (s0 + length) / 16)
            bound = 10.5 if len(offsets) == 1 else 21.0
            check(max(map(abs, starts + ends)) <= bound,
                  f"amplitude {amplitude}, {label}: start error [{min(starts):+.1f}, {max(starts):+.1f}] ms, "
                  f"end error [{min(ends):+.1f}, {max(ends):+.1f}] ms (|error| <= {bound} ms)")


def check_broken(root: str, good: onnx.ModelProto) -> None:
    print("broken variants")
    with open(os.path.join(root, "bad-vocab", "vocab.json"), encoding="utf-8") as f:
        bv = json.load(f)
    check("<blank>" not in bv and sorted(bv.values()) == list(range(31)) and bv.get("<pad>") == 1,
          f"bad-vocab: no <blank>, id 0 is {[t for t, i in bv.items() if i == 0]}, ids 0..30 otherwise intact")
    with open(os.path.join(root, "bad-vocab", "model.onnx"), "rb") as f:
        check(f.read() == good.SerializeToString(), "bad-vocab: model.onnx identical to tone-ctc")

    geo = load(os.path.join(root, "bad-geometry", "model.onnx"))
    onnx.checker.check_model(geo)
    n = 16399
    t = logits_of(geo, np.zeros(n, np.float32)).shape[1]
    check(t == (n - 400) // 160 + 1 and t != contract_frames(n),
          f"bad-geometry: N={n} gives T={t} (contract {contract_frames(n)})")

    outs = load(os.path.join(root, "bad-outputs", "model.onnx"))
    onnx.checker.check_model(outs)
    o = outs.graph.output[0]
    res = run_graph(outs, {"input_values": np.zeros((1, 16000), np.float32)})
    check(o.name == "scores" and res["scores"].shape == (1, 49, 29),
          f"bad-outputs: output '{o.name}' shape {res['scores'].shape}; declared "
          f"{[d.dim_param or d.dim_value for d in o.type.tensor_type.shape.dim]}")


def check_reproducible(root: str) -> None:
    print("reproducibility")
    with tempfile.TemporaryDirectory() as tmp:
        names = spec.generate(tmp)
        for name in names:
            for f in sorted(os.listdir(os.path.join(tmp, name))):
                with open(os.path.join(tmp, name, f), "rb") as a, open(os.path.join(root, name, f), "rb") as b:
                    da, db = a.read(), b.read()
                check(da == db, f"{name}/{f} regenerates byte-identical (sha256 {hashlib.sha256(db).hexdigest()[:16]})")


def main(argv: list[str]) -> int:
    repo = os.path.abspath(os.path.join(HERE, "..", ".."))
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", default=os.path.join(repo, "tests", "models"))
    args = parser.parse_args(argv)
    print(f"numpy {np.__version__}, onnx {onnx.__version__}")
    model = check_structure(args.models)
    check_frames(model)
    check_formula(model)
    check_silence_and_noise(model)
    check_tones(model)
    check_words(model)
    check_timing(model)
    check_broken(args.models, model)
    check_reproducible(args.models)
    print(f"\n{'ALL CHECKS PASSED' if not FAILURES else f'{len(FAILURES)} CHECK(S) FAILED'}")
    return 0 if not FAILURES else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
