"""Make espeak-ng "sing" a line, keeping every word's start and end exactly known.

Pipeline (all sample-exact maps, no black box in the timing path):
  1. espeak-ng renders the line (monotone for singing, normal prosody for speech) and
     reports WORD and PHONEME events with their sample positions.
  2. A melody plan gives every phoneme a target duration (vowels stretched to notes,
     consonants about natural) and a pitch contour (notes, glides, vibrato) in semitones.
  3. A WSOLA time-stretch (own numpy code, pitch-preserving) follows the piecewise-linear
     source->intermediate map; a variable-rate resampler then maps intermediate->output
     time, which sets the pitch contour. Both maps are known, so word times are mapped
     exactly (the WSOLA search adds at most +-tol samples of local jitter, ~7 ms).
Optional doubling/choir voices reuse the same per-phoneme plan.
"""
import numpy as np
from scipy.signal import resample_poly

from .espeak import Espeak

VOWEL_START = set("aeiouyAEIOUVY@03&W")

LANG_VOICE = {"fr": "fr", "en": "en-us", "es": "es", "de": "de", "it": "it", "pt": "pt-br"}
LANG_VOICE_ALT = {"fr": ["fr", "fr-be", "fr-ch"], "en": ["en-us", "en", "en-gb-x-rp", "en-gb-scotland"],
                  "es": ["es", "es-419"], "de": ["de"], "it": ["it"], "pt": ["pt-br", "pt"]}
VARIANTS = ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5",
            "klatt", "klatt2", "klatt3", "klatt4", "Andy", "annie", "adam", "belinda", "benjamin",
            "caleb", "david", "ed", "edward", "gustave", "Hugo", "iven", "iven2", "john", "linda",
            "max", "michel", "Mike", "norbert", "paul", "pedro", "robert", "steph", "steph2",
            "travis", "victor", "Alicia", "anika", "aunty", "boris", "Denis", "Diogo", "grandpa",
            "Henrique", "Jacky", "Lee", "marcelo", "Marco", "miguel", "antonio", "Andrea", "shelby",
            "quincy", "rob", "sandro", "vincent", "zac", "Tweaky", "UniRobot", "whisperf", "croak"]
SR = 22050


def is_vowel(ph):
    return bool(ph) and ph[0] in VOWEL_START


def is_pause(ph):
    return ph.startswith("_")


# ---------------------------------------------------------------- signal tools
def wsola(x, src_k, dst_k, win=512, tol=160):
    """Pitch-preserving time warp of x following keyframes src_k -> dst_k (samples)."""
    x = x.astype(np.float32)
    hop = win // 2
    n_out = int(dst_k[-1])
    w = np.hanning(win).astype(np.float32)
    pad = win + tol + 2
    xp = np.concatenate([np.zeros(pad, np.float32), x, np.zeros(pad + win, np.float32)])
    y = np.zeros(n_out + win, np.float32)
    ws = np.zeros(n_out + win, np.float32)
    src_k = np.asarray(src_k, np.float64)
    dst_k = np.asarray(dst_k, np.float64)
    prev = None
    lim = len(x) - 1
    for o in range(0, n_out, hop):
        ideal = int(round(np.interp(o + hop, dst_k, src_k))) - hop
        ideal = min(max(ideal, -hop), lim)
        if prev is None:
            pos = ideal
        else:
            nat = prev + hop
            if abs(nat - ideal) <= 2:
                pos = nat
            else:
                lo = ideal - tol
                seg = xp[lo + pad: ideal + tol + win + pad]
                tmpl = xp[nat + pad: nat + win + pad]
                c = np.correlate(seg, tmpl, "valid")
                pos = lo + int(np.argmax(c)) if len(c) else ideal
        y[o:o + win] += xp[pos + pad: pos + pad + win] * w
        ws[o:o + win] += w
        prev = pos
    y = y[:n_out] / np.maximum(ws[:n_out], 1e-3)
    return y


def warp_resample(y, U_samples):
    """z[n] = y(U[n]) by linear interpolation (variable-rate resampling = pitch contour)."""
    return np.interp(U_samples, np.arange(len(y)), y, left=0.0, right=0.0).astype(np.float32)


def synthetic_ir(rng, sr, rt60=None):
    rt60 = rt60 or rng.uniform(0.25, 2.2)
    n = int(sr * min(rt60, 2.5))
    t = np.arange(n) / sr
    ir = rng.standard_normal(n) * np.exp(-6.9 * t / rt60)
    # darker tail: one-pole lowpass with random coefficient
    a = rng.uniform(0.2, 0.8)
    from scipy.signal import lfilter
    ir = lfilter([1 - a], [1, -a], ir)
    pre = int(sr * rng.uniform(0.005, 0.04))
    ir = np.concatenate([np.zeros(pre), ir])
    ir[0] = 0.0
    ir /= np.sqrt(np.sum(ir ** 2)) + 1e-9
    return ir.astype(np.float32)


def reverb(x, rng, sr, wet=None):
    from scipy.signal import fftconvolve
    wet = rng.uniform(0.1, 0.6) if wet is None else wet
    ir = synthetic_ir(rng, sr)
    r = fftconvolve(x, ir)[: len(x)]
    r *= (np.std(x) + 1e-9) / (np.std(r) + 1e-9)
    return ((1 - wet) * x + wet * r).astype(np.float32)


# ---------------------------------------------------------------- planning
SCALES = {"major": [0, 2, 4, 5, 7, 9, 11], "minor": [0, 2, 3, 5, 7, 8, 10],
          "dorian": [0, 2, 3, 5, 7, 9, 10], "penta": [0, 2, 4, 7, 9]}


class Melody:
    """Key, scale, tempo, and a random walk over scale degrees."""

    def __init__(self, rng, bpm=None, scale=None, key=None):
        self.rng = rng
        self.bpm = bpm or float(rng.uniform(65, 140))
        self.scale = scale or str(rng.choice(list(SCALES)))
        self.key = int(rng.integers(0, 12)) if key is None else key
        self.deg = int(rng.integers(0, 5))

    def next_note(self):
        r = self.rng
        step = int(r.choice([-2, -1, -1, 0, 0, 1, 1, 2, 3, -3]))
        self.deg = int(np.clip(self.deg + step, -3, 9))
        sc = SCALES[self.scale]
        o, i = divmod(self.deg, len(sc))
        return 12 * o + sc[i]  # semitones relative to key root


def plan_line(phons, n_src, rng, mode, melody=None, style=None):
    """Target duration (samples, output time) for each phoneme segment + semitone curve.

    phons: [(start_sample, name)], sorted. Returns dict with seg bounds, targets and a
    function-free description of the pitch curve as (times_s, semis) breakpoints.
    """
    bounds = [p[0] for p in phons] + [n_src]
    names = [p[1] for p in phons]
    # merge zero-length segments are kept (dst equal too)
    segs = []
    for i, nm in enumerate(names):
        a, b = bounds[i], max(bounds[i + 1], bounds[i])
        segs.append((a, b, nm))
    style = style or {}
    tgt = []
    notes = []  # (t_start_s, t_end_s, semi) in output time
    if mode == "speech":
        f = style.get("tempo", 1.0)
        for a, b, nm in segs:
            tgt.append((b - a) * f)
        return segs, np.asarray(tgt), None
    melody = melody or Melody(rng)
    beat = 60.0 / melody.bpm
    cons_f = style.get("cons", float(rng.uniform(0.8, 1.2)))
    legato = style.get("legato", float(rng.uniform(0.0, 1.0)))
    t = 0.0
    i = 0
    while i < len(segs):
        a, b, nm = segs[i]
        d = (b - a) / SR
        if is_vowel(nm):
            # following consonants until next vowel or pause, to place the note grid
            j = i + 1
            cons = 0.0
            while j < len(segs) and not is_vowel(segs[j][2]) and not is_pause(segs[j][2]):
                cons += (segs[j][1] - segs[j][0]) / SR * cons_f
                j += 1
            if style.get("hold"):
                # vocalise: long held notes (1-4 beats) on every vowel
                note_len = beat * float(rng.choice([1, 2, 2, 3, 4]))
                vd = min(max(d * 1.0, note_len - cons, 0.06), max(d, 0.06) * 60)
            else:
                note_len = beat * float(rng.choice([0.5, 0.5, 1, 1, 1, 1.5, 2, 3], p=[.15, .15, .2, .15, .1, .1, .1, .05]))
                vd = max(d * 1.0, note_len - cons, 0.06)
                vd = min(vd, max(d, 0.06) * 14)
            tgt.append(vd * SR)
            notes.append((t, t + vd, melody.next_note()))
            t += vd
        elif is_pause(nm):
            pd = d * (legato * 0.3 + (1 - legato) * float(rng.uniform(0.6, 2.0)))
            tgt.append(pd * SR)
            t += pd
        else:
            cd = d * cons_f
            tgt.append(cd * SR)
            t += cd
        i += 1
    return segs, np.asarray(tgt), notes


def pitch_curve(notes, total_s, rng, vib=None, glide=None, h=0.001):
    """Semitone curve on a grid of step h covering [0, total_s]."""
    n = int(np.ceil(total_s / h)) + 2
    tt = np.arange(n) * h
    if not notes:
        return tt, np.zeros(n)
    centers = [((s + e) / 2, p) for s, e, p in notes]
    # note plateaus joined by glides: breakpoints at note start+glide and note end
    glide = glide if glide is not None else float(rng.uniform(0.03, 0.09))
    bx, by = [], []
    for s, e, p in notes:
        g = min(glide, (e - s) / 3)
        bx += [s + g, e]
        by += [p, p]
    curve = np.interp(tt, bx, by)
    vib = vib if vib is not None else dict(rate=float(rng.uniform(4.5, 6.8)), depth=float(rng.uniform(0.0, 0.7)),
                                           onset=float(rng.uniform(0.15, 0.4)))
    if vib["depth"] > 0:
        env = np.zeros(n)
        for s, e, p in notes:
            if e - s > vib["onset"] + 0.1:
                m = (tt >= s + vib["onset"]) & (tt < e)
                env[m] = np.minimum(1.0, (tt[m] - s - vib["onset"]) / 0.15)
        phase = 2 * np.pi * vib["rate"] * tt + rng.uniform(0, 6.28)
        curve = curve + vib["depth"] * env * np.sin(phase)
    # slow drift / scoop, a few cents
    curve = curve + 0.1 * np.sin(2 * np.pi * 0.3 * tt + rng.uniform(0, 6.28))
    return tt, curve


def render_plan(x, segs, tgt, tt, semis, shift=0.0, jitter=None, rng=None):
    """Apply a plan to one espeak rendering. Returns (y at SR, map source->output samples)."""
    src_k = [0.0]
    out_k = [0.0]
    for (a, b, nm), d in zip(segs, tgt):
        src_k.append(float(b))
        out_k.append(out_k[-1] + float(d))
    src_k = np.asarray(src_k)
    out_k = np.asarray(out_k)
    if jitter is not None:
        out_k = out_k + jitter
        out_k = np.maximum.accumulate(np.maximum(out_k, 0))
    if src_k[0] != 0.0 or segs[0][0] > 0:
        src_k[0] = 0.0
    n_out = int(np.ceil(out_k[-1]))
    if tt is None:
        r_out = np.full(n_out, 2.0 ** (shift / 12.0))
    else:
        r_out = 2.0 ** ((np.interp(np.arange(n_out) / SR, tt, semis) + shift) / 12.0)
    U = np.concatenate([[0.0], np.cumsum(r_out)[:-1]])  # intermediate sample read at output n
    inter_k = np.interp(out_k, np.arange(n_out), U, right=U[-1] + r_out[-1] * (out_k[-1] - (n_out - 1)))
    inter_k = np.maximum.accumulate(inter_k)
    # WSOLA needs strictly increasing dst for interp; tiny epsilon on equal keys
    inter_k = inter_k + np.arange(len(inter_k)) * 1e-6
    y_int = wsola(x, src_k, inter_k)
    z = warp_resample(y_int, U)

    def to_out(s):
        return np.interp(s, src_k, out_k)
    return z, to_out


def _word_times(text, words_ev, phons, n_src):
    """Map espeak word events onto the whitespace words of `text`: (start, end) source samples."""
    spans = []
    pos = 0
    for w in text.split(" "):
        spans.append((pos, pos + len(w)))
        pos += len(w) + 1
    starts = [None] * len(spans)
    for cp, ln, s in words_ev:
        for k, (a, b) in enumerate(spans):
            if a <= cp < b:
                if starts[k] is None:
                    starts[k] = s
                break
    if any(s is None for s in starts):
        return None
    # monotone
    for k in range(1, len(starts)):
        if starts[k] < starts[k - 1]:
            return None
    res = []
    pauses = [p for p, nm in phons if is_pause(nm)]
    for k, s in enumerate(starts):
        nxt = starts[k + 1] if k + 1 < len(starts) else n_src
        e = nxt
        for p in pauses:
            if s < p < nxt:
                e = p
                break
        # a word's first sounding phoneme may lag the event slightly: snap to the first
        # non-pause phoneme at/after s within the word
        res.append([s, max(e, s + 1)])
    return res


def render_line(text, lang, rng, mode="sing", voice=None, melody=None, rate=None, base_pitch=None,
                n_double=0, vib=None, style=None, harmony=False, alt_voices=None):
    """Render one line. Returns (audio float32 @16 kHz, [(word, start_s, end_s)], info) or None."""
    es = Espeak.get()
    if voice is None:
        voice = rng.choice(LANG_VOICE_ALT[lang]) + "+" + rng.choice(VARIANTS)
    sing = mode == "sing"
    rate = rate or int(rng.uniform(110, 175) if sing else rng.uniform(90, 200))
    base_pitch = base_pitch if base_pitch is not None else int(rng.uniform(20, 75))
    prange = int(rng.uniform(0, 8)) if sing else int(rng.uniform(20, 90))
    x, wev, ph = es.synth(text, voice, rate, base_pitch, prange)
    if len(x) < SR // 10 or not ph:
        return None
    x = x.astype(np.float32) / 32768.0
    wt = _word_times(text, wev, ph, len(x))
    segs, tgt, notes = plan_line(ph, len(x), rng, mode, melody, style)
    total = float(np.sum(tgt)) / SR
    if sing:
        tt, semis = pitch_curve(notes, total + 0.01, rng, vib=vib)
        semis = semis - np.median(semis) + float(rng.uniform(-2, 2))  # keep resampling shift moderate
        semis = np.clip(semis, -7, 8)
    else:
        tt, semis = None, None
    shift = 0.0 if sing else float(rng.uniform(-2, 2))
    y, to_out = render_plan(x, segs, tgt, tt, semis, shift=shift)
    mix = y.copy()
    # doubling / choir: other voices, same plan per phoneme index when phonemes match
    alt_voices = alt_voices or []
    for k in range(n_double):
        v2 = alt_voices[k] if k < len(alt_voices) else rng.choice(LANG_VOICE_ALT[lang]) + "+" + rng.choice(VARIANTS)
        x2, _, ph2 = es.synth(text, v2, rate, base_pitch + int(rng.uniform(-10, 10)), prange)
        if len(ph2) != len(ph) or [p[1] for p in ph2] != [p[1] for p in ph]:
            continue
        x2 = x2.astype(np.float32) / 32768.0
        segs2 = [(ph2[i][0], (ph2[i + 1][0] if i + 1 < len(ph2) else len(x2)), ph2[i][1]) for i in range(len(ph2))]
        jit = rng.normal(0, 0.012 * SR, size=len(segs2) + 1)
        jit[0] = abs(jit[0])
        interval = float(rng.choice([0, 0, 0, 12, -12, 3, 4, 7, -5])) if harmony else 0.0
        detune = float(rng.normal(0, 0.12))
        s2 = None if semis is None else semis + interval + detune
        y2, _ = render_plan(x2, segs2, tgt, tt, s2 if s2 is not None else None,
                            shift=(shift + detune) if s2 is None else 0.0, jitter=jit)
        n = min(len(mix), len(y2))
        mix[:n] += y2[:n] * float(rng.uniform(0.4, 0.9))
    words = None
    if wt is not None:
        ws = text.split(" ")
        words = [(w, float(to_out(a)) / SR, float(to_out(b)) / SR) for w, (a, b) in zip(ws, wt)]
    out = resample_poly(mix, 320, 441).astype(np.float32)
    peak = np.max(np.abs(out)) + 1e-9
    out = out / peak * 0.9
    return out, words, dict(voice=voice, rate=rate, pitch=base_pitch, mode=mode)
