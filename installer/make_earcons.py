"""Writes the app's earcons to ``resources/sounds/``: short, soft tones made from sine waves.

Run ``python installer/make_earcons.py`` after changing a sound; the WAVs are committed.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile

RATE = 22050
OUT = Path(__file__).resolve().parent.parent / "resources" / "sounds"


def tone(freq: float, ms: int, volume: float = 0.35) -> np.ndarray:
    """A sine tone with 8 ms fades, so it never clicks."""
    t = np.arange(int(RATE * ms / 1000)) / RATE
    wave = np.sin(2 * np.pi * freq * t) * volume
    fade = min(len(t) // 2, int(RATE * 0.008))
    envelope = np.ones_like(wave)
    envelope[:fade] = np.linspace(0, 1, fade)
    envelope[-fade:] = np.linspace(1, 0, fade)
    return (wave * envelope).astype(np.float32)


def silence(ms: int) -> np.ndarray:
    return np.zeros(int(RATE * ms / 1000), dtype=np.float32)


EARCONS = {
    "captured": lambda: np.concatenate([tone(1320, 35), silence(25), tone(1320, 35)]),
    "working": lambda: tone(620, 60, volume=0.2),
    "done": lambda: np.concatenate([tone(660, 70), tone(880, 110)]),
    "error": lambda: np.concatenate([tone(440, 120), tone(330, 220)]),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make in EARCONS.items():
        soundfile.write(OUT / f"{name}.wav", make(), RATE, subtype="PCM_16")


if __name__ == "__main__":
    main()
