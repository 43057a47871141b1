"""The interface every speech engine has, and the audio it returns."""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

import numpy as np


class SpeechError(Exception):
    """An engine could not speak this text (offline, not installed, crashed)."""


@dataclass(frozen=True)
class Audio:
    """Mono float32 samples in [-1, 1] at ``rate`` Hz."""

    samples: np.ndarray
    rate: int

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return len(self.samples) / self.rate if self.rate else 0.0

    @property
    def is_empty(self) -> bool:
        return len(self.samples) == 0

    @classmethod
    def from_array(cls, data: np.ndarray, rate: int) -> "Audio":
        """Mono float32 from whatever a decoder gave (int16, stereo, float64)."""
        data = np.asarray(data)
        if data.dtype == np.int16:
            data = data.astype(np.float32) / 32768.0
        if data.ndim == 2:
            data = data.mean(axis=1)
        return cls(np.ascontiguousarray(data, dtype=np.float32), int(rate))


class SpeechEngine(ABC):
    """A synthesizer: ``available()`` says whether it can work here, ``synthesize`` speaks."""

    #: Short name for settings and logs ("edge", "rhvoice", "espeak", "silent").
    name: ClassVar[str]
    #: Russian name for the settings window and messages.
    title: ClassVar[str]

    @abstractmethod
    def available(self) -> bool:
        """Cheap check: installed and configured (not a network round trip)."""

    @abstractmethod
    def synthesize(self, text: str) -> Audio:
        """Audio for ``text``; raises :class:`SpeechError` when it cannot."""

    def close(self) -> None:
        """Release threads or processes the engine started (no-op by default)."""
