"""Minimal UltraStar note-file reader for the Python data builders and evaluate.py.

Times: t = GAP/1000 + beat * 60 / (BPM * 4), BPM may use a decimal comma; #RELATIVE files count
beats from each line break. A word starts at a syllable with a leading space (or the line's first
syllable); '~' syllables continue the previous word (melisma). Returns lines of words, each word
(text, start_s, end_s), plus the merged note spans for voice-activity labels.
"""
from dataclasses import dataclass, field


@dataclass
class Song:
    title: str
    audio: str
    lines: list = field(default_factory=list)  # [[(word, start_s, end_s), ...], ...]
    notes: list = field(default_factory=list)  # [(start_s, end_s), ...] every note


def _num(s):
    return float(s.strip().replace(",", "."))


def read(path):
    with open(path, encoding="utf-8-sig") as f:
        rows = f.read().splitlines()
    head = {}
    body = []
    for r in rows:
        if r.startswith("#") and not body:
            k, _, v = r[1:].partition(":")
            head[k.strip().upper()] = v.strip()
        elif r.strip():
            body.append(r)
    bpm = _num(head["BPM"])
    gap = _num(head.get("GAP", "0")) / 1000.0
    relative = head.get("RELATIVE", "").lower() in ("yes", "true", "1")
    beat_s = 60.0 / (bpm * 4)
    song = Song(head.get("TITLE", ""), head.get("MP3", "audio.mp3"))
    line, base = [], 0
    for r in body:
        kind = r[0]
        if kind == "E":
            break
        if kind == "-":
            if line:
                song.lines.append(line)
            line = []
            if relative:
                parts = r[1:].split()
                base += int(parts[-1]) if len(parts) > 1 else int(parts[0])
            continue
        if kind not in ":*FRG":
            continue
        parts = r[1:].lstrip().split(" ", 3)
        if len(parts) < 4:
            continue
        start, length = int(parts[0]) + base, int(parts[1])
        syl = parts[3]
        t0 = gap + start * beat_s
        t1 = gap + (start + length) * beat_s
        song.notes.append((t0, t1))
        text = syl.strip()
        if text.startswith("~"):
            text = text[1:].strip()
            if line:
                w, s, _ = line[-1]
                line[-1] = (w + text, s, t1)
                continue
        if syl.startswith(" ") or not line:
            line.append((text, t0, t1))
        else:
            w, s, _ = line[-1]
            line[-1] = (w + text, s, t1)
    if line:
        song.lines.append(line)
    for ln in song.lines:
        ln[:] = [w for w in ln if any(c.isalnum() for c in w[0])]
    song.lines = [ln for ln in song.lines if ln]
    return song


def voiced_spans(song, join_gap_s=0.15):
    """Note spans merged when closer than join_gap_s."""
    out = []
    for s, e in sorted(song.notes):
        if out and s - out[-1][1] < join_gap_s:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
