"""The fallback chain: the first engine that is available and succeeds speaks.

Order by preference: edge-tts → RHVoice → espeak-ng. The silent engine is the
last resort only when asked for (tests, ``--voice silent``), so a missing voice
is reported instead of passing unnoticed.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence

from vidimo.speech.base import Audio, SpeechEngine, SpeechError
from vidimo.speech.edge import EdgeEngine
from vidimo.speech.espeak import EspeakEngine
from vidimo.speech.rhvoice import RHVoiceEngine
from vidimo.speech.silent import SilentEngine

log = logging.getLogger(__name__)

ENGINE_NAMES = ("auto", "edge", "rhvoice", "espeak", "silent")


class NoVoiceError(SpeechError):
    """No engine in the chain could speak."""


def build_engines(preferred: str = "auto", rate_percent: int = 0) -> list[SpeechEngine]:
    """Engines to try, in order: the preferred one first, then the offline fallbacks."""
    if preferred not in ENGINE_NAMES:
        raise ValueError(f"unknown speech engine {preferred!r}; expected one of {ENGINE_NAMES}")
    if preferred == "silent":
        return [SilentEngine()]
    engines: list[SpeechEngine] = [
        EdgeEngine(rate_percent=rate_percent),
        RHVoiceEngine(rate_percent=rate_percent),
        EspeakEngine(rate_percent=rate_percent),
    ]
    if preferred != "auto":
        engines.sort(key=lambda engine: engine.name != preferred)
    return engines


class SpeechChain:
    """Tries each engine until one returns audio; remembers which one spoke last."""

    def __init__(self, engines: Sequence[SpeechEngine]) -> None:
        self.engines = list(engines)
        self.last_engine: str | None = None

    def synthesize(self, text: str) -> Audio:
        """Audio for ``text`` from the first engine that works; :class:`NoVoiceError` if none."""
        problems = []
        for engine in self.engines:
            if not engine.available():
                continue
            try:
                audio = engine.synthesize(text)
            except SpeechError as error:
                log.info("speech engine %s failed, trying the next: %s", engine.name, error)
                problems.append(f"{engine.name}: {error}")
                continue
            if audio.is_empty and engine.name != "silent":
                problems.append(f"{engine.name}: empty audio")
                continue
            self.last_engine = engine.name
            return audio
        raise NoVoiceError("; ".join(problems) or "no speech engine is installed")

    def close(self) -> None:
        """Stop every engine's background threads."""
        for engine in self.engines:
            engine.close()
