"""Where audio goes: the sound card (interruptible) or a WAV file (never left empty)."""
from __future__ import annotations

import logging
import os
import tempfile
import threading
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

    ``play`` may run on any one thread; ``stop`` may be called from any other.
    """

    def __init__(self) -> None:
        self._stopped = threading.Event()

    def play(self, audio: Audio, *, blocking: bool = True) -> None:
        """Start playback; with ``blocking`` wait until it ends or ``stop()`` is called."""
        if audio.is_empty:
            return
        try:
            import sounddevice
        except OSError as error:  # PortAudio missing
            raise SpeechError(f"no audio output: {error}") from error
        self._stopped.clear()
        try:
            sounddevice.play(audio.samples, audio.rate)
        except sounddevice.PortAudioError as error:
            raise SpeechError(f"no audio output: {error}") from error
        if not blocking:
            return
        # Wait in short slices so that stop() from another thread takes effect quickly.
        stream = sounddevice.get_stream()
        while stream.active and not self._stopped.wait(0.02):
            pass

    def stop(self) -> None:
        """Silence playback now."""
        self._stopped.set()
        try:
            import sounddevice

            sounddevice.stop()
        except (OSError, RuntimeError) as error:
            log.debug("stop: %s", error)
