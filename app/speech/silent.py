"""The silent engine: speaks nothing. For tests and machines with no voice installed."""
from __future__ import annotations

import numpy as np

from vidimo.speech.base import Audio, SpeechEngine

RATE = 16000


class SilentEngine(SpeechEngine):
    name = "silent"
    title = "Без голоса"

    def available(self) -> bool:
        return True

    def synthesize(self, text: str) -> Audio:
        return Audio(np.zeros(0, dtype=np.float32), RATE)
