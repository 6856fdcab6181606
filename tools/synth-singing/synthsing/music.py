"""Accompaniment: write a random General MIDI arrangement (chords, bass, arpeggio/lead,
drums) and render it with fluidsynth + FluidR3_GM (fluid-soundfont-gm)."""
import os
import struct
import subprocess
import tempfile

import numpy as np

SF2 = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
TPQ = 480

PROGRESSIONS = [[0, 5, 3, 4], [0, 3, 4, 4], [0, 4, 5, 3], [5, 3, 0, 4], [0, 5, 1, 4], [0, 0, 3, 4],
                [1, 4, 0, 0], [0, 6, 5, 4]]
MAJOR = [0, 2, 4, 5, 7, 9, 11]
MINOR = [0, 2, 3, 5, 7, 8, 10]
CHORD_PROGRAMS = list(range(0, 8)) + list(range(16, 24)) + list(range(24, 32)) + list(range(48, 56)) + \
    list(range(88, 96)) + [40, 41, 42, 44, 45, 46, 56, 57, 60, 61, 62, 63, 80, 81]
BASS_PROGRAMS = list(range(32, 40)) + [42, 43, 58]
LEAD_PROGRAMS = [0, 4, 6, 11, 12, 13, 24, 25, 26, 27, 40, 46, 56, 65, 66, 68, 71, 73, 74, 80, 81, 104, 105, 108]


def _vlq(n):
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    return bytes(reversed(out))


def _track(events):
    """events: list of (tick, bytes). Returns an MTrk chunk."""
    events = sorted(events, key=lambda e: (e[0], e[1][0] & 0xF0 == 0x90))
    data = b""
    last = 0
    for t, msg in events:
        data += _vlq(t - last) + msg
        last = t
    data += _vlq(0) + b"\xff\x2f\x00"
    return b"MTrk" + struct.pack(">I", len(data)) + data


def write_midi(path, tracks, bpm):
    tempo = int(60_000_000 / bpm)
    meta = [(0, b"\xff\x51\x03" + tempo.to_bytes(3, "big"))]
    chunks = [_track(meta)] + [_track(t) for t in tracks]
    with open(path, "wb") as f:
        f.write(b"MThd" + struct.pack(">IHHH", 6, 1, len(chunks), TPQ))
        for c in chunks:
            f.write(c)


def _note(ev, ch, t, dur, pitch, vel):
    pitch = int(np.clip(pitch, 0, 127))
    vel = int(np.clip(vel, 1, 127))
    ev.append((int(t), bytes([0x90 | ch, pitch, vel])))
    ev.append((int(t + max(dur, 1)), bytes([0x80 | ch, pitch, 0])))


def arrangement(rng, seconds, bpm=None, key=None, minor=None):
    """Random arrangement of about `seconds`. Returns (tracks, bpm, description)."""
    bpm = bpm or float(rng.uniform(70, 150))
    key = int(rng.integers(0, 12)) if key is None else key
    minor = bool(rng.random() < 0.4) if minor is None else minor
    scale = MINOR if minor else MAJOR
    prog = PROGRESSIONS[int(rng.integers(len(PROGRESSIONS)))]
    bar = 4 * TPQ
    n_bars = int(np.ceil(seconds / (4 * 60 / bpm))) + 1
    tracks = []
    desc = {"bpm": bpm, "key": key, "minor": minor}
    style = rng.choice(["block", "arp", "strum", "pad"])
    cp = int(rng.choice(CHORD_PROGRAMS))
    bp = int(rng.choice(BASS_PROGRAMS))
    lp = int(rng.choice(LEAD_PROGRAMS))
    desc.update(style=str(style), chord_program=cp, bass_program=bp, lead_program=lp)
    base = 48 + key
    ch_ev = [(0, bytes([0xC0, cp]))]
    bs_ev = [(0, bytes([0xC1, bp]))]
    ld_ev = [(0, bytes([0xC2, lp]))]
    dr_ev = []
    use_lead = rng.random() < 0.5
    use_drums = rng.random() < 0.8
    use_bass = rng.random() < 0.85
    vel = int(rng.uniform(60, 100))
    for b in range(n_bars):
        deg = prog[b % len(prog)]
        triad = [scale[(deg + k) % 7] + 12 * ((deg + k) // 7) for k in (0, 2, 4)]
        t0 = b * bar
        if style == "block" or style == "pad":
            hits = [0] if style == "pad" else [0, 2 * TPQ] if rng.random() < 0.5 else [0, TPQ, 2 * TPQ, 3 * TPQ]
            dur = bar if style == "pad" else bar // len(hits)
            for h in hits:
                for p in triad:
                    _note(ch_ev, 0, t0 + h, dur - 10, base + p, vel - 10)
        elif style == "arp":
            step = TPQ // 2
            pat = triad + [triad[0] + 12]
            for k in range(8):
                _note(ch_ev, 0, t0 + k * step, step - 10, base + pat[k % 4] + 12 * (k // 4 % 2), vel)
        else:  # strum
            for h in range(0, bar, TPQ):
                for i, p in enumerate(triad):
                    _note(ch_ev, 0, t0 + h + i * 15, TPQ - 40, base + p, vel - 5)
        if use_bass:
            root = base - 24 + triad[0]
            for h in ([0, 2 * TPQ] if rng.random() < 0.6 else [0, TPQ, 2 * TPQ, 3 * TPQ]):
                _note(bs_ev, 1, t0 + h, TPQ * 2 - 20 if h % (2 * TPQ) == 0 else TPQ - 20, root + (7 if h == 3 * TPQ else 0), vel + 5)
        if use_lead:
            t = 0
            while t < bar:
                d = int(rng.choice([TPQ // 2, TPQ, TPQ, 2 * TPQ]))
                if rng.random() < 0.75:
                    p = base + 12 + scale[int(rng.integers(0, 7))]
                    _note(ld_ev, 2, t0 + t, d - 20, p, vel - 15)
                t += d
        if use_drums:
            for beat in range(4):
                t = t0 + beat * TPQ
                if beat in (0, 2):
                    _note(dr_ev, 9, t, 60, 36, 100)
                if beat in (1, 3):
                    _note(dr_ev, 9, t, 60, 38 if rng.random() < 0.8 else 40, 90)
                _note(dr_ev, 9, t, 30, 42, 60)
                _note(dr_ev, 9, t + TPQ // 2, 30, 42 if rng.random() < 0.8 else 46, 50)
            if b % 4 == 0:
                _note(dr_ev, 9, t0, 200, 49, 80)
    tracks.append(ch_ev)
    if use_bass:
        tracks.append(bs_ev)
    if use_lead:
        tracks.append(ld_ev)
    if use_drums:
        tracks.append(dr_ev)
    desc.update(lead=use_lead, drums=use_drums, bass=use_bass)
    return tracks, bpm, desc


def render(tracks, bpm, sr=16000, gain=0.6):
    """Render MIDI tracks with fluidsynth; returns mono float32 at sr."""
    with tempfile.TemporaryDirectory() as d:
        mid = os.path.join(d, "a.mid")
        wav = os.path.join(d, "a.raw")
        write_midi(mid, tracks, bpm)
        subprocess.run(["fluidsynth", "-ni", "-q", "-g", str(gain), "-r", str(sr), "-T", "raw", "-O", "s16",
                        "-F", wav, SF2, mid], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        a = np.fromfile(wav, dtype="<i2").astype(np.float32) / 32768.0
    a = a.reshape(-1, 2).mean(axis=1) if len(a) % 2 == 0 else a
    return a


def accompaniment(rng, seconds, sr=16000, **kw):
    tracks, bpm, desc = arrangement(rng, seconds, **kw)
    a = render(tracks, bpm, sr)
    n = int(seconds * sr)
    if len(a) < n:
        a = np.concatenate([a, np.zeros(n - len(a), np.float32)])
    return a[:n], desc
