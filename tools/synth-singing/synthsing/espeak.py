"""Thin ctypes binding to libespeak-ng (synchronous mode, synth callback, events).

It returns the waveform and the exact sample positions of every WORD and PHONEME
event, counted from the samples the callback delivered, so timings are exact in
samples at the engine's native rate (22050 Hz).
"""
import ctypes
import ctypes.util
import numpy as np

EV_LIST_TERMINATED = 0
EV_WORD = 1
EV_SENTENCE = 2
EV_END = 5
EV_MSG_TERMINATED = 6
EV_PHONEME = 7

P_RATE, P_VOLUME, P_PITCH, P_RANGE, P_PUNCT, P_CAPS, P_WORDGAP = 1, 2, 3, 4, 5, 6, 7


class _IdUnion(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", _IdUnion),
    ]


_CB = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(Event))


class Espeak:
    """One engine per process (libespeak-ng keeps global state)."""

    _inst = None

    @classmethod
    def get(cls):
        if cls._inst is None:
            cls._inst = cls()
        return cls._inst

    def __init__(self):
        name = ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1"
        lib = ctypes.CDLL(name)
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetSynthCallback.argtypes = [_CB]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                     ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        # AUDIO_OUTPUT_SYNCHRONOUS=2, options: phoneme events (1) | don't exit on error (0x8000)
        self.sr = lib.espeak_Initialize(2, 200, None, 0x0001 | 0x8000)
        if self.sr <= 0:
            raise RuntimeError("espeak_Initialize failed")
        self.lib = lib
        self._chunks = []
        self._events = []
        self._count = 0
        self._cb = _CB(self._callback)  # keep a reference
        lib.espeak_SetSynthCallback(self._cb)

    def _callback(self, wav, n, events):
        base = self._count
        i = 0
        while True:
            e = events[i]
            if e.type == EV_LIST_TERMINATED:
                break
            if e.type in (EV_WORD, EV_PHONEME, EV_SENTENCE, EV_END, EV_MSG_TERMINATED):
                ph = b""
                if e.type == EV_PHONEME:
                    ph = bytes(e.id.string).split(b"\0")[0]
                # audio_position is in ms from the start of the message; 'sample' is not
                # reliably filled, so we keep both and use the ms value at the native rate.
                self._events.append((e.type, e.text_position, e.length, e.audio_position, ph.decode("utf-8", "replace")))
            i += 1
        if n > 0 and wav:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(n,)).copy())
            self._count += n
        return 0

    def synth(self, text, voice="en", rate=160, pitch=50, prange=50, wordgap=0):
        """Returns (samples int16 at self.sr, words, phonemes).

        words: list of (char_start, char_len, start_sample) in text order (char positions
        are 0-based offsets into `text` as Python str indices).
        phonemes: list of (start_sample, mnemonic).
        """
        lib = self.lib
        if lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise ValueError("unknown espeak voice %r" % voice)
        lib.espeak_SetParameter(P_RATE, int(rate), 0)
        lib.espeak_SetParameter(P_PITCH, int(pitch), 0)
        lib.espeak_SetParameter(P_RANGE, int(prange), 0)
        lib.espeak_SetParameter(P_WORDGAP, int(wordgap), 0)
        lib.espeak_SetParameter(P_PUNCT, 0, 0)
        self._chunks, self._events, self._count = [], [], 0
        data = text.encode("utf-8") + b"\0"
        buf = ctypes.create_string_buffer(data)
        r = lib.espeak_Synth(buf, len(data), 0, 1, 0, 1, None, None)  # POS_CHARACTER, espeakCHARS_UTF8
        if r != 0:
            raise RuntimeError("espeak_Synth failed: %d" % r)
        audio = np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.int16)
        # espeak text_position counts characters (1-based) of the UTF-8 decoded text.
        words, phons = [], []
        for typ, tp, ln, ms, ph in self._events:
            s = int(round(ms * self.sr / 1000.0))
            if typ == EV_WORD:
                words.append((tp - 1, ln, s))
            elif typ == EV_PHONEME:
                phons.append((s, ph))
        return audio, words, phons
