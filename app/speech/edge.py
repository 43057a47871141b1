"""Microsoft Edge neural voices via ``edge-tts``: online, so the text goes to Microsoft.

Used only when the user chooses it by name. It gives up when no audio has come within
:data:`CONNECT_TIMEOUT` seconds and is then skipped for :data:`RETRY_AFTER` seconds.
"""
from __future__ import annotations

import asyncio
import io
import logging
import time
from collections.abc import Callable

import soundfile

from vidimo.speech.base import Audio, SpeechEngine, SpeechError

log = logging.getLogger(__name__)

VOICES = ("ru-RU-SvetlanaNeural", "ru-RU-DmitryNeural")
#: Seconds to wait for the first audio before falling back to an offline voice.
CONNECT_TIMEOUT = 2.0
#: After a failure, the engine is skipped for this many seconds (no 2 s pause per phrase).
RETRY_AFTER = 60.0
#: How often the wait for the first audio looks at the clock, in seconds.
POLL_INTERVAL = 0.02


class EdgeEngine(SpeechEngine):
    name = "edge"
    title = "Microsoft Edge (онлайн: текст описания уходит в Microsoft)"

    def __init__(self, voice: str = VOICES[0], rate_percent: int = 0, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """``clock`` gives seconds (monotonic); tests pass a controlled one."""
        self.voice = voice
        self.rate_percent = rate_percent
        self.clock = clock
        self._failed_at: float | None = None

    def available(self) -> bool:
        try:
            import edge_tts  # noqa: F401
        except ImportError:
            return False
        return self._failed_at is None or self.clock() - self._failed_at > RETRY_AFTER

    def synthesize(self, text: str) -> Audio:
        try:
            mp3 = asyncio.run(self._fetch(text))
        except Exception as error:  # noqa: BLE001 - aiohttp, edge-tts and timeouts all mean "offline"
            self._failed_at = self.clock()
            raise SpeechError(f"edge-tts: {error.__class__.__name__}: {error}") from error
        if not mp3:
            self._failed_at = self.clock()
            raise SpeechError("edge-tts returned no audio")
        self._failed_at = None
        data, rate = soundfile.read(io.BytesIO(mp3), dtype="float32")
        return Audio.from_array(data, rate)

    async def _fetch(self, text: str) -> bytes:
        import edge_tts

        communicate = edge_tts.Communicate(
            text, self.voice, rate=f"{self.rate_percent:+d}%",
            connect_timeout=int(CONNECT_TIMEOUT), receive_timeout=20,
        )
        chunks: list[bytes] = []

        async def collect() -> None:
            async for chunk in communicate.stream():
                if chunk["type"] == "audio":
                    chunks.append(chunk["data"])

        task = asyncio.ensure_future(collect())
        # The first audio must arrive within the connect timeout; the rest may take longer.
        deadline = self.clock() + CONNECT_TIMEOUT
        try:
            while not task.done() and not chunks:
                if self.clock() > deadline:
                    raise TimeoutError(f"no audio within {CONNECT_TIMEOUT:g} s")
                await asyncio.sleep(POLL_INTERVAL)
            await task
        finally:
            if not task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        return b"".join(chunks)
