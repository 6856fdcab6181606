"""Small CTC acoustic model with the MMS forced-aligner contract.

input_values [B, N] float32 16 kHz raw waveform -> logits [B, T, 31], T = floor((N-400)/320)+1.
The front end is inside the graph: a strided Conv1d with fixed windowed-DFT kernels
(window 400, hop 320), power, mel filterbank, log, per-utterance normalisation.
Optional blocks run at 20 ms (n_pre); the backbone runs at 40 ms (stride 2) and is upsampled
back to the 20 ms grid, where optional blocks (n_post) refine it.
"""
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SR = 16000
WIN = 400
HOP = 320
NFFT = 512
N_MELS = 80
N_VOCAB = 31


def mel_filterbank(n_mels=N_MELS, n_fft=NFFT, sr=SR, fmin=40.0, fmax=7600.0):
    def hz2mel(f):
        return 2595.0 * np.log10(1.0 + f / 700.0)

    def mel2hz(m):
        return 700.0 * (10 ** (m / 2595.0) - 1.0)
    n_bins = n_fft // 2 + 1
    freqs = np.arange(n_bins) * sr / n_fft
    pts = mel2hz(np.linspace(hz2mel(fmin), hz2mel(fmax), n_mels + 2))
    fb = np.zeros((n_mels, n_bins), np.float32)
    for m in range(n_mels):
        lo, c, hi = pts[m], pts[m + 1], pts[m + 2]
        up = (freqs - lo) / (c - lo)
        down = (hi - freqs) / (hi - c)
        fb[m] = np.maximum(0.0, np.minimum(up, down))
    fb /= np.maximum(fb.sum(axis=1, keepdims=True), 1e-6)
    return fb


class FrontEnd(nn.Module):
    def __init__(self):
        super().__init__()
        n_bins = NFFT // 2 + 1
        n = np.arange(WIN)
        w = 0.5 - 0.5 * np.cos(2 * np.pi * n / WIN)
        k = np.arange(n_bins)[:, None]
        ang = 2 * np.pi * k * n[None, :] / NFFT
        kern = np.concatenate([np.cos(ang) * w, -np.sin(ang) * w], axis=0).astype(np.float32)
        self.register_buffer("dft", torch.from_numpy(kern)[:, None, :])  # [2*bins, 1, WIN]
        self.register_buffer("mel", torch.from_numpy(mel_filterbank()))  # [mels, bins]
        self.n_bins = n_bins

    def forward(self, wav):
        x = wav.unsqueeze(1)  # [B,1,N]
        spec = F.conv1d(x, self.dft, stride=HOP)  # [B, 2*bins, T]
        re, im = spec[:, : self.n_bins], spec[:, self.n_bins:]
        power = re * re + im * im
        mel = torch.matmul(self.mel, power)  # [B, mels, T]
        logmel = torch.log(mel + 1e-6)
        # per-utterance normalisation (inside the graph): per-bin mean over time, global std
        logmel = logmel - logmel.mean(dim=2, keepdim=True)
        std = torch.sqrt((logmel * logmel).mean(dim=(1, 2), keepdim=True) + 1e-5)
        return logmel / std


class Block(nn.Module):
    def __init__(self, c, k=9, dil=1, mult=2, drop=0.1, norm="bn"):
        super().__init__()
        self.dw = nn.Conv1d(c, c, k, padding=dil * (k // 2), dilation=dil, groups=c)
        # norm "none": the BatchNorm is folded into dw (as in an ONNX export), e.g. weights recovered from model.onnx
        self.bn = nn.BatchNorm1d(c) if norm == "bn" else nn.Identity()
        self.pw1 = nn.Conv1d(c, c * mult, 1)
        self.pw2 = nn.Conv1d(c * mult, c, 1)
        self.drop = nn.Dropout(drop)

    def forward(self, x):
        y = self.bn(self.dw(x))
        y = self.pw2(self.drop(F.gelu(self.pw1(y))))
        return x + self.drop(y)


class CtcModel(nn.Module):
    def __init__(self, c=224, n_blocks=10, mult=2, drop=0.1, n_pre=0, n_post=0, norm="bn", vad=False):
        super().__init__()
        self.cfg = dict(c=c, n_blocks=n_blocks, mult=mult, drop=drop, n_pre=n_pre, n_post=n_post, norm=norm, vad=vad)
        self.front = FrontEnd()
        self.inp = nn.Conv1d(N_MELS, c, 3, padding=1)
        # optional blocks at the full 20 ms rate before the 40 ms backbone and after upsampling
        self.pre = nn.ModuleList([Block(c, 9, 1, mult, drop, norm) for _ in range(n_pre)])
        self.down = nn.Conv1d(c, c, 3, stride=2, padding=1)
        dils = [1, 1, 2, 1, 1, 3, 1, 1, 2, 1, 1, 3, 1, 1]
        self.blocks = nn.ModuleList([Block(c, 9, dils[i % len(dils)], mult, drop, norm) for i in range(n_blocks)])
        self.fine = Block(c, 5, 1, 1, drop, norm)
        self.post = nn.ModuleList([Block(c, 9, 1, mult, drop, norm) for _ in range(n_post)])
        self.head = nn.Conv1d(c, N_VOCAB, 1)
        # optional voice-activity head: P(a lead voice is sung or spoken in this 20 ms frame)
        self.vad = nn.Sequential(nn.Conv1d(c, 64, 5, padding=2), nn.GELU(), nn.Conv1d(64, 1, 1)) if vad else None
        self.spec_aug = False

    def _mask(self, f):
        # SpecAugment-like masking on the normalised features (training only)
        B, C, T = f.shape
        m = torch.ones_like(f)
        for b in range(B):
            for _ in range(2):
                w = int(torch.randint(0, 12, (1,)))
                s = int(torch.randint(0, max(1, C - w), (1,)))
                m[b, s:s + w, :] = 0
            for _ in range(max(1, T // 60)):
                w = int(torch.randint(0, 6, (1,)))
                s = int(torch.randint(0, max(1, T - w), (1,)))
                m[b, :, s:s + w] = 0
        return f * m

    def forward(self, input_values):
        """-> logits [B, T, 31]; with the voice-activity head also voice_activity [B, T] in [0, 1]."""
        logits, vad_logit = self.forward_train(input_values)
        if vad_logit is None:
            return logits
        return logits, torch.sigmoid(vad_logit)

    def forward_train(self, input_values):
        """-> (logits [B, T, 31], voice-activity logit [B, T] before the sigmoid, or None)."""
        f = self.front(input_values)  # [B, mels, T]
        if self.training and self.spec_aug:
            f = self._mask(f)
        h20 = F.gelu(self.inp(f))
        for blk in self.pre:
            h20 = blk(h20)
        h = F.gelu(self.down(h20))  # [B, c, ceil(T/2)]
        for blk in self.blocks:
            h = blk(h)
        h = torch.repeat_interleave(h, 2, dim=2)[:, :, : h20.shape[2]]
        h = self.fine(h + h20)
        for blk in self.post:
            h = blk(h)
        logits = self.head(h)  # [B, 31, T]
        vad_logit = self.vad(h)[:, 0, :] if self.vad is not None else None
        return logits.transpose(1, 2), vad_logit


def from_cfg(cfg):
    return CtcModel(cfg["c"], cfg["n_blocks"], cfg["mult"], cfg["drop"], cfg.get("n_pre", 0), cfg.get("n_post", 0),
                    cfg.get("norm", "bn"), cfg.get("vad", False))


def n_frames(n):
    return (n - WIN) // HOP + 1


def count_params(m):
    return sum(p.numel() for p in m.parameters())
