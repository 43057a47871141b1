"""One audio thread for everything the app says: earcons and speech, interruptible at once.

``say`` interrupts whatever is playing; ``stop`` silences within a few tens of
milliseconds. Long narrations are synthesized sentence by sentence, so the first
words play while the rest is still being made. Qt-free: the shell drives it.
"""
from __future__ import annotations

import logging
import queue
import re
import threading
from dataclasses import dataclass

from vidimo.speech.base import Audio, SpeechError
from vidimo.speech.chain import SpeechChain
from vidimo.speech.output import Player
from vidimo.speech.transcript import log_utterance

log = logging.getLogger(__name__)

_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[«\"A-ZА-ЯЁ0-9])")
#: Sentences are joined into chunks of about this many characters before synthesis.
CHUNK_CHARS = 120


def chunks(text: str) -> list[str]:
    """Sentence groups of about :data:`CHUNK_CHARS` characters, in order."""
    parts: list[str] = []
    for sentence in _SENTENCE.split(text.strip()):
        if parts and len(parts[-1]) + len(sentence) < CHUNK_CHARS:
            parts[-1] = f"{parts[-1]} {sentence}"
        else:
            parts.append(sentence)
    return [p for p in parts if p.strip()]


@dataclass(frozen=True)
class _Item:
    generation: int
    text: str | None = None
    audio: Audio | None = None


class AudioQueue:
    """Owns the sound device; methods may be called from any thread."""

    def __init__(self, chain: SpeechChain, *, volume: float = 1.0) -> None:
        self.chain = chain
        self.volume = volume
        self.on_error = None  # callable(str) for a Russian message, set by the shell
        self._player = Player()
        self._items: queue.Queue[_Item | None] = queue.Queue()
        self._generation = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="vidimo-audio", daemon=True)
        self._thread.start()

    def _next_generation(self) -> int:
        with self._lock:
            self._generation += 1
            return self._generation

    def _current(self) -> int:
        with self._lock:
            return self._generation

    def say(self, text: str, *, interrupt: bool = True) -> None:
        """Speak ``text``; by default everything queued or playing stops first."""
        generation = self._next_generation() if interrupt else self._current()
        if interrupt:
            self._player.stop()
        self._items.put(_Item(generation, text=text))

    def play(self, audio: Audio, *, interrupt: bool = False) -> None:
        """Play a short sound (an earcon) after what is queued, or at once with ``interrupt``."""
        generation = self._next_generation() if interrupt else self._current()
        if interrupt:
            self._player.stop()
        self._items.put(_Item(generation, audio=audio))

    def stop(self) -> None:
        """Silence now and forget everything queued."""
        self._next_generation()
        self._player.stop()

    def close(self) -> None:
        self.stop()
        self._items.put(None)
        self._thread.join(timeout=2)
        self.chain.close()

    def _stale(self, item: _Item) -> bool:
        return item.generation != self._current()

    def _run(self) -> None:
        while (item := self._items.get()) is not None:
            if self._stale(item):
                continue
            try:
                if item.audio is not None:
                    self._play(item.audio, item)
                elif item.text:
                    self._speak(item)
            except SpeechError as error:
                log.warning("speech failed: %s", error)
                if self.on_error:
                    self.on_error("Не удалось озвучить: нет работающего голоса или звукового устройства.")

    def _speak(self, item: _Item) -> None:
        log_utterance(item.text or "")
        for part in chunks(item.text or ""):
            if self._stale(item):
                return
            audio = self.chain.synthesize(part)
            if self._stale(item):
                return
            self._play(audio, item)

    def _play(self, audio: Audio, item: _Item) -> None:
        if self.volume != 1.0:
            audio = Audio(audio.samples * self.volume, audio.rate)
        if not self._stale(item):
            self._player.play(audio, blocking=True)
