"""Microsoft Edge neural voices via ``edge-tts`` (needs the internet; gives up fast offline)."""
from __future__ import annotations

import asyncio
import io
import logging
import time

import soundfile

from vidimo.speech.base import Audio, SpeechEngine, SpeechError

log = logging.getLogger(__name__)

VOICES = ("ru-RU-SvetlanaNeural", "ru-RU-DmitryNeural")
#: Seconds to wait for the service before falling back to an offline voice.
CONNECT_TIMEOUT = 2.0
#: After a failure, the engine is skipped for this many seconds (no 2 s pause per phrase).
RETRY_AFTER = 60.0


class EdgeEngine(SpeechEngine):
    name = "edge"
    title = "Microsoft Edge (онлайн)"

    def __init__(self, voice: str = VOICES[0], rate_percent: int = 0) -> None:
        self.voice = voice
        self.rate_percent = rate_percent
        self._failed_at: float | None = None

    def available(self) -> bool:
        try:
            import edge_tts  # noqa: F401
        except ImportError:
            return False
        return self._failed_at is None or time.monotonic() - self._failed_at > RETRY_AFTER

    def synthesize(self, text: str) -> Audio:
        try:
            mp3 = asyncio.run(self._fetch(text))
        except Exception as error:  # noqa: BLE001 - aiohttp, edge-tts and timeouts all mean "offline"
            self._failed_at = time.monotonic()
            raise SpeechError(f"edge-tts: {error.__class__.__name__}: {error}") from error
        if not mp3:
            self._failed_at = time.monotonic()
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
        deadline = time.monotonic() + CONNECT_TIMEOUT
        while not task.done() and not chunks:
            if time.monotonic() > deadline:
                task.cancel()
                raise TimeoutError("no audio within the connect timeout")
            await asyncio.sleep(0.02)
        await task
        return b"".join(chunks)
