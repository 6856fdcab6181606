"""Audio decoding shared by the dev-set and training-data builders (ffmpeg, 16 kHz mono float32)."""
import subprocess
import wave

import numpy as np

SR = 16000


def decode(path, sr=SR):
    """Decodes any file ffmpeg reads to mono float32 in [-1, 1] at sr Hz."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-i", path, "-ac", "1", "-ar", str(sr),
                          "-f", "s16le", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.int16).astype(np.float32) / 32768.0


def write_wav(path, x, sr=SR):
    """Writes mono 16-bit PCM; peaks above full scale are clipped."""
    pcm = (np.clip(x, -1.0, 1.0) * 32767.0).astype(np.int16)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(pcm.tobytes())
