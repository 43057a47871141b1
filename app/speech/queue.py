"""One audio thread for everything the app says: earcons and speech, interruptible at once.

``say`` interrupts whatever is playing; ``stop`` silences within a few tens of
milliseconds. Long narrations are synthesized sentence by sentence, so the first
words play while the rest is still being made. Qt-free: the shell drives it.

The audio thread never dies: whatever an engine or the sound device raises is
logged, reported through ``on_error`` (a Russian sentence; once per request, not for
every sentence and earcon of a description while the sound card is gone), and the
next item plays. The transcript line of an utterance is written when its first
audio reaches the player, so the transcript holds only what was really heard.
"""
from __future__ import annotations

import logging
import queue
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from vidimo.logsetup import screen_text
from vidimo.speech.base import Audio, SpeechError
from vidimo.speech.chain import NoVoiceError, SpeechChain
from vidimo.speech.output import Player
from vidimo.speech.transcript import log_utterance

log = logging.getLogger(__name__)

_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[«\"A-ZА-ЯЁ0-9])")
#: Sentences are joined into chunks of about this many characters before synthesis.
CHUNK_CHARS = 120

#: What the user hears (through ``on_error``) when an utterance could not be spoken.
NO_VOICE_MESSAGE = "Не удалось озвучить: ни один голос не сработал. Установите RHVoice или espeak-ng."
NO_DEVICE_MESSAGE = "Не удалось озвучить: звуковое устройство недоступно."
INTERNAL_MESSAGE = "Не удалось озвучить из-за внутренней ошибки голоса; подробности в журнале."


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

    def __init__(self, chain: SpeechChain, *, volume: float = 1.0, player: Player | None = None) -> None:
        self.chain = chain
        self.volume = volume
        #: Called on the audio thread with a Russian sentence when an item could not be played.
        self.on_error: Callable[[str], None] | None = None
        self._player = player if player is not None else Player()
        self._items: queue.Queue[_Item | None] = queue.Queue()
        self._generation = 0
        self._lock = threading.Lock()
        #: (generation, message) of the last failure reported: the same one is not reported again.
        self._reported: tuple[int, str] | None = None
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

    def drain(self) -> None:
        """(Any other thread) wait until everything queued has been spoken or dropped."""
        self._items.join()

    def close(self) -> None:
        self.stop()
        self._items.put(None)
        self._thread.join(timeout=2)
        self.chain.close()

    def _stale(self, item: _Item) -> bool:
        return item.generation != self._current()

    def _run(self) -> None:
        """The audio thread: plays items in order until ``close``; survives any failure."""
        while (item := self._items.get()) is not None:
            try:
                if self._stale(item):
                    continue
                if item.audio is not None:
                    self._play(item.audio, item)
                elif item.text:
                    self._speak(item)
            except NoVoiceError as error:
                log.warning("no voice could speak: %s", error)
                self._report(NO_VOICE_MESSAGE, item.generation)
            except SpeechError as error:
                log.warning("playback failed: %s", error)
                self._report(NO_DEVICE_MESSAGE, item.generation)
            except Exception:  # noqa: BLE001 - the audio thread must outlive any engine or device bug
                log.exception("the audio thread caught an unexpected failure")
                self._report(INTERNAL_MESSAGE, item.generation)
            finally:
                self._items.task_done()

    def _report(self, message: str, generation: int) -> None:
        if self.on_error is None or self._reported == (generation, message):
            return
        self._reported = (generation, message)
        try:
            self.on_error(message)
        except Exception:  # noqa: BLE001 - a broken handler must not end the audio thread
            log.exception("the speech error handler failed")

    def _speak(self, item: _Item) -> None:
        text = item.text or ""
        logged = False

        def heard() -> None:
            nonlocal logged
            if not logged:
                logged = True
                log_utterance(text)

        log.info("speaking %s", screen_text(text))
        for part in chunks(text):
            if self._stale(item):
                return
            audio = self.chain.synthesize(part)
            if self._stale(item):
                return
            self._play(audio, item, on_start=heard)

    def _play(self, audio: Audio, item: _Item, on_start: Callable[[], None] | None = None) -> None:
        if self.volume != 1.0:
            audio = Audio(audio.samples * self.volume, audio.rate)
        if not self._stale(item):
            self._player.play(audio, blocking=True, on_start=on_start)
