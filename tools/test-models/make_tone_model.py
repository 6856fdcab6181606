#!/usr/bin/python3
"""Generate the synthetic "tone" CTC test model and three deliberately broken variants.

Usage:
    /usr/bin/python3 tools/test-models/make_tone_model.py [--out DIR]

DIR defaults to <repo>/tests/models. Written folders:
    tone-ctc/      model.onnx, vocab.json, MODEL_CARD.md   (the valid test model)
    bad-vocab/     vocab.json has no "<blank>" (id 0 is named "<eps>"); model identical to tone-ctc
    bad-geometry/  first convolution has stride 160 instead of 320, so T != floor((N-400)/320)+1
    bad-outputs/   the output is named "scores" and has 29 classes instead of "logits" with 31

Output is byte-identical on every run (fixed kernels computed in float64 then rounded to float32,
no timestamps, fixed IR version and producer fields). Only numpy and onnx are needed; no torch.

The tone model
--------------
Input  `input_values` float32 [batch, samples], 16 kHz mono waveform (raw, roughly -1..1).
Output `logits`       float32 [batch, frames, 31], pre-softmax, frames T = floor((N - 400) / 320) + 1.

Character token id k in 4..30 is "sung" as a pure sine at
    f(k) = 400 + 100 * (k - 4) Hz          (a=400 Hz, i=500 Hz, ..., x=3000 Hz)
For frame t (samples 320*t .. 320*t + 399) and each k, with the periodic Hann window
    w[n] = 0.5 - 0.5 * cos(2*pi*n / 400),  n = 0..399   (sum w = 200)
the graph computes
    c_k = sum_n w[n] * cos(2*pi*f(k)*n / 16000) * x[320t + n]
    s_k = sum_n w[n] * sin(2*pi*f(k)*n / 16000) * x[320t + n]
    m_k = sqrt(c_k^2 + s_k^2)
and emits
    logits[t, k] = GAIN * ln(m_k + EPS)     for k = 4..30       (GAIN = 4, EPS = 1e-4)
    logits[t, 0] = GAIN * ln(TAU) = 0       (blank; TAU = 1.0)
    logits[t, 1] = logits[t, 2] = logits[t, 3] = -30   (<pad>, </s>, <unk>: never emitted)
A sine of amplitude A at f(k) filling the frame gives m_k ~= A * sum(w) / 2 = 100 * A, so A = 0.1 gives
m_k ~= 10 (logit ~9.2, well above the blank's 0), while silence gives ln(1e-4) * 4 ~= -36.8 on every
character and any token 100 Hz away stays below ~0.025 * 100 * A (Hann side lobe at 2.5 bins).

Graph (opset 17):
    Unsqueeze(axis 1) -> Conv[54 ch: 27 cosine + 27 sine kernels, k=400, s=320, no pad] -> Mul(x, x)
    -> Reshape [B, 2, 27, T] -> ReduceSum(axis 1) -> Sqrt -> Add(EPS) -> Log -> Mul(GAIN)      = chars [B, 27, T]
    Unsqueezed input -> Conv[4 ch, zero weights, k=400, s=320, bias (4 ln TAU, -30, -30, -30)] = fixed [B, 4, T]
    Concat(fixed, chars; axis 1) -> Transpose(0, 2, 1) -> logits [B, T, 31]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# ---- the contract the C# tests rely on -------------------------------------------------------------
SAMPLE_RATE = 16000
WINDOW = 400  # samples per frame (25 ms)
HOP = 320  # samples between frames (20 ms)
FIRST_CHAR_ID = 4
LAST_CHAR_ID = 30
BASE_HZ = 400.0  # f(4)
STEP_HZ = 100.0  # f(k) = BASE_HZ + STEP_HZ * (k - 4)
GAIN = 4.0
EPS = 1e-4
TAU = 1.0  # blank threshold on the magnitude: logits[0] = GAIN * ln(TAU) = 0
NEVER = -30.0  # constant logit of <pad>, </s>, <unk>

OPSET = 17
IR_VERSION = 8  # fixed so newer onnx versions write the same bytes; ONNX Runtime >= 1.13 reads it

VOCAB = [
    "<blank>", "<pad>", "</s>", "<unk>",
    "a", "i", "e", "n", "o", "u", "t", "s", "r", "m", "k", "l", "d", "g", "h", "y",
    "b", "p", "w", "c", "v", "j", "z", "f", "'", "q", "x",
]
assert len(VOCAB) == 31

CHAR_IDS = list(range(FIRST_CHAR_ID, LAST_CHAR_ID + 1))  # 27 ids


def tone_hz(token_id: int) -> float:
    """Frequency that 'sings' character token `token_id` (4..30)."""
    if not FIRST_CHAR_ID <= token_id <= LAST_CHAR_ID:
        raise ValueError(f"token id {token_id} has no tone")
    return BASE_HZ + STEP_HZ * (token_id - FIRST_CHAR_ID)


def hann(n: int = WINDOW) -> np.ndarray:
    """Periodic Hann window, float64."""
    i = np.arange(n, dtype=np.float64)
    return 0.5 - 0.5 * np.cos(2.0 * np.pi * i / n)


def dft_kernels() -> np.ndarray:
    """Conv weights [54, 1, 400]: rows 0..26 Hann*cos, rows 27..53 Hann*sin, one pair per character id."""
    w = hann()
    n = np.arange(WINDOW, dtype=np.float64)
    cos_rows = []
    sin_rows = []
    for k in CHAR_IDS:
        phase = 2.0 * np.pi * tone_hz(k) * n / SAMPLE_RATE
        cos_rows.append(w * np.cos(phase))
        sin_rows.append(w * np.sin(phase))
    kernels = np.stack(cos_rows + sin_rows)[:, None, :]
    return kernels.astype(np.float32)


def build_model(*, stride: int = HOP, output_name: str = "logits", fixed_logits: list[float] | None = None,
                doc: str = "") -> onnx.ModelProto:
    """Build the tone graph. Defaults give the valid model; the parameters exist to make broken ones."""
    if fixed_logits is None:
        fixed_logits = [GAIN * math.log(TAU), NEVER, NEVER, NEVER]
    n_chars = len(CHAR_IDS)
    classes = len(fixed_logits) + n_chars

    inits = [
        numpy_helper.from_array(np.array([1], dtype=np.int64), "unsqueeze_axes"),
        numpy_helper.from_array(dft_kernels(), "dft_kernels"),
        numpy_helper.from_array(np.array([0, 2, n_chars, -1], dtype=np.int64), "pair_shape"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "pair_axis"),
        numpy_helper.from_array(np.array(EPS, dtype=np.float32), "eps"),
        numpy_helper.from_array(np.array(GAIN, dtype=np.float32), "gain"),
        numpy_helper.from_array(np.zeros((len(fixed_logits), 1, WINDOW), dtype=np.float32), "fixed_zero_kernels"),
        numpy_helper.from_array(np.array(fixed_logits, dtype=np.float32), "fixed_logits"),
    ]
    conv_attrs = dict(kernel_shape=[WINDOW], strides=[stride], pads=[0, 0], dilations=[1], group=1)
    nodes = [
        helper.make_node("Unsqueeze", ["input_values", "unsqueeze_axes"], ["wave"], name="to_channels"),
        helper.make_node("Conv", ["wave", "dft_kernels"], ["dft"], name="hann_dft", **conv_attrs),
        helper.make_node("Mul", ["dft", "dft"], ["dft_sq"], name="square"),
        helper.make_node("Reshape", ["dft_sq", "pair_shape"], ["dft_pairs"], name="split_cos_sin"),
        helper.make_node("ReduceSum", ["dft_pairs", "pair_axis"], ["power"], name="cos2_plus_sin2", keepdims=0),
        helper.make_node("Sqrt", ["power"], ["magnitude"], name="magnitude"),
        helper.make_node("Add", ["magnitude", "eps"], ["magnitude_eps"], name="plus_eps"),
        helper.make_node("Log", ["magnitude_eps"], ["log_magnitude"], name="log"),
        helper.make_node("Mul", ["log_magnitude", "gain"], ["char_logits"], name="times_gain"),
        helper.make_node("Conv", ["wave", "fixed_zero_kernels", "fixed_logits"], ["fixed"], name="fixed_logits",
                         **conv_attrs),
        helper.make_node("Concat", ["fixed", "char_logits"], ["class_major"], name="concat_classes", axis=1),
        helper.make_node("Transpose", ["class_major"], [output_name], name="to_frames_major", perm=[0, 2, 1]),
    ]
    graph = helper.make_graph(
        nodes,
        "tone_ctc",
        [helper.make_tensor_value_info("input_values", TensorProto.FLOAT, ["batch", "samples"])],
        [helper.make_tensor_value_info(output_name, TensorProto.FLOAT, ["batch", "frames", classes])],
        initializer=inits,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="kiaraoke-tools-test-models",
        producer_version="1",
        doc_string=doc or (
            "Synthetic tone CTC model (not trained). Character id k=4..30 <-> sine at 400+100*(k-4) Hz. "
            "logits[k] = 4*ln(m_k + 1e-4) with m_k the Hann-windowed DFT magnitude at that frequency over "
            "400-sample frames with hop 320; logits[0] (blank) = 4*ln(1.0) = 0; logits[1..3] = -30."),
    )
    model.ir_version = IR_VERSION
    meta = {
        "tone_base_hz": repr(BASE_HZ), "tone_step_hz": repr(STEP_HZ), "first_char_id": str(FIRST_CHAR_ID),
        "gain": repr(GAIN), "eps": repr(EPS), "tau": repr(TAU), "window": str(WINDOW), "hop": str(stride),
        "sample_rate": str(SAMPLE_RATE),
    }
    for key in sorted(meta):
        entry = model.metadata_props.add()
        entry.key = key
        entry.value = meta[key]
    onnx.checker.check_model(model)
    return model


def vocab_json(tokens: list[str]) -> str:
    body = ",\n".join(f"  {json.dumps(t, ensure_ascii=False)}: {i}" for i, t in enumerate(tokens))
    return "{\n" + body + "\n}\n"


TONE_CARD = """---
license: commercial-ok
---
# tone-ctc: synthetic CTC test model

A tiny, **untrained, synthetic** ONNX model generated by `tools/test-models/make_tone_model.py`. It exists only
so the alignment tests can run end to end with exactly known character timings. It recognises nothing but pure
tones and is useless on real speech or singing.

- Licence: the project's own MIT licence (generated by project code; no third-party weights or data).
- Interface: same contract as a wav2vec2/MMS CTC export: input `input_values` float32 [batch, samples] (16 kHz),
  output `logits` float32 [batch, frames, 31] (pre-softmax), T = floor((N - 400) / 320) + 1 (20 ms frames).
- Vocabulary: the MMS forced-aligner order (`<blank>`=0, `<pad>`, `</s>`, `<unk>`, then a i e n o u t s r m k l
  d g h y b p w c v j z f ' q x = 4..30).

## What it computes
Character id k (4..30) is sung as a sine at **f(k) = 400 + 100 * (k - 4) Hz** (a = 400 Hz ... x = 3000 Hz).
For each 400-sample frame (hop 320), m_k is the magnitude of the periodic-Hann-windowed DFT at f(k):

    logits[k] = 4 * ln(m_k + 1e-4)   for k = 4..30
    logits[0] = 4 * ln(tau) = 0      blank, tau = 1.0
    logits[1] = logits[2] = logits[3] = -30

A sine of amplitude A filling a frame gives m_k ~= 100 * A, so any tone with A >= 0.1 wins its own token and
silence or low noise (RMS <= 0.01) is blank. See `tools/test-models/README.md`.
"""

BAD_CARD = """---
license: commercial-ok
---
# {name}: deliberately broken test model

Generated by `tools/test-models/make_tone_model.py` (project code, MIT licence, synthetic, untrained) for
model-loader validation tests. A loader must refuse it with a precise error.

Defect: {defect}

Everything else is the `tone-ctc` model.
"""

BAD_DEFECTS = {
    "bad-vocab": "`vocab.json` has no `<blank>` token: id 0 is named `<eps>` (31 entries, ids 0..30 without gaps, "
                 "`<pad>` still at id 1, which must NOT be taken as the blank). `model.onnx` is identical to tone-ctc.",
    "bad-geometry": "the framing convolution has kernel 400 but stride 160 (10 ms), so T = floor((N - 400) / 160) + 1 "
                    "instead of the contract's floor((N - 400) / 320) + 1 (e.g. 100 frames instead of 50 for N = 16399).",
    "bad-outputs": "the output is named `scores` (not `logits`) and has 29 classes (blank, one -30 constant and the "
                   "27 characters), while `vocab.json` has the usual 31 entries.",
}


def write(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def write_folder(root: str, name: str, model: onnx.ModelProto, tokens: list[str], card: str) -> None:
    folder = os.path.join(root, name)
    write(os.path.join(folder, "model.onnx"), model.SerializeToString())
    write(os.path.join(folder, "vocab.json"), vocab_json(tokens).encode("utf-8"))
    write(os.path.join(folder, "MODEL_CARD.md"), card.encode("utf-8"))


def generate(root: str) -> list[str]:
    good = build_model()
    write_folder(root, "tone-ctc", good, VOCAB, TONE_CARD)

    no_blank = ["<eps>"] + VOCAB[1:]
    write_folder(root, "bad-vocab", good, no_blank,
                 BAD_CARD.format(name="bad-vocab", defect=BAD_DEFECTS["bad-vocab"]))

    geometry = build_model(stride=160, doc="BROKEN test model: tone-ctc with hop 160 instead of 320.")
    write_folder(root, "bad-geometry", geometry, VOCAB,
                 BAD_CARD.format(name="bad-geometry", defect=BAD_DEFECTS["bad-geometry"]))

    outputs = build_model(output_name="scores", fixed_logits=[GAIN * math.log(TAU), NEVER],
                          doc="BROKEN test model: output 'scores' with 29 classes instead of 'logits' with 31.")
    write_folder(root, "bad-outputs", outputs, VOCAB,
                 BAD_CARD.format(name="bad-outputs", defect=BAD_DEFECTS["bad-outputs"]))
    return ["tone-ctc", "bad-vocab", "bad-geometry", "bad-outputs"]


def main(argv: list[str]) -> int:
    repo = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join(repo, "tests", "models"), help="output root (default: %(default)s)")
    args = parser.parse_args(argv)
    for name in generate(args.out):
        folder = os.path.join(args.out, name)
        sizes = ", ".join(f"{f} {os.path.getsize(os.path.join(folder, f))} B" for f in sorted(os.listdir(folder)))
        print(f"{folder}: {sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
