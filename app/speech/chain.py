"""The fallback chain: the first engine that is available and succeeds speaks.

«auto» (the default) is offline only: RHVoice → espeak-ng. Microsoft Edge's online
voice sends the text to Microsoft, so it is used only when chosen by name («edge»),
and then the offline voices are its fallbacks. The silent engine is the last resort
only when asked for (tests, ``--voice silent``), so a missing voice is reported
instead of passing unnoticed.
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
#: Engines that never send text off the computer, in order of preference.
OFFLINE_ORDER = ("rhvoice", "espeak")
AUTO_TITLE = "Автоматически (RHVoice, затем eSpeak NG; без интернета)"


class NoVoiceError(SpeechError):
    """No engine in the chain could speak."""


def engine_titles() -> dict[str, str]:
    """Russian titles of the choices in :data:`ENGINE_NAMES`, for the settings window.

    The online engine's title says that the description text goes to Microsoft.
    """
    titles = {engine.name: engine.title for engine in (EdgeEngine, RHVoiceEngine, EspeakEngine, SilentEngine)}
    return {name: AUTO_TITLE if name == "auto" else titles[name] for name in ENGINE_NAMES}


def build_engines(preferred: str = "auto", rate_percent: int = 0) -> list[SpeechEngine]:
    """Engines to try, in order: the preferred one first, then the offline fallbacks.

    Only ``preferred == "edge"`` puts the online engine in the chain.
    """
    if preferred not in ENGINE_NAMES:
        raise ValueError(f"unknown speech engine {preferred!r}; expected one of {ENGINE_NAMES}")
    if preferred == "silent":
        return [SilentEngine()]
    engines: list[SpeechEngine] = [RHVoiceEngine(rate_percent=rate_percent), EspeakEngine(rate_percent=rate_percent)]
    if preferred == "edge":
        engines.insert(0, EdgeEngine(rate_percent=rate_percent))
    elif preferred != "auto":
        engines.sort(key=lambda engine: engine.name != preferred)
    return engines


class SpeechChain:
    """Tries each engine until one returns audio; remembers which one spoke last."""

    def __init__(self, engines: Sequence[SpeechEngine]) -> None:
        self.engines = list(engines)
        self.last_engine: str | None = None

    def synthesize(self, text: str) -> Audio:
        """Audio for ``text`` from the first engine that works; :class:`NoVoiceError` if none.

        Any exception from an engine (not only :class:`SpeechError`) moves on to the next one.
        """
        problems = []
        for engine in self.engines:
            try:
                if not engine.available():
                    continue
                audio = engine.synthesize(text)
            except SpeechError as error:
                log.info("speech engine %s failed, trying the next: %s", engine.name, error)
                problems.append(f"{engine.name}: {error}")
                continue
            except Exception as error:  # noqa: BLE001 - a buggy engine must not silence the others
                log.warning("speech engine %s crashed, trying the next", engine.name, exc_info=True)
                problems.append(f"{engine.name}: {error.__class__.__name__}: {error}")
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
            try:
                engine.close()
            except Exception:  # noqa: BLE001 - closing one engine must not keep the others open
                log.warning("speech engine %s failed to close", engine.name, exc_info=True)
