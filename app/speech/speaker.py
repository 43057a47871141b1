"""Speaking one text: synthesis through the chain, then playback (with its transcript line) or a file."""
from __future__ import annotations

from pathlib import Path

from vidimo.speech.base import Audio
from vidimo.speech.chain import SpeechChain, build_engines
from vidimo.speech.output import Player, write_wav
from vidimo.speech.transcript import log_utterance


class Speaker:
    """``Speaker().say(text)`` speaks aloud; ``Speaker().save(text, path)`` writes a WAV."""

    def __init__(self, engine: str = "auto", rate_percent: int = 0) -> None:
        self.chain = SpeechChain(build_engines(engine, rate_percent))
        self.player = Player()

    @property
    def last_engine(self) -> str | None:
        return self.chain.last_engine

    def synthesize(self, text: str) -> Audio:
        return self.chain.synthesize(text)

    def say(self, text: str, *, blocking: bool = True) -> Audio:
        """Synthesize ``text`` and play it; the transcript gets it once the sound device has the audio."""
        audio = self.chain.synthesize(text)
        self.player.play(audio, blocking=blocking, on_start=lambda: log_utterance(text))
        return audio

    def save(self, text: str, path: str | Path) -> Audio:
        """Synthesize ``text`` into a WAV file (no file is left when synthesis fails)."""
        audio = self.chain.synthesize(text)
        write_wav(audio, path)
        return audio

    def stop(self) -> None:
        self.player.stop()

    def close(self) -> None:
        self.player.stop()
        self.chain.close()
