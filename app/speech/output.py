"""Where audio goes: the sound card (interruptible) or a WAV file (never left empty)."""
from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from vidimo.speech.base import Audio, SpeechError

log = logging.getLogger(__name__)


def write_wav(audio: Audio, path: str | Path) -> Path:
    """Write ``audio`` to ``path`` atomically; empty audio is an error and leaves no file."""
    import soundfile

    path = Path(path)
    if audio.is_empty:
        raise SpeechError("no audio to write")
    handle, temporary = tempfile.mkstemp(suffix=".wav", dir=path.parent if path.parent.exists() else None)
    os.close(handle)
    try:
        soundfile.write(temporary, audio.samples, audio.rate, subtype="PCM_16")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


class Player:
    """Plays audio on the default output device; ``stop()`` silences it at once.

    Each utterance gets its own output stream whose callback checks the stop flag
    every block, and ``stop`` aborts the stream (no draining of buffered audio).
    ``play`` may run on any one thread; ``stop`` may be called from any other.
    """

    def __init__(self) -> None:
        self._stopped = threading.Event()

    def play(self, audio: Audio, *, blocking: bool = True, on_start: Callable[[], None] | None = None) -> None:
        """Play ``audio``; with ``blocking`` return when it ends or ``stop()`` is called.

        ``on_start`` is called once the sound device has accepted the audio (its stream
        started); empty audio (the silent voice) counts as played at once.
        """
        if audio.is_empty:
            if on_start is not None:
                on_start()
            return
        try:
            import sounddevice
        except OSError as error:  # PortAudio missing
            raise SpeechError(f"no audio output: {error}") from error
        self._stopped.clear()
        samples = audio.samples.reshape(-1, 1)
        position = 0
        finished = threading.Event()

        def feed(outdata, frames, _time, _status) -> None:  # noqa: ANN001 - PortAudio callback
            nonlocal position
            if self._stopped.is_set():
                outdata.fill(0)
                raise sounddevice.CallbackAbort
            chunk = samples[position:position + frames]
            outdata[: len(chunk)] = chunk
            outdata[len(chunk):] = 0
            position += frames
            if position >= len(samples):
                raise sounddevice.CallbackStop

        try:
            stream = sounddevice.OutputStream(samplerate=audio.rate, channels=1, dtype="float32", latency="low",
                                              callback=feed, finished_callback=finished.set)
            stream.start()
        except sounddevice.PortAudioError as error:
            raise SpeechError(f"no audio output: {error}") from error
        if on_start is not None:
            on_start()
        if not blocking:
            threading.Thread(target=self._close_when_done, args=(stream, finished), daemon=True).start()
            return
        self._close_when_done(stream, finished)

    def _close_when_done(self, stream, finished: threading.Event) -> None:  # noqa: ANN001
        while not finished.wait(0.01):
            if self._stopped.is_set():
                stream.abort(ignore_errors=True)
                break
        stream.close(ignore_errors=True)

    def stop(self) -> None:
        """Silence playback now (the playing stream is aborted within about 10 ms)."""
        self._stopped.set()
